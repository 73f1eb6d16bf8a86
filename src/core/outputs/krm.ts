/**
 * The KRM function (kustomize, kpt): a `config.kubernetes.io/v1` `ResourceList` in, the same list
 * out with its `items` hardened and a `results` entry for every change and finding.
 *
 * Outside behaviour that shapes the rules (KRM Functions Specification, kustomize's fn framework):
 * - kustomize and kpt keep track of the items through their `config.kubernetes.io/*` and
 *   `internal.config.kubernetes.io/*` annotations (path, index, id); an item that loses them is
 *   treated as new. Items are hardened in place, by the same text splicing as any `*List`, so
 *   nothing outside the pod specs and ServiceAccounts changes.
 * - `functionConfig` is the transformer's own configuration object: here a `HardeningConfig`,
 *   or a ConfigMap whose `data` holds the same keys.
 * - A function that fails writes the list with `results` of severity `error` and exits non-zero;
 *   the orchestrator prints the results.
 * - Results before ours (an earlier function's) stay; ours are appended.
 */
import { type Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { SourceEditor } from '../edit/yaml-edit';
import { detectDocumentStyle } from '../edit/render';
import { harden } from '../harden/harden';
import { type ConfigRead, mergeOptionInput, readConfigNode } from '../harden/hardening-config';
import { DEFAULT_OPTIONS, type OptionInput, resolveOptions } from '../harden/options';
import { KUBERNETES_YAML_OPTIONS } from '../read/parse';
import type { HardenResult, InputError } from '../result';
import { formatPath } from '../change-path';
import { applyEdits, detectLineEnding, escapeForTerminal, printableJson } from '../source-text';
import { isRecord, ownPair, plainValue, resolveNode } from '../read/yaml-read';
import { ksv036Flagged, ksv036Note } from './scanners';

export const RESOURCE_LIST_API_VERSION = 'config.kubernetes.io/v1';

/** A result of the KRM function, as the specification shapes it. */
export type KrmResult = {
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly resourceRef?: { readonly apiVersion: string; readonly kind: string; readonly name: string; readonly namespace?: string };
  readonly field?: { readonly path: string };
  readonly file?: { readonly path: string; readonly index?: number };
};

/** What the function gives: the list to print, and whether it failed (exit 1). */
export type KrmOutcome = { readonly text: string; readonly results: readonly KrmResult[]; readonly failed: boolean };

type ResourceListReading = { readonly document: Document.Parsed; readonly list: YAMLMap };

/**
 * The text as a `ResourceList`, recognised as kustomize and kpt recognise one (kyaml's
 * `ByteReader`): a single document whose `kind` reads as `ResourceList` (written plain or quoted,
 * with a tag, a comment after it, in flow style or JSON) and that has `items` or a
 * `functionConfig`; its apiVersion is not checked. Nothing is expanded here, so an alias bomb
 * is recognised too, and refused later with a result.
 */
function readResourceList(text: string): ResourceListReading | undefined {
  // A cheap look first: most inputs are manifests, and those need not be parsed twice.
  if (!text.includes('ResourceList')) return undefined;
  const document = parseDocument(text, KUBERNETES_YAML_OPTIONS);
  if (document.errors.some((error) => error.code === 'MULTIPLE_DOCS')) return undefined;
  const list = document.contents;
  if (!isMap(list)) return undefined;
  const kind = resolveNode(ownPair(list, 'kind')?.value, document);
  if (!isScalar(kind) || kind.value !== 'ResourceList') return undefined;
  return ownPair(list, 'items') || ownPair(list, 'functionConfig') ? { document, list } : undefined;
}

/** Whether a text is a `ResourceList` (what kustomize and kpt send a function on standard input). */
export function isResourceList(text: string): boolean {
  return readResourceList(text) !== undefined;
}

/** The options a ResourceList's `functionConfig` holds, or undefined when the text is not a ResourceList. */
export function functionConfigOf(text: string): ConfigRead | undefined {
  const reading = readResourceList(text);
  if (reading === undefined) return undefined;
  if (reading.document.errors.length > 0) return { input: {}, problems: [] };
  return readConfigNode(resolveNode(ownPair(reading.list, 'functionConfig')?.value, reading.document), reading.document, text);
}

type ItemInfo = {
  readonly label: string;
  readonly resourceRef: NonNullable<KrmResult['resourceRef']>;
  readonly file: KrmResult['file'];
};

/** What a result says about an item: its reference and file, from its own fields and annotations. */
function describeItem(item: unknown): ItemInfo | undefined {
  if (!isRecord(item)) return undefined;
  const metadata = isRecord(item['metadata']) ? item['metadata'] : {};
  const annotations = isRecord(metadata['annotations']) ? metadata['annotations'] : {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const kind = text(item['kind']) ?? '';
  const name = text(metadata['name']) ?? text(metadata['generateName']) ?? '(unnamed)';
  const namespace = text(metadata['namespace']);
  const path = text(annotations['internal.config.kubernetes.io/path']) ?? text(annotations['config.kubernetes.io/path']);
  const index = Number(text(annotations['internal.config.kubernetes.io/index']) ?? text(annotations['config.kubernetes.io/index']));
  return {
    label: namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`,
    resourceRef: { apiVersion: text(item['apiVersion']) ?? '', kind, name, ...(namespace ? { namespace } : {}) },
    file: path === undefined ? undefined : { path, ...(Number.isInteger(index) ? { index } : {}) },
  };
}

/** A result whose message is safe to print: orchestrators show messages on a terminal as they are. */
function result(message: string, severity: KrmResult['severity'], about: Partial<KrmResult> = {}): KrmResult {
  return { message: escapeForTerminal(message), severity, ...about };
}

/** Results for the changes and findings of hardening the list, each tied to its item where it has one. */
function resultsOf(hardened: HardenResult, items: readonly (ItemInfo | undefined)[]): KrmResult[] {
  const byLabel = new Map<string, ItemInfo>();
  for (const item of items) if (item && !byLabel.has(item.label)) byLabel.set(item.label, item);
  const about = (item: ItemInfo | undefined): Partial<KrmResult> =>
    item ? { resourceRef: item.resourceRef, ...(item.file ? { file: item.file } : {}) } : {};
  const changes = hardened.changes.map((change): KrmResult => {
    const [first, index] = change.steps;
    const inItem = first === 'items' && typeof index === 'number' && change.steps.length > 2;
    const item = inItem ? items[index] : byLabel.get(change.object);
    return result(change.reason, 'info', { ...about(item), field: { path: inItem ? formatPath(change.steps.slice(2)) : change.path } });
  });
  const findings = hardened.findings.map((finding) => result(finding.message, finding.severity, about(byLabel.get(finding.object))));
  return [...changes, ...findings];
}

/**
 * Appends results to the list's `results` (creating it), keeping any an earlier function gave.
 * Spliced into the text like any other edit: re-rendering the list would move the comments of
 * untouched items, and kpt writes what it gets back into the user's files.
 */
function withResults(text: string, results: readonly KrmResult[], isJson: boolean): string {
  if (results.length === 0) return text;
  const document = parseDocument(text, KUBERNETES_YAML_OPTIONS);
  const list = document.contents;
  if (document.errors.length > 0 || !isMap(list) || list.items.length === 0) return emptyListWith(results);
  const editor = new SourceEditor(text, detectDocumentStyle(document, text, { lineEnding: detectLineEnding(text), json: isJson }));
  const pair = ownPair(list, 'results');
  const existing = resolveNode(pair?.value, document);
  if (isSeq(existing) && existing.items.length > 0 && pair?.value === existing) editor.appendItems(existing, results);
  else if (pair) editor.fillEmptyValue(pair, results, list.flow === true);
  else editor.insertPair(list, 'results', results);
  return applyEdits(text, editor.finish());
}

/** What a function that cannot splice its input (the input is not a readable list) hands back. */
function emptyListWith(results: readonly KrmResult[]): string {
  return printableJson({ apiVersion: RESOURCE_LIST_API_VERSION, kind: 'ResourceList', items: [], results });
}

/** An input error as a result message: where it is, what it is, and how to fix it. */
function describeError(error: InputError): string {
  return `line ${error.start.line}, column ${error.start.col}: ${error.message}${error.hint ? `. ${error.hint}` : ''}`;
}

/**
 * kustomize and kpt read a ResourceList as YAML (kyaml), flow style included, not with kubectl's
 * JSON rule. The function's output does not say where each change is.
 */
const AS_KRM = { reader: 'yaml', locate: false } as const;

/**
 * Runs the function on a `ResourceList`. Options come from `functionConfig` (a `HardeningConfig`
 * or a ConfigMap), with `base` (a `--config` file) and `flags` over it: what the operator gives on
 * the command line wins over what comes with the input. Emitting a ServiceAccount is off here: a
 * list's new items would need annotations only the orchestrator gives. Never throws: whatever is
 * refused (bad YAML, an alias bomb, a bad option) ends in `error` results.
 */
export function runKrmFunction(text: string, base: OptionInput, flags: OptionInput): KrmOutcome {
  const isJson = text.trimStart().startsWith('{');
  const failWith = (messages: readonly string[]): KrmOutcome => {
    const results = messages.map((message) => result(message, 'error'));
    return { text: withResults(text, results, isJson), results, failed: true };
  };
  const reading = readResourceList(text);
  if (reading === undefined || reading.document.errors.length > 0) {
    const refused = harden(text, DEFAULT_OPTIONS, {}, AS_KRM).errors;
    return failWith(refused.length > 0 ? refused.map(describeError) : ['the input is not a ResourceList']);
  }
  const { document, list } = reading;
  const config = readConfigNode(resolveNode(ownPair(list, 'functionConfig')?.value, document), document, text);
  if (config.problems.length > 0) {
    return failWith(config.problems.map((problem) => `functionConfig (line ${problem.position.line}): ${problem.message}`));
  }
  const { options, problems } = resolveOptions(mergeOptionInput(mergeOptionInput(config.input, base), flags));
  if (problems.length > 0) return failWith(problems.map((problem) => problem.message));
  const hardened = harden(text, { ...options, emitServiceAccount: false }, {}, AS_KRM);
  if (hardened.errors.length > 0) return failWith(hardened.errors.map(describeError));
  // Read only now: the hardening has refused whatever kubectl would not read (alias bombs included).
  const items = plainValue(ownPair(list, 'items')?.value, document);
  const results = resultsOf(hardened, (Array.isArray(items) ? items : []).map(describeItem));
  // kpt writes each item back to a file of its own, which scanners then read one by one.
  const scanner = ksv036Note(ksv036Flagged(hardened.podObjects, 1));
  if (scanner !== undefined) results.push(result(scanner, 'info'));
  return { text: withResults(hardened.output, results, hardened.isJson), results, failed: false };
}
