/** The `sa-token-hardener` command: argument parsing, I/O and exit codes; all logic is in the core. */
import { Readable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  type AuditLogSummary,
  type ClusterDump,
  DEFAULT_AUDIT_MIN_DAYS,
  type OutputFormat,
  escapeForTerminal as safe,
  formatWorkloadKey,
  type HardenEvidence,
  type HardenOptions,
  readClusterDumps,
  type WorkloadChoice,
  formatOutput,
  formatOutputChunks,
  harden,
  isOutputFormat,
  type FindingCode,
  type HardenResult,
  type InputError,
  functionConfigOf,
  ksv036Flagged,
  ksv036Note,
  mergeOptionInput,
  OUTPUT_FORMATS,
  resolveOptions,
} from '../core/index';
import { readAuditLogs } from './audit-log-files';
import { decodeRead } from './decode';
import type { CliIo } from './io';
import { type InputBytes, type LimitedRead, MAX_READ_BYTES, readLimited } from './read-limited';

export type { CliIo } from './io';
import { HELP_TEXT } from './help';
import { OPTION_ARGUMENTS, resolveFlagOptions } from './option-flags';
import { runKrmCommand } from './krm-command';
import { runPolicyCommand } from './policy-command';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

const FORMAT_NAMES = OUTPUT_FORMATS.map((row) => row.name);
const DEFAULT_FORMAT = OUTPUT_FORMATS[0].name;
const STDIN_LABEL = '<stdin>';
/** `--audit-min-days` past a year asks for a log nobody keeps: surely a mistake. */
const MAX_AUDIT_MIN_DAYS = 366;

/** Exit status: done, `--check` found workloads to harden, bad input or options. */
export const EXIT = { ok: 0, notHardened: 1, error: 2 } as const;

/** Flags that shape the output; the hardening options' flags come from the core's table. */
const OUTPUT_ARGUMENTS: ParseArgsOptionsConfig = {
  cluster: { type: 'string', multiple: true },
  'audit-log': { type: 'string', multiple: true },
  'audit-min-days': { type: 'string' },
  format: { type: 'string', short: 'f' },
  json: { type: 'boolean' },
  check: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
};

const ARGUMENTS: ParseArgsOptionsConfig = {
  ...OPTION_ARGUMENTS,
  ...OUTPUT_ARGUMENTS,
};

type Input = { label: string; text: string };

/**
 * Runs the command; returns the exit status. With `--audit-log`, a promise of it: the logs are
 * streamed (they run to gigabytes); everything else is read and written at once.
 */
