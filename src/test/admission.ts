/**
 * Admission as the API server runs it for a Pod, for the mutating policy's tests: the decoding and
 * the ServiceAccount admission plugin before the policy, the JSON Patch applied with the
 * independent fast-json-patch, and the result compared with the command's own hardening.
 */
import { applyPatch, type Operation } from 'fast-json-patch';
import {
  checkPodSpec,
  DEFAULT_MOUNT_PATH,
  harden,
  mayHoldToken,
  type HardenOptions,
  type PolicyEvaluation,
  plainDocuments,
} from '../core/index';
import { normaliseMountPath } from '../core/harden/options';
import { mutationPatch } from '../ui/output/policy/policy-cel';
import { isRecord } from '../core/index';
import { expectedTokenVolume, isSameValue } from './hardening-oracle';

type KubeObject = Record<string, unknown>;

const INJECTED = 'kube-api-access-x7k2p';

/**
 * What the ServiceAccount admission plugin does to a Pod whose token is on, before any policy runs
 * (plugin/pkg/admission/serviceaccount): every init and regular container without a mount at the
 * default path gets the `kube-api-access-*` volume there, read-only.
 */
/** Pods whose own `kube-api-access-*` volume the plugin reused for mounts it added. */
const reusedVolumes = new WeakSet<KubeObject>();

export function admitServiceAccount(pod: KubeObject): KubeObject {
  const copy = decode(pod);
  const spec = copy['spec'] as KubeObject;
  if (spec['automountServiceAccountToken'] === false) return copy;
  const volumes = Array.isArray(spec['volumes']) ? (spec['volumes'] as KubeObject[]) : [];
  const existing = volumes.find((volume) => typeof volume['name'] === 'string' && volume['name'].startsWith('kube-api-access-'));
  const name = typeof existing?.['name'] === 'string' ? existing['name'] : INJECTED;
  let needsVolume = false;
  for (const field of ['initContainers', 'containers']) {
    for (const container of Array.isArray(spec[field]) ? (spec[field] as KubeObject[]) : []) {
      const mounts = Array.isArray(container['volumeMounts']) ? (container['volumeMounts'] as KubeObject[]) : [];
      if (mounts.some((mount) => mount['mountPath'] === DEFAULT_MOUNT_PATH)) continue;
      container['volumeMounts'] = [...mounts, { name, readOnly: true, mountPath: DEFAULT_MOUNT_PATH }];
      needsVolume = true;
    }
  }
  if (existing && needsVolume) reusedVolumes.add(copy);
  if (!existing && needsVolume) {
    spec['volumes'] = [
      ...volumes,
      {
        name,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ];
  }
  return copy;
}

/** Volumes and mounts compared as sets; an empty list is an absent one (as Kubernetes stores it). */
export function normalise(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalise(item));
    if (key === 'volumes' || key === 'volumeMounts') items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return items;
  }
  if (!isRecord(value)) return value;
  const out: KubeObject = {};
  for (const [name, item] of Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) {
    if ((name === 'volumes' || name === 'volumeMounts') && Array.isArray(item) && item.length === 0) continue;
    out[name] = normalise(item, name);
  }
  return out;
}

/** The first path where two plain values differ, with both sides; undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let index = 0; index < a.length; index += 1) {
      const found = firstDifference(a[index], b[index], `${path}[${index}]`);
      if (found) return found;
    }
  }
  return `${path}: policy ${JSON.stringify(a)}, tool ${JSON.stringify(b)}`;
}

function containersOf(pod: KubeObject): KubeObject[] {
  const spec = pod['spec'] as KubeObject;
  return ['initContainers', 'containers'].flatMap((field) => (Array.isArray(spec[field]) ? (spec[field] as KubeObject[]) : []));
}

function mountsOf(container: KubeObject): KubeObject[] {
  return Array.isArray(container['volumeMounts']) ? (container['volumeMounts'] as KubeObject[]) : [];
}

function volumesOf(pod: KubeObject): KubeObject[] {
  const spec = pod['spec'] as KubeObject;
  return Array.isArray(spec['volumes']) ? (spec['volumes'] as KubeObject[]) : [];
}

/**
 * Containers that could read a token, as the command's own never-widen rule sees it: a token
 * volume of their own, or, at the default or the chosen token path, something that may hold one
 * (the plugin's volume, a Secret, a volume the pod does not define; not an emptyDir or a
 * ConfigMap hiding the path).
 */
export function containersWithCredentials(pod: KubeObject, chosen: HardenOptions): string[] {
  const withToken = containersWithToken(pod);
  const volumes = volumesOf(pod);
  const directories = [normaliseMountPath(DEFAULT_MOUNT_PATH), normaliseMountPath(chosen.mountPath)];
  // At a token path, or the token file itself mounted on its own (a token reached sideways).
  const paths = new Set([...directories, ...directories.map((directory) => `${directory}/token`)]);
  return containersOf(pod)
    .filter(
      (container) =>
        withToken.includes(String(container['name'])) ||
        mountsOf(container).some(
          (mount) =>
            typeof mount['mountPath'] === 'string' &&
            paths.has(normaliseMountPath(mount['mountPath'])) &&
            mayHoldToken(volumes.find((volume) => volume['name'] === mount['name'])),
        ),
    )
    .map((container) => String(container['name']));
}

