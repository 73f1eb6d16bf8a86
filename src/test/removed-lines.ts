/** Input lines that do not reappear, in order, in the output: the lines an edit removed or rewrote. */
export function countRemovedLines(before: string, after: string): number {
  const output = after.split('\n');
  let cursor = 0;
  let removed = 0;
  for (const line of before.split('\n')) {
    const found = output.indexOf(line, cursor);
    if (found === -1) removed += 1;
    else cursor = found + 1;
  }
  return removed;
}
