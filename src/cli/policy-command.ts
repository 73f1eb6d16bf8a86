/** `sa-token-hardener policy`: prints an admission policy for the options alone (SPEC §3.1); reads no input. */
import { parseArgs } from 'node:util';
import {
  escapeForTerminal as safe,
  LATEST_KUBERNETES_VERSION,
  parseKubernetesVersion,
  POLICY_KINDS,
  type PolicyKind,
  policyManifest,
} from '../core/index';
import type { CliIo } from './io';
import { OPTION_ARGUMENTS, type ParsedValues, resolveFlagOptions } from './option-flags';

const EXIT = { ok: 0, error: 2 } as const;

const ARGUMENTS = {
  kind: { type: 'string' },
  'kubernetes-version': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  // The hardening options' flags (and `--config`), so one set of flags serves both commands.
  ...OPTION_ARGUMENTS,
} as const;

const IGNORED = ['service-account', 'emit-service-account', 'skip-service-accounts'] as const;

export const POLICY_HELP_TEXT = `Usage: sa-token-hardener policy [--kind KIND] [--kubernetes-version X.Y] [options]

Prints a ready-to-apply admission policy and its binding that enforce the hardening chosen
by the options (no input is read). Apply it with: sa-token-hardener policy | kubectl apply -f -

  --kind KIND                 validating (default): ValidatingAdmissionPolicy, Kubernetes 1.30+;
                              mutating: MutatingAdmissionPolicy, Kubernetes 1.34+ (v1beta1 with
                              the feature gate in 1.34-1.35, v1 from 1.36), for Pods;
                              kyverno: Kyverno ValidatingPolicy and MutatingPolicy, Kyverno 1.18+
  --kubernetes-version X.Y    the cluster's version, which picks the mutating policy's API
                              version; default: ${LATEST_KUBERNETES_VERSION.major}.${LATEST_KUBERNETES_VERSION.minor}
  --expiration SECONDS        longest token lifetime admitted; default: 3607
  --mount-path PATH           the token path; default: /var/run/secrets/kubernetes.io/serviceaccount
  --default-mode MODE         widest token file mode admitted, octal; default: 0444
  --audience AUD              the token audience required; default: the API server's own
  --volume-name NAME          the volume the mutating policy adds; default: serviceaccount-token
  --containers A,B            only these containers may mount a token (the mutation mounts it there)
  --api-access mount|none     none: workloads get no token at all (--no-token is the same); auto
                              is mount here: a policy judges a pod spec alone, never its evidence
  --config FILE               the options of a HardeningConfig file (flags override it)
  -h, --help                  show this help
--service-account, --emit-service-account, --skip-service-accounts and --workload are accepted
and have no effect here.

A policy sees the object alone, never its ServiceAccount: pods must set
automountServiceAccountToken: false themselves.
`;

/** Runs `sa-token-hardener policy ARGS`; returns the exit status. */
export function runPolicyCommand(argv: readonly string[], io: CliIo): number {
  let values: ParsedValues;
  try {
    ({ values } = parseArgs({ args: [...argv], options: ARGUMENTS, allowPositionals: false, strict: true }));
  } catch (error) {
    io.stderr(
      `sa-token-hardener policy: error: ${(error as Error).message.replace(/\. To specify.*$/s, '')}\nTry 'sa-token-hardener policy --help'.\n`,
    );
    return EXIT.error;
  }
  if (values['help'] === true) {
    io.stdout(POLICY_HELP_TEXT);
    return EXIT.ok;
  }
  const kind = (typeof values['kind'] === 'string' ? values['kind'] : 'validating') as PolicyKind;
  if (!POLICY_KINDS.includes(kind)) {
    io.stderr(`sa-token-hardener policy: error: --kind: "${safe(kind)}" is not one of ${POLICY_KINDS.join(', ')}\n`);
    return EXIT.error;
  }
  const rawVersion = typeof values['kubernetes-version'] === 'string' ? values['kubernetes-version'] : undefined;
  const version = rawVersion === undefined ? LATEST_KUBERNETES_VERSION : parseKubernetesVersion(rawVersion);
  if (version === undefined) {
    io.stderr(`sa-token-hardener policy: error: --kubernetes-version: "${safe(rawVersion ?? '')}" is not a version such as 1.34\n`);
    return EXIT.error;
  }
  const resolved = resolveFlagOptions(values, io, 'sa-token-hardener policy');
  if (resolved === undefined) return EXIT.error;
  const { options } = resolved;
  for (const flag of IGNORED) {
    if (values[flag] !== undefined)
      io.stderr(`sa-token-hardener policy: note: --${flag} does not change the policy, which judges workloads, not ServiceAccounts\n`);
  }
  if (values['workload'] !== undefined)
    io.stderr(
      'sa-token-hardener policy: note: --workload does not change the policy, which judges each pod spec alone, by kind and not by name\n',
    );
  const result = policyManifest(kind, options, version);
  for (const problem of result.problems) io.stderr(`sa-token-hardener policy: error: ${problem.message}\n`);
  if (result.problems.length > 0) return EXIT.error;
  io.stdout(result.text);
  return EXIT.ok;
}
