/**
 * One policy file for every entry point: a `HardeningConfig` document whose `spec` holds the
 * options of SPEC §2.4 under the names of the fields they write (`expirationSeconds`,
 * `mountPath`, ...), or a ConfigMap whose `data` holds the same keys as strings (what kpt and
 * kustomize pass a function most easily). The CLI's `--config`, the GitHub Action, the KRM
 * function and the Helm post-renderer all read it; command-line flags override it.
 *
 * A number is taken as written, not as YAML reads it: `defaultMode: 0444` means what
 * `--default-mode 0444` means, although YAML 1.1 reads the scalar as 292.
 */
import { type Document, isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { formatWorkloadKey, parseWorkloadOverride, workloadKeyOf } from '../evidence/workload-key';
import { OPTION_TABLE, type OptionInput, type OptionKind, type OptionName, type WorkloadChoice } from './options';
import { KUBERNETES_YAML_OPTIONS } from '../read/parse';
import type { SourcePosition } from '../result';
import { createPositionLookup } from '../source-text';
import { resolveNode, stringAt } from '../read/yaml-read';

export const HARDENING_CONFIG_API_VERSION = 'sa-token-hardener.dev/v1alpha1';
export const HARDENING_CONFIG_KIND = 'HardeningConfig';

/** Why a configuration document was refused. */
export type ConfigProblemCode = 'config-syntax' | 'config-kind' | 'config-unknown-key' | 'config-value';

export type ConfigProblem = {
  readonly code: ConfigProblemCode;
  readonly severity: 'error';
  readonly message: string;
  readonly position: SourcePosition;
};

type Kind = 'string' | 'boolean' | 'list' | 'names' | 'choice' | 'workloads';

/** How a config holds an option of each kind: numbers and modes as written (see the header), like text. */
const CONFIG_KINDS: Readonly<Record<OptionKind, Kind>> = {
  text: 'string',
  number: 'string',
  mode: 'string',
  boolean: 'boolean',
  choice: 'choice',
  list: 'list',
  workloads: 'workloads',
};

/** The keys of `spec` (or `data`): the options of the table, and the containers left out as the page stores them. */
const CONFIG_KEYS: Readonly<Record<OptionName, Kind>> = {
  ...(Object.fromEntries(OPTION_TABLE.map((row) => [row.name, CONFIG_KINDS[row.kind]])) as Record<
    Exclude<OptionName, 'excludedContainers'>,
    Kind
  >),
  excludedContainers: 'names',
};

/** The values a choice takes, from its row (none for an option of another kind). */
const CHOICE_VALUES: Readonly<Record<OptionName, readonly string[]>> = {
  ...(Object.fromEntries(OPTION_TABLE.map((row): [string, readonly string[]] => [row.name, 'values' in row ? row.values : []])) as Record<
    Exclude<OptionName, 'excludedContainers'>,
    readonly string[]
  >),
  excludedContainers: [],
};

const WORKLOAD_FIELDS = ['kind', 'namespace', 'name', 'apiAccess'];

const KEY_NAMES = Object.keys(CONFIG_KEYS).join(', ');

function isOptionName(key: string): key is OptionName {
  return Object.hasOwn(CONFIG_KEYS, key);
}

/** What a configuration gives: the options as typed (validated later with the flags) and what was refused. */
export type ConfigRead = { readonly input: OptionInput; readonly problems: readonly ConfigProblem[] };

/** Reads a `HardeningConfig` (or ConfigMap) file's text. Never throws. */
export function readHardeningConfig(source: string): ConfigRead {
  const at = createPositionLookup(source);
  const document = parseDocument(source, KUBERNETES_YAML_OPTIONS);
  const error = document.errors[0];
  if (error) {
    return {
      input: {},
      problems: [{ code: 'config-syntax', severity: 'error', message: error.message, position: at(error.pos[0]) }],
    };
  }
  return readConfigNode(document.contents, document, source);
}

/**
 * Reads a configuration object already parsed (a KRM function's `functionConfig`): `source` is
 * the text its node ranges point into. An absent or null object is an empty configuration.
 */
export function readConfigNode(node: unknown, document: Document.Parsed, source: string): ConfigRead {
  const at = createPositionLookup(source);
  const problems: ConfigProblem[] = [];
  const fail = (code: ConfigProblemCode, message: string, offset: number | undefined): ConfigRead => ({
    input: {},
    problems: [{ code, severity: 'error', message, position: at(offset ?? 0) }],
  });
  const object = resolveNode(node, document);
  if (object === undefined || (isScalar(object) && object.value === null)) return { input: {}, problems };
  if (!isMap(object)) return fail('config-kind', `the configuration must be a ${HARDENING_CONFIG_KIND} or a ConfigMap`, object.range?.[0]);
  const kind = stringAt(object, 'kind', document);
  const apiVersion = stringAt(object, 'apiVersion', document);
  const isConfigMap = kind === 'ConfigMap' && apiVersion === 'v1';
  if (!isConfigMap && !(kind === HARDENING_CONFIG_KIND && apiVersion === HARDENING_CONFIG_API_VERSION)) {
    return fail(
      'config-kind',
      `the configuration must be apiVersion: ${HARDENING_CONFIG_API_VERSION}, kind: ${HARDENING_CONFIG_KIND} (or a v1 ConfigMap), not ${apiVersion ?? '(no apiVersion)'} ${kind ?? '(no kind)'}`,
      object.range?.[0],
    );
  }
  const section = isConfigMap ? 'data' : 'spec';
  const values = resolveNode(object.get(section, true), document);
  if (values === undefined || (isScalar(values) && values.value === null)) return { input: {}, problems };
  if (!isMap(values)) return fail('config-value', `${section} must be a mapping of options (${KEY_NAMES})`, values.range?.[0]);
  const input: Record<string, unknown> = {};
  for (const pair of values.items) {
    const keyNode = pair.key as Node | null;
    const key = keyText(keyNode, source);
    const offset = keyNode?.range?.[0];
    if (!isOptionName(key)) {
      problems.push({
        code: 'config-unknown-key',
        severity: 'error',
        message: `${section}.${key} is not an option; the options are ${KEY_NAMES}`,
        position: at(offset ?? 0),
      });
      continue;
    }
    const value = resolveNode(pair.value, document);
    if (CONFIG_KEYS[key] === 'workloads') {
      const workloads = readWorkloads(value, document, source, `${section}.${key}`);
      if ('choices' in workloads) input[key] = workloads.choices;
      else
        problems.push({
          code: 'config-value',
          severity: 'error',
          message: workloads.message,
          position: at(workloads.offset ?? offset ?? 0),
        });
      continue;
    }
    const read = readValue(CONFIG_KEYS[key], value, source, CHOICE_VALUES[key]);
    if (read.ok) input[key] = read.value;
    else
      problems.push({
        code: 'config-value',
        severity: 'error',
        message: `${section}.${key} must be ${read.expected}`,
        position: at(value?.range?.[0] ?? offset ?? 0),
      });
  }
  return { input, problems };
}

type Read = { ok: true; value: string | boolean | readonly string[] | undefined } | { ok: false; expected: string };

function readValue(kind: Kind, node: Node | undefined, source: string, choices: readonly string[]): Read {
  if (node === undefined || (isScalar(node) && node.value === null)) return { ok: true, value: undefined };
  if ((kind === 'list' || kind === 'names') && isSeq(node)) {
    const names = node.items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value : undefined));
    return names.every((name) => name !== undefined) ? { ok: true, value: names } : { ok: false, expected: 'a list of container names' };
  }
  if (!isScalar(node) || kind === 'names') return { ok: false, expected: expectedOf(kind, choices) };
  // Numbers and booleans keep their written form (see the header); strings their value.
  const written = typeof node.value === 'string' ? node.value : source.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0);
  if (kind === 'boolean') {
    if (node.value === true || written === 'true') return { ok: true, value: true };
    if (node.value === false || written === 'false') return { ok: true, value: false };
    return { ok: false, expected: 'true or false' };
  }
  if (kind === 'choice')
    return choices.includes(written) ? { ok: true, value: written } : { ok: false, expected: expectedOf(kind, choices) };
  return { ok: true, value: written };
}

