/**
 * Edits to a parsed YAML document expressed as text splices at the node ranges the parser
 * reports, so that everything the edit does not touch stays byte-identical.
 */
import { isMap, isPair, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { type DocumentStyle, type KeyComment, renderBlock, renderFlow, renderInline, renderReplacementScalar } from './render';
import { columnOf, isFirstOnLine, lineEndAfter, lineStart, type TextEdit } from './source-text';

type Collection = YAMLMap | YAMLSeq;

function rangeOf(node: Node): [number, number] {
  const range = node.range;
  if (!range) throw new Error('node without a source range');
  return [range[0], range[1]];
}

/** Where a node's own text ends: trailing comments after a block collection are not part of it. */
export function contentEnd(node: Node | Pair): number {
  if (isPair(node)) {
    const value = node.value as Node | null;
    if (value && value.range) return contentEnd(value);
    return rangeOf(node.key as Node)[1];
  }
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = node.items.at(-1) as Node | Pair | undefined;
    if (last) return contentEnd(last);
  }
  return rangeOf(node)[1];
}

function leadingSpaces(source: string, offset: number): number {
  const start = lineStart(source, offset);
  return /^ */.exec(source.slice(start, offset))?.[0].length ?? 0;
}

function startOf(item: Node | Pair): number {
  return isPair(item) ? rangeOf(item.key as Node)[0] : rangeOf(item)[0];
}

/** Collects splices for one source text; `edits` is what the caller applies. */
export class SourceEditor {
  private readonly edits: TextEdit[] = [];
  /** Inserts into one flow collection are rendered together, so commas come out right. */
  private readonly flowInserts = new Map<Collection, { values: unknown[]; comments: KeyComment[]; asPairs: boolean; removed: ReadonlySet<unknown> }>();

  constructor(
    readonly source: string,
    readonly style: DocumentStyle,
  ) {}

  /** All splices collected so far, flow inserts rendered. */
  finish(): TextEdit[] {
    for (const [collection, insert] of this.flowInserts) this.insertIntoFlow(collection, insert.values, insert.comments, insert.asPairs, insert.removed);
    this.flowInserts.clear();
    return this.edits;
  }

  private queueFlowInsert(collection: Collection, values: readonly unknown[], comments: readonly KeyComment[], asPairs: boolean, removed: ReadonlySet<unknown> = new Set()): void {
    const queued = this.flowInserts.get(collection) ?? { values: [], comments: [], asPairs, removed };
    queued.values.push(...values);
    queued.comments.push(...comments);
    this.flowInserts.set(collection, queued);
  }

  /** Replaces a scalar's text, keeping its quoting style. */
  setScalar(node: Node, value: string | number | boolean): void {
    const [start, end] = rangeOf(node);
    this.edits.push({ start, end, text: renderReplacementScalar(value, node, this.style) });
  }

  /** Adds `key: value` to a mapping: after `after` when given, else at its end. */
  insertPair(map: YAMLMap, key: string, value: unknown, options: { after?: Pair | undefined; comments?: readonly KeyComment[] } = {}): void {
    const comments = options.comments ?? [];
    if (map.flow) {
      this.queueFlowInsert(map, [{ [key]: value }], comments, true);
      return;
    }
    const first = map.items[0];
    const anchor = options.after ?? map.items.at(-1);
    if (!first || !anchor) throw new Error('cannot insert into an empty block mapping');
    const indent = columnOf(this.source, startOf(first));
    this.insertLines(lineEndAfter(this.source, contentEnd(anchor)), renderBlock({ [key]: value }, this.style, indent, comments), indent * 2);
  }

  /** Appends items to a sequence; `removed` are items removed in the same pass. */
  appendItems(seq: YAMLSeq, values: readonly unknown[], removed: ReadonlySet<unknown>, comments: readonly KeyComment[] = []): void {
    if (values.length === 0) return;
    if (seq.flow) {
      this.queueFlowInsert(seq, values, comments, false, removed);
      return;
    }
    const first = seq.items[0] as Node | undefined;
    const last = seq.items.at(-1) as Node | undefined;
    if (!first || !last) throw new Error('cannot append to an empty block sequence');
    const dashColumn = columnOf(this.source, this.dashOffset(first));
    // A sequence item continues its sequence, so it goes before a key at the same column.
    this.insertLines(lineEndAfter(this.source, contentEnd(last)), renderBlock(values, this.style, dashColumn, comments), dashColumn * 2 + 1);
  }

  /** Gives a key whose value is empty (`volumes:` or `volumes: []`) a sequence of items. */
  fillEmptyValue(pair: Pair, values: readonly unknown[], parentIsFlow: boolean, comments: readonly KeyComment[] = []): void {
    const value = pair.value as Node | null;
    if (isSeq(value) && value.flow) {
      this.queueFlowInsert(value, values, comments, false);
      return;
    }
    const keyStart = rangeOf(pair.key as Node)[0];
    const keyColumn = columnOf(this.source, keyStart);
    if (value?.range && value.range[1] > value.range[0]) this.edits.push({ start: value.range[0], end: value.range[1], text: '' });
    if (parentIsFlow) {
      const at = value?.range ? value.range[0] : rangeOf(pair.key as Node)[1] + 1;
      this.edits.push({ start: at, end: at, text: renderFlow(values, this.style, keyColumn, comments) });
      return;
    }
    const indent = keyColumn + (this.style.indentSeq ? this.style.indentStep : 0);
    const lineEnd = lineEndAfter(this.source, rangeOf(pair.key as Node)[1]);
    this.insertLines(lineEnd, renderBlock(values, this.style, indent, comments), indent * 2 + 1);
  }

