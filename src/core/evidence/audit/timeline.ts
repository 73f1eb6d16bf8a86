/**
 * Requests over the log's window, per identity, in a few dozen buckets: the page's small bar per
 * workload. The window is not known until the log ends, so the buckets start one second wide and
 * double whenever the times seen no longer fit in `TIMELINE_BUCKETS` of them. Buckets are aligned
 * on multiples of their width since the epoch, so a wider bucket holds exactly two narrower ones:
 * every identity shares the geometry and catches up with it when next touched, in constant
 * memory. The window then spans 32 to 64 buckets (fewer only when it is under a minute).
 */

export const TIMELINE_BUCKETS = 64;
const FIRST_WIDTH_MS = 1000;

/** The shared buckets: `TIMELINE_BUCKETS` of `width` ms, the first starting at `base × width`; and the first and last time counted. */
export type Timeline = { width: number; base: number; min: number; max: number };

/** Requests per bucket, in the geometry it was last brought to. */
export type Histogram = { counts: number[]; width: number; base: number };

/** The buckets the summary reports: the window from its first to its last bucket. */
export type AuditTimeline = {
  /** RFC 3339 start of the first bucket. */
  readonly start: string;
  readonly bucketSeconds: number;
  readonly buckets: number;
};

export function createHistogram(timeline: Timeline | undefined): Histogram {
  return { counts: new Array<number>(TIMELINE_BUCKETS).fill(0), width: timeline?.width ?? FIRST_WIDTH_MS, base: timeline?.base ?? 0 };
}

/** Widens (and moves) the timeline until `time` falls in it, creating it at the first time. */
export function coverTime(timeline: Timeline | undefined, time: number): Timeline {
  if (!timeline) return { width: FIRST_WIDTH_MS, base: Math.floor(time / FIRST_WIDTH_MS), min: time, max: time };
  if (time < timeline.min) timeline.min = time;
  else if (time > timeline.max) timeline.max = time;
  const index = Math.floor(time / timeline.width);
  if (index >= timeline.base && index < timeline.base + TIMELINE_BUCKETS) return timeline;
  // The narrowest width at which the times seen fit, and the buckets from the earliest one.
  let width = timeline.width;
  while (Math.floor(timeline.max / width) - Math.floor(timeline.min / width) >= TIMELINE_BUCKETS) width *= 2;
  timeline.width = width;
  timeline.base = Math.floor(timeline.min / width);
  return timeline;
}

/** Where `catchUp` gathers the moved counts, reused so that moving a histogram allocates nothing. */
const moved = new Array<number>(TIMELINE_BUCKETS).fill(0);

/** Brings a histogram to the timeline's current geometry (its times all lie inside it). */
function catchUp(histogram: Histogram, timeline: Timeline): void {
  if (histogram.width === timeline.width && histogram.base === timeline.base) return;
  const counts = histogram.counts;
  for (let index = 0; index < TIMELINE_BUCKETS; index += 1) {
    const count = counts[index] ?? 0;
    if (count === 0) continue;
    const target = Math.floor(((histogram.base + index) * histogram.width) / timeline.width) - timeline.base;
    moved[target] = (moved[target] ?? 0) + count;
  }
  for (let index = 0; index < TIMELINE_BUCKETS; index += 1) {
    counts[index] = moved[index] ?? 0;
    moved[index] = 0;
  }
  histogram.width = timeline.width;
  histogram.base = timeline.base;
}

/** Counts one request at `time`, which the timeline already covers. */
export function countAt(histogram: Histogram, timeline: Timeline, time: number): void {
  catchUp(histogram, timeline);
  const index = Math.floor(time / timeline.width) - timeline.base;
  histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
}

/** Adds `source`'s requests to `target`'s (both brought to the timeline's current geometry). */
export function addHistogram(target: Histogram, source: Histogram, timeline: Timeline): void {
  catchUp(target, timeline);
  catchUp(source, timeline);
  source.counts.forEach((count, index) => {
    if (count !== 0) target.counts[index] = (target.counts[index] ?? 0) + count;
  });
}

function windowBuckets(timeline: Timeline, first: number, last: number): { from: number; to: number } {
  return { from: Math.floor(first / timeline.width) - timeline.base, to: Math.floor(last / timeline.width) - timeline.base };
}

/** The shared geometry of the window `[first, last]`, for the summary. */
export function describeTimeline(timeline: Timeline, first: number, last: number): AuditTimeline {
  const { from, to } = windowBuckets(timeline, first, last);
  return {
    start: new Date((timeline.base + from) * timeline.width).toISOString(),
    bucketSeconds: timeline.width / 1000,
    buckets: to - from + 1,
  };
}

/** A histogram's counts over the window, aligned with `describeTimeline`. */
export function windowCounts(histogram: Histogram, timeline: Timeline, first: number, last: number): number[] {
  catchUp(histogram, timeline);
  const { from, to } = windowBuckets(timeline, first, last);
  return histogram.counts.slice(from, to + 1);
}
