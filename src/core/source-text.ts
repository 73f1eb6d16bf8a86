/** Plain-text helpers for editing the source at offsets: lines, columns and splices. */
import { type ChangeSpans, type EditMark, SpanCollector } from './change-span';
import { insertedSpans, type LineMap, LineMapBuilder } from './line-map';

/** A 1-based line and column in the input text. */
export type SourcePosition = { readonly line: number; readonly col: number };

/**
 * A replacement of `source.slice(start, end)` by `text`; start === end inserts. Insertions at the
 * same offset go in descending `nesting` order: a deeper block must end before a shallower one
 * continues.
 */
export type TextEdit = {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly nesting?: number;
  /** The changes this edit writes or removes (change-span.ts). */
  readonly marks?: readonly EditMark[] | undefined;
};

/** The offset where the line holding `offset` starts. */
export function lineStart(source: string, offset: number): number {
  if (source.length < INDEXED_LENGTH) return source.lastIndexOf('\n', offset - 1) + 1;
  // A long text may be one long line (minified JSON): searching back from every offset would be quadratic.
  const breaks = lineBreaksOf(source);
  const from = Math.max(offset - 1, 0);
  let low = 0;
  let high = breaks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((breaks[middle] as number) <= from) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? 0 : (breaks[low - 1] as number) + 1;
}

/** Texts from this length on have their line breaks indexed once (the last such text is kept). */
const INDEXED_LENGTH = 1 << 16;
let indexedText: { readonly source: string; readonly breaks: readonly number[] } | undefined;

/** The offsets of every line break of a text, in order; the last text's are kept, as edits ask about one text many times. */
function lineBreaksOf(source: string): readonly number[] {
  if (indexedText?.source === source) return indexedText.breaks;
  const breaks: number[] = [];
  for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) breaks.push(at);
  indexedText = { source, breaks };
  return breaks;
}

/** The offset just after the line break that ends the line holding `offset - 1` (or the end of text). */
export function lineEndAfter(source: string, offset: number): number {
  if (offset > 0 && source[offset - 1] === '\n') return offset;
  const newline = source.indexOf('\n', offset);
  return newline === -1 ? source.length : newline + 1;
}

/** The column (0-based) of an offset. */
export function columnOf(source: string, offset: number): number {
  return offset - lineStart(source, offset);
}

/** Whether only spaces stand between the start of its line and `offset`. */
export function isFirstOnLine(source: string, offset: number): boolean {
  return source.slice(lineStart(source, offset), offset).trim() === '';
}

/** The whitespace `String.prototype.trim` removes (`\s` is the same set). */
const TRIMMED = /\s/;

/**
 * The functions above, answered from the text's line starts found once: each question costs a
 * binary search instead of a scan of its line, and a minified JSON file is one line of megabytes,
 * where scanning the line for every edit made the work grow with the square of the input.
 */
export class LineIndex {
  /** The offset where each line starts, in order. */
  private readonly starts: Uint32Array;

  constructor(readonly source: string) {
    let count = 1;
    for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) count += 1;
    this.starts = new Uint32Array(count);
    let line = 1;
    for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) this.starts[line++] = index + 1;
  }

  /** The 0-based index of the line holding `offset`. */
  lineOf(offset: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** As `lineStart`. */
  lineStart(offset: number): number {
    // `lastIndexOf` looks at the first character for an offset of 0 too.
    if (offset <= 0) return this.source[0] === '\n' ? 1 : 0;
    return this.starts[this.lineOf(offset)] ?? 0;
  }

  /** As `lineEndAfter`. */
  lineEndAfter(offset: number): number {
    if (offset > 0 && this.source[offset - 1] === '\n') return offset;
    return this.starts[this.lineOf(offset) + 1] ?? this.source.length;
  }

  /** Where 0-based line `line` ends, before its line break (or at the end of the text). */
  contentEnd(line: number): number {
    const next = this.starts[line + 1];
    return next === undefined ? this.source.length : next - 1;
  }

  /** As `columnOf`. */
  columnOf(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** As `isFirstOnLine`: looks back only as far as the first character that is not a space. */
  isFirstOnLine(offset: number): boolean {
    const start = this.lineStart(offset);
    for (let index = Math.min(offset, this.source.length) - 1; index >= start; index -= 1) {
      if (!TRIMMED.test(this.source[index] ?? '')) return false;
    }
    return true;
  }

  /** The 1-based line and column of an offset. */
  position(offset: number): SourcePosition {
    const line = this.lineOf(offset);
    return { line: line + 1, col: offset - (this.starts[line] ?? 0) + 1 };
  }
}

/** `\r\n` when the text's first line ends that way, else `\n`. */
export function detectLineEnding(source: string): '\n' | '\r\n' {
  const newline = source.indexOf('\n');
  return newline > 0 && source[newline - 1] === '\r' ? '\r\n' : '\n';
}

/** Converts offsets to 1-based lines and columns; builds its line table once. */
export function createPositionLookup(source: string): (offset: number) => SourcePosition {
  const lines = new LineIndex(source);
  return (offset) => lines.position(offset);
}

/** Lines of a text, 1-based, from `start` to `end` inclusive. */
export type LineRange = { readonly start: number; readonly end: number };

function orderEdits(edits: readonly TextEdit[]): TextEdit[] {
  return edits
    .map((edit, order) => ({ edit, order }))
    .sort(
      (a, b) =>
        a.edit.start - b.edit.start ||
        length(a.edit) - length(b.edit) ||
        (b.edit.nesting ?? 0) - (a.edit.nesting ?? 0) ||
        a.order - b.order,
    )
    .map(({ edit }) => edit);
}

/**
 * Applies non-overlapping edits in one pass. Edits at the same offset apply in the order given,
 * insertions before a replacement that starts there.
 */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  return applyEditsAsPieces(source, edits).join('');
}

