/**
 * Every integration, run end to end as its host runs it, from this checkout: the npm registry is
 * unreachable (npm points at a closed port) and `npx` on the PATH is a trap that records any call.
 * The README's recipes run as written, in a clean folder beside a link to this checkout named
 * `sa-token-hardener`, as the README lays it out. Tools a user may not have (kubectl, kpt,
 * kustomize, helm) are used when installed; otherwise their tests say why they are skipped.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runCompositeAction } from '../test/composite-action';
import { repositoryRoot } from '../test/corpus';

const SEED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/input.yaml'), 'utf8');
const SEED_HARDENED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/expected.yaml'), 'utf8');
const README = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
const { version } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string };
const integrations = join(repositoryRoot, 'integrations');

const hasCommand = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const tools = {
  kubectl: hasCommand('kubectl'),
  kpt: hasCommand('kpt'),
  kustomize: hasCommand('kustomize'),
  helm: hasCommand('helm'),
  shellcheck: hasCommand('shellcheck'),
};
for (const [tool, present] of Object.entries(tools)) if (!present) console.log(`${tool} tests skipped: no ${tool} on the PATH`);

/** `npx` that records its arguments and fails: no integration may reach for it. */
const trap = mkdtempSync(join(tmpdir(), 'npx-trap-'));
const trapLog = join(trap, 'calls');
writeFileSync(join(trap, 'npx'), `#!/bin/sh\necho "npx $*" >>"${trapLog}"\nexit 97\n`);
chmodSync(join(trap, 'npx'), 0o755);

