/**
 * What the scanners users already run say about hardened output, where one says otherwise than
 * `--check` (README, "Scanners").
 *
 * Outside behaviour that shapes the rule (aquasecurity/trivy-checks,
 * `checks/kubernetes/protecting_pod_service_account_tokens.rego` and `lib/kubernetes/kubernetes.rego`):
 * Trivy's KSV036 (AVD-KSV-0036) reads `automountServiceAccountToken` only from a document's
 * top-level `spec`, which only a Pod has as its pod spec; when the key is absent there, it flags any
 * container or init container mounting anything at exactly `/var/run/secrets/kubernetes.io/serviceaccount`.
 * So it flags every hardened Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
 * Job, CronJob and DeploymentConfig that keeps a token mounted by hand, although its pod template
 * says `false` (and passes the unhardened ones that mount nothing by hand). One YAML document is
 * one input to it: a `List` is not unfolded. The other scanners read the pod spec's own field and
 * accept hardened output.
 */
import type { OutputPodObject } from '../result';

/** The kinds KSV036 judges, lower-cased (its library compares kinds so). */
const KSV036_KINDS = new Set([
  'pod',
  'cronjob',
  'deployment',
  'statefulset',
  'daemonset',
  'replicaset',
  'replicationcontroller',
  'job',
  'deploymentconfig',
]);

/** Whether Trivy's KSV036 flags an object of the output, read as a file of its own would be. */
export function isFlaggedByKsv036(object: OutputPodObject): boolean {
  if (!KSV036_KINDS.has(object.kind.toLowerCase())) return false;
  if (object.topLevelAutomount !== undefined) return object.topLevelAutomount === true;
  return object.mountsDefaultPath;
}

/**
 * `Kind/name` of each object KSV036 flags among those at `listDepth` (0: the command's own files,
 * where Trivy does not unfold a List; 1: the items of a KRM ResourceList, which kpt writes to files
 * of their own).
 */
export function ksv036Flagged(objects: readonly OutputPodObject[], listDepth: number): string[] {
  return objects.filter((object) => object.listDepth === listDepth && isFlaggedByKsv036(object)).map((object) => object.object);
}

/** The one note of a run whose output KSV036 would flag, or undefined when it flags nothing. */
export function ksv036Note(flagged: readonly string[]): string | undefined {
  if (flagged.length === 0) return undefined;
  const shown = flagged.slice(0, 5).join(', ') + (flagged.length > 5 ? `, and ${flagged.length - 5} more` : '');
  const count = flagged.length === 1 ? '1 workload' : `${flagged.length} workloads`;
  return (
    `Trivy's KSV036 (AVD-KSV-0036) will flag ${count} of this output although hardened (${shown}): it reads ` +
    'automountServiceAccountToken only from a top-level spec, which only a Pod has, and flags any mount at ' +
    '/var/run/secrets/kubernetes.io/serviceaccount. Suppress AVD-KSV-0036 for these files only (.trivyignore.yaml with paths), ' +
    'or choose no token where a workload never calls the API; see "Scanners" in the README'
  );
}
