import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, hasCorpus, isHelmTemplate } from '../../test/corpus';
import { DEFAULT_OPTIONS, harden } from '../index';
import { isJsonObject, type JsonObject } from './json-values';
import { kustomizeNotes, kustomizePatches } from './kustomize';
import { parseManifestFully as parseManifest, toPlainValue } from '../read/parse';

const FIXTURES = join(import.meta.dirname, '../fixtures/formats');

function isKubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const hasKubectl = isKubectlAvailable();
if (!hasKubectl) console.log('kustomize: tests that run `kubectl kustomize` are skipped: kubectl is not on PATH');

function documentsOf(text: string): unknown[] {
  return parseManifest(text).documents.map(toPlainValue);
}

function readFixture(name: string): { inputText: string; input: unknown[]; hardened: unknown[] } {
  const inputText = readFileSync(join(FIXTURES, `${name}.input.yaml`), 'utf8');
  return { inputText, input: documentsOf(inputText), hardened: documentsOf(readFileSync(join(FIXTURES, `${name}.hardened.yaml`), 'utf8')) };
}

/** The objects kustomize reads: List items instead of the List. */
function objectsOf(values: readonly unknown[]): JsonObject[] {
  return values.flatMap((value) => {
    if (!isJsonObject(value)) return [];
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) return objectsOf(value.items);
    return [value];
  });
}

function identityOf(object: JsonObject): string {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  return JSON.stringify([object.apiVersion, object.kind, metadata.namespace ?? '', metadata.name]);
}