/** The environment of every run: registry closed, npx trapped, no override of the command. */
function offline(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${trap}:${process.env['PATH'] ?? ''}`,
    npm_config_registry: 'http://127.0.0.1:9',
  };
  delete environment['SA_TOKEN_HARDENER'];
  delete environment['SA_TOKEN_HARDENER_CONFIG'];
  return { ...environment, ...extra };
}

/** A clean folder with `deploy/pod.yaml`, beside a link to this checkout, as the README's recipes start. */
function cleanFolder(): { folder: string; home: string } {
  const base = mkdtempSync(join(tmpdir(), 'sa-token-hardener-recipe-'));
  symlinkSync(repositoryRoot, join(base, 'sa-token-hardener'));
  const folder = join(base, 'manifests');
  mkdirSync(join(folder, 'deploy'), { recursive: true });
  writeFileSync(join(folder, 'deploy/pod.yaml'), SEED);
  const home = join(base, 'home');
  mkdirSync(home);
  return { folder, home };
}

/** The shell block after `<!-- recipe: NAME -->` in the README, de-indented. */
function recipe(name: string): string {
  const at = README.indexOf(`<!-- recipe: ${name} -->`);
  if (at < 0) throw new Error(`no recipe ${name} in the README`);
  const block = /```(\w+)\n([\s\S]*?)\n\s*```/.exec(README.slice(at));
  const lines = (block?.[2] ?? '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0));
  return lines.map((line) => line.slice(indent)).join('\n');
}

function runRecipe(name: string, folder: string, home: string): SpawnSyncReturns<string> {
  const environment = offline({ HOME: home });
  delete environment['XDG_CONFIG_HOME'];
  delete environment['KUSTOMIZE_PLUGIN_HOME'];
  return spawnSync('sh', ['-e', '-c', recipe(name)], { cwd: folder, encoding: 'utf8', env: environment });
}

const hardenedSeed = (expirationSeconds: number) =>
  parse(SEED_HARDENED.replace('expirationSeconds: 3607', `expirationSeconds: ${expirationSeconds}`)) as unknown;

function filesOf(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repositoryRoot, 'scripts/build-cli.mjs')], { cwd: repositoryRoot });
});

afterEach(() => {
  expect(existsSync(trapLog) ? readFileSync(trapLog, 'utf8') : '', 'npx was called').toBe('');
});

describe('kustomize and kpt, from the README', () => {
  it.skipIf(!tools.kubectl)('kubectl kustomize runs the legacy plugin linked into ~/.config/kustomize/plugin', () => {
    const { folder, home } = cleanFolder();
    const run = runRecipe('kubectl-kustomize', folder, home);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // kustomize prints the objects its own way (sorted keys, no comments); the values are ours.
    expect(parse(run.stdout)).toEqual(hardenedSeed(3600));
  });

  it.skipIf(!tools.kustomize)('kustomize build --enable-exec runs the KRM function linked beside the kustomization', () => {
    const { folder, home } = cleanFolder();
    const run = runRecipe('kustomize-exec', folder, home);
    expect(run.status, run.stderr).toBe(0);
    expect(parse(run.stdout)).toEqual(hardenedSeed(3600));
  });

  it.skipIf(!tools.kpt)('kpt fn eval hardens the package once: a second run leaves every file as the first left it', () => {
    const { folder, home } = cleanFolder();
    const deploy = join(folder, 'deploy');
    writeFileSync(join(deploy, 'pod.yaml'), `# The pod from the write-up\n# (a second comment)\n${SEED}`);
    writeFileSync(
      join(deploy, 'config.yaml'),
      '# Settings\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings # ours\ndata:\n  mode: "0444"\n',
    );
    // kpt formats the files it writes on its own: a function that hands items back as they came changes nothing more.
    const untouched = join(folder, 'untouched');
    mkdirSync(untouched);
    writeFileSync(join(untouched, 'config.yaml'), readFileSync(join(deploy, 'config.yaml')));
    writeFileSync(join(folder, 'cat'), '#!/bin/sh\ncat\n');
    chmodSync(join(folder, 'cat'), 0o755);
    expect(spawnSync('kpt', ['fn', 'eval', 'untouched', '--exec', './cat'], { cwd: folder, encoding: 'utf8' }).status).toBe(0);

    const first = runRecipe('kpt', folder, home);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('[info] v1/Pod/foo-pod spec.automountServiceAccountToken');
    const afterFirst = filesOf(deploy);
    expect(afterFirst['config.yaml']).toBe(readFileSync(join(untouched, 'config.yaml'), 'utf8'));
    expect(afterFirst['pod.yaml']).toMatch(/^# The pod from the write-up\n# \(a second comment\)\napiVersion: v1\n/);
    expect(afterFirst['pod.yaml']?.match(/# The pod from the write-up/g)).toHaveLength(1);
    expect(parse(afterFirst['pod.yaml'] ?? '')).toEqual(hardenedSeed(3600));

    const second = runRecipe('kpt', folder, home);
    expect(second.status, second.stderr).toBe(0);
    expect(filesOf(deploy)).toEqual(afterFirst);
  });

  it.skipIf(!tools.kpt)('kpt fn render runs the function from a Kptfile pipeline, the exec path read from where kpt runs', () => {
    const { folder } = cleanFolder();
    const deploy = join(folder, 'deploy');
    writeFileSync(join(deploy, 'hardening.yaml'), readFileSync(join(integrations, 'kustomize/harden.yaml')));
    writeFileSync(
      join(deploy, 'Kptfile'),
      'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: deploy\npipeline:\n  mutators:\n    - exec: ../sa-token-hardener/integrations/kustomize/sa-token-hardener-fn\n      configPath: hardening.yaml\n',
    );
    const render = spawnSync('kpt', ['fn', 'render', '--allow-exec', 'deploy'], { cwd: folder, encoding: 'utf8', env: offline() });
    expect(render.status, render.stderr).toBe(0);
    expect(parse(readFileSync(join(deploy, 'pod.yaml'), 'utf8'))).toEqual(hardenedSeed(3600));
  });
});

/** A HardeningConfig that takes the token from one workload only (spec.workloads). */
const noTokenFor = (kind: string, name: string) =>
  `apiVersion: sa-token-hardener.dev/v1alpha1\nkind: HardeningConfig\nmetadata: {name: c}\nspec:\n  workloads:\n    - {kind: ${kind}, name: ${name}, apiAccess: none}\n`;

