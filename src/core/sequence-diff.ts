/**
 * Difference of two sequences of integer ids: Myers' O(ND) algorithm in its linear-space form
 * (middle snake, then both halves), as the unified diff and the JSON Patch need it.
 */

/** Which items of each sequence are not part of the common subsequence. */
export type SequenceDifference = {
  /** 1 where `before[i]` is deleted. */
  readonly deleted: Uint8Array;
  /** 1 where `after[j]` is inserted. */
  readonly inserted: Uint8Array;
};

/** One run of deletions and insertions between two stretches of equal items. */
export type EditRegion = {
  readonly beforeStart: number;
  readonly beforeEnd: number;
  readonly afterStart: number;
  readonly afterEnd: number;
};

/**
 * Snake steps one middle-snake search may take before it settles for "all different" on its
 * range: keeps pathological inputs (two unrelated 100,000-line files) from taking minutes, at
 * the price of a longer, still correct, edit script.
 */
const SEARCH_BUDGET = 20_000_000;

type Range = { aLo: number; aHi: number; bLo: number; bHi: number };

/**
 * Finds a point on a shortest edit path through `a[aLo..aHi)` × `b[bLo..bHi)`, relative to
 * (aLo, bLo); undefined when the budget runs out. Both ranges are non-empty.
 */
function findMiddleSnake(a: Int32Array, b: Int32Array, range: Range): [number, number] | undefined {
  const { aLo, bLo } = range;
  const n = range.aHi - aLo;
  const m = range.bHi - bLo;
  const maxD = Math.ceil((n + m) / 2);
  const offset = maxD;
  const size = 2 * maxD + 2;
  // Furthest x reached on each diagonal k (index offset + k), from the start and from the end.
  const forward = new Int32Array(size).fill(-1);
  const backward = new Int32Array(size).fill(-1);
  forward[offset + 1] = 0;
  backward[offset + 1] = 0;
  const delta = n - m;
  const isDeltaOdd = (delta & 1) !== 0;
  let forwardStart = 0;
  let forwardEnd = 0;
  let backwardStart = 0;
  let backwardEnd = 0;
  let steps = 0;
  for (let d = 0; d < maxD; d++) {
    for (let k = -d + forwardStart; k <= d - forwardEnd; k += 2) {
      const index = offset + k;
      const below = forward[index - 1] ?? -1;
      const above = forward[index + 1] ?? -1;
      const start = k === -d || (k !== d && below < above) ? above : below + 1;
      let x = start;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      steps += x - start + 1;
      forward[index] = x;
      if (x > n) forwardEnd += 2;
      else if (y > m) forwardStart += 2;
      else if (isDeltaOdd) {
        const mirror = offset + delta - k;
        const reached = mirror >= 0 && mirror < size ? (backward[mirror] ?? -1) : -1;
        if (reached !== -1 && x >= n - reached) return [x, y];
      }
    }
    for (let k = -d + backwardStart; k <= d - backwardEnd; k += 2) {
      const index = offset + k;
      const below = backward[index - 1] ?? -1;
      const above = backward[index + 1] ?? -1;
      const start = k === -d || (k !== d && below < above) ? above : below + 1;
      let x = start;
      let y = x - k;
      while (x < n && y < m && a[aLo + n - x - 1] === b[bLo + m - y - 1]) {
        x++;
        y++;
      }
      steps += x - start + 1;
      backward[index] = x;
      if (x > n) backwardEnd += 2;
      else if (y > m) backwardStart += 2;
      else if (!isDeltaOdd) {
        const mirror = offset + delta - k;
        const reachedX = mirror >= 0 && mirror < size ? (forward[mirror] ?? -1) : -1;
        if (reachedX !== -1 && reachedX >= n - x) return [reachedX, offset + reachedX - mirror];
      }
    }
    if (steps > SEARCH_BUDGET) return undefined;
  }
  return undefined;
}

function markRange(marks: Uint8Array, from: number, to: number, map: Int32Array): void {
  for (let i = from; i < to; i++) marks[map[i] ?? 0] = 1;
}

