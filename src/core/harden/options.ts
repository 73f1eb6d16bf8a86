/** The hardening options of SPEC §2.4, their defaults and their validation. */
import { parseWorkloadOverride, workloadKeyOf } from '../evidence/workload-key';
import { escapeForTerminal } from '../source-text';

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
  /** Containers that get no mount, whatever `containers` says (the form stores these). */
  readonly excludedContainers: readonly string[];
  readonly hardenServiceAccounts: boolean;
  readonly emitServiceAccount: boolean;
  /**
   * The default API access of every workload: `mount` the token by hand, `none` (automount off,
   * nothing at the token path), or `auto` (each workload's strong recommendation, else `mount`).
   */
  readonly apiAccess: ApiAccessDefault;
  /** Per-workload choices that override the default, each naming one workload of the input. */
  readonly workloads: readonly WorkloadChoice[];
};

/** Whether a hardened workload keeps API access through a token mounted by hand (SPEC §2.2 "No token"). */
export type ApiAccess = 'mount' | 'none';

/** The default for every workload: one of the answers, or `auto` (what strong evidence recommends). */
export type ApiAccessDefault = ApiAccess | 'auto';

/** One workload's API access chosen by hand (`--workload KIND/NAMESPACE/NAME=mount|none`). */
export type WorkloadChoice = {
  readonly kind: string;
  /** Absent for an object without a namespace. */
  readonly namespace?: string;
  readonly name: string;
  readonly apiAccess: ApiAccess;
};

