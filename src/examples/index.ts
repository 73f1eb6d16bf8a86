/** The examples the page offers; each opens with `#example=<name>`. */
import cronjob from './cronjob.yaml?raw';
import deployment from './deployment.yaml?raw';
import fooPod from './foo-pod.yaml?raw';
import kubectlGetPod from './kubectl-get-pod.yaml?raw';

/** `title` is what the picker shows: short enough to show whole in the header at 768 px. */
export type Example = { readonly name: string; readonly title: string; readonly text: string };

export const EXAMPLES: readonly Example[] = [
  { name: 'foo-pod', title: 'Pod from the write-up', text: fooPod },
  { name: 'deployment', title: 'Deployment with sidecar', text: deployment },
  { name: 'cronjob', title: 'CronJob + ServiceAccount', text: cronjob },
  { name: 'kubectl-get-pod', title: 'Pod from kubectl get', text: kubectlGetPod },
];

export const DEFAULT_EXAMPLE: Example = EXAMPLES[0] as Example;

export function findExample(name: string): Example | undefined {
  return EXAMPLES.find((example) => example.name === name);
}
