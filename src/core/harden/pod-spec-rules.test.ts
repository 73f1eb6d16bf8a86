/**
 * Rules of the pod-spec step that no other test pinned down (mutation testing found them): each
 * test states one rule in its name and checks it on the output as a reader of the manifest sees it.
 */
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validOptions } from '../../test/options';
import { harden } from './harden';
import type { HardenOptions, OptionInput } from './options';

const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

function hardened(pod: unknown, input: OptionInput = {}): ReturnType<typeof harden> {
  const options: HardenOptions = validOptions(input);
  return harden(stringify(pod), options);
}

function podOf(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { serviceAccountName: 'app', ...spec } };
}

function specOut(result: ReturnType<typeof harden>): Record<string, unknown> {
  expect(result.errors).toEqual([]);
  return (parse(result.output) as { spec: Record<string, unknown> }).spec;
}

function volumeSources(spec: Record<string, unknown>, name: string): unknown[] {
  const volume = (spec['volumes'] as { name: string; projected?: { sources: unknown[] } }[]).find((item) => item.name === name);
  return volume?.projected?.sources ?? [];
}

/** A pod whose container reads the token from a projected volume with these extra sources. */
function withTokenVolume(extra: unknown[]): Record<string, unknown> {
  return podOf({
    containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'kube-api-access-x', mountPath: TOKEN_PATH, readOnly: true }] }],
    volumes: [{ name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, ...extra] } }],
  });
}

const NAMESPACE_FILE = { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } };
const LABELS_FILE = { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } };

describe('files projected beside the token', () => {
  it('are carried into the new volume when they are the user’s, and the API server’s own are not doubled', () => {
    const spec = specOut(hardened(withTokenVolume([NAMESPACE_FILE, LABELS_FILE, { configMap: { name: 'kube-root-ca.crt' } }])));
    const sources = volumeSources(spec, 'serviceaccount-token');
    expect(sources).toContainEqual(LABELS_FILE);
    expect(sources.filter((source) => JSON.stringify(source) === JSON.stringify(NAMESPACE_FILE)).length).toBeLessThanOrEqual(1);
    expect(sources.filter((source) => JSON.stringify(source).includes('kube-root-ca.crt'))).toHaveLength(1);
  });

  it('count as the user’s when a downward API source names no file at all', () => {
    const empty = { downwardAPI: { items: [] } };
    expect(volumeSources(specOut(hardened(withTokenVolume([empty]))), 'serviceaccount-token')).toContainEqual(empty);
  });

  it('are carried once when two containers’ volumes project the same file', () => {
    const extra = { configMap: { name: 'shared-config' } };
    const pod = podOf({
      containers: ['a', 'b'].map((name) => ({ name, image: 'i', volumeMounts: [{ name: `token-${name}`, mountPath: TOKEN_PATH }] })),
      volumes: ['a', 'b'].map((name) => ({
        name: `token-${name}`,
        projected: { sources: [{ serviceAccountToken: { path: 'token' } }, extra] },
      })),
    });
    const sources = volumeSources(specOut(hardened(pod)), 'serviceaccount-token');
    expect(sources.filter((source) => JSON.stringify(source) === JSON.stringify(extra))).toHaveLength(1);
  });

  it('stay, without a token, in a volume of their own when the workload gets no token', () => {
    const spec = specOut(hardened(withTokenVolume([LABELS_FILE]), { apiAccess: 'none' }));
    expect(volumeSources(spec, 'serviceaccount-token')).toEqual([LABELS_FILE]);
    // With nothing of the user's to carry, no volume is written at all.
    const bare = specOut(hardened(withTokenVolume([]), { apiAccess: 'none' }));
    expect(bare['volumes'] ?? []).toEqual([]);
  });
});

