/**
 * A fast reader for the plain block YAML that most manifests are written in. It builds the same
 * nodes (with the same source ranges and values) as the `yaml` package, several times faster.
 * A document with anything outside that subset — anchors, aliases, tags, block scalars, quoted
 * scalars over several lines, plain ones with a blank line or a comment inside, complex keys,
 * tabs, duplicate keys, errors — is read by the full parser, which also reports what is wrong.
 */
import { Document, isCollection, isNode, isPair, Pair, parseAllDocuments, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { KUBERNETES_YAML_OPTIONS } from './yaml-options';

class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported();
}

type ScalarTag = { test: RegExp; resolve: (source: string, onError: (message: string) => void, options: object) => unknown };

let scalarTagsCache: readonly ScalarTag[] | undefined;

/** The schema's tags that recognise plain scalars (null, bool, int, float), in the schema's order. */
function scalarTags(): readonly ScalarTag[] {
  scalarTagsCache ??= (new Document(null, KUBERNETES_YAML_OPTIONS).schema.tags as unknown as (ScalarTag & { default?: unknown })[]).filter(
    (tag) => tag.default === true && tag.test instanceof RegExp,
  );
  return scalarTagsCache;
}

const resolveOptions = new Document(null, KUBERNETES_YAML_OPTIONS).options;

/**
 * A first letter no tag of the schema's plain scalars starts with (YAML 1.1: booleans y, n, yes,
 * no, true, false, on, off; null; numbers, `e3` among them, and `.inf`): such a text is a string,
 * without trying every tag's pattern on it (most names and images start so).
 */
const STRING_START = /^[a-dg-mp-su-xzA-DG-MP-SU-XZ]/;

/** A plain scalar's node, its value resolved by the schema's tags as the full parser resolves it. */
export function plainScalar(text: string, start: number): Scalar {
  const tag = STRING_START.test(text) ? undefined : scalarTags().find((candidate) => candidate.test.test(text));
  const value = tag ? tag.resolve(text, unsupported, resolveOptions) : text;
  // Some tags (YAML 1.1 booleans) resolve to a node of their own, as in the full parser.
  const scalar = value instanceof Scalar ? value : new Scalar(value);
  scalar.type = Scalar.PLAIN;
  scalar.range = [start, start + text.length, start + text.length];
  return scalar;
}

function nullScalar(at: number): Scalar {
  const scalar = new Scalar(null);
  scalar.type = Scalar.PLAIN;
  scalar.range = [at, at, at];
  return scalar;
}

