import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { corpusFiles, hasCorpus, isHelmTemplate } from '../../test/corpus';
import { DEFAULT_OPTIONS, harden, type HardenOptions } from '../index';
import { parseManifestFully as parseManifest, toPlainValue } from '../read/parse';
import { validOptions } from '../../test/options';
import { isRecord } from '../index';

const DEFAULT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 300);

type Json = Record<string, unknown>;

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function trimSlash(path: unknown): string {
  return typeof path === 'string' && path.length > 1 ? path.replace(/\/+$/, '') : String(path);
}

/** Every object of a plain document, list items included. */
function objectsOf(value: unknown): Json[] {
  if (!isRecord(value)) return [];
  return [value, ...list(value['items']).flatMap(objectsOf)];
}

/** Pod specs of the kinds the corpus holds, found independently of the core's own table. */
function podSpecsOf(object: Json): { key: string; spec: Json }[] {
  const kind = String(object['kind']);
  const name = isRecord(object['metadata']) ? String(object['metadata']['name']) : '';
  const namespace = isRecord(object['metadata']) ? object['metadata']['namespace'] : undefined;
  const key = `${kind}/${typeof namespace === 'string' ? namespace : ''}/${name}`;
  const at = (...steps: string[]): unknown => steps.reduce<unknown>((node, step) => (isRecord(node) ? node[step] : undefined), object);
  const spec =
    kind === 'Pod'
      ? at('spec')
      : kind === 'CronJob'
        ? at('spec', 'jobTemplate', 'spec', 'template', 'spec')
        : kind === 'PodTemplate'
          ? at('template', 'spec')
          : kind === 'ScaledJob'
            ? at('spec', 'jobTargetRef', 'template', 'spec')
            : at('spec', 'template', 'spec');
  if (kind === 'JobSet') {
    return list(at('spec', 'replicatedJobs')).flatMap((job, index) => {
      const inner = isRecord(job) && isRecord(job['template']) && isRecord(job['template']['spec']) ? job['template']['spec'] : {};
      const template = inner['template'];
      return isRecord(template) && isRecord(template['spec']) ? [{ key: `${key}[${index}]`, spec: template['spec'] }] : [];
    });
  }
  return isRecord(spec) && (Array.isArray(spec['containers']) || Array.isArray(spec['initContainers'])) ? [{ key, spec }] : [];
}

/**
 * The containers that can read an API token: those mounting a volume that projects one (or a
 * Secret at the token path), and, while automount is on, every container with nothing at the
 * default path (the API server's admission plugin adds its own volume there).
 */
function tokenReaders(spec: Json, accountSaysFalse: boolean, mountPath: string, apiOnly = false): Set<string> {
  const volumes = new Map(list(spec['volumes']).flatMap((volume) => (isRecord(volume) ? [[volume['name'], volume] as const] : [])));
  const atTokenPath = (path: string): boolean => trimSlash(path) === trimSlash(mountPath) || trimSlash(path) === DEFAULT_PATH;
  const holdsToken = (volume: unknown, path: string): boolean => {
    // A volume the pod does not define at the token path is the API server's own, cut from a `kubectl get` copy.
    if (volume === undefined) return atTokenPath(path);
    if (!isRecord(volume)) return false;
    if (isRecord(volume['secret'])) return atTokenPath(path);
    const projected = volume['projected'];
    return (
      isRecord(projected) &&
      list(projected['sources']).some(
        (source) =>
          isRecord(source) &&
          isRecord(source['serviceAccountToken']) &&
          // A token for another audience (Vault, Istio) is refused by the API server.
          (!apiOnly || source['serviceAccountToken']['audience'] === undefined),
      )
    );
  };
  const automount = spec['automountServiceAccountToken'];
  const automountOn = automount !== false && !((automount === undefined || automount === null) && accountSaysFalse);
  const readers = new Set<string>();
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    list(spec[field]).forEach((container, index) => {
      if (!isRecord(container)) return;
      const mounts = list(container['volumeMounts']).filter(isRecord);
      const explicit = mounts.some((mount) => holdsToken(volumes.get(mount['name']), String(mount['mountPath'])));
      const injected =
        automountOn && field !== 'ephemeralContainers' && !mounts.some((mount) => trimSlash(mount['mountPath']) === DEFAULT_PATH);
      if (explicit || injected) readers.add(`${field}/${String(container['name'] ?? index)}`);
    });
  }
  return readers;
}

