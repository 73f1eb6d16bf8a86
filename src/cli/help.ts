export const HELP_TEXT = `Usage: sa-token-hardener [options] [FILE ...]

Hardens Kubernetes manifests: sets automountServiceAccountToken: false and mounts the
ServiceAccount token by hand, read-only, through a projected volume with a bounded
lifetime. Reads standard input when no FILE is given or FILE is "-"; writes to standard
output. YAML (one or many documents, kind: List) and JSON are accepted.

Hardening options:
      --service-account NAME  set serviceAccountName (DNS-1123 subdomain); default: keep the pod's own
      --expiration SECONDS    token lifetime, 600 to 4294967296; default: 3607
      --mount-path PATH       where the token is mounted (absolute, no ".." segment);
                              default: /var/run/secrets/kubernetes.io/serviceaccount
      --default-mode MODE     file mode of the token files, octal 0000-0777 (0444, 444 or 0o444);
                              default: 0444
      --audience AUD          audience of the token; default: the API server's own
      --volume-name NAME      name of the projected volume (DNS-1123 label);
                              default: serviceaccount-token
      --containers A,B        containers that get the mount; default: all (init containers too)
      --emit-service-account  add a ServiceAccount (automount off) for names pods use but the
                              input does not define
      --skip-service-accounts leave ServiceAccount documents unchanged (reported instead)

Output:
  -f, --format FORMAT         manifest (default), diff, changes, json-patch or kustomize
      --json                  with --format changes: machine-readable JSON
      --check                 change nothing; list objects that are not hardened and exit 1
  -q, --quiet                 no warnings on standard error
  -h, --help                  show this help
  -V, --version               show the version

Exit status: 0 done (or all hardened with --check); 1 --check found objects to harden;
2 bad input or bad options. Errors are printed as FILE:LINE:COL: error: MESSAGE.
`;
