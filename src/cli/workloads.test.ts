import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CORPUS_DIR, describeCorpus, repositoryRoot } from '../test/corpus';
import { EXIT } from './cli';
import { runInMemory } from '../test/cli-in-memory';

const FIXTURES = join(repositoryRoot, 'src/core/fixtures/cluster');
const BUNDLE = readFileSync(join(FIXTURES, 'web-bundle.yaml'), 'utf8');
const CLUSTER_YAML = readFileSync(join(FIXTURES, 'small-cluster.yaml'), 'utf8');
const CLUSTER_JSON = readFileSync(join(FIXTURES, 'small-cluster.json'), 'utf8');
const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

const TWO_WEBS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {spec: {containers: [{name: app, image: x}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ops}
spec: {template: {spec: {containers: [{name: app, image: x}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: solo}
spec: {containers: [{name: app, image: x}]}
`;

const run = (argv: string[], files: Record<string, string> = {}, stdin = '') => runInMemory(argv, { files, stdin });

/** Which documents of a manifest mount anything at the token path. */
function tokenMounts(text: string): boolean[] {
  return parseAllDocuments(text).map((document) => JSON.stringify(document.toJS()).includes(TOKEN_PATH));
}

describe('--api-access', () => {
  it('mount is the default; none removes every token; --no-token is the same as none', () => {
    expect(tokenMounts(run(['-'], {}, TWO_WEBS).stdout)).toEqual([true, true, true]);
    expect(tokenMounts(run(['--api-access', 'mount'], {}, TWO_WEBS).stdout)).toEqual([true, true, true]);
    const none = run(['--api-access', 'none'], {}, TWO_WEBS);
    expect(tokenMounts(none.stdout)).toEqual([false, false, false]);
    expect(run(['--no-token'], {}, TWO_WEBS).stdout).toBe(none.stdout);
    expect(run(['--no-token', '--api-access', 'none'], {}, TWO_WEBS).stdout).toBe(none.stdout);
  });

  it('auto without an audit log mounts the token as mount does, and warns that it did', () => {
    const auto = run(['--api-access', 'auto'], {}, TWO_WEBS);
    expect(auto.status).toBe(EXIT.ok);
    expect(auto.stdout).toBe(run([], {}, TWO_WEBS).stdout);
    expect(auto.stderr).toContain('warning: --api-access auto removes a token only where an audit log shows it goes unused');
    expect(run(['--api-access', 'auto', '--quiet'], {}, TWO_WEBS).stderr).toBe('');
  });

  it('refuses another value, and --no-token with --api-access mount, with exit 2', () => {
    const bad = run(['--api-access', 'some'], {}, TWO_WEBS);
    expect(bad).toMatchObject({ status: EXIT.error, stdout: '' });
    expect(bad.stderr).toContain('API access (--api-access): "some" is not valid: it must be "mount"');
    const both = run(['--no-token', '--api-access', 'mount'], {}, TWO_WEBS);
    expect(both).toMatchObject({ status: EXIT.error, stdout: '' });
    expect(both.stderr).toBe('sa-token-hardener: error: --no-token means --api-access none, not --api-access mount: give one of them\n');
  });
});

describe('--workload', () => {
  it('overrides the one workload it names, and may be repeated', () => {
    const one = run(['--workload', 'Deployment/shop/web=none'], {}, TWO_WEBS);
    expect(one.status).toBe(EXIT.ok);
    expect(tokenMounts(one.stdout)).toEqual([false, true, true]);
    const two = run(['--api-access', 'none', '--workload', 'deploy/ops/web=mount', '--workload', 'Pod/solo=mount'], {}, TWO_WEBS);
    expect(tokenMounts(two.stdout)).toEqual([false, true, true]);
  });

  it('refuses a workload the input does not have, listing those it has', () => {
    const result = run(['--workload', 'Deployment/web=none', 'bundle.yaml'], { 'bundle.yaml': TWO_WEBS });
    expect(result).toMatchObject({ status: EXIT.error, stdout: '' });
    expect(result.stderr).toBe(
      'bundle.yaml:1:1: error: Deployment/web names no workload in the input (did you mean Deployment/shop/web?); it has Deployment/shop/web, Deployment/ops/web, Pod/solo\n' +
        'bundle.yaml:1:1: note: Name a workload as KIND/NAMESPACE/NAME (KIND/NAME for an object without a namespace), as the list shows.\n',
    );
  });

  it('refuses a value that is not KIND/NAMESPACE/NAME=mount|none, saying what is wrong', () => {
    for (const [value, message] of [
      ['Deployment/shop/web', '"Deployment/shop/web" has no "="'],
      ['Deployment/shop/web=off', 'the API access must be "mount" (mount the token) or "none" (no token), not "off"'],
      ['Service/shop/web=none', '"Service" is not a kind that carries a pod spec'],
      ['Deployment/Shop/web=none', '"Shop" is not a namespace name'],
      ['a/b/c/d=none', '"a/b/c/d" is not a workload: write KIND/NAMESPACE/NAME'],
    ] as const) {
      const result = run(['--workload', value], {}, TWO_WEBS);
      expect(result.status, value).toBe(EXIT.error);
      expect(result.stderr, value).toMatch(/^sa-token-hardener: error: API access per workload \(--workload\): /);
      expect(result.stderr, value).toContain(message);
    }
    expect(run(['--workload', ' '], {}, TWO_WEBS).stderr).toBe('sa-token-hardener: error: --workload needs a value\n');
  });

  it('refuses two choices that disagree about one workload', () => {
    const result = run(['--workload', 'Pod/solo=none', '--workload', 'Pod/solo=mount'], {}, TWO_WEBS);
    expect(result.status).toBe(EXIT.error);
    expect(result.stderr).toContain('Pod/solo is given both "none" and "mount": choose one');
  });

  it('with several files, gives each file the choices that name its workloads, and refuses one that names none of them', () => {
    const files = { 'a.yaml': TWO_WEBS, 'b.yaml': BUNDLE };
    const result = run(['--quiet', '--workload', 'Pod/solo=none', '--workload', 'Deployment/default/web=none', 'a.yaml', 'b.yaml'], files);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(EXIT.ok);
    const alone = run(['--quiet', '--workload', 'Pod/solo=none', 'a.yaml'], files).stdout;
    expect(result.stdout.startsWith(alone)).toBe(true);
    const missing = run(['--workload', 'Pod/nowhere=none', 'a.yaml', 'b.yaml'], files);
    expect(missing.status).toBe(EXIT.error);
    expect(missing.stderr).toMatch(
      /^sa-token-hardener: error: Pod\/nowhere names no workload in the inputs; they have Deployment\/shop\/web, /,
    );
  });
});

describe('--format workloads', () => {
  it('prints one line per workload: key, ServiceAccount, access and how it was chosen, recommendation, reason', () => {
    const result = run(['--format', 'workloads', '--workload', 'Deployment/ops/web=none'], {}, TWO_WEBS);
    expect(result.status).toBe(EXIT.ok);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WORKLOAD +SERVICEACCOUNT +API ACCESS +RECOMMENDED +REASON$/);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/).slice(0, 4))).toEqual([
      ['Deployment/shop/web', 'default', 'mount (default)', 'mount'],
      ['Deployment/ops/web', 'default', 'none (chosen)', 'mount'],
      ['Pod/solo', 'default', 'mount (default)', 'mount'],
    ]);
    expect(lines[1]).toMatch(/Keep the token: its ServiceAccount also serves .*\.$/);
  });

  it('gives exactly the documented shape with --json', () => {
    const result = run(['--format', 'workloads', '--json'], {}, TWO_WEBS);
    const json = JSON.parse(result.stdout) as { workloads: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['workloads']);
    for (const workload of json.workloads) {
      expect(Object.keys(workload)).toEqual([
        'kind',
        'namespace',
        'name',
        'serviceAccount',
        'apiAccess',
        'recommended',
        'strong',
        'evidence',
      ]);
      for (const item of workload['evidence'] as Record<string, unknown>[]) expect(Object.keys(item)).toEqual(['source', 'text']);
    }
    expect(json.workloads.map(({ kind, namespace, name }) => [kind, namespace, name])).toEqual([
      ['Deployment', 'shop', 'web'],
      ['Deployment', 'ops', 'web'],
      ['Pod', null, 'solo'],
    ]);
  });

  it('says so when the input has no workload', () => {
    const result = run(['--format', 'workloads'], {}, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    expect(result).toMatchObject({ status: EXIT.ok, stdout: 'No workloads: the input has no object that carries a pod spec.\n' });
  });

  it('escapes control characters of names for the terminal', () => {
    const result = run(
      ['--format', 'workloads'],
      {},
      'apiVersion: v1\nkind: Pod\nmetadata: {name: "a\\e[31mb"}\nspec: {containers: [{name: c}]}\n',
    );
    expect(result.stdout).toContain('Pod/a\\x1b[31mb');
    expect(result.stdout).not.toContain('\x1b');
  });
});

describe('--cluster', () => {
  it('reads kubectl dumps, YAML or JSON, as evidence: the recommendations cite the cluster, the manifest is the same', () => {
    const files = { 'bundle.yaml': BUNDLE, 'cluster.yaml': CLUSTER_YAML, 'cluster.json': CLUSTER_JSON };
    const plain = run(['--format', 'workloads', '--json', 'bundle.yaml'], files);
    for (const dump of ['cluster.yaml', 'cluster.json']) {
      const withDump = run(['--format', 'workloads', '--json', '--cluster', dump, 'bundle.yaml'], files);
      expect(withDump.status, dump).toBe(EXIT.ok);
      expect(withDump.stdout).not.toBe(plain.stdout);
      expect(withDump.stdout).toContain('"source": "cluster"');
      expect(run(['--cluster', dump, 'bundle.yaml'], files).stdout).toBe(run(['bundle.yaml'], files).stdout);
    }
    expect(plain.stdout).not.toContain('"source": "cluster"');
    // Several dumps read as one.
    expect(run(['--cluster', 'cluster.yaml', '--cluster', 'cluster.json', 'bundle.yaml'], files).status).toBe(EXIT.ok);
  });

  it('refuses a dump it cannot read, with the file, line and column, and exit 2', () => {
    const missing = run(['--cluster', 'nowhere.yaml', 'bundle.yaml'], { 'bundle.yaml': BUNDLE });
    expect(missing).toMatchObject({
      status: EXIT.error,
      stdout: '',
      stderr: 'nowhere.yaml: error: cannot read the cluster dump: ENOENT\n',
    });
    const broken = run(['--cluster', 'cluster.yaml', 'bundle.yaml'], { 'bundle.yaml': BUNDLE, 'cluster.yaml': 'items:\n  - a: [\n' });
    expect(broken.status).toBe(EXIT.error);
    expect(broken.stderr).toMatch(/^cluster\.yaml:3:1: error: /);
    const empty = run(['--cluster', 'cluster.yaml', 'bundle.yaml'], { 'bundle.yaml': BUNDLE, 'cluster.yaml': '' });
    expect(empty).toMatchObject({ status: EXIT.error, stderr: 'cluster.yaml:1:1: error: the dump is empty\n' });
  });

  it('warns about a document that is not a Kubernetes object, and reads the rest', () => {
    const files = { 'bundle.yaml': BUNDLE, 'cluster.yaml': `just: a map\n---\n${CLUSTER_YAML}` };
    const result = run(['--cluster', 'cluster.yaml', 'bundle.yaml'], files);
    expect(result.status).toBe(EXIT.ok);
    expect(result.stderr).toContain('cluster.yaml:1:1: warning: document 1 is not a Kubernetes object');
  });
});

describe('spec.workloads and apiAccess: auto in a HardeningConfig', () => {
  const config = `apiVersion: sa-token-hardener.dev/v1alpha1
kind: HardeningConfig
metadata: {name: c}
spec:
  apiAccess: auto
  workloads:
    - {kind: Deployment, namespace: shop, name: web, apiAccess: none}
    - {kind: Pod, name: solo, apiAccess: none}
`;

  it('is read by --config; a --workload flag replaces the file choice for the same workload', () => {
    const files = { 'hardening.yaml': config, 'bundle.yaml': TWO_WEBS };
    const result = run(['--config', 'hardening.yaml', '--quiet', 'bundle.yaml'], files);
    expect(result.status).toBe(EXIT.ok);
    expect(tokenMounts(result.stdout)).toEqual([false, true, false]);
    const flagged = run(['--config', 'hardening.yaml', '--quiet', '--workload', 'Pod/solo=mount', 'bundle.yaml'], files);
    expect(tokenMounts(flagged.stdout)).toEqual([false, true, true]);
  });

  it('refuses a bad entry at its own line and column', () => {
    const bad = config.replace('{kind: Pod, name: solo, apiAccess: none}', '{kind: Pod, name: solo, apiAccess: maybe}');
    const result = run(['--config', 'hardening.yaml', 'bundle.yaml'], { 'hardening.yaml': bad, 'bundle.yaml': TWO_WEBS });
    expect(result).toMatchObject({
      status: EXIT.error,
      stderr: 'hardening.yaml:8:42: error: spec.workloads[1].apiAccess must be mount or none\n',
    });
    const unknown = config.replace('name: solo,', 'nam: solo,');
    expect(run(['--config', 'h.yaml', 'b.yaml'], { 'h.yaml': unknown, 'b.yaml': TWO_WEBS }).stderr).toBe(
      'h.yaml:8:19: error: spec.workloads[1].nam is not a field; the fields are kind, namespace, name, apiAccess\n',
    );
    const kind = config.replace('kind: Pod,', 'kind: Service,');
    expect(run(['--config', 'h.yaml', 'b.yaml'], { 'h.yaml': kind, 'b.yaml': TWO_WEBS }).stderr).toMatch(
      /^h\.yaml:8:7: error: spec\.workloads\[1\]: "Service" is not a kind that carries a pod spec/,
    );
  });

  it('is read by the KRM function from its functionConfig', () => {
    const list = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec: {template: {spec: {containers: [{name: app, image: x}]}}}
  - apiVersion: v1
    kind: Pod
    metadata: {name: solo}
    spec: {containers: [{name: app, image: x}]}
functionConfig:
${config.replace(/^/gm, '  ').trimEnd()}
`;
    const result = run([], {}, list);
    expect(result.status).toBe(EXIT.ok);
    const items = (parse(result.stdout) as { items: unknown[] }).items;
    expect(items.map((item) => JSON.stringify(item).includes(TOKEN_PATH))).toEqual([false, false]);
    const unknown = run([], {}, list.replace('name: solo, apiAccess', 'name: gone, apiAccess'));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Pod/gone names no workload in the input');
  });
});

describeCorpus('the per-workload table of a real bundle', () => {
  it('argo-cd namespace-install: the repo server runs without a token and is recommended none; every bound controller keeps it', () => {
    const name = 'argo-cd__namespace-install.yaml';
    const text = readFileSync(join(CORPUS_DIR, name), 'utf8');
    const result = run(['--format', 'workloads', name], { [name]: text });
    expect(result.status).toBe(EXIT.ok);
    console.log(`--format workloads ${name}:\n${result.stdout}`);
    const rows = result.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/ {2,}/).slice(0, 4));
    expect(rows).toEqual([
      ['Deployment/argocd-applicationset-controller', 'argocd-applicationset-controller', 'mount (default)', 'mount, strong'],
      ['Deployment/argocd-dex-server', 'argocd-dex-server', 'mount (default)', 'mount, strong'],
      ['Deployment/argocd-notifications-controller', 'argocd-notifications-controller', 'mount (default)', 'mount, strong'],
      ['Deployment/argocd-redis', 'argocd-redis', 'mount (default)', 'mount, strong'],
      ['Deployment/argocd-repo-server', 'argocd-repo-server', 'mount (default)', 'none'],
      ['Deployment/argocd-server', 'argocd-server', 'mount (default)', 'mount, strong'],
      ['StatefulSet/argocd-application-controller', 'argocd-application-controller', 'mount (default)', 'mount, strong'],
    ]);
  });
});
