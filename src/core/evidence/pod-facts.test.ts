import { describe, expect, it } from 'vitest';
import { accountNameOf, isAccountAutomountOff, podSpecFacts } from './pod-facts';

const PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const app = { name: 'app', image: 'nginx' };
const tokenVolume = (name: string, audience?: string) => ({
  name,
  projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600, ...(audience ? { audience } : {}) } }] },
});
const account = (name: string, namespace: string | undefined, automount?: boolean) => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
});

describe('the ServiceAccount of a pod spec', () => {
  it('is serviceAccountName, else the deprecated serviceAccount, else default', () => {
    expect(accountNameOf({ serviceAccountName: 'web', serviceAccount: 'old' })).toBe('web');
    expect(accountNameOf({ serviceAccount: 'old' })).toBe('old');
    expect(accountNameOf({ serviceAccountName: '' })).toBe('default');
    expect(accountNameOf({})).toBe('default');
    expect(accountNameOf(null)).toBe('default');
  });

  it('says automount false only when every definition that may be it says so', () => {
    const key = { name: 'web', namespace: 'shop' };
    expect(isAccountAutomountOff([account('web', 'shop', false)], key)).toBe(true);
    expect(isAccountAutomountOff([account('web', undefined, false)], key)).toBe(true);
    expect(isAccountAutomountOff([account('web', 'shop', false), account('web', undefined, true)], key)).toBe(false);
    expect(isAccountAutomountOff([account('web', 'shop', false), account('web', 'other')], key)).toBe(true);
    expect(isAccountAutomountOff([account('web', 'other', false)], key)).toBe(false);
    expect(isAccountAutomountOff([], key)).toBe(false);
  });
});

describe('whether a pod spec holds a token', () => {
  const facts = (spec: Record<string, unknown>, accountAutomountOff = false) => podSpecFacts(spec, undefined, { accountAutomountOff });

  it('holds one while automount is on, on the pod or through its ServiceAccount', () => {
    expect(facts({ containers: [app] }).hasToken).toBe(true);
    expect(facts({ automountServiceAccountToken: true, containers: [app] }, true).hasToken).toBe(true);
    expect(facts({ containers: [app] }, true).hasToken).toBe(false);
    expect(facts({ automountServiceAccountToken: false, containers: [app] }).hasToken).toBe(false);
  });

  it('holds one mounted by hand at the token path, not one hidden by an emptyDir', () => {
    const mounted = { ...app, volumeMounts: [{ name: 'token', mountPath: `${PATH}/` }] };
    expect(facts({ automountServiceAccountToken: false, containers: [mounted], volumes: [tokenVolume('token')] }).hasToken).toBe(true);
    expect(facts({ automountServiceAccountToken: false, containers: [mounted], volumes: [{ name: 'token', emptyDir: {} }] }).hasToken).toBe(
      false,
    );
    expect(facts({ containers: [mounted], volumes: [{ name: 'token', emptyDir: {} }] }).hasToken).toBe(false);
  });

  it('finds none in a pod without containers that mount one', () => {
    expect(facts({ automountServiceAccountToken: false, ephemeralContainers: [app] }).hasToken).toBe(false);
  });
});

describe('tokens that something else reads', () => {
  it('are those of another audience, or at another path, and agents that log in with the token', () => {
    const spec = {
      automountServiceAccountToken: false,
      containers: [
        { ...app, volumeMounts: [{ name: 'vault', mountPath: '/var/run/secrets/tokens' }] },
        { name: 'sidecar', image: 'x', volumeMounts: [{ name: 'api', mountPath: '/etc/kube' }] },
      ],
      volumes: [tokenVolume('vault', 'vault'), tokenVolume('api')],
    };
    const metadata = { annotations: { 'vault.hashicorp.com/agent-inject': 'true' } };
    const { foreignTokens, hasToken } = podSpecFacts(spec, metadata, { accountAutomountOff: false });
    expect(hasToken).toBe(false);
    expect(foreignTokens.map((token) => token.text)).toEqual([
      'container "app" mounts a ServiceAccount token for the audience "vault" at /var/run/secrets/tokens: something other than the API server reads it',
      'container "sidecar" mounts a ServiceAccount token at /etc/kube, not at the usual path: something reads it there',
      "Vault Agent's injector adds an agent that logs in with the token at the default path",
    ]);
  });

  it('are not the API token at the token path, nor an injector switched off', () => {
    const spec = { containers: [{ ...app, volumeMounts: [{ name: 'token', mountPath: PATH }] }], volumes: [tokenVolume('token')] };
    const metadata = { annotations: { 'vault.hashicorp.com/agent-inject': 'false' }, labels: { 'linkerd.io/inject': 'disabled' } };
    expect(podSpecFacts(spec, metadata, { accountAutomountOff: false }).foreignTokens).toEqual([]);
    // The token path the hardening uses counts as the token path too.
    const custom = {
      containers: [{ ...app, volumeMounts: [{ name: 'token', mountPath: '/run/token' }] }],
      volumes: [tokenVolume('token')],
    };
    expect(podSpecFacts(custom, undefined, { accountAutomountOff: false, mountPath: '/run/token' }).foreignTokens).toEqual([]);
  });
});
