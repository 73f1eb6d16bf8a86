import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { corpusFiles, hasCorpus, isHelmTemplate, repositoryRoot } from '../test/corpus';
import { EXIT } from './cli';
import { runInMemory } from '../test/cli-in-memory';

const SEED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/input.yaml'), 'utf8');
const SEED_HARDENED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/expected.yaml'), 'utf8');

const run = (argv: string[], files: Record<string, string> = {}, stdin = '') => runInMemory(argv, { files, stdin });

/** Reads workflow commands back as the runner does: `%0A` and friends unescaped after splitting. */
function parseAnnotations(text: string): { level: string; properties: Record<string, string>; message: string }[] {
  const unescape = (value: string) =>
    value.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%3A', ':').replaceAll('%2C', ',').replaceAll('%25', '%');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^::(error|warning) ([^:]*)::(.*)$/.exec(line);
      if (!match) throw new Error(`not a workflow command: ${line}`);
      const properties = Object.fromEntries(
        (match[2] ?? '').split(',').map((pair) => {
          const [key = '', ...value] = pair.split('=');
          return [key, unescape(value.join('='))];
        }),
      );
      return { level: match[1] ?? '', properties, message: unescape(match[3] ?? '') };
    });
}

const usableCorpus = () =>
  Object.fromEntries(
    corpusFiles()
      .filter(({ name }) => !isHelmTemplate(name))
      .filter(({ name, text }) => run([`corpus/${name}`], { [`corpus/${name}`]: text }).status !== EXIT.error)
      .map(({ name, text }) => [`corpus/${name}`, text]),
  );

describe('--check reports', () => {
  it.skipIf(!hasCorpus)('GitHub annotations parse back into the list --check prints, on the corpus', () => {
    const files = usableCorpus();
    const names = Object.keys(files);
    const listed = run(['--check', ...names], files);
    const annotated = run(['--check', '--format', 'github', ...names], files);
    expect(listed.status).toBe(EXIT.notHardened);
    expect(annotated.status).toBe(EXIT.notHardened);
    const errors = parseAnnotations(annotated.stdout).filter((annotation) => annotation.level === 'error');
    const lines = errors.map(
      ({ properties, message }) => `${properties['file']}:${properties['line']}: ${properties['title']}: ${message}`,
    );
    expect(lines.length).toBeGreaterThan(50);
    expect(lines).toEqual(listed.stdout.split('\n').filter((line) => line !== ''));
  });

  it.skipIf(!hasCorpus)('SARIF has an error result at the file and line of every object --check lists, on the corpus', () => {
    const files = usableCorpus();
    const names = Object.keys(files);
    const listed = run(['--check', ...names], files);
    const sarif = run(['--check', '--format', 'sarif', ...names], files);
    expect(sarif.status).toBe(EXIT.notHardened);
    type Result = {
      level: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        logicalLocations: { fullyQualifiedName: string }[];
      }[];
    };
    const log = JSON.parse(sarif.stdout) as { runs: { tool: { driver: { version: string } }; results: Result[] }[] };
    expect(log.runs[0]?.tool.driver.version).toBe('9.9.9');
    const reported = new Set(
      log.runs[0]?.results
        .filter((result) => result.level === 'error')
        .map(({ locations: [location] }) =>
          [
            location?.physicalLocation.artifactLocation.uri,
            location?.physicalLocation.region.startLine,
            location?.logicalLocations[0]?.fullyQualifiedName,
          ].join(' '),
        ),
    );
    const objects = listed.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [file, lineNumber, object] = line.split(/: ?/);
        return [file, lineNumber, object].join(' ');
      });
    expect(objects.length).toBeGreaterThan(50);
    expect([...reported].sort()).toEqual([...new Set(objects)].sort());
  });

  it('exit 0 with an empty report when everything is hardened, and without --check', () => {
    expect(run(['--check', '--format', 'github', 'pod.yaml'], { 'pod.yaml': SEED_HARDENED })).toEqual({
      status: EXIT.ok,
      stdout: '',
      stderr: '',
    });
    const sarif = run(['--format', 'sarif', 'pod.yaml'], { 'pod.yaml': SEED });
    expect(sarif.status).toBe(EXIT.ok);
    expect((JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] }).runs[0]?.results).toHaveLength(1);
  });
});

