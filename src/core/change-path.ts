/** Where a change is in its object: keys and list indexes, and the same written as a JSON path. */

/** A key of a mapping or an index of a list. */
export type ChangeStep = string | number;

/** `['spec', 'containers', 0, 'volumeMounts', 2]` as `spec.containers[0].volumeMounts[2]`. */
export function formatPath(steps: readonly ChangeStep[]): string {
  let path = '';
  for (const step of steps) path += typeof step === 'number' ? `[${step}]` : path === '' ? step : `.${step}`;
  return path;
}
