/** Parsing manifests: the fast reader for plain block YAML, the full parser for everything else. */
import { type Document, parseAllDocuments } from 'yaml';
import { parseSimpleDocuments } from './fast-parse';
import { KUBERNETES_YAML_OPTIONS } from './yaml-options';

export { KUBERNETES_YAML_OPTIONS };

/** How many aliases one document may expand before we call it an alias bomb. */
export const MAX_ALIAS_COUNT = 1000;

export type ParsedManifest = {
  readonly documents: Document.Parsed[];
};

/** Parses every document with the full parser; errors are collected on each document, never thrown. */
export function parseManifestFully(source: string): ParsedManifest {
  const documents = parseAllDocuments(source, KUBERNETES_YAML_OPTIONS);
  return { documents: Array.isArray(documents) ? documents : [] };
}

/** Parses every document: the fast reader when it can, the full parser otherwise (same nodes). */
export function parseManifest(source: string): ParsedManifest {
  const documents = parseSimpleDocuments(source);
  return documents ? { documents } : parseManifestFully(source);
}

/** A document's plain value (merge keys applied), or undefined when it expands too far. */
export function toPlainValue(document: Document.Parsed): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}

/** The plain value of every document in a manifest, read as kubectl reads it. */
export function plainDocuments(source: string): unknown[] {
  return parseManifest(source).documents.map(toPlainValue);
}
