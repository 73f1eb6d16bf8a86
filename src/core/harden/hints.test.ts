import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { harden, resolveOptions } from '../index';

function manifest(...objects: unknown[]): string {
  return objects.map((object) => stringify(object)).join('---\n');
}

const deployment = (name: string, account: string | undefined, namespace = 'team') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { ...(account ? { serviceAccountName: account } : {}), containers: [{ name: 'app', image: 'nginx' }] },
    },
  },
});
const account = (name: string, namespace = 'team') => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, subject: string, namespace = 'team') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name, ...(kind === 'RoleBinding' ? { namespace } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [{ kind: 'ServiceAccount', name: subject, namespace }],
});

function codesFor(text: string, input: Parameters<typeof resolveOptions>[0] = {}) {
  const { options, problems } = resolveOptions(input);
  expect(problems).toEqual([]);
  return harden(text, options).findings.filter(
    (finding) => finding.code === 'unbound-service-account' || finding.code === 'replaced-service-account',
  );
}

describe('a ServiceAccount bound to nothing in the input', () => {
  it('suggests No token when the input defines the account and no binding names it', () => {
    const findings = codesFor(manifest(deployment('web', 'web'), account('web')));
    expect(findings.map((finding) => [finding.code, finding.object])).toEqual([['unbound-service-account', 'Deployment/team/web']]);
    expect(findings[0]?.message).toContain('No token');
    expect(findings[0]?.message).toContain('hint');
  });

  it('says nothing when a RoleBinding or ClusterRoleBinding (even later in the input) names it', () => {
    expect(codesFor(manifest(deployment('web', 'web'), account('web'), binding('RoleBinding', 'web-view', 'web')))).toEqual([]);
    expect(codesFor(manifest(binding('ClusterRoleBinding', 'web-view', 'web'), deployment('web', 'web'), account('web')))).toEqual([]);
  });

  it('matches namespaces: a binding for the same name elsewhere does not count', () => {
    const findings = codesFor(manifest(deployment('web', 'web'), account('web'), binding('RoleBinding', 'x', 'web', 'other')));
    expect(findings.map((finding) => finding.code)).toEqual(['unbound-service-account']);
  });

  it('says nothing for a tokenless pod, with No token chosen, or when the input does not define the account', () => {
    const tokenless = deployment('web', 'web');
    (tokenless.spec.template.spec as Record<string, unknown>)['automountServiceAccountToken'] = false;
    expect(codesFor(manifest(tokenless, account('web')))).toEqual([]);
    expect(codesFor(manifest(deployment('web', 'web'), account('web')), { apiAccess: 'none' })).toEqual([]);
    expect(codesFor(manifest(deployment('web', 'web')))).toEqual([]);
  });
});

describe('a chosen ServiceAccount that replaces the pods own', () => {
  it('lists the replaced accounts and the bindings that still name them', () => {
    const text = manifest(
      deployment('web', 'web'),
      deployment('api', 'api'),
      deployment('plain', undefined),
      account('web'),
      account('api'),
      binding('RoleBinding', 'web-view', 'web'),
      binding('ClusterRoleBinding', 'api-admin', 'api'),
    );
    const findings = codesFor(text, { serviceAccountName: 'hardened' });
    expect(findings.map((finding) => finding.code)).toEqual(['replaced-service-account']);
    const message = findings[0]?.message ?? '';
    expect(message).toContain('"web" (Deployment/team/web; still named by RoleBinding/team/web-view)');
    expect(message).toContain('"api" (Deployment/team/api; still named by ClusterRoleBinding/api-admin)');
    // A pod that named no account ran as "default", which no binding here names.
    expect(message).not.toContain('"default"');
  });

  it('says nothing when the pods already use the chosen account', () => {
    expect(codesFor(manifest(deployment('web', 'hardened')), { serviceAccountName: 'hardened' })).toEqual([]);
    expect(codesFor(manifest(deployment('web', 'web')), {}).filter((finding) => finding.code === 'replaced-service-account')).toEqual([]);
  });
});
