/**
 * The evidence about each workload of the input, gathered in one pass over the input's plain
 * documents and the cluster dumps: its ServiceAccounts and what they say, whether it holds a
 * token, tokens others read, the bindings that reach its ServiceAccounts, who else uses them,
 * and its pods in the cluster.
 */
import { isRecord } from '../read/yaml-read';
import { flattenObjects, isSameNamespace, type KubeObject, nameOf, namespaceOf, type PlacedObject } from './objects';
import { accountNameOf, factsOf, type ForeignToken, isAccountAutomountOff, type PodSpecReading, readPodSpec } from './pod-facts';
import { podWorkloadResolver } from './pod-owners';
import { type BindingEvidence, indexRbac, isRbacObject, type SourcedObject } from './rbac';
import type { AccountKey, EvidenceSource, WorkloadKey } from './types';
import { formatWorkloadKey, isSameAccount } from './workload-key';
import { podTemplatesOf, workloadKeyOfObject } from './workloads';

/** A workload that runs as a ServiceAccount, and where the evidence saw it. */
export type AccountUser = {
  readonly workload: WorkloadKey;
  readonly source: Exclude<EvidenceSource, 'audit'>;
  /** Whether its key came from a name pattern (a pod whose owner the dump lacks). */
  readonly guessed: boolean;
};

/** What the evidence says about one ServiceAccount. */
export type AccountEvidence = {
  readonly key: AccountKey;
  /** Where it is defined: the input, else the cluster; undefined when neither holds it. */
  readonly definedIn: Exclude<EvidenceSource, 'audit'> | undefined;
  /** Whether its definition says `automountServiceAccountToken: false` (contradicting definitions do not). */
  readonly automountOff: boolean;
  /** Every binding that reaches it, the cluster's defaults included. */
  readonly bindings: readonly BindingEvidence[];
  /** Every workload that runs as it, in the input and in the cluster. */
  readonly users: readonly AccountUser[];
};

/** A pod of the cluster dump that belongs to a workload. */
export type ClusterPod = {
  readonly name: string;
  readonly namespace: string | undefined;
  /** `status.startTime` (RFC 3339), when the dump says. */
  readonly startTime: string | undefined;
  readonly phase: string | undefined;
  readonly guessed: boolean;
};

/** What the evidence says about one workload of the input. */
export type WorkloadEvidence = {
  readonly key: WorkloadKey;
  readonly document: number;
  /** Its place in a List (`items[3].`), empty at the top of a document. */
  readonly path: string;
  /** The ServiceAccounts its pod specs run as (one, except for a JobSet whose jobs differ), in its namespace. */
  readonly accounts: readonly AccountEvidence[];
  /** Whether a container of it can read an API token today. */
  readonly hasToken: boolean;
  readonly foreignTokens: readonly ForeignToken[];
  /** Its pods in the cluster dump. */
  readonly clusterPods: readonly ClusterPod[];
};

/** Everything the recommendation reads. */
export type Evidence = {
  readonly workloads: readonly WorkloadEvidence[];
  /** What the sources held: whether a cluster dump was given, and the bindings each source had. */
  readonly sources: {
    readonly cluster: boolean;
    readonly inputBindings: number;
    readonly clusterBindings: number;
    /** Whether the dump holds RBAC at all (every cluster has ClusterRoles: a dump without any left RBAC out). */
    readonly clusterHasRbac: boolean;
  };
};

export type EvidenceInput = (
  | {
      /** The input's documents as plain values (as the hardening read them). */
      readonly documents: readonly unknown[];
    }
  | {
      /** Or the input's objects as flattenObjects places them, read once, each let go once read (a cluster dump's pods). */
      readonly objects: Iterable<PlacedObject>;
    }
) & {
  /** The objects of the cluster dumps, when any were given. */
  readonly cluster?: readonly KubeObject[] | undefined;
  /** Where the hardening mounts the token (default: the API server's path). */
  readonly mountPath?: string | undefined;
};

/** A workload of the input, as much of it as the evidence reads: its pod specs as read, not its objects. */
type SeenWorkload = Pick<WorkloadEvidence, 'key' | 'document' | 'path'> & { readonly templates: readonly PodSpecReading[] };

