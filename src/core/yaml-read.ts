/** Read-only access to parsed YAML nodes: own and merged keys, aliases, plain values. */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { AliasLimitError, MAX_ALIAS_COUNT } from './parse';

/** Follows an alias to the node it names; other nodes are returned as they are. */
export function resolveNode(node: unknown, document: Document.Parsed): Node | undefined {
  if (isAlias(node)) return node.resolve(document) as Node | undefined;
  return (node ?? undefined) as Node | undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN'));
}

/** The pair a mapping itself holds for `key` (merge keys not followed). */
export function ownPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined;
}

/** The pair for `key`, looking through `<<` merge keys as YAML 1.1 readers do; `own` tells which. */
export function lookupPair(map: YAMLMap, key: string, document: Document.Parsed, depth = 0): { pair: Pair; own: boolean } | undefined {
  const own = ownPair(map, key);
  if (own) return { pair: own, own: true };
  if (depth > 20) return undefined;
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const source = resolveNode(pair.value, document);
    const sources = isSeq(source) ? source.items.map((item) => resolveNode(item, document)) : [source];
    for (const candidate of sources) {
      if (!isMap(candidate)) continue;
      const found = lookupPair(candidate, key, document, depth + 1);
      if (found) return { pair: found.pair, own: false };
    }
  }
  return undefined;
}

/** The mapping at `key` (aliases followed), if there is one. */
export function mapAt(map: YAMLMap | undefined, key: string, document: Document.Parsed): YAMLMap | undefined {
  if (!map) return undefined;
  const value = resolveNode(lookupPair(map, key, document)?.pair.value, document);
  return isMap(value) ? value : undefined;
}

/** The sequence at `key` (aliases followed), if there is one. */
export function seqAt(map: YAMLMap | undefined, key: string, document: Document.Parsed): YAMLSeq | undefined {
  if (!map) return undefined;
  const value = resolveNode(lookupPair(map, key, document)?.pair.value, document);
  return isSeq(value) ? value : undefined;
}

/** A node's plain JavaScript value with merge keys applied; throws on an alias bomb. */
export function plainValue(node: unknown, document: Document.Parsed): unknown {
  const resolved = resolveNode(node, document);
  if (resolved === undefined) return undefined;
  try {
    return resolved.toJS(document, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // `toJS` signals its alias-count limit with a ReferenceError; callers recognise our type.
    throw error instanceof ReferenceError ? new AliasLimitError('too many aliases') : error;
  }
}

/** A string scalar's value at `key`, if the mapping has one. */
export function stringAt(map: YAMLMap | undefined, key: string, document: Document.Parsed): string | undefined {
  if (!map) return undefined;
  const value = resolveNode(lookupPair(map, key, document)?.pair.value, document);
  return isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
}

/** Whether a value is a plain object (a YAML mapping read as JavaScript). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of plain values (key order ignored). */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => isDeepEqual(item, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && isDeepEqual(a[key], b[key]));
  }
  return false;
}