/** Options as a user types them (form fields, CLI flags): strings, possibly empty. */
export type OptionInput = {
  readonly serviceAccountName?: string | undefined;
  readonly expirationSeconds?: string | number | undefined;
  readonly mountPath?: string | undefined;
  readonly defaultMode?: string | number | undefined;
  readonly audience?: string | undefined;
  readonly volumeName?: string | undefined;
  readonly containers?: readonly string[] | string | undefined;
  readonly excludedContainers?: readonly string[] | undefined;
  readonly hardenServiceAccounts?: boolean | undefined;
  readonly emitServiceAccount?: boolean | undefined;
  readonly apiAccess?: ApiAccessDefault | undefined;
  /** Choices as objects (a config, the page), or as `--workload` writes them (`KIND/NAMESPACE/NAME=none`). */
  readonly workloads?: readonly (WorkloadChoice | string)[] | undefined;
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

/** How many per-workload choices an input may carry: as many as a link keeps unticked containers. */
export const MAX_WORKLOAD_CHOICES = 256;

export const MIN_EXPIRATION_SECONDS = 600;
export const MAX_EXPIRATION_SECONDS = 2 ** 32;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// Each rule is written once: the checks below refuse with it, and the help and the form show it.
const SUBDOMAIN_RULE =
  'a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters';
const LABEL_RULE = 'a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
const EXPIRATION_RULE = `a whole number of seconds from ${MIN_EXPIRATION_SECONDS} (10 minutes) to ${MAX_EXPIRATION_SECONDS} (2^32)`;
const MOUNT_PATH_RULE = 'an absolute path (starting with "/") without a ".." segment, line breaks or control characters';
const MODE_RULE = 'an octal file mode from 0000 to 0777, written 0444, 444 or 0o444';
const AUDIENCE_RULE = 'a non-empty string without line breaks or control characters';
const CONTAINERS_RULE = 'names of containers in the input, separated by commas';
const API_ACCESS_VALUES = ['mount', 'none', 'auto'] as const;
const API_ACCESS_RULE =
  '"mount" (mount the token), "none" (no token) or "auto" (what strong evidence recommends for each workload, else mount)';
const WORKLOADS_RULE = `KIND/NAMESPACE/NAME=mount|none (KIND/NAME=… for an object without a namespace), naming a workload of the input, at most ${MAX_WORKLOAD_CHOICES} of them`;

/** How an option is entered: the form's control and the kind of value its flag takes. */
export type OptionKind = 'text' | 'number' | 'mode' | 'boolean' | 'choice' | 'list' | 'workloads';

/** The form's groups, in the order it shows them. */
export const OPTION_GROUP_TITLES = ['Scope', 'Token', 'Mount', 'ServiceAccount objects'] as const;
export type OptionGroupTitle = (typeof OPTION_GROUP_TITLES)[number];

/** A value read from text: the value, or why it is refused (the row's rule says what is valid). */
type Parsed<T> = { ok: true; value: T } | { ok: false; reason?: string };

/** The options that have a row: every option but the form's way of writing `containers`. */
type RowName = Exclude<OptionName, 'excludedContainers'>;

type RowOf<N extends RowName> = {
  /** The key in OptionInput and HardenOptions. */
  readonly name: N;
  readonly kind: OptionKind;
  /** The value when the user gives none. */
  readonly default: HardenOptions[N];
  /** The default in words, where the value alone does not say it (none, all, a list). */
  readonly defaultWords?: string;
  /** Reads a value typed as text (a flag, a field, a config string); a switch or a list of choices has none. */
  readonly parse?: (raw: string) => Parsed<HardenOptions[N]>;
  /** The option in messages: `Token expiration (--expiration): "5" is not valid: …`. */
  readonly title: string;
  /** The form control's accessible name (SPEC §5.1). */
  readonly label: string;
  /** The form's group; none for an option chosen elsewhere on the page (per-workload choices). */
  readonly group?: OptionGroupTitle;
  /** The CLI flag. */
  readonly flag: string;
  /** What the flag's value is called in `--help`; undefined for a flag that takes no value. */
  readonly flagValue: string | undefined;
  /** For a flag without a value: the value it sets. */
  readonly flagSets?: boolean | string;
  /** What the flag does, where the option's help would say the opposite (a flag that turns the option off). */
  readonly flagHelp?: string;
  /** Flags without a value that set one value of this option (`--no-token` is `--api-access none`). */
  readonly flagSynonyms?: readonly { readonly flag: string; readonly sets: string; readonly help: string }[];
  /** Whether the flag may be given more than once, each adding a value. */
  readonly repeatable?: boolean;
  /** What the option does, in one short line: the form shows it under the field. */
  readonly summary: string;
  /** What the option does, and what Kubernetes does without it. */
  readonly help: string;
  /** What a valid value is; undefined when any value is (a switch). */
  readonly rule: string | undefined;
  /** The key in a shared link's options, and in the form's fields. */
  readonly urlKey: string;
  /** The values a flag or a config accepts, for an option that is one of a few. */
  readonly values?: readonly string[];
  /** The values of a choice the form offers, with the names it gives them (the flag may accept more: `values`). */
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
  /** A hint about what the user probably meant, for a value typed in a misleading way. */
  readonly hint?: (raw: string) => string | undefined;
  /** The option shapes the mounted token: with API access `none` it has nothing to act on. */
  readonly shapesToken?: boolean;
  /** What the option means for `sa-token-hardener policy`, for its help (one of this and policyIgnored). */
  readonly policyHelp?: string;
  /** Why `policy` takes the flag and ignores it (one of this and policyHelp). */
  readonly policyIgnored?: string;
};

/** One option of SPEC §2.4 as written in the table. */
export type OptionRowSpec = { [N in RowName]: RowOf<N> }[RowName];

/** What is computed from a row: the form's value before the user touches it, and the default in words. */
type ComputedParts = {
  /** The form's value before the user touches it (a string as typed, a switch, a choice, a list). */
  readonly initial: string | boolean | readonly string[] | readonly WorkloadChoice[];
  /** The default, in full. */
  readonly defaultText: string;
};

/** A row with what is computed from it. */
export type OptionRow = OptionRowSpec & ComputedParts;

/**
 * The options of SPEC §2.4, in the order the form and `--help` show them. Every place that names,
 * explains, checks or stores an option reads its row: the flags and `--help` of both commands, the
 * form, the link, the config file and the validation.
 */
const OPTION_ROWS = [
  {
    name: 'containers',
    kind: 'list',
    default: undefined,
    defaultWords: 'all',
    parse: checkContainers,
    title: 'Containers',
    label: 'Containers that get the token',
    group: 'Scope',
    flag: '--containers',
    flagValue: 'A,B',
    summary: 'Untick a container to leave it without a token.',
    help: 'Init and regular containers of every pod that get the token mount; the others get none.',
    rule: CONTAINERS_RULE,
    // The form and the link store the containers left out, so containers found later get the token.
    urlKey: 'excludedContainers',
    policyHelp: 'only these containers may mount a token (the mutation mounts it there)',
  },
  {
    name: 'serviceAccountName',
    kind: 'text',
    default: undefined,
    defaultWords: "keep each pod's own",
    parse: writable(checkSubdomain),
    title: 'ServiceAccount name',
    label: 'ServiceAccount name',
    group: 'Scope',
    flag: '--service-account',
    flagValue: 'NAME',
    summary: "Every pod's ServiceAccount; empty keeps its own.",
    help: 'Sets serviceAccountName on every pod (and the deprecated serviceAccount field with it). Kubernetes uses "default" when a pod names none.',
    rule: SUBDOMAIN_RULE,
    urlKey: 'serviceAccountName',
    policyIgnored: 'which judges workloads, not ServiceAccounts',
  },
  {
    name: 'apiAccess',
    kind: 'choice',
    default: 'mount',
    parse: checkApiAccess,
    title: 'API access',
    label: 'API access',
    group: 'Scope',
    flag: '--api-access',
    flagValue: 'mount|none|auto',
    flagSynonyms: [
      { flag: '--no-token', sets: 'none', help: 'No token for any workload: automount off and nothing mounted at the token path.' },
    ],
    summary: 'Whether workloads can call the Kubernetes API.',
    help: 'The default for every workload: mount the token by hand, read-only and short-lived, for workloads that call the Kubernetes API; none, no token at all, for those that never do; or auto, what strong evidence recommends for each workload (only an audit log can show that a token goes unused, so without one auto mounts the token everywhere).',
    rule: API_ACCESS_RULE,
    urlKey: 'apiAccess',
    values: API_ACCESS_VALUES,
    // The page offers auto as its `Apply recommendations` button, per workload, not as a default.
    choices: [
      { value: 'mount', label: 'Mount the token' },
      { value: 'none', label: 'No token' },
    ],
    policyHelp:
      'none: workloads get no token at all (--no-token is the same); auto is mount here: a policy judges a pod spec alone, never its evidence',
  },
  {
    name: 'workloads',
    kind: 'workloads',
    default: [],
    defaultWords: 'none: every workload gets the default',
    title: 'API access per workload',
    label: 'API access per workload',
    flag: '--workload',
    flagValue: 'KIND/NAMESPACE/NAME=mount|none',
    repeatable: true,
    summary: "One workload's API access, whatever the default.",
    help: 'Overrides the API access of one workload (a pod-bearing object such as Deployment/shop/web; KIND/NAME for an object without a namespace). Repeat it for more workloads. Naming a workload the input does not have is an error that lists the workloads it has.',
    rule: WORKLOADS_RULE,
    urlKey: 'workloads',
    policyIgnored: 'which judges each pod spec alone, by kind and not by name',
  },
  {
    name: 'expirationSeconds',
    kind: 'number',
    default: 3607,
    parse: checkExpiration,
    title: 'Token expiration',
    label: 'Token expiration (seconds)',
    group: 'Token',
    flag: '--expiration',
    flagValue: 'SECONDS',
    summary: 'How long each token is valid.',
    help: 'How long each token is valid; the kubelet renews it before then. 3607 is what the API server itself requests when it injects a token, and it signs such tokens for a year so that old clients keep working (it only warns after an hour): 3600 is a real one-hour bound. An absent value means 3600.',
    rule: EXPIRATION_RULE,
    urlKey: 'expirationSeconds',
    shapesToken: true,
    policyHelp: 'longest token lifetime admitted',
  },
  {
    name: 'audience',
    kind: 'text',
    default: undefined,
    defaultWords: 'none (the API server)',
    parse: writable(checkAudience),
    title: 'Audience',
    label: 'Audience',
    group: 'Token',
    flag: '--audience',
    flagValue: 'AUD',
    summary: 'Who the token is meant for.',
    help: 'Who the token is meant for. Kubernetes default: none, meaning the API server itself; set it only for tokens bound for another service.',
    rule: AUDIENCE_RULE,
    urlKey: 'audience',
    shapesToken: true,
    policyHelp: 'the token audience required',
  },
  {
    name: 'mountPath',
    kind: 'text',
    default: DEFAULT_MOUNT_PATH,
    parse: writable(checkMountPath),
    title: 'Mount path',
    label: 'Mount path',
    group: 'Mount',
    flag: '--mount-path',
    flagValue: 'PATH',
    summary: 'Where containers find the token files.',
    help: `Where containers find token, ca.crt and namespace. Kubernetes mounts them at ${DEFAULT_MOUNT_PATH}, the only path client libraries read.`,
    rule: MOUNT_PATH_RULE,
    urlKey: 'mountPath',
    policyHelp: 'the token path',
  },
  {
    name: 'defaultMode',
    kind: 'mode',
    default: 0o444,
    parse: checkMode,
    title: 'Default mode',
    label: 'Default mode',
    group: 'Mount',
    flag: '--default-mode',
    flagValue: 'MODE',
    summary: 'File mode of the token files, in octal.',
    help: 'File mode of the mounted files, in octal. Kubernetes default: 0644; 0444 is read-only for everyone.',
    rule: MODE_RULE,
    urlKey: 'defaultMode',
    hint: decimalModeHint,
    shapesToken: true,
    policyHelp: 'widest token file mode admitted, octal',
  },
  {
    name: 'volumeName',
    kind: 'text',
    default: 'serviceaccount-token',
    parse: writable(checkLabel),
    title: 'Volume name',
    label: 'Volume name',
    group: 'Mount',
    flag: '--volume-name',
    flagValue: 'NAME',
    summary: 'Name of the projected token volume.',
    help: 'Name of the projected volume. Kubernetes injects one called kube-api-access-<random>; this name stays the same.',
    rule: LABEL_RULE,
    urlKey: 'volumeName',
    policyHelp: 'the volume the mutating policy adds',
  },
  {
    name: 'hardenServiceAccounts',
    kind: 'boolean',
    default: true,
    title: 'Harden ServiceAccounts',
    label: 'Also harden ServiceAccount objects',
    group: 'ServiceAccount objects',
    flag: '--skip-service-accounts',
    flagValue: undefined,
    flagSets: false,
    flagHelp:
      'Leaves the ServiceAccount objects of the input as they are; without this flag each gets automountServiceAccountToken: false.',
    summary: "Automount off on the input's ServiceAccounts.",
    help: 'Sets automountServiceAccountToken: false on each ServiceAccount in the input.',
    rule: undefined,
    urlKey: 'hardenServiceAccounts',
    policyIgnored: 'which judges workloads, not ServiceAccounts',
  },
  {
    name: 'emitServiceAccount',
    kind: 'boolean',
    default: false,
    title: 'Emit ServiceAccount',
    label: 'Add a ServiceAccount object',
    group: 'ServiceAccount objects',
    flag: '--emit-service-account',
    flagValue: undefined,
    flagSets: true,
    summary: 'For names the pods use that the input lacks.',
    help: 'Adds a ServiceAccount (automount off) for each name the pods use that the input does not define.',
    rule: undefined,
    urlKey: 'emitServiceAccount',
    policyIgnored: 'which judges workloads, not ServiceAccounts',
  },
] as const satisfies readonly OptionRowSpec[];

type WrittenRow = (typeof OPTION_ROWS)[number];

/** The options of SPEC §2.4 with their computed parts, in the order the form and `--help` show them. */
export const OPTION_TABLE: readonly (WrittenRow & ComputedParts)[] = OPTION_ROWS.map((row) => ({
  ...row,
  initial: initialField(row),
  defaultText: defaultText(row),
}));

/** The default as the form shows it before the user touches it: text as a user would type it. */
function initialField(row: OptionRowSpec): OptionRow['initial'] {
  const value = row.default;
  // The form keeps the containers left out (none by default) and the workloads chosen one by one.
  if (value === undefined || Array.isArray(value)) return row.kind === 'text' ? '' : [];
  if (typeof value === 'number') return row.kind === 'mode' ? formatFileMode(value) : String(value);
  return value;
}

function defaultText(row: OptionRowSpec): string {
  const value = row.default;
  if (row.defaultWords !== undefined) return row.defaultWords;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  const choice = row.choices?.find((option) => option.value === value);
  if (choice) return choice.label.toLowerCase();
  if (typeof value === 'number') return row.kind === 'mode' ? formatFileMode(value) : String(value);
  // A list or an absent value has its words (defaultWords).
  return typeof value === 'string' ? value : '';
}

/** Defaults: the seed's values, which are also the API server's own. */
export const DEFAULT_OPTIONS: HardenOptions = {
  // Each row gives its own option's default (RowOf), so the record is a HardenOptions but for one key.
  ...(Object.fromEntries(OPTION_ROWS.map((row) => [row.name, row.default])) as unknown as Omit<HardenOptions, 'excludedContainers'>),
  excludedContainers: [],
};

/** A part of the form: a title and its options, in the order the form shows them. */
export type OptionGroup = { readonly title: OptionGroupTitle; readonly options: readonly OptionName[] };

/**
 * The form's groups, each option in one: what is hardened first (the only options tied to the
 * pasted manifest), then the token, then its mount.
 */
export const OPTION_GROUPS: readonly OptionGroup[] = OPTION_GROUP_TITLES.map((title) => ({
  title,
  options: OPTION_ROWS.filter((row) => 'group' in row && row.group === title).map((row) => row.name),
}));

/** The row of an option. */
export function optionRow(name: OptionName): OptionRow | undefined {
  return OPTION_TABLE.find((row) => row.name === name);
}

/**
 * Characters no option the tool writes may hold: control characters (C0, DEL, C1 such as NEL) and
 * the Unicode line and paragraph separators. Kubernetes' YAML reader takes CR, NEL, U+2028 and
 * U+2029 for line breaks, so a value holding one could end its line and start a key of its own.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNWRITABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  '\n': 'a line break (LF)',
  '\r': 'a carriage return (CR)',
  '\t': 'a tab',
  '\u0085': 'a NEXT LINE character (U+0085)',
  '\u2028': 'a LINE SEPARATOR (U+2028)',
  '\u2029': 'a PARAGRAPH SEPARATOR (U+2029)',
};

/** Why a value the tool would write cannot be written, or undefined when it can. */
function unwritableReason(raw: string): string | undefined {
  const char = UNWRITABLE.exec(raw)?.[0];
  if (char === undefined) return undefined;
  const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[char] ?? `a control character (${code})`;
  const why =
    char === '\n'
      ? 'which would end the line it is written on'
      : /[\r\u0085\u2028\u2029]/.test(char)
        ? "which Kubernetes' YAML reader takes for the end of a line"
        : 'which no Kubernetes name or path holds';
  return `it holds ${name}, ${why}`;
}

/** A check that first refuses what cannot be written, with the reason. */
function writable<T>(check: (raw: string) => Parsed<T>): (raw: string) => Parsed<T> {
  return (raw) => {
    const reason = unwritableReason(raw);
    return reason === undefined ? check(raw) : { ok: false, reason };
  };
}

function checkSubdomain(raw: string): Parsed<string> {
  return raw.length <= 253 && DNS1123_SUBDOMAIN.test(raw) ? { ok: true, value: raw } : { ok: false };
}

function checkLabel(raw: string): Parsed<string> {
  return raw.length <= 63 && DNS1123_LABEL.test(raw) ? { ok: true, value: raw } : { ok: false };
}

function checkExpiration(raw: string): Parsed<number> {
  if (!/^\d+$/.test(raw)) return { ok: false };
  const value = Number(raw);
  return value >= MIN_EXPIRATION_SECONDS && value <= MAX_EXPIRATION_SECONDS ? { ok: true, value } : { ok: false };
}

function checkMountPath(raw: string): Parsed<string> {
  const ok = raw.startsWith('/') && !raw.split('/').includes('..') && raw.trim() === raw;
  return ok ? { ok: true, value: raw } : { ok: false };
}

/** Accepts `0444`, `444`, `0o444` (and `0O444`): always octal, as chmod reads it. */
export function parseFileMode(raw: string): number | undefined {
  const match = /^(?:0[oO]?)?([0-7]{1,4})$/.exec(raw);
  if (!match?.[1]) return undefined;
  const value = parseInt(match[1], 8);
  return value <= 0o777 ? value : undefined;
}

function checkMode(raw: string): Parsed<number> {
  const value = parseFileMode(raw);
  return value === undefined ? { ok: false } : { ok: true, value };
}

/** Modes people mean: owner, group and world reading or writing in the usual combinations. */
const COMMON_MODES = [0o400, 0o440, 0o444, 0o600, 0o640, 0o644, 0o660, 0o664, 0o666, 0o700, 0o750, 0o755, 0o770, 0o775, 0o777];

/**
 * `kubectl get -o yaml` prints modes in decimal (0644 as 420), and people copy them into the
 * form, where modes are octal: a decimal-looking value that is a common mode in decimal gets a
 * question. Undefined when the value does not look like that.
 */
export function decimalModeHint(raw: string): string | undefined {
  const text = raw.trim();
  if (!/^[1-9]\d{2}$/.test(text)) return undefined;
  const decimal = Number(text);
  if (!COMMON_MODES.includes(decimal) || COMMON_MODES.includes(parseInt(text, 8))) return undefined;
  const octal = formatFileMode(decimal);
  return `${text} is how kubectl prints ${octal} — did you mean ${octal}?`;
}

function checkAudience(raw: string): Parsed<string> {
  // A blank value never reaches a check: it takes the default (readOption).
  return { ok: true, value: raw };
}

function checkContainers(raw: string): Parsed<string[]> {
  const names = raw.split(',').map((name) => name.trim());
  return names.some((name) => name === '') ? { ok: false } : { ok: true, value: names };
}

function checkApiAccess(raw: string): Parsed<ApiAccessDefault> {
  const value = API_ACCESS_VALUES.find((known) => known === raw);
  return value === undefined ? { ok: false } : { ok: true, value };
}

/**
 * Checks per-workload choices one by one, as `--workload` writes them or as objects; refused ones
 * are left out. `refuse` gets the value as written and what is wrong with it.
 */
function checkWorkloads(
  raw: readonly (WorkloadChoice | string)[],
  refuse: (value: string, why: string) => void,
): readonly WorkloadChoice[] {
  if (raw.length > MAX_WORKLOAD_CHOICES) {
    refuse(`${raw.length} choices`, `at most ${MAX_WORKLOAD_CHOICES} workloads can be chosen one by one; use --api-access for the rest`);
    return [];
  }
  return raw.flatMap((entry): WorkloadChoice[] => {
    if (typeof entry === 'string') {
      const parsed = parseWorkloadOverride(entry);
      if (!parsed.ok) {
        refuse(entry, parsed.problem.message);
        return [];
      }
      const { kind, namespace, name } = parsed.value.key;
      return [{ kind, ...(namespace === undefined ? {} : { namespace }), name, apiAccess: parsed.value.apiAccess }];
    }
    const written = `${entry.kind}/${entry.namespace === undefined ? '' : `${entry.namespace}/`}${entry.name}=${entry.apiAccess}`;
    const key = workloadKeyOf(entry.kind, entry.namespace, entry.name);
    if (!key.ok) {
      refuse(written, key.problem.message);
      return [];
    }
    if (entry.apiAccess !== 'mount' && entry.apiAccess !== 'none') {
      refuse(written, `"${written}": the API access must be "mount" (mount the token) or "none" (no token)`);
      return [];
    }
    const { kind, namespace, name } = key.value;
    return [{ kind, ...(namespace === undefined ? {} : { namespace }), name, apiAccess: entry.apiAccess }];
  });
}

/** Formats a mode as Kubernetes documents it: `0444`. */
export function formatFileMode(mode: number): string {
  return '0' + mode.toString(8).padStart(3, '0');
}

/** `Title (--flag)`: how messages name an option. */
function optionTitle(row: OptionRowSpec): string {
  return `${row.title} (${row.flag})`;
}

function problem(row: OptionRowSpec, value: string, reason?: string): OptionProblem {
  const rule = row.rule ?? '';
  // The value is shown with its control characters escaped: a message must not break a line or a terminal.
  const shown = escapeForTerminal(value);
  return {
    code: 'invalid-option',
    option: row.name,
    value,
    rule,
    message: `${optionTitle(row)}: "${shown}" is not valid: ${reason === undefined ? '' : `${reason}; `}it must be ${rule}.`,
  };
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
  const options: Record<string, unknown> = { excludedContainers: input.excludedContainers ?? DEFAULT_OPTIONS.excludedContainers };
  const rows: readonly OptionRowSpec[] = OPTION_ROWS;
  for (const row of rows) options[row.name] = readOption(row, input[row.name], (refused) => problems.push(refused));
  // Each row reads its own option into that option's type (RowOf), so the record is a HardenOptions.
  return { options: options as HardenOptions, problems };
}

/** One option's value: parsed from text, a list or a switch as given, or the default. */
function readOption(row: OptionRowSpec, raw: OptionInput[RowName], refuse: (problem: OptionProblem) => void): unknown {
  if (row.kind === 'workloads')
    return checkWorkloads(Array.isArray(raw) ? raw : [], (value, why) =>
      refuse({ ...problem(row, value), message: `${optionTitle(row)}: ${escapeForTerminal(why)}.` }),
    );
  if (typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map((name: string) => name.trim()).filter((name) => name !== '');
  const value = text(typeof raw === 'object' ? undefined : raw);
  if (value === undefined || row.parse === undefined) return row.default;
  const parsed = row.parse(value);
  if (parsed.ok) return parsed.value;
  refuse(problem(row, value, parsed.reason));
  return row.default;
}

/** Validates one field as the user types: the problem, or undefined when the value is fine or empty. */
export function validateOption(option: OptionName, raw: string): OptionProblem | undefined {
  return resolveOptions({ [option]: raw }).problems[0];
}

/** Normalises a mount path for comparison: `/a/b/` and `/a/b` are the same mount. */
export function normaliseMountPath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
