/**
 * From an audit log's summary to the evidence the recommendation reads (`AuditEvidence`), for the
 * workloads of one input:
 *
 * - a pod the log names is tied to its workload through the cluster dump's pod and its
 *   `ownerReferences` (a ReplicaSet or Job the dump lacks stands for its Deployment or CronJob by
 *   the name its controller gave it, checked against `pod-template-hash`), else the create events
 *   in the log, else the pod's name alone (a marked guess); its requests count for that workload;
 * - requests that named no pod, and those of pods tied to no workload of the input, count for
 *   their ServiceAccount, and so for every workload that uses it: nothing made with a token is
 *   dropped because its pod could not be placed;
 * - a workload's pods ran in the window when the log shows one of them alive (a request of its
 *   own, a status update by its kubelet; pods tied by a guess do not count) or the dump has one
 *   that started before the window ended and is still running, or started inside it; they did not
 *   when the dump has pods of it and none of them ran then; otherwise nothing is said (unknown).
 */
import type { ClusterPod, Evidence } from '../gather';
import { type KubeObject, nameOf, namespaceOf } from '../objects';
import { podWorkloadResolver } from '../pod-owners';
import type { AccountKey, ApiUsage, AuditEvidence, WorkloadKey } from '../types';
import { addUsages, attributeToWorkloads, type WorkloadRef } from './attribute-workloads';
import type { AuditLogSummary, PodActivity } from './read-audit-log';

/** The evidence an audit log gives about the workloads of `evidence`; `cluster` holds the cluster dumps' objects. */
export function auditEvidenceFor(summary: AuditLogSummary, evidence: Evidence, cluster: readonly KubeObject[] = []): AuditEvidence {
  const dump = podWorkloadResolver(
    cluster,
    evidence.workloads.map((workload) => workload.key),
  );
  const dumpPods = new Set(
    cluster.filter((object) => object['kind'] === 'Pod').map((pod) => `${namespaceOf(pod) ?? ''}/${nameOf(pod) ?? ''}`),
  );
  const refs: WorkloadRef[] = evidence.workloads.map((workload) => ({
    workload: workload.key,
    account: workload.accounts[0]?.key ?? { namespace: workload.key.namespace, name: 'default' },
  }));
  // A pod the dump lacks would be placed by its name alone: the attribution makes that guess itself, marked.
  const attribution = attributeToWorkloads(summary, refs, (pod) =>
    dumpPods.has(`${pod.namespace}/${pod.name}`) ? dump.byName(pod.namespace, pod.name)?.workload : undefined,
  );
  const window = windowOf(summary);
  const workloads: { workload: WorkloadKey; usage: ApiUsage }[] = [];
  const podsRan: { workload: WorkloadKey; ran: boolean }[] = [];
  attribution.workloads.forEach((activity, index) => {
    if (activity.usage) workloads.push({ workload: activity.workload, usage: activity.usage });
    const seen = activity.pods.some(({ pod, basis }) => basis !== 'guess' && pod.firstSeenAlive !== undefined);
    const clusterPods = evidence.workloads[index]?.clusterPods ?? [];
    if (seen || clusterPods.some((pod) => ranInWindow(pod, window))) podsRan.push({ workload: activity.workload, ran: true });
    else if (clusterPods.length > 0 && window !== undefined) podsRan.push({ workload: activity.workload, ran: false });
  });
  return { coverage: summary.coverage, accounts: accountUsages(summary, attribution.otherPods), workloads, podsRan };
}

/** Each ServiceAccount's requests that no workload of the input took: without a pod, or by a pod tied to none. */
function accountUsages(summary: AuditLogSummary, otherPods: readonly PodActivity[]): { account: AccountKey; usage: ApiUsage }[] {
  const byAccount = new Map<string, PodActivity[]>();
  for (const pod of otherPods) {
    if (!pod.account) continue;
    const id = `${pod.account.namespace ?? ''}/${pod.account.name}`;
    byAccount.set(id, [...(byAccount.get(id) ?? []), pod]);
  }
  return summary.accounts.flatMap((activity) => {
    const pods = byAccount.get(`${activity.account.namespace ?? ''}/${activity.account.name}`) ?? [];
    const usage = addUsages([activity.withoutPod, ...pods.map((pod) => pod.usage)]);
    return usage ? [{ account: activity.account, usage }] : [];
  });
}

type Window = { readonly first: number; readonly last: number };

function windowOf(summary: AuditLogSummary): Window | undefined {
  const first = Date.parse(summary.coverage.firstTimestamp ?? '');
  const last = Date.parse(summary.coverage.lastTimestamp ?? '');
  return Number.isFinite(first) && Number.isFinite(last) ? { first, last } : undefined;
}

/** A dump's pod ran in the window: started before it ended and still running, or started inside it. */
function ranInWindow(pod: ClusterPod, window: Window | undefined): boolean {
  if (window === undefined || pod.startTime === undefined) return false;
  const start = Date.parse(pod.startTime);
  if (!Number.isFinite(start) || start > window.last) return false;
  return pod.phase === 'Running' || start >= window.first;
}