describe('a volume already named as the token volume', () => {
  const named = (mountPath: string): Record<string, unknown> =>
    podOf({
      containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'serviceaccount-token', mountPath, readOnly: true }] }],
      volumes: [{ name: 'serviceaccount-token', projected: { sources: [{ configMap: { name: 'app-config' } }] } }],
    });

  it('is refused when it holds the user’s own files somewhere else', () => {
    const result = hardened(named('/etc/app'));
    expect(result.errors.map((error) => error.code)).toEqual(['volume-name-taken']);
    expect(result.errors[0]?.message).toContain('"serviceaccount-token"');
    expect(result.errors[0]?.hint).toContain('--volume-name');
  });

  it('is refused when one container mounts it at the token path and another elsewhere', () => {
    const pod = named(TOKEN_PATH);
    const spec = pod['spec'] as { containers: unknown[] };
    spec.containers.push({ name: 'd', image: 'i', volumeMounts: [{ name: 'serviceaccount-token', mountPath: '/etc/app' }] });
    expect(hardened(pod).errors.map((error) => error.code)).toEqual(['volume-name-taken']);
  });

  it('is taken for an earlier run’s when it is mounted only at the token path', () => {
    expect(hardened(named(TOKEN_PATH)).errors).toEqual([]);
  });
});

describe('the deprecated serviceAccount field', () => {
  it('gives its name to serviceAccountName, saying why, when the pod names its account only there', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { serviceAccount: 'legacy', containers: [{ name: 'c', image: 'i' }] },
    };
    const result = hardened(pod);
    expect(specOut(result)).toMatchObject({ serviceAccountName: 'legacy', serviceAccount: 'legacy' });
    const change = result.changes.find((item) => item.path === 'spec.serviceAccountName');
    expect(change).toMatchObject({
      before: undefined,
      after: 'legacy',
      reason: 'serviceAccount is deprecated; serviceAccountName is the field to use',
    });
  });

  it('follows a chosen ServiceAccount, with the reason for each field', () => {
    const pod = podOf({ serviceAccount: 'app', containers: [{ name: 'c', image: 'i' }] });
    const result = hardened(pod, { serviceAccountName: 'runner' });
    expect(specOut(result)).toMatchObject({ serviceAccountName: 'runner', serviceAccount: 'runner' });
    const reasons = Object.fromEntries(result.changes.map((change) => [change.path, change.reason]));
    expect(reasons['spec.serviceAccountName']).toBe('run the pod as the ServiceAccount you chose');
    expect(reasons['spec.serviceAccount']).toBe('keep the deprecated serviceAccount field equal to serviceAccountName');
  });
});

describe('ephemeral containers', () => {
  const pod = podOf({
    containers: [{ name: 'app', image: 'i' }],
    ephemeralContainers: [{ name: 'debugger', image: 'busybox', volumeMounts: [{ name: 'cache', mountPath: TOKEN_PATH }] }],
    volumes: [{ name: 'cache', emptyDir: {} }],
  });

  it('are not containers the form offers, and a mount of theirs at the token path is not the pod’s', () => {
    const result = hardened(pod);
    expect(result.errors).toEqual([]);
    expect(result.objects.flatMap((object) => object.containers)).toEqual(['app']);
    const [object] = result.podObjects;
    // The regular container gets the token mount at the default path: that one counts.
    expect(object?.mountsDefaultPath).toBe(true);
    const tokenless = hardened(pod, { apiAccess: 'none' });
    expect(tokenless.podObjects[0]?.mountsDefaultPath).toBe(false);
  });

  it('do not count as mounting something at the default token path, in a pod hardened or left without a token', () => {
    // Another mount path chosen: the debugger's mount at the API server's path stays as it is.
    const elsewhere = hardened(pod, { apiAccess: 'none', mountPath: '/var/run/secrets/tokens' });
    expect(specOut(elsewhere)['ephemeralContainers']).toEqual((pod['spec'] as Record<string, unknown>)['ephemeralContainers']);
    expect(elsewhere.podObjects[0]?.mountsDefaultPath).toBe(false);
    const tokenless = hardened({ ...pod, spec: { ...(pod['spec'] as object), automountServiceAccountToken: false } });
    expect(tokenless.findings.map((finding) => finding.code)).toContain('runs-without-token');
    expect(tokenless.podObjects[0]?.mountsDefaultPath).toBe(false);
  });

  it('are named in a warning that says they get no new token', () => {
    const finding = hardened(pod).findings.find((item) => item.code === 'ephemeral-containers');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('ephemeral containers are not covered');
  });
});