/** The plugin's token volume in an admitted Pod: named `kube-api-access-*`, projecting a token. */
function injectedVolume(pod: KubeObject): KubeObject | undefined {
  return volumesOf(pod).find(
    (volume) =>
      String(volume['name']).startsWith('kube-api-access-') &&
      isRecord(volume['projected']) &&
      JSON.stringify(volume['projected']).includes('"serviceAccountToken"'),
  );
}

/** Containers that mount a volume projecting a token, anywhere. */
export function containersWithToken(pod: KubeObject): string[] {
  const spec = pod['spec'] as KubeObject;
  const volumes = Array.isArray(spec['volumes']) ? (spec['volumes'] as KubeObject[]) : [];
  const tokenVolumes = new Set(
    volumes
      .filter((volume) => isRecord(volume['projected']) && JSON.stringify(volume['projected']).includes('"serviceAccountToken"'))
      .map((volume) => volume['name']),
  );
  return containersOf(pod)
    .filter((container) => mountsOf(container).some((mount) => tokenVolumes.has(mount['name'])))
    .map((container) => String(container['name']));
}

/** What the API server's decoding does before admission: the deprecated field and its successor agree. */
export function decode(pod: KubeObject): KubeObject {
  const copy = structuredClone(pod);
  const spec = copy['spec'] as KubeObject;
  const account = spec['serviceAccountName'] || spec['serviceAccount'];
  if (typeof account === 'string' && account !== '') Object.assign(spec, { serviceAccountName: account, serviceAccount: account });
  return copy;
}

/** Every source of the projected volumes of a Pod. */
function projectedSourcesOf(pod: KubeObject): unknown[] {
  const spec = pod['spec'] as KubeObject;
  const volumes = Array.isArray(spec['volumes']) ? (spec['volumes'] as unknown[]) : [];
  return volumes.flatMap((volume) => {
    const projected = isRecord(volume) ? volume['projected'] : undefined;
    return isRecord(projected) && Array.isArray(projected['sources']) ? (projected['sources'] as unknown[]) : [];
  });
}

/**
 * How the mutated Pod's token volume and mounts differ from SPEC §2.2's literal (the oracle's, not
 * the core's `tokenVolume`, which the policy and the command share): every mount of the volume
 * is `{mountPath, name, readOnly: true}`, and the volume is the token volume followed by files the
 * admitted Pod already projected (none invented), or, with no API access, those files alone.
 */
function specDifferences(admitted: KubeObject, result: KubeObject, chosen: HardenOptions): string[] {
  const differences: string[] = [];
  const mount = { mountPath: chosen.mountPath, name: chosen.volumeName, readOnly: true };
  for (const container of containersOf(result)) {
    for (const found of mountsOf(container).filter((entry) => entry['name'] === chosen.volumeName)) {
      if (!isSameValue(found, mount)) differences.push(`mount ${JSON.stringify(found)}, SPEC ${JSON.stringify(mount)}`);
    }
  }
  const spec = result['spec'] as KubeObject;
  const volumes = (Array.isArray(spec['volumes']) ? (spec['volumes'] as KubeObject[]) : []).filter(
    (volume) => volume['name'] === chosen.volumeName,
  );
  if (volumes.length > 1) differences.push(`${volumes.length} volumes named ${chosen.volumeName}`);
  const [volume] = volumes;
  if (volume === undefined) return differences;
  const sources = isRecord(volume['projected']) && Array.isArray(volume['projected']['sources']) ? volume['projected']['sources'] : [];
  const extra = chosen.apiAccess === 'mount' ? sources.slice(3) : sources;
  const expected =
    chosen.apiAccess === 'mount'
      ? expectedTokenVolume(chosen, extra)
      : { name: chosen.volumeName, projected: { defaultMode: chosen.defaultMode, sources: extra } };
  if (!isSameValue(volume, expected)) differences.push(`volume ${JSON.stringify(volume)}, SPEC ${JSON.stringify(expected)}`);
  const before = projectedSourcesOf(admitted);
  const invented = extra.filter(
    (source) => isRecord(source) && ('serviceAccountToken' in source || !before.some((old) => isSameValue(old, source))),
  );
  if (invented.length > 0) differences.push(`sources the Pod did not project: ${JSON.stringify(invented)}`);
  return differences;
}

/** What became of one Pod: mutated or not, and what is wrong with the result, in words. */
export type MutationOutcome = {
  readonly mutated: boolean;
  /** Whether the result was compared with the command's hardening of the same Pod. */
  readonly compared: boolean;
  /** Why it was not compared, when it was mutated but not compared. */
  readonly unmatched: string | undefined;
  readonly differences: readonly string[];
};

/**
 * Admits `pod` (as its author wrote it) the way the API server would with the mutating policy
 * installed, and checks the result: left alone only without the plugin's volume; otherwise
 * hardened in the sense of SPEC §2.5, never widened, and equal (outside ordering) to the
 * command's hardening of `pod`.
 */
