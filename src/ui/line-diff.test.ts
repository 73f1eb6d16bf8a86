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
