/**
 * A change's value as the few lines of text the Changes panel shows under its title: the core's own
 * text of what it inserted (read from the output) or removed (read from the input), comments and
 * number style included. Runs in the worker: it parses, and the page's first chunk has no parser.
 */
import { isMap, isPair, isScalar, isSeq, stringify, type Node } from 'yaml';
import { type DocumentCache, parseManifest, type Change } from '../core';
import { endOf } from './locate';

/** The first lines of a value, and how many more it has. */
export type Snippet = { readonly lines: readonly string[]; readonly more: number };

/** A change as the page shows it: the new value's snippet and the replaced or removed one's. */
export type ShownChange = Change & { readonly added: Snippet | undefined; readonly removed: Snippet | undefined };

/** A snippet shows this many lines; the rest is counted. */
export const SNIPPET_LINES = 6;

/** Past this width a line is a flow or minified JSON value: the snippet is then the value as block YAML. */
const MAX_LINE = 100;

function cut(lines: readonly string[]): Snippet {
  return { lines: lines.slice(0, SNIPPET_LINES), more: Math.max(0, lines.length - SNIPPET_LINES) };
}

/** The value as block YAML, for a value whose own text is unusable or missing. */
function rendered(key: string | undefined, value: unknown): Snippet {
  const text = stringify(key === undefined ? [value] : { [key]: value }, { lineWidth: 0 }).trimEnd();
  return cut(text.split('\n'));
}

const leadingSpaces = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;

/**
 * The text of a node, its first line at column 0 and the others shifted left as much, or less
 * when a flow collection's closing bracket sits left of where it opened.
 */
function dedented(text: string, start: number, end: number): string[] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lines = text.slice(start, end).replace(/\s+$/, '').split(/\r?\n/);
  // A fold, not `Math.min(...)`: a long value's lines spread as arguments overflow the stack.
  const indent = lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .reduce((least, line) => Math.min(least, leadingSpaces(line)), start - lineStart);
  return lines.map((line, index) => (index === 0 ? line : line.slice(Math.min(indent, leadingSpaces(line)))));
}

type Located = { readonly start: number; readonly end: number; readonly item: boolean; readonly block: boolean };

/** The text range a change's steps name, key included; undefined unless every step resolves. */
function locate(root: Node | null | undefined, steps: Change['steps']): Located | undefined {
  let node = root;
  let found: Located | undefined;
  for (const step of steps) {
    if (typeof step === 'number' && isSeq(node)) {
      const item = node.items[step] as Node | undefined;
      if (!item?.range) return undefined;
      found = { start: item.range[0], end: endOf(item), item: true, block: !node.flow };
      node = item;
    } else if (typeof step === 'string' && isMap(node)) {
      const pair = node.items.find((entry) => isPair(entry) && isScalar(entry.key) && String(entry.key.value) === step);
      const key = pair?.key as Node | undefined;
      const value = pair?.value as Node | null | undefined;
      if (!key?.range || !value) return undefined;
      found = { start: key.range[0], end: endOf(value), item: false, block: !node.flow };
      node = value;
    } else return undefined;
  }
  return found;
}

/**
 * Reads snippets from one text (the output for new values, the input for old ones), parsing it
 * on the first request only, and with a cache only the documents that changed since the last text.
 */
export function createSnippetReader(
  text: string,
  cache?: DocumentCache,
): (change: Pick<Change, 'document' | 'steps'>, value: unknown) => Snippet {
  let documents: { contents: unknown }[] | undefined;
  return (change, value) => {
    documents ??= parseManifest(text, cache).documents;
    const last = change.steps.at(-1);
    const key = typeof last === 'string' ? last : undefined;
    const found = locate(documents[change.document]?.contents as Node | null | undefined, change.steps);
    if (!found) return rendered(key, value);
    const lines = dedented(text, found.start, found.end);
    if (lines.some((line) => line.length > MAX_LINE)) return rendered(key, value);
    // A block list's item reads as one: `- name: x`, its other lines under the first.
    if (found.item && found.block) return cut(lines.map((line, index) => (index === 0 ? `- ${line}` : `  ${line}`)));
    return cut(lines);
  };
}

/** The texts' documents kept between runs: the page's keystroke changes a document or two of a bundle. */
export type SnippetCaches = { readonly input: DocumentCache; readonly output: DocumentCache };

/** Every change with its snippets: the new value from the output, the old one from the input. */
export function withSnippets(changes: readonly Change[], input: string, output: string, caches?: SnippetCaches): ShownChange[] {
  const fromOutput = createSnippetReader(output, caches?.output);
  const fromInput = createSnippetReader(input, caches?.input);
  return changes.map((change) => ({
    ...change,
    added: change.after === undefined ? undefined : fromOutput(change, change.after),
    removed: change.before === undefined ? undefined : fromInput(change, change.before),
  }));
}
