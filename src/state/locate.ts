/**
 * Where a change is in a text: the lines of the node a change's steps name, so the page can reveal
 * and highlight them. Read with the core's own parser, so a JSON or flow-style output works too.
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { type Change, createPositionLookup, parseManifest, type SourcePosition } from '../core';

/** 1-based, inclusive. */
export type LineRange = { readonly startLine: number; readonly endLine: number };

/**
 * Where a node's text ends. The core's fast reader gives collections their start only, so a
 * collection ends where its last item does.
 */
export function endOf(node: Node): number {
  const own = node.range ? node.range[1] : 0;
  if (isSeq(node) || isMap(node)) {
    const last = node.items[node.items.length - 1];
    const inner = isPair(last) ? ((last.value as Node | null) ?? (last.key as Node | null)) : (last as Node | undefined);
    if (inner) return Math.max(own, endOf(inner));
  }
  return own;
}

/** Parses a text once for any number of look-ups: a click in a bundle's change list parses it once. */
export function createLocator(text: string): (document: number, steps: Change['steps']) => LineRange | undefined {
  let parsed: { documents: { contents: unknown }[]; at: (offset: number) => SourcePosition } | undefined;
  return (document, steps) => {
    parsed ??= { documents: parseManifest(text).documents, at: createPositionLookup(text) };
    const { documents, at } = parsed;
    let node = documents[document]?.contents as Node | null | undefined;
    if (!node) return undefined;
    // The deepest node the path reaches: a removed item's change shows where it was.
    let range: readonly [number, number] | undefined = node.range ? [node.range[0], endOf(node)] : undefined;
    for (const step of steps) {
      if (typeof step === 'number' && isSeq(node)) {
        const item = node.items[step] as Node | undefined;
        if (!item?.range) break;
        node = item;
        range = [item.range[0], endOf(item)];
      } else if (typeof step === 'string' && isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === step);
        const key = pair?.key as Node | undefined;
        const value = pair?.value as Node | null | undefined;
        if (!key?.range) break;
        range = [key.range[0], value ? endOf(value) : endOf(key)];
        if (!value) break;
        node = value;
      } else break;
    }
    if (!range) return undefined;
    // A range ends after its last character, often the newline: the line of the character before.
    return { startLine: at(range[0]).line, endLine: at(Math.max(range[0], range[1] - 1)).line };
  };
}
