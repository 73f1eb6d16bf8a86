/** The `sa-token-hardener` command: argument parsing, I/O and exit codes; all logic is in the core. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  type ClusterDump,
  escapeForTerminal as safe,
  formatWorkloadKey,
  type HardenEvidence,
  type HardenOptions,
  type WorkloadChoice,
  formatOutput,
  harden,
  readClusterDumps,
  isOutputFormat,
  type HardenResult,
  type InputError,
  MAX_FILE_BYTES,
  MAX_INPUT_BYTES,
  isResourceList,
  OUTPUT_FORMATS,
} from '../core/index';
import { decodeUtf8 } from './decode';
import { type InputBytes, type LimitedRead, readLimited } from './read-limited';
import { HELP_TEXT } from './help';
import { OPTION_ARGUMENTS, resolveFlagOptions } from './option-flags';
import { runKrmCommand } from './krm-command';
import { runPolicyCommand } from './policy-command';

/** What the command reads and writes, so tests can run it in-process. */
export type CliIo = {
  /** The whole input, or its chunks as they arrive (read only up to the size limit). */
  readonly readFile: (path: string) => InputBytes;
  readonly readStdin: () => InputBytes;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
  /** The working directory, which SARIF and GitHub annotations name files relative to. */
  readonly cwd?: (() => string) | undefined;
  /** Whether standard error is a terminal: then reading and hardening a large input show progress there. */
  readonly progress?: boolean | undefined;
};

/** Progress is shown for inputs past this many bytes, every this many bytes read. */
const PROGRESS_BYTES = 8 * 1024 * 1024;

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

const FORMAT_NAMES = OUTPUT_FORMATS.map((row) => row.name);
const DEFAULT_FORMAT = OUTPUT_FORMATS[0].name;
const STDIN_LABEL = '<stdin>';

/** Exit status: done, `--check` found workloads to harden, bad input or options. */
export const EXIT = { ok: 0, notHardened: 1, error: 2 } as const;

/** Flags that shape the output; the hardening options' flags come from the core's table. */
const OUTPUT_ARGUMENTS: ParseArgsOptionsConfig = {
  cluster: { type: 'string', multiple: true },
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

type Input = { label: string; text: string; maxInputBytes: number };

/** Runs the command; returns the exit status. */
export function runCli(argv: readonly string[], io: CliIo): number {
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
  const resolved = resolveFlagOptions(values, io, 'sa-token-hardener');
  if (resolved === undefined) return EXIT.error;
  const { options, configInput, flagInput } = resolved;

  const inputs: Input[] = [];
  for (const path of positionals.length === 0 ? ['-'] : positionals) {
    const label = path === '-' ? STDIN_LABEL : path;
    // A file is read whole; standard input may be an endless stream, so it stays bounded.
    const limit = path === '-' ? MAX_INPUT_BYTES : MAX_FILE_BYTES;
    let read: LimitedRead;
    try {
      read = readLimited(showingProgress(path === '-' ? io.readStdin() : io.readFile(path), label, io), limit);
    } catch (error) {
      io.stderr(`${safe(label)}: error: cannot read: ${safe((error as NodeJS.ErrnoException).code ?? (error as Error).message)}\n`);
      return EXIT.error;
    }
    if ('tooLarge' in read) {
      const hint = path === '-' ? ' on standard input; give it as a file, which may hold up to 256 MB' : '';
      io.stderr(`${safe(label)}:1:1: error: the input is over ${limit / 1024 / 1024} MB (the limit)${hint}\n`);
      return EXIT.error;
    }
    const decoded = decodeUtf8(read.bytes);
    if ('error' in decoded) {
      io.stderr(
        `${safe(label)}:${decoded.error.line}:${decoded.error.col}: error: the input is not valid UTF-8 (byte 0x${decoded.error.byte.toString(16).padStart(2, '0')})\n`,
      );
      return EXIT.error;
    }
    inputs.push({ label, text: decoded.text, maxInputBytes: limit });
  }

  const [only] = inputs;
  if (inputs.length === 1 && only?.label === STDIN_LABEL && isResourceList(only.text)) {
    return runKrmCommand(only.text, configInput, flagInput, io);
  }
  const cluster = readClusters(
    Array.isArray(values.cluster) ? values.cluster.filter((path) => typeof path === 'string') : [],
    io,
    values.quiet === true,
  );
  if (cluster === undefined) return EXIT.error;
  const evidence = cluster.objects.length === 0 ? undefined : { clusterDumps: [cluster] };
  const results = hardenInputs(inputs, options, evidence, io);
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
  const files = results.map(({ input, result }) => ({
    label: input.label,
    text: input.text,
    result,
    diffLabels: input.label === STDIN_LABEL ? { before: 'input', after: 'hardened' } : undefined,
  }));
  const flags = { json: values.json === true, cwd: io.cwd?.(), version: io.version };
  if (values.check) return check(results, io, isCheckReport(format) ? formatOutput(format, files, flags).text : undefined);
  const { text, notes } = formatOutput(format, files, flags);
  for (const note of notes) io.stderr(`${safe(note.file)}: note: ${safe(note.message)}\n`);
  io.stdout(text);
  return EXIT.ok;
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
  io: CliIo,
): { input: Input; result: HardenResult }[] | undefined {
  const results = inputs.map((input) => ({ input, result: hardenShowingProgress(input, options, evidence, io) }));
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
    for (const choice of unknown)
      io.stderr(`sa-token-hardener: error: ${safe(choiceLabel(choice))} names no workload in the inputs; ${safe(there)}\n`);
    return undefined;
  }
  return results.map(({ input, result }) => {
    if (!result.errors.every((error) => error.code === 'unknown-workload') || result.errors.length === 0) return { input, result };
    const own = labelsOf(result);
    const workloads = options.workloads.filter((choice) => own.has(choiceLabel(choice)));
    return { input, result: hardenShowingProgress(input, { ...options, workloads }, evidence, io) };
  });
}

