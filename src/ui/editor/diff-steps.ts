/**
 * Moving through a diff's changes, as the hardened side shows them: from the first change, the
 * previous one goes nowhere and the next one is the second (Monaco's own `goToDiff` wraps around
 * from the first to the last). Pure, so the steps are tested without an editor.
 */

/** A change as Monaco's `getLineChanges` gives it; only the hardened (modified) side counts here. */
export type LineChange = { readonly modifiedStartLineNumber: number; readonly modifiedEndLineNumber: number };

/** Where a change shows on the hardened side: its lines, or for lines only removed, the line before them. */
export type ChangeLines = { readonly start: number; readonly end: number };

export function changeLines(changes: readonly LineChange[]): ChangeLines[] {
  return changes.map(({ modifiedStartLineNumber: start, modifiedEndLineNumber: end }) => {
    // A removal has no lines of its own (end 0): it shows after `start`, which is 0 at the very top.
    const first = Math.max(1, start);
    return { start: first, end: Math.max(first, end) };
  });
}

/** The change a step from `line` lands on, or undefined when there is none that way. */
export function stepFrom(changes: readonly ChangeLines[], line: number, direction: 'next' | 'previous'): ChangeLines | undefined {
  if (direction === 'next') return changes.find((change) => change.start > line);
  return changes.findLast((change) => change.end < line);
}
