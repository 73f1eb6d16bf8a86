/**
 * The output formats of SPEC §3 as one table: the CLI's `--format` values, the page's tabs, file
 * extensions, button names and renderers all read it, so a new output is one row here.
 */
import { changeReportJson, formatChangeReport } from './change-report';
import { githubAnnotations } from './github-annotations';
import { jsonPatchesFor } from './json-patch';
import { kustomizeNotes, kustomizePatches } from './kustomize';
import { plainDocuments } from '../read/parse';
import type { HardenResult } from '../result';
import { sarifLog } from './sarif';
import { type DiffLabels, unifiedDiff } from './unified-diff';
import { formatObservedRoles } from './observed-roles';
import { formatWorkloadTable, workloadsJson } from './workload-table';
import { escapeForTerminal, printableJson } from '../source-text';
import { outputChunks, textChunks } from '../output-pieces';

/** One hardened input: its name for messages, its text and what `harden` made of it. */
export type OutputFile = {
  /** The file's name, as messages and the change report show it. */
  readonly label: string;
  readonly text: string;
  readonly result: HardenResult;
  /** The diff's `---`/`+++` names; by default the label and `label (hardened)`. */
  readonly diffLabels?: DiffLabels | undefined;
};

/** Switches that shape a format's text. */
export type OutputFlags = {
  /** `changes` as JSON for machines instead of text for people. */
  readonly json?: boolean | undefined;
  /** The working directory, which check reports (SARIF, GitHub) name files relative to. */
  readonly cwd?: string | undefined;
  /** The tool's version, which SARIF names. */
  readonly version?: string | undefined;
};

/** Something the output could not say in its own text (e.g. objects a kustomize patch cannot reach). */
export type OutputNote = { readonly file: string; readonly message: string };

/** A rendered output: the text to print, copy or download, and the notes that go beside it. */
export type FormattedOutput = { readonly text: string; readonly notes: readonly OutputNote[] };

/** The page's output tabs in order (SPEC §5.1); a link restores the one in view. */
export const OUTPUT_TABS = ['hardened', 'diff', 'json-patch', 'kustomize', 'policy'] as const;
export type OutputTab = (typeof OUTPUT_TABS)[number];

/** One output format. */
export type OutputFormatRow = {
  /** The CLI's `--format` value. */
  readonly name: string;
  /** What the format is, for `--help`. */
  readonly help: string;
  /** The page's tab showing it, if any (the change list has its own panel). */
  readonly tab: { readonly id: OutputTab; readonly label: string } | undefined;
  /** What the copy and download buttons give: `Copy ${noun}`, `Download ${noun}`. */
  readonly noun: (isJson: boolean) => string;
  /** The downloaded file's extension, with its dot. */
  readonly extension: (isJson: boolean) => string;
  /** The downloaded file's media type. */
  readonly mediaType: (isJson: boolean) => string;
  readonly render: (files: readonly OutputFile[], flags: OutputFlags) => FormattedOutput;
  /** The text in chunks to write one after another, for a format whose text need not be built whole. */
  readonly chunks?: (files: readonly OutputFile[]) => Iterable<string>;
};

const plain = (text: string): FormattedOutput => ({ text, notes: [] });

