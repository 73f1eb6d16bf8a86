/**
 * `--check` as a SARIF 2.1.0 log for code scanning (GitHub, Azure DevOps, IDE viewers): one rule
 * per problem `--check` reports and per warning the transform gives, one result per object and
 * rule. GitHub's upload keeps a result's rule, file, line and column, and shows the rule's help
 * beside it, so the help says how to fix, and `helpUri` points at the README's table of rules.
 */
import type { CheckProblemCode } from '../harden/check';
import type { Finding, FindingCode, HardenResult, SourcePosition } from '../result';
import { escapeForTerminal } from '../source-text';

/** One checked file: where it is (relative to the working directory when it lies below it) and what `harden` made of it. */
export type ReportFile = { readonly path: string; readonly result: HardenResult };

/** The tool as SARIF names it. */
export type ReportTool = { readonly name: string; readonly version: string };

/** The README as the package registry shows it; rule anchors (`#rule-automount-on`) sit in its Integrations section. */
export const README_URL = 'https://www.npmjs.com/package/sa-token-hardener';

/** What a rule says: a short description (its title) and how to fix it (its help). */
type RuleText = { readonly title: string; readonly help: string };

/** The problems of SPEC §2.5, each a rule whose results are errors. */
export const CHECK_RULES: Readonly<Record<CheckProblemCode, RuleText>> = {
  'automount-on': {
    title: 'The API server mounts a ServiceAccount token on its own',
    help: 'Set automountServiceAccountToken: false on the pod spec, and mount the token by hand (read-only, projected, with a bounded lifetime) only where the workload calls the API.',
  },
  'token-not-read-only': {
    title: 'The token path is mounted without readOnly: true',
    help: 'Add readOnly: true to the volume mount at the token path, so the container cannot replace the token the kubelet refreshes.',
  },
  'token-not-projected': {
    title: 'Something other than a projected volume is mounted at the token path',
    help: 'Mount a projected volume with a serviceAccountToken source at the token path.',
  },
  'token-volume-missing': {
    title: 'The token path mounts a volume the pod does not define',
    help: 'Define the volume the mount names (a projected volume with a serviceAccountToken source), or remove the mount.',
  },
  'expiration-over-bound': {
    title: 'The token lives longer than the chosen bound',
    help: 'Set expirationSeconds of the serviceAccountToken source to a whole number of seconds from 600 (the least the API server accepts) to the chosen bound (absent means 3600 seconds).',
  },
  'audience-mismatch': {
    title: 'The token has another audience than the chosen one',
    help: "Set the serviceAccountToken source's audience to the chosen one, or remove it when none is chosen: the API server refuses tokens with a foreign audience.",
  },
  'mode-wider': {
    title: "The token file's mode grants more than the chosen mode",
    help: "Set the projected volume's defaultMode to the chosen mode or stricter (absent means 0644).",
  },
  'secret-token': {
    title: 'A Secret-based (long-lived) token is mounted at the token path',
    help: 'Replace the Secret volume with a projected serviceAccountToken volume: a Secret-based token never expires.',
  },
  'token-with-no-api-access': {
    title: 'A token is mounted although the workload is meant to have no API access',
    help: 'Remove the token from the token path (the run chose "no token").',
  },
  'token-in-unselected-container': {
    title: 'A container not chosen for the token mounts one',
    help: 'Remove the mount at the token path from the containers that do not call the API.',
  },
  'service-account-automount-on': {
    title: 'The ServiceAccount lets pods automount its token',
    help: 'Set automountServiceAccountToken: false on the ServiceAccount.',
  },
};

