import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hasKubectl, readWithKubectl } from '../../test/kubectl';
import { KUBERNETES_YAML_OPTIONS } from '../read/parse';
import { UNWRITABLE_CHARACTERS } from '../../test/unwritable';
import { harden } from '../harden/harden';
import { DEFAULT_OPTIONS, resolveOptions } from '../harden/options';
import { isReadAsNonString, renderBlock, renderFlow, renderInline, renderReplacementScalar, type DocumentStyle } from './render';

const BLOCK: DocumentStyle = { indentStep: 2, indentSeq: true, lineEnding: '\n', json: false, doubleQuoteStrings: false, compact: false };

// Texts that YAML 1.1 (kubectl, PyYAML), YAML 1.2 (js-yaml 4) or go-yaml read as a number, boolean, null or date.
const NUMBER_LIKE = [
  '0o17',
  '0x1F',
  '0b101',
  '017',
  '1e3',
  '1E3',
  '-1e3',
  '1_000',
  '12:30',
  '1.5',
  '.5',
  '.inf',
  '-.Inf',
  '.NaN',
  '+12',
  'yes',
  'No',
  'ON',
  'off',
  'y',
  'N',
  '~',
  'null',
  'Null',
  'true',
  'FALSE',
  '2024-01-02',
];

describe('number-like names are quoted', () => {
  it.each(NUMBER_LIKE)('%s is recognised', (text) => {
    expect(isReadAsNonString(text)).toBe(true);
  });

  it.each(['serviceaccount-token', 'web', 'kube-root-ca.crt', 'token', 'v1', 'metadata.namespace', 'app1'])('%s stays plain', (text) => {
    expect(isReadAsNonString(text)).toBe(false);
  });

  it.each(NUMBER_LIKE)('block and flow renderings of %s read back as that string in YAML 1.1 and 1.2', (text) => {
    for (const rendered of [renderBlock({ name: text }, BLOCK, 0), renderFlow({ name: text }, { ...BLOCK, json: false }, 0)]) {
      expect(parse(rendered, { version: '1.1' })).toEqual({ name: text });
      expect(parse(rendered, { version: '1.2' })).toEqual({ name: text });
    }
  });

  it('--volume-name 0o17 is written quoted', () => {
    const { options } = resolveOptions({ volumeName: '0o17' });
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n';
    const output = harden(pod, options).output;
    expect(output).toContain('name: "0o17"');
    expect(output).not.toMatch(/name: 0o17/);
  });

  it('an emitted ServiceAccount named "0o755" is written quoted', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: "0o755"\n  containers:\n    - name: app\n      image: nginx\n';
    const output = harden(pod, { ...DEFAULT_OPTIONS, emitServiceAccount: true }).output;
    expect(output).toContain('kind: ServiceAccount\nmetadata:\n  name: "0o755"');
  });
});

/** Characters a written string may hold only escaped, in double quotes (issue 22, 6). */
const UNSAFE = [...UNWRITABLE_CHARACTERS, ['a byte-order mark', '\ufeff'] as const];

describe('the writer quotes what could become structure', () => {
  it.each(UNSAFE)('writes a string with %s double-quoted and escaped, in block, flow and replaced values', (_, char) => {
    const value = { name: `a${char}b: c`, [`key${char}`]: 'v' };
    for (const text of [renderBlock(value, BLOCK, 0), `x: ${renderInline(value, BLOCK)}`, `x: ${renderFlow(value, BLOCK, 0)}`]) {
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      expect(text).not.toMatch(/[\r\u0085\u007f\u2028\u2029\u001b\ufeff]/);
      const [document] = parseAllDocuments(text, KUBERNETES_YAML_OPTIONS);
      const read = document?.toJS() as Record<string, unknown>;
      expect(read['x'] ?? read).toEqual(value);
    }
    const replaced = renderReplacementScalar(`a${char}b`, null, BLOCK);
    expect(replaced.startsWith('"')).toBe(true);
    expect(parse(`x: ${replaced}`, { version: '1.1' })).toEqual({ x: `a${char}b` });
  });

  it.runIf(hasKubectl)('is read by kubectl as the same strings (kubectl)', () => {
    const values = UNSAFE.map(([, char]) => `a${char}b: c`);
    const data = Object.fromEntries(values.map((value, index) => [`k${index}`, value]));
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n${renderBlock({ data }, BLOCK, 0)}\n`;
    const [reading] = readWithKubectl([text]);
    const [object] = reading && 'objects' in reading ? (reading.objects as { data: Record<string, string> }[]) : [];
    expect(object?.data).toEqual(data);
  });
});

describe('the output keeps the layout of the input', () => {
  const POD = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: nginx',
    '',
  ];

  it.each([
    ['an empty first line', ''],
    ['a one-character first line', '#'],
    ['a document marker', '---'],
    ['a comment', '# web pod'],
  ])('keeps CRLF line endings whatever the first line holds: %s', (_, first) => {
    const input = [first, ...POD].join('\r\n');
    const { output, errors } = harden(input, DEFAULT_OPTIONS);
    expect(errors).toEqual([]);
    expect(output.length).toBeGreaterThan(input.length);
    expect(output.replaceAll('\r\n', '')).not.toContain('\n');
  });

  /** The indentation of the first item of each block sequence the hardening inserted, relative to its key. */
  function insertedSequenceIndents(input: string): number[] {
    const lines = harden(input, DEFAULT_OPTIONS).output.split('\n');
    return ['volumeMounts:', 'volumes:'].map((key) => {
      const at = lines.findIndex((line) => line.trimStart() === key && !input.includes(line));
      const column = (line: string | undefined): number => (line ?? '').length - (line ?? '').trimStart().length;
      return column(lines[at + 1]) - column(lines[at]);
    });
  }

  it('writes new lists flat under a flat input (as kubectl prints) and indented under an indented one', () => {
    const flat = POD.join('\n').replace('    - name: app\n      image', '  - name: app\n    image');
    expect(insertedSequenceIndents(flat)).toEqual([0, 0]);
    expect(insertedSequenceIndents(POD.join('\n'))).toEqual([2, 2]);
  });

  it('writes new lists indented when the input has as many flat lists as indented ones, or none', () => {
    const tie = POD.join('\n').replace(
      '    - name: app\n      image: nginx\n',
      '  - name: app\n    image: nginx\n    args:\n      - --a\n',
    );
    expect(insertedSequenceIndents(tie)).toEqual([2, 2]);
    const none = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: [{name: app, image: nginx}]\n';
    const lines = harden(none, DEFAULT_OPTIONS).output.split('\n');
    expect(lines[lines.indexOf('  volumes:') + 1]).toBe('    - name: serviceaccount-token');
  });
});