/**
 * Diffs two sequences of ids (equal ids mean equal items). Items whose id never occurs on the
 * other side are changes in every common subsequence, so they are marked first and left out of
 * the search: hardening inserts lines that the input never had, which leaves Myers almost nothing.
 */
export function diffSequences(before: ArrayLike<number>, after: ArrayLike<number>): SequenceDifference {
  const deleted = new Uint8Array(before.length);
  const inserted = new Uint8Array(after.length);
  const idsBefore = new Set<number>();
  const idsAfter = new Set<number>();
  for (let i = 0; i < before.length; i++) idsBefore.add(before[i] ?? 0);
  for (let j = 0; j < after.length; j++) idsAfter.add(after[j] ?? 0);
  const aMap: number[] = [];
  const bMap: number[] = [];
  for (let i = 0; i < before.length; i++) {
    if (idsAfter.has(before[i] ?? 0)) aMap.push(i);
    else deleted[i] = 1;
  }
  for (let j = 0; j < after.length; j++) {
    if (idsBefore.has(after[j] ?? 0)) bMap.push(j);
    else inserted[j] = 1;
  }
  const aIndex = Int32Array.from(aMap);
  const bIndex = Int32Array.from(bMap);
  const a = Int32Array.from(aMap, (i) => before[i] ?? 0);
  const b = Int32Array.from(bMap, (j) => after[j] ?? 0);

  const pending: Range[] = [{ aLo: 0, aHi: a.length, bLo: 0, bHi: b.length }];
  for (let range = pending.pop(); range !== undefined; range = pending.pop()) {
    let { aLo, aHi, bLo, bHi } = range;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      aLo++;
      bLo++;
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      aHi--;
      bHi--;
    }
    if (aLo === aHi || bLo === bHi) {
      markRange(deleted, aLo, aHi, aIndex);
      markRange(inserted, bLo, bHi, bIndex);
      continue;
    }
    const split = findMiddleSnake(a, b, { aLo, aHi, bLo, bHi });
    const isProgress = split !== undefined && split[0] + split[1] > 0 && split[0] + split[1] < aHi - aLo + (bHi - bLo);
    if (!split || !isProgress) {
      markRange(deleted, aLo, aHi, aIndex);
      markRange(inserted, bLo, bHi, bIndex);
      continue;
    }
    const [x, y] = split;
    pending.push({ aLo: aLo + x, aHi, bLo: bLo + y, bHi });
    pending.push({ aLo, aHi: aLo + x, bLo, bHi: bLo + y });
  }
  return { deleted, inserted };
}

/**
 * The regions where the sequences differ, in order. Between regions the unmarked items of both
 * sides pair up one to one.
 */
export function editRegions(difference: SequenceDifference): EditRegion[] {
  const { deleted, inserted } = difference;
  const regions: EditRegion[] = [];
  let i = 0;
  let j = 0;
  while (i < deleted.length || j < inserted.length) {
    if (i < deleted.length && j < inserted.length && deleted[i] === 0 && inserted[j] === 0) {
      i++;
      j++;
      continue;
    }
    const beforeStart = i;
    const afterStart = j;
    while (i < deleted.length && deleted[i] === 1) i++;
    while (j < inserted.length && inserted[j] === 1) j++;
    if (i === beforeStart && j === afterStart) {
      // Only reachable when one side ran out while the other has unmarked items: inconsistent marks.
      throw new Error('editRegions: the marks of the two sequences do not pair up');
    }
    regions.push({ beforeStart, beforeEnd: i, afterStart, afterEnd: j });
  }
  return regions;
}

/** Gives every distinct value an integer id (the same id for equal values). */
export function createIdTable<T>(): (value: T) => number {
  const ids = new Map<T, number>();
  return (value) => {
    let id = ids.get(value);
    if (id === undefined) {
      id = ids.size;
      ids.set(value, id);
    }
    return id;
  };
}