/** As applyEdits, the result given as its pieces (none empty), without saying where they came from. */
export function applyEditsAsPieces(source: string, edits: readonly TextEdit[]): string[] {
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of orderEdits(edits)) {
    if (edit.start < cursor) throw new Error(`overlapping edits at ${edit.start}`);
    if (edit.start > cursor) parts.push(source.slice(cursor, edit.start));
    if (edit.text !== '') parts.push(edit.text);
    cursor = edit.end;
  }
  if (cursor < source.length) parts.push(source.slice(cursor));
  return parts;
}

/** What applying edits gives besides the text: where each output line came from, and where each marked change is. */
export type AppliedEdits = { readonly pieces: string[]; readonly lineMap: LineMap; readonly spans: ReadonlyMap<number, ChangeSpans> };

/**
 * Applies the edits as applyEdits does, and says which lines of the result are not lines of the
 * source: those a line diff of source and result marks `+`.
 */
export function applyEditsMarkingLines(
  source: string,
  edits: readonly TextEdit[],
  lines = new LineIndex(source),
): { text: string; insertedLines: LineRange[]; lineMap: LineMap } {
  const { pieces, lineMap } = applyEditsInPieces(source, edits, lines);
  return { text: pieces.join(''), insertedLines: insertedSpans(lineMap), lineMap };
}

/**
 * As applyEditsMarkingLines, the result given as the pieces it is made of, in order: slices of the
 * source and the edits' texts, none empty. A writer can write them one after another: the result of
 * a cluster dump is then never built whole, and its pods' edits share a few texts. The line map is
 * read off the pieces as they are laid down (an output line that is one whole slice of an input
 * line is carried): no text is compared.
 */
export function applyEditsInPieces(source: string, edits: readonly TextEdit[], lines = new LineIndex(source)): AppliedEdits {
  const parts: string[] = [];
  const map = new OutputLines(source, lines);
  const spans = new SpanCollector((offset) => lines.lineOf(offset));
  let length = 0;
  const push = (piece: string): void => {
    if (piece === '') return;
    parts.push(piece);
    length += piece.length;
  };
  let cursor = 0;
  for (const edit of orderEdits(edits)) {
    if (edit.start < cursor) throw new Error(`overlapping edits at ${edit.start}`);
    const before = rotatedPrefix(source, edit, cursor, lines);
    // The output line the edit's text starts on (rotated or not: no line break stands between `start` and the edit).
    let line: number;
    if (before === 0) {
      map.addSource(cursor, edit.start);
      line = map.line;
      map.addText(edit.text);
    } else {
      // `}` then `, {…\n  }` inserted after it reads as whole lines `  }, {…` before the line `  }`: so a line diff reads it.
      const start = edit.start - before;
      map.addSource(cursor, start);
      line = map.line;
      map.addText(source.slice(start, edit.start) + edit.text.slice(0, edit.text.length - before));
      map.addSource(start, edit.start);
    }
    push(source.slice(cursor, edit.start));
    if (edit.marks) spans.add(edit.marks, edit.start, edit.text, length, line);
    push(edit.text);
    cursor = edit.end;
  }
  map.addSource(cursor, source.length);
  push(source.slice(cursor));
  return { pieces: parts, lineMap: map.finish(), spans: spans.spans };
}

/**
 * The length of the text before an insertion on its line when the insertion ends with a line
 * break and that same text: the output is then whole new lines followed by the line unchanged.
 */
function rotatedPrefix(source: string, edit: TextEdit, cursor: number, lines: LineIndex): number {
  if (edit.start !== edit.end || edit.start === 0 || source[edit.start - 1] === '\n') return 0;
  const start = lines.lineStart(edit.start);
  const before = edit.start - start;
  if (start < cursor || edit.text.length <= before || edit.text[edit.text.length - before - 1] !== '\n') return 0;
  return edit.text.endsWith(source.slice(start, edit.start)) ? before : 0;
}

