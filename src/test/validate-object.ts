/** Schema validation of Kubernetes objects with the independent kubernetes-models package. */

type Model = { new (data: unknown): { validate(): void } };

const cache = new Map<string, Promise<Record<string, unknown> | undefined>>();

function loadGroup(apiVersion: string): Promise<Record<string, unknown> | undefined> {
  const path = apiVersion.includes('/') ? apiVersion : `v1`;
  if (!cache.has(path))
    cache.set(
      path,
      import(/* @vite-ignore */ `kubernetes-models/${path}`).catch(() => undefined),
    );
  return cache.get(path) as Promise<Record<string, unknown> | undefined>;
}

/**
 * The schema error for an object of a built-in kind, or undefined when it is valid or its kind
 * has no schema here (custom resources).
 */
export async function validateKubernetesObject(object: Record<string, unknown>): Promise<string | undefined> {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const module = await loadGroup(apiVersion);
  const model = module?.[kind] as Model | undefined;
  if (!model) return undefined;
  try {
    new model(object).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
