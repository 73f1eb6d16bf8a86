import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, describeCorpus, isHelmTemplate, repositoryRoot } from '../test/corpus';
import { EXIT } from './cli';
import { type MemorySetup, runInMemory } from '../test/cli-in-memory';

const SEED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/input.yaml'), 'utf8');
const SEED_HARDENED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/expected.yaml'), 'utf8');

const run = (argv: string[], files: MemorySetup['files'] = {}, stdin: string | Uint8Array = '') => runInMemory(argv, { files, stdin });

describe("the note about Trivy's KSV036", () => {
  const deployment = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      serviceAccountName: web\n      containers:\n        - name: web\n          image: nginx\n`;
  const files = { 'a.yaml': `${deployment('a')}---\n${deployment('b')}`, 'b.yaml': deployment('c'), 'pod.yaml': SEED };
  const notes = (stderr: string) => stderr.split('\n').filter((line) => line.includes("Trivy's KSV036"));

  it('is given once for the run, naming every workload it would flag', () => {
    const result = run(['a.yaml', 'b.yaml', 'pod.yaml'], files);
    expect(result.status).toBe(EXIT.ok);
    expect(notes(result.stderr)).toEqual([
      expect.stringMatching(
        /^sa-token-hardener: note: Trivy's KSV036 \(AVD-KSV-0036\) will flag 3 workloads of this output although hardened \(Deployment\/a, Deployment\/b, Deployment\/c\)/,
      ),
    ]);
  });

  it('is not given when nothing would be flagged, with --quiet, or for other outputs', () => {
    expect(notes(run(['pod.yaml'], files).stderr)).toEqual([]);
    expect(notes(run(['--no-token', 'a.yaml'], files).stderr)).toEqual([]);
    expect(notes(run(['--mount-path', '/var/run/secrets/tokens', 'a.yaml'], files).stderr)).toEqual([]);
    expect(notes(run(['--quiet', 'a.yaml'], files).stderr)).toEqual([]);
    expect(notes(run(['--format', 'diff', 'a.yaml'], files).stderr)).toEqual([]);
    expect(notes(run(['--check', 'a.yaml'], files).stderr)).toEqual([]);
  });
});

describe('sa-token-hardener', () => {
  it('hardens standard input to standard output', () => {
    const result = run([], {}, SEED);
    expect(result).toEqual({ status: EXIT.ok, stdout: SEED_HARDENED, stderr: '' });
  });

  it('hardens files, and "-" is standard input', () => {
    const result = run(['pod.yaml', '-'], { 'pod.yaml': SEED }, SEED);
    expect(result.status).toBe(EXIT.ok);
    expect(result.stdout).toBe(`${SEED_HARDENED}---\n${SEED_HARDENED}`);
  });

  it('applies the options', () => {
    const result = run(
      ['--service-account', 'api', '--expiration', '3600', '--default-mode', '0440', '--volume-name', 'token', '-q'],
      {},
      SEED,
    );
    expect(result.stdout).toContain('serviceAccountName: api');
    expect(result.stdout).toContain('expirationSeconds: 3600');
    expect(result.stdout).toContain('defaultMode: 288 # 0440');
    expect(result.stdout).toContain('- name: token');
  });

  it.each([
    [['--expiration', '599'], 'Token expiration (--expiration): "599" is not valid: it must be a whole number of seconds from 600'],
    [['--default-mode', '0800'], 'Default mode (--default-mode): "0800" is not valid: it must be an octal file mode'],
    [['--mount-path', 'relative/path'], 'Mount path (--mount-path): "relative/path" is not valid: it must be an absolute path'],
    [['--mount-path', '/a/../b'], 'without a ".." segment'],
    [
      ['--service-account', 'Bad_Name'],
      'ServiceAccount name (--service-account): "Bad_Name" is not valid: it must be a DNS-1123 subdomain',
    ],
    [['--volume-name', 'a.b'], 'Volume name (--volume-name): "a.b" is not valid: it must be a DNS-1123 label'],
    [['--format', 'xml'], '--format: "xml" is not one of manifest, diff, changes, json-patch, kustomize'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--containers', 'nope'], '<stdin>:1:1: error: no container named "nope" in the input (the input has: foo)'],
  ])('refuses %j with exit 2 and a message naming the option, value and rule', (argv, message) => {
    const result = run(argv, {}, SEED);
    expect(result.status).toBe(EXIT.error);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });

  it.each([
    ['empty input', '', '<stdin>:1:1: error: the input is empty'],
    [
      'a Helm template',
      'metadata:\n  name: {{ .Values.name }}\n',
      '<stdin>:2:9: note: This looks like a Helm template, not YAML: render it with `helm template` first',
    ],
    ['tabs', 'a:\n\tb: 1\n', '<stdin>:2:1: error: a tab character is used for indentation'],
    ['a duplicate key', 'kind: Pod\nkind: Pod\n', '<stdin>:2:1: error: the key "kind" appears twice'],
    [
      'invalid UTF-8',
      new Uint8Array([0x61, 0x3a, 0x20, 0x0a, 0x62, 0x3a, 0x20, 0xc3, 0x28]),
      '<stdin>:2:4: error: the input is not valid UTF-8 (byte 0xc3)',
    ],
    ['invalid YAML', 'kind: [Pod\n', '<stdin>:'],
  ])('reports %s as FILE:LINE:COL with exit 2, never a stack trace', (_, input, message) => {
    const result = run([], {}, input);
    expect(result.status).toBe(EXIT.error);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('names a file it cannot read', () => {
    const result = run(['missing.yaml']);
    expect(result).toMatchObject({ status: EXIT.error, stderr: 'missing.yaml: error: cannot read: ENOENT\n' });
  });

  it('--check lists what is not hardened (exit 1) and passes hardened output (exit 0)', () => {
    const unhardened = run(['--check', 'pod.yaml'], { 'pod.yaml': SEED });
    expect(unhardened.status).toBe(EXIT.notHardened);
    expect(unhardened.stdout).toBe(
      'pod.yaml:1: Pod/foo-pod: automountServiceAccountToken is not false, so the API server mounts a token on its own: set it to false on the pod spec\n',
    );
    const hardened = run(['--check', 'pod.yaml'], { 'pod.yaml': SEED_HARDENED });
    expect(hardened).toEqual({ status: EXIT.ok, stdout: '', stderr: '' });
  });

  it('prints help and version', () => {
    expect(run(['--help']).stdout).toContain('--default-mode MODE');
    expect(run(['--version']).stdout).toBe('9.9.9\n');
  });

  it('warns on standard error, not in the manifest', () => {
    const result = run([], {}, SEED.replace('  serviceAccountName: foo-sa\n', ''));
    expect(result.status).toBe(EXIT.ok);
    expect(result.stderr).toContain('warning: Pod/foo-pod: the pod runs as the "default" ServiceAccount');
  });
});

describe('sa-token-hardener options, from the table of options', () => {
  it.each([
    [['--expiration', ''], '--expiration needs a value'],
    [['--service-account='], '--service-account needs a value'],
    [['--containers', ' '], '--containers needs a value'],
    [['--mount-path', '  '], '--mount-path needs a value'],
  ])('refuses %j naming the flag as typed', (argv, message) => {
    const result = run(argv, {}, SEED);
    expect(result.status).toBe(EXIT.error);
    expect(result.stderr).toBe(`sa-token-hardener: error: ${message}\n`);
  });

  it('refuses a container list with an empty name', () => {
    const result = run(['--containers', 'foo,,bar'], {}, SEED);
    expect(result.status).toBe(EXIT.error);
    expect(result.stderr).toBe(
      'sa-token-hardener: error: Containers (--containers): "foo,,bar" is not valid: it must be names of containers in the input, separated by commas.\n',
    );
  });

  it('asks whether a mode copied from kubectl was meant in octal, and goes on', () => {
    const result = run(['--default-mode', '420'], {}, SEED);
    expect(result.status).toBe(EXIT.ok);
    expect(result.stderr).toContain('sa-token-hardener: note: --default-mode: 420 is how kubectl prints 0644 — did you mean 0644?\n');
    expect(result.stdout).toContain('defaultMode: 272 # 0420');
    expect(run(['--default-mode', '420', '-q'], {}, SEED).stderr).toBe('');
  });

  it('takes --no-token as a switch, with no value', () => {
    expect(run(['--no-token'], {}, SEED)).toMatchObject({ status: EXIT.ok, stderr: '' });
    expect(run(['--no-token=none'], {}, SEED)).toMatchObject({ status: EXIT.error });
  });
});

describeCorpus('sa-token-hardener on the corpus', () => {
  it.each(
    corpusFiles()
      .filter((file) => isHelmTemplate(file.name))
      .map((file) => [file.name, file.text]),
  )('refuses the Helm template %s with exit 2', (name, text) => {
    const result = run([name], { [name]: text });
    expect(result.status).toBe(EXIT.error);
    expect(result.stderr).toMatch(
      new RegExp(`^${name.replace(/\./g, '\\.')}:\\d+:\\d+: error: .*\\n.*render it with \`helm template\` first`),
    );
  });
});

describe('the built command', () => {
  const bin = join(repositoryRoot, 'dist/cli/sa-token-hardener.cjs');
  beforeAll(() => {
    execFileSync(process.execPath, [join(repositoryRoot, 'scripts/build-cli.mjs')], { cwd: repositoryRoot });
  });

  it('runs on Node with files and exit codes', () => {
    const directory = mkdtempSync(join(tmpdir(), 'sa-token-hardener-'));
    const file = join(directory, 'pod.yaml');
    writeFileSync(file, SEED);
    const hardened = spawnSync(process.execPath, [bin, file], { encoding: 'utf8' });
    expect(hardened.status).toBe(0);
    expect(hardened.stdout).toBe(SEED_HARDENED);
    const checked = spawnSync(process.execPath, [bin, '--check', file], { encoding: 'utf8' });
    expect(checked.status).toBe(1);
    const bad = spawnSync(process.execPath, [bin, '--expiration', 'soon', file], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"soon" is not valid');
  });
});
