/** Reading YAML the way kubectl, Helm and kustomize do (YAML 1.1 rules, SPEC §2.3). */
import type { Tags } from 'yaml';

/** Go's float syntax as go-yaml checks it, after dropping underscores (`yamlStyleFloat`). */
const GO_YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What Go's `strconv.ParseInt(text, 0, 64)` reads: a base prefix, or a leading 0 for octal. */
const GO_INTEGER = /^([-+]?)(?:0([xX])([0-9a-fA-F]+)|0([oO])([0-7]+)|0([bB])([01]+)|(0[0-7]*)|([1-9][0-9]*))$/;
/** A float that starts with a dot, as `strconv.ParseFloat` reads it (underscores only between digits). */
const GO_DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

/**
 * A plain scalar's number as go-yaml (kubectl, Helm) reads it, or undefined when it reads text.
 * Text that starts with a digit or a sign loses its underscores and is read with Go's strconv:
 * `0o17`, `0X1F`, `0B101`, `+_1` and `1e1_0` are numbers, `e5` and `1e400` (out of range) are
 * text; one that starts with a dot must be a float (`.5`), `.inf` and `.nan` aside.
 */
export function goYamlNumber(text: string): number | undefined {
  const first = text[0] ?? '';
  let value: number | undefined;
  if (first === '.') {
    if (GO_DOT_FLOAT.test(text)) value = Number(text.replace(/_/g, ''));
  } else if (/[-+0-9]/.test(first)) {
    const plain = text.replace(/_/g, '');
    const integer = GO_INTEGER.exec(plain);
    if (integer) {
      const [, sign, , hex, , octal, , binary, leadingZero, decimal] = integer;
      const magnitude =
        hex !== undefined
          ? parseInt(hex, 16)
          : octal !== undefined
            ? parseInt(octal, 8)
            : binary !== undefined
              ? parseInt(binary, 2)
              : leadingZero !== undefined
                ? parseInt(leadingZero, 8)
                : Number(decimal);
      value = sign === '-' ? -magnitude : magnitude;
    } else if (GO_YAML_FLOAT.test(plain)) value = Number(plain);
  }
  if (value === undefined || !Number.isFinite(value)) return undefined;
  // Kubernetes reads whole numbers as integers: -0 and -0.0 are 0.
  return Object.is(value, -0) ? 0 : value;
}

/**
 * Numbers as go-yaml reads them, in place of YAML 1.1's int and float tags (`.inf` and `.nan`
 * kept): the two part ways on `0o17`, `e5`, `1e400`, `+_1` and more (checked with kubectl 1.32).
 */
const GO_YAML_NUMBER = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  // The parser asks a tag's `test` whether it reads a text; Go's rules are no regular expression.
  test: Object.assign(/^[-+.0-9]/, { test: (text: string) => goYamlNumber(text) !== undefined }),
  resolve: (text: string): number => goYamlNumber(text) ?? Number.NaN,
  // Reading only: what the tool writes is rendered by its own rules.
  identify: () => false,
};

/** `!!int 0x10`: an explicitly tagged integer, read by the same rules. */
const GO_YAML_TAGGED_INT = {
  tag: 'tag:yaml.org,2002:int',
  default: false,
  resolve: GO_YAML_NUMBER.resolve,
  identify: GO_YAML_NUMBER.identify,
};

function isYaml11Number(tag: unknown): boolean {
  const { tag: name, test } = tag as { tag?: string; test?: RegExp };
  if (name === 'tag:yaml.org,2002:int') return true;
  return name === 'tag:yaml.org,2002:float' && !(test?.test('.inf') ?? false);
}

/** YAML 1.1 minus timestamps and base-60 numbers, which Kubernetes' readers do not apply, with go-yaml's numbers. */
function kubernetesTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => {
    const { tag: name, format } = tag as { tag?: string; format?: string };
    return name !== 'tag:yaml.org,2002:timestamp' && format !== 'TIME';
  });
  const others = kept.filter((tag) => !isYaml11Number(tag));
  others.splice(kept.findIndex(isYaml11Number), 0, GO_YAML_NUMBER, GO_YAML_TAGGED_INT);
  return others;
}

/** Parse options shared by every reader in the project, so all agree on what a value means. */
export const KUBERNETES_YAML_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  customTags: kubernetesTags,
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
