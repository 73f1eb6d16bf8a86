/**
 * What "hardened" means (SPEC §2.5), by meaning rather than by shape: a pure function over plain
 * values, shared by `--check`, the admission policies and the page's verdict.
 */
import { DEFAULT_MOUNT_PATH, formatFileMode, type HardenOptions, MIN_EXPIRATION_SECONDS, normaliseMountPath } from './options';
import { isRecord } from '../read/yaml-read';

/** Why a pod spec or ServiceAccount is not hardened. */
export type CheckProblemCode =
  | 'automount-on'
  | 'token-not-read-only'
  | 'token-not-projected'
  | 'token-volume-missing'
  | 'expiration-over-bound'
  | 'audience-mismatch'
  | 'mode-wider'
  | 'secret-token'
  | 'token-with-no-api-access'
  | 'token-in-unselected-container'
  | 'service-account-automount-on';

export type CheckProblem = {
  readonly code: CheckProblemCode;
  /** What is wrong and how to fix it, in plain words. */
  readonly message: string;
  /** The container concerned, when one is. */
  readonly container?: string;
};

export type CheckContext = {
  /** `automountServiceAccountToken` of the pod's ServiceAccount, when the same input defines it (it only changes the message). */
  readonly serviceAccountAutomount?: boolean | undefined;
};

/** What the API server assumes when a field is absent. */
export const API_DEFAULT_EXPIRATION_SECONDS = 3600;
export const API_DEFAULT_MODE = 0o644;

const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Whether a mount sits at `path`; a trailing slash does not matter. */
function isAtPath(mount: unknown, path: string): boolean {
  return isRecord(mount) && typeof mount['mountPath'] === 'string' && normaliseMountPath(mount['mountPath']) === normaliseMountPath(path);
}

/**
 * The paths where a container finds a token: the chosen mount path, and the API server's own path
 * when another is chosen (a token left there is still read by client libraries).
 */
export function tokenPaths(options: Pick<HardenOptions, 'mountPath'>): string[] {
  const chosen = normaliseMountPath(options.mountPath);
  const standard = normaliseMountPath(DEFAULT_MOUNT_PATH);
  return chosen === standard ? [chosen] : [chosen, standard];
}

/**
 * Whether a volume puts a token inside the directory `relative` (below the mount of its `subPath`):
 * a projected `serviceAccountToken` at `kubernetes.io/serviceaccount/token`, or a Secret volume's
 * item there (the sources `mayHoldToken` counts as tokens).
 */
function placesToken(volume: unknown, subPath: unknown, relative: string): boolean {
  if (!isRecord(volume)) return false;
  const base = typeof subPath === 'string' && subPath !== '' ? `${subPath}/${relative}/` : `${relative}/`;
  const under = (path: unknown): boolean => typeof path === 'string' && path.startsWith(base);
  const projected = volume['projected'];
  if (isRecord(projected)) {
    return listOf(projected['sources']).some(
      (source) => isRecord(source) && isRecord(source['serviceAccountToken']) && under(source['serviceAccountToken']['path']),
    );
  }
  const secret = volume['secret'];
  return isRecord(secret) && listOf(secret['items']).some((item) => isRecord(item) && under(item['path']));
}

/**
 * How a mount lets its container read a token where clients look for one (SPEC §2.5), if it does:
 * - `at`: it sits at the chosen mount path (whatever it mounts there is judged);
 * - `sideways`: a volume that may hold a token sits at the API server's own path when another is
 *   chosen, or inside a token path (a `subPath` mount of a token file at `…/serviceaccount/token`);
 * - `parent`: a volume mounted above a token path (`/var/run/secrets`) puts a token inside it, and
 *   no mount of the same container at that path covers it.
 */
export function tokenReach(
  mount: unknown,
  volume: unknown,
  containerMounts: readonly unknown[],
  options: Pick<HardenOptions, 'mountPath'>,
): TokenReach | undefined {
  if (!isRecord(mount) || typeof mount['mountPath'] !== 'string') return undefined;
  const path = normaliseMountPath(mount['mountPath']) || '/';
  const paths = tokenPaths(options);
  if (path === paths[0]) return { kind: 'at', tokenPath: path };
  for (const tokenPath of paths) {
    if (path === tokenPath || path.startsWith(`${tokenPath}/`)) return mayHoldToken(volume) ? { kind: 'sideways', tokenPath } : undefined;
  }
  const tokenPath = parentTokenPaths(mount, volume, options).find((into) => !containerMounts.some((other) => isAtPath(other, into)));
  return tokenPath === undefined ? undefined : { kind: 'parent', tokenPath };
}

