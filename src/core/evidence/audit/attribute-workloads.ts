/**
 * From pods to workloads: each pod the log names is tied to the workload that made it, through
 * (1) the resolver passed in (the pods of a cluster dump and their `ownerReferences`), else (2) the
 * create events in the log itself (pod → ReplicaSet → Deployment, pod → Job → CronJob), else (3)
 * the names Kubernetes gives pods (`web-7d9f8b6c5d-x2x4z` is Deployment `web`'s), which is only a
 * guess and says so. Requests without a pod name count for the ServiceAccount, and so for every
 * workload that uses it: they are handed over as the account's, not spread over workloads.
 */
import type { AccountKey, ApiUsage, WorkloadKey } from '../types';
import type { AccountActivity, AuditLogSummary, OwnerLink, PodActivity } from './read-audit-log';

/** What a cluster dump knows of a pod's workload; undefined when it does not know the pod. */
export type PodWorkloadResolver = (pod: {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
}) => WorkloadKey | undefined;

/** How a pod was tied to its workload: by the cluster dump, by create events in the log, or by its name alone. */
export type WorkloadBasis = 'cluster' | 'log' | 'guess';

/** A workload of the input, with the ServiceAccount its pods run as. */
export type WorkloadRef = { readonly workload: WorkloadKey; readonly account: AccountKey };

export type WorkloadPod = { readonly pod: PodActivity; readonly basis: WorkloadBasis };

/** What the log says about one workload. */
export type WorkloadAuditActivity = {
  readonly workload: WorkloadKey;
  readonly account: AccountKey;
  /** Its pods the log names, each with how it was tied to the workload. */
  readonly pods: readonly WorkloadPod[];
  /** Requests made with its pods' tokens, added up; undefined when none. */
  readonly usage: ApiUsage | undefined;
  /** Requests over the window (the summary's `timeline`), added up over its pods. */
  readonly histogram: readonly number[];
  /** Its ServiceAccount's activity: requests without a pod name count for every workload that uses it. */
  readonly accountActivity: AccountActivity | undefined;
  /** Whether one of its pods is seen running in the log (a request of its own or a status update). */
  readonly seenRunning: boolean;
};

export type WorkloadAttribution = {
  readonly workloads: readonly WorkloadAuditActivity[];
  /** Pods with requests that belong to no workload given (another team's, or the cluster's own). */
  readonly otherPods: readonly PodActivity[];
};

/** Random suffixes Kubernetes generates use these characters (k8s.io/apimachinery's `rand.String`). */
const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';
const NAME_PATTERNS: Readonly<Record<string, (name: string) => RegExp>> = {
  Deployment: (name) => new RegExp(`^${escapeRegExp(name)}-${SUFFIX}{1,10}-${SUFFIX}{5}$`),
  ReplicaSet: (name) => new RegExp(`^${escapeRegExp(name)}-${SUFFIX}{5}$`),
  ReplicationController: (name) => new RegExp(`^${escapeRegExp(name)}-${SUFFIX}{5}$`),
  DaemonSet: (name) => new RegExp(`^${escapeRegExp(name)}-${SUFFIX}{5}$`),
  Job: (name) => new RegExp(`^${escapeRegExp(name)}-${SUFFIX}{5}$`),
  StatefulSet: (name) => new RegExp(`^${escapeRegExp(name)}-\\d+$`),
  CronJob: (name) => new RegExp(`^${escapeRegExp(name)}-\\d{8,}-${SUFFIX}{5}$`),
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sameNamespace(workload: WorkloadKey, namespace: string): boolean {
  return workload.namespace === undefined || workload.namespace === namespace;
}

/**
 * The workload whose pods Kubernetes would name `podName`, among those given, or undefined: the
 * longest name wins (`web-api-…` is `web-api`'s, not `web`'s). A bare Pod matches its own name.
 */
export function guessWorkloadOfPod(namespace: string, podName: string, workloads: readonly WorkloadKey[]): WorkloadKey | undefined {
  let best: WorkloadKey | undefined;
  for (const workload of workloads) {
    if (!sameNamespace(workload, namespace)) continue;
    const matches = workload.kind === 'Pod' ? workload.name === podName : NAME_PATTERNS[workload.kind]?.(workload.name).test(podName);
    if (matches && (!best || workload.name.length > best.name.length)) best = workload;
  }
  return best;
}

function findWorkload(workloads: readonly WorkloadRef[], kind: string, namespace: string, name: string): WorkloadRef | undefined {
  return workloads.find((ref) => ref.workload.kind === kind && ref.workload.name === name && sameNamespace(ref.workload, namespace));
}

/** Follows ownerReferences recorded in the log from a pod up to a workload given. */
function workloadFromLog(
  pod: PodActivity,
  workloads: readonly WorkloadRef[],
  owners: ReadonlyMap<string, OwnerLink>,
): WorkloadRef | undefined {
  let owner = pod.owner;
  for (let hops = 0; owner && hops < 4; hops += 1) {
    const found = findWorkload(workloads, owner.kind, pod.namespace, owner.name);
    if (found) return found;
    owner = owners.get(`${pod.namespace}/${owner.kind}/${owner.name}`)?.owner;
  }
  return undefined;
}

function isSameKey(a: WorkloadKey, b: WorkloadKey): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace === undefined || b.namespace === undefined || a.namespace === b.namespace);
}

