/**
 * Reading cluster dumps: the output of `kubectl get serviceaccounts,roles,rolebindings,clusterroles,
 * clusterrolebindings,pods -A -o yaml` (or `-o json`, or several such files) as plain objects,
 * Lists flattened. JSON goes through `JSON.parse` alone (a 27 MB dump reads in a fraction of a
 * second); YAML, and JSON that `JSON.parse` refuses, through the same reader as the input, so
 * problems carry the file's line and column. Dumps are not held to the input's size limit.
 */
import { parseManifest, readDocument } from '../read/parse';
import { checkBeforeParsing, fromYamlError, helmTemplateError, readingError, tooDeepError } from '../read/input-errors';
import type { ErrorCode, SourcePosition } from '../result';
import { createPositionLookup } from '../source-text';
import { flattenObjects, type KubeObject, nameOf, namespaceOf } from './objects';

/** A dump file's name (for messages) and text. */
export type DumpFile = { readonly name: string; readonly text: string };

/** Why a dump, or a part of it, was not read. Errors drop the file; warnings drop one document. */
export type DumpProblem = {
  readonly file: string;
  readonly severity: 'error' | 'warning';
  readonly code: ErrorCode | 'not-kubernetes';
  readonly message: string;
  readonly hint: string | undefined;
  readonly position: SourcePosition;
};

export type ClusterDump = {
  /** Every object of every file, once: a later file's copy of an object replaces an earlier one. */
  readonly objects: readonly KubeObject[];
  readonly problems: readonly DumpProblem[];
};

const START: SourcePosition = { line: 1, col: 1 };

/** Reads dump files into one set of objects. */
export function readClusterDumps(files: readonly DumpFile[]): ClusterDump {
  const objects = new Map<string, KubeObject>();
  const problems: DumpProblem[] = [];
  for (const file of files) {
    const read = readDumpFile(file);
    problems.push(...read.problems);
    for (const object of read.objects) {
      const id = `${String(object['apiVersion'])}/${String(object['kind'])}/${namespaceOf(object) ?? ''}/${nameOf(object) ?? objects.size}`;
      objects.delete(id);
      objects.set(id, object);
    }
  }
  return { objects: [...objects.values()], problems };
}

/** Reads one dump file. */
export function readDumpFile(file: DumpFile): ClusterDump {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  const json = parseJson(text);
  const read = json.ok ? { values: [json.value], starts: [START] } : readYaml(text, file);
  if ('severity' in read) return { objects: [], problems: [read] };
  const problems: DumpProblem[] = [];
  read.values.forEach((value, index) => {
    if (value === null || value === undefined || isList(value) || flattenObjects([value]).length > 0) return;
    problems.push({
      file: file.name,
      severity: 'warning',
      code: 'not-kubernetes',
      message: `document ${index + 1} is not a Kubernetes object (no apiVersion and kind): skipped`,
      hint: undefined,
      position: read.starts[index] ?? START,
    });
  });
  const objects = flattenObjects(read.values).map(({ object }) => object);
  if (read.values.every((value) => value === null || value === undefined)) {
    problems.push({
      file: file.name,
      severity: 'error',
      code: 'empty-input',
      message: 'the dump is empty',
      hint: undefined,
      position: START,
    });
  }
  return { objects, problems };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  // The first character that is not white space, without copying a text of many megabytes.
  const first = text[text.search(/\S/)];
  if (first !== '{' && first !== '[') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The documents of a YAML dump as plain values with where each starts, or the first problem that stops it. */
function readYaml(text: string, file: DumpFile): { values: unknown[]; starts: SourcePosition[] } | DumpProblem {
  const at = createPositionLookup(text);
  const early = checkBeforeParsing(text, at);
  // The input's size limit keeps the page responsive while typing; a dump is read once.
  // An empty dump is said as such below, not as an empty manifest.
  if (early && early.code !== 'too-large' && early.code !== 'empty-input') return fromInputError(early, file);
  try {
    const { documents } = parseManifest(text);
    const syntax = documents.flatMap((document, index) => document.errors.map((error) => fromYamlError(error, text, index, at)));
    const first = syntax[0];
    if (first) return fromInputError((first.code !== 'duplicate-key' && helmTemplateError(text, at)) || first, file);
    const unreadable = readingError(documents, text, false, at);
    if (unreadable) return fromInputError(unreadable, file);
    return {
      values: documents.map((document) => {
        const reading = readDocument(document);
        return reading.ok ? reading.value : undefined;
      }),
      starts: documents.map((document) => at(document.contents?.range?.[0] ?? document.range[0])),
    };
  } catch (error) {
    // The size check above skipped the nesting check: a file nested deep enough overflows the parser's stack.
    if (!(error instanceof RangeError)) throw error;
    return fromInputError(tooDeepError(0, at), file);
  }
}

function fromInputError(
  error: { code: ErrorCode; message: string; hint: string | undefined; start: SourcePosition },
  file: DumpFile,
): DumpProblem {
  return { file: file.name, severity: 'error', code: error.code, message: error.message, hint: error.hint, position: error.start };
}

function isList(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as Record<string, unknown>)['items']);
}
