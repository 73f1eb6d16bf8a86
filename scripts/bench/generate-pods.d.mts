/** `kubectl get pods -A -o json` of `count` running pods; `indent` 4 as kubectl prints it, 0 for one line. */
export function generatePodList(count: number, indent?: number): string;
