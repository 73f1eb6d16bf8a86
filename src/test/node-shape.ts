/** What the engine reads off parsed nodes, to compare the fast readers with the full parser. */
import { isCollection, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/** A node's kind, value, flow, quoting and start and end offsets, recursively. */
export function nodeShape(node: unknown): unknown {
  if (isPair(node)) return [nodeShape(node.key), nodeShape(node.value)];
  if (isScalar(node))
    return { value: typeof node.value === 'symbol' ? String(node.value) : node.value, type: node.type, range: node.range?.slice(0, 2) };
  if (isCollection(node)) {
    const collection = node as Node & { items: unknown[]; flow?: boolean };
    const range = collection.flow ? collection.range?.slice(0, 2) : collection.range?.slice(0, 1);
    return {
      kind: isMap(node) ? 'map' : isSeq(node) ? 'seq' : '?',
      flow: Boolean(collection.flow),
      range,
      items: collection.items.map(nodeShape),
    };
  }
  return node ?? null;
}
