/** The `json-patch` output format (SPEC §3): RFC 6902 operations from each input document to its hardened form. */
import { canonicalJson, cloneJson, hasOwnKey, isJsonEqual, isJsonObject, type JsonObject } from './json-values';
import { createIdTable, diffSequences, editRegions } from '../sequence-diff';

/** One RFC 6902 operation; only the three a transform from `before` to `after` needs. */
export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown };

/** Fields that name a list entry in Kubernetes (pod spec lists merge by these). */
const IDENTITY_FIELDS = ['name', 'mountPath'] as const;

/** Escapes one reference token of a JSON Pointer (RFC 6901): `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Whether two differing array items are the same thing changed (diffed field by field) rather
 * than one thing put in the place of another (replaced whole): a volume mount that now points
 * to another volume is a new mount, a container with one more mount is the same container.
 */
function isSameEntity(before: unknown, after: unknown): boolean {
  if (Array.isArray(before) && Array.isArray(after)) return true;
  if (!isJsonObject(before) || !isJsonObject(after)) return false;
  for (const field of IDENTITY_FIELDS) {
    if (hasOwnKey(before, field) || hasOwnKey(after, field)) return isJsonEqual(before[field], after[field]);
  }
  return true;
}

function diffObjects(before: JsonObject, after: JsonObject, path: string, operations: JsonPatchOperation[]): void {
  for (const key of Object.keys(before)) {
    if (!hasOwnKey(after, key)) operations.push({ op: 'remove', path: `${path}/${escapePointerToken(key)}` });
  }
  for (const key of Object.keys(after)) {
    const childPath = `${path}/${escapePointerToken(key)}`;
    if (hasOwnKey(before, key)) diffValues(before[key], after[key], childPath, operations);
    else operations.push({ op: 'add', path: childPath, value: cloneJson(after[key]) });
  }
}

/**
 * Arrays are aligned on their longest common run of equal items (Myers). In each differing
 * stretch, deleted and inserted items pair up in order and are diffed in place; the rest are
 * removed (highest index first, so earlier indices stay valid) and then added (lowest index
 * first, so each lands where it belongs; `/-` when it goes at the end).
 */
function diffArrays(before: readonly unknown[], after: readonly unknown[], path: string, operations: JsonPatchOperation[]): void {
  const idOf = createIdTable<string>();
  const beforeIds = Int32Array.from(before, (item) => idOf(canonicalJson(item)));
  const afterIds = Int32Array.from(after, (item) => idOf(canonicalJson(item)));
  const removed = new Set<number>();
  const added: number[] = [];
  const paired: [beforeIndex: number, afterIndex: number][] = [];
  for (const region of editRegions(diffSequences(beforeIds, afterIds))) {
    const pairCount = Math.min(region.beforeEnd - region.beforeStart, region.afterEnd - region.afterStart);
    for (let offset = 0; offset < pairCount; offset++) paired.push([region.beforeStart + offset, region.afterStart + offset]);
    for (let index = region.beforeStart + pairCount; index < region.beforeEnd; index++) removed.add(index);
    for (let index = region.afterStart + pairCount; index < region.afterEnd; index++) added.push(index);
  }
  for (const index of [...removed].sort((left, right) => right - left)) operations.push({ op: 'remove', path: `${path}/${index}` });
  // After the removals, an item's index is its old index minus the removed items before it.
  const removedAscending = [...removed].sort((left, right) => left - right);
  let removedCount = 0;
  for (const [beforeIndex, afterIndex] of paired) {
    while (removedCount < removedAscending.length && (removedAscending[removedCount] ?? 0) < beforeIndex) removedCount++;
    const itemPath = `${path}/${beforeIndex - removedCount}`;
    const beforeItem = before[beforeIndex];
    const afterItem = after[afterIndex];
    if (isSameEntity(beforeItem, afterItem)) diffValues(beforeItem, afterItem, itemPath, operations);
    else operations.push({ op: 'replace', path: itemPath, value: cloneJson(afterItem) });
  }
  let length = before.length - removed.size;
  for (const index of added) {
    operations.push({ op: 'add', path: index === length ? `${path}/-` : `${path}/${index}`, value: cloneJson(after[index]) });
    length++;
  }
}

function diffValues(before: unknown, after: unknown, path: string, operations: JsonPatchOperation[]): void {
  if (isJsonEqual(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after)) diffArrays(before, after, path, operations);
  else if (isJsonObject(before) && isJsonObject(after)) diffObjects(before, after, path, operations);
  else operations.push({ op: 'replace', path, value: cloneJson(after) });
}

/** RFC 6902 operations that turn the JSON value `before` into `after` (empty when they are equal). */
export function jsonPatchFor(before: unknown, after: unknown): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  diffValues(before, after, '', operations);
  return operations;
}

/**
 * One operation list per document, in document order. A hardened output with more documents
 * than the input (an emitted ServiceAccount) gets, for each extra document, a list that creates
 * it from an empty document (`null`).
 */
export function jsonPatchesFor(inputDocuments: readonly unknown[], outputDocuments: readonly unknown[]): JsonPatchOperation[][] {
  const count = Math.max(inputDocuments.length, outputDocuments.length);
  return Array.from({ length: count }, (_, index) =>
    index < inputDocuments.length
      ? jsonPatchFor(inputDocuments[index], outputDocuments[index] ?? null)
      : jsonPatchFor(null, outputDocuments[index]),
  );
}
