/** The `sa-token-hardener` command: argument parsing, I/O and exit codes; all logic is in the core. */
import { parseArgs } from 'node:util';
import {
  changeReportJson,
  formatChangeReport,
  harden,
  type HardenResult,
  type InputError,
  jsonPatchesFor,
  kustomizeNotes,
  kustomizePatches,
  type OptionInput,
  plainDocuments,
  resolveOptions,
  unifiedDiff,
} from '../core/index';
import { decodeUtf8 } from './decode';
import { HELP_TEXT } from './help';
import { runPolicyCommand } from './policy-command';

/** What the command reads and writes, so tests can run it in-process. */
export type CliIo = {
  readonly readFile: (path: string) => Uint8Array;
  readonly readStdin: () => Uint8Array;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly version: string;
};

export const FORMATS = ['manifest', 'diff', 'changes', 'json-patch', 'kustomize'] as const;
export type Format = (typeof FORMATS)[number];

/** Exit status: done, `--check` found workloads to harden, bad input or options. */
export const EXIT = { ok: 0, notHardened: 1, error: 2 } as const;

const ARGUMENTS = {
  'service-account': { type: 'string' },
  expiration: { type: 'string' },
  'mount-path': { type: 'string' },
  'default-mode': { type: 'string' },
  audience: { type: 'string' },
  'volume-name': { type: 'string' },
  containers: { type: 'string' },
  'emit-service-account': { type: 'boolean' },
  'skip-service-accounts': { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  json: { type: 'boolean' },
  check: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

type Input = { label: string; text: string };

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
  const format = (values.format ?? 'manifest') as Format;
  if (!FORMATS.includes(format)) {
    io.stderr(`sa-token-hardener: error: --format: "${values.format}" is not one of ${FORMATS.join(', ')}\n`);
    return EXIT.error;
  }
  const optionInput: OptionInput = {
    serviceAccountName: values['service-account'],
    expirationSeconds: values.expiration,
    mountPath: values['mount-path'],
    defaultMode: values['default-mode'],
    audience: values.audience,
    volumeName: values['volume-name'],
    containers: values.containers,
    emitServiceAccount: values['emit-service-account'] ?? false,
    hardenServiceAccounts: !values['skip-service-accounts'],
  };
  const invalid = Object.entries(optionInput).filter(([, value]) => value === '');
  const { options, problems } = resolveOptions(optionInput);
  for (const [name] of invalid) io.stderr(`sa-token-hardener: error: --${kebab(name)} needs a value\n`);
  for (const problem of problems) io.stderr(`sa-token-hardener: error: ${problem.message}\n`);
  if (problems.length > 0 || invalid.length > 0) return EXIT.error;

  const inputs: Input[] = [];
  for (const path of positionals.length === 0 ? ['-'] : positionals) {
    const label = path === '-' ? '<stdin>' : path;
    let bytes: Uint8Array;
    try {
      bytes = path === '-' ? io.readStdin() : io.readFile(path);
    } catch (error) {
      io.stderr(`${label}: error: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return EXIT.error;
    }
    const decoded = decodeUtf8(bytes);
    if ('error' in decoded) {
      io.stderr(
        `${label}:${decoded.error.line}:${decoded.error.col}: error: the input is not valid UTF-8 (byte 0x${decoded.error.byte.toString(16).padStart(2, '0')})\n`,
      );
      return EXIT.error;
    }
    inputs.push({ label, text: decoded.text });
  }

  const results = inputs.map((input) => ({ input, result: harden(input.text, options) }));
  let failed = false;
  for (const { input, result } of results) {
    for (const error of result.errors) io.stderr(formatError(input.label, error));
    if (result.errors.length > 0) failed = true;
    else if (!values.quiet && !values.check) {
      for (const finding of result.findings) {
        if (finding.severity !== 'warning') continue;
        const where = finding.position ? `${finding.position.line}:${finding.position.col}:` : '';
        io.stderr(`${input.label}:${where} warning: ${finding.object ? `${finding.object}: ` : ''}${finding.message}\n`);
      }
    }
  }
  if (failed) return EXIT.error;
  if (values.check) return check(results, io);
  io.stdout(render(format, results, values.json ?? false, io));
  return EXIT.ok;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `FILE:LINE:COL: error: MESSAGE`, and the hint as a note, like a compiler. */
export function formatError(label: string, error: InputError): string {
  const where = `${label}:${error.start.line}:${error.start.col}:`;
  return `${where} error: ${error.message}\n${error.hint ? `${where} note: ${error.hint}\n` : ''}`;
}

function check(results: readonly { input: Input; result: HardenResult }[], io: CliIo): number {
  let unhardened = 0;
  for (const { input, result } of results) {
    for (const workload of result.workloads) {
      if (workload.missing.length === 0) continue;
      unhardened += 1;
      io.stdout(`${input.label}:${workload.position.line}: ${workload.object}: ${workload.missing.join('; ')}\n`);
    }
  }
  if (unhardened === 0) return EXIT.ok;
  io.stderr(
    `${unhardened} object${unhardened === 1 ? ' is' : 's are'} not hardened; run sa-token-hardener without --check to fix ${unhardened === 1 ? 'it' : 'them'}\n`,
  );
  return EXIT.notHardened;
}

type FileResult = { input: Input; result: HardenResult };

function render(format: Format, results: readonly FileResult[], json: boolean, io: CliIo): string {
  switch (format) {
    case 'manifest':
      return joinDocuments(results.map(({ result }) => result.output));
    case 'diff':
      return results
        .map(({ input, result }) =>
          unifiedDiff(
            input.text,
            result.output,
            input.label === '<stdin>'
              ? { before: 'input', after: 'hardened' }
              : { before: input.label, after: `${input.label} (hardened)` },
          ),
        )
        .join('');
    case 'changes':
      if (json)
        return `${JSON.stringify(
          results.map(({ input, result }) => ({ file: input.label, ...changeReportJson(result) })),
          null,
          2,
        )}\n`;
      return results.map(({ input, result }) => formatChangeReport(result, input.label)).join('\n');
    case 'json-patch':
      return `${JSON.stringify(
        results.flatMap(({ input, result }) => jsonPatchesFor(plainDocuments(input.text), plainDocuments(result.output))),
        null,
        2,
      )}\n`;
    case 'kustomize': {
      const patches = results.map(({ input, result }) => {
        const before = plainDocuments(input.text);
        const after = plainDocuments(result.output);
        for (const note of kustomizeNotes(before, after)) io.stderr(`${input.label}: note: ${note}\n`);
        return kustomizePatches(before, after);
      });
      return joinDocuments(patches.filter((text) => text !== ''));
    }
  }
}

/** Several files' outputs as one stream of YAML documents. */
function joinDocuments(texts: readonly string[]): string {
  if (texts.length <= 1) return texts[0] ?? '';
  return texts.map((text) => (text.endsWith('\n') ? text : `${text}\n`)).join('---\n');
}
