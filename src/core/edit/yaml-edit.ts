/**
 * Edits to a parsed YAML document expressed as text splices at the node ranges the parser
 * reports, so that everything the edit does not touch stays byte-identical.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, parseDocument, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import {
  type DocumentStyle,
  inlineSeparators,
  type KeyComment,
  renderBlock,
  renderFlow,
  renderFlowKey,
  renderInline,
  renderReplacementScalar,
} from './render';
import { LineIndex, type TextEdit } from '../source-text';
import type { EditMark } from '../change-span';
import type { ChangeStep } from '../change-path';

/**
 * A change a written value holds: `change` indexes the run's changes, `steps` lead from what is
 * written to the change's node (`[0]`: the first of the items written; `[key]`: the pair written).
 */
export type ValueMark = { readonly change: number; readonly steps: readonly ChangeStep[] };

/** A change that removes `node` (an item or pair removed, or one inside it). */
export type RemovalMark = { readonly change: number; readonly node: Node | Pair };

/** A mark of a flow entry not rendered yet: `entry` is the entry's index, `steps` lead inside it (a pair entry's start with its key). */
type EntryMark = { readonly change: number; readonly entry: number; readonly steps: readonly ChangeStep[] };

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

/** Whether a node's text ends with a block scalar (`|` or `>`), whose value depends on what follows it. */
function endsWithBlockScalar(node: unknown): boolean {
  if (isPair(node)) return endsWithBlockScalar(node.value);
  if ((isMap(node) || isSeq(node)) && !node.flow) return endsWithBlockScalar(node.items.at(-1));
  return isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED);
}

function startOf(item: Node | Pair): number {
  return isPair(item) ? rangeOf(item.key as Node)[0] : rangeOf(item)[0];
}

const spansInRendered = new Map<string, readonly [number, number] | undefined>();

/**
 * Where the node at `steps` is in text the editor rendered: a pair from its key, a block list's
 * item from its dash, to the end of its value. `whole`: the text holds that node alone.
 */
function spanInRendered(text: string, steps: readonly ChangeStep[], whole: boolean): readonly [number, number] | undefined {
  if (whole) {
    const start = text.length - text.trimStart().length;
    return [start, text.trimEnd().length];
  }
  // A nested place (a carried source in a new volume, an item of a list written whole): the same few texts each time.
  const key = `${JSON.stringify(steps)}\n${text}`;
  if (spansInRendered.has(key)) return spansInRendered.get(key);
  const span = findInRendered(text, steps);
  if (spansInRendered.size > 256) spansInRendered.clear();
  spansInRendered.set(key, span);
  return span;
}

function findInRendered(text: string, steps: readonly ChangeStep[]): readonly [number, number] | undefined {
  let node = parseDocument(text, { version: '1.1' }).contents as Node | null;
  let span: [number, number] | undefined;
  for (const step of steps) {
    if (typeof step === 'number' && isSeq(node)) {
      const item = node.items[step] as Node | undefined;
      if (!item?.range) return undefined;
      const dash = node.flow ? item.range[0] : text.lastIndexOf('-', item.range[0]);
      span = [dash, item.range[1]];
      node = item;
    } else if (typeof step === 'string' && isMap(node)) {
      const pair = node.items.find((entry) => isScalar(entry.key) && String(entry.key.value) === step);
      const value = pair?.value as Node | null | undefined;
      if (!pair || !value?.range) return undefined;
      span = [rangeOf(pair.key as Node)[0], value.range[1]];
      node = value;
    } else return undefined;
  }
  return span && [span[0], span[0] + text.slice(span[0], span[1]).trimEnd().length];
}

/** Marks of a rendered text that starts at `offset` in its edit's text. */
function marksIn(text: string, offset: number, marks: readonly ValueMark[], whole: boolean): EditMark[] {
  return marks.flatMap((mark) => {
    const span = spanInRendered(text, mark.steps, whole && mark.steps.length === 1);
    return span ? [{ change: mark.change, start: offset + span[0], end: offset + span[1] }] : [];
  });
}

/**
 * Splices in the order made, each text kept once: the pods of a cluster dump get the same few
 * texts thousands of times, which would otherwise stay in memory as thousands of copies.
 */
