import { describe, expect, it } from 'vitest';
import type { Finding } from '../core';
import { outputBlocks } from '../state/output-blocks';
import { summarize, summaryParts } from './output-summary';

function finding(severity: Finding['severity']): Finding {
  return { code: 'default-service-account', severity, document: 0, object: 'Pod/p', message: 'm', position: undefined };
}

describe('summarize', () => {
  it('counts the inserted lines across blocks, the changes and the findings to review', () => {
    const output = Array.from({ length: 450 }, (_, index) => `line ${index}`).join('\n');
    const blocks = outputBlocks(output, [3, 4, 199, 200, 201, 449]);
    expect(blocks.length).toBe(3);
    const summary = summarize(blocks, 5, [finding('warning'), finding('info'), finding('info')]);
    expect(summary).toEqual({ addedLines: 6, changes: 5, toReview: 1 });
    expect(summaryParts(summary)).toEqual(['+6 lines', '5 changes', '1 to review']);
  });

  it('says one in the singular and leaves out nothing to review', () => {
    const blocks = outputBlocks('a\nb\n', [1]);
    expect(summaryParts(summarize(blocks, 1, [finding('info')]))).toEqual(['+1 line', '1 change']);
  });

  it('counts no line for an output with none inserted', () => {
    expect(summaryParts(summarize(outputBlocks('a\nb\n', []), 0, []))).toEqual(['+0 lines', '0 changes']);
  });
});
