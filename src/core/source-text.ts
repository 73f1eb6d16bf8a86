/** Plain-text helpers for editing the source at offsets: lines, columns and splices. */
import { createIdTable, diffSequences } from './sequence-diff';

/** A 1-based line and column in the input text. */
export type SourcePosition = { readonly line: number; readonly col: number };

/**
 * A replacement of `source.slice(start, end)` by `text`; start === end inserts. Insertions at the
 * same offset go in descending `nesting` order: a deeper block must end before a shallower one
 * continues.
 */
export type TextEdit = { readonly start: number; readonly end: number; readonly text: string; readonly nesting?: number };

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
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of orderEdits(edits)) {
    if (edit.start < cursor) throw new Error(`overlapping edits at ${edit.start}`);
    parts.push(source.slice(cursor, edit.start), edit.text);
    cursor = edit.end;
  }
  parts.push(source.slice(cursor));
  return parts.join('');
}

/** The lines of a piece of text that starts at a line start; a final line break ends the last line. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The ids of a text's lines (splitLines), each line's by `id`. */
function lineIds(text: string, id: (line: string) => number): Int32Array {
  const lines = splitLines(text);
  const ids = new Int32Array(lines.length);
  for (let index = 0; index < lines.length; index += 1) ids[index] = id(lines[index] as string);
  return ids;
}

function countBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

/**
 * Applies the edits as applyEdits does, and says which lines of the result are not lines of the
 * source: those a line diff of source and result marks `+`. The edits say where to look: only the
 * lines they touch are compared (a piece of whole lines inserted at a line start is all new; a
 * piece inside a line, or a replacement, is compared line by line with the lines it replaced), so
 * the work is proportional to the edits, not to the text. Ranges are in order and do not overlap.
 */
export function applyEditsMarkingLines(
  source: string,
  edits: readonly TextEdit[],
  lines = new LineIndex(source),
): { text: string; insertedLines: LineRange[] } {
  const { pieces, insertedLines } = applyEditsInPieces(source, edits, lines);
  return { text: pieces.join(''), insertedLines };
}

/**
 * As applyEditsMarkingLines, the result given as the pieces it is made of, in order: slices of the
 * source and the edits' texts, none empty. A writer can write them one after another: the result of
 * a cluster dump is then never built whole, and its pods' edits share a few texts.
 */
export function applyEditsInPieces(
  source: string,
  edits: readonly TextEdit[],
  lines = new LineIndex(source),
): { pieces: string[]; insertedLines: LineRange[] } {
  const ordered = orderEdits(edits);
  const parts: string[] = [];
  const add = (piece: string): void => {
    if (piece !== '') parts.push(piece);
  };
  const ranges: LineRange[] = [];
  let cursor = 0;
  // The result's line number where the next part starts (parts always end at a line start here).
  let line = 1;
  let index = 0;
  while (index < ordered.length) {
    // A group: edits whose lines touch, from the start of the first one's line to the end of the last one's.
    const first = ordered[index] as TextEdit;
    const spanStart = lines.lineStart(first.start);
    let spanEnd = lines.lineEndAfter(first.end);
    let next = index + 1;
    for (let edit = ordered[next]; edit !== undefined && lines.lineStart(edit.start) < spanEnd; edit = ordered[++next]) {
      spanEnd = Math.max(spanEnd, lines.lineEndAfter(edit.end));
    }
    if (first.start < cursor) throw new Error(`overlapping edits at ${first.start}`);
    const unchanged = source.slice(cursor, spanStart);
    add(unchanged);
    line += countBreaks(unchanged);
    const pieces: string[] = [];
    let at = spanStart;
    for (const edit of ordered.slice(index, next)) {
      if (edit.start < at) throw new Error(`overlapping edits at ${edit.start}`);
      pieces.push(source.slice(at, edit.start), edit.text);
      at = edit.end;
    }
    pieces.push(source.slice(at, spanEnd));
    const written = pieces.join('');
    const breaks = countBreaks(written);
    if (spanStart === spanEnd) {
      // Whole lines inserted at a line start: all of them new.
      const count = written.endsWith('\n') ? breaks : breaks + 1;
      if (written !== '') addRange(ranges, { start: line, end: line + count - 1 });
    } else {
      const id = createIdTable<string>();
      const { inserted } = diffSequences(lineIds(source.slice(spanStart, spanEnd), id), lineIds(written, id));
      inserted.forEach((flag, offset) => {
        if (flag === 1) addRange(ranges, { start: line + offset, end: line + offset });
      });
    }
    pieces.forEach(add);
    line += breaks;
    cursor = spanEnd;
    index = next;
  }
  add(source.slice(cursor));
  return { pieces: parts, insertedLines: ranges };
}

/** Adds a range to ordered, non-overlapping ranges, merging it with one it touches. */
function addRange(ranges: LineRange[], range: LineRange): void {
  const last = ranges.at(-1);
  if (last && range.start <= last.end + 1) ranges[ranges.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
  else ranges.push(range);
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
