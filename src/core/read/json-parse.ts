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
  return { value: JSON.parse(source.slice(node.range[0], node.range[1])) as unknown };
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

class JsonReader {
  private index = 0;

  constructor(private readonly source: string) {}

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

  private mapping(depth: number): YAMLMap {
    if (depth > MAX_DEPTH) notJson();
    const map = new YAMLMap();
    map.flow = true;
    const start = this.index;
    this.index += 1;
    this.skipSpace();
    const keys = new Set<string>();
    if (this.source[this.index] !== '}') {
      for (;;) {
        if (this.source[this.index] !== '"') notJson();
        const key = this.string();
        if (keys.has(key.value as string)) notJson();
        keys.add(key.value as string);
        this.skipSpace();
        if (this.source[this.index] !== ':') notJson();
        this.index += 1;
        this.skipSpace();
        map.items.push(new Pair(key, this.value(depth)));
        this.skipSpace();
        if (this.source[this.index] === ',') {
          this.index += 1;
          this.skipSpace();
        } else if (this.source[this.index] === '}') break;
        else notJson();
      }
    }
    this.index += 1;
    map.range = [start, this.index, this.index];
    return map;
  }

  private sequence(depth: number): YAMLSeq {
    if (depth > MAX_DEPTH) notJson();
    const seq = new YAMLSeq();
    seq.flow = true;
    const start = this.index;
    this.index += 1;
    this.skipSpace();
    if (this.source[this.index] !== ']') {
      for (;;) {
        seq.items.push(this.value(depth));
        this.skipSpace();
        if (this.source[this.index] === ',') {
          this.index += 1;
          this.skipSpace();
        } else if (this.source[this.index] === ']') break;
        else notJson();
      }
    }
    this.index += 1;
    seq.range = [start, this.index, this.index];
    return seq;
  }

  private string(): Scalar {
    const source = this.source;
    const start = this.index;
    let index = start + 1;
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
    index += 1;
    let value: string;
    if (!escaped) value = source.slice(start + 1, index - 1);
    else {
      try {
        value = JSON.parse(source.slice(start, index)) as string;
      } catch {
        notJson();
      }
    }
    this.index = index;
    const scalar = new Scalar(value);
    scalar.type = Scalar.QUOTE_DOUBLE;
    scalar.range = [start, index, index];
    return scalar;
  }

  /** A number, `true`, `false` or `null`, resolved by the schema's own tags as the YAML parser resolves it. */
  private plain(): Scalar {
    const start = this.index;
    let end: number;
    if (this.source.startsWith('true', start) || this.source.startsWith('null', start)) end = start + 4;
    else if (this.source.startsWith('false', start)) end = start + 5;
    else {
      NUMBER.lastIndex = start;
      if (!NUMBER.test(this.source)) notJson();
      end = NUMBER.lastIndex;
    }
    this.index = end;
    return plainScalar(this.source.slice(start, end), start);
  }
}

/**
 * Reads a manifest that is one JSON object or array, or returns undefined when the text is not
 * JSON that this reader takes (the other readers then read it).
 */
export function parseJsonDocument(source: string): Document.Parsed | undefined {
  let contents: Value;
  try {
    contents = new JsonReader(source).document();
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
