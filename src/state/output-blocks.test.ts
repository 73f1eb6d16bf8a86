import { describe, expect, it } from 'vitest';
import { BLOCK_LINES, outputBlocks } from './output-blocks';

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
});