/** A quoted scalar starting at `start`; returns the node and the offset after the closing quote. */
function quotedScalar(line: string, start: number, base: number): [Scalar, number] {
  const quote = line[start];
  let index = start + 1;
  for (;;) {
    if (index >= line.length) unsupported();
    const char = line[index];
    if (quote === '"' && char === '\\') index += 2;
    else if (char === quote) {
      if (quote === "'" && line[index + 1] === "'") index += 2;
      else break;
    } else index += 1;
  }
  const inner = line.slice(start + 1, index);
  let value: string;
  if (quote === "'") value = inner.replace(/''/g, "'");
  else {
    if (/\\[^"\\/bfnrtu]/.test(inner) || [...inner].some((char) => char < ' ')) unsupported();
    value = JSON.parse(`"${inner}"`) as string;
  }
  const scalar = new Scalar(value);
  scalar.type = quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
  scalar.range = [base + start, base + index + 1, base + index + 1];
  return [scalar, index + 1];
}

function skipSpaces(line: string, index: number): number {
  while (line[index] === ' ') index += 1;
  return index;
}

/** After a value: only spaces, then nothing or a comment. */
function expectLineEnd(line: string, index: number): void {
  const next = skipSpaces(line, index);
  if (next < line.length && line[next] !== '#') unsupported();
  if (next < line.length && next === index) unsupported();
}

const FLOW_INDICATORS = new Set([',', '[', ']', '{', '}']);

/** A flow collection that opens and closes on one line. */
function flowCollection(line: string, start: number, base: number): [YAMLMap | YAMLSeq, number] {
  const isMap = line[start] === '{';
  const node = isMap ? new YAMLMap() : new YAMLSeq();
  node.flow = true;
  const close = isMap ? '}' : ']';
  let index = skipSpaces(line, start + 1);
  const keys = new Set<unknown>();
  while (line[index] !== close) {
    if (index >= line.length || line[index] === '#') unsupported();
    let key: Scalar | YAMLMap | YAMLSeq;
    [key, index] = flowValue(line, index, base);
    index = skipSpaces(line, index);
    if (isMap) {
      if (!(key instanceof Scalar) || line[index] !== ':' || keys.has(key.value)) unsupported();
      keys.add(key.value);
      index = skipSpaces(line, index + 1);
      let value: Scalar | YAMLMap | YAMLSeq;
      if (line[index] === ',' || line[index] === '}') value = nullScalar(base + index);
      else [value, index] = flowValue(line, index, base);
      (node as YAMLMap).items.push(new Pair(key, value));
    } else {
      if (line[index] === ':') unsupported();
      (node as YAMLSeq).items.push(key);
    }
    index = skipSpaces(line, index);
    if (line[index] === ',') index = skipSpaces(line, index + 1);
    else if (line[index] !== close) unsupported();
  }
  node.range = [base + start, base + index + 1, base + index + 1];
  return [node, index + 1];
}

function flowValue(line: string, start: number, base: number): [Scalar | YAMLMap | YAMLSeq, number] {
  const char = line[start] ?? '';
  if (char === '{' || char === '[') return flowCollection(line, start, base);
  if (char === '"' || char === "'") return quotedScalar(line, start, base);
  if (/[&*!|>%@`#?:-]/.test(char) || FLOW_INDICATORS.has(char)) {
    if (!(char === '-' && /[^\s,[\]{}]/.test(line[start + 1] ?? ''))) unsupported();
  }
  let end = start;
  while (
    end < line.length &&
    !FLOW_INDICATORS.has(line[end] ?? '') &&
    !(line[end] === ':' && /[\s,[\]{}]/.test(line[end + 1] ?? ' ')) &&
    !(line[end] === '#' && line[end - 1] === ' ')
  )
    end += 1;
  const text = line.slice(start, end).trimEnd();
  if (text === '') unsupported();
  return [plainScalar(text, base + start), start + text.length];
}

type Value = Scalar | YAMLMap | YAMLSeq;

/** A value after `key: ` or `- `: a scalar or one-line flow collection; undefined when empty. */
function inlineValue(line: string, start: number, base: number): Value | undefined {
  if (start >= line.length || line[start] === '#') return undefined;
  const char = line[start] ?? '';
  let node: Value;
  let end: number;
  if (char === '"' || char === "'") [node, end] = quotedScalar(line, start, base);
  else if (char === '{' || char === '[') [node, end] = flowCollection(line, start, base);
  else {
    if (/[&*!|>%@`,\]}?]/.test(char)) unsupported();
    if ((char === '-' || char === ':') && /\s/.test(line[start + 1] ?? ' ')) unsupported();
    const comment = line.indexOf(' #', start);
    const text = line.slice(start, comment === -1 ? line.length : comment).trimEnd();
    if (/: |:$/.test(text) || text.includes('\t')) unsupported();
    return plainScalar(text, base + start);
  }
  expectLineEnd(line, end);
  return node;
}

