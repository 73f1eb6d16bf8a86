import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkPodSpec, checkServiceAccount, DEFAULT_OPTIONS, harden, type HardenOptions, plainDocuments } from '../index';
import { validOptions } from '../../test/options';

const PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A pod hardened by hand: another volume name, sources in another order, API defaults left out. */
function handWritten(extra: { mode?: number; expiration?: number; audience?: string } = {}): Record<string, unknown> {
  return {
    automountServiceAccountToken: false,
    containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'kube-api-access', mountPath: `${PATH}/`, readOnly: true }] }],
    volumes: [
      {
        name: 'kube-api-access',
        projected: {
          ...(extra.mode === undefined ? {} : { defaultMode: extra.mode }),
          sources: [
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            {
              serviceAccountToken: {
                path: 'token',
                ...(extra.expiration === undefined ? {} : { expirationSeconds: extra.expiration }),
                ...(extra.audience === undefined ? {} : { audience: extra.audience }),
              },
            },
          ],
        },
      },
    ],
  };
}

function codes(spec: unknown, chosen: HardenOptions = DEFAULT_OPTIONS, context = {}): string[] {
  return checkPodSpec(spec, chosen, context).map((problem) => problem.code);
}

describe('checkPodSpec: hardened by meaning', () => {
  it('passes a hand-written equivalent with API defaults (3600 s, 0644) when the bounds allow them', () => {
    expect(codes(handWritten(), validOptions({ expirationSeconds: '3600', defaultMode: '0644' }))).toEqual([]);
  });

  it('applies the API defaults: absent mode is 0644, wider than 0444', () => {
    expect(codes(handWritten())).toEqual(['mode-wider']);
    expect(codes(handWritten({ mode: 0o440 }))).toEqual([]);
  });

  it('treats the options as bounds: a shorter lifetime and a stricter mode pass, a longer one fails', () => {
    expect(codes(handWritten({ mode: 0o400, expiration: 600 }))).toEqual([]);
    expect(codes(handWritten({ mode: 0o444, expiration: 7200 }))).toEqual(['expiration-over-bound']);
    // 3600 (the API default) is within the default 3607.
    expect(codes(handWritten({ mode: 0o444 }))).toEqual([]);
    expect(codes(handWritten({ mode: 0o444 }), validOptions({ expirationSeconds: '1800' }))).toEqual(['expiration-over-bound']);
  });

  it('holds a mode within the bound only when it adds no permission bit, whatever its size as a number', () => {
    // 0500 (320) is larger than 0444 (292) and adds execute for the owner.
    expect(codes(handWritten({ mode: 0o500 }))).toEqual(['mode-wider']);
    // Smaller as numbers, yet each adds a bit: 0404 (260) lets others read under 0440 (288);
    // 0222 (146) lets everyone write under 0444 (292).
    expect(codes(handWritten({ mode: 0o404 }), validOptions({ defaultMode: '0440' }))).toEqual(['mode-wider']);
    expect(codes(handWritten({ mode: 0o222 }))).toEqual(['mode-wider']);
    // Subsets pass however they compare as numbers: 0440 and 0004 under 0444, 0400 under 0440.
    expect(codes(handWritten({ mode: 0o440 }))).toEqual([]);
    expect(codes(handWritten({ mode: 0o004 }))).toEqual([]);
    expect(codes(handWritten({ mode: 0o400 }), validOptions({ defaultMode: '0440' }))).toEqual([]);
  });

  it('wants the chosen audience, and none unless one is chosen', () => {
    expect(codes(handWritten({ mode: 0o444, audience: 'vault' }))).toEqual(['audience-mismatch']);
    expect(codes(handWritten({ mode: 0o444, audience: 'vault' }), validOptions({ audience: 'vault' }))).toEqual([]);
    expect(codes(handWritten({ mode: 0o444 }), validOptions({ audience: 'vault' }))).toEqual(['audience-mismatch']);
  });

  it('passes a pod with automount off and no token anywhere', () => {
    expect(codes({ automountServiceAccountToken: false, containers: [{ name: 'app', image: 'nginx' }] })).toEqual([]);
  });

  it('wants false on the pod spec even when its ServiceAccount says false, and says why', () => {
    const spec = { containers: [{ name: 'app', image: 'nginx' }] };
    expect(codes(spec)).toEqual(['automount-on']);
    const onlyAccount = checkPodSpec(spec, DEFAULT_OPTIONS, { serviceAccountAutomount: false });
    expect(onlyAccount.map((problem) => problem.code)).toEqual(['automount-on']);
    expect(onlyAccount[0]?.message).toContain('only on the ServiceAccount');
    expect(codes({ ...spec, automountServiceAccountToken: true }, DEFAULT_OPTIONS, { serviceAccountAutomount: false })).toEqual([
      'automount-on',
    ]);
    expect(codes({ ...spec, automountServiceAccountToken: false }, DEFAULT_OPTIONS, { serviceAccountAutomount: false })).toEqual([]);
  });

  it('checks init, regular and ephemeral containers alike', () => {
    const spec = handWritten({ mode: 0o444 });
    const writable = { name: 'x', image: 'busybox', volumeMounts: [{ name: 'kube-api-access', mountPath: PATH }] };
    for (const field of ['initContainers', 'ephemeralContainers', 'containers']) {
      const withWritable = { ...spec, [field]: [...((spec[field] as unknown[] | undefined) ?? []), writable] };
      const problems = checkPodSpec(withWritable, DEFAULT_OPTIONS);
      expect(problems.map((problem) => [problem.code, problem.container])).toEqual([['token-not-read-only', 'x']]);
      expect(problems[0]?.message).toContain('readOnly: true');
    }
  });

  it('refuses a Secret-based token and volumes that may hide one at the token path', () => {
    const secret = {
      automountServiceAccountToken: false,
      containers: [{ name: 'app', volumeMounts: [{ name: 't', mountPath: PATH, readOnly: true }] }],
      volumes: [{ name: 't', secret: { secretName: 'default-token-x2k9p' } }],
    };
    expect(codes(secret)).toEqual(['secret-token']);
    expect(codes({ ...secret, volumes: [{ name: 't', hostPath: { path: '/tokens' } }] })).toEqual(['token-not-projected']);
    // An emptyDir over the token path hides the token: no credentials, nothing to bound.
    const hidden = { name: 'app', volumeMounts: [{ name: 't', mountPath: PATH }] };
    expect(codes({ ...secret, containers: [hidden], volumes: [{ name: 't', emptyDir: {} }] })).toEqual([]);
    expect(codes({ ...secret, volumes: [] })).toEqual(['token-volume-missing']);
  });

  it('passes a tokenless projected volume at the token path (files carried over, no credentials)', () => {
    const spec = {
      automountServiceAccountToken: false,
      containers: [{ name: 'app', volumeMounts: [{ name: 'files', mountPath: PATH, readOnly: true }] }],
      volumes: [{ name: 'files', projected: { sources: [{ configMap: { name: 'service-ca' } }] } }],
    };
    expect(codes(spec)).toEqual([]);
    expect(codes(spec, validOptions({ apiAccess: 'none' }))).toEqual([]);
  });

  it('with API access none, a mounted token is itself a problem', () => {
    const problems = checkPodSpec(handWritten({ mode: 0o444 }), validOptions({ apiAccess: 'none' }));
    expect(problems.map((problem) => problem.code)).toEqual(['token-with-no-api-access']);
    expect(problems[0]?.message).toContain('remove the token');
  });

  it('flags a token in a container that is not chosen', () => {
    expect(codes(handWritten({ mode: 0o444 }), validOptions({ containers: 'other' }))).toEqual(['token-in-unselected-container']);
  });

  it('never throws on odd values', () => {
    for (const value of [null, 1, 'x', [], { containers: 'x' }, { containers: [null, { volumeMounts: [1] }] }])
      expect(() => checkPodSpec(value, DEFAULT_OPTIONS)).not.toThrow();
  });
});

