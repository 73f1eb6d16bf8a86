/**
 * A reader for JSON manifests (`kubectl get -o json`): it builds the same nodes, with the same
 * source ranges and values, as the `yaml` package builds for the same text, in one pass and
 * without the concrete syntax tree the YAML parser makes first (most of the time and memory a
 * cluster dump took). Text that is not strict JSON, or that the YAML parser could read otherwise
 * (a tab, a lone carriage return, a duplicate key), is left to the other readers, which also
 * report what is wrong.
 */
import { Document, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { plainScalar } from './fast-parse';
import { KUBERNETES_YAML_OPTIONS } from './yaml-options';

class NotJson extends Error {}

function notJson(): never {
  throw new NotJson();
}

/** Deeper than this, the full parser answers (and the input's nesting check refuses it first). */
const MAX_DEPTH = 1000;

type Value = Scalar | YAMLMap | YAMLSeq;

/** The documents this reader read, with their text. */
const jsonSources = new WeakMap<Document.Parsed, string>();

/** Whether a document was read by this reader: JSON text, with no anchors, aliases, tags or comments. */
export function isJsonDocument(document: Document.Parsed | undefined): boolean {
  return document !== undefined && jsonSources.has(document);
}

/**
 * The plain value of a node of a document this reader read: its JSON text read by `JSON.parse`,
 * which gives what the YAML nodes' `toJS` gives, many times faster. Undefined for other documents.
 */
export function jsonNodeValue(node: Node, document: Document.Parsed): { value: unknown } | undefined {
  const source = jsonSources.get(document);
  if (source === undefined || !node.range) return undefined;
  const text = source.slice(node.range[0], node.range[1]);
  // Numbers that kubectl reads otherwise than JavaScript (`-0` is 0, `1e400` is text): the nodes say.
  if (MAY_READ_OTHERWISE.test(text) && NUMBER_READ_OTHERWISE.test(text)) return { value: node.toJS(document) as unknown };
  return { value: JSON.parse(text) as unknown };
}

/** What NUMBER_READ_OTHERWISE needs somewhere in the text: most texts have neither, and this is quicker to look for. */
const MAY_READ_OTHERWISE = /-0|[eE][-+]?[0-9]{3}/;

/** A `-0` (in any spelling) or an exponent of three digits, as a JSON number rather than inside a string. */
const NUMBER_READ_OTHERWISE = /(?:^|[:,[])\s*(?:-0(?:\.0*)?(?:[eE][-+]?[0-9]+)?\s*(?:[,\]}]|$)|-?[0-9.]+[eE][-+]?[0-9]{3})/;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

/** The items of a root `items` array read lazily: where each stands in the text, and, once asked for, their nodes. */
type LazyItems = { readonly source: string; readonly starts: number[]; readonly ends: number[]; nodes: Value[] | undefined };

const lazyItems = new WeakMap<YAMLSeq, LazyItems>();

/** What `entries` does with the keys of a mapping: make their nodes, check that none repeats. */
type KeyReading = { readonly nodes: boolean; readonly unique: boolean };
/** Checking the text: keys unique, no nodes. */
const CHECK_KEYS: KeyReading = { nodes: false, unique: true };
/** Reading it: nodes, keys unique. */
const READ_KEYS: KeyReading = { nodes: true, unique: true };
/** Reading text already checked. */
const READ_CHECKED_KEYS: KeyReading = { nodes: true, unique: false };

class JsonReader {
  private index = 0;
  /** The value of the last string stringEnd went over, when it holds escapes. */
  private decoded: string | undefined;

  /**
   * `lazyItems`: the elements of the root object's `items` array are checked but not built; a
   * consumer reads them one at a time (`eachItem`), and anything that reads the sequence's own
   * `items` gets them all built, so no reader sees less than the text holds.
   */
  constructor(
    private readonly source: string,
    private readonly lazy = false,
  ) {}