describe('a pod left without a token', () => {
  it('still reports a mount of its own at the default token path', () => {
    const pod = podOf({
      automountServiceAccountToken: false,
      containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'cache', mountPath: TOKEN_PATH }] }],
      volumes: [{ name: 'cache', emptyDir: {} }],
    });
    const result = hardened(pod);
    expect(result.findings.map((finding) => finding.code)).toContain('runs-without-token');
    expect(result.podObjects[0]?.mountsDefaultPath).toBe(true);
    const elsewhere = hardened({ ...pod, spec: { ...(pod['spec'] as object), containers: [{ name: 'c', image: 'i' }] } });
    expect(elsewhere.podObjects[0]?.mountsDefaultPath).toBe(false);
  });
});

describe('a mount that hides a token a mount above it projects', () => {
  it('stays, in either mode, so that the token below it never shows through', () => {
    const blank = { name: 'blank', mountPath: TOKEN_PATH };
    const pod = podOf({
      containers: [
        { name: 'c', image: 'i', volumeMounts: [{ name: 'all-secrets', mountPath: '/var/run/secrets', readOnly: true }, blank] },
      ],
      volumes: [
        { name: 'all-secrets', projected: { sources: [{ serviceAccountToken: { path: 'kubernetes.io/serviceaccount/token' } }] } },
        { name: 'blank', emptyDir: {} },
      ],
    });
    for (const apiAccess of ['mount', 'none'] as const) {
      const spec = specOut(hardened(pod, { apiAccess }));
      const [container] = spec['containers'] as { volumeMounts: unknown[] }[];
      expect(container?.volumeMounts, apiAccess).toContainEqual(blank);
      expect(spec['volumes'], apiAccess).toContainEqual({ name: 'blank', emptyDir: {} });
    }
  });
});

describe('a volume that served only the replaced token mount', () => {
  const servedBy = (volume: Record<string, unknown>): ReturnType<typeof harden> =>
    hardened(
      podOf({
        containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: String(volume['name']), mountPath: TOKEN_PATH, readOnly: true }] }],
        volumes: [volume],
      }),
    );
  const said = (result: ReturnType<typeof harden>): [string, string][] =>
    result.findings.filter((finding) => finding.code.startsWith('replaced-')).map((finding) => [finding.code, finding.message]);

  it('is removed, and the note says what it was', () => {
    const copied = servedBy({ name: 'kube-api-access-abcde', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } });
    expect(said(copied)).toEqual([
      [
        'replaced-kube-api-access',
        'the projected token volume "kube-api-access-abcde" served only the replaced token mount and was removed',
      ],
    ]);
    const change = copied.changes.find((item) => item.path === 'spec.volumes[0]');
    expect(change).toMatchObject({ after: undefined, reason: `only served the mount replaced at ${TOKEN_PATH}` });
    expect(said(servedBy({ name: 'own-token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }))).toEqual([
      ['replaced-volume', 'the projected token volume "own-token" served only the replaced token mount and was removed'],
    ]);
    expect(said(servedBy({ name: 'legacy', secret: { secretName: 'app-token-x7k2p' } }))).toEqual([
      ['replaced-token-secret', 'the legacy ServiceAccount token Secret "legacy" served only the replaced token mount and was removed'],
    ]);
  });

  it('is a legacy token Secret only by the name Kubernetes gave those (NAME-token-5 characters), and not any volume', () => {
    for (const volume of [
      { name: 'other', secret: { secretName: 'app-token-x7k2p9' } },
      { name: 'other', configMap: { name: 'app-token-x7k2p' } },
    ]) {
      expect(said(servedBy(volume))).toEqual([
        ['replaced-volume', 'the volume "other" served only the replaced token mount and was removed'],
      ]);
    }
  });
});

