import { describe, expect, it } from 'vitest';
import { BLOCK_LINES, firstInsertedRun, insertedRuns, outputBlocks } from './output-blocks';

describe('outputBlocks', () => {
  it('keeps every character, in order, with the marks relative to each block', () => {
    const lines = Array.from({ length: BLOCK_LINES * 2 + 5 }, (_, index) => `line ${index}`);
    const output = `${lines.join('\n')}\n`;
    const blocks = outputBlocks(output, [1, BLOCK_LINES, BLOCK_LINES * 2 + 4]);
    expect(blocks.map((block) => block.text).join('')).toBe(output);
    expect(blocks.map((block) => [block.start, block.added])).toEqual([
      [0, '1'],
      [BLOCK_LINES, '0'],
      [BLOCK_LINES * 2, '4'],
    ]);
  });
  it('handles a last line without a newline, blank lines and an empty output', () => {
    expect(outputBlocks('a\n\nb', [2])).toEqual([{ start: 0, text: 'a\n\nb', added: '2' }]);
    expect(outputBlocks('', [])).toEqual([]);
  });

  it('finds the first run of inserted lines', () => {
    // Output lines 1-based: 1 a, 2 +, 3 +, 4 b, 5 c, 6 +, 7 d (input a b c d).
    const output = 'a\n+\n+\nb\nc\n+\nd\n';
    const blocks = outputBlocks(output, [1, 2, 5]);
    expect(firstInsertedRun(blocks)).toEqual({ startLine: 2, endLine: 3 });
    expect(firstInsertedRun(outputBlocks('a\n', []))).toBeUndefined();
    expect(insertedRuns(blocks)).toEqual([
      { startLine: 2, endLine: 3 },
      { startLine: 6, endLine: 6 },
    ]);
    expect(insertedRuns(outputBlocks('a\n', []))).toEqual([]);
  });

  it('marks a run that crosses from one block into the next as one run', () => {
    const output = Array.from({ length: BLOCK_LINES + 4 }, (_, index) => `l${index}`).join('\n');
    const runs = insertedRuns(outputBlocks(output, [BLOCK_LINES - 2, BLOCK_LINES - 1, BLOCK_LINES, BLOCK_LINES + 1]));
    expect(runs).toEqual([{ startLine: BLOCK_LINES - 1, endLine: BLOCK_LINES + 2 }]);
  });
});
