/** Requests counted for one identity (a ServiceAccount or a pod): verbs × resources, first and last seen, a histogram. */
import type { ApiUsage } from '../types';
import type { AuditEvent } from './audit-event';
import { countAt, createHistogram, type Histogram, type Timeline } from './timeline';

/** Names kept per operation for the Role's `resourceNames`; past this, the rule names none. */
const MAX_RESOURCE_NAMES = 16;

export type OperationCount = {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string | undefined;
  readonly namespace: string | undefined;
  readonly nonResourceURL: string | undefined;
  count: number;
  denied: number;
  /** Names seen so far; null once a request named none or more than the limit were named. */
  names: Set<string> | null;
};

export type UsageCounter = {
  requests: number;
  first: number | undefined;
  last: number | undefined;
  readonly operations: Map<string, OperationCount>;
  readonly histogram: Histogram;
};

export function createUsageCounter(timeline: Timeline | undefined): UsageCounter {
  return { requests: 0, first: undefined, last: undefined, operations: new Map(), histogram: createHistogram(timeline) };
}

/** The verb a request without one is counted under (some samples omit it). */
const UNKNOWN_VERB = '';

/** The key of a request's operation: verb × resource × namespace (or path). */
export function operationKey(event: AuditEvent): string {
  const ref = event.objectRef;
  return ref
    ? `${event.verb ?? UNKNOWN_VERB} ${ref.apiGroup} ${ref.resource} ${ref.subresource ?? ''} ${ref.namespace ?? ''}`
    : `${event.verb ?? UNKNOWN_VERB} ${event.path ?? ''}`;
}

/** Counts a request under `key` (its `operationKey`); returns its operation, so that a later stage can mark it denied. */
export function countRequest(counter: UsageCounter, event: AuditEvent, key: string, timeline: Timeline | undefined): OperationCount {
  counter.requests += 1;
  const time = event.time;
  if (time !== undefined && timeline) {
    if (counter.first === undefined || time < counter.first) counter.first = time;
    if (counter.last === undefined || time > counter.last) counter.last = time;
    countAt(counter.histogram, timeline, time);
  }
  const ref = event.objectRef;
  const verb = event.verb ?? UNKNOWN_VERB;
  let operation = counter.operations.get(key);
  if (!operation) {
    operation = {
      verb,
      apiGroup: ref?.apiGroup ?? '',
      resource: ref?.resource ?? '',
      subresource: ref?.subresource,
      namespace: ref?.namespace,
      nonResourceURL: ref ? undefined : (event.path ?? ''),
      count: 0,
      denied: 0,
      names: ref ? new Set() : null,
    };
    counter.operations.set(key, operation);
  }
  operation.count += 1;
  if (event.code === 403) operation.denied += 1;
  if (operation.names) {
    const name = ref?.name;
    if (name === undefined) operation.names = null;
    else if (!operation.names.has(name)) {
      if (operation.names.size === MAX_RESOURCE_NAMES) operation.names = null;
      else operation.names.add(name);
    }
  }
  return operation;
}

function isoTime(time: number | undefined): string {
  return time === undefined ? '' : new Date(time).toISOString();
}

/** The counter as the shared `ApiUsage`: operations most frequent first, then in a stable order. */
export function toApiUsage(counter: UsageCounter): ApiUsage {
  const operations = [...counter.operations.values()]
    .sort(
      (a, b) =>
        b.count - a.count ||
        a.verb.localeCompare(b.verb) ||
        a.apiGroup.localeCompare(b.apiGroup) ||
        a.resource.localeCompare(b.resource) ||
        (a.subresource ?? '').localeCompare(b.subresource ?? '') ||
        (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
        (a.nonResourceURL ?? '').localeCompare(b.nonResourceURL ?? ''),
    )
    .map((operation) => ({
      verb: operation.verb,
      apiGroup: operation.apiGroup,
      resource: operation.resource,
      subresource: operation.subresource,
      namespace: operation.namespace,
      count: operation.count,
      ...(operation.denied > 0 ? { denied: operation.denied } : {}),
      ...(operation.names && operation.names.size > 0 ? { resourceNames: [...operation.names].sort() } : {}),
      ...(operation.nonResourceURL !== undefined ? { nonResourceURL: operation.nonResourceURL } : {}),
    }));
  return { requests: counter.requests, firstSeen: isoTime(counter.first), lastSeen: isoTime(counter.last), operations };
}
