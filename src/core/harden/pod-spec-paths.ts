/** Where pod specs live in each workload kind (SPEC §2.1). */

/** A step into a mapping by key, or into every item of a sequence when it is `[]`. */
export type PathStep = string;

type PodSpecLocation = {
  /** API groups the kind belongs to; undefined accepts any (core kinds have moved between groups). */
  readonly groups: readonly string[] | undefined;
  /** Path from the object to the pod template (the mapping holding `metadata` and `spec`). */
  readonly template: readonly PathStep[];
};

const TEMPLATE: readonly PathStep[] = ['spec', 'template'];

/** Kinds whose objects carry a pod spec, and the path to its template. */
export const POD_SPEC_LOCATIONS: Readonly<Record<string, PodSpecLocation>> = {
  Pod: { groups: undefined, template: [] },
  Deployment: { groups: undefined, template: TEMPLATE },
  ReplicaSet: { groups: undefined, template: TEMPLATE },
  StatefulSet: { groups: undefined, template: TEMPLATE },
  DaemonSet: { groups: undefined, template: TEMPLATE },
  Job: { groups: undefined, template: TEMPLATE },
  ReplicationController: { groups: undefined, template: TEMPLATE },
  CronJob: { groups: undefined, template: ['spec', 'jobTemplate', 'spec', 'template'] },
  PodTemplate: { groups: undefined, template: ['template'] },
  Rollout: { groups: ['argoproj.io'], template: TEMPLATE },
  CloneSet: { groups: ['apps.kruise.io'], template: TEMPLATE },
  DeploymentConfig: { groups: ['apps.openshift.io', ''], template: TEMPLATE },
  ScaledJob: { groups: ['keda.sh'], template: ['spec', 'jobTargetRef', 'template'] },
  JobSet: { groups: ['jobset.x-k8s.io'], template: ['spec', 'replicatedJobs', '[]', 'template', 'spec', 'template'] },
};

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ``). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The template path for an object's kind, or undefined when the kind carries no pod spec. */
export function podTemplatePath(kind: string, apiVersion: string): readonly PathStep[] | undefined {
  const location = POD_SPEC_LOCATIONS[kind];
  if (!location) return undefined;
  if (location.groups && !location.groups.includes(apiGroupOf(apiVersion))) return undefined;
  return location.template;
}

/** Whether a kind is a list of objects (`List`, `PodList`, `ConfigMapList`, ...). */
export function isListKind(kind: string): boolean {
  return kind.endsWith('List');
}
