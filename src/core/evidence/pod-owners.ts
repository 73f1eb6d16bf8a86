/**
 * Pods tied to the workloads that made them, through `ownerReferences`: Pod → ReplicaSet →
 * Deployment, Pod → Job → CronJob, StatefulSet, DaemonSet and ReplicationController directly, any
 * other controller as far as the dump holds its objects. Where an owner is missing from the dump,
 * the controllers' naming rules give a guess, marked as one.
 *
 * The naming rules, from the controllers: a Deployment names its ReplicaSets `NAME-HASH`, the
 * hash being the pod's `pod-template-hash` label (written with the alphabet `bcdfghjklmnpqrstvwxz2456789`);
 * a CronJob names its Jobs `NAME-MINUTES` (the scheduled time in minutes since the epoch); pods
 * get `OWNER-xxxxx` (five characters of the same alphabet), a StatefulSet's `NAME-ORDINAL`.
 */
import { isRecord } from '../read/yaml-read';
import { type KubeObject, listOf, nameOf, namespaceOf, stringMapOf, textOf } from './objects';
import type { WorkloadKey } from './types';

/** The workload a pod belongs to; `guessed` when a name pattern stood in for a missing owner. */
export type PodWorkload = { readonly workload: WorkloadKey; readonly guessed: boolean };

export type PodWorkloadResolver = {
  /** The workload of a pod object (itself when nothing owns it, or a node does: a static pod). */
  ofPod(pod: KubeObject): PodWorkload;
  /**
   * The workload of a pod known only by name (an audit event's `pod-name`): through the dump's
   * pod when it has one, else a guess among the known workloads whose pods would be named so.
   */
  byName(namespace: string, name: string): PodWorkload | undefined;
};

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';
/** How far up owner chains are followed; real ones are two steps long. */
const MAX_CHAIN = 8;

/** What a pod's name looks like under each controller, given the controller's own name. */
const POD_NAME_RULES: Readonly<Record<string, string>> = {
  Deployment: `-${SUFFIX}{6,10}-${SUFFIX}{5}`,
  Rollout: `-${SUFFIX}{6,10}-${SUFFIX}{5}`,
  ReplicaSet: `-${SUFFIX}{5}`,
  ReplicationController: `-${SUFFIX}{5}`,
  DaemonSet: `-${SUFFIX}{5}`,
  Job: `(-\\d+)?-${SUFFIX}{5}`,
  CronJob: `-\\d{8,}(-\\d+)?-${SUFFIX}{5}`,
  StatefulSet: '-\\d+',
  CloneSet: `-${SUFFIX}{5}`,
};

const POD_NAME_PATTERNS = new Map(Object.entries(POD_NAME_RULES).map(([kind, rule]) => [kind, new RegExp(`^${rule}$`)]));

type OwnerRef = { readonly kind: string; readonly name: string };

/**
 * A resolver over the objects of a cluster dump (pods, and whatever owners it holds). `known`
 * lists workloads a guess by pod name may choose among (the input's and the dump's).
 */
export function podWorkloadResolver(objects: readonly KubeObject[], known: readonly WorkloadKey[] = []): PodWorkloadResolver {
  const index = new Map<string, KubeObject>();
  for (const object of objects) {
    const name = nameOf(object);
    if (name !== undefined) index.set(objectId(object['kind'] as string, namespaceOf(object), name), object);
  }
  // Workloads a pod name may point at, by namespace and name (namespace empty: the input left it open).
  const candidates = new Map<string, WorkloadKey[]>();
  for (const candidate of [...known, ...objects.flatMap((object) => (POD_NAME_RULES[object['kind'] as string] ? [keyOf(object)] : []))]) {
    const id = `${candidate.namespace ?? ''}/${candidate.name}`;
    candidates.set(id, [...(candidates.get(id) ?? []), candidate]);
  }

  const ofPod = (pod: KubeObject): PodWorkload => {
    const namespace = namespaceOf(pod);
    let owner = controllerOf(pod);
    if (owner === undefined || owner.kind === 'Node') return { workload: keyOf(pod), guessed: false };
    for (let step = 0; step < MAX_CHAIN; step += 1) {
      const found = index.get(objectId(owner.kind, namespace, owner.name));
      if (found === undefined) return missingOwner(owner, namespace, pod);
      const next = controllerOf(found);
      if (next === undefined) break;
      owner = next;
    }
    return { workload: { kind: owner.kind, namespace, name: owner.name }, guessed: false };
  };

  return {
    ofPod,
    byName(namespace, name) {
      const pod = index.get(objectId('Pod', namespace, name));
      if (pod !== undefined) return ofPod(pod);
      // The longest workload name that, with its controller's suffix, makes this pod name.
      for (let end = name.length; end > 0; end = name.lastIndexOf('-', end - 1)) {
        const prefix = name.slice(0, end);
        const found = [...(candidates.get(`${namespace}/${prefix}`) ?? []), ...(candidates.get(`/${prefix}`) ?? [])].find((candidate) =>
          candidate.kind === 'Pod' ? prefix === name : POD_NAME_PATTERNS.get(candidate.kind)?.test(name.slice(end)),
        );
        if (found) return { workload: { ...found, namespace }, guessed: found.kind !== 'Pod' };
      }
      return undefined;
    },
  };
}

/** A missing ReplicaSet or Job stands for its Deployment or CronJob when its name says so. */
function missingOwner(owner: OwnerRef, namespace: string | undefined, pod: KubeObject): PodWorkload {
  if (owner.kind === 'ReplicaSet') {
    const hash = stringMapOf(pod, 'labels')['pod-template-hash'];
    const deployment = hash !== undefined && owner.name.endsWith(`-${hash}`) ? owner.name.slice(0, -hash.length - 1) : undefined;
    if (deployment) return { workload: { kind: 'Deployment', namespace, name: deployment }, guessed: true };
  }
  if (owner.kind === 'Job') {
    const cronJob = /^(.+)-\d{8,}$/.exec(owner.name)?.[1];
    if (cronJob) return { workload: { kind: 'CronJob', namespace, name: cronJob }, guessed: true };
  }
  if (owner.kind === 'ReplicationController') {
    const config = stringMapOf(pod, 'annotations')['openshift.io/deployment-config.name'];
    if (config) return { workload: { kind: 'DeploymentConfig', namespace, name: config }, guessed: true };
  }
  return { workload: { kind: owner.kind, namespace, name: owner.name }, guessed: false };
}

/** The owner reference marked `controller`, else the first one. */
function controllerOf(object: KubeObject): OwnerRef | undefined {
  const references = listOf(isRecord(object['metadata']) ? object['metadata']['ownerReferences'] : undefined).filter(isRecord);
  const chosen = references.find((reference) => reference['controller'] === true) ?? references[0];
  const kind = chosen ? textOf(chosen['kind']) : undefined;
  const name = chosen ? textOf(chosen['name']) : undefined;
  return kind !== undefined && name !== undefined ? { kind, name } : undefined;
}

function keyOf(object: KubeObject): WorkloadKey {
  return { kind: object['kind'] as string, namespace: namespaceOf(object), name: nameOf(object) ?? '(unnamed)' };
}

function objectId(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}