/** ServiceAccounts of a manifest that say `automountServiceAccountToken: false` in every definition, by name. */
function accountsSayingFalse(documents: unknown[]): Set<string> {
  const accounts = documents.flatMap(objectsOf).filter((object) => object['kind'] === 'ServiceAccount' && object['apiVersion'] === 'v1');
  const nameOf = (object: Json): string => (isRecord(object['metadata']) ? String(object['metadata']['name']) : '');
  const saysOn = new Set(accounts.filter((object) => object['automountServiceAccountToken'] !== false).map(nameOf));
  return new Set(accounts.map(nameOf).filter((name) => !saysOn.has(name)));
}

function readersOf(text: string, chosen: HardenOptions, apiOnly = false): Map<string, Set<string>> {
  const documents = parseManifest(text).documents.map(toPlainValue);
  const off = accountsSayingFalse(documents);
  const readers = new Map<string, Set<string>>();
  documents.flatMap(objectsOf).forEach((object, index) => {
    for (const { key, spec } of podSpecsOf(object)) {
      const account = String(spec['serviceAccountName'] ?? spec['serviceAccount'] ?? 'default');
      readers.set(`${index}:${key}`, tokenReaders(spec, off.has(account), chosen.mountPath, apiOnly));
    }
  });
  return readers;
}

/** Containers that can read a token after hardening but could not before. */
function widened(input: string, output: string, chosen: HardenOptions): string[] {
  const before = readersOf(input, chosen);
  const after = readersOf(output, chosen);
  return [...after].flatMap(([key, readers]) =>
    [...readers].filter((reader) => !before.get(key)?.has(reader)).map((reader) => `${key} ${reader}`),
  );
}

function pod(spec: Json, name = 'p'): Json {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec };
}

const TOKEN_VOLUME = {
  name: 'kube-api-access-abcde',
  projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] },
};
const TOKEN_MOUNT = { mountPath: DEFAULT_PATH, name: 'kube-api-access-abcde', readOnly: true };

