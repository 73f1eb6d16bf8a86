/**
 * The `kustomize` output format (SPEC §3): strategic-merge patches, one YAML document per changed
 * object, that make `kustomize build` produce the hardened objects from the original file.
 *
 * How kustomize (kyaml, v5) applies them, which shapes every rule below (checked with
 * `kubectl kustomize`, see kustomize.test.ts):
 * - It knows the schema of built-in kinds at their current apiVersions only. There, lists with a
 *   merge key (containers by `name`, volumeMounts by `mountPath`, …) merge entry by entry and
 *   `$patch: delete` removes one entry; every other list is replaced whole.
 * - For custom resources (Rollout, CloneSet, JobSet, ScaledJob, …) and retired apiVersions
 *   (`extensions/v1beta1`), every list is replaced whole and `$patch` keys would be copied
 *   verbatim: their patches carry complete lists.
 * - Merged entries named in a patch come first, in patch order, before untouched ones; so a patch
 *   names unchanged entries too (key only) where that keeps the order (init containers run in order).
 * - `null` deletes a field; `$setElementOrder` is not supported.
 * - A `List` (any `*List` with `items`) is read as its items.
 */
import { Document, parseDocument, visit } from 'yaml';
import { canonicalJson, cloneJson, hasOwnKey, isJsonEqual, isJsonObject, type JsonObject, setMember } from './json-values';

/** `apiVersion/kind` of the kinds whose schema kustomize carries, among those we harden. */
const KINDS_WITH_SCHEMA = new Set([
  'v1/Pod',
  'v1/PodTemplate',
  'v1/ReplicationController',
  'v1/ServiceAccount',
  'apps/v1/Deployment',
  'apps/v1/ReplicaSet',
  'apps/v1/StatefulSet',
  'apps/v1/DaemonSet',
  'batch/v1/Job',
  'batch/v1/CronJob',
  'batch/v1beta1/CronJob',
]);

/** The patch merge keys of the Kubernetes schema for the lists inside those kinds. */
const LIST_MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  secrets: 'name',
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  ownerReferences: 'uid',
};

/** Fields a volume mount patch always states, so a mount moved to another volume reads whole. */
const VOLUME_MOUNT_STATED_FIELDS = ['name', 'readOnly'] as const;

type ObjectIdentity = { readonly apiVersion: string; readonly kind: string; readonly name: string; readonly namespace: string | undefined };

/** The objects kustomize would read from these documents: `*List` items instead of the list. */
function collectObjects(values: readonly unknown[], into: JsonObject[] = []): JsonObject[] {
  for (const value of values) {
    if (!isJsonObject(value)) continue;
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) collectObjects(value.items, into);
    else into.push(value);
  }
  return into;
}

function identityOf(object: JsonObject): ObjectIdentity | undefined {
  const { apiVersion, kind, metadata } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !isJsonObject(metadata)) return undefined;
  const { name, namespace } = metadata;
  if (typeof name !== 'string' || name === '') return undefined;
  return { apiVersion, kind, name, namespace: typeof namespace === 'string' && namespace !== '' ? namespace : undefined };
}

function describeIdentity(identity: ObjectIdentity): string {
  return identity.namespace === undefined ? `${identity.kind}/${identity.name}` : `${identity.kind}/${identity.namespace}/${identity.name}`;
}

function identityKey(identity: ObjectIdentity): string {
  return JSON.stringify([identity.apiVersion, identity.kind, identity.namespace ?? '', identity.name]);
}

function mergeKeyValue(item: unknown, mergeKey: string): string | undefined {
  if (!isJsonObject(item)) return undefined;
  const value = item[mergeKey];
  return typeof value === 'string' || typeof value === 'number' ? canonicalJson(value) : undefined;
}

/** The merge key of every entry, or undefined when one lacks it or two share it. */
function keysOfEntries(list: readonly unknown[], mergeKey: string): string[] | undefined {
  const keys = list.map((item) => mergeKeyValue(item, mergeKey));
  const present = keys.filter((key): key is string => key !== undefined);
  return present.length === keys.length && new Set(present).size === present.length ? present : undefined;
}

/**
 * A keyed list as a patch: `$patch: delete` for removed entries, the changed fields (with the
 * key) for changed ones, whole new entries, and unchanged entries by key alone as far as needed
 * for kustomize to keep the hardened order.
 */
function patchKeyedList(before: readonly unknown[], after: readonly unknown[], field: string, mergeKey: string): unknown[] {
  const beforeKeys = keysOfEntries(before, mergeKey);
  const afterKeys = keysOfEntries(after, mergeKey);
  if (!beforeKeys || !afterKeys) return [{ $patch: 'replace' }, ...cloneJson(after)];
  const beforeByKey = new Map(beforeKeys.map((key, index) => [key, before[index]]));
  const afterKeySet = new Set(afterKeys);
  const deletions = before
    .filter((_, index) => !afterKeySet.has(beforeKeys[index] ?? ''))
    .map((item) => ({ [mergeKey]: isJsonObject(item) ? item[mergeKey] : undefined, $patch: 'delete' }));
  let lastTouched = -1;
  const entries = after.map((item, index) => {
    const previous = beforeByKey.get(afterKeys[index] ?? '');
    const entry = item as JsonObject;
    if (previous === undefined) {
      lastTouched = index;
      return cloneJson(entry);
    }
    if (isJsonEqual(previous, entry)) return { [mergeKey]: entry[mergeKey] };
    lastTouched = index;
    const changed: JsonObject = { [mergeKey]: entry[mergeKey], ...patchMap(previous as JsonObject, entry) };
    if (field === 'volumeMounts') {
      for (const stated of VOLUME_MOUNT_STATED_FIELDS) if (hasOwnKey(entry, stated)) changed[stated] = cloneJson(entry[stated]);
    }
    return changed;
  });
  // Entries after the last touched one may be left out when kustomize, which appends entries the
  // patch does not name in their original order, puts them back in the hardened order anyway.
  const untouchedTail = afterKeys.slice(lastTouched + 1);
  const tailSet = new Set(untouchedTail);
  const tailInOriginalOrder = beforeKeys.filter((key) => tailSet.has(key));
  const keepsOrder = tailInOriginalOrder.every((key, index) => key === untouchedTail[index]);
  return [...deletions, ...(keepsOrder ? entries.slice(0, lastTouched + 1) : entries)];
}