/**
 * The token paths a mount above them puts a token into (`/var/run/secrets` of a volume projecting
 * `kubernetes.io/serviceaccount/token`), whether or not a mount at that path covers it.
 */
export function parentTokenPaths(mount: unknown, volume: unknown, options: Pick<HardenOptions, 'mountPath'>): string[] {
  if (!isRecord(mount) || typeof mount['mountPath'] !== 'string') return [];
  const path = normaliseMountPath(mount['mountPath']) || '/';
  const prefix = path === '/' ? '/' : `${path}/`;
  return tokenPaths(options).filter(
    (tokenPath) => tokenPath.startsWith(prefix) && placesToken(volume, mount['subPath'], tokenPath.slice(prefix.length)),
  );
}

/** How a mount reaches a token, and at which token path. */
export type TokenReach = { readonly kind: 'at' | 'sideways' | 'parent'; readonly tokenPath: string };

/** A whole number as Kubernetes reads one (JSON numbers; the API refuses anything else). */
function integerOr(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/**
 * What is wrong with a token's `expirationSeconds` under the bound, or undefined: longer than the
 * bound (absent means 3600), or what the API server refuses (not a whole number, under 600 s).
 */
function expirationProblem(value: unknown, label: string, bound: number): string | undefined {
  const expiration = integerOr(value, API_DEFAULT_EXPIRATION_SECONDS);
  const fix = `set expirationSeconds to between ${MIN_EXPIRATION_SECONDS} and ${bound}`;
  if (expiration === undefined)
    return `${label}: expirationSeconds ${JSON.stringify(value) ?? String(value)} is not a whole number of seconds, which the API server refuses: ${fix}`;
  if (expiration < MIN_EXPIRATION_SECONDS)
    return `${label}: expirationSeconds ${expiration} is under ${MIN_EXPIRATION_SECONDS} s (10 minutes), the least the API server accepts: ${fix}`;
  if (expiration > bound)
    return `${label}: the token lives ${expiration} s, longer than ${bound} s: set expirationSeconds to ${bound} or less`;
  return undefined;
}

/** Volume types that hold files the pod spec itself names, never a token. */
const TOKENLESS_TYPES = ['emptyDir', 'configMap', 'downwardAPI'] as const;

/**
 * Whether a volume may hold an API token: a projected `serviceAccountToken`, a Secret (a legacy
 * token), a volume the pod does not define (the API server's own, cut from a `kubectl get` copy),
 * or a type whose files the manifest does not show (hostPath, CSI, ...). An `emptyDir` over the
 * token path (a known way to hide the token), a ConfigMap or a projected volume without a token
 * hold none.
 */
export function mayHoldToken(volume: unknown): boolean {
  if (!isRecord(volume)) return true;
  const projected = volume['projected'];
  if (isRecord(projected)) return hasTokenSource(volume);
  return !TOKENLESS_TYPES.some((type) => volume[type] !== undefined);
}

/** Problems of one volume mounted at the token path in one container. */
function checkTokenVolume(volume: unknown, label: string, options: HardenOptions): Omit<CheckProblem, 'container'>[] {
  // No credentials there: nothing to bound.
  if (!mayHoldToken(volume)) return [];
  if (!isRecord(volume)) {
    return [{ code: 'token-volume-missing', message: `${label} mounts a volume the pod does not define at the token path` }];
  }
  if (volume['secret'] !== undefined) {
    return [
      {
        code: 'secret-token',
        message: `${label} mounts a Secret at the token path (a long-lived token): mount a projected serviceAccountToken volume instead`,
      },
    ];
  }
  const projected = volume['projected'];
  if (!isRecord(projected)) {
    return [
      {
        code: 'token-not-projected',
        message: `${label} mounts a volume whose files the manifest does not show at the token path: mount a projected serviceAccountToken volume instead`,
      },
    ];
  }
  const tokens = listOf(projected['sources']).flatMap((source) =>
    isRecord(source) && source['serviceAccountToken'] !== undefined && source['serviceAccountToken'] !== null
      ? [source['serviceAccountToken']]
      : [],
  );
  if (options.apiAccess === 'none') {
    return [
      {
        code: 'token-with-no-api-access',
        message: `${label} mounts an API token although the workload is meant to have no API access: remove the token from the token path`,
      },
    ];
  }
  const problems: Omit<CheckProblem, 'container'>[] = [];
  const mode = integerOr(projected['defaultMode'], API_DEFAULT_MODE);
  if (mode === undefined || (mode & ~options.defaultMode) !== 0) {
    const shown = mode === undefined ? String(projected['defaultMode']) : formatFileMode(mode);
    problems.push({
      code: 'mode-wider',
      message: `${label}: the token file's mode ${shown} grants more than ${formatFileMode(options.defaultMode)}: set defaultMode to ${options.defaultMode} (${formatFileMode(options.defaultMode)}) or stricter`,
    });
  }
  for (const token of tokens) {
    const fields = isRecord(token) ? token : {};
    const message = expirationProblem(fields['expirationSeconds'], label, options.expirationSeconds);
    if (message !== undefined) problems.push({ code: 'expiration-over-bound', message });
    const audience =
      fields['audience'] === undefined || fields['audience'] === null || fields['audience'] === '' ? undefined : fields['audience'];
    if (audience !== options.audience) {
      problems.push({
        code: 'audience-mismatch',
        message:
          options.audience === undefined
            ? `${label}: the token has audience ${JSON.stringify(audience)}, not the API server's: remove the audience`
            : `${label}: the token's audience is ${audience === undefined ? 'the API server' : JSON.stringify(audience)}, not "${options.audience}": set audience to "${options.audience}"`,
      });
    }
  }
  return problems;
}

/**
 * Whether a pod spec is hardened under the options, which act as bounds: an expiration no longer
 * than the chosen one, a mode granting no bit beyond it, the chosen audience (none unless chosen).
 * With API access `none` a mounted token is itself a problem: "no token" is the bound then, and
 * hardening removes it, so the check agrees with what hardening would change.
 */
export function checkPodSpec(podSpec: unknown, options: HardenOptions, context: CheckContext = {}): readonly CheckProblem[] {
  const spec = isRecord(podSpec) ? podSpec : {};
  const problems: CheckProblem[] = [];
  const automount = spec['automountServiceAccountToken'];
  if (automount !== false) {
    // Off through the ServiceAccount alone still counts: admission policies and scanners see the pod only.
    const onlyAccount = (automount === undefined || automount === null) && context.serviceAccountAutomount === false;
    problems.push({
      code: 'automount-on',
      message: onlyAccount
        ? 'automountServiceAccountToken is false only on the ServiceAccount, which admission policies and scanners cannot see: set it to false on the pod spec too'
        : 'automountServiceAccountToken is not false, so the API server mounts a token on its own: set it to false on the pod spec',
    });
  }
  const volumes = new Map<string, unknown>();
  for (const volume of listOf(spec['volumes'])) {
    if (isRecord(volume) && typeof volume['name'] === 'string' && !volumes.has(volume['name'])) volumes.set(volume['name'], volume);
  }
  for (const field of CONTAINER_FIELDS) {
    for (const container of listOf(spec[field])) {
      if (!isRecord(container)) continue;
      const name = typeof container['name'] === 'string' ? container['name'] : '';
      const label = `container "${name}"`;
      const mounts = listOf(container['volumeMounts']);
      for (const mount of mounts) {
        if (!isRecord(mount)) continue;
        const volume = typeof mount['name'] === 'string' ? volumes.get(mount['name']) : undefined;
        const reach = tokenReach(mount, volume, mounts, options)?.kind;
        if (reach === undefined) continue;
        const where = reach === 'at' ? label : `${label} (through its mount at ${String(mount['mountPath'])})`;
        const found = checkTokenVolume(volume, where, options);
        const holdsToken = reach !== 'at' || mayHoldToken(volume);
        if (holdsToken && mount['readOnly'] !== true) {
          problems.push({
            code: 'token-not-read-only',
            message: `${where} mounts the token path without readOnly: true: add readOnly: true`,
            container: name,
          });
        }
        problems.push(...found.map((problem) => ({ ...problem, container: name })));
        const selected = options.containers === undefined || field === 'ephemeralContainers' || options.containers.includes(name);
        if (holdsToken && !selected && options.apiAccess === 'mount') {
          problems.push({
            code: 'token-in-unselected-container',
            message: `${where} is not among the containers chosen for the token but mounts one: remove its mount at ${String(mount['mountPath'])}`,
            container: name,
          });
        }
      }
    }
  }
  return problems;
}

function hasTokenSource(volume: unknown): boolean {
  const projected = isRecord(volume) ? volume['projected'] : undefined;
  return (
    isRecord(projected) &&
    listOf(projected['sources']).some(
      (source) => isRecord(source) && source['serviceAccountToken'] !== undefined && source['serviceAccountToken'] !== null,
    )
  );
}

/** Whether a ServiceAccount is hardened: its `automountServiceAccountToken` is `false`. */
export function checkServiceAccount(account: unknown): readonly CheckProblem[] {
  if (isRecord(account) && account['automountServiceAccountToken'] === false) return [];
  return [
    {
      code: 'service-account-automount-on',
      message: 'automountServiceAccountToken is not false, so pods using this ServiceAccount get a token by default: set it to false',
    },
  ];
}
