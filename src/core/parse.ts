/** Reading YAML the way kubectl, Helm and kustomize do (YAML 1.1 rules, SPEC §2.3). */
import { type Document, LineCounter, parseAllDocuments, type Tags } from 'yaml';

/** YAML 1.1 minus timestamps and base-60 numbers, which Kubernetes' readers do not apply. */
function withoutTimestampsAndSexagesimal(tags: Tags): Tags {
  return tags.filter((tag) => {
    const { tag: name, format } = tag as { tag?: string; format?: string };
    return name !== 'tag:yaml.org,2002:timestamp' && format !== 'TIME';
  });
}

/** Parse options shared by every reader in the project, so all agree on what a value means. */
export const KUBERNETES_YAML_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  customTags: withoutTimestampsAndSexagesimal,
  prettyErrors: false,
  // Problems are returned to the caller, never printed.
  logLevel: 'error',
} as const;

/** How many aliases one document may expand before we call it an alias bomb. */
export const MAX_ALIAS_COUNT = 1000;

export type ParsedManifest = {
  readonly documents: Document.Parsed[];
  readonly lineCounter: LineCounter;
};

/** Parses every document of a manifest; errors are collected on each document, never thrown. */
export function parseManifest(source: string): ParsedManifest {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(source, { ...KUBERNETES_YAML_OPTIONS, lineCounter });
  return { documents: Array.isArray(documents) ? documents : [], lineCounter };
}

/** A document's plain value (merge keys applied), or undefined when it expands too far. */
export function toPlainValue(document: Document.Parsed): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}
