/** Read-only access to parsed YAML nodes: own and merged keys, aliases, plain values. */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, visit, type YAMLMap, type YAMLSeq } from 'yaml';
import { jsonNodeValue } from './json-parse';
import { AliasLimitError, MAX_ALIAS_COUNT } from './yaml-options';

/** Follows an alias to the node it names; other nodes are returned as they are. */
export function resolveNode(node: unknown, document: Document.Parsed): Node | undefined {
  if (isAlias(node)) return node.resolve(document);
  return (node ?? undefined) as Node | undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN'));
}

/** The pair a mapping itself holds for `key` (merge keys not followed). */
export function ownPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair): pair is Pair => isScalar(pair.key) && pair.key.value === key);
}

/**
 * The mapping sources a `<<` pair brings, in the order kubectl applies them (go-yaml v2 merges a
 * sequence's maps last to first, so the first one listed wins).
 */
function mergeSources(pair: Pair, document: Document.Parsed): YAMLMap[] {
  const source = resolveNode(pair.value, document);
  const sources = isSeq(source) ? source.items.map((item) => resolveNode(item, document)).reverse() : [source];
  return sources.filter((candidate): candidate is YAMLMap => isMap(candidate));
}

/**
 * The pair for `key` as kubectl reads it: keys are applied in order, a `<<` merge overwrites what
 * came before it and a later key overwrites what a merge brought, so the last one wins. `own`
 * tells whether the winner is the mapping's own pair.
 */
export function lookupPair(map: YAMLMap, key: string, document: Document.Parsed, depth = 0): { pair: Pair; own: boolean } | undefined {
  let found: { pair: Pair; own: boolean } | undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key && !isMergeKey(pair.key)) {
      found = { pair: pair, own: true };
      continue;
    }
    if (!isMergeKey(pair.key) || depth > 20) continue;
    for (const candidate of mergeSources(pair, document)) {
      const merged = lookupPair(candidate, key, document, depth + 1);
      if (merged) found = { pair: merged.pair, own: false };
    }
  }
  return found;
}

/**
 * The first alias that reads `node` through its anchor, other than as the value of one of `keys`:
 * changing `node` would change what that alias reads too. Undefined when there is none.
 */
export function aliasElsewhere(node: Node | null | undefined, document: Document.Parsed, keys: readonly string[]): Node | undefined {
  if (!node?.anchor) return undefined;
  let found: Node | undefined;
  visit(document, {
    Alias(_, alias, path) {
      if (alias.resolve(document) !== node) return undefined;
      const parent = path.at(-1);
      const key = isPair(parent) && parent.value === alias && isScalar(parent.key) ? parent.key.value : undefined;
      if (typeof key === 'string' && keys.includes(key)) return undefined;
      found = alias;
      return visit.BREAK;
    },
  });
  return found;
}

/** The `<<` pairs of a mapping that bring `key`, in order. */
export function mergePairsBringing(map: YAMLMap, key: string, document: Document.Parsed): Pair[] {
  return map.items.filter(
    (pair): pair is Pair => isMergeKey(pair.key) && mergeSources(pair, document).some((source) => lookupPair(source, key, document, 1)),
  );
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

/** A node's plain JavaScript value, merge keys applied as kubectl applies them; throws on an alias bomb. */
export function plainValue(node: unknown, document: Document.Parsed): unknown {
  const resolved = resolveNode(node, document);
  if (resolved === undefined) return undefined;
  const json = jsonNodeValue(resolved, document);
  if (json) return json.value;
  try {
    if (!containsMergeKey(resolved, document, new Set())) return resolved.toJS(document, { maxAliasCount: MAX_ALIAS_COUNT });
    return kubectlValue(resolved, document, { aliases: 0 });
  } catch (error) {
    // Both readers signal the alias-count limit with a ReferenceError; callers recognise our type.
    throw error instanceof ReferenceError ? new AliasLimitError('too many aliases') : error;
  }
}

function containsMergeKey(node: unknown, document: Document.Parsed, seen: Set<unknown>): boolean {
  if (seen.has(node)) return false;
  seen.add(node);
  if (isAlias(node)) return containsMergeKey(resolveNode(node, document), document, seen);
  if (isMap(node)) return node.items.some((pair) => isMergeKey(pair.key) || containsMergeKey(pair.value, document, seen));
  if (isSeq(node)) return node.items.some((item) => containsMergeKey(item, document, seen));
  return false;
}

/** The plain value with go-yaml v2's merge order (see `lookupPair`), counting aliases like the parser. */
function kubectlValue(node: unknown, document: Document.Parsed, budget: { aliases: number }): unknown {
  if (isAlias(node)) {
    budget.aliases += 1;
    if (budget.aliases > MAX_ALIAS_COUNT) throw new ReferenceError('Excessive alias count indicates a resource exhaustion attack');
    return kubectlValue(resolveNode(node, document), document, budget);
  }
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        for (const source of mergeSources(pair, document)) {
          const merged = kubectlValue(source, document, budget);
          if (isRecord(merged)) for (const [key, value] of Object.entries(merged)) setOwn(result, key, value);
        }
        continue;
      }
      const key = isScalar(pair.key) ? pair.key.value : kubectlValue(pair.key, document, budget);
      setOwn(result, typeof key === 'string' ? key : (JSON.stringify(key) ?? String(key)), kubectlValue(pair.value, document, budget));
    }
    return result;
  }
  if (isSeq(node)) return node.items.map((item) => kubectlValue(item, document, budget));
  if (isScalar(node)) return node.toJS(document);
  return node === null || node === undefined ? null : (node as Node).toJS(document);
}

/** Sets a key as data, so that a key named `__proto__` stays a key and never changes the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
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
