/**
 * The rules of `--check` one by one, each on the smallest pod spec that shows it, with the words
 * of the message a user reads: how a token is reached from a parent directory or through a
 * `subPath`, what counts as the API server's audience and lifetime, who is exempt from the choice
 * of containers, and what each problem tells the user to do.
 */
import { describe, expect, it } from 'vitest';
import { checkPodSpec, checkServiceAccount, DEFAULT_OPTIONS, type HardenOptions } from '../index';
import { validOptions } from '../../test/options';
import { parentTokenPaths } from './check';

const PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

type Spec = Record<string, unknown>;

function tokenSource(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { serviceAccountToken: { path: 'token', expirationSeconds: 3607, ...fields } };
}

/** A pod whose one container mounts `volume` read-only at `mountPath`. */
function podMounting(volume: Record<string, unknown>, mountPath = PATH, mount: Record<string, unknown> = {}): Spec {
  return {
    automountServiceAccountToken: false,
    containers: [{ name: 'app', volumeMounts: [{ name: 'v', mountPath, readOnly: true, ...mount }] }],
    volumes: [{ name: 'v', ...volume }],
  };
}

function projected(...sources: unknown[]): Record<string, unknown> {
  return { projected: { defaultMode: 0o444, sources } };
}

function check(spec: unknown, options: HardenOptions = DEFAULT_OPTIONS, context = {}) {
  return checkPodSpec(spec, options, context);
}

function codes(spec: unknown, options: HardenOptions = DEFAULT_OPTIONS): string[] {
  return check(spec, options).map((problem) => problem.code);
}

describe('a token reached from a directory above the token path', () => {
  const deepToken = (path: string) => projected({ serviceAccountToken: { path, expirationSeconds: 99999 } });

  it('is judged when the volume puts it at kubernetes.io/serviceaccount/token below the mount', () => {
    const spec = podMounting(deepToken('kubernetes.io/serviceaccount/token'), '/var/run/secrets');
    expect(codes(spec)).toEqual(['expiration-over-bound']);
    expect(check(spec)[0]?.message).toContain('container "app" (through its mount at /var/run/secrets): the token lives 99999 s');
  });

  it('is judged from the root directory too', () => {
    expect(codes(podMounting(deepToken('var/run/secrets/kubernetes.io/serviceaccount/token'), '/'))).toEqual(['expiration-over-bound']);
  });

  it("counts the mount's subPath: the token must sit under it", () => {
    const inside = deepToken('sub/kubernetes.io/serviceaccount/token');
    expect(codes(podMounting(inside, '/var/run/secrets', { subPath: 'sub' }))).toEqual(['expiration-over-bound']);
    // Without the subPath the same volume puts its token at /var/run/secrets/sub/…, where no client reads.
    expect(codes(podMounting(inside, '/var/run/secrets'))).toEqual([]);
    // Under another subPath it sits elsewhere too.
    expect(codes(podMounting(inside, '/var/run/secrets', { subPath: 'other' }))).toEqual([]);
    // An empty subPath is no subPath.
    expect(codes(podMounting(deepToken('kubernetes.io/serviceaccount/token'), '/var/run/secrets', { subPath: '' }))).toEqual([
      'expiration-over-bound',
    ]);
  });

  it('finds the token among other sources, whatever their order or shape', () => {
    const volume = projected(
      null,
      'text',
      { configMap: { name: 'c' } },
      { serviceAccountToken: { expirationSeconds: 99999 } },
      {
        serviceAccountToken: { path: 'kubernetes.io/serviceaccount/token', expirationSeconds: 99999 },
      },
    );
    expect(codes(podMounting(volume, '/var/run/secrets'))).toContain('expiration-over-bound');
  });

  it('finds a legacy Secret item put at the token path, among other items', () => {
    const secret = {
      secret: {
        secretName: 's',
        items: [null, { key: 'ca.crt', path: 'ca.crt' }, { key: 'token', path: 'kubernetes.io/serviceaccount/token' }],
      },
    };
    expect(codes(podMounting(secret, '/var/run/secrets'))).toEqual(['secret-token']);
    expect(check(podMounting(secret, '/var/run/secrets'))[0]?.message).toBe(
      'container "app" (through its mount at /var/run/secrets) mounts a Secret at the token path (a long-lived token): mount a projected serviceAccountToken volume instead',
    );
  });

  it('finds no token path for a mount without a path (the API server refuses one)', () => {
    const volume = { name: 'v', ...deepToken('var/run/secrets/kubernetes.io/serviceaccount/token') };
    for (const mount of [{ name: 'v' }, { name: 'v', mountPath: 5 }, 'v', null])
      expect(parentTokenPaths(mount, volume, DEFAULT_OPTIONS)).toEqual([]);
    expect(parentTokenPaths({ name: 'v', mountPath: '/' }, volume, DEFAULT_OPTIONS)).toEqual([PATH]);
  });

  it('leaves directories that hold no token alone', () => {
    expect(codes(podMounting({ emptyDir: {} }, '/var/run/secrets'))).toEqual([]);
    expect(codes(podMounting({ secret: { secretName: 's', items: [{ key: 'a', path: 'other/token' }] } }, '/var/run/secrets'))).toEqual([]);
    expect(codes(podMounting({ secret: { secretName: 's' } }, '/var/run/secrets'))).toEqual([]);
  });
});

