import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countAt,
  coverTime,
  createHistogram,
  describeTimeline,
  TIMELINE_BUCKETS,
  windowCounts,
  type Histogram,
  type Timeline,
} from './timeline';

describe('the shared timeline', () => {
  it('puts every request in the bucket its time falls in, whatever order the times come in, in 32 to 64 buckets', () => {
    const start = Date.UTC(2025, 0, 1);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 0, max: 40 * 24 * 3600 * 1000 })), { minLength: 1, maxLength: 200 }),
        (requests) => {
          let timeline: Timeline | undefined;
          const histograms: Histogram[] = [];
          for (const [identity, offset] of requests) {
            timeline = coverTime(timeline, start + offset);
            histograms[identity] ??= createHistogram(timeline);
            countAt(histograms[identity], timeline, start + offset);
          }
          const times = requests.map(([, offset]) => start + offset);
          const first = Math.min(...times);
          const last = Math.max(...times);
          const line = timeline as Timeline;
          const described = describeTimeline(line, first, last);
          const bucketMs = described.bucketSeconds * 1000;
          const origin = Date.parse(described.start);
          if (last - first >= TIMELINE_BUCKETS * 1000) expect(described.buckets).toBeGreaterThanOrEqual(32);
          expect(described.buckets).toBeLessThanOrEqual(TIMELINE_BUCKETS);
          histograms.forEach((histogram, identity) => {
            const expected = new Array<number>(described.buckets).fill(0);
            for (const [owner, offset] of requests) {
              const bucket = Math.floor((start + offset - origin) / bucketMs);
              if (owner === identity) expected[bucket] = (expected[bucket] ?? 0) + 1;
            }
            expect(windowCounts(histogram, line, first, last)).toEqual(expected);
          });
        },
      ),
    );
  });
});
