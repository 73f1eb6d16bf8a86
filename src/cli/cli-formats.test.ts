/**
 * Every output format and flag of the command, with its exit status. Each output is checked by
 * an independent reader where one exists: the diff applied with the `diff` package, the JSON
 * Patch applied with fast-json-patch, the kustomize patches built by `kubectl kustomize`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch as applyTextPatch } from 'diff';
import { applyPatch, type Operation } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repositoryRoot } from '../test/corpus';
import { hasKubectl } from '../test/kubectl';
import { runInMemory } from '../test/cli-in-memory';

const fixture = (path: string): string => readFileSync(join(repositoryRoot, 'src/core/fixtures', path), 'utf8');

const SEED = fixture('golden/seed-pod/input.yaml');
const SEED_HARDENED = fixture('golden/seed-pod/expected.yaml');
/** A pod as `kubectl get -o yaml` prints it, with its kube-api-access volume: hardening removes as well as adds. */
const COPIED = fixture('golden/kubectl-get-pod/input.yaml');
const COPIED_HARDENED = fixture('golden/kubectl-get-pod/expected.yaml');
/** A ConfigMap, a ServiceAccount and a CronJob, each changed differently; the expected documents are written in another style. */
const BUNDLE = fixture('formats/cronjob-and-service-account.input.yaml');
const BUNDLE_HARDENED = fixture('formats/cronjob-and-service-account.hardened.yaml');

const run = (argv: string[], files: Record<string, string> = {}, stdin = '') =>
  runInMemory(argv, { files, stdin, version: '1.2.3', missingCode: 'EACCES' });

/** Documents as Kubernetes reads them (YAML 1.1), with the `yaml` package directly, not the core's reader. */
function documentsOf(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJS() as unknown;
  });
}

describe('--format manifest (the default)', () => {
  it.each([
    ['a pod', SEED, SEED_HARDENED],
    ['three documents', BUNDLE, BUNDLE_HARDENED],
    ['a copied kube-api-access volume', COPIED, COPIED_HARDENED],
  ])('hardens %s', (_case, input, hardened) => {
    const result = run(['-q'], {}, input);
    expect(result.status).toBe(0);
    expect(documentsOf(result.stdout)).toEqual(documentsOf(hardened));
    if (input !== BUNDLE) expect(result.stdout).toBe(hardened);
    expect(run(['-q', '--format', 'manifest'], {}, input)).toEqual(result);
    expect(run(['-q', '-f', 'manifest', 'in.yaml'], { 'in.yaml': input })).toEqual(result);
  });

  it('joins several files as one stream of documents, "-" reading standard input in its place', () => {
    const result = run(['-q', 'a.yaml', '-', 'b.yaml'], { 'a.yaml': SEED, 'b.yaml': COPIED }, BUNDLE);
    expect(result.status).toBe(0);
    expect(documentsOf(result.stdout)).toEqual([
      ...documentsOf(SEED_HARDENED),
      ...documentsOf(BUNDLE_HARDENED),
      ...documentsOf(COPIED_HARDENED),
    ]);
    expect(result.stdout.startsWith(`${SEED_HARDENED}---\n`)).toBe(true);
    expect(result.stdout.endsWith(`---\n${COPIED_HARDENED}`)).toBe(true);
  });
});