  /** The whole text as one value with only line breaks and spaces around it. */
  document(): Value {
    this.skipSpace();
    const char = this.source[this.index];
    if (char !== '{' && char !== '[') notJson();
    const value = this.value(0);
    this.skipSpace();
    if (this.index !== this.source.length) notJson();
    return value;
  }

  /** The value at `start`, as nodes (an item of a lazily read `items`, already checked). */
  valueAt(start: number, depth: number): Value {
    this.index = start;
    return this.value(depth);
  }

  /** As valueAt, its collections built only when first read (shallowValue). */
  shallowValueAt(start: number, depth: number): Value {
    this.index = start;
    return this.shallowValue(depth);
  }

  /**
   * The value at the reader's position, in text already checked, a collection as a node whose
   * entries are built when first read (and theirs in turn): most of a cluster dump's pod (its
   * status, labels, ports…) is never looked at. Read, the nodes are those `value` builds.
   */
  private shallowValue(depth: number): Value {
    const char = this.source[this.index];
    if (char !== '{' && char !== '[') return char === '"' ? this.string() : this.plain();
    const source = this.source;
    const start = this.index;
    this.index = collectionEnd(source, start);
    const node = char === '{' ? new ShallowMap() : new ShallowSeq();
    node.flow = true;
    node.range = [start, this.index, this.index];
    buildLater(node, () => new JsonReader(source).shallowEntries(start, depth + 1, char === '{'));
    return node;
  }

  /** The entries of the collection at `start`, each value shallow. */
  private shallowEntries(start: number, depth: number, keyed: boolean): (Pair | Value)[] {
    this.index = start;
    const entries: (Pair | Value)[] = [];
    this.entries(
      depth,
      keyed ? '}' : ']',
      keyed,
      (key) => {
        const value = this.shallowValue(depth);
        entries.push(key ? new Pair(key, value) : value);
      },
      READ_CHECKED_KEYS,
    );
    return entries;
  }

  /** Spaces and line breaks; a tab or a carriage return without a line feed is left to the YAML parser. */
  private skipSpace(): void {
    const source = this.source;
    for (;;) {
      const char = source.charCodeAt(this.index);
      if (char === 0x20 || char === 0x0a) this.index += 1;
      else if (char === 0x0d && source.charCodeAt(this.index + 1) === 0x0a) this.index += 2;
      else return;
    }
  }

  private value(depth: number): Value {
    const char = this.source[this.index];
    if (char === '{') return this.mapping(depth + 1);
    if (char === '[') return this.sequence(depth + 1);
    if (char === '"') return this.string();
    return this.plain();
  }

  /** Checks the value at the reader's position as `value` would read it, without building nodes. */
  private skipValue(depth: number): void {
    const char = this.source[this.index];
    if (char === '{') this.entries(depth + 1, '}', true, () => this.skipValue(depth + 1), CHECK_KEYS);
    else if (char === '[') this.entries(depth + 1, ']', false, () => this.skipValue(depth + 1));
    else if (char === '"') this.index = this.stringEnd();
    else this.index = this.plainEnd();
  }

  /**
   * The entries of a mapping (`key: value`, keys unique) or a sequence, each read by `entry`
   * (given the key's node for a mapping, when `keys` says to make them), between their brackets,
   * with spaces and commas as JSON has them.
   */
  private entries(
    depth: number,
    close: '}' | ']',
    keyed: boolean,
    entry: (key: Scalar | undefined) => void,
    keys: KeyReading = READ_KEYS,
  ): void {
    if (depth > MAX_DEPTH) notJson();
    this.index += 1;
    this.skipSpace();
    if (this.source[this.index] === close) {
      this.index += 1;
      return;
    }
    const seen = keyed && keys.unique ? new Set<string>() : undefined;
    for (;;) {
      let key: Scalar | undefined;
      if (keyed) {
        if (this.source[this.index] !== '"') notJson();
        const start = this.index;
        const end = this.stringEnd();
        const text = this.decoded ?? this.source.slice(start + 1, end - 1);
        if (seen?.has(text)) notJson();
        seen?.add(text);
        this.index = end;
        if (keys.nodes) key = quotedScalar(text, start, end);
        this.skipSpace();
        if (this.source[this.index] !== ':') notJson();
        this.index += 1;
        this.skipSpace();
      }
      entry(key);
      this.skipSpace();
      if (this.source[this.index] === ',') {
        this.index += 1;
        this.skipSpace();
      } else if (this.source[this.index] === close) break;
      else notJson();
    }
    this.index += 1;
  }