export function admitAndMutate(pod: KubeObject, chosen: HardenOptions, evaluation: PolicyEvaluation): MutationOutcome {
  // Had the Pod's ServiceAccount said false, the plugin would have left it as written: the policy
  // may then change it, but never give a container a token it did not have.
  const unadmitted = decode(pod);
  const unadmittedPatch = mutationPatch(evaluation, unadmitted);
  const differences: string[] = [];
  if (unadmittedPatch !== undefined) {
    const result = applyPatch(structuredClone(unadmitted), unadmittedPatch as Operation[], true, false).newDocument;
    const widened = containersWithToken(result).filter((name) => !containersWithCredentials(unadmitted, chosen).includes(name));
    if (widened.length > 0) differences.push(`widened ${widened.join(', ')} although its ServiceAccount says false`);
  }
  const admitted = admitServiceAccount(pod);
  const patch = mutationPatch(evaluation, admitted);
  if (patch === undefined) {
    // Only a Pod without the plugin's token volume is left alone: its token is off, or every
    // container already mounts something at the default path.
    const spec = admitted['spec'] as KubeObject;
    if (injectedVolume(admitted) && spec['automountServiceAccountToken'] !== false) differences.push('not mutated');
    return { mutated: false, compared: false, unmatched: undefined, differences };
  }
  const result = applyPatch(structuredClone(admitted), patch as Operation[], true, false).newDocument;
  const problems = checkPodSpec(result['spec'], chosen).map((problem) => problem.code);
  if (problems.length > 0) differences.push(`not hardened: ${problems.join(', ')}`);
  const widened = containersWithToken(result).filter((name) => !containersWithCredentials(admitted, chosen).includes(name));
  if (widened.length > 0) differences.push(`widened ${widened.join(', ')}`);
  // Wherever the token goes, the plugin's own mounts at the default path go: a mount the author did not write.
  const plugin = injectedVolume(admitted)?.['name'];
  const written = new Set(
    containersOf(pod).flatMap((container) => mountsOf(container).map((mount) => `${String(container['name'])} ${String(mount['name'])}`)),
  );
  const left = containersOf(result).filter((container) =>
    mountsOf(container).some(
      (mount) =>
        mount['name'] === plugin &&
        mount['mountPath'] === DEFAULT_MOUNT_PATH &&
        !written.has(`${String(container['name'])} ${String(plugin)}`),
    ),
  );
  if (left.length > 0)
    differences.push(`the plugin's token is left at the default path in ${left.map((container) => String(container['name'])).join(', ')}`);
  differences.push(...specDifferences(admitted, result, chosen));
  const expected = harden(JSON.stringify(pod), chosen);
  if (expected.errors.length > 0) {
    return { mutated: true, compared: false, unmatched: expected.errors.map((error) => error.code).join(', '), differences };
  }
  const hardened = decode(plainDocuments(expected.output)[0] as KubeObject);
  // The command is the reference only where its own output is hardened, and only for what the
  // Pod itself says: a `kube-api-access-*` volume copied into the manifest sits at the default
  // path, which a custom mount path leaves alone in the command, while the policy cannot tell it
  // from the plugin's and removes it.
  if (checkPodSpec(hardened['spec'], chosen).length > 0) {
    return { mutated: true, compared: false, unmatched: 'the command leaves it not hardened', differences };
  }
  // The plugin compares mount paths exactly, the command after dropping a trailing slash: where a
  // Pod hides the default path, written with one, under a volume without a token, they disagree
  // on whether the plugin added its token.
  const podVolumes = Array.isArray((pod['spec'] as KubeObject)['volumes']) ? ((pod['spec'] as KubeObject)['volumes'] as unknown[]) : [];
  const slashed = containersOf(pod).some((container) =>
    mountsOf(container).some(
      (mount) =>
        typeof mount['mountPath'] === 'string' &&
        mount['mountPath'] !== DEFAULT_MOUNT_PATH &&
        mount['mountPath'].replace(/\/+$/, '') === DEFAULT_MOUNT_PATH &&
        !mayHoldToken(podVolumes.find((volume) => isRecord(volume) && volume['name'] === mount['name'])),
    ),
  );
  if (slashed) return { mutated: true, compared: false, unmatched: 'the default path written with a trailing slash', differences };
  // When the plugin reused the Pod's own kube-api-access-* volume for mounts it added, what the
  // author wrote and what the plugin added cannot be told apart any more.
  if (reusedVolumes.has(admitted)) {
    return { mutated: true, compared: false, unmatched: 'the plugin reused a kube-api-access volume of the Pod', differences };
  }
  if (JSON.stringify(pod).includes('"kube-api-access-') && chosen.mountPath !== DEFAULT_MOUNT_PATH) {
    return { mutated: true, compared: false, unmatched: 'a copied kube-api-access volume off the chosen path', differences };
  }
  const difference = firstDifference(normalise(result), normalise(hardened));
  if (difference) differences.push(difference);
  return { mutated: true, compared: true, unmatched: undefined, differences };
}
