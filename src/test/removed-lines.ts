/**
 * Input lines that do not reappear, in order, in the output: the lines an edit removed or rewrote.
 * Lines are compared without their break, so a last line that gains one (to carry a line added
 * after it) counts as kept.
 */
export function countRemovedLines(before: string, after: string): number {
  const output = after.split(/\r?\n/);
  let cursor = 0;
  let removed = 0;
  for (const line of before.split(/\r?\n/)) {
    const found = output.indexOf(line, cursor);
    if (found === -1) removed += 1;
    else cursor = found + 1;
  }
  return removed;
}
