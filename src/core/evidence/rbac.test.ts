import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDumpFile } from './cluster-dump';
import type { KubeObject } from './objects';
import { describeRules, indexRbac, isBaselineRule, matchesSelector, type Rule } from './rbac';

const cluster = readDumpFile({
  name: 'small-cluster.yaml',
  text: readFileSync(join(import.meta.dirname, '../fixtures/cluster/small-cluster.yaml'), 'utf8'),
}).objects;
const fromCluster = (objects: readonly KubeObject[] = cluster) => objects.map((object) => ({ object, source: 'cluster' as const }));
const fromInput = (objects: readonly KubeObject[]) => objects.map((object) => ({ object, source: 'input' as const }));

const rule = (verbs: string[], apiGroups: string[], resources: string[], extra: Partial<Rule> = {}): Rule => ({
  verbs,
  apiGroups,
  resources,
  resourceNames: [],
  nonResourceURLs: [],
  ...extra,
});
const role = (kind: 'Role' | 'ClusterRole', name: string, rules: unknown[], namespace?: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  rules,
});
const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  roleRef: [string, string],
  subjects: unknown[],
  namespace?: string,
) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleRef[0], name: roleRef[1] },
  subjects,
});

describe('bindings that reach a ServiceAccount', () => {
  it('are the cluster defaults alone for a ServiceAccount nothing else names', () => {
    const bindings = indexRbac(fromCluster()).bindingsOf({ namespace: 'default', name: 'thumbnailer' });
    expect(bindings.map((entry) => [entry.binding, entry.isDefault, entry.grantsMore, entry.through])).toEqual([
      ['ClusterRoleBinding/system:basic-user', true, false, 'through the group "system:authenticated"'],
      ['ClusterRoleBinding/system:discovery', true, false, 'through the group "system:authenticated"'],
      ['ClusterRoleBinding/system:public-info-viewer', true, false, 'through the group "system:authenticated"'],
      ['ClusterRoleBinding/system:service-account-issuer-discovery', true, false, 'through the group "system:serviceaccounts"'],
    ]);
  });

  it('include those that name it, with the rules of the role they bind', () => {
    const bindings = indexRbac(fromCluster()).bindingsOf({ namespace: 'redis-operator', name: 'redis-operator' });
    const own = bindings.filter((entry) => !entry.isDefault);
    expect(own.map((entry) => [entry.binding, entry.role, entry.namespace, entry.grantsMore])).toEqual([
      ['RoleBinding/redis-operator/redis-operator-leader-election', 'Role/redis-operator-leader-election', 'redis-operator', true],
      ['ClusterRoleBinding/redis-operator', 'ClusterRole/redis-operator', undefined, true],
    ]);
    expect(describeRules(own[1]?.rules ?? [])).toBe(
      'use every verb on redisclusters.redis.example.com, redisclusters.redis.example.com/status, redisclusters.redis.example.com/finalizers; get, list, watch, create, update, patch, delete pods, services, configmaps, secrets, persistentvolumeclaims, statefulsets.apps',
    );
  });

  it('reach through a RoleBinding subject without a namespace (the binding own), a user name and a namespace group', () => {
    const objects = [
      role('Role', 'reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }], 'shop'),
      binding('RoleBinding', 'by-name', ['Role', 'reader'], [{ kind: 'ServiceAccount', name: 'web' }], 'shop'),
      binding('RoleBinding', 'as-user', ['Role', 'reader'], [{ kind: 'User', name: 'system:serviceaccount:shop:web' }], 'shop'),
      binding('RoleBinding', 'by-group', ['Role', 'reader'], [{ kind: 'Group', name: 'system:serviceaccounts:shop' }], 'shop'),
      binding('RoleBinding', 'elsewhere', ['Role', 'reader'], [{ kind: 'ServiceAccount', name: 'web' }], 'ops'),
      binding('RoleBinding', 'other-group', ['Role', 'reader'], [{ kind: 'Group', name: 'system:serviceaccounts:ops' }], 'shop'),
    ];
    const reach = indexRbac(fromInput(objects)).bindingsOf({ namespace: 'shop', name: 'web' });
    expect(reach.map((entry) => [entry.binding, entry.through])).toEqual([
      ['RoleBinding/shop/by-name', 'by name'],
      ['RoleBinding/shop/as-user', 'as the user "system:serviceaccount:shop:web"'],
      ['RoleBinding/shop/by-group', 'through the group "system:serviceaccounts:shop"'],
    ]);
    expect(reach.every((entry) => entry.source === 'input' && entry.rules?.length === 1)).toBe(true);
  });

  it('match any namespace when the input leaves it open (applied with -n)', () => {
    const objects = [
      role('Role', 'reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
      binding('RoleBinding', 'reader', ['Role', 'reader'], [{ kind: 'ServiceAccount', name: 'web' }]),
    ];
    const [only] = indexRbac(fromInput(objects)).bindingsOf({ namespace: undefined, name: 'web' });
    expect(only).toMatchObject({ binding: 'RoleBinding/reader', grantsMore: true, rules: [rule(['get'], [''], ['configmaps'])] });
  });

  it('grant whatever an unknown role may grant', () => {
    const objects = [
      binding('ClusterRoleBinding', 'mystery', ['ClusterRole', 'not-here'], [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }]),
    ];
    const [only] = indexRbac(fromInput(objects)).bindingsOf({ namespace: 'shop', name: 'web' });
    expect(only).toMatchObject({ rules: undefined, grantsMore: true, isDefault: false });
  });

  it('read an aggregated ClusterRole through its parts, and an empty one with no parts as unknown', () => {
    const objects = [
      ...cluster,
      binding('RoleBinding', 'viewers', ['ClusterRole', 'view'], [{ kind: 'ServiceAccount', name: 'web' }], 'default'),
      role('ClusterRole', 'lonely', []),
      {
        ...role('ClusterRole', 'lonely-aggregate', []),
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { nothing: 'matches' } }] },
      },
      binding('RoleBinding', 'lonely', ['ClusterRole', 'lonely-aggregate'], [{ kind: 'ServiceAccount', name: 'web' }], 'default'),
    ];
    const reach = indexRbac(fromCluster(objects)).bindingsOf({ namespace: 'default', name: 'web' });
    const viewers = reach.find((entry) => entry.binding === 'RoleBinding/default/viewers');
    expect(viewers?.rules?.map((entry) => describeRules([entry]))).toEqual(['get, list, watch redisclusters.redis.example.com']);
    expect(reach.find((entry) => entry.binding === 'RoleBinding/default/lonely')).toMatchObject({ rules: undefined, grantsMore: true });
  });

  it('recognise a default binding only while it grants what the defaults grant', () => {
    const widened = cluster.map((object: any) =>
      object.kind === 'ClusterRole' && object.metadata.name === 'system:discovery'
        ? { ...object, rules: [...object.rules, { apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] }
        : object,
    );
    const discovery = indexRbac(fromCluster(widened))
      .bindingsOf({ namespace: 'default', name: 'web' })
      .find((entry) => entry.binding === 'ClusterRoleBinding/system:discovery');
    expect(discovery).toMatchObject({ isDefault: false, grantsMore: true });
  });

  it('take the input role over the cluster role of the same name', () => {
    const objects = [
      ...fromInput([
        role('Role', 'app', [], 'shop'),
        binding('RoleBinding', 'app', ['Role', 'app'], [{ kind: 'ServiceAccount', name: 'web' }], 'shop'),
      ]),
      ...fromCluster([role('Role', 'app', [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }], 'shop')]),
    ];
    const [only] = indexRbac(objects).bindingsOf({ namespace: 'shop', name: 'web' });
    expect(only).toMatchObject({ rules: [], grantsMore: false });
  });
});