describe('never widen (fixtures)', () => {
  it('leaves a pod with automount off and no token as it is, with a finding', () => {
    const text = stringify(pod({ automountServiceAccountToken: false, containers: [{ name: 'app', image: 'nginx' }] }));
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.output).toBe(text);
    expect(result.findings.map((finding) => finding.code)).toContain('runs-without-token');
    expect(result.objects[0]?.missing).toEqual([]);
  });

  it('mounts the token only into the containers that already had one when automount is off', () => {
    const text = stringify(
      pod({
        automountServiceAccountToken: false,
        containers: [
          { name: 'api', image: 'a', volumeMounts: [TOKEN_MOUNT] },
          { name: 'web', image: 'b' },
        ],
        volumes: [TOKEN_VOLUME],
      }),
    );
    const output = harden(text, DEFAULT_OPTIONS).output;
    const [object] = parseManifest(output).documents.map(toPlainValue) as [any];
    expect(object.spec.containers[0].volumeMounts).toEqual([{ mountPath: DEFAULT_PATH, name: 'serviceaccount-token', readOnly: true }]);
    expect(object.spec.containers[1].volumeMounts).toBeUndefined();
    expect(widened(text, output, DEFAULT_OPTIONS)).toEqual([]);
  });

  it('reads automount off from a ServiceAccount that comes after the pod, in the same namespace only', () => {
    const account = (namespace: string) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'quiet', namespace },
      automountServiceAccountToken: false,
    });
    const workload = { ...pod({ serviceAccountName: 'quiet', containers: [{ name: 'app', image: 'nginx' }] }) };
    (workload['metadata'] as Json)['namespace'] = 'team';
    const same = `${stringify(workload)}---\n${stringify(account('team'))}`;
    const sameResult = harden(same, DEFAULT_OPTIONS);
    expect(sameResult.output).not.toContain('serviceaccount-token');
    expect(sameResult.findings.map((finding) => finding.code)).toContain('runs-without-token');
    const other = `${stringify(workload)}---\n${stringify(account('elsewhere'))}`;
    expect(harden(other, DEFAULT_OPTIONS).output).toContain('serviceaccount-token');
  });

  it('writes false on a tokenless pod spec whose ServiceAccount alone says false, and nothing else', () => {
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'quiet' }, automountServiceAccountToken: false };
    const text = `${stringify(account)}---\n${stringify(pod({ serviceAccountName: 'quiet', containers: [{ name: 'app', image: 'nginx' }] }))}`;
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.changes.map((change) => [change.object, change.path, change.before, change.after])).toEqual([
      ['Pod/p', 'spec.automountServiceAccountToken', undefined, false],
    ]);
    expect(result.changes[0]?.reason).toContain('only through the ServiceAccount "quiet"');
    expect(result.output).toBe(
      text.replace('serviceAccountName: quiet\n', 'serviceAccountName: quiet\n  automountServiceAccountToken: false\n'),
    );
    expect(result.objects.find((workload) => workload.kind === 'Pod')?.missing).toEqual([
      expect.stringContaining('only on the ServiceAccount'),
    ]);
    const again = harden(result.output, DEFAULT_OPTIONS);
    expect(again.output).toBe(result.output);
    expect(again.objects.flatMap((workload) => workload.missing)).toEqual([]);
    expect(widened(text, result.output, DEFAULT_OPTIONS)).toEqual([]);
  });

  it('keeps the token on when the input defines the ServiceAccount twice and the definitions disagree', () => {
    // The API server reads one of them, and nothing says which: only a unanimous false counts.
    const account = (automount: boolean | undefined): Json => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'web', namespace: 'team' },
      ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
    });
    const workload = pod({ serviceAccountName: 'web', containers: [{ name: 'app', image: 'nginx' }] });
    (workload['metadata'] as Json)['namespace'] = 'team';
    const manifest = (...automounts: (boolean | undefined)[]): string =>
      [workload, ...automounts.map(account)].map((document) => stringify(document)).join('---\n');
    const mountsOfApp = (text: string): unknown => {
      const [object] = parseManifest(harden(text, DEFAULT_OPTIONS).output).documents.map(toPlainValue) as [any];
      return object.spec.containers[0].volumeMounts;
    };
    for (const split of [manifest(false, true), manifest(true, false), manifest(false, undefined), manifest(undefined, false)]) {
      const result = harden(split, DEFAULT_OPTIONS);
      expect(result.findings.map((finding) => finding.code)).not.toContain('runs-without-token');
      expect(mountsOfApp(split)).toEqual([{ mountPath: DEFAULT_PATH, name: 'serviceaccount-token', readOnly: true }]);
    }
    const unanimous = manifest(false, false);
    expect(harden(unanimous, DEFAULT_OPTIONS).findings.map((finding) => finding.code)).toContain('runs-without-token');
    expect(mountsOfApp(unanimous)).toBeUndefined();
  });

  it('gives no token to a container that hid the token path with an emptyDir, even with automount on', () => {
    const text = stringify(
      pod({
        containers: [
          { name: 'hidden', image: 'a', volumeMounts: [{ mountPath: DEFAULT_PATH, name: 'hide' }] },
          { name: 'web', image: 'b' },
        ],
        volumes: [{ name: 'hide', emptyDir: {} }],
      }),
    );
    const result = harden(text, DEFAULT_OPTIONS);
    const [object] = parseManifest(result.output).documents.map(toPlainValue) as [any];
    expect(object.spec.containers[0].volumeMounts).toBeUndefined();
    expect(object.spec.containers[1].volumeMounts).toEqual([{ mountPath: DEFAULT_PATH, name: 'serviceaccount-token', readOnly: true }]);
    expect(widened(text, result.output, DEFAULT_OPTIONS)).toEqual([]);
    expect(harden(result.output, DEFAULT_OPTIONS).output).toBe(result.output);
  });

  it('replaces the token of an ephemeral container that had one, and gives none to one that had none', () => {
    const text = stringify(
      pod({
        containers: [{ name: 'app', image: 'a', volumeMounts: [TOKEN_MOUNT] }],
        ephemeralContainers: [
          { name: 'debug', image: 'busybox', volumeMounts: [{ ...TOKEN_MOUNT, readOnly: false }] },
          { name: 'plain', image: 'busybox' },
        ],
        volumes: [TOKEN_VOLUME],
      }),
    );
    const result = harden(text, DEFAULT_OPTIONS);
    const [object] = parseManifest(result.output).documents.map(toPlainValue) as [any];
    const hardenedMount = { mountPath: DEFAULT_PATH, name: 'serviceaccount-token', readOnly: true };
    expect(object.spec.ephemeralContainers[0].volumeMounts).toEqual([hardenedMount]);
    expect(object.spec.ephemeralContainers[1].volumeMounts).toBeUndefined();
    expect(object.spec.volumes.map((volume: Json) => volume['name'])).toEqual(['serviceaccount-token']);
    expect(harden(result.output, DEFAULT_OPTIONS).objects[0]?.missing).toEqual([]);
    expect(widened(text, result.output, DEFAULT_OPTIONS)).toEqual([]);
  });

  it('still sets a ServiceAccount name the user asked for on a tokenless pod', () => {
    const text = stringify(pod({ automountServiceAccountToken: false, containers: [{ name: 'app', image: 'nginx' }] }));
    const { output } = harden(text, validOptions({ serviceAccountName: 'chosen' }));
    expect(output).toContain('serviceAccountName: chosen');
    expect(output).not.toContain('serviceaccount-token');
  });
});

