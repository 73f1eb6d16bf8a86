import { describe, expect, it } from 'vitest';
import { contentLines, countLines, newlines } from './content-lines';

describe('line counts', () => {
  it('counts lines as a reader does, and as an editor shows them', () => {
    expect([countLines(''), countLines('a'), countLines('a\n'), countLines('a\nb'), countLines('a\n\nb\n')]).toEqual([0, 1, 1, 2, 3]);
    expect([newlines(''), newlines('a'), newlines('a\n'), newlines('\n\n')]).toEqual([0, 0, 1, 2]);
    expect(countLines('a\nb', 1)).toBe(2);
    expect(contentLines(1)).toEqual({ '--content-lines': 2 });
    expect(contentLines(0)).toEqual({ '--content-lines': 1 });
  });
});
