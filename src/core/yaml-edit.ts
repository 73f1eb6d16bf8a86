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

/** Where a node starts, including its anchor or tag (`&base {...}`). */
function startWithProperties(source: string, start: number): number {
  let index = start;
  for (;;) {
    let before = index;
    while (before > 0 && (source[before - 1] === ' ' || source[before - 1] === '\t')) before -= 1;
    let tokenStart = before;
    while (tokenStart > 0 && !/[\s,[{]/.test(source[tokenStart - 1] ?? '')) tokenStart -= 1;
    if (tokenStart === before || !/^[&!]/.test(source.slice(tokenStart, before))) return index;
    index = tokenStart;
  }
}

function startOf(item: Node | Pair): number {
  return isPair(item) ? rangeOf(item.key as Node)[0] : rangeOf(item)[0];
}

/** Collects splices for one source text; `edits` is what the caller applies. */
export class SourceEditor {
  private readonly edits: TextEdit[] = [];
  /** Edits to one flow collection are rendered together, so commas come out right. */
  private readonly flowEdits = new Map<
    Collection,
    { values: unknown[]; comments: KeyComment[]; asPairs: boolean; removed: Set<unknown> }
  >();

  constructor(
    readonly source: string,
    readonly style: DocumentStyle,
  ) {}

  /** All splices collected so far, flow inserts rendered. */
  finish(): TextEdit[] {
    for (const [collection, edit] of this.flowEdits) {
      if (edit.removed.size > 0) this.rewriteFlow(collection, edit.removed, edit.values, edit.comments, edit.asPairs);
      else this.insertIntoFlow(collection, edit.values, edit.comments, edit.asPairs);
    }
    this.flowEdits.clear();
    return this.edits;
  }

  private flowEdit(collection: Collection, asPairs: boolean) {
    const edit = this.flowEdits.get(collection) ?? { values: [], comments: [], asPairs, removed: new Set<unknown>() };
    this.flowEdits.set(collection, edit);
    return edit;
  }

  private queueFlowInsert(collection: Collection, values: readonly unknown[], comments: readonly KeyComment[], asPairs: boolean): void {
    const edit = this.flowEdit(collection, asPairs);
    edit.values.push(...values);
    edit.comments.push(...comments);
  }

  /** Replaces a scalar's text, keeping its quoting style. */
  setScalar(node: Node, value: string | number | boolean): void {
    const [start, end] = rangeOf(node);
    this.edits.push({ start, end, text: renderReplacementScalar(value, node, this.style) });
  }

  /** Adds `key: value` to a mapping: after `after` when given, else at its end. */
  insertPair(
    map: YAMLMap,
    key: string,
    value: unknown,
    options: { after?: Pair | undefined; comments?: readonly KeyComment[] } = {},
  ): void {
    const comments = options.comments ?? [];
    if (map.flow) {
      this.queueFlowInsert(map, [{ [key]: value }], comments, true);
      return;
    }
    const first = map.items[0];
    const anchor = options.after ?? map.items.at(-1);
    if (!first || !anchor) throw new Error('cannot insert into an empty block mapping');
    const indent = columnOf(this.source, startOf(first));
    this.insertLines(
      lineEndAfter(this.source, contentEnd(anchor)),
      renderBlock({ [key]: value }, this.style, indent, comments),
      indent * 2,
    );
  }

  /** Appends items to a sequence. */
  appendItems(seq: YAMLSeq, values: readonly unknown[], comments: readonly KeyComment[] = []): void {
    if (values.length === 0) return;
    if (seq.flow) {
      this.queueFlowInsert(seq, values, comments, false);
      return;
    }
    const first = seq.items[0] as Node | undefined;
    const last = seq.items.at(-1) as Node | undefined;
    if (!first || !last) throw new Error('cannot append to an empty block sequence');
    const dashColumn = columnOf(this.source, this.dashOffset(first));
    // A sequence item continues its sequence, so it goes before a key at the same column.
    this.insertLines(
      lineEndAfter(this.source, contentEnd(last)),
      renderBlock(values, this.style, dashColumn, comments),
      dashColumn * 2 + 1,
    );
  }

  /** Gives a key whose value is empty (`volumes:` or `volumes: []`) a sequence of items. */
  fillEmptyValue(pair: Pair, values: readonly unknown[], parentIsFlow: boolean, comments: readonly KeyComment[] = []): void {
    const value = pair.value as Node | null;
    if (isSeq(value) && value.flow && parentIsFlow) {
      this.queueFlowInsert(value, values, comments, false);
      return;
    }
    const keyStart = rangeOf(pair.key as Node)[0];
    const keyColumn = columnOf(this.source, keyStart);
    if (value?.range && value.range[1] > value.range[0]) {
      // `key: ~` or `key: []` in a block mapping: the items follow on lines of their own.
      let start = value.range[0];
      while (!parentIsFlow && this.source[start - 1] === ' ') start -= 1;
      this.edits.push({ start, end: value.range[1], text: '' });
    }
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
      this.flowEdit(collection, isMap(collection)).removed.add(item);
      return;
    }
    const start = isPair(item) ? startOf(item) : this.dashOffset(item);
    const from = isFirstOnLine(this.source, start) ? lineStart(this.source, start) : start;
    this.edits.push({ start: from, end: lineEndAfter(this.source, contentEnd(item)), text: '' });
  }

  /** The `-` of a block sequence item, which may stand lines before its content (`- &anchor`). */
  private dashOffset(item: Node): number {
    const start = rangeOf(item)[0];
    let index = start - 1;
    while (index >= 0) {
      const char = this.source[index] ?? '';
      if (char === '-' && /\s/.test(this.source[index + 1] ?? '')) return index;
      if (/\s/.test(char)) {
        index -= 1;
        continue;
      }
      let tokenStart = index;
      while (tokenStart > 0 && !/\s/.test(this.source[tokenStart - 1] ?? '')) tokenStart -= 1;
      if (!/^[&!]/.test(this.source.slice(tokenStart, index + 1))) break;
      index = tokenStart - 1;
    }
    return start;
  }

  private insertLines(at: number, text: string, nesting: number): void {
    const eol = this.style.lineEnding;
    const atEndWithoutNewline = at === this.source.length && !this.source.endsWith('\n');
    this.edits.push({ start: at, end: at, text: atEndWithoutNewline ? eol + text : text + eol, nesting });
  }

  private insertIntoFlow(collection: Collection, values: readonly unknown[], comments: readonly KeyComment[], asPairs: boolean): void {
    const [open, end] = rangeOf(collection);
    const close = this.source.lastIndexOf(isMap(collection) ? '}' : ']', end - 1);
    const items = collection.items as (Node | Pair)[];
    const last = items.at(-1);
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
      const indent =
        first && isFirstOnLine(this.source, startOf(first)) ? columnOf(this.source, startOf(first)) : closeIndent + this.style.indentStep;
      const lines = values.map(
        (value, index) => ' '.repeat(indent) + render(value, indent, false) + (index < values.length - 1 ? ',' : trailing),
      );
      if (last && trailing === '') this.edits.push({ start: lastEnd, end: lastEnd, text: ',' });
      const at = lineStart(this.source, close);
      this.edits.push({ start: at, end: at, text: lines.join(this.style.lineEnding) + this.style.lineEnding, nesting: indent * 2 });
      return;
    }
    const multiLine = this.source.slice(open, close).includes('\n');
    const text = values.map((value) => render(value, closeIndent, !multiLine)).join(', ');
    this.edits.push({ start: lastEnd, end: lastEnd, text: (last ? ', ' : '') + text });
  }

  /**
   * Rewrites a flow collection that loses items: the surviving items keep their text, laid out
   * as before (one per line, or side by side); comments between items are not kept.
   */
  private rewriteFlow(
    collection: Collection,
    removed: ReadonlySet<unknown>,
    values: readonly unknown[],
    comments: readonly KeyComment[],
    asPairs: boolean,
  ): void {
    const [open, end] = rangeOf(collection);
    const close = this.source.lastIndexOf(isMap(collection) ? '}' : ']', end - 1);
    const items = collection.items as (Node | Pair)[];
    const survivors = items
      .filter((item) => !removed.has(item))
      .map((item) => this.source.slice(startWithProperties(this.source, startOf(item)), contentEnd(item)));
    const first = items[0];
    const onePerLine = first !== undefined && isFirstOnLine(this.source, startOf(first)) && isFirstOnLine(this.source, close);
    const eol = this.style.lineEnding;
    const keyText = (key: string): string => (this.style.json ? JSON.stringify(key) : key);
    const render = (value: unknown, indent: number): string => {
      if (!asPairs) return renderFlow(value, this.style, indent, comments);
      const [key, entry] = Object.entries(value as object)[0] as [string, unknown];
      return `${keyText(key)}: ${renderFlow(entry, this.style, indent, comments)}`;
    };
    if (onePerLine) {
      const indent = columnOf(this.source, startOf(first));
      const originalLast = items.at(-1) as Node | Pair;
      const trailing = this.source.slice(contentEnd(originalLast), close).replace(/#.*$/gm, '').includes(',') ? ',' : '';
      const entries = [...survivors, ...values.map((value) => render(value, indent))];
      const body = entries.map((entry) => ' '.repeat(indent) + entry).join(`,${eol}`);
      const text = entries.length === 0 ? '' : `${eol}${body}${trailing}${eol}${' '.repeat(leadingSpaces(this.source, close))}`;
      this.edits.push({ start: open + 1, end: close, text });
      return;
    }
    const closeIndent = leadingSpaces(this.source, close);
    const entries = [...survivors, ...values.map((value) => render(value, closeIndent))];
    const from = first ? startWithProperties(this.source, startOf(first)) : open + 1;
    const to = items.length > 0 ? contentEnd(items.at(-1) as Node | Pair) : open + 1;
    this.edits.push({ start: from, end: to, text: entries.join(', ') });
  }
}