describe('--config', () => {
  const config = (spec: string) =>
    `apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nmetadata: {name: policy}\nspec:\n${spec}`;
  const expiration = (output: string) => /expirationSeconds: (\d+)/.exec(output)?.[1];

  it('reads the options from the file; flags override it', () => {
    const files = { 'pod.yaml': SEED, 'policy.yaml': config('  expirationSeconds: 3600\n  defaultMode: 0440\n') };
    const fromFile = run(['--config', 'policy.yaml', 'pod.yaml'], files);
    expect(fromFile.status).toBe(EXIT.ok);
    expect(expiration(fromFile.stdout)).toBe('3600');
    expect(fromFile.stdout).toContain('defaultMode: 288 # 0440');
    const overridden = run(['--config', 'policy.yaml', '--expiration', '4000', 'pod.yaml'], files);
    expect(expiration(overridden.stdout)).toBe('4000');
    expect(overridden.stdout).toContain('defaultMode: 288 # 0440');
  });

  it('refuses a bad file like a compiler, with exit 2', () => {
    const files = { 'pod.yaml': SEED, 'policy.yaml': config('  expiration: 3600\n'), 'bad.yaml': config('  expirationSeconds: soon\n') };
    expect(run(['--config', 'policy.yaml', 'pod.yaml'], files)).toEqual({
      status: EXIT.error,
      stdout: '',
      stderr: expect.stringMatching(/^policy\.yaml:5:3: error: spec\.expiration is not an option/),
    });
    const bad = run(['--config', 'bad.yaml', 'pod.yaml'], files);
    expect(bad.status).toBe(EXIT.error);
    expect(bad.stderr).toContain('"soon" is not valid');
    expect(run(['--config', 'missing.yaml', 'pod.yaml'], files)).toMatchObject({
      status: EXIT.error,
      stderr: 'missing.yaml: error: cannot read: ENOENT\n',
    });
  });
});

describe('a ResourceList on standard input', () => {
  const list = (functionConfig: string) =>
    `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      containers: [{name: c, image: x}]\nfunctionConfig: ${functionConfig}\n`;

  it('runs the KRM function: hardened items, results, exit 0', () => {
    const result = run([], {}, list('{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {expirationSeconds: "3600"}}'));
    expect(result.status).toBe(EXIT.ok);
    const output = parse(result.stdout) as { kind: string; items: { spec: Record<string, unknown> }[]; results: unknown[] };
    expect(output.kind).toBe('ResourceList');
    expect(output.items[0]?.spec['automountServiceAccountToken']).toBe(false);
    expect(result.stdout).toContain('expirationSeconds: 3600');
    expect(output.results.length).toBeGreaterThan(0);
  });

  it('fails with exit 1 and error results on a bad functionConfig', () => {
    const result = run([], {}, list('{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {defaultMode: "999"}}'));
    expect(result.status).toBe(1);
    expect((parse(result.stdout) as { results: { severity: string }[] }).results).toEqual([expect.objectContaining({ severity: 'error' })]);
    expect(result.stderr).toMatch(/Default mode.*"999" is not valid/);
  });

  it('is an ordinary List when it comes from a file, or from standard input named `-`', () => {
    const fromFile = run(['list.yaml'], { 'list.yaml': list('{}') });
    expect(fromFile.status).toBe(EXIT.ok);
    expect(fromFile.stdout).not.toContain('results:');
    const withConfig = list('{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {expirationSeconds: "3600"}}');
    const dash = run(['-'], {}, withConfig);
    expect(dash.status).toBe(EXIT.ok);
    expect(dash.stdout).toBe(run(['list.yaml'], { 'list.yaml': withConfig }).stdout);
    // Read as a manifest, the list's functionConfig chooses nothing.
    expect(dash.stdout).toContain('expirationSeconds: 3607');
  });

  const bounded = list('{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {expirationSeconds: "3600"}}');

  it("is checked, not transformed, under --check: its items are listed under the functionConfig's bounds", () => {
    const hardenedAt3607 = run(['-'], {}, bounded).stdout;
    const checked = run(['--check'], {}, hardenedAt3607);
    expect(checked.status).toBe(EXIT.notHardened);
    expect(checked.stdout).toMatch(/^<stdin>:4: Pod\/p: .*3607.*3600/);
    expect(checked.stdout).not.toContain('ResourceList');
    // The command line wins over the functionConfig.
    expect(run(['--check', '--expiration', '3607'], {}, hardenedAt3607)).toMatchObject({ status: EXIT.ok, stdout: '' });
    const bad = run(['--check'], {}, list('{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {defaultMode: "999"}}'));
    expect(bad.status).toBe(EXIT.error);
    expect(bad.stderr).toMatch(/functionConfig: .*"999" is not valid/);
  });

  it('is reported, not transformed, as SARIF and as annotations', () => {
    const sarif = run(['--check', '--format', 'sarif'], {}, bounded);
    expect(sarif.status).toBe(EXIT.notHardened);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    expect(log.runs[0]?.results.map((result) => result.ruleId)).toContain('automount-on');
    const annotations = run(['--format', 'github'], {}, bounded);
    expect(annotations.status).toBe(EXIT.ok);
    expect(annotations.stdout).toMatch(/^::error file=<stdin>,line=4,col=5,title=Pod\/p::automountServiceAccountToken is not false/);
  });

  it('is recognised however the YAML spells its kind: a comment after it, a tag, flow style', () => {
    for (const text of [
      bounded.replace('kind: ResourceList', 'kind: ResourceList # from kpt'),
      bounded.replace('kind: ResourceList', 'kind: !!str ResourceList'),
      // Flow style: kyaml reads it as YAML, though kubectl would take a text that starts with "{" for JSON.
      '{apiVersion: config.kubernetes.io/v1, kind: ResourceList, items: [{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: x}]}}]}\n',
    ]) {
      const result = run([], {}, text);
      expect(result.status, text).toBe(EXIT.ok);
      expect(result.stdout, text).toMatch(/results:/);
      expect(result.stdout, text).toMatch(/automountServiceAccountToken/);
    }
  });
});
