/**
 * Requests over the log's window, per identity, in a few dozen buckets: the page's small bar per
 * workload. The window is not known until the log ends, so the buckets start one second wide and
 * double whenever a request falls outside them (merging neighbours pairwise); every identity
 * shares the geometry, and catches up with the doublings it missed when next touched. The result
 * covers the window in 33 to 64 buckets, in constant memory per identity.
 */

export const TIMELINE_BUCKETS = 64;
const FIRST_WIDTH_MS = 1000;

/** Requests per bucket, aligned with the log's `AuditTimeline`. */
export type Histogram = { counts: number[]; generation: number };

/** The shared buckets: `TIMELINE_BUCKETS` of `width` ms from `origin`. */
export type Timeline = {
  origin: number;
  width: number;
  /** How the buckets doubled, in order: to the left (`L`, earlier) or to the right (`R`, later). */
  readonly doublings: ('L' | 'R')[];
};

/** The buckets the summary reports: the window from its first to its last bucket. */
export type AuditTimeline = {
  /** RFC 3339 start of the first bucket. */
  readonly start: string;
  readonly bucketSeconds: number;
  readonly buckets: number;
};

export function createHistogram(timeline: Timeline | undefined): Histogram {
  return { counts: new Array<number>(TIMELINE_BUCKETS).fill(0), generation: timeline?.doublings.length ?? 0 };
}

/** Widens the timeline until `time` falls in it (creating it at the first time). */
export function coverTime(timeline: Timeline | undefined, time: number): Timeline {
  if (!timeline) return { origin: Math.floor(time / FIRST_WIDTH_MS) * FIRST_WIDTH_MS, width: FIRST_WIDTH_MS, doublings: [] };
  while (time < timeline.origin) {
    timeline.origin -= TIMELINE_BUCKETS * timeline.width;
    timeline.width *= 2;
    timeline.doublings.push('L');
  }
  while (time >= timeline.origin + TIMELINE_BUCKETS * timeline.width) {
    timeline.width *= 2;
    timeline.doublings.push('R');
  }
  return timeline;
}

/** Brings a histogram to the timeline's current geometry. */
export function catchUp(histogram: Histogram, timeline: Timeline): void {
  const half = TIMELINE_BUCKETS / 2;
  while (histogram.generation < timeline.doublings.length) {
    const direction = timeline.doublings[histogram.generation];
    const old = histogram.counts;
    const merged = new Array<number>(TIMELINE_BUCKETS).fill(0);
    const offset = direction === 'L' ? half : 0;
    for (let index = 0; index < half; index += 1) merged[offset + index] = (old[2 * index] ?? 0) + (old[2 * index + 1] ?? 0);
    histogram.counts = merged;
    histogram.generation += 1;
  }
}

/** Counts one request at `time`, which the timeline already covers. */
export function countAt(histogram: Histogram, timeline: Timeline, time: number): void {
  if (histogram.generation !== timeline.doublings.length) catchUp(histogram, timeline);
  const index = Math.floor((time - timeline.origin) / timeline.width);
  histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
}

/** The bucket indexes the window `[first, last]` spans. */
export function windowBuckets(timeline: Timeline, first: number, last: number): { from: number; to: number } {
  return { from: Math.floor((first - timeline.origin) / timeline.width), to: Math.floor((last - timeline.origin) / timeline.width) };
}

/** The shared geometry of the window, for the summary. */
export function describeTimeline(timeline: Timeline, first: number, last: number): AuditTimeline {
  const { from, to } = windowBuckets(timeline, first, last);
  return {
    start: new Date(timeline.origin + from * timeline.width).toISOString(),
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