/** Ties the log's pods to the workloads given, and hands each workload its evidence. */
export function attributeToWorkloads(
  summary: AuditLogSummary,
  workloads: readonly WorkloadRef[],
  resolve: PodWorkloadResolver = () => undefined,
): WorkloadAttribution {
  const owners = new Map(summary.owners.map((link) => [`${link.namespace}/${link.kind}/${link.name}`, link]));
  const keys = workloads.map((ref) => ref.workload);
  const podsOf = new Map<WorkloadRef, WorkloadPod[]>(workloads.map((ref) => [ref, []]));
  const otherPods: PodActivity[] = [];
  for (const pod of summary.pods) {
    const resolved = resolve({ namespace: pod.namespace, name: pod.name, uid: pod.uid });
    let match: { ref: WorkloadRef | undefined; basis: WorkloadBasis } = {
      ref: resolved && workloads.find((ref) => isSameKey(ref.workload, resolved)),
      basis: 'cluster',
    };
    if (!resolved) match = { ref: workloadFromLog(pod, workloads, owners), basis: 'log' };
    if (!resolved && !match.ref) {
      const guessed = guessWorkloadOfPod(pod.namespace, pod.name, keys);
      match = { ref: guessed && workloads.find((ref) => ref.workload === guessed), basis: guessed?.kind === 'Pod' ? 'log' : 'guess' };
    }
    if (match.ref) podsOf.get(match.ref)?.push({ pod, basis: match.basis });
    else if (pod.usage) otherPods.push(pod);
  }
  const accounts = new Map(summary.accounts.map((activity) => [`${activity.account.namespace ?? ''}/${activity.account.name}`, activity]));
  return {
    workloads: workloads.map((ref) => {
      const pods = podsOf.get(ref) ?? [];
      const namespace = ref.account.namespace ?? ref.workload.namespace;
      return {
        workload: ref.workload,
        account: ref.account,
        pods,
        usage: addUsages(pods.map(({ pod }) => pod.usage)),
        histogram: addHistograms(pods.map(({ pod }) => pod.histogram)),
        accountActivity:
          namespace === undefined
            ? findAccountByName(summary.accounts, ref.account.name)
            : accounts.get(`${namespace}/${ref.account.name}`),
        seenRunning: pods.some(({ pod }) => pod.firstSeenAlive !== undefined),
      };
    }),
    otherPods,
  };
}

/** A ServiceAccount given without a namespace matches one of that name only when a single namespace has it. */
function findAccountByName(accounts: readonly AccountActivity[], name: string): AccountActivity | undefined {
  const found = accounts.filter((activity) => activity.account.name === name);
  return found.length === 1 ? found[0] : undefined;
}

function addHistograms(histograms: readonly (readonly number[])[]): number[] {
  const length = Math.max(0, ...histograms.map((histogram) => histogram.length));
  const sum = new Array<number>(length).fill(0);
  for (const histogram of histograms) histogram.forEach((count, index) => (sum[index] = (sum[index] ?? 0) + count));
  return sum;
}

function operationKey(operation: ApiUsage['operations'][number]): string {
  return [
    operation.verb,
    operation.apiGroup,
    operation.resource,
    operation.subresource ?? '',
    operation.namespace ?? '',
    operation.nonResourceURL ?? '',
  ].join(' ');
}

/** Adds usages up (a workload's pods), keeping each operation's names only while they stay few. */
export function addUsages(usages: readonly (ApiUsage | undefined)[]): ApiUsage | undefined {
  const present = usages.filter((usage): usage is ApiUsage => usage !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  const operations = new Map<string, { -readonly [K in keyof ApiUsage['operations'][number]]: ApiUsage['operations'][number][K] }>();
  for (const usage of present) {
    for (const operation of usage.operations) {
      const key = operationKey(operation);
      const existing = operations.get(key);
      if (!existing) {
        operations.set(key, { ...operation });
        continue;
      }
      existing.count += operation.count;
      if (operation.denied) existing.denied = (existing.denied ?? 0) + operation.denied;
      const names =
        existing.resourceNames && operation.resourceNames
          ? [...new Set([...existing.resourceNames, ...operation.resourceNames])].sort()
          : undefined;
      if (names && names.length <= 16) existing.resourceNames = names;
      else delete existing.resourceNames;
    }
  }
  const times = (pick: (usage: ApiUsage) => string): string[] =>
    present
      .map(pick)
      .filter((time) => time !== '')
      .sort();
  const histograms = present.flatMap((usage) => (usage.histogram ? [usage.histogram] : []));
  return {
    requests: present.reduce((sum, usage) => sum + usage.requests, 0),
    firstSeen: times((usage) => usage.firstSeen)[0] ?? '',
    lastSeen: times((usage) => usage.lastSeen).at(-1) ?? '',
    ...(histograms.length > 0 ? { histogram: addHistograms(histograms) } : {}),
    operations: [...operations.values()].sort((a, b) => b.count - a.count || operationKey(a).localeCompare(operationKey(b))),
  };
}
