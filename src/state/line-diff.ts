/**
 * Which lines of `after` are new compared with `before`. The core only inserts lines, so a linear
 * pass that finds `before` as a subsequence of `after` answers almost always; otherwise (JSON
 * input, a byte-order mark) Myers' O(ND) line diff, bounded.
 */
export function addedLines(before: string, after: string): Set<number> {
  const a = before.split('\n');
  const b = after.split('\n');
  return insertedLines(a, b) ?? myersAddedLines(a, b);
}

/** The lines of `b` left over when `a` is matched in it in order, or undefined if `a` is not a subsequence. */
function insertedLines(a: readonly string[], b: readonly string[]): Set<number> | undefined {
  if (a.length > b.length) return undefined;
  const added = new Set<number>();
  let matched = 0;
  for (let index = 0; index < b.length; index += 1) {
    // Greedy (earliest) matching finds a subsequence whenever there is one; any match leaves
    // exactly |b| - |a| lines over, the fewest possible.
    if (matched < a.length && b[index] === a[matched]) matched += 1;
    else added.add(index);
  }
  return matched === a.length ? added : undefined;
}

function myersAddedLines(a: readonly string[], b: readonly string[]): Set<number> {
  const added = new Set<number>();
  const n = a.length;
  const m = b.length;
  const max = n + m;
  // Past this many edits (or this much saved state) the highlight is not worth the time; mark nothing.
  const limit = Math.min(max, 2000, Math.floor(20_000_000 / (2 * max + 3)));
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= limit && !found; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) x = v[offset + k + 1] ?? 0;
      else x = (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return added;
  // Walk back through the saved rows to recover the edit script.
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d -= 1) {
    const row = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (row[offset + k - 1] ?? 0) < (row[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = row[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x -= 1;
      y -= 1;
    }
    if (down) added.add(prevY);
    x = prevX;
    y = prevY;
  }
  return added;
}