describe('the Helm post-renderer', () => {
  const rendered = `---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  labels:
    helm.sh/chart: web-1.0.0
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
  const policy = mkdtempSync(join(tmpdir(), 'sa-token-hardener-helm-'));
  writeFileSync(join(policy, 'hardening.yaml'), readFileSync(join(integrations, 'kustomize/harden.yaml')));

  /** Runs an executable as Helm runs a post-renderer: the rendered stream in, the manifests out. */
  const postRender = (executable: string, args: string[], input: string, extra: Record<string, string> = {}) =>
    spawnSync(executable, args, { encoding: 'utf8', input, env: offline(extra) });

  it('Helm 3: hardens a rendered chart through the path to the executable, keeping its # Source: comments and every line', () => {
    const { folder } = cleanFolder();
    const run = postRender(
      join(folder, '../sa-token-hardener/integrations/helm/sa-token-hardener-post-renderer'),
      ['--volume-name', 'api-token'],
      rendered,
      {
        SA_TOKEN_HARDENER_CONFIG: join(policy, 'hardening.yaml'),
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const outputLines = run.stdout.split('\n');
    let at = 0;
    for (const line of rendered.split('\n')) {
      at = outputLines.indexOf(line, at) + 1;
      expect(at, `kept: ${line}`).toBeGreaterThan(0);
    }
    const documents = parseAllDocuments(run.stdout).map((document) => document.toJS() as Record<string, unknown>);
    expect(documents.map((document) => document['kind'])).toEqual(['ServiceAccount', 'Deployment']);
    expect(documents[0]).toMatchObject({ automountServiceAccountToken: false });
    expect(run.stdout).toContain('expirationSeconds: 3600');
    expect(run.stdout).toContain('- name: api-token');
  });

  it('Helm 4: the plugin runs through the link helm plugin install makes, with ${HELM_PLUGIN_DIR} as plugin.yaml says', () => {
    const plugin = parse(readFileSync(join(integrations, 'helm/plugin.yaml'), 'utf8')) as {
      version: string;
      type: string;
      runtimeConfig: { platformCommand: { command: string }[] };
    };
    expect([plugin.type, plugin.version]).toEqual(['postrenderer/v1', version]);
    const plugins = mkdtempSync(join(tmpdir(), 'helm-plugins-'));
    // helm plugin install DIR links DIR into the plugins folder under DIR's own name.
    symlinkSync(join(integrations, 'helm'), join(plugins, 'helm'));
    const pluginDir = join(plugins, 'helm');
    const command = plugin.runtimeConfig.platformCommand[0]?.command.replace('${HELM_PLUGIN_DIR}', pluginDir) ?? '';
    const run = postRender(command, ['--expiration=3600'], rendered, { HELM_PLUGIN_DIR: pluginDir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('expirationSeconds: 3600');
  });

  const executable = join(integrations, 'helm/sa-token-hardener-post-renderer');

  it('passes a chart that renders nothing, or only blank lines, through; fails a broken stream with its position', () => {
    for (const input of ['', '\n', '  \n\n \t\n']) expect(postRender(executable, [], input)).toMatchObject({ status: 0, stdout: input });
    const broken = postRender(executable, [], 'a: [\n');
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^<stdin>:\d+:\d+: error: /);
  });

  it('reads a rendered ResourceList as manifests: the operator config wins, the chart chooses no options', () => {
    const chartList = `apiVersion: config.kubernetes.io/v1
kind: ResourceList # rendered by a chart
items:
  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: x}]}}
functionConfig:
  apiVersion: sa-token-hardener.dev/v1alpha1
  kind: HardeningConfig
  metadata: {name: chart}
  spec: {expirationSeconds: 4294967296, defaultMode: "0777"}
