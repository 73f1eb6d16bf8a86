import { describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS } from '../core/index';
import { EXIT } from './cli';
import { runInMemory } from '../test/cli-in-memory';

const run = (argv: string[], stdin: string | Uint8Array) => runInMemory(argv, { stdin, version: '0.0.0' });

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n';

describe('every output format reads the input the same way', () => {
  it.each([
    ['a self-referential anchor', `${CONFIG_MAP}data:\n  x: &a [*a]\n`, '<stdin>:6:10: error: an alias refers to the anchored value'],
    [
      'more than 1,000 aliases outside any pod spec',
      `${CONFIG_MAP}data:\n  a: &x y\n  b: [${Array(1001).fill('*x').join(', ')}]\n---\n${POD}`,
      '<stdin>:7:7: error: the document expands too many aliases',
    ],
    [
      'a line break only kubectl sees',
      `${POD}  # reviewed\r  automountServiceAccountToken: true\n`,
      '<stdin>:9:13: error: a carriage return',
    ],
  ])('%s: all refuse with the same error, exit 2, no stack trace', (_, text, message) => {
    for (const format of [...OUTPUT_FORMATS.map((row) => row.name), 'check']) {
      const result = run(format === 'check' ? ['--check'] : ['-f', format], text);
      expect(result.status, format).toBe(EXIT.error);
      expect(result.stdout, format).toBe('');
      expect(result.stderr, format).toContain(message);
      expect(result.stderr, format).not.toMatch(/\n\s+at /);
    }
  });
});

describe('diagnostics never print control characters from the input', () => {
  // Quoted YAML escapes put ESC (set the title), BEL, CSI (U+009B) and a bidi override in names.
  const HOSTILE =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "p\\e]0;pwned\\a"\n  namespace: "ns\\x9b2J"\nspec:\n  containers:\n    - name: "app\\u202e"\n      image: nginx\n';
  // eslint-disable-next-line no-control-regex -- looking for control characters is the test
  const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it.each([
    ['warnings', []],
    ['--check', ['--check']],
    ['the changes report', ['-f', 'changes']],
    ['kustomize notes', ['-f', 'kustomize']],
    ['errors', ['--containers', 'missing']],
  ])('%s escape them', (_, argv) => {
    const result = run(argv, HOSTILE);
    const diagnostics = argv.includes('--check') || argv.includes('changes') ? result.stdout + result.stderr : result.stderr;
    expect(diagnostics).not.toBe('');
    expect(diagnostics).not.toMatch(RAW_CONTROL);
    expect(diagnostics).toMatch(/Pod\/ns\\x9b2J\/p\\x1b\]0;pwned\\x07|app\\u202e/);
  });

  it.each([
    ['SARIF', ['--check', '--format', 'sarif'], 'sarif'],
    ['GitHub annotations', ['--check', '--format', 'github'], 'text'],
    ['the changes as JSON', ['-f', 'changes', '--json'], 'json'],
  ])('%s hold them escaped, invisible format characters too', (_, argv, kind) => {
    const hostile = HOSTILE.replace('name: "app\\u202e"', 'name: "app\\u202e\\u200b\\u2066"');
    const result = run(argv, hostile);
    expect(result.stdout).not.toBe('');
    expect(result.stdout + result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stdout + result.stderr).not.toMatch(/[\p{Cf}\u2028\u2029]/u);
    if (kind === 'text') expect(result.stdout).toContain('Pod/ns\\x9b2J/p\\x1b]0;pwned\\x07');
    // JSON reads back as the names are; SARIF's messages, shown as text, show them escaped.
    if (kind === 'json') expect(result.stdout).toMatch(/app\\u202e\\u200b\\u2066|p\\u001b]0;pwned\\u0007/);
    if (kind === 'sarif') {
      const sarif = JSON.parse(result.stdout) as { runs: { results: { message: { text: string } }[] }[] };
      expect(sarif.runs[0]?.results[0]?.message.text).toContain('Pod/ns\\\\x9b2J/p\\\\x1b\\]0;pwned\\\\x07');
    }
  });

  it('the manifest itself stays faithful', () => {
    const result = run(['-q'], HOSTILE);
    expect(result.status).toBe(EXIT.ok);
    expect(result.stdout.startsWith(HOSTILE.slice(0, 60))).toBe(true);
  });
});

describe('nothing passes silently', () => {
  it('--check names a Knative Service whose pod template it cannot check', () => {
    const knative =
      'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  template:\n    spec:\n      containers:\n        - image: nginx\n';
    const result = run(['--check'], knative);
    expect(result.stderr).toMatch(/^<stdin>:1: note: Service\/hello: not checked: .*pod template/m);
  });

  it('--check names a workload without a pod template, or with one that is not a mapping, and a document that is not an object', () => {
    const text = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: base\nspec:\n  replicas: 2',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: odd\nspec:\n  template: 5',
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: specless\nspec:\n  template:\n    metadata: {}',
      'just: a mapping',
      '- a list',
    ].join('\n---\n');
    const result = run(['--check'], `${text}\n`);
    expect(result.status).toBe(EXIT.ok);
    expect(result.stdout).toBe('');
    const notes = result.stderr.split('\n').filter((line) => line !== '');
    expect(notes).toEqual([
      expect.stringMatching(/^<stdin>:1: note: Deployment\/base: not checked: no pod spec at spec\.template\.spec/),
      expect.stringMatching(/^<stdin>:8: note: Deployment\/odd: not checked: no pod spec at spec\.template\.spec/),
      expect.stringMatching(/^<stdin>:\d+: note: Job\/specless: not checked: no pod spec at spec\.template\.spec/),
      expect.stringMatching(/^<stdin>:\d+: note: not checked: this document has no apiVersion and kind/),
      expect.stringMatching(/^<stdin>:\d+: note: not checked: this document is not a Kubernetes object/),
    ]);
    // The reports for machines say the same, as warnings.
    const annotations = run(['--check', '--format', 'github'], `${text}\n`).stdout;
    expect(annotations.match(/^::warning /gm)).toHaveLength(5);
  });

  it.each([' ', ',', ' , '])('--containers %j is refused instead of selecting nothing', (value) => {
    const result = run(['--containers', value], POD);
    expect(result.status).toBe(EXIT.error);
    expect(result.stderr).toBe('sa-token-hardener: error: --containers needs a value\n');
  });

  it('an !!binary key is refused with its position', () => {
    const result = run([], `${POD}  !!binary YXV0b21vdW50U2VydmljZUFjY291bnRUb2tlbg==: true\n`);
    expect(result.status).toBe(EXIT.error);
    expect(result.stderr).toContain('<stdin>:9:3: error: a `!!binary` value');
  });
});
