/**
 * Reads audit logs, file by file and chunk by chunk, into what they say about ServiceAccount
 * tokens: which ServiceAccount and which pod made which requests, when the log starts and ends,
 * whether it could show reads at all, and when pods were seen alive. Memory stays bounded by the
 * number of identities and pods, not by the log's size: events are counted as they pass.
 *
 * Rules (SPEC §2.2 "Per workload", issue 21):
 * - a request made with a ServiceAccount token counts for the pod named in `user.extra`
 *   (`authentication.kubernetes.io/pod-name`), and for its ServiceAccount; without that field, for
 *   the ServiceAccount alone (and so, later, for every workload that uses it);
 * - requests of any status count, 403 included: the workload tried;
 * - an impersonated request counts for the impersonated identity, not the caller;
 * - the stages of one request (`RequestReceived`, `ResponseStarted`, `ResponseComplete`) count
 *   once, by `auditID`; the last `MAX_REMEMBERED_REQUESTS` IDs are remembered, far more than the
 *   requests that can be open at once.
 */
import type { AccountKey, AuditCoverage, ApiUsage } from '../types';
import { isRecord } from '../../read/index';
import { parseServiceAccountUsername, READ_VERBS, SERVICE_ACCOUNT_PREFIX, type AuditEvent, type ObjectRef } from './audit-event';
import { decodeValue, type DecodeOptions, type RecordProblemCode, type SkipReason } from './decode-record';
import { createRecordSplitter, type SplitProblemCode } from './split-records';
import { type AuditTimeline, coverTime, describeTimeline, type Timeline, windowCounts } from './timeline';
import {
  compareText,
  countRequest,
  createOperationTable,
  createUsageCounter,
  mergeUsage,
  type OperationCount,
  toApiUsage,
  type UsageCounter,
} from './usage';

/** Request IDs remembered to merge the stages of one request. */
export const MAX_REMEMBERED_REQUESTS = 1 << 20;
/** Problems kept with their line per file; the rest are counted. */
const MAX_PROBLEMS_PER_FILE = 100;
/** Times before Kubernetes existed are a zero or a placeholder, not a time. */
const EARLIEST_TIME = Date.UTC(2014, 5, 1);

export type AuditProblemCode = SplitProblemCode | RecordProblemCode | 'no-events';

/** Something in a log that could not be read, with where it is. */
export type AuditProblem = {
  readonly code: AuditProblemCode;
  readonly severity: 'warning';
  readonly file: string;
  /** 1-based line of the record (0 for the whole file). */
  readonly line: number;
  readonly message: string;
};

/** What one file held. `records` = `events` + `malformed` + `notAudit`. */
export type AuditFileStats = {
  readonly file: string;
  readonly records: number;
  readonly events: number;
  /** Events whose user (or impersonated user) is a ServiceAccount. */
  readonly serviceAccountEvents: number;
  /** Of those, events with the bound token's `pod-name`. */
  readonly podEvents: number;
  readonly malformed: number;
  readonly notAudit: number;
  /** Events read from messages CloudWatch cut short. */
  readonly truncated: number;
  /** Problems found, of which the first ones are in the summary's `problems`. */
  readonly problems: number;
};

/** A request's stages share this: the count it went into, until a 403 has marked it denied (then null). */
type Remembered = OperationCount | null;

/** A pod as the log shows it: its requests, and when it was created, deleted and seen alive. */
export type PodActivity = {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
  /** Its ServiceAccount: from its requests' username, else from its spec in a create event. */
  readonly account: AccountKey | undefined;
  readonly node: string | undefined;
  /** Its controller, from `ownerReferences` in a create event (`ReplicaSet/web-7d9f8b6c5d`). */
  readonly owner: { readonly kind: string; readonly name: string } | undefined;
  readonly createdAt: string | undefined;
  readonly deletedAt: string | undefined;
  /** The first and last time an event shows it running (a request of its own, a status update by its kubelet). */
  readonly firstSeenAlive: string | undefined;
  readonly lastSeenAlive: string | undefined;
  /** Requests made with its token; undefined when it made none. */
  readonly usage: ApiUsage | undefined;
  /** Requests over the window, aligned with the summary's `timeline`. */
  readonly histogram: readonly number[];
};

