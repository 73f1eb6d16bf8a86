/** Requests counted for one identity (a ServiceAccount or a pod): verbs × resources, first and last seen, a histogram. */
import type { ApiUsage } from '../types';
import type { AuditEvent } from './audit-event';
import { addHistogram, countAt, createHistogram, type Histogram, type Timeline } from './timeline';

/** Compares as `localeCompare` does (the same default collation), without building a collator per call. */
export const compareText: (a: string, b: string) => number = new Intl.Collator().compare;

/** Names kept per operation for the Role's `resourceNames`; past this, the rule names none. */
const MAX_RESOURCE_NAMES = 16;

/**
 * What a request did: its verb and resource (with subresource and namespace), or its verb and
 * path. Interned by an `OperationTable`, so that counters find their count by identity, not by
 * building and hashing a key per request.
 */
export type Operation = {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string | undefined;
  readonly namespace: string | undefined;
  readonly nonResourceURL: string | undefined;
};

export type OperationCount = {
  readonly operation: Operation;
  count: number;
  denied: number;
  /**
   * Names seen so far, each once; null once a request named none or more than the limit were
   * named. An array: a name is compared with the few there, not hashed.
   */
  names: string[] | null;
};

export type UsageCounter = {
  requests: number;
  /** The first and last request's time: Infinity and -Infinity before any. */
  first: number;
  last: number;
  readonly operations: Map<Operation, OperationCount>;
  readonly histogram: Histogram;
};

/**
 * A counter of no request yet. Its times start as numbers, not undefined: V8 then keeps them
 * unboxed in the object, so the time written per request allocates nothing and leaves the
 * garbage collector no pointer from the (old) counter to a (young) number to follow.
 */
export function createUsageCounter(timeline: Timeline | undefined): UsageCounter {
  return { requests: 0, first: Infinity, last: -Infinity, operations: new Map(), histogram: createHistogram(timeline) };
}

/** The verb a request without one is counted under (some samples omit it). */
const UNKNOWN_VERB = '';

/** The operations requests made, each once. */
export type OperationTable = {
  /** The one `Operation` every request of the same verb, resource and namespace (or path) shares. */
  readonly of: (event: AuditEvent) => Operation;
  /** Every operation's rank in the order requests of equal counts are listed (verb, group, resource, subresource, namespace, path). */
  displayOrder(): ReadonlyMap<Operation, number>;
};

export function createOperationTable(): OperationTable {
  const all: Operation[] = [];
  // verb → resource → namespace → the operations on it (few: one per API group and subresource).
  // A missing namespace or subresource and an empty one are the same, as the first request had it.
  const resources = new Map<string, Map<string, Map<string, Operation[]>>>();
  // verb → path.
  const paths = new Map<string, Map<string, Operation>>();
  function of(event: AuditEvent): Operation {
    const verb = event.verb ?? UNKNOWN_VERB;
    const ref = event.objectRef;
    if (!ref) {
      const path = event.path ?? '';
      let byPath = paths.get(verb);
      if (!byPath) paths.set(verb, (byPath = new Map<string, Operation>()));
      let operation = byPath.get(path);
      if (!operation) {
        operation = { verb, apiGroup: '', resource: '', subresource: undefined, namespace: undefined, nonResourceURL: path };
        byPath.set(path, operation);
        all.push(operation);
      }
      return operation;
    }
    let byResource = resources.get(verb);
    if (!byResource) resources.set(verb, (byResource = new Map<string, Map<string, Operation[]>>()));
    let byNamespace = byResource.get(ref.resource);
    if (!byNamespace) byResource.set(ref.resource, (byNamespace = new Map<string, Operation[]>()));
    let operations = byNamespace.get(ref.namespace ?? '');
    if (!operations) byNamespace.set(ref.namespace ?? '', (operations = []));
    const subresource = ref.subresource ?? '';
    for (const operation of operations) {
      if (operation.apiGroup === ref.apiGroup && (operation.subresource ?? '') === subresource) return operation;
    }
    const operation: Operation = {
      verb,
      apiGroup: ref.apiGroup,
      resource: ref.resource,
      subresource: ref.subresource,
      namespace: ref.namespace,
      nonResourceURL: undefined,
    };
    operations.push(operation);
    all.push(operation);
    return operation;
  }
  return {
    of,
    displayOrder: () => new Map([...all].sort(compareForDisplay).map((operation, rank) => [operation, rank])),
  };
}