  /** Removes one item of a sequence or one pair of a mapping, with its line when it has one. */
  removeItem(collection: Collection, item: Node | Pair): void {
    if (collection.flow) {
      this.removeFromFlow(collection, item);
      return;
    }
    const start = isPair(item) ? startOf(item) : this.dashOffset(item);
    const from = isFirstOnLine(this.source, start) ? lineStart(this.source, start) : start;
    this.edits.push({ start: from, end: lineEndAfter(this.source, contentEnd(item)), text: '' });
  }

  private dashOffset(item: Node): number {
    const start = rangeOf(item)[0];
    const before = this.source.slice(lineStart(this.source, start), start);
    const dash = before.lastIndexOf('-');
    return dash === -1 ? start : lineStart(this.source, start) + dash;
  }

  private insertLines(at: number, text: string, nesting: number): void {
    const eol = this.style.lineEnding;
    const atEndWithoutNewline = at === this.source.length && !this.source.endsWith('\n');
    this.edits.push({ start: at, end: at, text: atEndWithoutNewline ? eol + text : text + eol, nesting });
  }

  private insertIntoFlow(
    collection: Collection,
    values: readonly unknown[],
    comments: readonly KeyComment[],
    asPairs: boolean,
    removed: ReadonlySet<unknown> = new Set(),
  ): void {
    const [open, end] = rangeOf(collection);
    const close = this.source.lastIndexOf(isMap(collection) ? '}' : ']', end - 1);
    const items = collection.items as (Node | Pair)[];
    const survivors = items.filter((item) => !removed.has(item));
    const last = survivors.at(-1);
    const lastEnd = last ? contentEnd(last) : open + 1;
    const closeIndent = leadingSpaces(this.source, close);
    const render = (value: unknown, indent: number, inline: boolean): string => {
      const entry = asPairs ? (Object.entries(value as object)[0] as [string, unknown]) : undefined;
      const body = entry ? entry[1] : value;
      const text = inline ? renderInline(body, this.style) : renderFlow(body, this.style, indent, comments);
      return entry ? `${this.style.json ? JSON.stringify(entry[0]) : entry[0]}: ${text}` : text;
    };
    if (isFirstOnLine(this.source, close)) {
      const originalLast = items.at(-1);
      const between = this.source.slice(originalLast ? contentEnd(originalLast) : open + 1, close).replace(/#.*$/gm, '');
      const trailing = between.includes(',') ? ',' : '';
      const first = items[0];
      const indent = first && isFirstOnLine(this.source, startOf(first)) ? columnOf(this.source, startOf(first)) : closeIndent + this.style.indentStep;
      const lines = values.map((value, index) => ' '.repeat(indent) + render(value, indent, false) + (index < values.length - 1 ? ',' : trailing));
      if (last && trailing === '') this.edits.push({ start: lastEnd, end: lastEnd, text: ',' });
      const at = lineStart(this.source, close);
      this.edits.push({ start: at, end: at, text: lines.join(this.style.lineEnding) + this.style.lineEnding, nesting: indent * 2 });
      return;
    }
    const multiLine = this.source.slice(open, close).includes('\n');
    const text = values.map((value) => render(value, closeIndent, !multiLine)).join(', ');
    this.edits.push({ start: lastEnd, end: lastEnd, text: (last ? ', ' : '') + text });
  }

  private removeFromFlow(collection: Collection, item: Node | Pair): void {
    const items = collection.items as (Node | Pair)[];
    const index = items.indexOf(item);
    const next = items[index + 1];
    const previous = items[index - 1];
    const start = startOf(item);
    if (isFirstOnLine(this.source, start) && (!next || isFirstOnLine(this.source, startOf(next)))) {
      // One entry per line: remove whole lines, and the comma before a removed last entry.
      let end = contentEnd(item);
      if (this.source[end] === ',') end += 1;
      const to = next ? lineStart(this.source, startOf(next)) : lineEndAfter(this.source, end);
      this.edits.push({ start: lineStart(this.source, start), end: to, text: '' });
      const hadComma = this.source[contentEnd(item)] === ',';
      if (!next && previous && !hadComma && this.source[contentEnd(previous)] === ',') {
        this.edits.push({ start: contentEnd(previous), end: contentEnd(previous) + 1, text: '' });
      }
      return;
    }
    if (next) this.edits.push({ start, end: startOf(next), text: '' });
    else if (previous) this.edits.push({ start: contentEnd(previous), end: contentEnd(item), text: '' });
    else this.edits.push({ start, end: contentEnd(item), text: '' });
  }
}