/** The transform's findings; those of severity warning become warning results. */
export const FINDING_RULES: Readonly<Record<FindingCode, RuleText>> = {
  'not-kubernetes': { title: 'Not a Kubernetes object', help: 'The document has no apiVersion and kind; it is passed through unchanged.' },
  'no-pod-template': {
    title: 'A workload without a pod spec',
    help: 'A partial manifest (a kustomize base, a Rollout with workloadRef) cannot be checked here: check the rendered result.',
  },
  'unknown-pod-kind': {
    title: 'An unknown kind with a pod template',
    help: 'The kind carries a pod template but is not one this tool knows; check the pods it creates.',
  },
  'no-containers': { title: 'A pod spec without containers', help: 'Nothing to mount the token into.' },
  'default-service-account': {
    title: 'The pod runs as the default ServiceAccount',
    help: 'Give the workload a ServiceAccount of its own, so that its permissions are not shared.',
  },
  'expiration-3607': {
    title: 'Expiration 3607 gives a one-year token',
    help: 'The API server signs tokens asking for 3607 seconds for a year (it only warns after an hour): choose 3600 for a real one-hour bound.',
  },
  'expiration-over-cap': {
    title: "The expiration exceeds the API server's usual maximum",
    help: 'The API server shortens it silently to its --service-account-max-token-expiration.',
  },
  'mount-not-read-only': {
    title: 'A mount at the token path was writable',
    help: 'Mounts at the token path should be readOnly: true.',
  },
  'replaced-kube-api-access': {
    title: 'A copied kube-api-access volume was replaced',
    help: 'The volume the API server injected (copied from kubectl get -o yaml) is replaced by one under your control.',
  },
  'replaced-token-secret': {
    title: 'A legacy token Secret was replaced',
    help: 'Secret-based tokens never expire: delete the Secret once no workload uses it.',
  },
  'replaced-volume': { title: 'A volume at the token path was replaced', help: 'Check that nothing else read from it.' },
  'ephemeral-containers': {
    title: 'Ephemeral containers are not covered',
    help: 'Ephemeral containers cannot declare new mounts at creation; they keep what they had.',
  },
  'audience-default-path': {
    title: 'An audience at the default token path',
    help: 'The API server refuses tokens with a foreign audience: mount such a token in its own volume and path.',
  },
  'custom-mount-path': {
    title: 'A custom token path',
    help: "Client libraries' in-cluster configuration reads the default path only.",
  },
  'workload-identity': {
    title: 'Cloud workload identity annotations',
    help: 'Workload identity webhooks project their own tokens: keep what they need.',
  },
  'sidecar-injector': {
    title: 'Sidecar injector annotations',
    help: 'Injectors (Vault agent, Istio, Linkerd) add containers after hardening: check what they mount.',
  },
  'mode-stricter': { title: "A mode stricter than the API server's", help: 'Containers running as another user may not read the token.' },
  'mode-looser': { title: "A mode looser than the API server's", help: 'Other users in the container can read the token.' },
  'misindented-field-ref': {
    title: 'An empty fieldRef with its keys beside it',
    help: 'Indent apiVersion and fieldPath under fieldRef:.',
  },
  'service-account-automount': {
    title: 'A ServiceAccount still lets pods automount its token',
    help: 'Set automountServiceAccountToken: false on the ServiceAccount too.',
  },
  'anchored-node-kept': {
    title: 'A node shared through an anchor was kept',
    help: 'Other objects use the same node through an alias; it was left as it was.',
  },
  'emitted-service-account': { title: 'A ServiceAccount was added', help: 'Pods named it but the input did not define it.' },
  'runs-without-token': { title: 'The pod runs without an API token', help: 'It is already hardened.' },
  'unbound-service-account': {
    title: 'A ServiceAccount bound to no role in the input',
    help: 'If the workload never calls the API, choose "no token" (bindings may live elsewhere).',
  },
  'replaced-service-account': {
    title: 'The chosen ServiceAccount replaces others',
    help: 'Bindings that name the replaced ServiceAccounts no longer apply to these pods.',
  },
  'token-through-parent': {
    title: 'A token is still reached through a mount above the token path',
    help: 'A volume mounted above the token path (such as /var/run/secrets) projects a token into it: remove that source from the volume, or the mount.',
  },
  'auto-without-audit': {
    title: '--api-access auto kept every token',
    help: 'Only an audit log can show that a token goes unused: give one, or choose workloads by hand with --workload.',
  },
};

const CHECK_CODES = Object.keys(CHECK_RULES) as CheckProblemCode[];
const FINDING_CODES = Object.keys(FINDING_RULES) as FindingCode[];

/** A report entry: an object that is not hardened for one reason, or a warning the transform gave. */
export type ReportEntry = {
  readonly level: 'error' | 'warning';
  readonly ruleId: CheckProblemCode | FindingCode;
  readonly path: string;
  /** `Kind/namespace/name`, or empty for a document that is not an object. */
  readonly object: string;
  readonly position: SourcePosition | undefined;
  readonly message: string;
};

/**
 * What `--check` reports, one entry per object and problem code (a problem in several containers
 * is one entry), then the warnings of the transform that concern an object or a document.
 */
export function reportEntries(files: readonly ReportFile[]): ReportEntry[] {
  return files.flatMap(({ path, result }) => [
    ...result.objects.flatMap((workload) => {
      const codes = [...new Set(workload.problems.map((problem) => problem.code))];
      return codes.map((code): ReportEntry => ({
        level: 'error',
        ruleId: code,
        path,
        object: workload.object,
        position: workload.position,
        message: workload.problems
          .filter((problem) => problem.code === code)
          .map((problem) => problem.message)
          .join('; '),
      }));
    }),
    ...result.findings.filter(isFileWarning).map((finding): ReportEntry => ({
      level: 'warning',
      ruleId: finding.code,
      path,
      object: finding.object,
      position: finding.position,
      message: finding.message,
    })),
  ]);
}

/** Warnings about the run's options (document -1) concern no file, so no report carries them. */
function isFileWarning(finding: Finding): boolean {
  return finding.severity === 'warning' && finding.document >= 0;
}

/**
 * A path as reports name it: relative to the working directory when it lies below it, with `/`
 * separators. The working directory is passed in, so the core stays free of Node.
 */