class Splices {
  readonly list: TextEdit[] = [];
  private readonly texts = new Map<string, string>();

  push(edit: TextEdit): void {
    const text = this.texts.get(edit.text);
    if (text === undefined) this.texts.set(edit.text, edit.text);
    this.list.push(text === undefined ? edit : { ...edit, text });
  }
}

/** Collects splices for one source text; `edits` is what the caller applies. */
export class SourceEditor {
  private readonly edits = new Splices();
  /** The texts of frozen values as renderFlowEntry rendered them, by value and place. */
  private readonly renderedFrozen = new Map<object, Map<string, string>>();
  /** Edits to one flow collection are rendered together, so commas come out right. */
  private readonly flowEdits = new Map<
    Collection,
    { values: unknown[]; comments: KeyComment[]; asPairs: boolean; removed: Map<unknown, number | undefined>; marks: EntryMark[] }
  >();

  constructor(
    readonly source: string,
    readonly style: DocumentStyle,
    /** The lines of `source`, shared by the editors of its documents. */
    private readonly lines = new LineIndex(source),
  ) {}

  /** All splices collected so far, flow inserts rendered. */
  finish(): TextEdit[] {
    this.flush();
    return this.edits.list;
  }

  /**
   * Renders the flow edits queued so far: once an object is done, its nodes need not stay in
   * memory until the end (the pods of a cluster dump, hardened one at a time).
   */
  flush(): void {
    for (const [collection, edit] of this.flowEdits) {
      if (edit.removed.size > 0) this.removeFromFlow(collection, edit.removed, edit.values, edit.comments, edit.asPairs, edit.marks);
      else this.insertIntoFlow(collection, edit.values, edit.comments, edit.asPairs, edit.marks);
    }
    this.flowEdits.clear();
  }

  private flowEdit(collection: Collection, asPairs: boolean) {
    const edit = this.flowEdits.get(collection) ?? {
      values: [],
      comments: [],
      asPairs,
      removed: new Map<unknown, number | undefined>(),
      marks: [],
    };
    this.flowEdits.set(collection, edit);
    return edit;
  }

  /** `marks` lead from `values` (a pair entry's from `[{ [key]: value }]`). */
  private queueFlowInsert(
    collection: Collection,
    values: readonly unknown[],
    comments: readonly KeyComment[],
    asPairs: boolean,
    marks: readonly ValueMark[],
  ): void {
    const edit = this.flowEdit(collection, asPairs);
    for (const mark of marks) {
      const [index, ...steps] = mark.steps;
      if (typeof index === 'number') edit.marks.push({ change: mark.change, entry: edit.values.length + index, steps });
    }
    edit.values.push(...values);
    edit.comments.push(...comments);
  }

  /** The marks of flow entries rendered as `texts`, the first at `offset` in the edit's text and each after the one before and `separator`. */
  private entryMarks(
    texts: readonly string[],
    offset: number,
    separator: number,
    marks: readonly EntryMark[],
    asPairs: boolean,
  ): EditMark[] {
    const starts: number[] = [];
    let at = offset;
    for (const text of texts) {
      starts.push(at);
      at += text.length + separator;
    }
    return marks.flatMap((mark) => {
      const text = texts[mark.entry];
      const start = starts[mark.entry];
      if (text === undefined || start === undefined) return [];
      // An entry is rendered without the spaces before it: the whole of it is the change's.
      if (mark.steps.length === (asPairs ? 1 : 0)) return [{ change: mark.change, start, end: start + text.length }];
      // A pair entry (`"key":[…]` of minified JSON) reads as a mapping in braces.
      return asPairs ? marksIn(`{${text}}`, start - 1, [mark], false) : marksIn(text, start, [mark], false);
    });
  }