export function runCli(argv: readonly string[], io: CliIo): number | Promise<number> {
  if (argv[0] === 'policy') return runPolicyCommand(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: ARGUMENTS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`sa-token-hardener: error: ${(error as Error).message.replace(/\. To specify.*$/s, '')}\nTry 'sa-token-hardener --help'.\n`);
    return EXIT.error;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP_TEXT);
    return EXIT.ok;
  }
  if (values.version) {
    io.stdout(`${io.version}\n`);
    return EXIT.ok;
  }
  const format = typeof values.format === 'string' ? values.format : DEFAULT_FORMAT;
  if (!isOutputFormat(format)) {
    io.stderr(`sa-token-hardener: error: --format: "${format}" is not one of ${FORMAT_NAMES.join(', ')}\n`);
    return EXIT.error;
  }
  const audit = auditArguments(values, positionals);
  if ('error' in audit) {
    io.stderr(`sa-token-hardener: error: ${audit.error}\n`);
    return EXIT.error;
  }
  const resolved = resolveFlagOptions(values, io, 'sa-token-hardener');
  if (resolved === undefined) return EXIT.error;
  const { configInput, flagInput } = resolved;
  let { options } = resolved;

  const progress = createProgress(io);
  const inputs: Input[] = [];
  for (const path of positionals.length === 0 ? ['-'] : positionals) {
    const label = path === '-' ? STDIN_LABEL : path;
    let read: LimitedRead;
    try {
      read = readLimited(path === '-' ? io.readStdin() : io.readFile(path), MAX_READ_BYTES, (bytes) => progress.read(label, bytes));
    } catch (error) {
      progress.clear();
      io.stderr(`${safe(label)}: error: cannot read: ${safe((error as NodeJS.ErrnoException).code ?? (error as Error).message)}\n`);
      return EXIT.error;
    }
    if ('tooLarge' in read) {
      progress.clear();
      io.stderr(`${safe(label)}:1:1: error: the input is over ${MAX_READ_BYTES / 1024 / 1024} MB (the limit)\n`);
      return EXIT.error;
    }
    const decoded = decodeRead(read);
    if ('error' in decoded) {
      progress.clear();
      io.stderr(
        `${safe(label)}:${decoded.error.line}:${decoded.error.col}: error: the input is not valid UTF-8 (byte 0x${decoded.error.byte.toString(16).padStart(2, '0')})\n`,
      );
      return EXIT.error;
    }
    inputs.push({ label, text: decoded.text });
  }

  // A ResourceList on standard input with no FILE named is how kustomize and kpt call a function;
  // `-` reads standard input as a manifest whatever it holds (the Helm post-renderer does).
  const [only] = inputs;
  progress.clear();
  const functionConfig = positionals.length === 0 && only ? functionConfigOf(only.text) : undefined;
  if (only && functionConfig !== undefined) {
    if (format === DEFAULT_FORMAT && !values.check) return runKrmCommand(only.text, configInput, flagInput, io);
    // Checked or reported, not transformed: the items are read as any list's, under the functionConfig's options.
    for (const problem of functionConfig.problems) {
      io.stderr(`${STDIN_LABEL}:${problem.position.line}:${problem.position.col}: error: functionConfig: ${safe(problem.message)}\n`);
    }
    const merged = resolveOptions(mergeOptionInput(mergeOptionInput(functionConfig.input, configInput), flagInput));
    for (const problem of merged.problems) io.stderr(`sa-token-hardener: error: functionConfig: ${safe(problem.message)}\n`);
    if (functionConfig.problems.length > 0 || merged.problems.length > 0) return EXIT.error;
    options = merged.options;
  }
  const cluster = readClusters(
    Array.isArray(values.cluster) ? values.cluster.filter((path) => typeof path === 'string') : [],
    io,
    values.quiet === true,
  );
  if (cluster === undefined) return EXIT.error;
  const evidence: HardenEvidence = cluster.objects.length === 0 ? {} : { clusterDumps: [cluster] };
  const finish = (auditLog: AuditLogSummary | undefined): number =>
    hardenAndPrint(inputs, options, { ...evidence, auditLog, auditMinDays: audit.minDays }, format, values, progress, io);
  if (audit.patterns.length === 0) return finish(undefined);
  return readAuditLogArguments(audit.patterns, io, values.quiet === true).then((summary) =>
    summary === undefined ? EXIT.error : finish(summary),
  );
}