/** A mapping key at `start`, if the text there is `key:`; returns the key and the offset after the colon. */
function mappingKey(line: string, start: number, base: number): [Scalar, number] | undefined {
  const char = line[start] ?? '';
  if (char === '"' || char === "'") {
    const [key, end] = quotedScalar(line, start, base);
    const colon = skipSpaces(line, end);
    if (line[colon] !== ':' || !/^(\s|$)/.test(line.slice(colon + 1, colon + 2))) return undefined;
    return [key, colon + 1];
  }
  if (char === '{' || char === '[') return undefined;
  let colon = line.indexOf(':', start);
  while (colon !== -1 && colon + 1 < line.length && line[colon + 1] !== ' ') colon = line.indexOf(':', colon + 1);
  if (colon === -1) return undefined;
  const comment = line.indexOf(' #', start);
  if (comment !== -1 && comment < colon) return undefined;
  const text = line.slice(start, colon).trimEnd();
  if (text === '' || text === '<<' || /[&*!|>%@`?]/.test(char) || text.includes('\t') || /^[-:]\s/.test(text)) unsupported();
  if (/[[\]{},]/.test(char)) unsupported();
  return [plainScalar(text, base + start), colon + 1];
}

type MapFrame = { kind: 'map'; node: YAMLMap; indent: number; keys: Set<unknown>; pending: Pair | undefined };
type SeqFrame = { kind: 'seq'; node: YAMLSeq; indent: number; pending: boolean };
type Frame = MapFrame | SeqFrame;

/** Reads one document's lines into nodes. */
/**
 * A plain scalar that ended its line, which the next lines may continue (`args: a long` then
 * `  command`): the column they must stand right of, its text so far, and where it goes.
 */
type OpenPlain = { readonly indent: number; readonly start: number; text: string; readonly place: (node: Scalar) => void };

/** What a continuation line of a plain scalar may not hold: an indicator first, a comment, a key, a tab. */
const NOT_CONTINUATION = /^[#&*!|>'"%@`{}[\],?:-]| #|:( |$)|\t/;

class DocumentReader {
  root: YAMLMap | YAMLSeq | undefined;
  private readonly stack: Frame[] = [];
  private plain: OpenPlain | undefined;

  line(line: string, base: number): void {
    let indent = 0;
    while (line[indent] === ' ') indent += 1;
    if (line[indent] === '\t') unsupported();
    const plain = this.plain;
    this.plain = undefined;
    // A blank line inside a plain scalar folds into a line break, and a comment ends it: both are left to the full parser.
    if (indent === line.length || line[indent] === '#') return;
    if (plain && indent > plain.indent) {
      this.continuePlain(plain, line, indent, base);
      return;
    }
    while ((this.stack.at(-1)?.indent ?? -1) > indent) this.stack.pop();
    const isDash = line[indent] === '-' && (indent + 1 === line.length || line[indent + 1] === ' ');
    let top = this.stack.at(-1);
    if (!top) {
      if (this.root) unsupported();
      top = this.open(isDash, indent, base);
      this.root = top.node;
    } else if (top.indent === indent) {
      if (top.kind === 'seq' && !isDash) {
        this.stack.pop();
        top = this.stack.at(-1);
        if (top?.kind !== 'map' || top.indent !== indent) unsupported();
      } else if (top.kind === 'map' && isDash) {
        top = this.openUnder(top, true, indent, base);
      }
    } else {
      top = this.openUnder(top, isDash, indent, base);
    }
    if (top.kind === 'seq') this.item(top, line, indent, base);
    else this.pair(top, line, indent, base);
  }

  private open(isDash: boolean, indent: number, base: number): Frame {
    const frame: Frame = isDash
      ? { kind: 'seq', node: new YAMLSeq(), indent, pending: false }
      : { kind: 'map', node: new YAMLMap(), indent, keys: new Set(), pending: undefined };
    frame.node.range = [base + indent, base + indent, base + indent];
    this.stack.push(frame);
    return frame;
  }

  /** A collection that is the value of the pending key or item of `parent`. */
  private openUnder(parent: Frame, isDash: boolean, indent: number, base: number): Frame {
    const frame = this.open(isDash, indent, base);
    if (parent.kind === 'map') {
      if (!parent.pending) unsupported();
      parent.pending.value = frame.node;
      parent.pending = undefined;
    } else {
      if (!parent.pending || isDash) unsupported();
      parent.node.items[parent.node.items.length - 1] = frame.node;
      parent.pending = false;
    }
    return frame;
  }

  /** Folds a continuation line into the plain scalar before it, as the full parser does: one space between lines. */
  private continuePlain(plain: OpenPlain, line: string, indent: number, base: number): void {
    const text = line.slice(indent).replace(/ +$/, '');
    if (NOT_CONTINUATION.test(text)) unsupported();
    plain.text = `${plain.text} ${text}`;
    const scalar = plainScalar(plain.text, plain.start);
    const end = base + indent + text.length;
    scalar.range = [plain.start, end, end];
    plain.place(scalar);
    this.plain = plain;
  }

  /** Lets the next lines continue `value` when it is a plain scalar that ends its line (no comment after it). */
  private openPlain(value: Value | undefined, line: string, base: number, indent: number, place: (node: Scalar) => void): void {
    if (!(value instanceof Scalar) || value.type !== Scalar.PLAIN || !value.range) return;
    if (line.slice(value.range[1] - base).trim() !== '') return;
    this.plain = { indent, start: value.range[0], text: line.slice(value.range[0] - base, value.range[1] - base), place };
  }

  private item(frame: SeqFrame, line: string, indent: number, base: number): void {
    if (frame.pending) frame.pending = false;
    const start = skipSpaces(line, indent + 1);
    if (line[start] === '-' && /^-(\s|$)/.test(line.slice(start))) unsupported();
    const key = start < line.length && line[start] !== '#' ? mappingKey(line, start, base) : undefined;
    if (key) {
      const map = this.open(false, start, base) as MapFrame;
      frame.node.items.push(map.node);
      this.addPair(map, key, line, base);
      return;
    }
    const value = inlineValue(line, start, base);
    frame.node.items.push(value ?? nullScalar(base + start));
    frame.pending = value === undefined;
    const index = frame.node.items.length - 1;
    this.openPlain(value, line, base, frame.indent, (node) => (frame.node.items[index] = node));
  }

  private pair(frame: MapFrame, line: string, indent: number, base: number): void {
    const key = mappingKey(line, indent, base);
    if (!key) unsupported();
    this.addPair(frame, key, line, base);
  }

  private addPair(frame: MapFrame, [key, afterColon]: [Scalar, number], line: string, base: number): void {
    if (frame.keys.has(key.value)) unsupported();
    frame.keys.add(key.value);
    const start = skipSpaces(line, afterColon);
    const value = inlineValue(line, start, base);
    const pair = new Pair(key, value ?? nullScalar(base + start));
    frame.node.items.push(pair);
    frame.pending = value === undefined ? pair : undefined;
    this.openPlain(value, line, base, frame.indent, (node) => (pair.value = node));
  }
}

const fullyParsedDocuments = new WeakSet<Document.Parsed>();

/** Whether a document was read by the full parser rather than the fast reader. */
export function isFullyParsed(document: Document.Parsed): boolean {
  return fullyParsedDocuments.has(document);
}

/**
 * Moves every offset of a document (its nodes', its own, its problems') by `delta`. A plain walk,
 * not `visit` (which keeps a path for every node): the page moves every document after a keystroke.
 */
function shiftDocument(document: Document.Parsed, delta: number): void {
  const shift = (range: number[] | null | undefined): void => {
    if (range) for (let index = 0; index < range.length; index += 1) range[index] = (range[index] ?? 0) + delta;
  };
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isPair(node)) {
      pending.push(node.key, node.value);
      continue;
    }
    if (!isNode(node)) continue;
    shift(node.range);
    if (isCollection(node)) for (const item of node.items) pending.push(item);
  }
  shift(document.range);
  for (const problem of [...document.errors, ...document.warnings]) shift(problem.pos);
}