  /**
   * Replaces a scalar's text, keeping its quoting style. A tag before it goes (`!!str false` would
   * be text, `!!int false` an error); an anchor stays, with a space before the new value (`&a false`).
   */
  setScalar(node: Node, value: string | number | boolean, mark?: { readonly change: number; readonly pair: Pair }): void {
    const [valueStart, end] = rangeOf(node);
    const start = this.propertiesStart(node, valueStart);
    const text = (node.anchor ? `&${node.anchor} ` : '') + renderReplacementScalar(value, node, this.style);
    // An empty value (`key:`) has an empty range right after the colon: the new value needs its space.
    const empty = start === end;
    const before = empty && this.source[start - 1] === ':' ? ' ' : '';
    const after = this.source[end] === '#' && !/\s$/.test(text) ? ' ' : '';
    // The change is the pair, key and new value, where it was key and old value.
    const from = mark ? startOf(mark.pair) : start;
    const marks = mark && [{ change: mark.change, start: from - start, end: before.length + text.length, input: [from, end] as const }];
    this.edits.push({ start, end, text: before + text + after, marks });
  }

  /** Where a node's anchor and tag start (its own start when it has neither). */
  private propertiesStart(node: Node, start: number): number {
    return node.anchor !== undefined || node.tag !== undefined ? startWithProperties(this.source, start) : start;
  }

  /** Adds `key: value` to a mapping: after `after` when given, else at its end. */
  insertPair(
    map: YAMLMap,
    key: string,
    value: unknown,
    options: { after?: Pair | undefined; comments?: readonly KeyComment[]; marks?: readonly ValueMark[] } = {},
  ): void {
    const comments = options.comments ?? [];
    // `marks` lead from the pair written (`[key]`): from the one entry written to the mapping.
    const marks = (options.marks ?? []).map((mark) => ({ change: mark.change, steps: [0, ...mark.steps] }));
    if (map.flow) {
      this.queueFlowInsert(map, [{ [key]: value }], comments, true, marks);
      return;
    }
    const first = map.items[0];
    const anchor = options.after ?? map.items.at(-1);
    if (!first || !anchor) throw new Error('cannot insert into an empty block mapping');
    const indent = this.lines.columnOf(startOf(first));
    const text = renderBlock({ [key]: value }, this.style, indent, comments);
    const textMarks = marksIn(text, 0, options.marks ?? [], true);
    const at = this.lines.lineEndAfter(contentEnd(anchor));
    if (this.isFinalBlockScalar(at, anchor) && this.lines.isFirstOnLine(startOf(anchor))) {
      // A block scalar that ends the text without a line break stays last: readers disagree on its value otherwise.
      this.edits.push({
        start: this.lines.lineStart(startOf(anchor)),
        end: this.lines.lineStart(startOf(anchor)),
        text: text + this.style.lineEnding,
        nesting: indent * 2,
        marks: textMarks,
      });
      return;
    }
    this.insertLines(at, text, indent * 2, textMarks);
  }

  /** Whether inserting at `at`, after `anchor`, would follow a block scalar that ends the text without a line break. */
  private isFinalBlockScalar(at: number, anchor: Node | Pair): boolean {
    return at === this.source.length && !this.source.endsWith('\n') && endsWithBlockScalar(anchor);
  }

  /** Appends items to a sequence; `marks` lead from `values`. */
  appendItems(seq: YAMLSeq, values: readonly unknown[], comments: readonly KeyComment[] = [], marks: readonly ValueMark[] = []): void {
    if (values.length === 0) return;
    if (seq.flow) {
      this.queueFlowInsert(seq, values, comments, false, marks);
      return;
    }
    const first = seq.items[0] as Node | undefined;
    const last = seq.items.at(-1) as Node | undefined;
    if (!first || !last) throw new Error('cannot append to an empty block sequence');
    const dashColumn = this.lines.columnOf(this.dashOffset(first));
    // A sequence item continues its sequence, so it goes before a key at the same column.
    const text = renderBlock(values, this.style, dashColumn, comments);
    this.insertLines(this.lines.lineEndAfter(contentEnd(last)), text, dashColumn * 2 + 1, marksIn(text, 0, marks, values.length === 1));
  }