/** Hardens the inputs with the evidence read, and prints the format asked for. */
function hardenAndPrint(
  inputs: readonly Input[],
  options: HardenOptions,
  evidence: HardenEvidence,
  format: OutputFormat,
  values: { readonly json?: unknown; readonly check?: unknown; readonly quiet?: unknown },
  progress: Progress,
  io: CliIo,
): number {
  const results = hardenInputs(inputs, options, evidence, progress, io);
  progress.clear();
  if (results === undefined) return EXIT.error;
  let failed = false;
  for (const { input, result } of results) {
    for (const error of result.errors) io.stderr(formatError(input.label, error));
    if (result.errors.length > 0) failed = true;
    else if (!values.quiet && !values.check) {
      for (const finding of result.findings) {
        if (finding.severity !== 'warning') continue;
        const where = finding.position ? `${finding.position.line}:${finding.position.col}:` : '';
        io.stderr(`${safe(input.label)}:${where} warning: ${finding.object ? `${safe(finding.object)}: ` : ''}${safe(finding.message)}\n`);
      }
    }
  }
  if (failed) return EXIT.error;
  // Checked once the input is known to be good, so that every format refuses a bad input alike.
  if (format === 'role' && evidence.auditLog === undefined) {
    io.stderr('sa-token-hardener: error: --format role needs --audit-log: the Roles are made from the requests the log shows\n');
    return EXIT.error;
  }
  const files = results.map(({ input, result }) => ({
    label: input.label,
    text: input.text,
    result,
    diffLabels: input.label === STDIN_LABEL ? { before: 'input', after: 'hardened' } : undefined,
  }));
  const flags = { json: values.json === true, cwd: io.cwd?.(), version: io.version };
  if (values.check) return check(results, io, isCheckReport(format) ? formatOutput(format, files, flags).text : undefined);
  // In chunks: the hardened manifest of a cluster dump is written as it is made of, never built whole.
  const { chunks, notes } = formatOutputChunks(format, files, flags);
  for (const note of notes) io.stderr(`${safe(note.file)}: note: ${safe(note.message)}\n`);
  for (const chunk of chunks) io.stdout(chunk);
  if (format === DEFAULT_FORMAT && !values.quiet) {
    // One note for the run, not one per object: the scanner says the same of every such workload.
    const scanner = ksv036Note(results.flatMap(({ result }) => ksv036Flagged(result.podObjects, 0)));
    if (scanner !== undefined) io.stderr(`sa-token-hardener: note: ${scanner}\n`);
  }
  return EXIT.ok;
}

/** `--audit-log` patterns and `--audit-min-days`, checked; an error in words when they are wrong. */
function auditArguments(
  values: Record<string, unknown>,
  positionals: readonly string[],
): { readonly patterns: readonly string[]; readonly minDays: number | undefined } | { readonly error: string } {
  const patterns = Array.isArray(values['audit-log']) ? values['audit-log'].filter((path): path is string => typeof path === 'string') : [];
  const raw = values['audit-min-days'];
  let minDays: number | undefined;
  if (typeof raw === 'string') {
    minDays = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(minDays > 0) || minDays > MAX_AUDIT_MIN_DAYS)
      return {
        error: `--audit-min-days: "${safe(raw)}" is not a number of days: give one from 1 to ${MAX_AUDIT_MIN_DAYS} (the default is ${DEFAULT_AUDIT_MIN_DAYS})`,
      };
    if (patterns.length === 0) return { error: '--audit-min-days needs --audit-log: it says how long a log must cover' };
  }
  const stdinUsers = [
    ...(positionals.length === 0 || positionals.includes('-') ? ['the manifest'] : []),
    ...(Array.isArray(values['cluster']) && values['cluster'].includes('-') ? ['--cluster'] : []),
  ];
  if (patterns.includes('-') && stdinUsers.length > 0)
    return { error: `--audit-log - and ${stdinUsers.join(' and ')} would both read standard input: name a file for one of them` };
  return { patterns, minDays };
}

/**
 * The audit logs, streamed into one summary; what was skipped goes to standard error as
 * `FILE:LINE: warning:`, and a file with no audit event is said to be one. Undefined when a file
 * could not be read or a pattern matched nothing (the errors printed).
 */
async function readAuditLogArguments(patterns: readonly string[], io: CliIo, quiet: boolean): Promise<AuditLogSummary | undefined> {
  const read = await readAuditLogs(patterns, {
    cwd: io.cwd?.() ?? process.cwd(),
    stdin: () => asyncChunks(io.readStdin()),
  });
  for (const error of read.errors) io.stderr(`${error}\n`);
  if (!quiet) for (const warning of read.warnings) io.stderr(`${warning}\n`);
  return read.errors.length > 0 ? undefined : read.summary;
}