/** The output's lines as pieces are laid down, each read as carried, changed in place or written. */
class OutputLines {
  private readonly builder = new LineMapBuilder();
  private empty = true;
  /** The input line the open line is a prefix of, while it is one slice of the source from that line's start. */
  private carried: number | undefined;
  /** Where that slice ends in the source. */
  private sourceEnd = 0;
  /** The input line of the open line's first character from the source (not a line break). */
  private origin: number | undefined;

  constructor(
    private readonly source: string,
    private readonly lines: LineIndex,
  ) {}

  private close(): void {
    if (!this.empty && this.carried !== undefined && this.sourceEnd === this.lines.contentEnd(this.carried))
      this.builder.add(this.carried, true);
    else this.builder.add(this.origin, false);
    this.empty = true;
    this.carried = undefined;
    this.origin = undefined;
  }

  addSource(from: number, to: number): void {
    if (from >= to) return;
    const { source, lines } = this;
    // The line table, not a search: in a text of one long line a search would run to its end each time.
    const firstBreak = lines.contentEnd(lines.lineOf(from));
    const firstEnd = firstBreak >= to ? to : firstBreak + 1;
    const ended = source[firstEnd - 1] === '\n';
    if (this.empty) this.carried = from === 0 || source[from - 1] === '\n' ? lines.lineOf(from) : undefined;
    else if (this.sourceEnd !== from) this.carried = undefined;
    this.sourceEnd = ended ? firstEnd - 1 : firstEnd;
    this.empty = false;
    if (this.origin === undefined && firstEnd - from > (ended ? 1 : 0)) this.origin = lines.lineOf(from);
    if (!ended) return;
    this.close();
    if (firstEnd >= to) return;
    // Whole input lines, then perhaps the start of one.
    const firstWhole = lines.lineOf(firstEnd);
    const tailStart = lines.lineStart(to);
    const whole = lines.lineOf(tailStart) - firstWhole;
    this.builder.add(firstWhole, true, whole);
    if (tailStart < to) {
      this.empty = false;
      this.carried = lines.lineOf(tailStart);
      this.origin = this.carried;
      this.sourceEnd = to;
    }
  }

  addText(text: string): void {
    let at = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', at)) {
      // A line break alone ends the open line as it is: an input line without one stays that line.
      if (newline > at || at > 0) this.carried = undefined;
      this.empty = false;
      this.close();
      at = newline + 1;
    }
    if (at < text.length) {
      this.empty = false;
      this.carried = undefined;
    }
  }

  /** The 0-based output line the next piece starts on. */
  get line(): number {
    return this.builder.line;
  }

  finish(): LineMap {
    if (!this.empty) this.close();
    return this.builder.finish();
  }
}

function length(edit: TextEdit): number {
  return edit.end === edit.start ? 0 : 1;
}

/** A character that may take more than one byte (printable ASCII and line breaks do not), found without a loop. */
const MAYBE_MULTIBYTE = /[^\t\n\r\x20-\x7e]/;

/** The length of a string in UTF-8 bytes, as it was (or will be) on disk. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  // ASCII is one byte a character: only the text from the first other character needs counting.
  const first = text.search(MAYBE_MULTIBYTE);
  if (first === -1) return bytes;
  for (let index = first; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      // A surrogate pair is two UTF-16 units and four bytes.
      bytes += 2;
      index += 1;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Control characters, format characters (bidirectional overrides and isolates, zero-width
 * characters, tags: Unicode's Cf, all invisible) and line separators: what a terminal acts on,
 * or shows otherwise than it is.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/**
 * Text from the input made safe for a terminal: control characters (ESC, BEL, C1 such as CSI),
 * bidirectional overrides, invisible format characters and line separators are shown as `\x1b`,
 * `\u202e` or `\U000e0001`, so a name in a manifest or a log cannot move the cursor, set the
 * title, reorder a diagnostic or hide in it. Tabs stay; a line break inside a name is escaped too,
 * so it cannot forge a diagnostic line of its own. The escapes are YAML's, so a double-quoted
 * YAML scalar may hold them.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0xff) return `\\x${hex(code, 2)}`;
    return code <= 0xffff ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
  });
}

/**
 * Of those, what `JSON.stringify` leaves raw: DEL, C1 controls, format characters and line
 * separators. (It escapes the C0 controls itself; the line breaks of its indentation are not in
 * strings and must stay.)
 */
const JSON_UNSAFE = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

/**
 * JSON text (as `JSON.stringify` writes it) with those characters written as `\u202e` escapes
 * (two past U+FFFF): it parses to the same value, and shows in a terminal or an editor as it is.
 * Outside strings JSON text holds none of them, so every one replaced is inside a string.
 */
export function escapeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, (char) =>
    char.length === 1 ? `\\u${hex(char.charCodeAt(0), 4)}` : `\\u${hex(char.charCodeAt(0), 4)}\\u${hex(char.charCodeAt(1), 4)}`,
  );
}

/** `JSON.stringify(value, null, 2)` and a line break, with `escapeJsonText`'s escapes: JSON for the command to print. */
export function printableJson(value: unknown): string {
  return `${escapeJsonText(JSON.stringify(value, null, 2))}\n`;
}