/** Parses one document's text with the full parser, with its offsets moved to where it stands. */
export function parseDocumentFully(source: string, start: number, end: number): Document.Parsed | undefined {
  const parsed = parseAllDocuments(source.slice(start, end), KUBERNETES_YAML_OPTIONS);
  if (!Array.isArray(parsed) || parsed.length !== 1) return undefined;
  const [document] = parsed as [Document.Parsed];
  shiftDocument(document, start);
  fullyParsedDocuments.add(document);
  return document;
}

/**
 * The documents read by the last run, by their text: a run reads again only the documents whose
 * text changed, and moves the others to where they stand now (the page's keystroke in a bundle).
 * Each run keeps what it used, so the cache holds one input's documents at most.
 */
export class DocumentCache {
  private previous = new Map<string, { document: Document.Parsed; start: number }[]>();
  private current = new Map<string, { document: Document.Parsed; start: number }[]>();

  /** A document the last run read from `text`, moved to `start`; each is handed out once. */
  take(text: string, start: number): Document.Parsed | undefined {
    const entry = this.previous.get(text)?.pop();
    if (!entry) return undefined;
    if (entry.start !== start) shiftDocument(entry.document, start - entry.start);
    return entry.document;
  }

  keep(text: string, start: number, document: Document.Parsed): void {
    const entries = this.current.get(text);
    if (entries) entries.push({ document, start });
    else this.current.set(text, [{ document, start }]);
  }