describe('API access: none', () => {
  const none = validOptions({ apiAccess: 'none' });

  it('sets automount off alone on a pod without a token', () => {
    const text = stringify(pod({ containers: [{ name: 'app', image: 'nginx' }] }));
    const result = harden(text, none);
    const [object] = parseManifest(result.output).documents.map(toPlainValue) as [any];
    expect(object.spec).toEqual({ automountServiceAccountToken: false, containers: [{ name: 'app', image: 'nginx' }] });
    expect(harden(result.output, none).output).toBe(result.output);
  });

  it('removes whatever sat at the token path and the volume that only served it', () => {
    const text = stringify(
      pod({
        containers: [{ name: 'app', image: 'nginx', volumeMounts: [TOKEN_MOUNT, { mountPath: '/data', name: 'data' }] }],
        volumes: [TOKEN_VOLUME, { name: 'data', emptyDir: {} }],
      }),
    );
    const result = harden(text, none);
    const [object] = parseManifest(result.output).documents.map(toPlainValue) as [any];
    expect(object.spec.automountServiceAccountToken).toBe(false);
    expect(object.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/data', name: 'data' }]);
    expect(object.spec.volumes).toEqual([{ name: 'data', emptyDir: {} }]);
    expect(harden(result.output, none).output).toBe(result.output);
    expect(harden(text, none).objects[0]?.missing.length).toBeGreaterThan(0);
    expect(harden(result.output, none).objects[0]?.missing).toEqual([]);
  });

  it('keeps extra files of a replaced volume, read-only, in a projected volume without a token', () => {
    const extra = { configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'service-ca.crt' }] } };
    const volume = { ...TOKEN_VOLUME, projected: { ...TOKEN_VOLUME.projected, sources: [...TOKEN_VOLUME.projected.sources, extra] } };
    const text = stringify(pod({ containers: [{ name: 'app', image: 'nginx', volumeMounts: [TOKEN_MOUNT] }], volumes: [volume] }));
    const result = harden(text, none);
    const [object] = parseManifest(result.output).documents.map(toPlainValue) as [any];
    expect(object.spec.volumes).toEqual([{ name: 'serviceaccount-token', projected: { defaultMode: 0o444, sources: [extra] } }]);
    expect(object.spec.containers[0].volumeMounts).toEqual([{ mountPath: DEFAULT_PATH, name: 'serviceaccount-token', readOnly: true }]);
    expect(harden(result.output, none).output).toBe(result.output);
  });

  it("gives a container only its own volume's extra files, never another container's", () => {
    const extra = { configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'service-ca.crt' }] } };
    const text = stringify(
      pod({
        initContainers: [{ name: 'init', image: 'busybox', volumeMounts: [{ mountPath: DEFAULT_PATH, name: 'kube-api-access-abcde' }] }],
        containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ mountPath: DEFAULT_PATH, name: 'ca' }] }],
        volumes: [
          { name: 'ca', projected: { sources: [extra] } },
          { name: 'kube-api-access-abcde', projected: { sources: [] } },
        ],
      }),
    );
    const result = harden(text, none);
    const [object] = parseManifest(result.output).documents.map(toPlainValue) as [any];
    expect(object.spec.initContainers[0].volumeMounts).toBeUndefined();
    expect(object.spec.containers[0].volumeMounts).toEqual([{ mountPath: DEFAULT_PATH, name: 'serviceaccount-token', readOnly: true }]);
    expect(object.spec.volumes).toEqual([{ name: 'serviceaccount-token', projected: { defaultMode: 0o444, sources: [extra] } }]);
    expect(harden(result.output, none).output).toBe(result.output);
  });
});