/** A copy without `null` members: kustomize drops them from every object it patches (to Kubernetes, null is absent). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => (item === null ? [] : [[key, withoutNulls(item)]])));
}

/** Objects in a comparable order, without nulls and the bookkeeping annotations kustomize may add. */
function comparable(objects: readonly JsonObject[]): JsonObject[] {
  return objects
    .map((object) => {
      const copy = withoutNulls(JSON.parse(JSON.stringify(object))) as JsonObject;
      const metadata = isJsonObject(copy.metadata) ? copy.metadata : undefined;
      if (metadata && isJsonObject(metadata.annotations)) {
        for (const key of Object.keys(metadata.annotations)) {
          if (/^(internal\.)?config\.kubernetes\.io\//.test(key)) delete metadata.annotations[key];
        }
        if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
      }
      return copy;
    })
    .sort((left, right) => identityOf(left).localeCompare(identityOf(right)));
}

/** Runs `kubectl kustomize` on the original file with the patches (none for ''), as a user would lay them out. */
function kustomizeBuild(originalText: string, patches: string | undefined): JsonObject[] {
  const directory = mkdtempSync(join(tmpdir(), 'sa-token-hardener-kustomize-'));
  try {
    writeFileSync(join(directory, 'original.yaml'), originalText);
    let kustomization = 'resources:\n  - original.yaml\n';
    if (patches !== undefined && patches !== '') {
      writeFileSync(join(directory, 'hardening-patches.yaml'), patches);
      kustomization += 'patches:\n  - path: hardening-patches.yaml\n';
    }
    writeFileSync(join(directory, 'kustomization.yaml'), kustomization);
    const output = execFileSync('kubectl', ['kustomize', directory], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return objectsOf(documentsOf(output));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Why `kubectl kustomize` refused, in its own words, without the log prefix (`E1130 … "command
 * failed"`) that would read like a failure of the test run: the stderr was captured for this.
 */
function kustomizeReason(error: unknown): string {
  const stderr = String((error as { stderr?: unknown }).stderr ?? error);
  return /'original\.yaml': ([^']+)/.exec(stderr)?.[1] ?? /err="([^"]+)"/.exec(stderr)?.[1] ?? 'see kubectl kustomize';
}

/** The patch documents, parsed. */
function patchDocuments(patches: string): JsonObject[] {
  return documentsOf(patches).filter(isJsonObject);
}

function pathValue(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (current, key) => (isJsonObject(current) || Array.isArray(current) ? (current as Record<string, unknown>)[key] : undefined),
    value,
  );
}

const GOLDEN = join(import.meta.dirname, '../fixtures/golden');

/** The engine's golden cases (input and expected output), read as they are. */
const goldenCases = readdirSync(GOLDEN)
  .sort()
  .flatMap((name) => {
    const files = readdirSync(join(GOLDEN, name));
    const input = files.find((file) => file.startsWith('input.'));
    const expected = files.find((file) => file.startsWith('expected.'));
    if (!input || !expected) return [];
    return [[name, readFileSync(join(GOLDEN, name, input), 'utf8'), readFileSync(join(GOLDEN, name, expected), 'utf8')] as const];
  });

const fixtureNames = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.input.yaml'))
  .map((name) => name.replace(/\.input\.yaml$/, ''))
  .sort();

/** A batch/v1 CronJob that mounts a legacy token Secret at the token path, beside a volume of its own. */
const CRONJOB_WITH_TOKEN_SECRET = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: shop/report:1
              volumeMounts:
                - name: scratch
                  mountPath: /scratch
                - name: report-token-x7k2p
                  mountPath: /var/run/secrets/kubernetes.io/serviceaccount
                  readOnly: true
          volumes:
            - name: scratch
              emptyDir: {}
            - name: report-token-x7k2p
              secret:
                secretName: report-token-x7k2p
`;

describe('kustomizePatches', () => {
  it('returns an empty string when nothing changed', () => {
    const { input } = readFixture('pod');
    expect(kustomizePatches(input, input)).toBe('');
  });

  it('patches a pod: identity first, then only what changed', () => {
    const { input, hardened } = readFixture('pod');
    const patches = kustomizePatches(input, hardened);
    expect(patches).toMatch(
      /^apiVersion: v1\nkind: Pod\nmetadata:\n {2}name: foo-pod\n {2}namespace: default\nspec:\n {2}automountServiceAccountToken: false\n/,
    );
    expect(patches).not.toContain('serviceAccountName');
    expect(patches).not.toContain('image:');
    expect(patchDocuments(patches)).toHaveLength(1);
  });

  it('deletes a replaced volume by name and sets the new volume name on the mount at the same path', () => {
    const { input, hardened } = readFixture('deployment-kube-api-access');
    const [patch] = patchDocuments(kustomizePatches(input, hardened));
    const podSpec = pathValue(patch, ['spec', 'template', 'spec']);
    expect(pathValue(podSpec, ['volumes', 0])).toEqual({ name: 'kube-api-access-x7q2v', $patch: 'delete' });
    expect(pathValue(podSpec, ['containers', 0, 'volumeMounts'])).toEqual([
      { mountPath: '/data' },
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'serviceaccount-token', readOnly: true },
    ]);
    // The mount path with a trailing slash is another merge key: deleted, then the normalised one added.
    expect(pathValue(podSpec, ['containers', 1, 'volumeMounts'])).toEqual([
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/', $patch: 'delete' },
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'serviceaccount-token', readOnly: true },
    ]);
  });

  it('removes fields the hardened mount no longer has with null', () => {
    const { input, hardened } = readFixture('statefulset-legacy-secret');
    const [patch] = patchDocuments(kustomizePatches(input, hardened));
    expect(pathValue(patch, ['spec', 'template', 'spec', 'containers', 0, 'volumeMounts', 0])).toEqual({
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      name: 'serviceaccount-token',
      readOnly: true,
      subPath: null,
    });
  });

  it('names unchanged entries where kustomize would otherwise reorder them (init containers run in order)', () => {
    const { input, hardened } = readFixture('init-order');
    const [patch] = patchDocuments(kustomizePatches(input, hardened));
    expect(pathValue(patch, ['spec', 'initContainers', 0])).toEqual({ name: 'setup' });
  });

  it('merges the lists of a batch/v1 CronJob by key, as kustomize does: a replaced volume is deleted by name', () => {
    const input = documentsOf(CRONJOB_WITH_TOKEN_SECRET);
    const [patch] = patchDocuments(kustomizePatches(input, documentsOf(harden(CRONJOB_WITH_TOKEN_SECRET, DEFAULT_OPTIONS).output)));
    const podSpec = pathValue(patch, ['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    const volumes = pathValue(podSpec, ['volumes']) as JsonObject[];
    expect(volumes[0]).toEqual({ name: 'report-token-x7k2p', $patch: 'delete' });
    expect(volumes.map((volume) => volume.name)).toEqual(['report-token-x7k2p', 'scratch', 'serviceaccount-token']);
    expect(pathValue(podSpec, ['containers', 0, 'volumeMounts'])).toContainEqual({
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      name: 'serviceaccount-token',
      readOnly: true,
    });
  });

  it('replaces whole lists in custom resources and retired apiVersions, with no $patch keys', () => {
    const { input, hardened } = readFixture('custom-resources');
    const text = kustomizePatches(input, hardened);
    expect(text).not.toContain('$patch');
    const [rollout, jobSet, legacyDaemonSet, scaledJob] = patchDocuments(text);
    expect(pathValue(rollout, ['spec', 'template', 'spec', 'volumes'])).toEqual(
      pathValue(hardened[0], ['spec', 'template', 'spec', 'volumes']),
    );
    expect(pathValue(rollout, ['spec', 'template', 'spec', 'containers'])).toEqual(
      pathValue(hardened[0], ['spec', 'template', 'spec', 'containers']),
    );
    expect(pathValue(jobSet, ['spec', 'replicatedJobs'])).toEqual(pathValue(hardened[1], ['spec', 'replicatedJobs']));
    expect(pathValue(legacyDaemonSet, ['spec', 'template', 'spec', 'volumes'])).toEqual(
      pathValue(hardened[2], ['spec', 'template', 'spec', 'volumes']),
    );
    expect(pathValue(scaledJob, ['spec', 'jobTargetRef', 'template', 'spec', 'automountServiceAccountToken'])).toBe(false);
    expect(pathValue(scaledJob, ['spec', 'triggers'])).toBeUndefined();
  });

  it('patches the items of a List as separate objects, and a ServiceAccount at its top level', () => {
    const { input, hardened } = readFixture('list');
    const patches = patchDocuments(kustomizePatches(input, hardened));
    expect(patches.map((patch) => patch.kind)).toEqual(['ServiceAccount', 'Pod']);
    expect(patches[0]).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'api', namespace: 'prod' },
      automountServiceAccountToken: false,
    });
  });

  it('replaces a keyed list whole when its entries cannot be told apart by key', () => {
    const pod = (mounts: unknown[]): JsonObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', volumeMounts: mounts }] },
    });
    const before = pod([{ name: 'x' }, { mountPath: '/a', name: 'a' }]);
    const after = pod([
      { mountPath: '/a', name: 'a' },
      { mountPath: '/t', name: 't', readOnly: true },
    ]);
    const [patch] = patchDocuments(kustomizePatches([before], [after]));
    expect(pathValue(patch, ['spec', 'containers', 0, 'volumeMounts'])).toEqual([
      { $patch: 'replace' },
      { mountPath: '/a', name: 'a' },
      { mountPath: '/t', name: 't', readOnly: true },
    ]);
  });

  it('keeps a member named __proto__ as a member', () => {
    const before = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} };
    const after = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"__proto__":"x"}}') as unknown;
    expect(kustomizePatches([before], [after])).toContain('data:\n  __proto__: x\n');
  });

  it('quotes strings that some YAML reader would take for something else', () => {
    const before = [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', args: [] }] } }];
    const after = [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', args: ['yes', '0444', '0o444', 'on', '1:20', 'plain'] }] },
      },
    ];
    const text = kustomizePatches(before, after);
    expect(text).toContain('- "yes"\n');
    expect(text).toContain('- "0444"\n');
    expect(text).toContain('- "0o444"\n');
    expect(text).toContain('- "on"\n');
    expect(text).toContain('- "1:20"\n');
    expect(text).toContain('- plain\n');
  });

  it('notes objects a patch cannot reach instead of patching them', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', spec: { containers: [] } };
    const named = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'named' }, spec: { containers: [] } };
    const hardenedNamed = { ...named, spec: { automountServiceAccountToken: false, containers: [] } };
    const serviceAccount = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'web', namespace: 'shop' },
      automountServiceAccountToken: false,
    };
    const input = [pod, named];
    const output = [{ ...pod, spec: { automountServiceAccountToken: false, containers: [] } }, hardenedNamed, serviceAccount];
    const notes = [
      'A Pod without apiVersion, kind or metadata.name cannot be patched by kustomize; it is left out.',
      "ServiceAccount/shop/web is new in the hardened output: add it to the kustomization's resources (a patch cannot create it).",
    ];
    expect(kustomizeNotes(input, output)).toEqual(notes);
    const text = kustomizePatches(input, output);
    expect(text.startsWith(notes.map((note) => `# ${note}\n`).join('') + 'apiVersion: v1\nkind: Pod\n')).toBe(true);
    expect(patchDocuments(text)).toEqual([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'named' }, spec: { automountServiceAccountToken: false } },
    ]);
  });

  it('returns no comments alone: kustomize refuses a patch file without a patch', () => {
    const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' }, automountServiceAccountToken: false };
    expect(kustomizePatches([], [serviceAccount])).toBe('');
    expect(kustomizeNotes([], [serviceAccount])).toHaveLength(1);
  });

  it('matches objects that share a name by kind, namespace and order', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, data: { a: '1' } };
    const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' } };
    const hardenedAccount = { ...serviceAccount, automountServiceAccountToken: false };
    const patches = patchDocuments(kustomizePatches([configMap, serviceAccount], [configMap, hardenedAccount]));
    expect(patches).toEqual([hardenedAccount]);
  });
});

