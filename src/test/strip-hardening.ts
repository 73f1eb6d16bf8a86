/**
 * Undoes what hardening is allowed to change in a plain object, so that the rest can be
 * compared with the input: "the parsed output minus the hardening equals the parsed input".
 */
import { type HardenOptions, normaliseMountPath } from '../core/options';
import { POD_SPEC_LOCATIONS, isListKind } from '../core/pod-spec-paths';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTokenVolume(volume: unknown): boolean {
  if (!isRecord(volume)) return false;
  const projected = volume['projected'];
  const sources = isRecord(projected) ? projected['sources'] : undefined;
  return Array.isArray(sources) && sources.some((source) => isRecord(source) && 'serviceAccountToken' in source);
}

function isLegacyTokenSecret(volume: unknown): boolean {
  return isRecord(volume) && isRecord(volume['secret']) && /-token-[a-z0-9]{5}$/.test(String(volume['secret']['secretName']));
}

/** Removes the fields hardening writes from a pod spec (in place). */
function stripPodSpec(spec: Json, options: HardenOptions): void {
  delete spec['automountServiceAccountToken'];
  delete spec['serviceAccountName'];
  delete spec['serviceAccount'];
  const atPath = (mount: unknown): boolean =>
    isRecord(mount) &&
    (normaliseMountPath(String(mount['mountPath'])) === normaliseMountPath(options.mountPath) || mount['name'] === options.volumeName);
  const replacedVolumes = new Set<string>();
  for (const field of ['initContainers', 'containers']) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) {
      if (!isRecord(container) || !Array.isArray(container['volumeMounts'])) continue;
      const mounts = container['volumeMounts'] as unknown[];
      for (const mount of mounts) if (atPath(mount) && isRecord(mount)) replacedVolumes.add(String(mount['name']));
      const kept = mounts.filter((mount) => !atPath(mount));
      if (kept.length > 0) container['volumeMounts'] = kept;
      else delete container['volumeMounts'];
    }
  }
  if (Array.isArray(spec['volumes'])) {
    const kept = (spec['volumes'] as unknown[]).filter((volume) => {
      if (!isRecord(volume)) return true;
      const name = String(volume['name']);
      if (name === options.volumeName) return false;
      return !(replacedVolumes.has(name) && (isTokenVolume(volume) || isLegacyTokenSecret(volume)));
    });
    if (kept.length > 0) spec['volumes'] = kept;
    else delete spec['volumes'];
  }
}

/** The pod specs an object of a known kind holds (`Pod.spec`, `Deployment.spec.template.spec`, ...). */
export function podSpecsOf(object: Json): Json[] {
  const location = POD_SPEC_LOCATIONS[String(object['kind'])];
  if (!location) return [];
  let nodes: unknown[] = [object];
  for (const step of location.template) {
    nodes =
      step === '[]'
        ? nodes.flatMap((node) => (Array.isArray(node) ? node : []))
        : nodes.map((node) => (isRecord(node) ? node[step] : undefined));
  }
  return nodes.flatMap((template) => (isRecord(template) && isRecord(template['spec']) ? [template['spec']] : []));
}

/** A deep copy of a parsed document with every hardening edit undone (volumes we removed are dropped too). */
export function stripHardening(value: unknown, options: HardenOptions): unknown {
  const copy = structuredClone(value);
  const visit = (object: unknown): void => {
    if (!isRecord(object)) return;
    const kind = String(object['kind']);
    if (isListKind(kind) && Array.isArray(object['items'])) (object['items'] as unknown[]).forEach(visit);
    if (kind === 'ServiceAccount') delete object['automountServiceAccountToken'];
    for (const spec of podSpecsOf(object)) stripPodSpec(spec, options);
  };
  visit(copy);
  return copy;
}
