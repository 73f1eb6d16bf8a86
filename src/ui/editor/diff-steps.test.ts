import { describe, expect, it } from 'vitest';
import { changeLines, stepFrom } from './diff-steps';

// Lines 12 inserted, 18–24 inserted, line 30 replaced by 31, and a removal after line 40.
const CHANGES = changeLines([
  { modifiedStartLineNumber: 12, modifiedEndLineNumber: 12 },
  { modifiedStartLineNumber: 18, modifiedEndLineNumber: 24 },
  { modifiedStartLineNumber: 31, modifiedEndLineNumber: 31 },
  { modifiedStartLineNumber: 40, modifiedEndLineNumber: 0 },
]);

describe('stepping through changes', () => {
  it('a removal shows at the line before it, and at line 1 at the very top', () => {
    expect(CHANGES.at(-1)).toEqual({ start: 40, end: 40 });
    expect(changeLines([{ modifiedStartLineNumber: 0, modifiedEndLineNumber: 0 }])).toEqual([{ start: 1, end: 1 }]);
  });

  it('from the first change, previous goes nowhere and next goes to the second', () => {
    expect(stepFrom(CHANGES, 12, 'previous')).toBeUndefined();
    expect(stepFrom(CHANGES, 12, 'next')).toEqual({ start: 18, end: 24 });
  });

  it('from the last change, next goes nowhere', () => {
    expect(stepFrom(CHANGES, 40, 'next')).toBeUndefined();
    expect(stepFrom(CHANGES, 40, 'previous')).toEqual({ start: 31, end: 31 });
  });

  it('from inside a change, previous is the change before it; from before every change, next is the first', () => {
    expect(stepFrom(CHANGES, 20, 'previous')).toEqual({ start: 12, end: 12 });
    expect(stepFrom(CHANGES, 20, 'next')).toEqual({ start: 31, end: 31 });
    expect(stepFrom(CHANGES, 1, 'next')).toEqual({ start: 12, end: 12 });
    expect(stepFrom(CHANGES, 1, 'previous')).toBeUndefined();
  });

  it('has nowhere to go without changes', () => {
    expect(stepFrom([], 1, 'next')).toBeUndefined();
    expect(stepFrom([], 1, 'previous')).toBeUndefined();
  });
});