describe('the token mount of an earlier run', () => {
  const hardenedPod = (mount: Record<string, unknown>): Record<string, unknown> => {
    const first = specOut(hardened(podOf({ containers: [{ name: 'c', image: 'i' }] })));
    const [container] = first['containers'] as Record<string, unknown>[];
    return podOf({ ...first, containers: [{ ...container, volumeMounts: [mount] }] });
  };

  it('is kept as it is whatever the order of its keys', () => {
    const pod = hardenedPod({ readOnly: true, name: 'serviceaccount-token', mountPath: TOKEN_PATH });
    expect(hardened(pod).changes).toEqual([]);
  });

  it('is ours only when it has nothing more than ours', () => {
    const pod = hardenedPod({ name: 'serviceaccount-token', mountPath: TOKEN_PATH, readOnly: true, mountPropagation: 'HostToContainer' });
    const [container] = specOut(hardened(pod))['containers'] as { volumeMounts: unknown[] }[];
    expect(container?.volumeMounts).toEqual([{ mountPath: TOKEN_PATH, name: 'serviceaccount-token', readOnly: true }]);
  });
});

describe('kinds', () => {
  it('an OpenShift DeploymentConfig of the legacy core group (apiVersion v1) is hardened', () => {
    const config = {
      apiVersion: 'v1',
      kind: 'DeploymentConfig',
      metadata: { name: 'dc' },
      spec: { template: { spec: { serviceAccountName: 'app', containers: [{ name: 'c', image: 'i' }] } } },
    };
    expect(hardened(config).changes.map((change) => change.path)).toContain('spec.template.spec.automountServiceAccountToken');
  });
});

describe('each removed or added mount says why, in the words of its case', () => {
  const KUBE = {
    name: 'kube-api-access-x',
    projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }] },
  };
  const mounted = (mount: Record<string, unknown>, ...others: unknown[]): Record<string, unknown>[] => [
    { name: 'c', image: 'i', volumeMounts: [mount] },
    ...(others as Record<string, unknown>[]),
  ];
  const reasons = (containers: unknown[], volumes: unknown[], input: OptionInput = {}): string[] => {
    const result = hardened(podOf({ containers, volumes }), input);
    expect(result.errors).toEqual([]);
    return result.changes.filter((change) => change.path.includes('volumeMounts')).map((change) => `${change.path}: ${change.reason}`);
  };
  const AT_PATH = { name: 'kube-api-access-x', mountPath: TOKEN_PATH, readOnly: true };

  it('a mount replaced by ours, or by the carried files alone', () => {
    expect(reasons(mounted(AT_PATH), [KUBE])).toEqual([
      'spec.containers[0].volumeMounts[0]: replaced by the read-only projected token mount',
      'spec.containers[0].volumeMounts[0]: mount the token read-only where client libraries look for it',
    ]);
    const withFiles = { ...KUBE, projected: { sources: [...KUBE.projected.sources, { configMap: { name: 'mine' } }] } };
    expect(reasons(mounted(AT_PATH), [withFiles], { apiAccess: 'none' })).toEqual([
      'spec.containers[0].volumeMounts[0]: replaced by a read-only mount of the files it projected, without the token',
      'spec.containers[0].volumeMounts[0]: keep the files the replaced volume projected there, read-only and without a token',
    ]);
  });

  it('a mount removed: the container left out, no API access, nothing of a token to keep', () => {
    expect(reasons(mounted(AT_PATH, { name: 'd', image: 'i' }), [KUBE], { excludedContainers: ['c'] })[0]).toBe(
      'spec.containers[0].volumeMounts[0]: the container is not selected for the token mount',
    );
    expect(reasons(mounted(AT_PATH), [KUBE], { apiAccess: 'none' })).toEqual([
      'spec.containers[0].volumeMounts[0]: the workload needs no API access: nothing stays at the token path',
    ]);
    expect(reasons(mounted({ name: 'blank', mountPath: TOKEN_PATH }), [{ name: 'blank', emptyDir: {} }])).toEqual([
      'spec.containers[0].volumeMounts[0]: the container gets no token mount',
    ]);
  });

  it('a mount that reached the token sideways', () => {
    const sideways = { name: 'kube-api-access-x', mountPath: `${TOKEN_PATH}/token`, subPath: 'token', readOnly: true };
    expect(reasons(mounted(sideways), [KUBE])[0]).toBe(
      `spec.containers[0].volumeMounts[0]: it let the container read a token beside the chosen mount (at ${TOKEN_PATH}/token); the token is mounted read-only at ${TOKEN_PATH} instead`,
    );
    expect(reasons(mounted(sideways), [KUBE], { apiAccess: 'none' })[0]).toBe(
      `spec.containers[0].volumeMounts[0]: it let the container read a token beside the chosen mount (at ${TOKEN_PATH}/token); the container gets no token`,
    );
  });

  it('a writable mount at the token path is named, and only the mount that gets replaced by ours is said to become read-only', () => {
    const warnings = (containers: unknown[], volumes: unknown[], input: OptionInput = {}): string[] =>
      hardened(podOf({ containers, volumes }), input)
        .findings.filter((finding) => finding.code === 'mount-not-read-only')
        .map((finding) => finding.message);
    const writable = { name: 'kube-api-access-x', mountPath: TOKEN_PATH };
    expect(warnings(mounted(writable), [KUBE])).toEqual([
      'container "c" mounted the token path without readOnly: true; the new mount is read-only',
    ]);
    expect(warnings(mounted(writable), [KUBE], { apiAccess: 'none' })).toEqual([
      'container "c" mounted the token path without readOnly: true',
    ]);
    expect(warnings(mounted(AT_PATH), [KUBE])).toEqual([]);
  });
});