describe("the API server's audience and lifetime", () => {
  it("reads an absent, null or empty audience as the API server's own", () => {
    for (const audience of [undefined, null, '']) expect(codes(podMounting(projected(tokenSource({ audience }))))).toEqual([]);
  });

  it('tells which audience the token has and which it should have', () => {
    const vault = validOptions({ audience: 'vault' });
    expect(check(podMounting(projected(tokenSource({ audience: 'other' }))))[0]?.message).toBe(
      'container "app": the token has audience "other", not the API server\'s: remove the audience',
    );
    expect(check(podMounting(projected(tokenSource())), vault)[0]?.message).toBe(
      'container "app": the token\'s audience is the API server, not "vault": set audience to "vault"',
    );
    expect(check(podMounting(projected(tokenSource({ audience: 'other' }))), vault)[0]?.message).toBe(
      'container "app": the token\'s audience is "other", not "vault": set audience to "vault"',
    );
  });

  it('reads a null expiration as the API server does, 3600 s', () => {
    const spec = podMounting(projected(tokenSource({ expirationSeconds: null })));
    expect(codes(spec)).toEqual([]);
    expect(codes(spec, validOptions({ expirationSeconds: '1800' }))).toEqual(['expiration-over-bound']);
  });

  it('says what is wrong with an expiration the API server refuses, showing the value as written', () => {
    expect(check(podMounting(projected(tokenSource({ expirationSeconds: '1h' }))))[0]?.message).toBe(
      'container "app": expirationSeconds "1h" is not a whole number of seconds, which the API server refuses: set expirationSeconds to between 600 and 3607',
    );
  });

  it('ignores a null token source beside a real one', () => {
    const spec = podMounting(projected({ serviceAccountToken: null }, tokenSource({ expirationSeconds: 1800 })));
    expect(codes(spec, validOptions({ expirationSeconds: '1800' }))).toEqual([]);
  });
});

describe('what each problem tells the user', () => {
  it('names the container, or an empty name when it has none', () => {
    const spec = podMounting({ secret: { secretName: 's' } });
    delete (spec['containers'] as Record<string, unknown>[])[0]?.['name'];
    expect(check(spec)).toEqual([
      {
        code: 'secret-token',
        container: '',
        message:
          'container "" mounts a Secret at the token path (a long-lived token): mount a projected serviceAccountToken volume instead',
      },
    ]);
  });

  it('asks for a projected token instead of a volume the manifest does not show or the pod lacks', () => {
    expect(check(podMounting({ hostPath: { path: '/x' } }))[0]?.message).toBe(
      'container "app" mounts a volume whose files the manifest does not show at the token path: mount a projected serviceAccountToken volume instead',
    );
    const missing = podMounting({});
    missing['volumes'] = [];
    expect(check(missing)[0]?.message).toBe('container "app" mounts a volume the pod does not define at the token path');
  });

  it('gives the bound of a mode in octal and as the number to write', () => {
    expect(check(podMounting({ projected: { defaultMode: 0o644, sources: [tokenSource()] } }))[0]?.message).toBe(
      'container "app": the token file\'s mode 0644 grants more than 0444: set defaultMode to 292 (0444) or stricter',
    );
  });

  it('shows a mode that is not a number as written', () => {
    expect(check(podMounting({ projected: { defaultMode: '0644', sources: [tokenSource()] } }))[0]?.message).toBe(
      'container "app": the token file\'s mode 0644 grants more than 0444: set defaultMode to 292 (0444) or stricter',
    );
  });

  it('says the automount is off only on the ServiceAccount when the pod leaves it unset or null', () => {
    for (const automount of [undefined, null]) {
      const [problem] = check({ automountServiceAccountToken: automount }, DEFAULT_OPTIONS, { serviceAccountAutomount: false });
      expect(problem?.message).toContain('false only on the ServiceAccount');
    }
    const [on] = check({ automountServiceAccountToken: true }, DEFAULT_OPTIONS, { serviceAccountAutomount: false });
    expect(on?.message).toBe(
      'automountServiceAccountToken is not false, so the API server mounts a token on its own: set it to false on the pod spec',
    );
  });

  it('asks to remove the token of a ServiceAccount whose automount is on', () => {
    expect(checkServiceAccount({ kind: 'ServiceAccount' })[0]?.message).toBe(
      'automountServiceAccountToken is not false, so pods using this ServiceAccount get a token by default: set it to false',
    );
  });
});

describe('the containers chosen for the token', () => {
  const twoContainers = (field: 'containers' | 'ephemeralContainers'): Spec => ({
    automountServiceAccountToken: false,
    containers: [{ name: 'app', volumeMounts: [{ name: 'v', mountPath: PATH, readOnly: true }] }],
    [field === 'containers' ? 'initContainers' : field]: [
      { name: 'debug', volumeMounts: [{ name: 'v', mountPath: PATH, readOnly: true }] },
    ],
    volumes: [{ name: 'v', ...projected(tokenSource()) }],
  });

  it('asks an unchosen container to give its token up, naming the mount', () => {
    const problems = check(twoContainers('containers'), validOptions({ containers: 'app' }));
    expect(problems).toEqual([
      {
        code: 'token-in-unselected-container',
        container: 'debug',
        message: `container "debug" is not among the containers chosen for the token but mounts one: remove its mount at ${PATH}`,
      },
    ]);
  });

  it('exempts ephemeral containers, which hardening never changes', () => {
    expect(codes(twoContainers('ephemeralContainers'), validOptions({ containers: 'app' }))).toEqual([]);
  });

  it('reports a token without API access once, as a token that should not be there', () => {
    expect(codes(twoContainers('containers'), validOptions({ containers: 'app', apiAccess: 'none' }))).toEqual([
      'token-with-no-api-access',
      'token-with-no-api-access',
    ]);
  });
});
