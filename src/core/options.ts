/** The hardening options of SPEC §2.4, their defaults and their validation. */

/** Options after validation: what the transform works with. */
export type HardenOptions = {
  /** Set `serviceAccountName` to this; undefined keeps each pod's own. */
  readonly serviceAccountName: string | undefined;
  readonly expirationSeconds: number;
  readonly mountPath: string;
  /** The projected volume's `defaultMode`, as a number (0444 is 292). */
  readonly defaultMode: number;
  readonly audience: string | undefined;
  readonly volumeName: string;
  /** Containers that get the mount; undefined selects all. */
  readonly containers: readonly string[] | undefined;
  readonly hardenServiceAccounts: boolean;
  readonly emitServiceAccount: boolean;
  /** `mount`: mount the token by hand; `none`: no token at all (automount off, nothing at the token path). */
  readonly apiAccess: ApiAccess;
};

/** Whether hardened workloads keep API access through a token mounted by hand (SPEC §2.2 "No token"). */
export type ApiAccess = 'mount' | 'none';

/** Options as a user types them (form fields, CLI flags): strings, possibly empty. */
export type OptionInput = {
  readonly serviceAccountName?: string | undefined;
  readonly expirationSeconds?: string | number | undefined;
  readonly mountPath?: string | undefined;
  readonly defaultMode?: string | number | undefined;
  readonly audience?: string | undefined;
  readonly volumeName?: string | undefined;
  readonly containers?: readonly string[] | string | undefined;
  readonly hardenServiceAccounts?: boolean | undefined;
  readonly emitServiceAccount?: boolean | undefined;
  readonly apiAccess?: ApiAccess | undefined;
};

export type OptionName = keyof OptionInput;

/** A refused option value: which option, what value, which rule it breaks. */
export type OptionProblem = {
  readonly code: 'invalid-option';
  readonly option: OptionName;
  readonly value: string;
  readonly rule: string;
  readonly message: string;
};

/** The mount path the API server itself uses, and client libraries read. */
export const DEFAULT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Defaults: the seed's values, which are also the API server's own. */
export const DEFAULT_OPTIONS: HardenOptions = {
  serviceAccountName: undefined,
  expirationSeconds: 3607,
  mountPath: DEFAULT_MOUNT_PATH,
  defaultMode: 0o444,
  audience: undefined,
  volumeName: 'serviceaccount-token',
  containers: undefined,
  hardenServiceAccounts: true,
  emitServiceAccount: false,
  apiAccess: 'mount',
};

/** Option labels as the form and the CLI show them. */
export const OPTION_LABELS: Record<OptionName, string> = {
  serviceAccountName: 'ServiceAccount name (--service-account)',
  expirationSeconds: 'Token expiration (--expiration)',
  mountPath: 'Mount path (--mount-path)',
  defaultMode: 'Default mode (--default-mode)',
  audience: 'Audience (--audience)',
  volumeName: 'Volume name (--volume-name)',
  containers: 'Containers (--containers)',
  hardenServiceAccounts: 'Harden ServiceAccounts',
  emitServiceAccount: 'Emit ServiceAccount (--emit-service-account)',
  apiAccess: 'API access (--no-token)',
};

export const MIN_EXPIRATION_SECONDS = 600;
export const MAX_EXPIRATION_SECONDS = 2 ** 32;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type Check<T> = { ok: true; value: T } | { ok: false; rule: string };

function checkSubdomain(raw: string): Check<string> {
  const rule =
    'a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters';
  return raw.length <= 253 && DNS1123_SUBDOMAIN.test(raw) ? { ok: true, value: raw } : { ok: false, rule };
}

function checkLabel(raw: string): Check<string> {
  const rule = 'a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
  return raw.length <= 63 && DNS1123_LABEL.test(raw) ? { ok: true, value: raw } : { ok: false, rule };
}

function checkExpiration(raw: string): Check<number> {
  const rule = `a whole number of seconds from ${MIN_EXPIRATION_SECONDS} (10 minutes) to ${MAX_EXPIRATION_SECONDS} (2^32)`;
  if (!/^\d+$/.test(raw)) return { ok: false, rule };
  const value = Number(raw);
  return value >= MIN_EXPIRATION_SECONDS && value <= MAX_EXPIRATION_SECONDS ? { ok: true, value } : { ok: false, rule };
}

