/** `sa-token-hardener policy`: prints an admission policy for the options alone (SPEC §3.1); reads no input. */
import { parseArgs } from 'node:util';
import {
  escapeForTerminal as safe,
  LATEST_KUBERNETES_VERSION,
  OPTION_TABLE,
  type OptionRow,
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

const ROWS: readonly OptionRow[] = OPTION_TABLE;
/** The hardening options a policy enforces, and those it takes and ignores (it judges each pod spec alone). */
const ENFORCED = ROWS.filter((row) => row.policyHelp !== undefined);
const IGNORED = ROWS.filter((row) => row.policyIgnored !== undefined);

const COLUMN = 30;

/** One flag of the help: the flag in a column, what it does beside it, wrapped before 100 columns; a flag too long for its column gets a line of its own. */
function flagLine(flag: string, text: string): string {
  const lines: string[] = [];
  const long = flag.length + 3 > COLUMN;
  if (long) lines.push(`  ${flag}`);
  let line = long ? ' '.repeat(COLUMN) : `  ${flag}`.padEnd(COLUMN);
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + word.length > 100 && !line.endsWith('  ')) {
      lines.push(line.trimEnd());
      line = ' '.repeat(COLUMN);
    }
    line += line.endsWith(' ') ? word : ` ${word}`;
  }
  lines.push(line.trimEnd());
  return lines.map((text) => `${text}\n`).join('');
}

function enforcedOptionHelp(row: OptionRow): string {
  return flagLine(
    `${row.flag}${row.flagValue === undefined ? '' : ` ${row.flagValue}`}`,
    `${row.policyHelp ?? ''}; default: ${row.defaultText}`,
  );
}

/** `a, b and c`. */
function listed(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

export const POLICY_HELP_TEXT = `Usage: sa-token-hardener policy [--kind KIND] [--kubernetes-version X.Y] [options]

Prints a ready-to-apply admission policy and its binding that enforce the hardening chosen
by the options (no input is read). Apply it with: sa-token-hardener policy | kubectl apply -f -

  --kind KIND                 validating (default): ValidatingAdmissionPolicy, Kubernetes 1.30+;
                              mutating: MutatingAdmissionPolicy, Kubernetes 1.34+ (v1beta1 with
                              the feature gate in 1.34-1.35, v1 from 1.36), for Pods;
                              kyverno: Kyverno ValidatingPolicy and MutatingPolicy, Kyverno 1.18+
  --kubernetes-version X.Y    the cluster's version, which picks the mutating policy's API
                              version; default: ${LATEST_KUBERNETES_VERSION.major}.${LATEST_KUBERNETES_VERSION.minor}
${ENFORCED.map(enforcedOptionHelp).join('')}  --config FILE               the options of a HardeningConfig file (flags override it)
  -h, --help                  show this help
${listed(IGNORED.map((row) => row.flag))} are accepted
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
  for (const row of IGNORED) {
    if (values[row.flag.slice(2)] !== undefined)
      io.stderr(`sa-token-hardener policy: note: ${row.flag} does not change the policy, ${row.policyIgnored ?? ''}\n`);
  }
  const result = policyManifest(kind, options, version);
  for (const problem of result.problems) io.stderr(`sa-token-hardener policy: error: ${problem.message}\n`);
  if (result.problems.length > 0) return EXIT.error;
  io.stdout(result.text);
  return EXIT.ok;
}
