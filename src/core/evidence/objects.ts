/** Kubernetes objects as plain values: Lists flattened, and their names, namespaces and labels read safely. */
import { isListKind } from '../harden/pod-spec-paths';
import { isRecord } from '../read/yaml-read';

/** One Kubernetes object read as plain data (a YAML mapping or a JSON object). */
export type KubeObject = Readonly<Record<string, unknown>>;

/** An object and where it sits: its document, and its place in a List (`items[3].`, empty at the top). */
export type PlacedObject = { readonly object: KubeObject; readonly document: number; readonly path: string };

/** How deep Lists may nest inside Lists; kubectl prints one level. */
const MAX_LIST_DEPTH = 8;

/** A non-empty string, or undefined. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The items of an array, or none. */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Every Kubernetes object (a mapping with a string `kind` and `apiVersion`) in the documents, the
 * items of any `*List` in their place instead of the List itself.
 */
export function flattenObjects(documents: readonly unknown[]): PlacedObject[] {
  return documents.flatMap((value, document) => [...documentObjects(value, document)]);
}

/**
 * The objects of one document, as flattenObjects places them. `items`, when given, stand for the
 * items of a root List that are read one at a time (a cluster dump's, never all held at once).
 */
export function* documentObjects(value: unknown, document: number, items?: Iterable<unknown>): Generator<PlacedObject> {
  function* visit(
    value: unknown,
    path: string,
    depth: number,
    listItems?: Iterable<unknown>,
    origin?: ListOrigin,
  ): Generator<PlacedObject> {
    const object = origin !== undefined ? withOrigin(value, origin) : value;
    if (!isKubeObject(object)) return;
    const kind = object['kind'] as string;
    if (isListKind(kind) && Array.isArray(object['items'])) {
      if (depth >= MAX_LIST_DEPTH) return;
      // A `PodList`'s bare items are Pods, as kubectl and hardening read them; a `List`'s name no kind.
      const itemOrigin = kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), apiVersion: object['apiVersion'] as string };
      let index = 0;
      for (const item of listItems ?? listOf(object['items']))
        yield* visit(item, `${path}items[${index++}].`, depth + 1, undefined, itemOrigin);
      return;
    }
    yield { object, document, path };
  }
  yield* visit(value, '', 0, items);
}

/** What a typed List gives its items that name neither a kind nor an apiVersion. */
type ListOrigin = { readonly kind: string; readonly apiVersion: string };

function withOrigin(value: unknown, origin: ListOrigin): unknown {
  if (!isRecord(value) || value['kind'] !== undefined || value['apiVersion'] !== undefined) return value;
  return { ...value, kind: origin.kind, apiVersion: origin.apiVersion };
}

/** Whether a value is a Kubernetes object: a mapping with a string `kind` and `apiVersion`. */
export function isKubeObject(value: unknown): value is KubeObject {
  return isRecord(value) && typeof value['kind'] === 'string' && typeof value['apiVersion'] === 'string';
}

function metadataOf(object: KubeObject): Readonly<Record<string, unknown>> {
  const metadata = object['metadata'];
  return isRecord(metadata) ? metadata : {};
}

/** `metadata.name`, else `metadata.generateName`, else undefined. */
export function nameOf(object: KubeObject): string | undefined {
  const metadata = metadataOf(object);
  return textOf(metadata['name']) ?? textOf(metadata['generateName']);
}

/** `metadata.namespace`, or undefined when the object does not say. */
export function namespaceOf(object: KubeObject): string | undefined {
  return textOf(metadataOf(object)['namespace']);
}

/** The string-valued labels (or annotations) of an object. */
export function stringMapOf(object: KubeObject, field: 'labels' | 'annotations'): Readonly<Record<string, string>> {
  const map = metadataOf(object)[field];
  if (!isRecord(map)) return {};
  return Object.fromEntries(Object.entries(map).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Whether two namespaces may be the same: equal, or one of them unknown (an input applied with `-n`). */
export function isSameNamespace(left: string | undefined, right: string | undefined): boolean {
  return left === undefined || right === undefined || left === right;
}