/** Gathers the evidence for every workload of the input, reading the input's objects once. */
export function gatherEvidence(input: EvidenceInput): Evidence {
  const clusterObjects = input.cluster ?? [];
  // Of the input, only its ServiceAccounts and RBAC objects are kept whole; of its workloads, their facts.
  const inputAccounts: KubeObject[] = [];
  const inputRbac: KubeObject[] = [];
  const found: SeenWorkload[] = [];
  for (const { object, document, path } of 'objects' in input ? input.objects : flattenObjects(input.documents)) {
    if (isServiceAccount(object)) inputAccounts.push(object);
    if (isRbacObject(object)) inputRbac.push(object);
    const templates = podTemplatesOf(object).map(({ spec, metadata }) => readPodSpec(spec, metadata, input.mountPath));
    if (templates.length > 0) found.push({ key: workloadKeyOfObject(object), document, path, templates });
  }
  const sourced: SourcedObject[] = [
    ...inputRbac.map((object) => ({ object, source: 'input' as const })),
    ...clusterObjects.map((object) => ({ object, source: 'cluster' as const })),
  ];
  const rbac = indexRbac(sourced);
  const serviceAccounts = {
    input: inputAccounts,
    cluster: clusterObjects.filter(isServiceAccount),
  };

  // Who runs as what: the input's workloads, the dump's workload objects and its pods' workloads.
  const users = new Map<string, { account: AccountKey; user: AccountUser }[]>();
  const seenUsers = new Set<string>();
  const addUser = (account: AccountKey, user: AccountUser): void => {
    const id = `${account.namespace ?? ''}/${account.name} ${formatWorkloadKey(user.workload)}`;
    if (seenUsers.has(id)) return;
    seenUsers.add(id);
    const entries = users.get(account.name);
    if (entries) entries.push({ account, user });
    else users.set(account.name, [{ account, user }]);
  };
  for (const workload of found) {
    for (const template of workload.templates)
      addUser({ namespace: workload.key.namespace, name: template.account }, { workload: workload.key, source: 'input', guessed: false });
  }
  const resolver = podWorkloadResolver(
    clusterObjects,
    found.map((workload) => workload.key),
  );
  const podsByWorkload = new Map<string, ClusterPod[]>();
  for (const object of clusterObjects) {
    if (object['kind'] === 'Pod') {
      const { workload, guessed } = resolver.ofPod(object);
      const spec = object['spec'];
      addUser(accountIn(spec, workload), { workload, source: 'cluster', guessed });
      // By kind and name: an input workload without a namespace matches its pods in any namespace.
      const id = `${workload.kind}/${workload.name}`;
      const status = isRecord(object['status']) ? object['status'] : {};
      const pods = podsByWorkload.get(id) ?? [];
      pods.push({
        name: nameOf(object) ?? '(unnamed)',
        namespace: namespaceOf(object),
        startTime: typeof status['startTime'] === 'string' ? status['startTime'] : undefined,
        phase: typeof status['phase'] === 'string' ? status['phase'] : undefined,
        guessed,
      });
      podsByWorkload.set(id, pods);
    } else {
      for (const template of podTemplatesOf(object)) {
        const key = workloadKeyOfObject(object);
        addUser(accountIn(template.spec, key), { workload: key, source: 'cluster', guessed: false });
      }
    }
  }

  const accountCache = new Map<string, AccountEvidence>();
  const accountEvidence = (key: AccountKey): AccountEvidence => {
    const id = `${key.namespace ?? ''}/${key.name}`;
    const cached = accountCache.get(id);
    if (cached) return cached;
    const inInput = serviceAccounts.input.filter((account) => isDefinitionOf(account, key));
    const inCluster = serviceAccounts.cluster.filter((account) => isDefinitionOf(account, key));
    const definitions = inInput.length > 0 ? inInput : inCluster;
    const evidence: AccountEvidence = {
      key,
      definedIn: inInput.length > 0 ? 'input' : inCluster.length > 0 ? 'cluster' : undefined,
      automountOff: isAccountAutomountOff(definitions, key),
      bindings: rbac.bindingsOf(key),
      users: (users.get(key.name) ?? []).filter((entry) => isSameAccount(entry.account, key)).map((entry) => entry.user),
    };
    accountCache.set(id, evidence);
    return evidence;
  };

  const workloads = found.map((workload): WorkloadEvidence => {
    const accounts: AccountEvidence[] = [];
    let hasToken = false;
    const foreignTokens: ForeignToken[] = [];
    for (const template of workload.templates) {
      const account = accountEvidence({ namespace: workload.key.namespace, name: template.account });
      if (!accounts.includes(account)) accounts.push(account);
      const facts = factsOf(template, account.automountOff);
      hasToken ||= facts.hasToken;
      foreignTokens.push(...facts.foreignTokens);
    }
    const clusterPods = (podsByWorkload.get(`${workload.key.kind}/${workload.key.name}`) ?? []).filter((pod) =>
      isSameNamespace(pod.namespace, workload.key.namespace),
    );
    return { key: workload.key, document: workload.document, path: workload.path, accounts, hasToken, foreignTokens, clusterPods };
  });

  return {
    workloads,
    sources: {
      cluster: input.cluster !== undefined,
      inputBindings: rbac.counts.input,
      clusterBindings: rbac.counts.cluster,
      clusterHasRbac: clusterObjects.some((object) => object['kind'] === 'ClusterRole'),
    },
  };
}

/** The ServiceAccount a pod spec of a workload runs as: in the workload's namespace. */
function accountIn(spec: unknown, workload: WorkloadKey): AccountKey {
  return { namespace: workload.namespace, name: accountNameOf(spec) };
}

function isServiceAccount(object: KubeObject): boolean {
  return object['kind'] === 'ServiceAccount' && object['apiVersion'] === 'v1';
}

function isDefinitionOf(account: KubeObject, key: AccountKey): boolean {
  const name = nameOf(account);
  return name !== undefined && isSameAccount({ name, namespace: namespaceOf(account) }, key);
}