  /** Ends a run: what it kept is what the next one may take. */
  endRun(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

/** A document of a stream the fast reader takes: from its `---` line (when explicit) to the next one. */
type DocumentSpan = { readonly start: number; readonly end: number; readonly explicit: boolean };

function isSeparator(line: string): boolean {
  return line.startsWith('---') && (line.length === 3 || /^---\s/.test(line));
}

/**
 * Whether the document reader takes the line from `start` to `end` (its break excluded) as content
 * (or fails on it): not blank and not a comment. Read in place: every line of the page's bundle is
 * looked at on each keystroke.
 */
function isContentLine(source: string, start: number, end: number): boolean {
  let index = start;
  while (index < end && source.charCodeAt(index) === 0x20) index += 1;
  return source[index] === '\t' || (index < end && source[index] !== '#');
}

/** Each line from `offset` on, without its line break, and the offset where it starts. */
function* linesFrom(source: string, offset: number, end: number): Generator<[string, number]> {
  while (offset < end) {
    const newline = source.indexOf('\n', offset);
    const lineEnd = newline === -1 ? source.length : newline;
    yield [source.slice(offset, source[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd), offset];
    offset = lineEnd + 1;
  }
}

/**
 * Where each document starts and ends, or undefined when the stream as a whole needs the full
 * parser (directives, `...` markers, content on a `---` line). Comment lines before the first
 * `---` belong to no document, as with the full parser.
 */
function documentSpans(source: string): DocumentSpan[] | undefined {
  const spans: DocumentSpan[] = [];
  let start = 0;
  let explicit = false;
  let hasContent = false;
  for (let offset = 0; offset < source.length;) {
    const newline = source.indexOf('\n', offset);
    const lineEnd = newline === -1 ? source.length : newline;
    const end = source[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    if (source.startsWith('---', offset) && isSeparator(source.slice(offset, end))) {
      const rest = source.slice(offset + 3, end).trim();
      if (rest !== '' && !rest.startsWith('#')) return undefined;
      if (hasContent || explicit) spans.push({ start, end: offset, explicit });
      start = offset;
      explicit = true;
      hasContent = false;
    } else if (source.startsWith('...', offset) || source.startsWith('%', offset)) return undefined;
    else if (!hasContent && isContentLine(source, offset, end)) hasContent = true;
    offset = lineEnd + 1;
  }
  if (hasContent || explicit || spans.length === 0) spans.push({ start, end: source.length, explicit });
  return spans;
}

/** Reads one document: with the fast reader, or with the full parser when it needs it (undefined: the whole stream does). */
function readDocument(source: string, span: DocumentSpan): Document.Parsed | undefined {
  const reader = new DocumentReader();
  const contentStart = span.explicit ? lineEndAfterSeparator(source, span.start) : span.start;
  try {
    for (const [line, offset] of linesFrom(source, contentStart, span.end)) reader.line(line, offset);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    // This document needs the full parser; the others keep the fast path.
    return parseDocumentFully(source, span.start, span.end);
  }
  const document = new Document(null, KUBERNETES_YAML_OPTIONS) as Document.Parsed;
  // An explicit document with no content holds an empty (null) scalar, as the full parser gives.
  const empty = span.explicit ? nullScalar(Math.min(span.start + 3, source.length)) : null;
  document.contents = (reader.root ?? empty) as Document.Parsed['contents'];
  document.range = [span.start, span.end, span.end];
  return document;
}

function lineEndAfterSeparator(source: string, start: number): number {
  const newline = source.indexOf('\n', start);
  return newline === -1 ? source.length : newline + 1;
}

/** The text each document of a stream was read from, from its `---` line to the next. */
const documentSpansRead = new WeakMap<Document.Parsed, { readonly start: number; readonly end: number }>();

/**
 * Where the text a document was read from starts and ends, when it was read on its own (the
 * documents of a stream the whole of which the full parser read have none).
 */
export function documentSpanOf(document: Document.Parsed): { readonly start: number; readonly end: number } | undefined {
  return documentSpansRead.get(document);
}

/**
 * Reads a manifest: documents in the plain block subset of YAML with the fast reader, others with
 * the full parser. Returns undefined when the stream as a whole needs the full parser
 * (directives, `...` markers, content on a `---` line, a byte-order mark). With a cache, only
 * the documents whose text it does not hold are read.
 */
export function parseSimpleDocuments(source: string, cache?: DocumentCache): Document.Parsed[] | undefined {
  if (source.startsWith('\uFEFF') || source.endsWith('\r')) return undefined;
  const spans = documentSpans(source);
  if (!spans) return undefined;
  const documents: Document.Parsed[] = [];
  try {
    for (const span of spans) {
      const text = cache ? source.slice(span.start, span.end) : '';
      const document = cache?.take(text, span.start) ?? readDocument(source, span);
      if (!document) return undefined;
      cache?.keep(text, span.start, document);
      documentSpansRead.set(document, { start: span.start, end: span.end });
      documents.push(document);
    }
  } finally {
    cache?.endRun();
  }
  return documents;
}