describe('nothing the containers read is lost', () => {
  const extra = { secret: { name: 'app-extra', items: [{ key: 'x', path: 'extra.txt' }] } };
  const volume = { ...TOKEN_VOLUME, projected: { ...TOKEN_VOLUME.projected, sources: [...TOKEN_VOLUME.projected.sources, extra] } };

  it('carries every extra source into the new volume unchanged, with a reason, and is idempotent', () => {
    const text = stringify(pod({ containers: [{ name: 'app', image: 'nginx', volumeMounts: [TOKEN_MOUNT] }], volumes: [volume] }));
    const result = harden(text, DEFAULT_OPTIONS);
    const [object] = parseManifest(result.output).documents.map(toPlainValue) as [any];
    expect(object.spec.volumes).toHaveLength(1);
    expect(object.spec.volumes[0].name).toBe('serviceaccount-token');
    expect(object.spec.volumes[0].projected.sources).toContainEqual(extra);
    const carried = result.changes.filter((change) => change.reason.includes('carried over'));
    expect(carried.map((change) => [change.path, change.after])).toEqual([['spec.volumes[0].projected.sources[3]', extra]]);
    expect(object.spec.volumes[0].projected.sources[3]).toEqual(extra);
    const again = harden(result.output, DEFAULT_OPTIONS);
    expect(again.output).toBe(result.output);
    expect(again.changes).toEqual([]);
  });

  it('keeps a replaced volume that also serves another mount', () => {
    const text = stringify(
      pod({
        containers: [
          {
            name: 'app',
            image: 'nginx',
            volumeMounts: [TOKEN_MOUNT, { mountPath: '/etc/extra', name: 'kube-api-access-abcde', readOnly: true }],
          },
        ],
        volumes: [volume],
      }),
    );
    const [object] = parseManifest(harden(text, DEFAULT_OPTIONS).output).documents.map(toPlainValue) as [any];
    expect(object.spec.volumes.map((entry: Json) => entry['name'])).toEqual(['kube-api-access-abcde', 'serviceaccount-token']);
    expect(object.spec.containers[0].volumeMounts).toContainEqual({
      mountPath: '/etc/extra',
      name: 'kube-api-access-abcde',
      readOnly: true,
    });
  });

  it.each(['initContainers', 'containers', 'ephemeralContainers'])(
    'never drops a replaced volume that a container of %s still mounts elsewhere',
    (field) => {
      const reader = { name: 'reader', image: 'busybox', volumeMounts: [{ mountPath: '/etc/copy', name: 'kube-api-access-abcde' }] };
      const app = { name: 'app', image: 'nginx', volumeMounts: [TOKEN_MOUNT] };
      const spec: Json = { containers: field === 'containers' ? [app, reader] : [app], volumes: [volume] };
      if (field !== 'containers') spec[field] = [reader];
      const result = harden(stringify(pod(spec)), DEFAULT_OPTIONS);
      const [object] = parseManifest(result.output).documents.map(toPlainValue) as [any];
      expect(object.spec.volumes.map((entry: Json) => entry['name'])).toEqual(['kube-api-access-abcde', 'serviceaccount-token']);
      const readerAfter = (object.spec[field] as Json[]).find((container) => container['name'] === 'reader');
      expect(readerAfter?.['volumeMounts']).toContainEqual({ mountPath: '/etc/copy', name: 'kube-api-access-abcde' });
      expect(result.changes.map((change) => change.path)).not.toContain('spec.volumes[0]');
    },
  );
});