describe('rules in words', () => {
  it('spell * out', () => {
    expect(describeRules([rule(['*'], ['*'], ['*']), rule(['*'], [], [], { nonResourceURLs: ['*'] })])).toBe(
      'use every verb on every resource in every API group, every non-resource URL',
    );
    expect(describeRules([rule(['get'], [''], ['*']), rule(['list'], ['apps'], ['*']), rule(['watch'], ['*'], ['pods'])])).toBe(
      'get every core resource; list every resource of apps; watch pods in every API group',
    );
    expect(describeRules([rule(['get'], [''], ['pods/*', 'pods/log']), rule(['get'], ['apps'], ['deployments/scale'])])).toBe(
      'get pods/every subresource, pods/log, deployments.apps/scale',
    );
  });

  it('merge rules with the same verbs and name what resourceNames restrict', () => {
    expect(
      describeRules([
        rule(['get', 'list'], [''], ['configmaps']),
        rule(['get', 'list'], [''], ['secrets'], { resourceNames: ['tls', 'db'] }),
        rule(['get'], [], [], { nonResourceURLs: ['/metrics'] }),
        rule([], [''], ['pods']),
      ]),
    ).toBe('get, list configmaps, secrets named "tls", "db"; get /metrics');
    expect(describeRules([])).toBe('nothing');
  });
});

describe('what every identity has', () => {
  it('is discovery and self-reviews, nothing more', () => {
    expect(isBaselineRule(rule(['get'], [], [], { nonResourceURLs: ['/api', '/version'] }))).toBe(true);
    expect(isBaselineRule(rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews']))).toBe(true);
    expect(isBaselineRule(rule([], [''], ['secrets']))).toBe(true);
    expect(isBaselineRule(rule(['get'], [], [], { nonResourceURLs: ['/metrics'] }))).toBe(false);
    expect(isBaselineRule(rule(['*'], [], [], { nonResourceURLs: ['/api'] }))).toBe(false);
    expect(isBaselineRule(rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']))).toBe(false);
    expect(isBaselineRule(rule(['create'], ['*'], ['selfsubjectaccessreviews']))).toBe(false);
    expect(isBaselineRule(rule(['get'], [''], ['pods']))).toBe(false);
  });
});

describe('label selectors', () => {
  it('match labels and expressions', () => {
    const labels = { tier: 'web', team: 'shop' };
    expect(matchesSelector({ matchLabels: { tier: 'web' } }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'owner', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'owner', operator: 'Exists' }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }, labels)).toBe(false);
    expect(matchesSelector({}, labels)).toBe(true);
  });
});
