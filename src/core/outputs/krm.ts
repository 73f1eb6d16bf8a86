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
import { type Document, isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { harden } from '../harden/harden';
import { mergeOptionInput, readConfigNode } from '../harden/hardening-config';
import { type OptionInput, resolveOptions } from '../harden/options';
import { KUBERNETES_YAML_OPTIONS } from '../read/parse';
import type { HardenResult } from '../result';
import { isRecord, plainValue, resolveNode } from '../read/yaml-read';

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

/** Whether a text is a `ResourceList` (what kustomize and kpt send a function on standard input). */
export function isResourceList(text: string): boolean {
  // A cheap look first: most inputs are manifests, and those need not be parsed twice.
  if (!/^kind:\s*["']?ResourceList["']?\s*$/m.test(text.slice(0, 65536)) && !/"kind"\s*:\s*"ResourceList"/.test(text.slice(0, 65536)))
    return false;
  const document = parseDocument(text, KUBERNETES_YAML_OPTIONS);
  const value = document.errors.length > 0 ? undefined : plainValue(document.contents, document);
  return isRecord(value) && value['kind'] === 'ResourceList' && value['apiVersion'] === RESOURCE_LIST_API_VERSION;
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

/** Results for the changes and findings of hardening the list, each tied to its item where it has one. */
function resultsOf(result: HardenResult, items: readonly (ItemInfo | undefined)[]): KrmResult[] {
  const byLabel = new Map<string, ItemInfo>();
  for (const item of items) if (item && !byLabel.has(item.label)) byLabel.set(item.label, item);
  const about = (item: ItemInfo | undefined): Partial<KrmResult> =>
    item ? { resourceRef: item.resourceRef, ...(item.file ? { file: item.file } : {}) } : {};
  const changes = result.changes.map((change): KrmResult => {
    const match = /^items\[(\d+)\]\.(.*)$/.exec(change.path);
    const item = match ? items[Number(match[1])] : byLabel.get(change.object);
    return { message: change.reason, severity: 'info', ...about(item), field: { path: match?.[2] ?? change.path } };
  });
  const findings = result.findings.map((finding): KrmResult => ({
    message: finding.message,
    severity: finding.severity,
    ...about(byLabel.get(finding.object)),
  }));
  return [...changes, ...findings];
}

/** Appends results to the list's `results` (creating it), keeping any an earlier function gave. */
function withResults(text: string, results: readonly KrmResult[]): string {
  if (results.length === 0) return text;
  const document = parseDocument(text, KUBERNETES_YAML_OPTIONS);
  const list = document.contents;
  if (!isMap(list)) return text;
  // Results share their resource references; aliases would make them harder to read and to diff.
  const node = (value: unknown) => document.createNode(value, { aliasDuplicateObjects: false });
  const existing = list.get('results', true);
  if (isSeq(existing)) for (const result of results) existing.add(node(result));
  else document.set('results', node(results));
  return document.toString({ lineWidth: 0 });
}

function itemsOf(list: YAMLMap, document: Document.Parsed): unknown[] {
  const items = plainValue(list.get('items', true), document);
  return Array.isArray(items) ? items : [];
}

/**
 * Runs the function on a `ResourceList`. Options come from `functionConfig` (a `HardeningConfig`
 * or a ConfigMap) over `base` (a `--config` file), with `flags` over both. Emitting a
 * ServiceAccount is off here: a list's new items would need annotations only the orchestrator gives.
 */
export function runKrmFunction(text: string, base: OptionInput, flags: OptionInput): KrmOutcome {
  const failWith = (messages: readonly string[]): KrmOutcome => {
    const results = messages.map((message): KrmResult => ({ message, severity: 'error' }));
    return { text: withResults(text, results), results, failed: true };
  };
  const document = parseDocument(text, KUBERNETES_YAML_OPTIONS);
  const list = document.contents;
  if (document.errors.length > 0 || !isMap(list)) return failWith(['the ResourceList is not valid YAML']);
  const config = readConfigNode(resolveNode(list.get('functionConfig', true), document), document, text);
  if (config.problems.length > 0) {
    return failWith(config.problems.map((problem) => `functionConfig (line ${problem.position.line}): ${problem.message}`));
  }
  const { options, problems } = resolveOptions(mergeOptionInput(mergeOptionInput(base, config.input), flags));
  if (problems.length > 0) return failWith(problems.map((problem) => problem.message));
  const result = harden(text, { ...options, emitServiceAccount: false });
  if (result.errors.length > 0) {
    return failWith(result.errors.map((error) => `line ${error.start.line}, column ${error.start.col}: ${error.message}`));
  }
  const items = itemsOf(list, document).map(describeItem);
  const results = resultsOf(result, items);
  return { text: withResults(result.output, results), results, failed: false };
}
