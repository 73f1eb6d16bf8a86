import { describe, expect, it } from 'vitest';
import { BLOCK_LINES, firstInsertedRun, inputLineOf, insertedRuns, outputBlocks, outputLineOf, outputLinesOf } from './output-blocks';

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

  it('finds the first run of inserted lines and maps lines between input and output', () => {
    // Output lines 1-based: 1 a, 2 +, 3 +, 4 b, 5 c, 6 +, 7 d (input a b c d).
    const output = 'a\n+\n+\nb\nc\n+\nd\n';
    const blocks = outputBlocks(output, [1, 2, 5]);
    const input = 'a\nb\nc\nd\n';
    expect(firstInsertedRun(blocks)).toEqual({ startLine: 2, endLine: 3 });
    expect([1, 4, 5, 7].map((line) => inputLineOf(input, output, blocks, line))).toEqual([1, 2, 3, 4]);
    expect(inputLineOf(input, output, blocks, 2)).toBe(2);
    expect([1, 2, 3, 4].map((line) => outputLineOf(input, output, blocks, line))).toEqual([1, 4, 5, 7]);
    expect(firstInsertedRun(outputBlocks('a\n', []))).toBeUndefined();
    expect(insertedRuns(blocks)).toEqual([
      { startLine: 2, endLine: 3 },
      { startLine: 6, endLine: 6 },
    ]);
    expect(insertedRuns(outputBlocks('a\n', []))).toEqual([]);
    // Asked in any order, answered in that order, as one line at a time would.
    expect(outputLinesOf(input, output, blocks, [4, 1, 3, 2, 3])).toEqual([7, 1, 5, 4, 5]);
  });

  it('marks a run that crosses from one block into the next as one run', () => {
    const output = Array.from({ length: BLOCK_LINES + 4 }, (_, index) => `l${index}`).join('\n');
    const runs = insertedRuns(outputBlocks(output, [BLOCK_LINES - 2, BLOCK_LINES - 1, BLOCK_LINES, BLOCK_LINES + 1]));
    expect(runs).toEqual([{ startLine: BLOCK_LINES - 1, endLine: BLOCK_LINES + 2 }]);
  });

  it('maps lines around a replaced line, whose input line has no twin in the output', () => {
    // Input a old c d; output a new c + d: line 2 replaced, a line inserted before d.
    const input = 'a\nold\nc\nd\n';
    const output = 'a\nnew\nc\n+\nd\n';
    const blocks = outputBlocks(output, [1, 3]);
    expect([1, 2, 3, 4].map((line) => outputLineOf(input, output, blocks, line))).toEqual([1, 3, 3, 5]);
    expect([1, 2, 3, 4, 5].map((line) => inputLineOf(input, output, blocks, line))).toEqual([1, 2, 3, 4, 4]);
    expect(outputLinesOf(input, output, blocks, [2, 4, 9])).toEqual([3, 5, 6]);
  });
});