`;
    const run = postRender(executable, [], chartList, { SA_TOKEN_HARDENER_CONFIG: join(policy, 'hardening.yaml') });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('expirationSeconds: 3600');
    expect(run.stdout).toContain('defaultMode: 292');
    expect(run.stdout).not.toContain('results:');
    const unconfigured = postRender(executable, [], chartList);
    expect(unconfigured.stdout).toContain('expirationSeconds: 3607');
  });

  it('reads spec.workloads from SA_TOKEN_HARDENER_CONFIG: one workload left without a token', () => {
    const two = `${rendered}---
# Source: web/templates/worker.yaml
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
    writeFileSync(join(policy, 'workloads.yaml'), noTokenFor('Deployment', 'worker'));
    const run = postRender(executable, [], two, { SA_TOKEN_HARDENER_CONFIG: join(policy, 'workloads.yaml') });
    expect(run.status, run.stderr).toBe(0);
    const documents = parseAllDocuments(run.stdout).map((document) => JSON.stringify(document.toJS()));
    expect(documents.map((document) => document.includes('/var/run/secrets/kubernetes.io/serviceaccount'))).toEqual([false, true, false]);
  });

  it.skipIf(!tools.helm)('helm template runs the post-renderer on a chart', () => {
    const chart = mkdtempSync(join(tmpdir(), 'chart-'));
    mkdirSync(join(chart, 'templates'));
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    writeFileSync(join(chart, 'templates/pod.yaml'), SEED);
    const run = spawnSync('helm', ['template', 'web', chart, '--post-renderer', executable], { encoding: 'utf8', env: offline() });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('automountServiceAccountToken: false');
  });
});