describe('--format diff', () => {
  it.each([
    ['a pod', SEED, SEED_HARDENED],
    ['three documents', BUNDLE, BUNDLE_HARDENED],
    ['a copied kube-api-access volume', COPIED, COPIED_HARDENED],
  ])('gives a unified diff of %s that patches the input into the hardened text', (_case, input, hardened) => {
    const result = run(['-q', '--format', 'diff'], {}, input);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual(['--- input', '+++ hardened']);
    const patched = applyTextPatch(input, result.stdout);
    expect(patched).not.toBe(false);
    expect(documentsOf(patched as string)).toEqual(documentsOf(hardened));
    if (input !== BUNDLE) expect(patched).toBe(hardened);
  });

  it('names each file in its own diff', () => {
    const result = run(['-q', '--format', 'diff', 'pod.yaml', 'copied.yaml'], { 'pod.yaml': SEED, 'copied.yaml': COPIED });
    expect(result.status).toBe(0);
    const headers = result.stdout.split('\n').filter((line) => /^(---|\+\+\+) /.test(line));
    expect(headers).toEqual(['--- pod.yaml', '+++ pod.yaml (hardened)', '--- copied.yaml', '+++ copied.yaml (hardened)']);
  });

  it('prints nothing for an input that needs nothing', () => {
    expect(run(['-q', '--format', 'diff'], {}, SEED_HARDENED)).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

describe('--format json-patch', () => {
  it.each([
    ['a pod', SEED, SEED_HARDENED],
    ['three documents', BUNDLE, BUNDLE_HARDENED],
    ['a copied kube-api-access volume', COPIED, COPIED_HARDENED],
  ])('gives, for %s, one operation list per document that turns it into the hardened one', (_case, input, hardened) => {
    const result = run(['-q', '--format', 'json-patch'], {}, input);
    expect(result.status).toBe(0);
    const patches = JSON.parse(result.stdout) as Operation[][];
    const before = documentsOf(input);
    const after = documentsOf(hardened);
    expect(patches).toHaveLength(after.length);
    patches.forEach((operations, index) => {
      const applied = applyPatch(structuredClone(before[index] ?? null), operations, true, false, false).newDocument;
      expect(applied, `document ${index + 1}`).toEqual(after[index]);
    });
  });

  it('gives an empty list for a document that needs nothing', () => {
    const result = run(['-q', '--format', 'json-patch'], {}, SEED_HARDENED);
    expect(JSON.parse(result.stdout)).toEqual([[]]);
  });

  it('lists the documents of several files in order', () => {
    const result = run(['-q', '--format', 'json-patch', 'a.yaml', 'b.yaml'], { 'a.yaml': SEED_HARDENED, 'b.yaml': BUNDLE });
    const patches = JSON.parse(result.stdout) as Operation[][];
    expect(patches).toHaveLength(4);
    expect(patches.map((operations) => operations.length > 0)).toEqual([false, false, true, true]);
  });
});

describe('--format changes', () => {
  it('explains every change and finding in words, by file', () => {
    const result = run(['--format', 'changes', 'pod.yaml'], { 'pod.yaml': SEED });
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('pod.yaml: 0 errors, 3 changes, 0 warnings, 2 info');
    expect(lines.filter((line) => line.startsWith('pod.yaml: change: ')).map((line) => line.split(': ')[3])).toEqual([
      'spec.automountServiceAccountToken',
      'spec.containers[0].volumeMounts[0]',
      'spec.volumes[0]',
    ]);
  });

  it('--json gives the same, for machines', () => {
    const result = run(['--format', 'changes', '--json', 'pod.yaml'], { 'pod.yaml': SEED });
    expect(result.status).toBe(0);
    const [report, ...others] = JSON.parse(result.stdout) as {
      file: string;
      changes: { path: string; after: unknown }[];
      findings: { code: string }[];
      errors: unknown[];
    }[];
    expect(others).toEqual([]);
    expect(report?.file).toBe('pod.yaml');
    expect(report?.errors).toEqual([]);
    expect(report?.changes.map((change) => change.path)).toEqual([
      'spec.automountServiceAccountToken',
      'spec.containers[0].volumeMounts[0]',
      'spec.volumes[0]',
    ]);
    expect(report?.changes[0]?.after).toBe(false);
    expect(report?.findings.map((finding) => finding.code).sort()).toEqual(['expiration-3607', 'mode-stricter']);
  });
});

describe('--format kustomize', () => {
  it('gives one strategic-merge patch per changed object, naming it', () => {
    const result = run(['-q', '--format', 'kustomize'], {}, BUNDLE);
    expect(result.status).toBe(0);
    const patches = documentsOf(result.stdout) as { kind: string; metadata: { name: string; namespace?: string } }[];
    expect(patches.map((patch) => [patch.kind, patch.metadata.namespace, patch.metadata.name])).toEqual([
      ['ServiceAccount', 'batch', 'reporter'],
      ['CronJob', 'batch', 'report'],
    ]);
  });

  if (!hasKubectl) it.skip('kustomize patches built by kubectl kustomize (needs kubectl on PATH)', () => {});

  it.runIf(hasKubectl).each([
    ['three documents', BUNDLE, BUNDLE_HARDENED],
    ['a copied kube-api-access volume', COPIED, COPIED_HARDENED],
  ])('makes kubectl kustomize build the hardened objects of %s', (_case, input, hardened) => {
    const result = run(['-q', '--format', 'kustomize'], {}, input);
    expect(result.status).toBe(0);
    const directory = mkdtempSync(join(tmpdir(), 'cli-kustomize-'));
    try {
      writeFileSync(join(directory, 'original.yaml'), input);
      writeFileSync(join(directory, 'patches.yaml'), result.stdout);
      writeFileSync(join(directory, 'kustomization.yaml'), 'resources:\n  - original.yaml\npatches:\n  - path: patches.yaml\n');
      const built = execFileSync('kubectl', ['kustomize', directory], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const byName = (objects: unknown[]) =>
        (objects as { kind: string; metadata: { name: string } }[])
          .map((object) => [`${object.kind}/${object.metadata.name}`, object] as const)
          .sort(([left], [right]) => left.localeCompare(right));
      expect(byName(documentsOf(built))).toEqual(byName(documentsOf(hardened)));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('--check', () => {
  it('exits 0 on hardened input, printing nothing', () => {
    expect(run(['--check'], {}, BUNDLE_HARDENED)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(run(['--check', 'a.yaml', 'b.yaml'], { 'a.yaml': SEED_HARDENED, 'b.yaml': COPIED_HARDENED }).status).toBe(0);
  });

  it('exits 1 listing each object that is not hardened, by file and line, and writes no manifest', () => {
    const result = run(['--check', 'ok.yaml', 'bundle.yaml'], { 'ok.yaml': SEED_HARDENED, 'bundle.yaml': BUNDLE });
    expect(result.status).toBe(1);
    expect(
      result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(': ')[0]),
    ).toEqual(['bundle.yaml:9', 'bundle.yaml:15']);
    expect(result.stdout).toMatch(/ServiceAccount\/(batch\/)?reporter: /);
    expect(result.stdout).toMatch(/CronJob\/(batch\/)?report: /);
    expect(result.stderr).toMatch(/^2 objects are not hardened/);
  });

  it('checks with the options: a different expiration is not hardened', () => {
    expect(run(['--check', '--expiration', '600'], {}, SEED_HARDENED).status).toBe(1);
  });
});

describe('flags', () => {
  it('--quiet keeps warnings off standard error, and only warnings', () => {
    const noisy = run([], {}, BUNDLE.replace(/^ *serviceAccountName: reporter\n/m, ''));
    expect(noisy.status).toBe(0);
    expect(noisy.stderr).toContain('warning:');
    const quiet = run(['--quiet'], {}, BUNDLE.replace(/^ *serviceAccountName: reporter\n/m, ''));
    expect(quiet).toEqual({ ...noisy, stderr: '' });
    expect(run(['-q', '--expiration', '1'], {}, SEED).status).toBe(2);
  });

  it('--emit-service-account adds the ServiceAccounts pods name but the input lacks, with the token off', () => {
    const result = run(['-q', '--emit-service-account'], {}, SEED);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith(SEED_HARDENED)).toBe(true);
    const added = documentsOf(result.stdout).slice(1);
    expect(added).toEqual([
      expect.objectContaining({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: expect.objectContaining({ name: 'foo-sa' }),
        automountServiceAccountToken: false,
      }),
    ]);
    // The bundle defines its ServiceAccount: nothing to add.
    expect(documentsOf(run(['-q', '--emit-service-account'], {}, BUNDLE).stdout)).toEqual(documentsOf(BUNDLE_HARDENED));
  });

  it('--skip-service-accounts leaves ServiceAccount documents as they are, hardening the pods', () => {
    const result = run(['-q', '--skip-service-accounts'], {}, BUNDLE);
    expect(result.status).toBe(0);
    const [configMap, account, cronJob] = documentsOf(result.stdout);
    const [configMapBefore, accountBefore] = documentsOf(BUNDLE);
    const [, , cronJobHardened] = documentsOf(BUNDLE_HARDENED);
    expect(configMap).toEqual(configMapBefore);
    expect(account).toEqual(accountBefore);
    expect(cronJob).toEqual(cronJobHardened);
    expect(result.stdout).toContain('\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: reporter\n  namespace: batch\n---\n');
  });

  it('--containers mounts the token in the named containers only', () => {
    const twoContainers = SEED.replace('      image: nginx:1.27\n', '      image: nginx:1.27\n    - name: sidecar\n      image: envoy:1\n');
    const result = run(['-q', '--containers', 'sidecar'], {}, twoContainers);
    expect(result.status).toBe(0);
    const [pod] = documentsOf(result.stdout) as [{ spec: { containers: { name: string; volumeMounts?: unknown[] }[] } }];
    expect(pod.spec.containers.map((container) => [container.name, container.volumeMounts?.length ?? 0])).toEqual([
      ['foo', 0],
      ['sidecar', 1],
    ]);
    expect(run(['-q', '--containers', 'nope'], {}, twoContainers).status).toBe(2);
  });

  it('--help and --version print and exit 0 without reading input', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const flag of ['--format', '--check', '--quiet', '--emit-service-account', '--skip-service-accounts', '--containers', '--json'])
      expect(help.stdout).toContain(flag);
    expect(run(['-h']).stdout).toBe(help.stdout);
    expect(run(['--version'])).toEqual({ status: 0, stdout: '1.2.3\n', stderr: '' });
    expect(run(['-V'])).toEqual({ status: 0, stdout: '1.2.3\n', stderr: '' });
  });
});

describe('exit status 2', () => {
  it.each([
    ['an unknown flag', ['--frobnicate']],
    ['an unknown short flag', ['-z']],
    ['a flag without its value', ['--expiration']],
    ['an empty value', ['--volume-name', '']],
    ['a bad option', ['--default-mode', '1777']],
    ['a bad format', ['--format', 'xml']],
  ])('for %s, with a message and no output', (_case, argv) => {
    const result = run(argv, {}, SEED);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/error/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('for an unreadable file, naming it, even beside a readable one', () => {
    const result = run(['ok.yaml', 'secret.yaml'], { 'ok.yaml': SEED });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('secret.yaml: error: cannot read: EACCES\n');
  });

  it('for bad input in one of several files, writing nothing', () => {
    const result = run(['ok.yaml', 'bad.yaml'], { 'ok.yaml': SEED, 'bad.yaml': 'kind: Pod\nkind: Pod\n' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^bad\.yaml:2:1: error: /);
  });

  it.each(['diff', 'changes', 'json-patch', 'kustomize'])('for bad input with --format %s', (format) => {
    const result = run(['--format', format], {}, 'kind: Pod\nkind: Pod\n');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
  });
});