/** Requests made with one ServiceAccount's tokens. */
export type AccountActivity = {
  readonly account: AccountKey;
  readonly usage: ApiUsage;
  /** Requests without a pod name (a legacy Secret token, an older cluster, a token taken out of the pod): they count for every workload using the ServiceAccount. */
  readonly requestsWithoutPod: number;
  /** Those requests' own usage; undefined when every request named its pod. */
  readonly withoutPod: ApiUsage | undefined;
  readonly histogram: readonly number[];
};

/** A controller's owner from a create event in the log: `ReplicaSet/web-7d9f8b6c5d` → `Deployment/web`. */
export type OwnerLink = {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly owner: { readonly kind: string; readonly name: string };
};

export type AuditLogSummary = {
  readonly files: readonly AuditFileStats[];
  /** The first problems of each file; `AuditFileStats.problems` counts them all. */
  readonly problems: readonly AuditProblem[];
  readonly coverage: AuditCoverage;
  /** Events read, and the requests they make once stages are merged. */
  readonly events: number;
  readonly requests: number;
  /** The window's buckets, shared by every histogram; undefined when no event had a time. */
  readonly timeline: AuditTimeline | undefined;
  readonly accounts: readonly AccountActivity[];
  readonly pods: readonly PodActivity[];
  readonly owners: readonly OwnerLink[];
};

export type AuditFileReader = {
  push(text: string): void;
  /** Ends the file; a file with no audit event at all is reported as such. */
  end(): AuditFileStats;
};

export type AuditLogReader = {
  /** Starts reading one file (`name` is how problems refer to it). */
  openFile(name: string): AuditFileReader;
  /** Reads a whole text as one file. */
  readText(name: string, text: string): AuditFileStats;
  /** What every file read so far says. */
  summarize(): AuditLogSummary;
};

export type AuditReadOptions = DecodeOptions;

type PodRecord = {
  readonly namespace: string;
  readonly name: string;
  uid: string | undefined;
  account: AccountKey | undefined;
  node: string | undefined;
  owner: { kind: string; name: string } | undefined;
  createdAt: number | undefined;
  deletedAt: number | undefined;
  /** Infinity and -Infinity until it is seen alive (see `createUsageCounter`: written per event, they stay numbers). */
  firstAlive: number;
  lastAlive: number;
  /** Its requests, one counter per ServiceAccount it ran as (one, but for a name reused). */
  readonly usages: UsageCounter[];
};

/** A pod as one ServiceAccount's requests name it, and the requests it made as that account. */
type PodOfAccount = { readonly pod: PodRecord; usage: UsageCounter | undefined };

/**
 * A username of a ServiceAccount's form as the log spells it, read once. For a ServiceAccount: the
 * pods its tokens name, and its requests. Each request is counted once, by pod: a ServiceAccount's usage is the sum of its
 * pods' and of its requests without a pod, added up when the summary is made.
 */
type KnownUser = {
  /** Undefined for a username that only starts as a ServiceAccount's (`system:serviceaccount:ns`). */
  readonly account: { readonly namespace: string; readonly name: string } | undefined;
  /** Its namespace's pods, by name. */
  readonly podsInNamespace: Map<string, PodRecord> | undefined;
  readonly pods: Map<string, PodOfAccount>;
  withoutPod: UsageCounter | undefined;
  /** Whether it has made a request (it is then in `accounts`). */
  counted: boolean;
};

type FileCounts = { -readonly [K in keyof AuditFileStats]: AuditFileStats[K] };

function metadataOf(object: unknown): Record<string, unknown> | undefined {
  return isRecord(object) && isRecord(object['metadata']) ? object['metadata'] : undefined;
}

function controllerOf(metadata: Record<string, unknown> | undefined): { kind: string; name: string } | undefined {
  const references = metadata?.['ownerReferences'];
  if (!Array.isArray(references)) return undefined;
  const list: readonly unknown[] = references;
  const controller = list.find((reference) => isRecord(reference) && reference['controller'] === true) ?? list[0];
  if (!isRecord(controller) || typeof controller['kind'] !== 'string' || typeof controller['name'] !== 'string') return undefined;
  return { kind: controller['kind'], name: controller['name'] };
}

/** A time as RFC 3339; undefined for none (undefined, or the infinities a time range starts with). */
function isoOrUndefined(time: number | undefined): string | undefined {
  return time === undefined || !Number.isFinite(time) ? undefined : new Date(time).toISOString();
}

function isSuccess(code: number | undefined): boolean {
  return code === undefined || (code >= 200 && code < 300);
}