describe('the set of containers that can read a token never grows (property)', () => {
  const mountKind = fc.constantFrom('none', 'projected', 'secret', 'data', 'hidden');
  const generated = fc.record({
    automount: fc.constantFrom(undefined, true, false),
    account: fc.constantFrom('none', 'false', 'absent'),
    accountFirst: fc.boolean(),
    init: fc.array(mountKind, { maxLength: 2 }),
    regular: fc.array(mountKind, { minLength: 1, maxLength: 3 }),
    chosen: fc.option(fc.subarray(['i0', 'i1', 'c0', 'c1', 'c2'], { minLength: 1 }), { nil: undefined }),
    apiAccess: fc.constantFrom('mount' as const, 'none' as const),
  });

  it('holds for automount on/off/absent, ServiceAccounts saying false, container subsets and API access', () => {
    fc.assert(
      fc.property(generated, ({ automount, account, accountFirst, init, regular, chosen, apiAccess }) => {
        const volumes = new Map<string, unknown>();
        const container = (name: string, kind: string): Json => {
          const mounts: Json[] = [];
          if (kind === 'projected') {
            mounts.push(TOKEN_MOUNT);
            volumes.set(TOKEN_VOLUME.name, TOKEN_VOLUME);
          } else if (kind === 'secret') {
            mounts.push({ mountPath: DEFAULT_PATH, name: 'default-token-x2k9p' });
            volumes.set('default-token-x2k9p', { name: 'default-token-x2k9p', secret: { secretName: 'default-token-x2k9p' } });
          } else if (kind === 'hidden') {
            mounts.push({ mountPath: DEFAULT_PATH, name: 'hide-token' });
            volumes.set('hide-token', { name: 'hide-token', emptyDir: {} });
          } else if (kind === 'data') {
            mounts.push({ mountPath: '/data', name: 'data' });
            volumes.set('data', { name: 'data', emptyDir: {} });
          }
          return { name, image: 'busybox', ...(mounts.length > 0 ? { volumeMounts: mounts } : {}) };
        };
        const spec: Json = { serviceAccountName: 'app-sa' };
        if (automount !== undefined) spec['automountServiceAccountToken'] = automount;
        if (init.length > 0) spec['initContainers'] = init.map((kind, index) => container(`i${index}`, kind));
        spec['containers'] = regular.map((kind, index) => container(`c${index}`, kind));
        if (volumes.size > 0) spec['volumes'] = [...volumes.values()];
        const names = [...init.map((_, index) => `i${index}`), ...regular.map((_, index) => `c${index}`)];
        const selection = chosen?.filter((name) => names.includes(name));
        const chosenOptions = validOptions({
          apiAccess,
          ...(selection !== undefined && selection.length > 0 ? { containers: selection } : {}),
        });
        const serviceAccount =
          account === 'none'
            ? ''
            : stringify({
                apiVersion: 'v1',
                kind: 'ServiceAccount',
                metadata: { name: 'app-sa' },
                ...(account === 'false' ? { automountServiceAccountToken: false } : {}),
              });
        const workload = stringify(pod(spec));
        const text =
          serviceAccount === '' ? workload : accountFirst ? `${serviceAccount}---\n${workload}` : `${workload}---\n${serviceAccount}`;
        const result = harden(text, chosenOptions);
        expect(result.errors).toEqual([]);
        expect(widened(text, result.output, chosenOptions)).toEqual([]);
        // Whatever only the ServiceAccount said, the pod spec says itself afterwards.
        const [hardenedPod] = parseManifest(result.output)
          .documents.map(toPlainValue)
          .filter((object) => isRecord(object) && object['kind'] === 'Pod') as [Json];
        if (account === 'false' || automount === false) expect((hardenedPod['spec'] as Json)['automountServiceAccountToken']).toBe(false);
        if (apiAccess === 'none') expect([...readersOf(result.output, chosenOptions).values()].flatMap((set) => [...set])).toEqual([]);
        // The check agrees with the hardening: an object passes exactly when hardening leaves it alone.
        for (const entry of result.objects) {
          const changed = result.changes.some((change) => change.document === entry.document && change.object === entry.object);
          expect(changed).toBe(entry.missing.length > 0);
        }
        // The output passes the check by meaning.
        expect(harden(result.output, chosenOptions).objects.flatMap((entry) => entry.missing)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe.skipIf(!hasCorpus)('never widen, across the corpus', () => {
  const files = corpusFiles().filter((file) => !isHelmTemplate(file.name) && file.name !== 'k8s-examples__etcd-controller.yaml');
  const totals = { workloads: 0, widened: 0, notHardenedBefore: 0, notHardenedAfter: 0 };

  it.each(files.map((file) => [file.name, file.text] as const))('%s', (_, text) => {
    for (const chosen of [DEFAULT_OPTIONS, validOptions({ apiAccess: 'none' })]) {
      const result = harden(text, chosen);
      expect(result.errors).toEqual([]);
      const grown = widened(text, result.output, chosen);
      expect(grown).toEqual([]);
      // --check agrees with the hardening: an object passes exactly when hardening leaves it alone.
      for (const workload of result.objects) {
        const changed = result.changes.some((change) => change.document === workload.document && change.object === workload.object);
        expect(changed, `${workload.object}: ${workload.missing.join('; ')}`).toBe(workload.missing.length > 0);
      }
      const again = harden(result.output, chosen);
      expect(again.objects.filter((workload) => workload.missing.length > 0).map((workload) => workload.object)).toEqual([]);
      if (chosen.apiAccess === 'none') expect([...readersOf(result.output, chosen, true).values()].flatMap((set) => [...set])).toEqual([]);
      if (chosen === DEFAULT_OPTIONS) {
        totals.workloads += result.objects.length;
        totals.widened += grown.length;
        totals.notHardenedBefore += result.objects.filter((workload) => workload.missing.length > 0).length;
        totals.notHardenedAfter += again.objects.filter((workload) => workload.missing.length > 0).length;
      }
    }
  });

  it('gives no new token to Argo CD repo-server or the Prometheus Operator admission webhook', () => {
    for (const name of ['argo-cd__namespace-install.yaml', 'prometheus-operator__admission-webhook-deployment.yaml']) {
      const file = files.find((entry) => entry.name === name);
      if (!file) throw new Error(`corpus file ${name} is missing`);
      const result = harden(file.text, DEFAULT_OPTIONS);
      const repoServer = result.findings.filter((finding) => finding.code === 'runs-without-token').map((finding) => finding.object);
      expect(repoServer.length).toBeGreaterThan(0);
      expect(widened(file.text, result.output, DEFAULT_OPTIONS)).toEqual([]);
    }
    const argo = harden(files.find((entry) => entry.name === 'argo-cd__namespace-install.yaml')?.text ?? '', DEFAULT_OPTIONS);
    expect(argo.findings.filter((finding) => finding.code === 'runs-without-token').map((finding) => finding.object)).toContain(
      'Deployment/argocd-repo-server',
    );
    expect(argo.changes.filter((change) => change.object === 'Deployment/argocd-repo-server')).toEqual([]);
  });

  it("carries OpenShift's service-ca.crt into the new volume", () => {
    const file = files.find((entry) => entry.name.startsWith('must-gather-clean__etcd-quorum-guard-'));
    if (!file) throw new Error('the etcd-quorum-guard corpus file is missing');
    const result = harden(file.text, DEFAULT_OPTIONS);
    const [object] = parseManifest(result.output).documents.map(toPlainValue) as [any];
    const volume = object.spec.volumes.find((entry: Json) => entry['name'] === 'serviceaccount-token');
    expect(volume.projected.sources).toContainEqual({
      configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'service-ca.crt' }] },
    });
    expect(result.changes.filter((change) => change.reason.startsWith('carried over'))).toHaveLength(1);
  });

  it('reports the corpus figures', () => {
    console.log(
      `never widen: ${totals.workloads} workloads and ServiceAccounts, ${totals.widened} containers widened; --check: ${totals.notHardenedBefore} not hardened before, ${totals.notHardenedAfter} after`,
    );
    expect(totals.widened).toBe(0);
    expect(totals.notHardenedAfter).toBe(0);
  });
});
