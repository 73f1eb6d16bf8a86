/** The output at a glance, for the toolbar: "+11 lines · 3 changes · 1 to review". */
import type { Finding } from '../core';
import type { OutputBlock } from '../state/output-blocks';

export type OutputSummary = { readonly addedLines: number; readonly changes: number; readonly toReview: number };

export function summarize(blocks: readonly OutputBlock[], changeCount: number, findings: readonly Finding[]): OutputSummary {
  let addedLines = 0;
  for (const block of blocks) if (block.added !== '') addedLines += block.added.split(',').length;
  return { addedLines, changes: changeCount, toReview: findings.filter((finding) => finding.severity === 'warning').length };
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** The summary's parts in words; what is zero to review is left out. */
export function summaryParts(summary: OutputSummary): string[] {
  const parts = [`+${count(summary.addedLines, 'line', 'lines')}`, count(summary.changes, 'change', 'changes')];
  if (summary.toReview > 0) parts.push(`${summary.toReview.toLocaleString('en')} to review`);
  return parts;
}