/** Standard input's chunks, as the audit-log reader takes them. */
function asyncChunks(bytes: InputBytes): AsyncIterable<Uint8Array> {
  const chunks = bytes instanceof Uint8Array ? [bytes] : bytes;
  return Readable.from(chunks, { objectMode: true });
}

/**
 * Hardens every input. With several inputs, a per-workload choice names a workload of one of
 * them: each input is hardened with the choices that name its own workloads, and a choice that
 * names none of any input is refused with the workloads there are.
 */
function hardenInputs(
  inputs: readonly Input[],
  options: HardenOptions,
  evidence: HardenEvidence | undefined,
  progress: Progress,
  io: CliIo,
): { input: Input; result: HardenResult }[] | undefined {
  const hardenOne = (input: Input, chosen: HardenOptions): HardenResult => {
    progress.step(input, 'hardening');
    // No output of the command reads where each change is (the page does): it is not worked out.
    return harden(input.text, chosen, evidence, { maxInputBytes: MAX_READ_BYTES, locate: false });
  };
  const results = inputs.map((input) => ({ input, result: hardenOne(input, options) }));
  if (inputs.length < 2 || options.workloads.length === 0) return results;
  const labelsOf = (result: HardenResult): Set<string> => new Set(result.workloads.map((workload) => formatWorkloadKey(workload.key)));
  const everywhere = new Set(results.flatMap(({ result }) => [...labelsOf(result)]));
  const choiceLabel = (choice: WorkloadChoice): string =>
    formatWorkloadKey({ kind: choice.kind, namespace: choice.namespace, name: choice.name });
  const unknown = options.workloads.filter((choice) => !everywhere.has(choiceLabel(choice)));
  if (unknown.length > 0) {
    const listed = [...everywhere];
    const there =
      listed.length === 0
        ? 'the inputs have none'
        : `they have ${listed.slice(0, 12).join(', ')}${listed.length > 12 ? ` and ${listed.length - 12} more` : ''}`;
    progress.clear();
    for (const choice of unknown)
      io.stderr(`sa-token-hardener: error: ${safe(choiceLabel(choice))} names no workload in the inputs; ${safe(there)}\n`);
    return undefined;
  }
  return results.map(({ input, result }) => {
    if (!result.errors.every((error) => error.code === 'unknown-workload') || result.errors.length === 0) return { input, result };
    const own = labelsOf(result);
    const workloads = options.workloads.filter((choice) => own.has(choiceLabel(choice)));
    return { input, result: hardenOne(input, { ...options, workloads }) };
  });
}

/**
 * The `--cluster` dumps, read whole (a dump of a large cluster runs to tens of megabytes and is
 * not held to the input's limit); undefined when one is refused, its errors printed.
 */
function readClusters(paths: readonly string[], io: CliIo, quiet: boolean): ClusterDump | undefined {
  const files = [];
  for (const path of paths) {
    let read: LimitedRead;
    try {
      read = readLimited(path === '-' ? io.readStdin() : io.readFile(path), MAX_READ_BYTES);
    } catch (error) {
      io.stderr(
        `${safe(path)}: error: cannot read the cluster dump: ${safe((error as NodeJS.ErrnoException).code ?? (error as Error).message)}\n`,
      );
      return undefined;
    }
    if ('tooLarge' in read) {
      io.stderr(`${safe(path)}:1:1: error: the cluster dump is over ${MAX_READ_BYTES / 1024 / 1024} MB (the limit)\n`);
      return undefined;
    }
    const decoded = decodeRead(read);
    if ('error' in decoded) {
      io.stderr(`${safe(path)}:${decoded.error.line}:${decoded.error.col}: error: the cluster dump is not valid UTF-8\n`);
      return undefined;
    }
    files.push({ name: path === '-' ? STDIN_LABEL : path, text: decoded.text });
  }
  const dump = readClusterDumps(files);
  let failed = false;
  for (const problem of dump.problems) {
    if (problem.severity === 'warning' && quiet) continue;
    failed ||= problem.severity === 'error';
    const where = `${safe(problem.file)}:${problem.position.line}:${problem.position.col}:`;
    io.stderr(`${where} ${problem.severity}: ${safe(problem.message)}\n${problem.hint ? `${where} note: ${safe(problem.hint)}\n` : ''}`);
  }
  return failed ? undefined : dump;
}

