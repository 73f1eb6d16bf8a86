/**
 * Documents as kubectl cuts them (issue 22, 1 and 9): `---` lines, byte-order marks, `...`,
 * directives and streams of JSON values. Every case is checked against kubectl's own reading
 * where kubectl is installed: what the tool refuses, kubectl refuses or reads otherwise than YAML;
 * what it accepts, it reads as kubectl does.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readWithKubectl, hasKubectl } from '../../test/kubectl';
import { harden } from '../harden/harden';
import { DEFAULT_OPTIONS } from '../harden/options';
import { isJsonStream, jsonStreamValues, streamProblem } from './kubectl-stream';
import { KUBERNETES_YAML_OPTIONS, plainDocuments } from './parse';

const CONFIG_MAP = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx\n';
const POD_JSON = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}';

const HEX_JSON = POD_JSON.replace('"p"}', '"p"},"x":0x258');
const SIGNED_JSON = POD_JSON.replace('"p"}', '"p"},"x":+600');

/** What the `yaml` package alone reads, documents as plain values (the reading the tool must not trust here). */
function yamlReading(text: string): unknown[] {
  return parseAllDocuments(text, KUBERNETES_YAML_OPTIONS)
    .map((document) => document.toJS() as unknown)
    .filter((value) => value !== null);
}

/** Objects compared as values, keys sorted, without the annotation kubectl was asked to add. */
function comparable(objects: readonly unknown[]): string[] {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value).filter(([key]) => key !== 'annotations');
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, sorted(item)]));
  };
  return objects.map((object) => JSON.stringify(sorted(object)));
}

/** Refused inputs: the code, where (line, column), and whether kubectl refuses them too (else it reads other documents than YAML). */
const REFUSED: readonly [string, string, string, { line: number; col: number }, 'refuses' | 'reads otherwise'][] = [
  [
    'a pod behind `---#:`, a key to YAML',
    `${CONFIG_MAP('a')}---#:\n  ${POD.replace(/\n(?=.)/g, '\n  ')}`,
    'document-separator',
    { line: 5, col: 1 },
    'reads otherwise',
  ],
  ['`---#` alone', `${CONFIG_MAP('a')}---#\n${CONFIG_MAP('b')}`, 'document-separator', { line: 5, col: 1 }, 'reads otherwise'],
  ['content after `---`', `${CONFIG_MAP('a')}--- x\n${CONFIG_MAP('b')}`, 'document-separator', { line: 5, col: 5 }, 'refuses'],
  ['`----`', `${CONFIG_MAP('a')}----\n${CONFIG_MAP('b')}`, 'document-separator', { line: 5, col: 4 }, 'refuses'],
  ['a block scalar on the `---` line', `--- |\n  text\n`, 'document-separator', { line: 1, col: 5 }, 'refuses'],
  [
    'a byte-order mark opening a later document',
    `${CONFIG_MAP('a')}---\n\uFEFF${POD}`,
    'byte-order-mark',
    { line: 6, col: 1 },
    'reads otherwise',
  ],
  [
    'a document after `...` without `---`',
    `${CONFIG_MAP('a')}...\n${POD}`,
    'content-after-document-end',
    { line: 6, col: 1 },
    'reads otherwise',
  ],
  ['a `%YAML 1.1` directive', `%YAML 1.1\n---\n${POD}`, 'yaml-directive', { line: 1, col: 1 }, 'refuses'],
  ['a `%YAML 1.2` directive', `%YAML 1.2\n---\n${POD}`, 'yaml-directive', { line: 1, col: 1 }, 'refuses'],
  ['a `%TAG` directive', `%TAG !e! tag:example.com,2000:\n---\n${POD}`, 'yaml-directive', { line: 1, col: 1 }, 'refuses'],
  // YAML reads the next document as YAML 1.2 (`yes` is text), kubectl as YAML 1.1 (`yes` is true).
  [
    'a directive after `...`',
    `${CONFIG_MAP('a')}...\n%YAML 1.2\n---\n${CONFIG_MAP('b')}data:\n  enabled: yes\n`,
    'yaml-directive',
    { line: 6, col: 1 },
    'reads otherwise',
  ],
  [
    'a flow mapping first (JSON to kubectl)',
    `{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n`,
    'invalid-json',
    { line: 1, col: 2 },
    'refuses',
  ],
  ['JSON with a hexadecimal number', HEX_JSON, 'invalid-json', { line: 1, col: HEX_JSON.indexOf('0x258') + 2 }, 'refuses'],
  ['JSON with a comment after it', `${POD_JSON}\n# done\n`, 'invalid-json', { line: 2, col: 1 }, 'refuses'],
  ['JSON then YAML', `${POD_JSON}\n---\n${CONFIG_MAP('a')}`, 'invalid-json', { line: 2, col: 1 }, 'refuses'],
  ['JSON with `+600`', SIGNED_JSON, 'invalid-json', { line: 1, col: SIGNED_JSON.indexOf('+600') + 1 }, 'refuses'],
];