  /** Gives a key whose value is empty (`volumes:` or `volumes: []`) a sequence of items. */
  fillEmptyValue(
    pair: Pair,
    values: readonly unknown[],
    parentIsFlow: boolean,
    comments: readonly KeyComment[] = [],
    marks: readonly ValueMark[] = [],
  ): void {
    const value = pair.value as Node | null;
    if (isSeq(value) && value.flow && parentIsFlow) {
      this.queueFlowInsert(value, values, comments, false, marks);
      return;
    }
    const keyStart = rangeOf(pair.key as Node)[0];
    const keyColumn = this.lines.columnOf(keyStart);
    // A tag before the value goes (`!!null` would make the items an error); an anchor stays.
    const anchor = value?.anchor ? `&${value.anchor}` : '';
    const valueStart = value?.range ? this.propertiesStart(value, value.range[0]) : undefined;
    if (parentIsFlow) {
      const start = valueStart ?? rangeOf(pair.key as Node)[1] + 1;
      const text = renderFlow(values, this.style, keyColumn, comments);
      const prefix = anchor === '' ? '' : `${anchor} `;
      this.edits.push({
        start,
        end: value?.range ? value.range[1] : start,
        text: prefix + text,
        marks: marksIn(text, prefix.length, marks, false),
      });
      return;
    }
    if (value?.range && valueStart !== undefined && value.range[1] > valueStart) {
      // `key: ~`, `key: []` or `key: !!null` in a block mapping: the items follow on lines of their own.
      let start = valueStart;
      while (this.source[start - 1] === ' ') start -= 1;
      this.edits.push({ start, end: value.range[1], text: anchor === '' ? '' : ` ${anchor}` });
    }
    const indent = keyColumn + (this.style.indentSeq ? this.style.indentStep : 0);
    const lineEnd = this.lines.lineEndAfter(rangeOf(pair.key as Node)[1]);
    const text = renderBlock(values, this.style, indent, comments);
    this.insertLines(lineEnd, text, indent * 2 + 1, marksIn(text, 0, marks, values.length === 1));
  }

  /**
   * Removes one item of a sequence or one pair of a mapping, with its line when it has one.
   * `marks`: the changes that remove it, or items inside it.
   */
  removeItem(collection: Collection, item: Node | Pair, marks: readonly RemovalMark[] = []): void {
    if (collection.flow) {
      this.flowEdit(collection, isMap(collection)).removed.set(item, marks.find((mark) => mark.node === item)?.change);
      return;
    }
    const start = isPair(item) ? startOf(item) : this.dashOffset(item);
    const from = this.lines.isFirstOnLine(start) ? this.lines.lineStart(start) : start;
    const removed = marks.map((mark) => this.removalMark(mark.change, mark.node));
    this.edits.push({ start: from, end: this.lines.lineEndAfter(contentEnd(item)), text: '', marks: removed });
  }