/** Kinds whose create events link a controller to its owner (the middle of pod → ReplicaSet → Deployment). */
function linkedKind(apiGroup: string, resource: string): string | undefined {
  if (apiGroup === 'apps' && resource === 'replicasets') return 'ReplicaSet';
  if (apiGroup === 'batch' && resource === 'jobs') return 'Job';
  return undefined;
}

/** Creates a reader that takes any number of files, each in chunks. */
export function createAuditLogReader(options: AuditReadOptions = {}): AuditLogReader {
  const files: AuditFileStats[] = [];
  const problems: AuditProblem[] = [];
  const remembered = new Map<string, Remembered>();
  // Every user and pod is looked up by the strings the log holds, never by a key built per event:
  // ServiceAccounts by username, pods by namespace then name.
  const users = new Map<string, KnownUser>();
  const accounts: KnownUser[] = [];
  const pods = new Map<string, Map<string, PodRecord>>();
  const operations = createOperationTable();
  const owners = new Map<string, OwnerLink>();
  let timeline: Timeline | undefined;
  let first: number | undefined;
  let last: number | undefined;
  let events = 0;
  let requests = 0;
  let readEvents = 0;
  let adminCategoryEvents = 0;

  function remember(auditID: string, value: Remembered): void {
    remembered.set(auditID, value);
    if (remembered.size > MAX_REMEMBERED_REQUESTS) {
      const oldest = remembered.keys().next();
      if (!oldest.done) remembered.delete(oldest.value);
    }
  }

  function podsIn(namespace: string): Map<string, PodRecord> {
    let inNamespace = pods.get(namespace);
    if (!inNamespace) pods.set(namespace, (inNamespace = new Map<string, PodRecord>()));
    return inNamespace;
  }

  function pod(namespace: string, name: string, inNamespace = podsIn(namespace)): PodRecord {
    let record = inNamespace.get(name);
    if (!record) {
      record = {
        namespace,
        name,
        uid: undefined,
        account: undefined,
        node: undefined,
        owner: undefined,
        createdAt: undefined,
        deletedAt: undefined,
        firstAlive: Infinity,
        lastAlive: -Infinity,
        usages: [],
      };
      inNamespace.set(name, record);
    }
    return record;
  }

  function knownUser(username: string): KnownUser {
    let user = users.get(username);
    if (!user) {
      const account = parseServiceAccountUsername(username);
      user = { account, podsInNamespace: account && podsIn(account.namespace), pods: new Map(), withoutPod: undefined, counted: false };
      users.set(username, user);
    }
    return user;
  }

  function seenAlive(record: PodRecord, time: number | undefined): void {
    if (time === undefined) return;
    if (time < record.firstAlive) record.firstAlive = time;
    if (time > record.lastAlive) record.lastAlive = time;
  }

  /** Pod and controller lifecycles, from events about pods, ReplicaSets and Jobs (whoever made them). */
  function notePodEvent(event: AuditEvent, ref: ObjectRef): void {
    if (!isSuccess(event.code)) return;
    if (ref.apiGroup === '' && ref.resource === 'pods') {
      const object = event.responseObject ?? event.requestObject;
      const metadata = metadataOf(object);
      const namespace = ref.namespace ?? (typeof metadata?.['namespace'] === 'string' ? metadata['namespace'] : undefined);
      const name = ref.name ?? (typeof metadata?.['name'] === 'string' ? metadata['name'] : undefined);
      if (namespace === undefined || name === undefined) return;
      if (ref.subresource === undefined && event.verb === 'create') {
        const record = pod(namespace, name);
        if (event.time !== undefined && (record.createdAt === undefined || event.time < record.createdAt)) record.createdAt = event.time;
        record.owner ??= controllerOf(metadataOf(event.responseObject)) ?? controllerOf(metadataOf(event.requestObject));
        record.uid ??= ref.uid ?? (typeof metadata?.['uid'] === 'string' ? metadata['uid'] : undefined);
        const spec = isRecord(object) && isRecord(object['spec']) ? object['spec'] : undefined;
        if (spec && !record.account) {
          const accountName = spec['serviceAccountName'] ?? spec['serviceAccount'] ?? 'default';
          if (typeof accountName === 'string') record.account = { namespace, name: accountName };
        }
      } else if (ref.subresource === undefined && event.verb === 'delete') {
        const record = pod(namespace, name);
        if (event.time !== undefined && (record.deletedAt === undefined || event.time > record.deletedAt)) record.deletedAt = event.time;
      } else if (ref.subresource === 'status' && (event.verb === 'patch' || event.verb === 'update')) {
        seenAlive(pod(namespace, name), event.time);
      }
      return;
    }
    const linked = event.verb === 'create' && ref.subresource === undefined ? linkedKind(ref.apiGroup, ref.resource) : undefined;
    if (linked) {
      const metadata = metadataOf(event.responseObject) ?? metadataOf(event.requestObject);
      const owner = controllerOf(metadata);
      const name = ref.name ?? (typeof metadata?.['name'] === 'string' ? metadata['name'] : undefined);
      const namespace = ref.namespace;
      if (owner && name && namespace) owners.set(`${namespace}/${linked}/${name}`, { namespace, kind: linked, name, owner });
    }
  }

  /** Counts a request for its ServiceAccount, by the pod its token names. */
  function countForServiceAccount(
    event: AuditEvent,
    user: KnownUser,
    account: AccountKey,
    podOfAccount: PodOfAccount | undefined,
  ): OperationCount {
    if (!user.counted) {
      user.counted = true;
      accounts.push(user);
    }
    let usage: UsageCounter;
    if (podOfAccount) {
      const record = podOfAccount.pod;
      record.account ??= account;
      record.uid ??= event.identity?.podUid;
      record.node ??= event.identity?.nodeName;
      if (!podOfAccount.usage) record.usages.push((podOfAccount.usage = createUsageCounter(timeline)));
      usage = podOfAccount.usage;
    } else usage = user.withoutPod ??= createUsageCounter(timeline);
    return countRequest(usage, event, operations.of(event), timeline);
  }

  function onEvent(event: AuditEvent, counts: FileCounts): void {
    counts.records += 1;
    counts.events += 1;
    events += 1;
    if (event.truncated) counts.truncated += 1;
    let time = event.time;
    if (time !== undefined && time < EARLIEST_TIME) time = undefined;
    const timed = time === event.time ? event : { ...event, time };
    if (time !== undefined) {
      timeline = coverTime(timeline, time);
      if (first === undefined || time < first) first = time;
      if (last === undefined || time > last) last = time;
    }
    if (event.verb !== undefined && READ_VERBS.has(event.verb)) readEvents += 1;
    if (event.category === 'kube-audit-admin') adminCategoryEvents += 1;
    if (event.objectRef) notePodEvent(timed, event.objectRef);

    const identity = event.identity;
    // Only ServiceAccounts' requests are counted: other users (nodes, people) are not looked up.
    const user = identity?.username.startsWith(SERVICE_ACCOUNT_PREFIX) ? knownUser(identity.username) : undefined;
    const account = user?.account;
    let podOfAccount: PodOfAccount | undefined;
    if (user && account) {
      counts.serviceAccountEvents += 1;
      const podName = identity?.podName;
      if (podName !== undefined) {
        counts.podEvents += 1;
        podOfAccount = user.pods.get(podName);
        if (!podOfAccount) {
          podOfAccount = { pod: pod(account.namespace, podName, user.podsInNamespace), usage: undefined };
          user.pods.set(podName, podOfAccount);
        }
        seenAlive(podOfAccount.pod, time);
      }
    }
    const auditID = event.auditID;
    const earlier = auditID === undefined ? undefined : remembered.get(auditID);
    if (earlier !== undefined) {
      if (earlier && event.code === 403 && auditID !== undefined) {
        earlier.denied += 1;
        remembered.set(auditID, null);
      }
      return;
    }
    requests += 1;
    const counted = user && account ? countForServiceAccount(timed, user, account, podOfAccount) : null;
    if (auditID !== undefined) remember(auditID, event.code === 403 ? null : counted);
  }

  function openFile(name: string): AuditFileReader {
    const counts: FileCounts = {
      file: name,
      records: 0,
      events: 0,
      serviceAccountEvents: 0,
      podEvents: 0,
      malformed: 0,
      notAudit: 0,
      truncated: 0,
      problems: 0,
    };
    function report(code: AuditProblemCode, line: number, message: string): void {
      counts.problems += 1;
      if (counts.problems <= MAX_PROBLEMS_PER_FILE) problems.push({ code, severity: 'warning', file: name, line, message });
    }
    const eventSink = {
      event: (event: AuditEvent) => onEvent(event, counts),
      skip(reason: SkipReason, code: RecordProblemCode, line: number, message: string) {
        counts.records += 1;
        if (reason === 'malformed') {
          counts.malformed += 1;
          report(code, line, message);
        } else counts.notAudit += 1;
      },
      warn: (code: RecordProblemCode, line: number, message: string) => report(code, line, message),
    };
    const splitter = createRecordSplitter({
      value: (value, line, container) => decodeValue(value, line, container, eventSink, options),
      problem(problem) {
        counts.records += 1;
        counts.malformed += 1;
        report(problem.code, problem.line, problem.message);
      },
    });
    return {
      push: (text) => splitter.push(text),
      end() {
        splitter.end();
        if (counts.events === 0) {
          report(
            'no-events',
            0,
            counts.records === 0 ? 'holds no audit event (nothing that reads as one)' : `holds no audit event (${describeSkipped(counts)})`,
          );
        }
        const stats: AuditFileStats = { ...counts };
        files.push(stats);
        return stats;
      },
    };
  }

  function summarize(): AuditLogSummary {
    const displayOrder = operations.displayOrder();
    const histogramOf = (counter: UsageCounter): number[] =>
      timeline && first !== undefined && last !== undefined ? windowCounts(counter.histogram, timeline, first, last) : [];
    const byName = <T extends { namespace?: string | undefined; name: string }>(a: T, b: T): number =>
      compareText(a.namespace ?? '', b.namespace ?? '') || compareText(a.name, b.name);
    const readsGap =
      adminCategoryEvents > 0
        ? "AKS's kube-audit-admin category leaves out get, list and watch: collect kube-audit to see reads"
        : events > 0 && readEvents === 0
          ? 'no get, list or watch request is in the log: the audit policy may leave reads out'
          : undefined;
    return {
      files: [...files],
      problems: [...problems],
      coverage: {
        firstTimestamp: isoOrUndefined(first),
        lastTimestamp: isoOrUndefined(last),
        readsLogged: readEvents > 0 && adminCategoryEvents < events,
        ...(readsGap === undefined ? {} : { readsGap }),
      },
      events,
      requests,
      timeline: timeline && first !== undefined && last !== undefined ? describeTimeline(timeline, first, last) : undefined,
      accounts: accounts
        .flatMap((user) => {
          if (!user.account) return [];
          const parts = [...user.pods.values()].flatMap((podOfAccount) => (podOfAccount.usage ? [podOfAccount.usage] : []));
          if (user.withoutPod) parts.push(user.withoutPod);
          const usage = mergeUsage(parts, timeline);
          return [
            {
              account: user.account,
              usage: { ...toApiUsage(usage, displayOrder), histogram: histogramOf(usage) },
              requestsWithoutPod: user.withoutPod?.requests ?? 0,
              withoutPod: user.withoutPod && { ...toApiUsage(user.withoutPod, displayOrder), histogram: histogramOf(user.withoutPod) },
              histogram: histogramOf(usage),
            },
          ];
        })
        .sort((a, b) => byName(a.account, b.account)),
      pods: [...pods.values()]
        .flatMap((inNamespace) => [...inNamespace.values()])
        .map((record): PodActivity => {
          const usage = record.usages.length > 0 ? mergeUsage(record.usages, timeline) : undefined;
          return {
            namespace: record.namespace,
            name: record.name,
            uid: record.uid,
            account: record.account,
            node: record.node,
            owner: record.owner,
            createdAt: isoOrUndefined(record.createdAt),
            deletedAt: isoOrUndefined(record.deletedAt),
            firstSeenAlive: isoOrUndefined(record.firstAlive),
            lastSeenAlive: isoOrUndefined(record.lastAlive),
            usage: usage && { ...toApiUsage(usage, displayOrder), histogram: histogramOf(usage) },
            histogram: usage ? histogramOf(usage) : [],
          };
        })
        .sort(byName),
      owners: [...owners.values()].sort((a, b) => byName(a, b) || compareText(a.kind, b.kind)),
    };
  }

  return {
    openFile,
    readText(name, text) {
      const file = openFile(name);
      file.push(text);
      return file.end();
    },
    summarize,
  };
}

function describeSkipped(counts: FileCounts): string {
  const parts: string[] = [];
  if (counts.notAudit > 0) parts.push(`${counts.notAudit} record${counts.notAudit === 1 ? '' : 's'} of another kind`);
  if (counts.malformed > 0) parts.push(`${counts.malformed} malformed`);
  return parts.join(', ');
}