  private mapping(depth: number): YAMLMap {
    const map = new YAMLMap();
    map.flow = true;
    const start = this.index;
    this.entries(depth, '}', true, (key) => {
      const isRootItems = this.lazy && depth === 1 && key?.value === 'items' && this.source[this.index] === '[';
      map.items.push(new Pair(key, isRootItems ? this.lazySequence(depth) : this.value(depth)));
    });
    map.range = [start, this.index, this.index];
    return map;
  }

  private sequence(depth: number): YAMLSeq {
    const seq = new YAMLSeq();
    seq.flow = true;
    const start = this.index;
    this.entries(depth, ']', false, () => seq.items.push(this.value(depth)));
    seq.range = [start, this.index, this.index];
    return seq;
  }

  /** The root object's `items`: each element checked and its place noted, none built (see the constructor). */
  private lazySequence(parentDepth: number): YAMLSeq {
    const seq = new YAMLSeq();
    seq.flow = true;
    const start = this.index;
    const depth = parentDepth + 1;
    const items: LazyItems = { source: this.source, starts: [], ends: [], nodes: undefined };
    this.entries(depth, ']', false, () => {
      items.starts.push(this.index);
      this.skipValue(depth);
      items.ends.push(this.index);
    });
    seq.range = [start, this.index, this.index];
    lazyItems.set(seq, items);
    const build = (index: number): Value => new JsonReader(this.source).valueAt(items.starts[index] ?? 0, depth);
    Object.defineProperty(seq, 'items', {
      configurable: true,
      enumerable: true,
      get: () => (items.nodes ??= items.starts.map((_, index) => build(index))),
      set: (nodes: Value[]) => {
        items.nodes = nodes;
      },
    });
    return seq;
  }

  /** Where the quoted string at the reader's position ends; its value goes to `decoded` when it holds escapes. */
  private stringEnd(): number {
    const source = this.source;
    let index = this.index + 1;
    let escaped = false;
    for (;;) {
      const char = source.charCodeAt(index);
      if (char === 0x22) break;
      if (Number.isNaN(char) || char < 0x20) notJson();
      if (char === 0x5c) {
        escaped = true;
        index += 2;
      } else index += 1;
    }
    const end = index + 1;
    // Escapes are read (and checked) by JSON.parse, for a skipped string too: it must be a valid one.
    this.decoded = escaped ? this.decode(this.index, end) : undefined;
    return end;
  }

  private decode(start: number, end: number): string {
    try {
      return JSON.parse(this.source.slice(start, end)) as string;
    } catch {
      notJson();
    }
  }

  private string(): Scalar {
    const start = this.index;
    const end = this.stringEnd();
    this.index = end;
    return quotedScalar(this.decoded ?? this.source.slice(start + 1, end - 1), start, end);
  }

  /** Where the number, `true`, `false` or `null` at the reader's position ends. */
  private plainEnd(): number {
    const start = this.index;
    if (this.source.startsWith('true', start) || this.source.startsWith('null', start)) return start + 4;
    if (this.source.startsWith('false', start)) return start + 5;
    NUMBER.lastIndex = start;
    if (!NUMBER.test(this.source)) notJson();
    return NUMBER.lastIndex;
  }

  /** A number, `true`, `false` or `null`, resolved by the schema's own tags as the YAML parser resolves it. */
  private plain(): Scalar {
    const start = this.index;
    const end = this.plainEnd();
    this.index = end;
    return plainScalar(this.source.slice(start, end), start);
  }
}