function expectedOf(kind: Kind, choices: readonly string[]): string {
  if (kind === 'list') return 'a list of container names or a comma-separated string';
  if (kind === 'names') return 'a list of container names';
  if (kind === 'boolean') return 'true or false';
  if (kind === 'choice') {
    const last = choices.length - 1;
    return `${choices.slice(0, last).join(', ')} or ${String(choices[last])}`;
  }
  return 'a single value';
}

const WORKLOADS_EXPECTED = 'a list of {kind, namespace, name, apiAccess} (or, in a ConfigMap, KIND/NAMESPACE/NAME=mount|none values)';

/** A key as the user wrote it: a scalar's value, or the text of a key that is a collection (`? [a]`). */
function keyText(key: Node | null, source: string): string {
  if (isScalar(key)) return String(key.value);
  return source.slice(key?.range?.[0], key?.range?.[1]);
}

/**
 * `spec.workloads`: a list of `{kind, namespace, name, apiAccess}` (namespace left out for an
 * object without one), each checked here so that a mistake points at its own entry.
 */
function readWorkloads(
  node: Node | undefined,
  document: Document.Parsed,
  source: string,
  where: string,
): { choices: (WorkloadChoice | string)[] } | { message: string; offset: number | undefined } {
  if (node === undefined || (isScalar(node) && node.value === null)) return { choices: [] };
  // A ConfigMap's data holds strings: `Deployment/shop/web=none`, as --workload writes it, separated by spaces, commas or lines.
  if (isScalar(node) && typeof node.value === 'string') return { choices: node.value.split(/[\s,]/).filter((part) => part !== '') };
  if (!isSeq(node)) return { message: `${where} must be ${WORKLOADS_EXPECTED}`, offset: node.range?.[0] };
  const choices: (WorkloadChoice | string)[] = [];
  for (const [index, item] of node.items.entries()) {
    const entry = resolveNode(item, document);
    const offset = entry?.range?.[0];
    const at = `${where}[${index}]`;
    if (!isMap(entry)) return { message: `${at} must be a mapping {kind, namespace, name, apiAccess}`, offset };
    for (const pair of entry.items) {
      const key = keyText(pair.key as Node | null, source);
      if (!WORKLOAD_FIELDS.includes(key))
        return {
          message: `${at}.${key} is not a field; the fields are ${WORKLOAD_FIELDS.join(', ')}`,
          offset: (pair.key as Node | null)?.range?.[0],
        };
    }
    const kind = stringAt(entry, 'kind', document);
    const namespace = stringAt(entry, 'namespace', document);
    const name = stringAt(entry, 'name', document);
    const apiAccess = stringAt(entry, 'apiAccess', document);
    if (kind === undefined || name === undefined) return { message: `${at} needs a kind and a name`, offset };
    if (apiAccess !== 'mount' && apiAccess !== 'none')
      return {
        message: `${at}.apiAccess must be mount or none`,
        offset: resolveNode(entry.get('apiAccess', true), document)?.range?.[0] ?? offset,
      };
    const key = workloadKeyOf(kind, namespace === '' ? undefined : namespace, name);
    if (!key.ok) return { message: `${at}: ${key.problem.message}`, offset };
    choices.push({
      kind: key.value.kind,
      ...(key.value.namespace === undefined ? {} : { namespace: key.value.namespace }),
      name,
      apiAccess,
    });
  }
  return { choices };
}

/**
 * The options of `base` with those `over` sets replacing them: flags over a file, a file over
 * defaults. Per-workload choices add up, one in `over` replacing `base`'s for the same workload.
 */
export function mergeOptionInput(base: OptionInput, over: OptionInput): OptionInput {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) if (value !== undefined) merged[key] = value;
  if (base.workloads !== undefined && over.workloads !== undefined) {
    const replaced = new Set(over.workloads.map(choiceLabel));
    merged['workloads'] = [...base.workloads.filter((choice) => !replaced.has(choiceLabel(choice))), ...over.workloads];
  }
  return merged;
}

/** The workload a choice names, as a key's label (a choice that does not read is its own text, and is refused later). */
function choiceLabel(choice: WorkloadChoice | string): string {
  if (typeof choice === 'string') {
    const parsed = parseWorkloadOverride(choice);
    return parsed.ok ? formatWorkloadKey(parsed.value.key) : choice;
  }
  const key = workloadKeyOf(choice.kind, choice.namespace, choice.name);
  return key.ok ? formatWorkloadKey(key.value) : JSON.stringify(choice);
}
