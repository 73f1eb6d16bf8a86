/**
 * The ServiceAccount-token rules of the scanners users already run, re-implemented from their
 * documented logic (`../shared/real/peer-suites/SOURCES.md`, "The rules' logic, in words"), to
 * judge hardened output as each would. Each judges the case's object in one input (a file of one
 * or more documents): `pass`, `fail`, `skip` (a precondition leaves it out) or `unknown`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../core/index';
import { repositoryRoot } from './corpus';

export type PeerVerdict = 'pass' | 'fail' | 'skip' | 'unknown';
type KubeObject = Record<string, unknown>;

/** The peer suites folder: `$PEER_SUITES_DIR`, else `../shared/real/peer-suites` beside the repository. */
export const PEER_SUITES_DIR = process.env['PEER_SUITES_DIR'] ?? join(repositoryRoot, '../shared/real/peer-suites');
export const hasPeerSuites = existsSync(PEER_SUITES_DIR);

/** Every case: the peer (its folder), the file, the peer's own verdict (from the name) and the text. */
export function peerCases(): { peer: string; file: string; expected: PeerVerdict; text: string }[] {
  if (!hasPeerSuites) return [];
  return readdirSync(PEER_SUITES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(PEER_SUITES_DIR, entry.name))
        .sort()
        .map((file) => ({
          peer: entry.name,
          file,
          expected: file.split('__')[0] as PeerVerdict,
          text: readFileSync(join(PEER_SUITES_DIR, entry.name, file), 'utf8'),
        })),
    );
}

function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((current, key) => (isRecord(current) ? current[key] : undefined), value);
}

const kindOf = (object: KubeObject) => String(object['kind'] ?? '');
const nameOf = (object: KubeObject) => at(object, 'metadata', 'name');
const namespaceOf = (object: KubeObject) => at(object, 'metadata', 'namespace');

