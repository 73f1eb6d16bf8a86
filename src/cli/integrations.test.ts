import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { corpusFiles, hasCorpus, isHelmTemplate, repositoryRoot } from '../test/corpus';
import { type CliIo, EXIT, runCli } from './cli';

const SEED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/input.yaml'), 'utf8');
const SEED_HARDENED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/expected.yaml'), 'utf8');
const { version } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string };

function run(argv: string[], files: Record<string, string> = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readFile: (path) => {
      const file = files[path];
      if (file === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return new TextEncoder().encode(file);
    },
    readStdin: () => new TextEncoder().encode(stdin),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    version: '9.9.9',
  };
  return { status: runCli(argv, io), stdout, stderr };
}

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

  it('is an ordinary List when it comes from a file', () => {
    const result = run(['list.yaml'], { 'list.yaml': list('{}') });
    expect(result.status).toBe(EXIT.ok);
    expect(result.stdout).not.toContain('results:');
  });
});

describe('the integrations, with the built command', () => {
  const bin = join(repositoryRoot, 'dist/cli/sa-token-hardener.cjs');
  const integrations = join(repositoryRoot, 'integrations');
  const environment = { ...process.env, SA_TOKEN_HARDENER: `${process.execPath} ${bin}` };
  const hasCommand = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  const hasKubectl = hasCommand('kubectl');
  const hasKpt = hasCommand('kpt');
  if (!hasKubectl) console.log('kubectl kustomize tests skipped: no kubectl on the PATH');
  if (!hasKpt) console.log('kpt test skipped: no kpt on the PATH');

  beforeAll(() => {
    execFileSync(process.execPath, [join(repositoryRoot, 'scripts/build-cli.mjs')], { cwd: repositoryRoot });
  });

  function kustomization(config: string): string {
    const directory = mkdtempSync(join(tmpdir(), 'sa-token-hardener-kustomize-'));
    writeFileSync(join(directory, 'pod.yaml'), SEED);
    copyFileSync(join(integrations, 'kustomize', config), join(directory, 'harden.yaml'));
    copyFileSync(join(integrations, 'kustomize/sa-token-hardener-fn'), join(directory, 'sa-token-hardener-fn'));
    writeFileSync(join(directory, 'kustomization.yaml'), 'resources:\n  - pod.yaml\ntransformers:\n  - harden.yaml\n');
    return directory;
  }

  const hardenedSeed = (expirationSeconds: number) =>
    parse(SEED_HARDENED.replace('expirationSeconds: 3607', `expirationSeconds: ${expirationSeconds}`)) as unknown;

  it.skipIf(!hasKubectl)('kubectl kustomize --enable-alpha-plugins runs the legacy exec plugin with the HardeningConfig', () => {
    const directory = kustomization('harden.yaml');
    const result = spawnSync('kubectl', ['kustomize', '--enable-alpha-plugins', directory], {
      encoding: 'utf8',
      env: { ...environment, KUSTOMIZE_PLUGIN_HOME: join(integrations, 'kustomize/plugin') },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // kustomize prints the objects its own way (sorted keys, no comments); the values are ours.
    expect(parse(result.stdout)).toEqual(hardenedSeed(3600));
  });

  it.skipIf(!hasKubectl)(
    'kubectl kustomize, having no --enable-exec, skips the KRM exec function (so the README sends it to the plugin)',
    () => {
      const directory = kustomization('harden-fn.yaml');
      const result = spawnSync('kubectl', ['kustomize', '--enable-alpha-plugins', directory], { encoding: 'utf8', env: environment });
      expect(result.status).toBe(0);
      expect(parse(result.stdout)).toEqual(parse(SEED));
    },
  );

  it.skipIf(!hasKpt)('kpt fn eval --exec runs the KRM function with the HardeningConfig as functionConfig', () => {
    const directory = kustomization('harden.yaml');
    const source = spawnSync('kpt', ['fn', 'source', directory], { encoding: 'utf8' });
    const result = spawnSync(
      'kpt',
      ['fn', 'eval', '-', '--exec', join(directory, 'sa-token-hardener-fn'), '--fn-config', join(directory, 'harden.yaml'), '-o', 'stdout'],
      { encoding: 'utf8', input: source.stdout, env: environment },
    );
    expect(result.status).toBe(0);
    const items = (parse(result.stdout) as { items: { kind: string; metadata: Record<string, unknown> }[] }).items;
    const pod = items.find((item) => item.kind === 'Pod');
    expect(pod?.metadata['annotations']).toMatchObject({ 'config.kubernetes.io/path': 'pod.yaml' });
    delete pod?.metadata['annotations'];
    expect(pod).toEqual(hardenedSeed(3600));
    expect(result.stderr).toContain('[info] v1/Pod/foo-pod spec.automountServiceAccountToken');
  });

  it('the Helm post-renderer hardens a rendered chart, keeping its # Source: comments and every line', () => {
    const rendered = `---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  labels:
    helm.sh/chart: web-1.0.0
---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: "nginx:1.27"
`;
    const configDirectory = mkdtempSync(join(tmpdir(), 'sa-token-hardener-helm-'));
    writeFileSync(join(configDirectory, 'hardening.yaml'), readFileSync(join(integrations, 'kustomize/harden.yaml')));
    const result = spawnSync(join(integrations, 'helm/sa-token-hardener-post-renderer'), ['--volume-name', 'api-token'], {
      encoding: 'utf8',
      input: rendered,
      env: { ...environment, SA_TOKEN_HARDENER_CONFIG: join(configDirectory, 'hardening.yaml') },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const outputLines = result.stdout.split('\n');
    let at = 0;
    for (const line of rendered.split('\n')) {
      at = outputLines.indexOf(line, at) + 1;
      expect(at, `kept: ${line}`).toBeGreaterThan(0);
    }
    const documents = parseAllDocuments(result.stdout).map((document) => document.toJS() as Record<string, unknown>);
    expect(documents.map((document) => document['kind'])).toEqual(['ServiceAccount', 'Service', 'Deployment']);
    expect(documents[0]).toMatchObject({ automountServiceAccountToken: false });
    expect(result.stdout).toContain('expirationSeconds: 3600');
    expect(result.stdout).toContain('- name: api-token');
    // A chart that renders nothing passes; a broken stream fails the install with the position.
    const empty = spawnSync(join(integrations, 'helm/sa-token-hardener-post-renderer'), [], {
      encoding: 'utf8',
      input: '',
      env: environment,
    });
    expect([empty.status, empty.stdout]).toEqual([0, '']);
    const broken = spawnSync(join(integrations, 'helm/sa-token-hardener-post-renderer'), [], {
      encoding: 'utf8',
      input: 'a: [\n',
      env: environment,
    });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^<stdin>:\d+:\d+: error: /);
  });

  it('the GitHub Action step checks globbed files, writes SARIF and reports not-hardened', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'sa-token-hardener-action-'));
    execFileSync('mkdir', ['-p', join(workspace, 'deploy/app')]);
    writeFileSync(join(workspace, 'deploy/app/pod.yaml'), SEED);
    writeFileSync(join(workspace, 'deploy/ok.yaml'), SEED_HARDENED);
    writeFileSync(join(workspace, 'output'), '');
    const step = (inputs: Record<string, string>) =>
      spawnSync(join(integrations, 'github/check.sh'), [], {
        cwd: workspace,
        encoding: 'utf8',
        env: { ...environment, GITHUB_OUTPUT: join(workspace, 'output'), INPUT_FILES: 'deploy/**/*.yaml', ...inputs },
      });
    const sarif = step({ INPUT_FORMAT: 'sarif', INPUT_SARIF_FILE: 'out.sarif', INPUT_FAIL_ON_FINDINGS: 'false', INPUT_EXPIRATION: '3600' });
    expect(sarif.status).toBe(0);
    const log = JSON.parse(readFileSync(join(workspace, 'out.sarif'), 'utf8')) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    // The hardened pod's 3607 s token is over the step's 3600 s bound.
    expect(log.runs[0]?.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual([
      'deploy/app/pod.yaml',
      'deploy/ok.yaml',
    ]);
    expect(readFileSync(join(workspace, 'output'), 'utf8')).toBe('sarif-file=out.sarif\nnot-hardened=true\n');
    const annotations = step({ INPUT_FORMAT: 'github' });
    expect(annotations.status).toBe(1);
    expect(annotations.stdout).toMatch(
      /^::error file=deploy\/app\/pod\.yaml,line=1,col=1,title=Pod\/foo-pod::automountServiceAccountToken is not false/,
    );
    const nothing = step({ INPUT_FILES: 'nowhere/*.yaml' });
    expect(nothing.status).toBe(2);
    expect(nothing.stdout).toBe('::error title=sa-token-hardener::no file matches: nowhere/*.yaml\n');
  });

  /** A HardeningConfig that takes the token from one workload only. */
  const noTokenFor = (kind: string, name: string) =>
    `apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nmetadata: {name: c}\nspec:\n  workloads:\n    - {kind: ${kind}, name: ${name}, apiAccess: none}\n`;

  it('the Helm post-renderer reads spec.workloads from SA_TOKEN_HARDENER_CONFIG', () => {
    const rendered = `---
# Source: shop/templates/web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: "nginx:1.27"
---
# Source: shop/templates/worker.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: "example/worker:1"
`;
    const configDirectory = mkdtempSync(join(tmpdir(), 'sa-token-hardener-helm-'));
    writeFileSync(join(configDirectory, 'hardening.yaml'), noTokenFor('Deployment', 'worker'));
    const result = spawnSync(join(integrations, 'helm/sa-token-hardener-post-renderer'), [], {
      encoding: 'utf8',
      input: rendered,
      env: { ...environment, SA_TOKEN_HARDENER_CONFIG: join(configDirectory, 'hardening.yaml') },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const documents = parseAllDocuments(result.stdout).map((document) => JSON.stringify(document.toJS()));
    expect(documents.map((document) => document.includes('/var/run/secrets/kubernetes.io/serviceaccount'))).toEqual([true, false]);
  });

  it('the GitHub Action step reads spec.workloads from its config', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'sa-token-hardener-action-'));
    writeFileSync(join(workspace, 'pod.yaml'), SEED_HARDENED);
    writeFileSync(join(workspace, 'hardening.yaml'), noTokenFor('Pod', 'foo-pod'));
    const step = (inputs: Record<string, string>) =>
      spawnSync(join(integrations, 'github/check.sh'), [], {
        cwd: workspace,
        encoding: 'utf8',
        env: { ...environment, GITHUB_OUTPUT: join(workspace, 'output'), INPUT_FILES: 'pod.yaml', INPUT_FORMAT: 'github', ...inputs },
      });
    expect(step({}).status).toBe(0);
    const withConfig = step({ INPUT_CONFIG: 'hardening.yaml' });
    expect(withConfig.status).toBe(1);
    expect(withConfig.stdout).toContain(
      'title=Pod/foo-pod::container "foo" mounts an API token although the workload is meant to have no API access',
    );
  });

  it('pin the command to the version of the package: the action, the wrappers and the Helm plugin', () => {
    const action = parse(readFileSync(join(repositoryRoot, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      runs: { using: string; steps: { env: Record<string, string> }[] };
    };
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps[0]?.env['SA_TOKEN_HARDENER_VERSION']).toBe(version);
    // Every input reaches the step, as an environment variable.
    for (const input of Object.keys(action.inputs)) {
      expect(action.runs.steps[0]?.env[`INPUT_${input.toUpperCase().replaceAll('-', '_')}`]).toBe(`\${{ inputs.${input} }}`);
    }
    for (const wrapper of [
      'helm/sa-token-hardener-post-renderer',
      'kustomize/sa-token-hardener-fn',
      'kustomize/plugin/sa-token-hardener.dev/v1alpha1/hardeningconfig/HardeningConfig',
    ]) {
      const pinned = [...readFileSync(join(integrations, wrapper), 'utf8').matchAll(/sa-token-hardener@([^ "]+)/g)].map(
        (match) => match[1],
      );
      expect(pinned, wrapper).toEqual([version]);
    }
    expect((parse(readFileSync(join(integrations, 'helm/plugin.yaml'), 'utf8')) as { version: string; type: string }).version).toBe(
      version,
    );
  });
});
