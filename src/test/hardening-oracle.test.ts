import { describe, expect, it } from 'vitest';
import { expectedTokenVolume, hardeningViolations, type OracleOptions, podSpecsOf } from './hardening-oracle';

const OPTIONS: OracleOptions = {
  serviceAccountName: undefined,
  expirationSeconds: 3607,
  mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
  defaultMode: 292,
  audience: undefined,
  volumeName: 'serviceaccount-token',
  containers: undefined,
  hardenServiceAccounts: true,
  emitServiceAccount: false,
  apiAccess: 'mount',
};

const MOUNT = { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'serviceaccount-token', readOnly: true };

/** The token volume written out by hand, as SPEC §2.2 shows it. */
const VOLUME = {
  name: 'serviceaccount-token',
  projected: {
    defaultMode: 292,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
};

function pod(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
}

const INPUT = pod({ initContainers: [{ name: 'init', image: 'i' }], containers: [{ name: 'app', image: 'a' }] });
const HARDENED = pod({
  initContainers: [{ name: 'init', image: 'i', volumeMounts: [{ ...MOUNT }] }],
  containers: [{ name: 'app', image: 'a', volumeMounts: [MOUNT] }],
  automountServiceAccountToken: false,
  volumes: [VOLUME],
});

function codes(input: unknown, output: unknown, options: OracleOptions = OPTIONS): string[] {
  return hardeningViolations([input], [output], options).map((violation) => violation.code);
}

describe('hardeningViolations', () => {
  it('writes the token volume as SPEC §2.2 shows it, the audience only when set', () => {
    expect(expectedTokenVolume(OPTIONS)).toEqual(VOLUME);
    const withAudience = expectedTokenVolume({ ...OPTIONS, audience: 'vault' }) as typeof VOLUME;
    expect(withAudience.projected.sources[0]).toEqual({
      serviceAccountToken: { audience: 'vault', expirationSeconds: 3607, path: 'token' },
    });
  });

  it('accepts a pod hardened by hand', () => {
    expect(codes(INPUT, HARDENED)).toEqual([]);
  });

  it.each([
    ['the downwardAPI source dropped', (spec: any) => spec.volumes[0].projected.sources.pop(), ['token-volume']],
    ['another mode', (spec: any) => (spec.volumes[0].projected.defaultMode = 420), ['token-volume']],
    ['the init container skipped', (spec: any) => delete spec.initContainers[0].volumeMounts, ['token-mount']],
    ['a writable mount', (spec: any) => (spec.containers[0].volumeMounts[0].readOnly = false), ['token-mount']],
    ['automount left on', (spec: any) => delete spec.automountServiceAccountToken, ['automount']],
    ['an image changed', (spec: any) => (spec.containers[0].image = 'b'), ['changed']],
  ])('finds %s', (_case, mutate, expected) => {
    const output = structuredClone(HARDENED) as any;
    mutate(output.spec);
    expect(codes(INPUT, output)).toEqual(expected);
  });

  it('finds a dropped audience', () => {
    expect(codes(INPUT, HARDENED, { ...OPTIONS, audience: 'vault' })).toEqual(['token-volume']);
  });

  it('finds a token given to a pod whose token was off (never widen), and accepts it left alone', () => {
    const off = pod({ automountServiceAccountToken: false, containers: [{ name: 'app', image: 'a' }] });
    expect(codes(off, off)).toEqual([]);
    expect(codes(off, { ...HARDENED, spec: { ...(HARDENED['spec'] as object), initContainers: undefined } })).toContain('widened');
  });

  it('takes a ServiceAccount in the same input that says false as the pod token off', () => {
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app-sa' }, automountServiceAccountToken: false };
    const input = pod({ serviceAccountName: 'app-sa', containers: [{ name: 'app', image: 'a' }] });
    const hardened = pod({
      serviceAccountName: 'app-sa',
      containers: [{ name: 'app', image: 'a', volumeMounts: [MOUNT] }],
      automountServiceAccountToken: false,
      volumes: [VOLUME],
    });
    const violations = hardeningViolations([account, input], [account, hardened], OPTIONS).map((violation) => violation.code);
    expect(violations).toContain('widened');
    expect(hardeningViolations([account, input], [account, input], OPTIONS)).toEqual([]);
  });

  it('expects no token in a container that hid the token path with a volume holding none', () => {
    const hidden = { name: 'hidden', image: 'h', volumeMounts: [{ mountPath: `${MOUNT.mountPath}/`, name: 'hide' }] };
    const input = pod({ containers: [hidden, { name: 'app', image: 'a' }], volumes: [{ name: 'hide', emptyDir: {} }] });
    const hardened = pod({
      containers: [
        { name: 'hidden', image: 'h' },
        { name: 'app', image: 'a', volumeMounts: [MOUNT] },
      ],
      automountServiceAccountToken: false,
      volumes: [VOLUME],
    });
    expect(codes(input, hardened)).toEqual([]);
    const tokenForBoth = pod({
      ...(hardened['spec'] as object),
      containers: [
        { name: 'hidden', image: 'h', volumeMounts: [MOUNT] },
        { name: 'app', image: 'a', volumeMounts: [MOUNT] },
      ],
    });
    expect(codes(input, tokenForBoth)).toEqual(['widened']);
  });

  it('takes a ServiceAccount defined twice, saying false and true, as the token on', () => {
    const account = (automount: boolean): object => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'app-sa' },
      automountServiceAccountToken: automount,
    });
    const input = pod({ serviceAccountName: 'app-sa', containers: [{ name: 'app', image: 'a' }] });
    const hardened = pod({
      serviceAccountName: 'app-sa',
      containers: [{ name: 'app', image: 'a', volumeMounts: [MOUNT] }],
      automountServiceAccountToken: false,
      volumes: [VOLUME],
    });
    const accounts = [account(false), account(true)];
    const hardenedAccounts = [account(false), account(false)];
    expect(hardeningViolations([...accounts, input], [...hardenedAccounts, hardened], OPTIONS)).toEqual([]);
    expect(hardeningViolations([...accounts, input], [...hardenedAccounts, input], OPTIONS).map((violation) => violation.code)).toContain(
      'automount',
    );
  });

  it('finds a token left with API access "none"', () => {
    expect(codes(INPUT, HARDENED, { ...OPTIONS, apiAccess: 'none' })).toEqual(['no-token', 'no-token', 'no-token']);
    expect(
      codes(INPUT, pod({ ...(INPUT['spec'] as object), automountServiceAccountToken: false }), { ...OPTIONS, apiAccess: 'none' }),
    ).toEqual([]);
  });

  it('finds every kind of SPEC §2.1 table at its path', () => {
    const spec = { containers: [] };
    const template = { spec };
    expect(podSpecsOf({ kind: 'CronJob', apiVersion: 'batch/v1', spec: { jobTemplate: { spec: { template } } } })).toEqual([
      { path: 'spec.jobTemplate.spec.template.spec', spec },
    ]);
    expect(podSpecsOf({ kind: 'ScaledJob', apiVersion: 'keda.sh/v1alpha1', spec: { jobTargetRef: { template } } })).toHaveLength(1);
    expect(podSpecsOf({ kind: 'Rollout', apiVersion: 'example.com/v1', spec: { template } })).toEqual([]);
    expect(
      podSpecsOf({
        kind: 'JobSet',
        apiVersion: 'jobset.x-k8s.io/v1alpha2',
        spec: { replicatedJobs: [{ template: { spec: { template } } }, { template: { spec: { template } } }] },
      }).map((entry) => entry.path),
    ).toEqual(['spec.replicatedJobs[0].template.spec.template.spec', 'spec.replicatedJobs[1].template.spec.template.spec']);
  });
});
