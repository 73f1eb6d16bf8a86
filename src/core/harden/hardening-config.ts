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
import type { OptionInput, OptionName } from './options';
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

type Kind = 'string' | 'boolean' | 'list' | 'names' | 'apiAccess';

/** The keys of `spec` (or `data`), each an option of SPEC §2.4. */
const CONFIG_KEYS: Readonly<Record<OptionName, Kind>> = {
  serviceAccountName: 'string',
  expirationSeconds: 'string',
  mountPath: 'string',
  defaultMode: 'string',
  audience: 'string',
  volumeName: 'string',
  containers: 'list',
  excludedContainers: 'names',
  hardenServiceAccounts: 'boolean',
  emitServiceAccount: 'boolean',
  apiAccess: 'apiAccess',
};

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
      problems: [{ code: 'config-syntax', severity: 'error', message: error.message.split('\n')[0] ?? '', position: at(error.pos[0]) }],
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
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
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
    const read = readValue(CONFIG_KEYS[key], value, source);
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

function readValue(kind: Kind, node: Node | undefined, source: string): Read {
  if (node === undefined || (isScalar(node) && node.value === null)) return { ok: true, value: undefined };
  if ((kind === 'list' || kind === 'names') && isSeq(node)) {
    const names = node.items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value : undefined));
    return names.every((name) => name !== undefined) ? { ok: true, value: names } : { ok: false, expected: 'a list of container names' };
  }
  if (!isScalar(node) || kind === 'names') return { ok: false, expected: expectedOf(kind) };
  // Numbers and booleans keep their written form (see the header); strings their value.
  const written = typeof node.value === 'string' ? node.value : source.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0).trim();
  if (kind === 'boolean') {
    if (node.value === true || written === 'true') return { ok: true, value: true };
    if (node.value === false || written === 'false') return { ok: true, value: false };
    return { ok: false, expected: 'true or false' };
  }
  if (kind === 'apiAccess') {
    return written === 'mount' || written === 'none' ? { ok: true, value: written } : { ok: false, expected: 'mount or none' };
  }
  return { ok: true, value: written };
}

function expectedOf(kind: Kind): string {
  if (kind === 'list') return 'a list of container names or a comma-separated string';
  if (kind === 'names') return 'a list of container names';
  if (kind === 'boolean') return 'true or false';
  if (kind === 'apiAccess') return 'mount or none';
  return 'a single value';
}

/** The options of `base` with those `over` sets replacing them: flags over a file, a file over defaults. */
export function mergeOptionInput(base: OptionInput, over: OptionInput): OptionInput {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) if (value !== undefined) merged[key] = value;
  return merged;
}