/** The pod spec of the common workload kinds: a Pod's spec, a CronJob's job template's, the others' template's. */
function podSpecOf(object: KubeObject): unknown {
  const kind = kindOf(object).toLowerCase();
  if (kind === 'pod') return object['spec'];
  if (kind === 'cronjob') return at(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
  return at(object, 'spec', 'template', 'spec');
}

/** The first object of the kinds a rule judges: the case's object. */
function subject(objects: readonly KubeObject[], kinds: readonly string[]): KubeObject | undefined {
  return objects.find((object) => kinds.includes(kindOf(object)));
}

const WORKLOADS = ['Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'ReplicationController'];

type Rule = (objects: readonly KubeObject[], file: string) => PeerVerdict;

const kyverno: Rule = (objects, file) => {
  if (file.includes('restrict-sa-automount-sa-token')) {
    const account = subject(objects, ['ServiceAccount']);
    return account?.['automountServiceAccountToken'] === false ? 'pass' : 'fail';
  }
  const workload = subject(objects, WORKLOADS);
  if (!workload) return 'skip';
  if (at(workload, 'metadata', 'labels', 'app.kubernetes.io/part-of') === 'policy-reporter') return 'skip';
  return at(podSpecOf(workload), 'automountServiceAccountToken') === false ? 'pass' : 'fail';
};

const kubescape: Rule = (objects) => {
  const workload = subject(
    objects,
    WORKLOADS.filter((kind) => kind !== 'ReplicationController'),
  );
  if (!workload) return 'skip';
  const automount = at(podSpecOf(workload), 'automountServiceAccountToken');
  if (automount === false) return 'pass';
  if (automount === true) return 'fail';
  const accountName = at(podSpecOf(workload), 'serviceAccountName') ?? 'default';
  const namespace = namespaceOf(workload) ?? 'default';
  const account = objects.find(
    (object) => kindOf(object) === 'ServiceAccount' && nameOf(object) === accountName && (namespaceOf(object) ?? 'default') === namespace,
  );
  return account?.['automountServiceAccountToken'] === false ? 'pass' : 'fail';
};

const KSV036_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const TRIVY_KINDS = [
  'pod',
  'deployment',
  'statefulset',
  'daemonset',
  'replicaset',
  'replicationcontroller',
  'job',
  'deploymentconfig',
  'cronjob',
];

const trivy: Rule = (objects) => {
  // One YAML document is one input; the rule reads the document's top-level spec.
  const workload = objects.find((object) => TRIVY_KINDS.includes(kindOf(object).toLowerCase()));
  if (!workload) return 'skip';
  const spec = workload['spec'];
  if (!isRecord(spec)) return 'pass';
  if (Object.hasOwn(spec, 'automountServiceAccountToken')) return spec['automountServiceAccountToken'] === true ? 'fail' : 'pass';
  const podSpec = podSpecOf(workload);
  const containers = [at(podSpec, 'containers'), at(podSpec, 'initContainers')].flatMap((list) => (Array.isArray(list) ? list : []));
  const mounted = containers.some((container) => {
    const mounts = at(container, 'volumeMounts');
    return Array.isArray(mounts) && mounts.some((mount) => at(mount, 'mountPath') === KSV036_PATH);
  });
  return mounted ? 'fail' : 'pass';
};

const checkov: Rule = (objects) => {
  const workload = subject(objects, WORKLOADS);
  if (!workload) return 'skip';
  const podSpec = podSpecOf(workload);
  if (podSpec !== undefined && podSpec !== null && !isRecord(podSpec)) return 'unknown';
  return at(podSpec, 'automountServiceAccountToken') === false ? 'pass' : 'fail';
};

const polaris: Rule = (objects) => {
  const workload = objects.find((object) => kindOf(object) !== 'ServiceAccount' && isRecord(podSpecOf(object)));
  if (!workload) return 'skip';
  const podSpec = podSpecOf(workload);
  const automount = at(podSpec, 'automountServiceAccountToken');
  if (automount === false) return 'pass';
  if (automount !== undefined) return 'fail';
  const accountName = at(podSpec, 'serviceAccountName');
  if (typeof accountName !== 'string' || accountName === '') return 'fail';
  const account = objects.find(
    (object) =>
      kindOf(object) === 'ServiceAccount' &&
      nameOf(object) === accountName &&
      (namespaceOf(object) === undefined || namespaceOf(object) === namespaceOf(workload)),
  );
  return account?.['automountServiceAccountToken'] === false ? 'pass' : 'fail';
};

const kubesec: Rule = (objects) => {
  const workload = subject(objects, ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet']);
  if (!workload) return 'skip';
  return at(podSpecOf(workload), 'automountServiceAccountToken') === false ? 'pass' : 'fail';
};

const kubeLinter: Rule = (objects) => {
  const workload = objects.find((object) => kindOf(object) !== 'ServiceAccount' && podSpecOf(object) !== undefined);
  if (!workload) return 'skip';
  const podSpec = podSpecOf(workload);
  if (at(podSpec, 'automountServiceAccountToken') === false) return 'pass';
  const account = at(podSpec, 'serviceAccountName') ?? at(podSpec, 'serviceAccount') ?? '';
  return account === '' || account === 'default' ? 'fail' : 'pass';
};

const datree: Rule = (objects) => {
  const object = subject(objects, ['Pod', 'ServiceAccount']);
  if (!object) return 'skip';
  const field = kindOf(object) === 'Pod' ? at(object, 'spec', 'automountServiceAccountToken') : object['automountServiceAccountToken'];
  return field === false ? 'pass' : 'fail';
};

/** Each peer's rule, by the folder its cases are in. */
export const PEER_RULES: Readonly<Record<string, Rule>> = {
  kyverno,
  kubescape,
  trivy,
  checkov,
  polaris,
  kubesec,
  'kube-linter': kubeLinter,
  datree,
};

/** What a peer says of one input, read as plain documents. */
export function judgeWithPeer(peer: string, documents: readonly unknown[], file: string): PeerVerdict {
  const rule = PEER_RULES[peer];
  if (!rule) throw new Error(`no rule for ${peer}`);
  return rule(documents.filter(isRecord), file);
}