/** The node of a string from `start` to `end` (its quotes included), whose value is `value`. */
function quotedScalar(value: string, start: number, end: number): Scalar {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  scalar.range = [start, end, end];
  return scalar;
}

/** What collectionEnd stops at: brackets and quotes (found by the regular expression engine, faster than a loop). */
const STRUCTURE = /["[\]{}]/g;

/** Where the collection opening at `start` ends, in text already checked: brackets counted outside strings. */
function collectionEnd(source: string, start: number): number {
  let depth = 0;
  STRUCTURE.lastIndex = start;
  while (STRUCTURE.test(source)) {
    const index = STRUCTURE.lastIndex - 1;
    const code = source.charCodeAt(index);
    if (code === 0x22) STRUCTURE.lastIndex = closingQuote(source, index) + 1;
    else if (code === 0x7b || code === 0x5b) depth += 1;
    else if (--depth === 0) return index + 1;
  }
  return source.length;
}

/** The quote that closes the string opening at `open`: the next one that no backslash escapes. */
function closingQuote(source: string, open: number): number {
  let quote = source.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (source.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    quote = source.indexOf('"', quote + 1);
  }
  return source.length;
}

/** A shallow collection's entries once built (or set), and until then how to build them. */
const ENTRIES = Symbol('entries');
const BUILD = Symbol('build');

type Shallow = { [ENTRIES]?: unknown[] | undefined; [BUILD]?: (() => unknown[]) | undefined };

/** Collections whose `items` are built when first read (JsonReader.shallowValue); anything else they do is their base's. */
class ShallowMap extends YAMLMap {}
class ShallowSeq extends YAMLSeq {}

// On the prototypes: the base constructors' `this.items = []` goes through the setter.
for (const shallow of [ShallowMap, ShallowSeq]) {
  Object.defineProperty(shallow.prototype, 'items', {
    configurable: true,
    enumerable: true,
    get(this: Shallow): unknown[] {
      if (this[ENTRIES] === undefined) {
        this[ENTRIES] = this[BUILD]?.() ?? [];
        this[BUILD] = undefined;
      }
      return this[ENTRIES];
    },
    set(this: Shallow, items: unknown[]): void {
      this[ENTRIES] = items;
      this[BUILD] = undefined;
    },
  });
}

function buildLater(node: YAMLMap | YAMLSeq, build: () => unknown[]): void {
  const shallow = node as Shallow;
  shallow[ENTRIES] = undefined;
  shallow[BUILD] = build;
}

/**
 * Calls `each` with every item of a sequence, in order. The items of a root `items` read lazily
 * are built one at a time, shallow (JsonReader.shallowValue), and left to the collector after
 * `each` (a cluster dump's pods are never all in memory as nodes), and those whose text `wanted`
 * refuses are not built at all.
 */
export function eachItem(seq: YAMLSeq, each: (item: unknown, index: number) => void, wanted?: (text: string) => boolean): void {
  const lazy = lazyItems.get(seq);
  if (!lazy || lazy.nodes) {
    seq.items.forEach((item, index) => each(item, index));
    return;
  }
  const reader = new JsonReader(lazy.source);
  for (let index = 0; index < lazy.starts.length; index += 1) {
    const start = lazy.starts[index] ?? 0;
    if (wanted && !wanted(lazy.source.slice(start, lazy.ends[index]))) continue;
    each(reader.shallowValueAt(start, 2), index);
  }
}

/** Whether a sequence's items are read lazily, one at a time (`eachItem`), none kept. */
export function hasLazyItems(seq: YAMLSeq): boolean {
  return lazyItems.get(seq)?.nodes === undefined && lazyItems.has(seq);
}

/** Whether the document's root `items` were read lazily and not built yet. */
function unbuiltItems(document: Document.Parsed): { pair: Pair; seq: YAMLSeq; lazy: LazyItems } | undefined {
  const root = document.contents;
  if (!(root instanceof YAMLMap)) return undefined;
  for (const pair of root.items) {
    const seq = pair.value;
    const lazy = seq instanceof YAMLSeq ? lazyItems.get(seq) : undefined;
    if (seq instanceof YAMLSeq && lazy && !lazy.nodes) return { pair, seq, lazy };
  }
  return undefined;
}

/**
 * A document whose root `items` are read lazily and not built, as plain values (what `JSON.parse`
 * reads): the root with `items` empty, and the items one at a time, so that no reader holds them
 * all at once. Undefined for any other document.
 */
export function lazyPlainValue(document: Document.Parsed): { root: unknown; items: Iterable<unknown> } | undefined {
  const unbuilt = unbuiltItems(document);
  const range = unbuilt?.seq.range;
  if (!unbuilt || !range) return undefined;
  const { source, starts, ends } = unbuilt.lazy;
  function* items(): Generator<unknown> {
    for (let index = 0; index < starts.length; index += 1) yield JSON.parse(source.slice(starts[index], ends[index])) as unknown;
  }
  return { root: JSON.parse(`${source.slice(0, range[0])}[]${source.slice(range[1])}`) as unknown, items: items() };
}

/** Builds every item a lazily read document holds, for a reader that needs them all at once. */
export function buildItems(document: Document.Parsed): void {
  void unbuiltItems(document)?.seq.items;
}

function countPairs(node: unknown): number {
  if (node instanceof YAMLMap) return node.items.reduce((sum, pair) => sum + 1 + countPairs(pair.value), 0);
  if (node instanceof YAMLSeq) return node.items.reduce((sum: number, item) => sum + countPairs(item), 0);
  return 0;
}

/**
 * What a document's style is read from (edit/render.ts, detectDocumentStyle): the document, or
 * for lazily read items the same root with only the last items built, as many as hold `pairs`
 * key/value pairs. The style's sample takes the last items first and stops after `pairs` of them,
 * so it reads the same nodes either way.
 */
export function styleSample(document: Document.Parsed, pairs: number): Document.Parsed {
  const unbuilt = unbuiltItems(document);
  const root = document.contents;
  if (!unbuilt || !(root instanceof YAMLMap)) return document;
  const { lazy } = unbuilt;
  const reader = new JsonReader(lazy.source);
  const tail: Value[] = [];
  let sampled = 0;
  for (let index = lazy.starts.length - 1; index >= 0 && sampled < pairs; index -= 1) {
    const item = reader.valueAt(lazy.starts[index] ?? 0, 2);
    sampled += countPairs(item);
    tail.unshift(item);
  }
  const seq = new YAMLSeq();
  seq.flow = true;
  seq.range = unbuilt.seq.range ?? null;
  seq.items = tail;
  const sample = new YAMLMap();
  sample.flow = true;
  sample.range = root.range ?? null;
  sample.items = root.items.map((pair) => (pair === unbuilt.pair ? new Pair(pair.key, seq) : pair));
  // The document as it is, but for its contents.
  const sampleDocument = Object.create(document) as Document.Parsed;
  sampleDocument.contents = sample as Document.Parsed['contents'];
  return sampleDocument;
}

/**
 * Reads a manifest that is one JSON object or array, or returns undefined when the text is not
 * JSON that this reader takes (the other readers then read it). With `lazyItems`, the elements of
 * the root object's `items` are checked but built only when read (`eachItem`).
 */
export function parseJsonDocument(source: string, options: { lazyItems?: boolean } = {}): Document.Parsed | undefined {
  let contents: Value;
  try {
    contents = new JsonReader(source, options.lazyItems).document();
  } catch (error) {
    if (error instanceof NotJson) return undefined;
    throw error;
  }
  const document = new Document(null, KUBERNETES_YAML_OPTIONS) as Document.Parsed;
  document.contents = contents as Document.Parsed['contents'];
  document.range = [0, source.length, source.length];
  jsonSources.set(document, source);
  return document;
}