describe('our own volume from an earlier run', () => {
  const stale = {
    name: 'serviceaccount-token',
    projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 600 } }] },
  };
  const pod = podOf({
    containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'serviceaccount-token', mountPath: TOKEN_PATH, readOnly: true }] }],
    volumes: [stale],
  });
  const volumeChanges = (input: OptionInput = {}): string[] =>
    hardened(pod, input)
      .changes.filter((change) => change.path === 'spec.volumes[0]' && change.after === undefined)
      .map((change) => change.reason);

  it('is replaced when the options changed, and dropped when no container takes the token', () => {
    expect(volumeChanges()).toEqual(['replaced by the token volume with the chosen settings']);
    expect(volumeChanges({ apiAccess: 'none' })).toEqual(['no selected container mounts the token']);
  });

  it('is kept once as it is when it matches, and a second copy of it is removed', () => {
    const once = specOut(hardened(pod));
    expect(hardened(podOf(once)).changes).toEqual([]);
    const volume = (once['volumes'] as unknown[])[0];
    const twice = hardened(podOf({ ...once, volumes: [volume, volume] }));
    expect(twice.changes.map((change) => [change.path, change.after])).toEqual([['spec.volumes[1]', undefined]]);
  });
});

describe('a pod that runs as the default ServiceAccount', () => {
  const warning = (spec: Record<string, unknown>): string[] =>
    hardened({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } })
      .findings.filter((finding) => finding.code === 'default-service-account')
      .map((finding) => `${finding.severity}: ${finding.message}`);
  const ADVICE = 'give it a dedicated ServiceAccount so its token grants only what it needs';

  it('is warned, saying whether it names the account or names none', () => {
    expect(warning({})).toEqual([`warning: the pod runs as the "default" ServiceAccount (it names none): ${ADVICE}`]);
    expect(warning({ serviceAccountName: 'default' })).toEqual([`warning: the pod runs as the "default" ServiceAccount: ${ADVICE}`]);
    expect(warning({ serviceAccountName: 'app' })).toEqual([]);
  });

  it('is warned at its ServiceAccount name when it has one', () => {
    const text = stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'i' }], serviceAccountName: 'default' },
    });
    const finding = harden(text, validOptions({})).findings.find((item) => item.code === 'default-service-account');
    const line = text.split('\n').indexOf('  serviceAccountName: default') + 1;
    expect(finding?.position).toEqual({ line, col: 3 });
  });
});

