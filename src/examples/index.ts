/** The examples the page offers; each opens with `#example=<name>`. */
import cronjob from './cronjob.yaml?raw';
import deployment from './deployment.yaml?raw';
import fooPod from './foo-pod.yaml?raw';
import kubectlGetPod from './kubectl-get-pod.yaml?raw';

export type Example = { readonly name: string; readonly title: string; readonly text: string };

export const EXAMPLES: readonly Example[] = [
  { name: 'foo-pod', title: 'Pod from the write-up (foo-pod)', text: fooPod },
  { name: 'deployment', title: 'Deployment with init container and sidecar', text: deployment },
  { name: 'cronjob', title: 'CronJob and its ServiceAccount', text: cronjob },
  { name: 'kubectl-get-pod', title: 'Pod as kubectl get -o yaml prints it', text: kubectlGetPod },
];

export const DEFAULT_EXAMPLE: Example = EXAMPLES[0] as Example;

export function findExample(name: string): Example | undefined {
  return EXAMPLES.find((example) => example.name === name);
}
