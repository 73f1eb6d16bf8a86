/** Parsing manifests: the fast reader for plain block YAML, the full parser for everything else. */
import { type Document, isAlias, parseAllDocuments, visit } from 'yaml';
import { type DocumentCache, parseDocumentFully, parseSimpleDocuments } from './fast-parse';
import { isJsonDocument, parseJsonDocument } from './json-parse';
import { isJsonStream, jsonStreamValues } from './kubectl-stream';
import { AliasLimitError, KUBERNETES_YAML_OPTIONS, MAX_ALIAS_COUNT } from './yaml-options';
import { plainValue } from './yaml-read';

export { AliasLimitError, KUBERNETES_YAML_OPTIONS, MAX_ALIAS_COUNT };

export type ParsedManifest = {
  readonly documents: Document.Parsed[];
};

/** Parses every document with the full parser; errors are collected on each document, never thrown. */
export function parseManifestFully(source: string): ParsedManifest {
  const documents = parseAllDocuments(source, KUBERNETES_YAML_OPTIONS);
  return { documents: Array.isArray(documents) ? documents : [] };
}

/**
/**
 * Parses every document: a fast reader when one can, the full parser otherwise (same nodes). A
 * stream of several JSON values (`{…}{…}`) is one document per value, as kubectl reads it. With a
 * cache (the page's), the documents whose text did not change since the last run are not read again.
 */
export function parseManifest(source: string, cache?: DocumentCache): ParsedManifest {
  const stream = jsonDocuments(source);
  if (stream) return { documents: stream };
  const json = /^[ \r\n]*[[{]/.test(source) ? parseJsonDocument(source) : undefined;
  if (json) return { documents: [json] };
  const documents = parseSimpleDocuments(source, cache);
  return documents ? { documents } : parseManifestFully(source);
}

/** The documents of a stream of several JSON values, each parsed on its own; undefined for anything else. */
function jsonDocuments(source: string): Document.Parsed[] | undefined {
  if (!isJsonStream(source)) return undefined;
  const values = jsonStreamValues(source);
  if (!('ranges' in values) || values.ranges.length < 2) return undefined;
  const documents = values.ranges.map(([start, end]) => parseDocumentFully(source, start, end));
  return documents.every((document) => document !== undefined) ? documents : undefined;
}

/** How one document reads as plain data, or why it cannot be read as kubectl reads it. */
export type DocumentReading =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: 'self-alias' | 'unknown-alias' | 'alias-limit'; readonly offset: number };

/**
 * The first alias kubectl refuses, and why: one that names a node containing it (`x: &a [*a]`:
 * "anchor 'a' value contains itself"; the `yaml` package would build a cycle), or one whose
 * anchor is not set before it in the same document ("unknown anchor 'a' referenced"; the `yaml`
 * package accepts the text and fails later).
 */
export function aliasProblem(document: Document.Parsed): { code: 'self-alias' | 'unknown-alias'; offset: number } | undefined {
  const latest = new Map<string, unknown>();
  let found: { code: 'self-alias' | 'unknown-alias'; offset: number } | undefined;
  visit(document, {
    Node(_, node, path) {
      if (isAlias(node)) {
        const target = latest.get(node.source);
        const offset = node.range?.[0] ?? 0;
        if (target === undefined) found = { code: 'unknown-alias', offset };
        else if (path.includes(target as never)) found = { code: 'self-alias', offset };
        if (found) return visit.BREAK;
      } else if (node.anchor) latest.set(node.anchor, node);
      return undefined;
    },
  });
  return found;
}

/**
 * Why kubectl would not read a document as the `yaml` package does, as far as aliases go, or
 * undefined. Only a document with a `*` in its text can hold an alias: the others cost nothing.
 */
export function aliasReadingProblem(document: Document.Parsed, source: string): DocumentReading | undefined {
  // JSON has no aliases (a `*` there is in a string).
  if (isJsonDocument(document)) return undefined;
  const range = document.range;
  if (!source.slice(range[0], range[2]).includes('*')) return undefined;
  const reading = readDocument(document);
  return reading.ok ? undefined : reading;
}

/**
 * Reads one document as plain data, merge keys applied in kubectl's order (the same reader the
 * hardening uses), refusing what kubectl would not read alike.
 */
export function readDocument(document: Document.Parsed): DocumentReading {
  const range = document.range;
  const problem = aliasProblem(document);
  if (problem) return { ok: false, ...problem };
  try {
    return { ok: true, value: document.contents === null ? null : plainValue(document.contents, document) };
  } catch (error) {
    // With self-references and unknown anchors ruled out, the only error left is the alias limit.
    if (!(error instanceof AliasLimitError)) throw error;
    return { ok: false, code: 'alias-limit', offset: firstAliasOffset(document) ?? range[0] };
  }
}

function firstAliasOffset(document: Document.Parsed): number | undefined {
  let found: number | undefined;
  visit(document, {
    Alias(_, node) {
      found = node.range?.[0];
      return visit.BREAK;
    },
  });
  return found;
}

/** A document's plain value (merge keys applied), or undefined when it cannot be read alike. */
export function toPlainValue(document: Document.Parsed): unknown {
  const reading = readDocument(document);
  return reading.ok ? reading.value : undefined;
}

/**
 * The plain value of every document in a manifest, read as kubectl reads it. Every output format
 * reads through here, on text `harden` accepted, so a document it refused never gets this far.
 */
export function plainDocuments(source: string): unknown[] {
  return parseManifest(source).documents.map(toPlainValue);
}
