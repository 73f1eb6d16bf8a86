/**
 * The Kubernetes kinds the editor validates and completes: the kinds that carry a pod spec, plus
 * ServiceAccount and List. scripts/generate-schema.mjs turns this file into a JSON schema.
 */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Pod, PodTemplate, ReplicationController, ServiceAccount } from 'kubernetes-types/core/v1';
import type { ListMeta } from 'kubernetes-types/meta/v1';

export type KubernetesObject =
  Pod | Deployment | ReplicaSet | StatefulSet | DaemonSet | Job | CronJob | ReplicationController | PodTemplate | ServiceAccount | List;

/** A list of objects, as `kubectl get -o yaml` prints several at once. */
export interface List {
  apiVersion?: 'v1';
  kind?: 'List';
  metadata?: ListMeta;
  items: KubernetesObject[];
}