describe('the GitHub Action, its steps run as a runner runs a composite action', () => {
  function workspace(): string {
    const folder = mkdtempSync(join(tmpdir(), 'sa-token-hardener-workspace-'));
    mkdirSync(join(folder, 'deploy/app'), { recursive: true });
    mkdirSync(join(folder, '.github'));
    writeFileSync(join(folder, 'deploy/app/pod.yaml'), SEED);
    writeFileSync(join(folder, 'deploy/ok.yaml'), SEED_HARDENED);
    writeFileSync(join(folder, 'deploy/[p].yaml'), SEED.replace('foo-pod', 'bracketed'));
    writeFileSync(join(folder, 'deploy/my app.yaml'), SEED.replace('foo-pod', 'spaced'));
    writeFileSync(join(folder, '.github/hardening.yaml'), readFileSync(join(integrations, 'kustomize/harden.yaml')));
    return folder;
  }
  const run = (inputs: Record<string, string>, folder = workspace(), actionPath = repositoryRoot) =>
    ({ folder, ...runCompositeAction(actionPath, inputs, folder, offline()) }) as const;

  type Sarif = { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };

  it("runs the README's workflow: SARIF of every file a glob names, brackets and spaces included, and not-hardened", () => {
    const workflow = parse(recipe('github-action')) as {
      jobs: Record<string, { steps: { id?: string; with?: Record<string, string> }[] }>;
    };
    const inputs = Object.values(workflow.jobs)[0]?.steps.find((step) => step.id === 'harden')?.with ?? {};
    expect(inputs).toMatchObject({ format: 'sarif', config: '.github/hardening.yaml' });
    const { folder, status, outputs, commands } = run(inputs);
    expect(status).toBe(1);
    expect(outputs).toEqual({ 'sarif-file': 'sa-token-hardener.sarif', 'not-hardened': 'true' });
    const log = JSON.parse(readFileSync(join(folder, 'sa-token-hardener.sarif'), 'utf8')) as Sarif;
    const uris = new Set(log.runs[0]?.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri));
    // The hardened pod's 3607 s token is over the workflow's 3600 s bound, so every file is reported.
    expect([...uris].sort()).toEqual(['deploy/%5Bp%5D.yaml', 'deploy/app/pod.yaml', 'deploy/my%20app.yaml', 'deploy/ok.yaml']);
    expect(commands.filter((command) => command.command === 'error')).toEqual([]);
  });

  it('annotates each object that is not hardened, and a file named on a line of its own (spaces and all) is that file', () => {
    const { status, outputs, commands } = run({ files: 'deploy/app/*.yaml\ndeploy/my app.yaml\n' });
    expect(status).toBe(1);
    expect(outputs['not-hardened']).toBe('true');
    expect(
      commands.filter((command) => command.command === 'error').map((command) => [command.properties['file'], command.properties['title']]),
    ).toEqual([
      ['deploy/app/pod.yaml', 'Pod/foo-pod'],
      ['deploy/my app.yaml', 'Pod/spaced'],
    ]);
    const passing = run({ files: 'deploy/ok.yaml', 'fail-on-findings': 'true' });
    expect([passing.status, passing.outputs['not-hardened']]).toEqual([0, 'false']);
  });

  it('reads spec.workloads from its config: a workload chosen for no token is checked as such', () => {
    const folder = workspace();
    writeFileSync(join(folder, '.github/workloads.yaml'), noTokenFor('Pod', 'foo-pod'));
    expect(run({ files: 'deploy/ok.yaml', format: 'github' }, folder).status).toBe(0);
    const chosen = run({ files: 'deploy/ok.yaml', format: 'github', config: '.github/workloads.yaml' }, folder);
    expect(chosen.status).toBe(1);
    expect(JSON.stringify(chosen.commands)).toContain('mounts an API token although the workload is meant to have no API access');
  });

  it('reports every pattern that matches nothing, and fails as could-not-run', () => {
    const { status, outputs, commands } = run({ files: 'deploy/*.yaml nowhere/*.yaml\nmissing.yaml' });
    expect(status).toBe(2);
    expect(commands.map((command) => command.data)).toEqual(['no file matches nowhere/*.yaml', 'no file matches missing.yaml']);
    expect(outputs).toEqual({ 'sarif-file': '', 'not-hardened': '' });
  });

  it('tells a command that could not run from a finding: no not-hardened, no SARIF file, its own message', () => {
    const badOption = run({ files: 'deploy/**/*.yaml', format: 'sarif', expiration: '10' });
    expect(badOption.status).toBe(2);
    expect(badOption.outputs).toEqual({ 'sarif-file': '', 'not-hardened': '' });
    expect(existsSync(join(badOption.folder, 'sa-token-hardener.sarif'))).toBe(false);
    expect(badOption.commands).toEqual([
      { command: 'error', properties: { title: 'sa-token-hardener could not run' }, data: 'sa-token-hardener exited with status 2' },
    ]);
    expect(badOption.text.join('\n')).toContain('--expiration');

    const folder = workspace();
    writeFileSync(join(folder, 'deploy/broken.yaml'), 'a: [\n');
    const badFile = run({ files: 'deploy/**/*.yaml' }, folder);
    expect([badFile.status, badFile.outputs['not-hardened']]).toEqual([2, '']);
    expect(badFile.commands.map((command) => command.properties['title'])).toEqual(['sa-token-hardener could not run']);

    // An action ref without the built command (and nothing to build it with) cannot run either.
    const bare = mkdtempSync(join(tmpdir(), 'sa-token-hardener-action-'));
    execFileSync('cp', ['-R', join(repositoryRoot, 'action.yml'), join(repositoryRoot, 'integrations'), bare]);
    const unbuilt = run({ files: 'deploy/**/*.yaml', format: 'sarif' }, workspace(), bare);
    expect(unbuilt.status).toBe(2);
    expect(unbuilt.outputs).toEqual({ 'sarif-file': '', 'not-hardened': '' });
    expect(unbuilt.commands).toEqual([expect.objectContaining({ data: 'sa-token-hardener exited with status 127' })]);
    expect(unbuilt.text.join('\n')).toContain('dist/cli/sa-token-hardener.cjs is missing');
  });

  it('lets no file name or message act as a workflow command, on standard output or standard error', () => {
    const folder = workspace();
    const knative =
      'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: [{image: x}]\n';
    // Names a glob finds, whose text would be commands: at the start of a standard-error note, with properties, with a line break.
    writeFileSync(join(folder, '::warning title=forged::note.yaml'), knative);
    writeFileSync(join(folder, 'a,b:c%0A::error::x.yaml'), SEED);
    writeFileSync(join(folder, 'line\n::error title=forged::break.yaml'), SEED);
    const { status, commands } = run({ files: '*.yaml' }, folder);
    expect(status).toBe(1);
    expect(commands.filter((command) => command.properties['title'] === 'forged' || command.data.includes('forged'))).toEqual([]);
    expect(commands.map((command) => [command.command, command.properties['file']])).toEqual([
      ['error', 'a,b:c%0A::error::x.yaml'],
      ['error', 'line\n::error title=forged::break.yaml'],
    ]);
  });
});

