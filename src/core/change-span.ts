/**
 * Where each change is in the output and the input, as the edit stage says: an edit carries marks
 * naming the changes it writes or removes, and applying the edits turns them into offsets and lines.
 */

/** A stretch of a text: offsets `start` to `end` (exclusive), on lines `startLine` to `endLine` (1-based, inclusive). */
export type TextSpan = { readonly start: number; readonly end: number; readonly startLine: number; readonly endLine: number };

/**
 * A change an edit makes. `start` and `end` are offsets in the edit's text (a negative `start`
 * reaches back into the unchanged text just before the edit: the key of a replaced value); both 0
 * for a change that only removes text. `input` is the source text the change replaced or removed.
 * `change` indexes the changes of the run.
 */
export type EditMark = {
  readonly change: number;
  readonly start: number;
  readonly end: number;
  readonly input?: readonly [number, number] | undefined;
};

/** Where one change is: in the output (empty where it removed text), and in the input where it replaced or removed some. */
export type ChangeSpans = { readonly output: TextSpan; readonly input: TextSpan | undefined };

/** Two spans of one text as one, from the first's start to the last's end. */
export function joinSpans(a: TextSpan, b: TextSpan): TextSpan {
  const first = a.start <= b.start ? a : b;
  const last = a.end >= b.end ? a : b;
  return { start: first.start, end: last.end, startLine: first.startLine, endLine: last.endLine };
}

/** A change's output from two edits: what it wrote, not the place where it removed something. */
function joinOutputs(a: TextSpan, b: TextSpan): TextSpan {
  if (a.start === a.end) return b.start === b.end ? a : b;
  return b.start === b.end ? a : joinSpans(a, b);
}

function joinInputs(a: TextSpan | undefined, b: TextSpan | undefined): TextSpan | undefined {
  return a && b ? joinSpans(a, b) : (a ?? b);
}

/** The marks moved with their edit: the changes renumbered from `base`, the input offsets by `offset`. */
export function movedMarks(marks: readonly EditMark[], base: number, offset: number): EditMark[] {
  return marks.map((mark) => ({
    ...mark,
    change: mark.change + base,
    input: mark.input && [mark.input[0] + offset, mark.input[1] + offset],
  }));
}

function countBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index !== -1 && index < to; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

/**
 * Collects the spans of the marks as the edits are laid down: `at` is told where each edit's text
 * starts in the output (offset and 0-based line).
 */
export class SpanCollector {
  readonly spans = new Map<number, ChangeSpans>();

  constructor(private readonly inputLineOf: (offset: number) => number) {}

  /** Resolves an edit's marks; its text starts at output offset `offset`, on 0-based output line `line`. */
  add(marks: readonly EditMark[], editStart: number, text: string, offset: number, line: number): void {
    for (const mark of marks) {
      const lineAt = (at: number): number =>
        at >= 0 ? line + countBreaks(text, 0, at) : line - (this.inputLineOf(editStart) - this.inputLineOf(editStart + at));
      const output: TextSpan = {
        start: offset + mark.start,
        end: offset + mark.end,
        startLine: lineAt(mark.start) + 1,
        endLine: lineAt(Math.max(mark.start, mark.end - 1)) + 1,
      };
      const input: TextSpan | undefined = mark.input && {
        start: mark.input[0],
        end: mark.input[1],
        startLine: this.inputLineOf(mark.input[0]) + 1,
        endLine: this.inputLineOf(Math.max(mark.input[0], mark.input[1] - 1)) + 1,
      };
      const known = this.spans.get(mark.change);
      this.spans.set(
        mark.change,
        known ? { output: joinOutputs(known.output, output), input: joinInputs(known.input, input) } : { output, input },
      );
    }
  }
}