describe('a pod whose ServiceAccount in the same input turns the token off', () => {
  const account = (name: string): Record<string, unknown> => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name },
    automountServiceAccountToken: false,
  });
  const run = (spec: Record<string, unknown>, input: OptionInput = {}, accountName = 'app'): ReturnType<typeof harden> => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } };
    return harden(`${stringify(account(accountName))}---\n${stringify(pod)}`, validOptions(input));
  };
  const automountReason = (result: ReturnType<typeof harden>): string | undefined =>
    result.changes.find((change) => change.path === 'spec.automountServiceAccountToken')?.reason;

  it('says false itself, naming the account whose false it repeats', () => {
    const result = run({ serviceAccountName: 'app' });
    expect(automountReason(result)).toBe(
      'the token was off only through the ServiceAccount "app", which admission policies and scanners cannot see: the pod says so itself, which grants nothing',
    );
    expect(result.findings.find((finding) => finding.code === 'runs-without-token')?.message).toBe(
      'the pod runs without an API token (automount is off and nothing is mounted at the token path): it has no credentials, so it gets no token',
    );
  });

  it('reads the account from the deprecated field, from an empty name as the default, and from a null automount', () => {
    expect(automountReason(run({ serviceAccount: 'app' }))).toContain('through the ServiceAccount "app"');
    expect(automountReason(run({ serviceAccountName: '' }, {}, 'default'))).toContain('through the ServiceAccount "default"');
    expect(automountReason(run({ serviceAccountName: '', serviceAccount: 'app' }))).toContain('through the ServiceAccount "app"');
    expect(automountReason(run({ serviceAccountName: 'app', automountServiceAccountToken: null }))).toContain(
      'through the ServiceAccount "app"',
    );
  });

  it('keeps the token off when another ServiceAccount is chosen, saying so', () => {
    expect(automountReason(run({ serviceAccountName: 'app' }, { serviceAccountName: 'runner' }))).toBe(
      'the token was off through the ServiceAccount "app"; the pod now runs as "runner", so it keeps the token off itself',
    );
    expect(automountReason(run({ serviceAccountName: 'app' }, { serviceAccountName: 'app' }))).toContain('was off only through');
  });
});

describe('containers chosen by name', () => {
  it('leave ephemeral containers out of the choice: a token mount of theirs is replaced like any other', () => {
    const pod = podOf({
      containers: [{ name: 'app', image: 'i' }],
      ephemeralContainers: [
        { name: 'debugger', image: 'i', volumeMounts: [{ name: 'kube-api-access-x', mountPath: TOKEN_PATH, readOnly: true }] },
      ],
      volumes: [{ name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
    });
    const spec = specOut(hardened(pod, { containers: ['app'] }));
    const [debugger_] = spec['ephemeralContainers'] as { volumeMounts: unknown[] }[];
    expect(debugger_?.volumeMounts).toEqual([{ mountPath: TOKEN_PATH, name: 'serviceaccount-token', readOnly: true }]);
  });
});

describe('a mount path changed between runs', () => {
  it('moves the token: the earlier mount of our volume goes, wherever it was', () => {
    const first = specOut(hardened(podOf({ containers: [{ name: 'c', image: 'i' }] })));
    const moved = specOut(hardened(podOf(first), { mountPath: '/var/run/secrets/tokens' }));
    const [container] = moved['containers'] as { volumeMounts: unknown[] }[];
    expect(container?.volumeMounts).toEqual([{ mountPath: '/var/run/secrets/tokens', name: 'serviceaccount-token', readOnly: true }]);
  });

  it('moves it from one chosen path to another', () => {
    const first = specOut(hardened(podOf({ containers: [{ name: 'c', image: 'i' }] }), { mountPath: '/var/run/secrets/a' }));
    const moved = specOut(hardened(podOf(first), { mountPath: '/var/run/secrets/b' }));
    const [container] = moved['containers'] as { volumeMounts: unknown[] }[];
    expect(container?.volumeMounts).toEqual([{ mountPath: '/var/run/secrets/b', name: 'serviceaccount-token', readOnly: true }]);
  });
});

describe('a token projected through a mount above the token path', () => {
  const pod = podOf({
    containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'all-secrets', mountPath: '/var/run/secrets', readOnly: true }] }],
    volumes: [
      {
        name: 'all-secrets',
        projected: { sources: [{ serviceAccountToken: { path: 'kubernetes.io/serviceaccount/token' } }, { configMap: { name: 'certs' } }] },
      },
    ],
  });
  const warnings = (input: OptionInput): string[] =>
    hardened(pod, input)
      .findings.filter((finding) => finding.code === 'token-through-parent')
      .map((finding) => finding.message);

  it('is covered by our mount at that very path, and named when nothing covers it', () => {
    expect(warnings({})).toEqual([]);
    expect(warnings({ apiAccess: 'none' })).toEqual([
      `container "c" still reads a token at ${TOKEN_PATH} through its mount at /var/run/secrets, whose volume projects one there: remove that source from the volume, or the mount`,
    ]);
  });
});

