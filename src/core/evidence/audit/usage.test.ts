import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from './audit-event';
import { coverTime, type Timeline, windowCounts } from './timeline';
import { countRequest, createOperationTable, createUsageCounter, mergeUsage, toApiUsage, type UsageCounter } from './usage';

const start = Date.UTC(2025, 2, 1);

/** A request as the counters see it; `part` says which of several counters it also goes to. */
const requestArbitrary = fc.record({
  verb: fc.constantFrom('get', 'list', 'patch'),
  ref: fc.option(
    fc.record({
      apiGroup: fc.constantFrom('', 'apps'),
      resource: fc.constantFrom('pods', 'configmaps', ''),
      subresource: fc.constantFrom(undefined, '', 'status'),
      namespace: fc.constantFrom(undefined, '', 'shop'),
      // Twenty names: more than a count keeps for resourceNames.
      name: fc.option(
        fc.integer({ min: 0, max: 19 }).map((index) => `object-${index}`),
        { nil: undefined },
      ),
    }),
    { nil: undefined },
  ),
  path: fc.constantFrom('/healthz', '/apis'),
  time: fc.option(fc.integer({ min: 0, max: 3 * 24 * 3600 * 1000 }), { nil: undefined }),
  code: fc.constantFrom(200, 403, undefined),
  part: fc.nat(3),
});

type Request = typeof requestArbitrary extends fc.Arbitrary<infer R> ? R : never;

function eventOf(request: Request): AuditEvent {
  const ref = request.ref;
  return {
    auditID: undefined,
    stage: undefined,
    time: request.time === undefined ? undefined : start + request.time,
    verb: request.verb,
    identity: undefined,
    impersonated: false,
    objectRef: ref && { ...ref, uid: undefined },
    path: ref ? undefined : request.path,
    code: request.code,
    requestObject: undefined,
    responseObject: undefined,
    category: undefined,
    truncated: false,
  };
}

describe('counting requests', () => {
  it('requests counted in several counters and merged read as if counted in one', () => {
    fc.assert(
      fc.property(fc.array(requestArbitrary, { maxLength: 120 }), (requests) => {
        const operations = createOperationTable();
        let timeline: Timeline | undefined;
        let whole: UsageCounter | undefined;
        const parts = new Map<number, UsageCounter>();
        let first: number | undefined;
        let last: number | undefined;
        for (const request of requests) {
          const event = eventOf(request);
          if (event.time !== undefined) {
            timeline = coverTime(timeline, event.time);
            first = Math.min(first ?? event.time, event.time);
            last = Math.max(last ?? event.time, event.time);
          }
          whole ??= createUsageCounter(timeline);
          let part = parts.get(request.part);
          if (!part) parts.set(request.part, (part = createUsageCounter(timeline)));
          const operation = operations.of(event);
          countRequest(whole, event, operation, timeline);
          countRequest(part, event, operation, timeline);
        }
        if (!whole) return;
        const merged = mergeUsage([...parts.values()], timeline);
        expect(toApiUsage(merged, operations.displayOrder())).toEqual(toApiUsage(whole, operations.displayOrder()));
        if (timeline && first !== undefined && last !== undefined) {
          expect(windowCounts(merged.histogram, timeline, first, last)).toEqual(windowCounts(whole.histogram, timeline, first, last));
        }
      }),
    );
  });

  it('merged counters keep at most 16 resource names, as one counter does', () => {
    const named = requestArbitrary.map((request): Request => ({
      ...request,
      verb: 'get',
      ref: { apiGroup: '', resource: 'configmaps', subresource: undefined, namespace: 'shop', name: request.ref?.name ?? 'object-0' },
    }));
    fc.assert(
      fc.property(fc.array(named, { minLength: 20, maxLength: 60 }), (requests) => {
        const operations = createOperationTable();
        const whole = createUsageCounter(undefined);
        const parts = [0, 1, 2, 3].map(() => createUsageCounter(undefined));
        for (const request of requests) {
          const event = { ...eventOf(request), time: undefined };
          countRequest(whole, event, operations.of(event), undefined);
          countRequest(parts[request.part] ?? whole, event, operations.of(event), undefined);
        }
        expect(toApiUsage(mergeUsage(parts, undefined), operations.displayOrder())).toEqual(toApiUsage(whole, operations.displayOrder()));
      }),
    );
  });

  it('requests of the same verb, resource and namespace (or path) share one operation, a missing part and an empty one alike', () => {
    fc.assert(
      fc.property(requestArbitrary, requestArbitrary, (a, b) => {
        const operations = createOperationTable();
        const [eventA, eventB] = [eventOf(a), eventOf(b)];
        const key = (event: AuditEvent): string =>
          JSON.stringify(
            event.objectRef
              ? [
                  event.verb,
                  event.objectRef.apiGroup,
                  event.objectRef.resource,
                  event.objectRef.subresource ?? '',
                  event.objectRef.namespace ?? '',
                ]
              : [event.verb, event.path],
          );
        expect(operations.of(eventA) === operations.of(eventB)).toBe(key(eventA) === key(eventB));
      }),
    );
  });
});
