import { describe, expect, it } from 'vitest';
import { addedLines } from './line-diff';

describe('addedLines', () => {
  it('marks inserted lines by their index in the new text', () => {
    expect([...addedLines('a\nb\nc', 'a\nx\nb\nc\ny')].sort()).toEqual([1, 4]);
  });
  it('marks nothing for equal texts and everything for a new text', () => {
    expect(addedLines('a\nb', 'a\nb').size).toBe(0);
    expect([...addedLines('', 'a\nb')].sort()).toEqual([0, 1]);
  });
  it('marks replaced lines as added', () => {
    expect([...addedLines('a\nb\nc', 'a\nB\nc')]).toEqual([1]);
  });
});

describe('addedLines on large inputs', () => {
  it('marks the inserted lines of an insertions-only output in one pass', () => {
    const before = Array.from({ length: 50_000 }, (_, index) => `line ${index}`);
    const after = before.flatMap((line, index) => (index % 10 === 0 ? [line, `new ${index}`] : [line]));
    const added = addedLines(before.join('\n'), after.join('\n'));
    expect(added.size).toBe(5_000);
    expect(added.has(1)).toBe(true);
    expect(added.has(0)).toBe(false);
  });
  it('falls back to a bounded diff when lines were removed too', () => {
    const before = Array.from({ length: 20_000 }, (_, index) => `line ${index}`);
    const after = ['first', ...before.slice(1)];
    expect([...addedLines(before.join('\n'), after.join('\n'))]).toEqual([0]);
  });
});