/** Inputs under this size are read and hardened in the blink of an eye: no progress line for them. */
const PROGRESS_FROM_BYTES = 8 * 1024 * 1024;

type Progress = ReturnType<typeof createProgress>;

/** The progress line for large inputs (CliIo.progress), shown only once an input is large. */
function createProgress(io: CliIo) {
  let shown = false;
  let lastMegabytes = 0;
  const show = (line: string): void => {
    shown = true;
    io.progress?.(line);
  };
  const megabytes = (bytes: number): number => Math.floor(bytes / 1024 / 1024);
  return {
    read(label: string, bytes: number): void {
      if (bytes < PROGRESS_FROM_BYTES || megabytes(bytes) === lastMegabytes) return;
      lastMegabytes = megabytes(bytes);
      show(`sa-token-hardener: reading ${safe(label)}: ${lastMegabytes} MB`);
    },
    step(input: Input, doing: string): void {
      if (shown || input.text.length >= PROGRESS_FROM_BYTES)
        show(`sa-token-hardener: ${doing} ${safe(input.label)} (${megabytes(input.text.length)} MB)…`);
    },
    clear(): void {
      if (shown) io.progress?.('');
      shown = false;
      lastMegabytes = 0;
    },
  };
}

/** `FILE:LINE:COL: error: MESSAGE`, and the hint as a note, like a compiler. */
export function formatError(label: string, error: InputError): string {
  const where = `${safe(label)}:${error.start.line}:${error.start.col}:`;
  return `${where} error: ${safe(error.message)}\n${error.hint ? `${where} note: ${safe(error.hint)}\n` : ''}`;
}

/**
 * Findings that mean `--check` could not judge something: a kind it does not know that carries a
 * pod template (a Knative Service), a workload whose pod template is missing or not a mapping, a
 * document that is not a Kubernetes object. SARIF and annotations carry them as warnings.
 */
const NOT_CHECKED: ReadonlySet<FindingCode> = new Set(['unknown-pod-kind', 'no-pod-template', 'not-kubernetes']);

/** `--check` prints the report of these formats instead of its own lines. */
function isCheckReport(format: string): boolean {
  return format === 'sarif' || format === 'github';
}

function check(results: readonly { input: Input; result: HardenResult }[], io: CliIo, report: string | undefined): number {
  let unhardened = 0;
  for (const { input, result } of results) {
    for (const workload of result.objects) {
      if (workload.missing.length === 0) continue;
      unhardened += 1;
      if (report === undefined)
        io.stdout(`${safe(input.label)}:${workload.position.line}: ${safe(workload.object)}: ${safe(workload.missing.join('; '))}\n`);
    }
    // What could not be checked is said, so a clean run is not taken for more than it is.
    for (const finding of result.findings) {
      if (!NOT_CHECKED.has(finding.code)) continue;
      const where = finding.position ? `${finding.position.line}:` : '';
      const object = finding.object === '' ? '' : `${safe(finding.object)}: `;
      io.stderr(`${safe(input.label)}:${where} note: ${object}not checked: ${safe(finding.message)}\n`);
    }
  }
  if (report !== undefined) io.stdout(report);
  if (unhardened === 0) return EXIT.ok;
  io.stderr(
    `${unhardened} object${unhardened === 1 ? ' is' : 's are'} not hardened; run sa-token-hardener without --check to fix ${unhardened === 1 ? 'it' : 'them'}\n`,
  );
  return EXIT.notHardened;
}
