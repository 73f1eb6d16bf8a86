/**
 * Tokens a container reaches other than through the mount at the token path (issue 22, 4): a
 * `subPath` mount of a token file inside it, a volume mounted above it that projects one into it,
 * a legacy Secret left at the API server's path when another path is chosen. `--check`, hardening
 * and the validating policy must each see them; hardening replaces what it can and reports the rest.
 */
import { describe, expect, it } from 'vitest';
import { validateObject } from '../../ui/output/policy/policy-cel';
import { validOptions } from '../../test/options';
import {
  checkPodSpec,
  DEFAULT_MOUNT_PATH,
  DEFAULT_OPTIONS,
  harden,
  type HardenOptions,
  plainDocuments,
  validatingEvaluation,
} from '../index';

const LEGACY = { name: 'legacy', secret: { secretName: 'default-token-abcde' } };
const PARENT = {
  name: 'secrets',
  projected: { sources: [{ serviceAccountToken: { path: 'kubernetes.io/serviceaccount/token', expirationSeconds: 86400 } }] },
};
const CUSTOM = validOptions({ mountPath: '/var/run/secrets/tokens' });

type Spec = Record<string, unknown>;

function pod(mounts: readonly Record<string, unknown>[], volumes: readonly Record<string, unknown>[], automount = false): Spec {
  return { automountServiceAccountToken: automount, containers: [{ name: 'app', image: 'nginx', volumeMounts: mounts }], volumes };
}

/** A token mounted by hand as hardening writes it, which `--check` passes. */
const OURS = {
  mount: { name: 'serviceaccount-token', mountPath: DEFAULT_MOUNT_PATH, readOnly: true },
  volume: {
    name: 'serviceaccount-token',
    projected: { defaultMode: 0o444, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] },
  },
};

const SIDEWAYS: readonly [string, Spec, HardenOptions, string[]][] = [
  [
    'a legacy token Secret mounted with subPath at …/serviceaccount/token',
    pod([{ name: 'legacy', mountPath: `${DEFAULT_MOUNT_PATH}/token`, subPath: 'token', readOnly: true }], [LEGACY]),
    DEFAULT_OPTIONS,
    ['secret-token'],
  ],
  [
    'a long-lived projected token mounted above the token path, at /var/run/secrets',
    pod([{ name: 'secrets', mountPath: '/var/run/secrets', readOnly: true }], [PARENT]),
    DEFAULT_OPTIONS,
    ['mode-wider', 'expiration-over-bound'],
  ],
  [
    'a writable legacy Secret left at the default path when another path is chosen',
    pod([{ name: 'legacy', mountPath: DEFAULT_MOUNT_PATH }], [LEGACY]),
    CUSTOM,
    ['token-not-read-only', 'secret-token'],
  ],
  [
    'a Secret whose item lands in the token path from /var/run',
    pod(
      [{ name: 'legacy', mountPath: '/var/run', readOnly: true }],
      [
        {
          name: 'legacy',
          secret: { secretName: 'default-token-abcde', items: [{ key: 'token', path: 'secrets/kubernetes.io/serviceaccount/token' }] },
        },
      ],
    ),
    DEFAULT_OPTIONS,
    ['secret-token'],
  ],
];

function asPod(spec: Spec): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
}