  /** A change that removes `node`: nothing in the output, where the node stood, a pair from its key and a block item from its dash. */
  private removalMark(change: number, node: Node | Pair): EditMark {
    // A flow item has no dash before it: dashOffset gives its own start.
    const start = isPair(node) ? startOf(node) : this.dashOffset(node);
    return { change, start: 0, end: 0, input: [start, contentEnd(node)] };
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

  private insertLines(where: number, text: string, nesting: number, marks: readonly EditMark[]): void {
    const eol = this.style.lineEnding;
    const at = this.afterCommentedItems(where, Math.floor(nesting / 2));
    const atEndWithoutNewline = at === this.source.length && !this.source.endsWith('\n');
    const shift = atEndWithoutNewline ? eol.length : 0;
    this.edits.push({
      start: at,
      end: at,
      text: atEndWithoutNewline ? eol + text : text + eol,
      nesting,
      marks: marks.map((mark) => ({ ...mark, start: mark.start + shift, end: mark.end + shift })),
    });
  }

  /**
   * Where new lines go so that they do not split a block from the commented-out list items that
   * close it (`- --a` then `# - --b`): after those comments, when they stand at least as deep as
   * the new lines, so that uncommenting them still extends their own list.
   */
  private afterCommentedItems(at: number, column: number): number {
    let position = at;
    let inItem = false;
    while (position < this.source.length) {
      const newline = this.source.indexOf('\n', position);
      const end = newline === -1 ? this.source.length : newline + 1;
      const line = this.source.slice(position, end);
      const match = /^([ \t]*)#([ \t]*)(-?)/.exec(line);
      if (!match || (match[1] ?? '').length < column) break;
      const startsItem = match[3] === '-' && /^[ \t]*#[ \t]*-(\s|$)/.test(line);
      // The lines of a commented-out item after its first: `#   value: x` under `# - name: x`.
      const continuesItem = inItem && (match[2] ?? '').length >= 2 && !/^[ \t]*#[ \t]*$/.test(line.trimEnd());
      if (!startsItem && !continuesItem) break;
      inItem = true;
      position = end;
    }
    return position;
  }

  /**
   * Whether new items go first in this collection: in indented JSON, which has no trailing comma,
   * appending would rewrite the last item's line to add one; items put first, each with its
   * comma, keep the diff insertions only.
   */
  private addsFirst(collection: Collection): boolean {
    const first = collection.items[0] as Node | Pair | undefined;
    if (!this.style.json || !collection.flow || !first) return false;
    return this.blankRestOfLineEnd(rangeOf(collection)[0] + 1) !== undefined && this.lines.isFirstOnLine(startOf(first));
  }

  /** The index items appended to `list` will have, when `kept` of its items stay. */
  appendedIndex(list: Node | null | undefined, kept: number): number {
    return isSeq(list) && this.addsFirst(list) ? 0 : kept;
  }

  /** Where a flow collection's closing bracket stands. */
  private closeOf(collection: Collection): number {
    return this.source.lastIndexOf(isMap(collection) ? '}' : ']', rangeOf(collection)[1] - 1);
  }

  /** One new entry of a flow collection: a value, or `key: value` for a mapping. */
  private renderFlowEntry(value: unknown, indent: number, inline: boolean, comments: readonly KeyComment[], asPairs: boolean): string {
    // A frozen value (the token volume and mount, made once per options) is rendered once per place: a cluster dump's pods all get it.
    if (typeof value !== 'object' || value === null || !Object.isFrozen(value))
      return this.renderFlowEntryAfresh(value, indent, inline, comments, asPairs);
    const byPlace = this.renderedFrozen.get(value) ?? new Map<string, string>();
    this.renderedFrozen.set(value, byPlace);
    const place = `${indent} ${inline} ${asPairs} ${JSON.stringify(comments)}`;
    let text = byPlace.get(place);
    if (text === undefined) {
      text = this.renderFlowEntryAfresh(value, indent, inline, comments, asPairs);
      byPlace.set(place, text);
    }
    return text;
  }

  private renderFlowEntryAfresh(
    value: unknown,
    indent: number,
    inline: boolean,
    comments: readonly KeyComment[],
    asPairs: boolean,
  ): string {
    const entry = asPairs ? (Object.entries(value as object)[0] as [string, unknown]) : undefined;
    const body = entry ? entry[1] : value;
    const text = inline ? renderInline(body, this.style) : renderFlow(body, this.style, indent, comments);
    const keySeparator = inline ? inlineSeparators(this.style).key : ': ';
    return entry ? `${renderFlowKey(entry[0], this.style)}${keySeparator}${text}` : text;
  }

  /** The column of new entries written one per line: that of the items, else one step in from the bracket. */
  private flowItemIndent(items: readonly (Node | Pair)[], close: number): number {
    const first = items[0];
    return first && this.lines.isFirstOnLine(startOf(first))
      ? this.lines.columnOf(startOf(first))
      : this.leadingSpaces(close) + this.style.indentStep;
  }

  private insertIntoFlow(
    collection: Collection,
    values: readonly unknown[],
    comments: readonly KeyComment[],
    asPairs: boolean,
    marks: readonly EntryMark[],
  ): void {
    const open = rangeOf(collection)[0];
    const close = this.closeOf(collection);
    const items = collection.items as (Node | Pair)[];
    const last = items.at(-1);
    const lastEnd = last ? contentEnd(last) : open + 1;
    const first = items[0];
    const afterOpen = this.blankRestOfLineEnd(open + 1);
    if (first && afterOpen !== undefined && this.addsFirst(collection)) {
      const indent = this.lines.columnOf(startOf(first));
      const entries = values.map((value) => this.renderFlowEntry(value, indent, false, comments, asPairs));
      const lines = entries.map((entry) => ' '.repeat(indent) + entry + ',');
      this.edits.push({
        start: afterOpen,
        end: afterOpen,
        text: lines.join(this.style.lineEnding) + this.style.lineEnding,
        nesting: indent * 2,
        marks: this.entryMarks(entries, indent, indent + 1 + this.style.lineEnding.length, marks, asPairs),
      });
      return;
    }
    if (this.lines.isFirstOnLine(close)) {
      const trailing = this.hasTrailingComma(items, close) ? ',' : '';
      const indent = this.flowItemIndent(items, close);
      const entries = values.map((value) => this.renderFlowEntry(value, indent, false, comments, asPairs));
      const lines = entries.map((entry, index) => ' '.repeat(indent) + entry + (index < values.length - 1 ? ',' : trailing));
      if (last && trailing === '') this.edits.push({ start: lastEnd, end: lastEnd, text: ',' });
      const at = this.lines.lineStart(close);
      this.edits.push({
        start: at,
        end: at,
        text: lines.join(this.style.lineEnding) + this.style.lineEnding,
        nesting: indent * 2,
        marks: this.entryMarks(entries, indent, indent + 1 + this.style.lineEnding.length, marks, asPairs),
      });
      return;
    }
    const multiLine = this.source.slice(open, close).includes('\n');
    const indent = this.leadingSpaces(close);
    const separator = multiLine ? ', ' : inlineSeparators(this.style).item;
    const entries = values.map((value) => this.renderFlowEntry(value, indent, !multiLine, comments, asPairs));
    const prefix = last ? separator : '';
    this.edits.push({
      start: lastEnd,
      end: lastEnd,
      text: prefix + entries.join(separator),
      marks: this.entryMarks(entries, prefix.length, separator.length, marks, asPairs),
    });
  }

  private hasTrailingComma(items: readonly (Node | Pair)[], close: number): boolean {
    const last = items.at(-1);
    return last !== undefined && this.separatorComma(contentEnd(last), close) !== undefined;
  }

  /** The comma between `from` and `to`, which hold only spaces, line breaks, comments and that comma. */
  private separatorComma(from: number, to: number): number | undefined {
    for (let index = from; index < to; index += 1) {
      const char = this.source[index];
      if (char === ',') return index;
      if (char === '#') index = this.source.indexOf('\n', index);
      if (index === -1) return undefined;
    }
    return undefined;
  }

  /** The comma that separates two items of a flow collection: the parser refuses them without one. */
  private commaBetween(from: number, to: number): number {
    const comma = this.separatorComma(from, to);
    if (comma === undefined) throw new Error('flow collection items without a comma between them');
    return comma;
  }

  /** Where the line holding `offset` ends (after its break) when only spaces or a comment follow it there. */
  private blankRestOfLineEnd(offset: number): number | undefined {
    const end = this.lines.lineEndAfter(offset);
    let index = offset;
    while (this.source[index] === ' ' || this.source[index] === '\t') index += 1;
    // Only a comment is read to its end: the rest of a line of minified JSON is megabytes long.
    if (this.source[index] === '#') return /^[ \t]*(#.*)?\r?\n?$/.test(this.source.slice(offset, end)) ? end : undefined;
    if (this.source[index] === '\r') index += 1;
    if (this.source[index] === '\n') index += 1;
    return index === end ? end : undefined;
  }

  /** The spaces that start the line holding `offset`, up to `offset`. */
  private leadingSpaces(offset: number): number {
    const start = this.lines.lineStart(offset);
    let index = start;
    while (index < offset && this.source[index] === ' ') index += 1;
    return index - start;
  }

  /**
   * Removes items of a flow collection, and adds `values`, as splices: the items that stay keep
   * their text and the comments around them; an item's own lines go with it, as in block style.
   */
  private removeFromFlow(
    collection: Collection,
    removed: ReadonlyMap<unknown, number | undefined>,
    values: readonly unknown[],
    comments: readonly KeyComment[],
    asPairs: boolean,
    marks: readonly EntryMark[],
  ): void {
    const open = rangeOf(collection)[0];
    const close = this.closeOf(collection);
    const items = collection.items as (Node | Pair)[];
    const itemStart = (index: number): number => startWithProperties(this.source, startOf(items[index] as Node | Pair));
    const itemEnd = (index: number): number => contentEnd(items[index] as Node | Pair);
    // The changes that remove items from `from` on: nothing of them in the output, their text in the input.
    const removals = (from: number, to = items.length): EditMark[] =>
      items.slice(from, to).flatMap((item, offset) => {
        const change = removed.get(item);
        const at = from + offset;
        return change === undefined ? [] : [{ change, start: 0, end: 0, input: [itemStart(at), itemEnd(at)] as const }];
      });
    // The removed items at the end form one run: the comma before it or after it goes too.
    let runStart = items.length;
    while (runStart > 0 && removed.has(items[runStart - 1])) runStart -= 1;
    for (let index = 0; index < runStart; index += 1) {
      if (!removed.has(items[index])) continue;
      const comma = this.commaBetween(itemEnd(index), itemStart(index + 1));
      this.removeThroughComma(itemStart(index), comma, removals(index, index + 1));
    }
    if (runStart === items.length) {
      if (values.length > 0) this.insertIntoFlow(collection, values, comments, asPairs, marks);
      return;
    }
    const from = itemStart(runStart);
    const to = itemEnd(items.length - 1);
    if (values.length > 0 && (runStart === 0 || !this.addsFirst(collection))) {
      // The added items take the place of the removed ones at the end.
      const onePerLine = this.lines.isFirstOnLine(close);
      const indent = onePerLine ? this.flowItemIndent(items, close) : this.leadingSpaces(close);
      const inline = !onePerLine && !this.source.slice(open, close).includes('\n');
      const separator = onePerLine ? `,${this.style.lineEnding}${' '.repeat(indent)}` : inline ? inlineSeparators(this.style).item : ', ';
      const entries = values.map((value) => this.renderFlowEntry(value, indent, inline, comments, asPairs));
      const written = this.entryMarks(entries, 0, separator.length, marks, asPairs);
      this.edits.push({ start: from, end: to, text: entries.join(separator), marks: [...removals(runStart), ...written] });
      return;
    }
    if (runStart === 0) this.edits.push({ start: open + 1, end: close, text: '', marks: removals(0) });
    else this.removeTrailingRun(itemEnd(runStart - 1), from, to, close, removals(runStart));
    if (values.length > 0) this.insertIntoFlow(collection, values, comments, asPairs, marks);
  }

  /** Removes the items from `from` to `to`, the last ones of a collection, after an item that stays and ends at `keptEnd`. */
  private removeTrailingRun(keptEnd: number, from: number, to: number, close: number, marks: readonly EditMark[]): void {
    const trailingComma = this.separatorComma(to, close);
    if (trailingComma !== undefined) {
      // The item before the run keeps its comma, which becomes the trailing one.
      this.removeThroughComma(from, trailingComma, marks);
      return;
    }
    const comma = this.commaBetween(keptEnd, from);
    if (!this.source.slice(comma, from).includes('#')) {
      this.edits.push({ start: comma, end: to, text: '', marks });
      return;
    }
    // Keep the comments between the last item that stays and the run; drop the comma and the run.
    this.edits.push({ start: comma, end: comma + 1, text: '' });
    const lineEnd = this.blankRestOfLineEnd(to);
    const lines = this.lines.isFirstOnLine(from) && lineEnd !== undefined;
    this.edits.push({ start: lines ? this.lines.lineStart(from) : from, end: lines ? lineEnd : to, text: '', marks });
  }

  /** Removes the text from `start` through the comma that follows it, with their lines when they stand alone. */
  private removeThroughComma(start: number, comma: number, marks: readonly EditMark[]): void {
    const lineEnd = this.blankRestOfLineEnd(comma + 1);
    if (lineEnd === undefined) {
      let next = comma + 1;
      while (this.source[next] === ' ') next += 1;
      this.edits.push({ start, end: next, text: '', marks });
    } else if (this.lines.isFirstOnLine(start)) {
      this.edits.push({ start: this.lines.lineStart(start), end: lineEnd, text: '', marks });
    } else {
      this.edits.push({ start, end: comma + 1, text: '', marks });
    }
  }
}
