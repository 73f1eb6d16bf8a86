/** The `diff` output format (SPEC §3): a unified diff of input → hardened, as `git diff` prints it. */
import { createIdTable, diffSequences, editRegions, type EditRegion } from '../sequence-diff';

/** The file names printed on the `---` and `+++` lines. */
export type DiffLabels = { readonly before: string; readonly after: string };

/** Lines of unchanged text shown around each change, as `git diff` and `diff -u` do. */
const CONTEXT_LINES = 3;

const NO_NEWLINE_MARKER = '\\ No newline at end of file\n';

/**
 * Splits text into lines that keep their `\n` (and any `\r` before it), so that a last line
 * without a newline differs from the same line with one, and CRLF survives untouched.
 */
function splitLinesKeepingEnds(text: string): string[] {
  if (text === '') return [];
  const pieces = text.split('\n');
  const lines = pieces.map((piece, index) => (index < pieces.length - 1 ? piece + '\n' : piece));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A hunk range as `diff -u` writes it: `start,count`, the count omitted when it is 1. */
function formatRange(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}

function formatLine(prefix: string, line: string): string {
  return line.endsWith('\n') ? prefix + line : prefix + line + '\n' + NO_NEWLINE_MARKER;
}

/** Groups edit regions whose context would touch or overlap into one hunk. */
function groupIntoHunks(regions: readonly EditRegion[]): EditRegion[][] {
  const hunks: EditRegion[][] = [];
  let current: EditRegion[] = [];
  for (const region of regions) {
    const previous = current[current.length - 1];
    if (previous && region.beforeStart - previous.beforeEnd > 2 * CONTEXT_LINES) {
      hunks.push(current);
      current = [];
    }
    current.push(region);
  }
  if (current.length > 0) hunks.push(current);
  return hunks;
}

function formatHunk(hunk: readonly EditRegion[], before: readonly string[], after: readonly string[]): string {
  const first = hunk[0];
  const last = hunk[hunk.length - 1];
  if (!first || !last) return '';
  const beforeStart = Math.max(0, first.beforeStart - CONTEXT_LINES);
  const beforeEnd = Math.min(before.length, last.beforeEnd + CONTEXT_LINES);
  // Unchanged stretches pair up one to one, so the context is as long on both sides.
  const afterStart = first.afterStart - (first.beforeStart - beforeStart);
  const afterEnd = last.afterEnd + (beforeEnd - last.beforeEnd);
  const out: string[] = [
    `@@ -${formatRange(beforeStart, beforeEnd - beforeStart)} +${formatRange(afterStart, afterEnd - afterStart)} @@\n`,
  ];
  let position = beforeStart;
  for (const region of hunk) {
    for (; position < region.beforeStart; position++) out.push(formatLine(' ', before[position] ?? ''));
    for (let i = region.beforeStart; i < region.beforeEnd; i++) out.push(formatLine('-', before[i] ?? ''));
    for (let j = region.afterStart; j < region.afterEnd; j++) out.push(formatLine('+', after[j] ?? ''));
    position = region.beforeEnd;
  }
  for (; position < beforeEnd; position++) out.push(formatLine(' ', before[position] ?? ''));
  return out.join('');
}

/**
 * A unified diff from `before` to `after` with three lines of context, or '' when they are equal.
 * Lines are split on `\n` only: a `\r` stays part of the line, so CRLF text diffs and patches back exactly.
 */
export function unifiedDiff(before: string, after: string, labels: DiffLabels = { before: 'input', after: 'hardened' }): string {
  if (before === after) return '';
  const beforeLines = splitLinesKeepingEnds(before);
  const afterLines = splitLinesKeepingEnds(after);
  let prefix = 0;
  while (prefix < beforeLines.length && prefix < afterLines.length && beforeLines[prefix] === afterLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < beforeLines.length - prefix &&
    suffix < afterLines.length - prefix &&
    beforeLines[beforeLines.length - 1 - suffix] === afterLines[afterLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const idOf = createIdTable<string>();
  const middleBefore = Int32Array.from(beforeLines.slice(prefix, beforeLines.length - suffix), idOf);
  const middleAfter = Int32Array.from(afterLines.slice(prefix, afterLines.length - suffix), idOf);
  const regions = editRegions(diffSequences(middleBefore, middleAfter)).map((region) => ({
    beforeStart: region.beforeStart + prefix,
    beforeEnd: region.beforeEnd + prefix,
    afterStart: region.afterStart + prefix,
    afterEnd: region.afterEnd + prefix,
  }));
  const hunks = groupIntoHunks(regions).map((hunk) => formatHunk(hunk, beforeLines, afterLines));
  return `--- ${labels.before}\n+++ ${labels.after}\n${hunks.join('')}`;
}
