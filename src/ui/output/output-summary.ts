/** The output at a glance, for the toolbar: "+11 lines · 3 changes · 1 to review", or "2 added, 2 removed · …". */
import type { Finding } from '../../core';
import type { OutputBlock } from '../../state/output-blocks';
import { countLines } from '../shared/content-lines';

export type OutputSummary = {
  readonly addedLines: number;
  readonly removedLines: number;
  readonly changes: number;
  readonly toReview: number;
};

/**
 * `inputLines` is the line count of the input the blocks were hardened from: every output line not
 * marked inserted is an input line kept, so the rest of the input's lines were removed.
 */
export function summarize(
  blocks: readonly OutputBlock[],
  inputLines: number,
  changeCount: number,
  findings: readonly Finding[],
): OutputSummary {
  let addedLines = 0;
  for (const block of blocks) if (block.added !== '') addedLines += block.added.split(',').length;
  const last = blocks.at(-1);
  const outputLines = last ? last.start + countLines(last.text) : 0;
  return {
    addedLines,
    removedLines: Math.max(0, inputLines - (outputLines - addedLines)),
    changes: changeCount,
    toReview: findings.filter((finding) => finding.severity === 'warning').length,
  };
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/**
 * The summary's parts in words: "+N lines" when lines were only added (the net change), else what
 * was added and what removed, since a replaced line is one of each; what is zero to review is left out.
 */
export function summaryParts(summary: OutputSummary): string[] {
  const lines =
    summary.removedLines === 0
      ? `+${count(summary.addedLines, 'line', 'lines')}`
      : `${summary.addedLines.toLocaleString('en')} added, ${summary.removedLines.toLocaleString('en')} removed`;
  const parts = [lines, count(summary.changes, 'change', 'changes')];
  if (summary.toReview > 0) parts.push(`${summary.toReview.toLocaleString('en')} to review`);
  return parts;
}