function checkMountPath(raw: string): Check<string> {
  const rule = 'an absolute path (starting with "/") without a ".." segment';
  const ok = raw.startsWith('/') && !raw.split('/').includes('..') && !raw.includes('\0') && raw.trim() === raw;
  return ok ? { ok: true, value: raw } : { ok: false, rule };
}

/** Accepts `0444`, `444`, `0o444` (and `0O444`): always octal, as chmod reads it. */
export function parseFileMode(raw: string): number | undefined {
  const match = /^(?:0[oO]?)?([0-7]{1,4})$/.exec(raw);
  if (!match?.[1]) return undefined;
  const value = parseInt(match[1], 8);
  return value <= 0o777 ? value : undefined;
}

function checkMode(raw: string): Check<number> {
  const value = parseFileMode(raw);
  const rule = 'an octal file mode from 0000 to 0777, written 0444, 444 or 0o444';
  return value === undefined ? { ok: false, rule } : { ok: true, value };
}

function checkAudience(raw: string): Check<string> {
  return raw.trim() === '' ? { ok: false, rule: 'a non-empty string' } : { ok: true, value: raw };
}

/** Formats a mode as Kubernetes documents it: `0444`. */
export function formatFileMode(mode: number): string {
  return '0' + mode.toString(8).padStart(3, '0');
}

function problem(option: OptionName, value: string, rule: string): OptionProblem {
  const label = OPTION_LABELS[option];
  return { code: 'invalid-option', option, value, rule, message: `${label}: "${value}" is not valid: it must be ${rule}.` };
}

function text(raw: string | number | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = String(raw);
  return value.trim() === '' ? undefined : value;
}

/**
 * Validates what a user typed. Empty fields take the default. Returns the options to use (defaults
 * where a value is refused) and every refused value.
 */
export function resolveOptions(input: OptionInput): { options: HardenOptions; problems: OptionProblem[] } {
  const problems: OptionProblem[] = [];
  function take<T>(option: OptionName, raw: string | number | undefined, check: (raw: string) => Check<T>, fallback: T): T {
    const value = text(raw);
    if (value === undefined) return fallback;
    const result = check(value);
    if (result.ok) return result.value;
    problems.push(problem(option, value, result.rule));
    return fallback;
  }
  const containers = typeof input.containers === 'string' ? input.containers.split(',') : input.containers;
  const options: HardenOptions = {
    serviceAccountName: take('serviceAccountName', input.serviceAccountName, checkSubdomain, undefined),
    expirationSeconds: take('expirationSeconds', input.expirationSeconds, checkExpiration, DEFAULT_OPTIONS.expirationSeconds),
    mountPath: take('mountPath', input.mountPath, checkMountPath, DEFAULT_OPTIONS.mountPath),
    defaultMode: take('defaultMode', input.defaultMode, checkMode, DEFAULT_OPTIONS.defaultMode),
    audience: take('audience', input.audience, checkAudience, undefined),
    volumeName: take('volumeName', input.volumeName, checkLabel, DEFAULT_OPTIONS.volumeName),
    containers: containers?.map((name) => name.trim()).filter((name) => name !== ''),
    hardenServiceAccounts: input.hardenServiceAccounts ?? DEFAULT_OPTIONS.hardenServiceAccounts,
    emitServiceAccount: input.emitServiceAccount ?? DEFAULT_OPTIONS.emitServiceAccount,
    apiAccess: input.apiAccess ?? DEFAULT_OPTIONS.apiAccess,
  };
  return { options, problems };
}

/** Validates one field as the user types: the problem, or undefined when the value is fine or empty. */
export function validateOption(option: OptionName, raw: string): OptionProblem | undefined {
  return resolveOptions({ [option]: raw }).problems[0];
}

/** Normalises a mount path for comparison: `/a/b/` and `/a/b` are the same mount. */
export function normaliseMountPath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