describe.runIf(hasKubectl)('kustomizePatches with kubectl kustomize', () => {
  it.each(fixtureNames)('fixture %s: kustomize build gives the hardened objects', (name) => {
    const { inputText, input, hardened } = readFixture(name);
    const patches = kustomizePatches(input, hardened);
    expect(patches).not.toBe('');
    expect(comparable(kustomizeBuild(inputText, patches))).toEqual(comparable(objectsOf(hardened)));
  });

  it.each(goldenCases)('golden case %s: kustomize build gives the expected objects', (_name, inputText, expectedText) => {
    const patches = kustomizePatches(documentsOf(inputText), documentsOf(expectedText));
    expect(comparable(kustomizeBuild(inputText, patches))).toEqual(comparable(objectsOf(documentsOf(expectedText))));
  });

  it('builds a batch/v1 CronJob without the legacy token Secret it replaced', () => {
    const hardened = documentsOf(harden(CRONJOB_WITH_TOKEN_SECRET, DEFAULT_OPTIONS).output);
    const patches = kustomizePatches(documentsOf(CRONJOB_WITH_TOKEN_SECRET), hardened);
    expect(comparable(kustomizeBuild(CRONJOB_WITH_TOKEN_SECRET, patches))).toEqual(comparable(objectsOf(hardened)));
  });

  it('builds a keyed list replaced whole', () => {
    const inputText =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      volumeMounts: [{name: x}, {mountPath: /a, name: a}]\n';
    const [before] = documentsOf(inputText);
    const after = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', volumeMounts: [{ mountPath: '/t', name: 't', readOnly: true }] }] },
    };
    expect(kustomizeBuild(inputText, kustomizePatches([before], [after]))).toEqual([after]);
  });

  it('builds with notes above the patches', () => {
    const inputText = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: named\nspec:\n  containers: [{name: app, image: nginx}]\n';
    const [pod] = documentsOf(inputText);
    const hardenedPod = {
      ...(pod as JsonObject),
      spec: { automountServiceAccountToken: false, containers: [{ name: 'app', image: 'nginx' }] },
    };
    const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' }, automountServiceAccountToken: false };
    const patches = kustomizePatches([pod], [hardenedPod, serviceAccount]);
    expect(patches).toMatch(/^# ServiceAccount\/default is new/);
    expect(kustomizeBuild(inputText, patches)).toEqual([hardenedPod]);
  });

  it('shows that the fixtures would not pass without the patches', () => {
    const { inputText, hardened } = readFixture('deployment-kube-api-access');
    const placeholder = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n';
    expect(comparable(kustomizeBuild(inputText, placeholder))).not.toEqual(comparable(objectsOf(hardened)));
  });
});