/** Counts a request as `operation` (from the shared `OperationTable`); returns its count, so that a later stage can mark it denied. */
export function countRequest(
  counter: UsageCounter,
  event: AuditEvent,
  operation: Operation,
  timeline: Timeline | undefined,
): OperationCount {
  counter.requests += 1;
  const time = event.time;
  if (time !== undefined && timeline) {
    if (time < counter.first) counter.first = time;
    if (time > counter.last) counter.last = time;
    countAt(counter.histogram, timeline, time);
  }
  let count = counter.operations.get(operation);
  if (!count) {
    count = { operation, count: 0, denied: 0, names: operation.nonResourceURL === undefined ? [] : null };
    counter.operations.set(operation, count);
  }
  count.count += 1;
  if (event.code === 403) count.denied += 1;
  if (count.names) {
    const name = event.objectRef?.name;
    if (name === undefined) count.names = null;
    else if (!count.names.includes(name)) {
      if (count.names.length === MAX_RESOURCE_NAMES) count.names = null;
      else count.names.push(name);
    }
  }
  return count;
}

/**
 * The requests of several counters as one (a ServiceAccount's from each of its pods, or a pod's
 * from each ServiceAccount it ran as): the same as counting them all in one counter.
 */
export function mergeUsage(counters: readonly UsageCounter[], timeline: Timeline | undefined): UsageCounter {
  const [only] = counters;
  if (only && counters.length === 1) return only;
  const merged = createUsageCounter(timeline);
  for (const counter of counters) {
    merged.requests += counter.requests;
    if (counter.first < merged.first) merged.first = counter.first;
    if (counter.last > merged.last) merged.last = counter.last;
    if (timeline) addHistogram(merged.histogram, counter.histogram, timeline);
    for (const [operation, count] of counter.operations) {
      const into = merged.operations.get(operation);
      if (!into) {
        merged.operations.set(operation, {
          operation,
          count: count.count,
          denied: count.denied,
          names: count.names && [...count.names],
        });
        continue;
      }
      into.count += count.count;
      into.denied += count.denied;
      if (into.names && count.names) {
        for (const name of count.names) if (!into.names.includes(name)) into.names.push(name);
        if (into.names.length > MAX_RESOURCE_NAMES) into.names = null;
      } else into.names = null;
    }
  }
  return merged;
}

/** Orders texts by their UTF-16 code units: what tells apart two texts the collation finds equal. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order requests of equal counts are listed in. */
function compareForDisplay(a: Operation, b: Operation): number {
  return (
    compareText(a.verb, b.verb) ||
    compareText(a.apiGroup, b.apiGroup) ||
    compareText(a.resource, b.resource) ||
    compareText(a.subresource ?? '', b.subresource ?? '') ||
    compareText(a.namespace ?? '', b.namespace ?? '') ||
    compareText(a.nonResourceURL ?? '', b.nonResourceURL ?? '') ||
    compareOperations(a, b)
  );
}

/**
 * A total order of distinct operations, for ties of the display order: texts the collation finds
 * equal (`é` written as one character or two), and a request on a resource named `''` beside a
 * request without one. The order then never depends on which request came first.
 */
function compareOperations(a: Operation, b: Operation): number {
  return (
    compareCodeUnits(a.verb, b.verb) ||
    compareCodeUnits(a.apiGroup, b.apiGroup) ||
    compareCodeUnits(a.resource, b.resource) ||
    compareCodeUnits(a.subresource ?? '', b.subresource ?? '') ||
    compareCodeUnits(a.namespace ?? '', b.namespace ?? '') ||
    Number(a.nonResourceURL !== undefined) - Number(b.nonResourceURL !== undefined) ||
    compareCodeUnits(a.nonResourceURL ?? '', b.nonResourceURL ?? '')
  );
}

function isoTime(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString() : '';
}

/** The counter as the shared `ApiUsage`: operations most frequent first, then in the table's display order. */
export function toApiUsage(counter: UsageCounter, displayOrder: ReadonlyMap<Operation, number>): ApiUsage {
  const rank = (operation: Operation): number => displayOrder.get(operation) ?? 0;
  const operations = [...counter.operations.values()]
    .sort((a, b) => b.count - a.count || rank(a.operation) - rank(b.operation))
    .map(({ operation, count, denied, names }) => ({
      verb: operation.verb,
      apiGroup: operation.apiGroup,
      resource: operation.resource,
      subresource: operation.subresource,
      namespace: operation.namespace,
      count,
      ...(denied > 0 ? { denied } : {}),
      ...(names && names.length > 0 ? { resourceNames: [...names].sort() } : {}),
      ...(operation.nonResourceURL !== undefined ? { nonResourceURL: operation.nonResourceURL } : {}),
    }));
  return { requests: counter.requests, firstSeen: isoTime(counter.first), lastSeen: isoTime(counter.last), operations };
}