describe('what may hold a token at the token path, for --check and hardening alike', () => {
  // Written out from SPEC §2.5 rather than from mayHoldToken, which --check and hardening share.
  const HOLDS_NONE: [string, Record<string, unknown>][] = [
    ['an emptyDir', { emptyDir: {} }],
    ['a ConfigMap', { configMap: { name: 'settings' } }],
    ['the downward API', { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }],
    ['a projected volume without a token', { projected: { sources: [{ configMap: { name: 'service-ca' } }] } }],
  ];
  const MAY_HOLD: [string, Record<string, unknown> | undefined][] = [
    ['a Secret', { secret: { secretName: 'app-token-x7k2p' } }],
    ['a projected token', { projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
    ['a hostPath', { hostPath: { path: '/var/lib/tokens' } }],
    ['a CSI volume', { csi: { driver: 'secrets-store.csi.k8s.io' } }],
    ['a persistent volume claim', { persistentVolumeClaim: { claimName: 'tokens' } }],
    ['a volume the pod does not define', undefined],
  ];
  /** A pod with its token off whose container mounts `volume` at the token path, writable. */
  function podSpec(volume: Record<string, unknown> | undefined): Record<string, unknown> {
    return {
      automountServiceAccountToken: false,
      containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'at-path', mountPath: PATH }] }],
      ...(volume === undefined ? {} : { volumes: [{ name: 'at-path', ...volume }] }),
    };
  }
  function hardened(volume: Record<string, unknown> | undefined): { unchanged: boolean; mounts: unknown } {
    const text = stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: podSpec(volume) });
    const { output } = harden(text, DEFAULT_OPTIONS);
    const [pod] = plainDocuments(output) as [{ spec: { containers: { volumeMounts: unknown }[] } }];
    return { unchanged: output === text, mounts: pod.spec.containers[0]?.volumeMounts };
  }

  it.each(HOLDS_NONE)('%s holds no token: nothing to check, nothing to replace', (_, volume) => {
    expect(codes(podSpec(volume))).toEqual([]);
    expect(hardened(volume)).toEqual({ unchanged: true, mounts: [{ name: 'at-path', mountPath: PATH }] });
  });

  it.each(MAY_HOLD)('%s may hold a token: --check wants it read-only, hardening replaces it', (_, volume) => {
    expect(codes(podSpec(volume))).toContain('token-not-read-only');
    expect(hardened(volume)).toEqual({
      unchanged: false,
      mounts: [{ mountPath: PATH, name: 'serviceaccount-token', readOnly: true }],
    });
  });
});

describe('checkServiceAccount', () => {
  it('passes only automountServiceAccountToken: false', () => {
    expect(checkServiceAccount({ automountServiceAccountToken: false })).toEqual([]);
    expect(checkServiceAccount({}).map((problem) => problem.code)).toEqual(['service-account-automount-on']);
    expect(checkServiceAccount({ automountServiceAccountToken: 'false' })).toHaveLength(1);
  });
});
