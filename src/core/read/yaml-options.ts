/** Reading YAML the way kubectl, Helm and kustomize do (YAML 1.1 rules, SPEC §2.3). */
import type { Tags } from 'yaml';

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

/** Thrown by readers of parsed nodes when a value expands more aliases than `MAX_ALIAS_COUNT`. */
export class AliasLimitError extends Error {
  readonly code = 'alias-limit';
}