if (!hasKubectl) it.skipIf(true)('kustomizePatches with kubectl kustomize (kubectl is not on PATH)', () => {});

/** Whether kustomize can load the file at all: every object named, no two alike. */
function isKustomizable(objects: readonly JsonObject[]): boolean {
  const identities = objects.map((object) => {
    const metadata = isJsonObject(object.metadata) ? object.metadata : {};
    return typeof object.apiVersion === 'string' && typeof object.kind === 'string' && typeof metadata.name === 'string'
      ? identityOf(object)
      : undefined;
  });
  return identities.every((identity) => identity !== undefined) && new Set(identities).size === identities.length;
}

describe.runIf(hasKubectl && hasCorpus)('kustomizePatches on the corpus with kubectl kustomize', () => {
  const files = corpusFiles().filter((file) => !isHelmTemplate(file.name));
  const tally = { built: 0, unchanged: 0, notLoadable: 0 };
  it.each(files.map((file) => [file.name, file.text] as const))('%s: kustomize build gives the hardened objects', (name, text) => {
    const result = harden(text, DEFAULT_OPTIONS);
    const input = documentsOf(text);
    if (result.errors.length > 0 || !isKustomizable(objectsOf(input))) {
      tally.notLoadable++;
      return;
    }
    const hardened = documentsOf(result.output);
    const patches = kustomizePatches(input, hardened);
    if (patchDocuments(patches).length === 0) {
      tally.unchanged++;
      expect(comparable(objectsOf(hardened))).toEqual(comparable(objectsOf(input)));
      return;
    }
    let built: JsonObject[];
    try {
      built = kustomizeBuild(text, patches);
    } catch (error) {
      // Some files kustomize cannot read at all (a YAML merge key on a list): not the patches' fault.
      expect(() => kustomizeBuild(text, undefined)).toThrow();
      tally.notLoadable++;
      console.log(`kustomize: ${name} skipped: kustomize cannot read the original file (${kustomizeReason(error)})`);
      return;
    }
    tally.built++;
    expect(comparable(built)).toEqual(comparable(objectsOf(hardened)));
  });

  it('reports how many corpus files went through kustomize', () => {
    console.log(
      `kustomize corpus: ${tally.built} files built with patches, ${tally.unchanged} needed none, ${tally.notLoadable} skipped (input errors, unnamed or duplicate objects, or unreadable to kustomize)`,
    );
    expect(tally.built + tally.unchanged + tally.notLoadable).toBe(files.length);
  });
});

if (!hasKubectl || !hasCorpus) it.skipIf(true)('kustomizePatches on the corpus (needs kubectl and the corpus)', () => {});