describe('tokens reached sideways', () => {
  it.each(SIDEWAYS)('--check sees %s', (_, spec, options, expected) => {
    expect(checkPodSpec(spec, options).map((problem) => problem.code)).toEqual(expected);
  });

  it.each(SIDEWAYS)('the validating policy denies %s, as --check does', (_, spec, options) => {
    expect(validateObject(validatingEvaluation(options), asPod(spec)).failures).not.toEqual([]);
  });

  it.each(SIDEWAYS)('hardening leaves no token reached sideways: %s', (_, spec, options) => {
    const result = harden(JSON.stringify(asPod(spec)), options);
    expect(result.errors).toEqual([]);
    const [output] = plainDocuments(result.output) as [{ spec: Spec }];
    expect(checkPodSpec(output.spec, options)).toEqual([]);
    expect(validateObject(validatingEvaluation(options), output).failures).toEqual([]);
    // The container could read a token before: it has one now, at the chosen path.
    const mounts = (output.spec['containers'] as { volumeMounts: { mountPath: string }[] }[])[0]?.volumeMounts ?? [];
    expect(mounts.map((mount) => mount.mountPath)).toContain(options.mountPath);
  });

  it('replaces the subPath mount and removes the Secret that only it used', () => {
    const [, spec] = SIDEWAYS[0] ?? [];
    const result = harden(JSON.stringify(asPod(spec ?? {})), DEFAULT_OPTIONS);
    const [output] = plainDocuments(result.output) as [{ spec: { volumes: { name: string }[] } }];
    expect(output.spec.volumes.map((volume) => volume.name)).toEqual(['serviceaccount-token']);
    expect(result.findings.map((finding) => finding.code)).toContain('replaced-token-secret');
  });

  it('passes a volume above the token path that the mount at the token path covers', () => {
    const spec = pod([{ name: 'secrets', mountPath: '/var/run/secrets', readOnly: true }, OURS.mount], [PARENT, OURS.volume]);
    expect(checkPodSpec(spec, validOptions({ defaultMode: '0444' }))).toEqual([]);
    expect(validateObject(validatingEvaluation(DEFAULT_OPTIONS), asPod(spec)).failures).toEqual([]);
  });

  it('reports a token above the path it cannot cover (no API access), and --check still refuses it', () => {
    const spec = pod([{ name: 'secrets', mountPath: '/var/run/secrets', readOnly: true }], [PARENT]);
    const none = validOptions({ apiAccess: 'none' });
    const result = harden(JSON.stringify(asPod(spec)), none);
    expect(result.findings.map((finding) => finding.code)).toContain('token-through-parent');
    const [output] = plainDocuments(result.output) as [{ spec: Spec }];
    expect(checkPodSpec(output.spec, none).map((problem) => problem.code)).toEqual(['token-with-no-api-access']);
  });

  it('never uncovers a token: a mount without one that hides the token above it stays when no token is mounted', () => {
    const spec = pod(
      [
        { name: 'secrets', mountPath: '/var/run/secrets', readOnly: true },
        { name: 'empty', mountPath: DEFAULT_MOUNT_PATH },
      ],
      [PARENT, { name: 'empty', emptyDir: {} }],
    );
    const none = validOptions({ apiAccess: 'none' });
    expect(checkPodSpec(spec, none)).toEqual([]);
    const [output] = plainDocuments(harden(JSON.stringify(asPod(spec)), none).output) as [{ spec: Spec }];
    expect(checkPodSpec(output.spec, none)).toEqual([]);
  });

  it("keeps a user's own projected volume that carries the chosen volume name: refused, not replaced", () => {
    const spec = pod(
      [{ name: 'serviceaccount-token', mountPath: '/etc/config' }],
      [{ name: 'serviceaccount-token', projected: { sources: [{ configMap: { name: 'app-config' } }] } }],
      true,
    );
    const { errors } = harden(JSON.stringify(asPod(spec)), DEFAULT_OPTIONS);
    expect(errors.map((error) => error.code)).toEqual(['volume-name-taken']);
  });
});

describe('token lifetimes the API server refuses', () => {
  function tokenPod(expiration: unknown): Spec {
    return pod(
      [OURS.mount],
      [
        {
          name: 'serviceaccount-token',
          projected: { defaultMode: 0o444, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: expiration } }] },
        },
      ],
    );
  }

  it.each([
    [0, 'is under 600 s'],
    [-5, 'is under 600 s'],
    [599, 'is under 600 s'],
    [600.5, 'is not a whole number of seconds'],
    ['3600', 'is not a whole number of seconds'],
  ])('refuses expirationSeconds %j: it %s', (expiration, says) => {
    const [problem] = checkPodSpec(tokenPod(expiration), DEFAULT_OPTIONS);
    expect(problem?.code).toBe('expiration-over-bound');
    expect(problem?.message).toContain(says);
    expect(
      validateObject(validatingEvaluation(DEFAULT_OPTIONS), asPod(tokenPod(expiration))).failures.map((failure) => failure.name),
    ).toEqual([problem?.code]);
  });

  it('reads `expirationSeconds: -0` as 0, as kubectl does, and so refuses it', () => {
    const text =
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${JSON.stringify(tokenPod('SLOT')).replace('"SLOT"', '-0')}\n`.replace(
        'spec:\n{',
        'spec: {',
      );
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.objects[0]?.problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('expirationSeconds 0 is under 600 s'),
    ]);
  });
});
