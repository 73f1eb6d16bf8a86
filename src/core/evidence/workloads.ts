/** The pod-bearing objects among plain Kubernetes objects (SPEC §2.1), each with its pod templates. */
import { type PathStep, podTemplatePath } from '../harden/pod-spec-paths';
import { isRecord } from '../read/yaml-read';
import { type KubeObject, listOf, nameOf, namespaceOf } from './objects';
import type { WorkloadKey } from './types';

/** A pod template as plain values: the pod's metadata (its own for a Pod) and its spec. */
export type PodTemplate = { readonly metadata: unknown; readonly spec: Readonly<Record<string, unknown>> };

/** The key the hardening labels an object with: `name`, else `generateName`, else `(unnamed)`. */
export function workloadKeyOfObject(object: KubeObject): WorkloadKey {
  return { kind: object['kind'] as string, namespace: namespaceOf(object), name: nameOf(object) ?? '(unnamed)' };
}

/** The pod templates of an object of a known kind (a Pod is its own); none for other objects or partial ones. */
export function podTemplatesOf(object: KubeObject): PodTemplate[] {
  const steps = podTemplatePath(object['kind'] as string, object['apiVersion'] as string);
  if (steps === undefined) return [];
  return followSteps(object, steps).flatMap((template) => {
    const spec = template['spec'];
    return isRecord(spec) ? [{ metadata: template['metadata'], spec }] : [];
  });
}

/** Follows a template path over plain values; a `[]` step fans out over the items of the sequence before it. */
function followSteps(object: KubeObject, steps: readonly PathStep[]): Readonly<Record<string, unknown>>[] {
  let current: Readonly<Record<string, unknown>>[] = [object];
  steps.forEach((step, index) => {
    if (step === '[]') return;
    const fanOut = steps[index + 1] === '[]';
    current = current.flatMap((node) => {
      const next = node[step];
      if (fanOut) return listOf(next).filter(isRecord);
      return isRecord(next) ? [next] : [];
    });
  });
  return current;
}