function patchValue(before: unknown, after: unknown, field: string, hasSchema: boolean): unknown {
  if (isJsonObject(before) && isJsonObject(after)) return patchMap(before, after, hasSchema);
  if (Array.isArray(before) && Array.isArray(after)) {
    const mergeKey = hasSchema ? LIST_MERGE_KEYS[field] : undefined;
    return mergeKey === undefined ? cloneJson(after) : patchKeyedList(before, after, field, mergeKey);
  }
  return cloneJson(after);
}

/** The fields of `after` that differ from `before`; a removed field is `null`, which deletes it. */
function patchMap(before: JsonObject, after: JsonObject, hasSchema = true): JsonObject {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(after)) {
    if (!hasOwnKey(before, key)) setMember(patch, key, cloneJson(value));
    else if (!isJsonEqual(before[key], value)) setMember(patch, key, patchValue(before[key], value, key, hasSchema));
  }
  for (const key of Object.keys(before)) if (!hasOwnKey(after, key)) setMember(patch, key, null);
  return patch;
}

/** The patch for one changed object: its identity, then what changed. */
function patchObject(before: JsonObject, after: JsonObject, identity: ObjectIdentity): JsonObject {
  const hasSchema = KINDS_WITH_SCHEMA.has(`${identity.apiVersion}/${identity.kind}`);
  // The identity never changes (objects are matched by it), so the patch states it once, first.
  const changes = patchMap(before, after, hasSchema);
  const metadata: JsonObject = { name: identity.name };
  if (identity.namespace !== undefined) metadata.namespace = identity.namespace;
  if (isJsonObject(changes.metadata)) for (const [key, value] of Object.entries(changes.metadata)) setMember(metadata, key, value);
  const patch: JsonObject = { apiVersion: identity.apiVersion, kind: identity.kind, metadata };
  for (const [key, value] of Object.entries(changes)) if (!hasOwnKey(patch, key)) setMember(patch, key, value);
  return patch;
}

/** Whether a YAML 1.1 or a YAML 1.2 reader would take this plain text for something else than a string. */
function isAmbiguousPlainString(value: string): boolean {
  if (value.length > 64 || value.includes('\n')) return false;
  return (['1.1', '1.2'] as const).some((version) => {
    const document = parseDocument(value, { version });
    return document.errors.length > 0 || document.toJS() !== value;
  });
}

/**
 * YAML that every reader (kustomize's, YAML 1.1 and 1.2 ones) reads back the same: strings such
 * as `yes`, `0444` or `0o444` are quoted.
 */
function stringifyForEveryReader(value: unknown): string {
  const document = new Document(value, { version: '1.1' });
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && isAmbiguousPlainString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString({ lineWidth: 0 });
}

type PatchSet = { readonly patches: readonly string[]; readonly notes: readonly string[] };

function buildPatchSet(inputObjects: readonly unknown[], outputObjects: readonly unknown[]): PatchSet {
  const notes: string[] = [];
  const inputsByKey = new Map<string, JsonObject[]>();
  for (const object of collectObjects(inputObjects)) {
    const identity = identityOf(object);
    if (!identity) continue;
    const key = identityKey(identity);
    inputsByKey.set(key, [...(inputsByKey.get(key) ?? []), object]);
  }
  const patches: string[] = [];
  for (const object of collectObjects(outputObjects)) {
    const identity = identityOf(object);
    if (!identity) {
      const kind = typeof object.kind === 'string' ? object.kind : 'object';
      notes.push(`A ${kind} without apiVersion, kind or metadata.name cannot be patched by kustomize; it is left out.`);
      continue;
    }
    const original = inputsByKey.get(identityKey(identity))?.shift();
    if (original === undefined) {
      notes.push(
        `${describeIdentity(identity)} is new in the hardened output: add it to the kustomization's resources (a patch cannot create it).`,
      );
      continue;
    }
    if (!isJsonEqual(original, object)) patches.push(stringifyForEveryReader(patchObject(original, object, identity)));
  }
  return { patches, notes };
}

/**
 * Strategic-merge patches, one YAML document per changed object, for `patches:` in a
 * kustomization beside the original file; '' when nothing changed. Objects a patch cannot reach
 * (no name, or new in the output) are listed in comments above the first patch.
 */
export function kustomizePatches(inputObjects: readonly unknown[], outputObjects: readonly unknown[]): string {
  const { patches, notes } = buildPatchSet(inputObjects, outputObjects);
  // A patch file of comments only makes kustomize fail, so notes never come alone: see kustomizeNotes.
  if (patches.length === 0) return '';
  return notes.map((note) => `# ${note}\n`).join('') + patches.join('---\n');
}

/** What the patches cannot do (objects without a name, objects new in the output), in plain sentences. */
export function kustomizeNotes(inputObjects: readonly unknown[], outputObjects: readonly unknown[]): string[] {
  return [...buildPatchSet(inputObjects, outputObjects).notes];
}
