/** The projected token volume and its mount: what the API server itself would inject (SPEC §2.2). */
import { formatFileMode, type HardenOptions, normaliseMountPath } from './options';
import type { KeyComment } from '../edit/render';
import { isRecord } from '../read/yaml-read';

/**
 * The volume and mount for each options object, made once and frozen: the pods of a cluster dump
 * all get the same, which their changes hold as values (read, never changed).
 */
const made = new WeakMap<HardenOptions, { readonly volume: Record<string, unknown>; readonly mount: Record<string, unknown> }>();

function madeFor(options: HardenOptions): { readonly volume: Record<string, unknown>; readonly mount: Record<string, unknown> } {
  let entry = made.get(options);
  if (entry === undefined) {
    entry = { volume: deepFreeze(newTokenVolume(options)), mount: deepFreeze(newTokenMount(options)) };
    made.set(options, entry);
  }
  return entry;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The volume, in the key order the API server writes it (frozen: copy it to change it). */
export function tokenVolume(options: HardenOptions): Record<string, unknown> {
  return madeFor(options).volume;
}

function newTokenVolume(options: HardenOptions): Record<string, unknown> {
  const serviceAccountToken = {
    ...(options.audience === undefined ? {} : { audience: options.audience }),
    expirationSeconds: options.expirationSeconds,
    path: 'token',
  };
  return {
    name: options.volumeName,
    projected: {
      defaultMode: options.defaultMode,
      sources: [
        { serviceAccountToken },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/** The read-only mount every selected container gets (frozen). */
export function tokenMount(options: HardenOptions): Record<string, unknown> {
  return madeFor(options).mount;
}

function newTokenMount(options: HardenOptions): Record<string, unknown> {
  return { mountPath: options.mountPath, name: options.volumeName, readOnly: true };
}

/** `defaultMode: 292 # 0444`: decimal for every reader, octal for the human. */
export function modeComments(options: HardenOptions): KeyComment[] {
  return [{ key: 'defaultMode', comment: formatFileMode(options.defaultMode) }];
}

/** Whether a mount sits at the token mount path (a trailing slash does not matter). */
export function isAtMountPath(mount: unknown, options: Pick<HardenOptions, 'mountPath'>): boolean {
  return (
    isRecord(mount) &&
    typeof mount['mountPath'] === 'string' &&
    normaliseMountPath(mount['mountPath']) === normaliseMountPath(options.mountPath)
  );
}

/** Whether a mount is exactly the one we write (a trailing slash on the path allowed). */
export function isTokenMount(mount: unknown, options: HardenOptions): boolean {
  if (!isRecord(mount) || !isAtMountPath(mount, options)) return false;
  const keys = Object.keys(mount).sort().join(',');
  return keys === 'mountPath,name,readOnly' && mount['name'] === options.volumeName && mount['readOnly'] === true;
}

/** Whether a volume projects a ServiceAccount token (ours, a copied `kube-api-access-*`, ...). */
export function isTokenVolume(volume: unknown): boolean {
  if (!isRecord(volume) || !isRecord(volume['projected'])) return false;
  const sources = volume['projected']['sources'];
  return Array.isArray(sources) && sources.some((source) => isRecord(source) && 'serviceAccountToken' in source);
}

/** Whether a volume is a legacy ServiceAccount token Secret (`default-token-abcde`). */
export function isLegacyTokenSecret(volume: unknown): boolean {
  if (!isRecord(volume) || !isRecord(volume['secret'])) return false;
  const secretName = volume['secret']['secretName'];
  return typeof secretName === 'string' && /-token-[a-z0-9]{5}$/.test(secretName);
}