export function reportPath(label: string, cwd: string | undefined): string {
  const path = label.replaceAll('\\', '/');
  const base = cwd?.replaceAll('\\', '/').replace(/\/+$/, '');
  if (base !== undefined && base !== '' && path.startsWith(`${base}/`)) return path.slice(base.length + 1);
  return path.replace(/^(\.\/)+/, '');
}

/** A report path as a URI reference: each segment percent-encoded, absolute paths as `file://` URIs. */
export function pathUri(path: string): string {
  const encoded = path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  if (/^[A-Za-z]:\//.test(path)) return `file:///${path.slice(0, 2)}${encoded.slice(4)}`;
  return path.startsWith('/') ? `file://${encoded}` : encoded;
}

/**
 * A plain-text message as SARIF reads one (§3.11.6): `[text](target)` is an embedded link, so the
 * brackets of object names and values are escaped (`\[`, `\]`, and `\\` for a backslash) and
 * no name from a manifest becomes a link in a code-scanning view.
 */
export function escapeMessageText(text: string): string {
  return text.replace(/[\\[\]]/g, (char) => `\\${char}`);
}

type SarifMessage = { readonly text: string };
type SarifRule = {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription: SarifMessage;
  readonly help: SarifMessage & { readonly markdown: string };
  readonly helpUri: string;
  readonly defaultConfiguration: { readonly level: 'error' | 'warning' };
  readonly properties: { readonly tags: readonly string[] };
};

/** A SARIF 2.1.0 log, as much of it as this tool writes. */
export type SarifLog = {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly {
    readonly tool: {
      readonly driver: {
        readonly name: string;
        readonly version: string;
        readonly semanticVersion: string;
        readonly informationUri: string;
        readonly rules: readonly SarifRule[];
      };
    };
    readonly originalUriBaseIds?: Readonly<Record<string, { readonly uri: string }>>;
    readonly columnKind: 'utf16CodeUnits';
    readonly results: readonly unknown[];
  }[];
};

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The rule id as SARIF's `name`: `automount-on` → `AutomountOn`. */
function ruleName(code: string): string {
  return code.replace(/(^|-)([a-z0-9])/g, (_, __: string, letter: string) => letter.toUpperCase());
}

function sarifRule(code: CheckProblemCode | FindingCode, text: RuleText, level: 'error' | 'warning'): SarifRule {
  // The README's rules table has a row per check problem; the warnings share its heading.
  const anchor = level === 'error' ? `${README_URL}#rule-${code}` : `${README_URL}#rules`;
  return {
    id: code,
    name: ruleName(code),
    shortDescription: { text: `${text.title}.` },
    fullDescription: { text: `${text.title}. ${text.help}` },
    help: { text: text.help, markdown: `${text.help}\n\n[More about this rule](${anchor})` },
    helpUri: anchor,
    defaultConfiguration: { level },
    properties: { tags: ['security', 'kubernetes'] },
  };
}

/** Every rule, check problems first, in a fixed order so that `ruleIndex` is stable between runs. */
const RULES: readonly SarifRule[] = [
  ...CHECK_CODES.map((code) => sarifRule(code, CHECK_RULES[code], 'error')),
  ...FINDING_CODES.map((code) => sarifRule(code, FINDING_RULES[code], 'warning')),
];
const RULE_INDEX = new Map(RULES.map((rule, index) => [rule.id, index]));

/**
 * The SARIF 2.1.0 log of `--check` over the files. Paths relative to `cwd` become URIs relative
 * to `%SRCROOT%`, which is `cwd` itself, so a code-scanning upload finds them in the checkout.
 */
export function sarifLog(files: readonly ReportFile[], tool: ReportTool, cwd?: string): SarifLog {
  const results = reportEntries(files).map((entry) => {
    const path = reportPath(entry.path, cwd);
    const relative = !path.startsWith('/') && !/^[A-Za-z]:\//.test(path);
    return {
      ruleId: entry.ruleId,
      ruleIndex: RULE_INDEX.get(entry.ruleId) ?? 0,
      level: entry.level,
      // Shown as text by code-scanning views: controls and bidirectional characters from names are shown escaped.
      message: { text: escapeMessageText(escapeForTerminal(entry.object === '' ? entry.message : `${entry.object}: ${entry.message}`)) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: relative ? { uri: pathUri(path), uriBaseId: '%SRCROOT%' } : { uri: pathUri(path) },
            ...(entry.position ? { region: { startLine: entry.position.line, startColumn: entry.position.col } } : {}),
          },
          ...(entry.object === '' ? {} : { logicalLocations: [{ fullyQualifiedName: entry.object, kind: 'object' }] }),
        },
      ],
    };
  });
  const base = cwd?.replaceAll('\\', '/').replace(/\/*$/, '/');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: tool.name, version: tool.version, semanticVersion: tool.version, informationUri: README_URL, rules: RULES },
        },
        ...(base !== undefined && base.startsWith('/') ? { originalUriBaseIds: { '%SRCROOT%': { uri: pathUri(base) } } } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