describe('documents as kubectl cuts them', () => {
  it.each(REFUSED)('refuses %s, with its position', (_, text, code, start) => {
    const { errors, output } = harden(text, DEFAULT_OPTIONS);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe(code);
    expect(errors[0]?.start).toEqual(start);
    expect(output).toBe(text);
  });

  it('says, for a JSON error, what was expected', () => {
    expect(streamProblem(POD_JSON.replace('"p"}', '"p"},"x":0x258'))?.message).toContain('a decimal number was expected, not "x"');
    expect(streamProblem('{apiVersion: v1}')?.message).toContain('a key in double quotes was expected');
  });

  it.each([
    ['`--- # comment`', `${CONFIG_MAP('a')}--- # comment\n${CONFIG_MAP('b')}`, 2],
    ['`---` with a tab after it', `${CONFIG_MAP('a')}---\t\n${CONFIG_MAP('b')}`, 2],
    ['CRLF line endings', `${CONFIG_MAP('a')}---\n${CONFIG_MAP('b')}`.replace(/\n/g, '\r\n'), 2],
    ['`...` then `---`', `${CONFIG_MAP('a')}...\n---\n${CONFIG_MAP('b')}`, 2],
    ['`...` then comments and `---`', `${CONFIG_MAP('a')}...\n# next\n\n---\n${CONFIG_MAP('b')}`, 2],
    ['a byte-order mark at the start', `\uFEFF${CONFIG_MAP('a')}`, 1],
    ['a byte-order mark inside a quoted value', `${CONFIG_MAP('a')}data:\n  x: "\uFEFFy"\n`, 1],
    ['a comment, then JSON (YAML to kubectl)', `# exported\n${POD_JSON}\n`, 1],
    ['`---` then a flow mapping (KYAML)', `---\n{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n`, 1],
  ] as const)('reads %s', (_, text, documents) => {
    const { errors } = harden(text, DEFAULT_OPTIONS);
    expect(errors).toEqual([]);
    expect(plainDocuments(text)).toHaveLength(documents);
  });
});

describe('streams of JSON values (`kubectl get -o json` in a loop)', () => {
  const STREAMS = [
    ['glued', `${POD_JSON}${POD_JSON.replace('"p"', '"q"')}`],
    ['one a line', `${POD_JSON}\n${POD_JSON.replace('"p"', '"q"')}\n`],
    [
      'pretty-printed',
      `${JSON.stringify(JSON.parse(POD_JSON), null, 4)}\n${JSON.stringify(JSON.parse(POD_JSON.replace('"p"', '"q"')), null, 4)}\n`,
    ],
  ] as const;

  it.each(STREAMS)('hardens each object of a %s stream, in JSON', (_, text) => {
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.isJson).toBe(true);
    expect(result.objects.map((workload) => workload.object)).toEqual(['Pod/p', 'Pod/q']);
    const documents = plainDocuments(result.output) as { spec: { automountServiceAccountToken?: boolean } }[];
    expect(documents.map((document) => document.spec.automountServiceAccountToken)).toEqual([false, false]);
    // Still one JSON value after another: no YAML was written into it.
    const values = jsonStreamValues(result.output);
    expect('ranges' in values && values.ranges.length).toBe(2);
    expect(harden(result.output, DEFAULT_OPTIONS).output).toBe(result.output);
  });

  it('tells JSON streams by their first character, as kubectl does', () => {
    expect(isJsonStream(' \n\t{"a":1}')).toBe(true);
    expect(isJsonStream('\uFEFF{"a":1}')).toBe(true);
    expect(isJsonStream('# c\n{"a":1}')).toBe(false);
    expect(isJsonStream('[{"a":1}]')).toBe(false);
  });

  it('refuses a broken stream with one error at the place it breaks, not one per token', () => {
    const errors = harden(`${POD_JSON}\n${POD_JSON.slice(0, -1)}`, DEFAULT_OPTIONS).errors;
    expect(errors.map((error) => [error.code, error.start.line])).toEqual([['invalid-json', 2]]);
  });
});

describe.runIf(hasKubectl)('the same cases, read by kubectl (kubectl)', () => {
  const accepted = [
    `${CONFIG_MAP('a')}--- # comment\n${CONFIG_MAP('b')}`,
    `${CONFIG_MAP('a')}...\n---\n${CONFIG_MAP('b')}`,
    `\uFEFF${CONFIG_MAP('a')}`,
    `# exported\n${POD_JSON}\n`,
    `---\n{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n`,
    `${POD_JSON}${POD_JSON.replace('"p"', '"q"')}`,
    `${POD_JSON}\n${POD_JSON.replace('"p"', '"q"')}\n`,
  ];
  const readings = readWithKubectl([...REFUSED.map(([, text]) => text), ...accepted]);

  it.each(REFUSED.map(([name, text, , , kubectl], index) => [name, text, kubectl, index] as const))(
    'kubectl on %s: %s',
    (_, text, kubectl, index) => {
      const reading = readings[index];
      if (kubectl === 'refuses') expect(reading && 'error' in reading).toBe(true);
      else {
        // kubectl reads it, and reads other objects than YAML does.
        expect(reading && 'objects' in reading).toBe(true);
        const objects = reading && 'objects' in reading ? reading.objects : [];
        expect(comparable(objects)).not.toEqual(comparable(yamlReading(text)));
      }
    },
  );

  it.each(accepted.map((text, index) => [index, text] as const))('kubectl reads accepted case %i as the tool does', (index, text) => {
    const reading = readings[REFUSED.length + index];
    const objects = reading && 'objects' in reading ? reading.objects : [];
    expect(comparable(objects)).toEqual(comparable(plainDocuments(text).filter((value) => value !== null)));
  });
});