/** The output formats of SPEC §3, in the order `--help` lists them; the first is the default. */
export const OUTPUT_FORMATS = [
  {
    name: 'manifest',
    help: 'the hardened manifest',
    tab: { id: 'hardened', label: 'Hardened' },
    noun: (isJson) => (isJson ? 'JSON' : 'YAML'),
    extension: (isJson) => (isJson ? '.json' : '.yaml'),
    mediaType: (isJson) => (isJson ? 'application/json' : 'application/yaml'),
    render: (files) => plain([...manifestChunks(files)].join('')),
    chunks: manifestChunks,
  },
  {
    name: 'diff',
    help: 'a unified diff from the input to the hardened manifest',
    tab: { id: 'diff', label: 'Diff' },
    noun: () => 'diff',
    extension: () => '.diff',
    mediaType: () => 'text/x-diff',
    render: (files) =>
      plain(
        files
          .map(({ label, text, result, diffLabels }) =>
            unifiedDiff(text, result.output, diffLabels ?? { before: label, after: `${label} (hardened)` }),
          )
          .join(''),
      ),
  },
  {
    name: 'changes',
    help: 'the explained changes and findings (with --json: as JSON)',
    tab: undefined,
    noun: () => 'changes',
    extension: (isJson) => (isJson ? '.json' : '.txt'),
    mediaType: (isJson) => (isJson ? 'application/json' : 'text/plain'),
    render: (files, flags) =>
      plain(
        flags.json === true
          ? printableJson(files.map(({ label, result }) => ({ file: label, ...changeReportJson(result) })))
          : files.map(({ label, result }) => formatChangeReport(result, label)).join('\n'),
      ),
  },
  {
    name: 'json-patch',
    help: 'RFC 6902 operations, one array per document',
    tab: { id: 'json-patch', label: 'JSON Patch' },
    noun: () => 'JSON Patch',
    extension: () => '.json',
    mediaType: () => 'application/json',
    render: (files) =>
      plain(printableJson(files.flatMap(({ text, result }) => jsonPatchesFor(plainDocuments(text), plainDocuments(result.output))))),
  },
  {
    name: 'kustomize',
    help: 'strategic-merge patches for a kustomization',
    tab: { id: 'kustomize', label: 'Kustomize' },
    noun: () => 'kustomize patches',
    extension: () => '.yaml',
    mediaType: () => 'application/yaml',
    render: (files) => {
      const notes: OutputNote[] = [];
      const patches = files.map(({ label, text, result }) => {
        const before = plainDocuments(text);
        const after = plainDocuments(result.output);
        for (const message of kustomizeNotes(before, after)) notes.push({ file: label, message });
        return kustomizePatches(before, after);
      });
      return { text: joinDocuments(patches.filter((patch) => patch !== '')), notes };
    },
  },
  {
    name: 'sarif',
    help: 'what --check reports, as SARIF 2.1.0 for code scanning',
    tab: undefined,
    noun: () => 'SARIF',
    extension: () => '.sarif',
    mediaType: () => 'application/sarif+json',
    render: (files, flags) =>
      plain(
        printableJson(
          sarifLog(
            files.map(({ label, result }) => ({ path: label, result })),
            { name: 'sa-token-hardener', version: flags.version ?? '0.0.0' },
            flags.cwd,
          ),
        ),
      ),
  },
  {
    name: 'github',
    help: 'what --check reports, as GitHub Actions annotations',
    tab: undefined,
    noun: () => 'annotations',
    extension: () => '.txt',
    mediaType: () => 'text/plain',
    render: (files, flags) =>
      plain(
        githubAnnotations(
          files.map(({ label, result }) => ({ path: label, result })),
          flags.cwd,
        ),
      ),
  },
  {
    name: 'workloads',
    help: 'one line per workload: its ServiceAccount, the API access it got, the recommendation and why (with --json: as JSON, with the evidence)',
    tab: undefined,
    noun: () => 'workloads',
    extension: (isJson) => (isJson ? '.json' : '.txt'),
    mediaType: (isJson) => (isJson ? 'application/json' : 'text/plain'),
    render: (files, flags) =>
      plain(
        flags.json === true
          ? printableJson(workloadsJson(files.flatMap(({ result }) => result.workloads)))
          : files.length === 1
            ? formatWorkloadTable(files[0]?.result.workloads ?? [])
            : files.map(({ label, result }) => `${escapeForTerminal(label)}:\n${formatWorkloadTable(result.workloads)}`).join('\n'),
      ),
  },
  {
    name: 'role',
    help: 'with --audit-log: per ServiceAccount that keeps its token, the least Role or ClusterRole that allows every request seen, as YAML',
    tab: undefined,
    noun: () => 'roles',
    extension: () => '.yaml',
    mediaType: () => 'application/yaml',
    render: (files) => plain(formatObservedRoles(files.flatMap(({ result }) => result.workloads))),
  },
] as const satisfies readonly OutputFormatRow[];

/** A `--format` value. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]['name'];

/** The row of a format name, or undefined for a name that is not one (a user's `--format`). */
export function outputFormatRow(name: string): OutputFormatRow | undefined {
  return OUTPUT_FORMATS.find((row) => row.name === name);
}

/** Whether a name (a user's `--format`) is one of the formats. */
export function isOutputFormat(name: string): name is OutputFormat {
  return outputFormatRow(name) !== undefined;
}

/** Renders hardened files in a format; files with errors should be left out by the caller. */
export function formatOutput(format: OutputFormat, files: readonly OutputFile[], flags: OutputFlags = {}): FormattedOutput {
  const row: OutputFormatRow | undefined = outputFormatRow(format);
  if (row === undefined) throw new Error(`unknown output format ${format}`);
  return row.render(files, flags);
}

/**
 * As formatOutput, the text in chunks to write one after another: the hardened manifest comes as
 * the pieces it is made of (output-pieces.ts), never built whole.
 */
export function formatOutputChunks(
  format: OutputFormat,
  files: readonly OutputFile[],
  flags: OutputFlags = {},
): { readonly chunks: Iterable<string>; readonly notes: readonly OutputNote[] } {
  const row: OutputFormatRow | undefined = outputFormatRow(format);
  if (row === undefined) throw new Error(`unknown output format ${format}`);
  if (row.chunks) return { chunks: row.chunks(files), notes: [] };
  const { text, notes } = row.render(files, flags);
  return { chunks: textChunks(text), notes };
}

/** The hardened files as one stream of YAML documents (joinDocuments), in chunks. */
function* manifestChunks(files: readonly OutputFile[]): Generator<string> {
  if (files.length <= 1) {
    if (files[0]) yield* outputChunks(files[0].result);
    return;
  }
  for (const [index, { result }] of files.entries()) {
    if (index > 0) yield '---\n';
    let last = '';
    for (const chunk of outputChunks(result)) {
      yield chunk;
      last = chunk;
    }
    if (!last.endsWith('\n')) yield '\n';
  }
}

/** The download's file name: the first object's name, `-hardened`, and the format's extension. */
export function outputFileName(format: OutputFormat, result: HardenResult): string {
  const row = outputFormatRow(format);
  return `${result.firstObjectName ?? 'manifest'}-hardened${row?.extension(result.isJson) ?? ''}`;
}

/** Several files' outputs as one stream of YAML documents. */
function joinDocuments(texts: readonly string[]): string {
  if (texts.length <= 1) return texts[0] ?? '';
  return texts.map((text) => (text.endsWith('\n') ? text : `${text}\n`)).join('---\n');
}