describe('a pod spec without containers', () => {
  it('is warned that no container gets the token mount', () => {
    const finding = hardened(podOf({ containers: [] })).findings.find((item) => item.code === 'no-containers');
    expect(finding).toMatchObject({ severity: 'warning', message: 'the pod spec has no containers, so no container gets the token mount' });
    expect(hardened(podOf({ containers: [{ name: 'c', image: 'i' }] })).findings.map((item) => item.code)).not.toContain('no-containers');
  });
});

describe('an empty list of mounts or volumes, written any way', () => {
  const OURS = { mountPath: TOKEN_PATH, name: 'serviceaccount-token', readOnly: true };
  const written = (result: ReturnType<typeof harden>, path: string): string => {
    const span = result.changes.find((change) => change.path === path)?.output;
    return span ? result.output.slice(span.start, span.end) : '';
  };
  for (const empty of ['', ' ~', ' null', ' []']) {
    it(`is filled in place with the token mount and volume: \`volumeMounts:${empty}\`, \`volumes:${empty}\``, () => {
      const text = [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: p',
        'spec:',
        '  serviceAccountName: app',
        '  containers:',
        '    - name: c',
        `      volumeMounts:${empty}`,
        '      image: i',
        `  volumes:${empty}`,
        '  restartPolicy: Always',
        '',
      ].join('\n');
      const result = harden(text, validOptions({}));
      const spec = specOut(result);
      const [container] = spec['containers'] as Record<string, unknown>[];
      expect(container?.['volumeMounts']).toEqual([OURS]);
      expect((spec['volumes'] as { name: string }[]).map((volume) => volume.name)).toEqual(['serviceaccount-token']);
      // Each key stays where it was, in block style.
      expect(Object.keys(container ?? {})).toEqual(['name', 'volumeMounts', 'image']);
      expect(Object.keys(spec).slice(-2)).toEqual(['volumes', 'restartPolicy']);
      expect(result.output).not.toContain('[');
      expect(written(result, 'spec.containers[0].volumeMounts[0]')).toContain('name: serviceaccount-token');
      expect(written(result, 'spec.volumes[0]')).toContain('name: serviceaccount-token');
    });
  }

  it('is filled in flow style inside a flow mapping', () => {
    for (const empty of ['[]', 'null']) {
      const text = `---\n{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {serviceAccountName: app, containers: [{name: c, volumeMounts: ${empty}, image: i}], volumes: ${empty}, restartPolicy: Always}}\n`;
      const result = harden(text, validOptions({}));
      const spec = specOut(result);
      const [container] = spec['containers'] as Record<string, unknown>[];
      expect(container?.['volumeMounts'], empty).toEqual([OURS]);
      expect(Object.keys(container ?? {}), empty).toEqual(['name', 'volumeMounts', 'image']);
      expect(Object.keys(spec).slice(-3, -1), empty).toEqual(['volumes', 'restartPolicy']);
      // Flow text stays flow: no block line (a `key:` ending a line) is written into it.
      expect(result.output, empty).not.toMatch(/:\n/);
      expect(written(result, 'spec.containers[0].volumeMounts[0]'), empty).toContain('name: serviceaccount-token');
    }
  });
});