/** Hardens one input; a large one says so on a terminal while it runs. */
function hardenShowingProgress(input: Input, options: HardenOptions, evidence: HardenEvidence | undefined, io: CliIo): HardenResult {
  const shown = io.progress === true && input.text.length > PROGRESS_BYTES;
  if (shown) io.stderr(`${safe(input.label)}: hardening ${megabytes(input.text.length)} MB…`);
  const result = harden(input.text, options, evidence, { maxInputBytes: input.maxInputBytes });
  if (shown) io.stderr('\r\x1b[K');
  return result;
}

/** The chunks as they are read, with a line on a terminal that counts them; the line is cleared at the end. */
function showingProgress(chunks: InputBytes, label: string, io: CliIo): InputBytes {
  if (io.progress !== true || chunks instanceof Uint8Array) return chunks;
  return (function* () {
    let total = 0;
    let shown = 0;
    try {
      for (const chunk of chunks) {
        total += chunk.length;
        if (total - shown >= PROGRESS_BYTES) {
          shown = total;
          io.stderr(`\r${safe(label)}: read ${megabytes(total)} MB`);
        }
        yield chunk;
      }
    } finally {
      if (shown > 0) io.stderr('\r\x1b[K');
    }
  })();
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
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
      read = readLimited(
        showingProgress(path === '-' ? io.readStdin() : io.readFile(path), path, io),
        path === '-' ? MAX_INPUT_BYTES : MAX_FILE_BYTES,
      );
    } catch (error) {
      io.stderr(
        `${safe(path)}: error: cannot read the cluster dump: ${safe((error as NodeJS.ErrnoException).code ?? (error as Error).message)}\n`,
      );
      return undefined;
    }
    if ('tooLarge' in read) {
      io.stderr(
        path === '-'
          ? `${safe(path)}:1:1: error: the cluster dump is over ${MAX_INPUT_BYTES / 1024 / 1024} MB on standard input (give it as a file)\n`
          : `${safe(path)}:1:1: error: the cluster dump is over ${MAX_FILE_BYTES / 1024 / 1024} MB (the limit)\n`,
      );
      return undefined;
    }
    const decoded = decodeUtf8(read.bytes);
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

/** `FILE:LINE:COL: error: MESSAGE`, and the hint as a note, like a compiler. */
export function formatError(label: string, error: InputError): string {
  const where = `${safe(label)}:${error.start.line}:${error.start.col}:`;
  return `${where} error: ${safe(error.message)}\n${error.hint ? `${where} note: ${safe(error.hint)}\n` : ''}`;
}

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
    // A kind this tool does not know but that carries a pod template (a Knative Service) is not checked: say so.
    for (const finding of result.findings) {
      if (finding.code !== 'unknown-pod-kind') continue;
      const where = finding.position ? `${finding.position.line}:` : '';
      io.stderr(`${safe(input.label)}:${where} note: ${safe(finding.object)}: not checked: ${safe(finding.message)}\n`);
    }
  }
  if (report !== undefined) io.stdout(report);
  if (unhardened === 0) return EXIT.ok;
  io.stderr(
    `${unhardened} object${unhardened === 1 ? ' is' : 's are'} not hardened; run sa-token-hardener without --check to fix ${unhardened === 1 ? 'it' : 'them'}\n`,
  );
  return EXIT.notHardened;
}
