/**
 * Which input line each output line came from, as the edits were applied (source-text.ts): kept
 * in runs, since an output of 100,000 lines has a few runs per edit, and the page receives it.
 */

/**
 * Runs of output lines that came from input lines, four numbers a run, in output order:
 * `outputLine, inputLine, count, carried` (0-based lines; `carried` is 1 when the lines are the
 * input's unchanged, 0 when the tool changed them in place). An output line in no run is one
 * the tool wrote. `lineCount` is the number of output lines.
 */
export type LineMap = { readonly lineCount: number; readonly runs: readonly number[] };

/** Lines of a text, 1-based, from `start` to `end` inclusive. */
export type LineSpan = { readonly start: number; readonly end: number };

/** Builds a map one output line at a time, in order. */
export class LineMapBuilder {
  private readonly runs: number[] = [];
  private lines = 0;

  /** How many output lines were added: the 0-based index of the next one. */
  get line(): number {
    return this.lines;
  }

  /** The next `count` output lines are input lines from `inputLine` on; `carried`: unchanged. */
  add(inputLine: number | undefined, carried: boolean, count = 1): void {
    if (inputLine !== undefined && count > 0) {
      const runs = this.runs;
      const last = runs.length - 4;
      const flag = carried ? 1 : 0;
      if (
        last >= 0 &&
        runs[last + 3] === flag &&
        (runs[last] as number) + (runs[last + 2] as number) === this.lines &&
        (runs[last + 1] as number) + (runs[last + 2] as number) === inputLine
      ) {
        runs[last + 2] = (runs[last + 2] as number) + count;
      } else runs.push(this.lines, inputLine, count, flag);
    }
    this.lines += count;
  }

  finish(): LineMap {
    return { lineCount: this.lines, runs: this.runs };
  }
}

/** The map of a text given back as it was: every line carried. */
export function unchangedLineMap(text: string): LineMap {
  let count = text === '' || text.endsWith('\n') ? 0 : 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return { lineCount: count, runs: count === 0 ? [] : [0, 0, count, 1] };
}

/** The runs of a map as objects, each with whether its lines are carried unchanged. */
export function* mapRuns(map: LineMap): Generator<{ output: number; input: number; count: number; carried: boolean }> {
  const { runs } = map;
  for (let index = 0; index + 3 < runs.length; index += 4) {
    yield {
      output: runs[index] as number,
      input: runs[index + 1] as number,
      count: runs[index + 2] as number,
      carried: runs[index + 3] === 1,
    };
  }
}

/** The output lines that are not input lines carried unchanged (what a line diff marks `+`), 1-based, in order. */
export function insertedSpans(map: LineMap): LineSpan[] {
  const spans: LineSpan[] = [];
  let next = 0;
  const gap = (end: number): void => {
    if (end <= next) return;
    const last = spans.at(-1);
    if (last && last.end === next) spans[spans.length - 1] = { start: last.start, end };
    else spans.push({ start: next + 1, end });
  };
  for (const run of mapRuns(map)) {
    if (!run.carried) continue;
    gap(run.output);
    next = run.output + run.count;
  }
  gap(map.lineCount);
  return spans;
}

/** The input line an output line came unchanged from, or for another line the input line in its place (1-based). */
export function inputLineOf(map: LineMap, outputLine: number): number {
  const index = outputLine - 1;
  let line = 1;
  for (const run of mapRuns(map)) {
    if (!run.carried) continue;
    if (run.output > index) break;
    if (index < run.output + run.count) return run.input + (index - run.output) + 1;
    line = run.input + run.count + 1;
  }
  return line;
}

/** The output line showing an input line unchanged, or the next such line if the output changed it (1-based). */
export function outputLineOf(map: LineMap, inputLine: number): number {
  return outputLinesOf(map, [inputLine])[0] ?? 1;
}

/** `outputLineOf` for many input lines at once, in one pass: the answers in the order asked. */
export function outputLinesOf(map: LineMap, inputLines: readonly number[]): number[] {
  const order = inputLines.map((line, index) => ({ index: line - 1, at: index })).sort((a, b) => a.index - b.index);
  const answers = new Array<number>(inputLines.length).fill(1);
  let next = 0;
  let last = 1;
  for (const run of mapRuns(map)) {
    if (!run.carried) continue;
    while (next < order.length && (order[next]?.index ?? 0) < run.input + run.count) {
      const wanted = order[next] as { index: number; at: number };
      answers[wanted.at] = run.output + Math.max(0, wanted.index - run.input) + 1;
      next += 1;
    }
    last = run.output + run.count;
  }
  for (; next < order.length; next += 1) answers[order[next]?.at ?? 0] = last;
  return answers;
}