describe('the package: npm pack, pre-commit and the installed wrappers, with the registry closed', () => {
  it('packs integrations/ and LICENSE; installed, the hook entry and the wrappers run the packed command', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'sa-token-hardener-pack-'));
    // npm pack runs `prepare`, which builds the command (as pre-commit's `npm install` does).
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      env: offline(),
    }).trim();
    const listing = execFileSync('tar', ['-tvzf', join(scratch, tarball)], { encoding: 'utf8' });
    for (const file of [
      'package/LICENSE',
      'package/dist/cli/sa-token-hardener.cjs',
      'package/integrations/sa-token-hardener',
      'package/integrations/github/check.sh',
      'package/integrations/helm/sa-token-hardener-post-renderer',
      'package/integrations/helm/plugin.yaml',
      'package/integrations/kustomize/sa-token-hardener-fn',
      'package/integrations/kustomize/plugin/sa-token-hardener.dev/v1alpha1/hardeningconfig/HardeningConfig',
    ]) {
      expect(listing, file).toMatch(new RegExp(`^\\S+ .* ${file.replaceAll('.', '\\.')}$`, 'm'));
    }
    expect(listing).toMatch(/^-rwxr-xr-x .* package\/integrations\/kustomize\/sa-token-hardener-fn$/m);
    expect(readFileSync(join(repositoryRoot, 'LICENSE'), 'utf8')).toMatch(/Apache License\n +Version 2\.0, January 2004/);
    expect((JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { license: string }).license).toBe('Apache-2.0');

    // What pre-commit does with a `language: node` hook once its `npm install` ran: install the packed repository globally in its environment.
    const prefix = join(scratch, 'env');
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(scratch, tarball)], {
      cwd: scratch,
      env: offline(),
      stdio: 'pipe',
    });
    const hooks = parse(readFileSync(join(repositoryRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { entry: string; language: string }[];
    const [hook] = hooks;
    expect(hook?.language).toBe('node');
    const [command = '', ...args] = hook?.entry.split(' ') ?? [];
    writeFileSync(join(scratch, 'pod.yaml'), SEED);
    writeFileSync(join(scratch, 'ok.yaml'), SEED_HARDENED);
    const hookEnvironment = offline({ PATH: `${join(prefix, 'bin')}:${trap}:${process.env['PATH'] ?? ''}` });
    const failing = spawnSync(command, [...args, 'pod.yaml', 'ok.yaml'], { cwd: scratch, encoding: 'utf8', env: hookEnvironment });
    expect(failing.status, failing.stderr).toBe(1);
    expect(failing.stdout).toBe(
      'pod.yaml:1: Pod/foo-pod: automountServiceAccountToken is not false, so the API server mounts a token on its own: set it to false on the pod spec\n',
    );
    expect(spawnSync(command, [...args, 'ok.yaml'], { cwd: scratch, encoding: 'utf8', env: hookEnvironment }).status).toBe(0);

    // The README's recipe: the tarball installed in another project, its command run with npx --no.
    const project = join(scratch, 'my-manifests');
    mkdirSync(project);
    execFileSync('npm', ['install', '--save-dev', '--no-audit', '--no-fund', join(scratch, tarball)], {
      cwd: project,
      env: offline(),
      stdio: 'pipe',
    });
    writeFileSync(join(project, 'pod.yaml'), SEED);
    const local = spawnSync('npx', ['--no', 'sa-token-hardener', 'pod.yaml'], {
      cwd: project,
      encoding: 'utf8',
      env: offline({ PATH: process.env['PATH'] ?? '' }),
    });
    expect(local.status, local.stderr).toBe(0);
    expect(local.stdout).toBe(SEED_HARDENED);

    // The wrappers of the installed package run its own command: nothing else is there to run.
    const installed = join(prefix, 'lib/node_modules/sa-token-hardener/integrations');
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${SEED.replace(/^/gm, '  ').replace(/^ {2}/, '- ')}`;
    const krm = spawnSync(join(installed, 'kustomize/sa-token-hardener-fn'), [], { encoding: 'utf8', input: list, env: offline() });
    expect(krm.status, krm.stderr).toBe(0);
    expect(krm.stdout).toContain('automountServiceAccountToken: false');
  });
});

describe('the launcher', () => {
  it('builds the command on first use in a checkout with its dependencies, and says what to do without them', () => {
    const root = mkdtempSync(join(tmpdir(), 'sa-token-hardener-checkout-'));
    mkdirSync(join(root, 'integrations'));
    writeFileSync(join(root, 'integrations/sa-token-hardener'), readFileSync(join(integrations, 'sa-token-hardener')));
    chmodSync(join(root, 'integrations/sa-token-hardener'), 0o755);
    const launcher = join(root, 'integrations/sa-token-hardener');
    const missing = spawnSync(launcher, ['--version'], { encoding: 'utf8', env: offline() });
    expect(missing.status).toBe(127);
    expect(missing.stderr).toContain(
      `${root}/dist/cli/sa-token-hardener.cjs is missing and cannot be built here: run \`npm ci\` in ${root}`,
    );

    for (const name of ['src', 'scripts', 'node_modules', 'package.json']) symlinkSync(join(repositoryRoot, name), join(root, name));
    const first = spawnSync(launcher, ['--version'], { encoding: 'utf8', env: offline() });
    expect([first.status, first.stdout]).toEqual([0, `${version}\n`]);
    expect(first.stderr).toContain('building');
    expect(existsSync(join(root, 'dist/cli/sa-token-hardener.cjs'))).toBe(true);
    const again = spawnSync(launcher, ['--version'], { encoding: 'utf8', env: offline() });
    expect([again.status, again.stderr]).toEqual([0, '']);
    // SA_TOKEN_HARDENER overrides it, arguments and all.
    const overridden = spawnSync(launcher, ['--version'], { encoding: 'utf8', env: { ...offline(), SA_TOKEN_HARDENER: 'echo override' } });
    expect(overridden.stdout).toBe('override --version\n');
  });

  it.skipIf(!tools.shellcheck)('the shell scripts pass shellcheck', () => {
    const scripts = [
      'sa-token-hardener',
      'github/check.sh',
      'helm/sa-token-hardener-post-renderer',
      'kustomize/sa-token-hardener-fn',
      'kustomize/plugin/sa-token-hardener.dev/v1alpha1/hardeningconfig/HardeningConfig',
    ].map((script) => join(integrations, script));
    const run = spawnSync('shellcheck', scripts, { encoding: 'utf8' });
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  it('no integration reaches for a registry at run time: no `npx --yes` or `npx -y` anywhere it runs', () => {
    const files = execFileSync('git', ['ls-files', 'integrations', 'action.yml', '.pre-commit-hooks.yaml', 'README.md'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((file) => file !== '');
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) expect(readFileSync(join(repositoryRoot, file), 'utf8'), file).not.toMatch(/npx +(--yes|-y) /);
  });
});
