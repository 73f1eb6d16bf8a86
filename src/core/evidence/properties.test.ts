import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatherEvidence } from './gather';
import { recommendWorkloads } from './recommend';
import type { AuditEvidence, WorkloadKey } from './types';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 300);
const DAY_MS = 24 * 60 * 60 * 1000;
const MIN_DAYS = 7;

type Namespace = string | undefined;
const NAMESPACES: Namespace[] = ['shop', 'ops', undefined];
const ACCOUNTS = ['default', 'web', 'worker'];

/** Rules, each with whether it grants more than every authenticated identity has (written here, not by the code under test). */
const RULES = [
  { rule: { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }, grants: true },
  { rule: { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, grants: true },
  { rule: { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'], resourceNames: ['web'] }, grants: true },
  { rule: { nonResourceURLs: ['/metrics'], verbs: ['get'] }, grants: true },
  { rule: { nonResourceURLs: ['/version', '/healthz'], verbs: ['get'] }, grants: false },
  { rule: { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'], verbs: ['create'] }, grants: false },
  { rule: { apiGroups: [''], resources: ['secrets'], verbs: [] }, grants: false },
];

const namespace = fc.constantFrom(...NAMESPACES);
const workloadArb = fc.record({
  kind: fc.constantFrom('Deployment', 'StatefulSet', 'CronJob', 'Pod'),
  namespace,
  account: fc.constantFrom(...ACCOUNTS),
  automountOff: fc.boolean(),
  vault: fc.constantFrom(false, false, false, true),
});
const accountArb = fc.record({ name: fc.constantFrom(...ACCOUNTS), namespace, automountOff: fc.boolean() });
const roleArb = fc.record({
  kind: fc.constantFrom('Role' as const, 'ClusterRole' as const),
  name: fc.constantFrom('r1', 'r2', 'r3'),
  namespace,
  rules: fc.subarray(RULES.map((_, index) => index)),
});
const subjectArb = fc.oneof(
  fc.record({ kind: fc.constant('ServiceAccount'), name: fc.constantFrom(...ACCOUNTS), namespace }),
  fc.record({
    kind: fc.constant('Group'),
    name: fc.constantFrom('system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated', 'system:masters'),
    namespace: fc.constant(undefined),
  }),
  fc.record({
    kind: fc.constant('User'),
    name: fc.constantFrom('system:serviceaccount:shop:web', 'system:serviceaccount:ops:worker', 'alice'),
    namespace: fc.constant(undefined),
  }),
);
const bindingArb = fc.record({
  kind: fc.constantFrom('RoleBinding' as const, 'ClusterRoleBinding' as const),
  namespace,
  roleKind: fc.constantFrom('Role' as const, 'ClusterRole' as const),
  roleName: fc.constantFrom('r1', 'r2', 'r3', 'missing'),
  subjects: fc.array(subjectArb, { minLength: 1, maxLength: 3 }),
});
const auditArb = fc.record({
  days: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  readsLogged: fc.boolean(),
  accountUsage: fc.array(
    fc.record({ name: fc.constantFrom(...ACCOUNTS), namespace: fc.constantFrom('shop', 'ops'), requests: fc.nat(3) }),
    { maxLength: 3 },
  ),
  workloadUsage: fc.array(fc.record({ index: fc.nat(), requests: fc.nat(3) }), { maxLength: 3 }),
  ran: fc.array(fc.constantFrom(true, false, undefined), { minLength: 8, maxLength: 8 }),
});
const worldArb = fc.record({
  workloads: fc.array(workloadArb, { minLength: 1, maxLength: 6 }),
  accounts: fc.array(accountArb, { maxLength: 3 }),
  roles: fc.uniqueArray(roleArb, {
    maxLength: 4,
    selector: (role) => `${role.kind}/${role.kind === 'Role' ? (role.namespace ?? '') : ''}/${role.name}`,
  }),
  bindings: fc.array(bindingArb, { maxLength: 4 }),
  audit: fc.option(auditArb, { nil: undefined }),
});

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

const sameNamespace = (left: Namespace, right: Namespace): boolean => left === undefined || right === undefined || left === right;
const keyOf = (world: World, index: number): WorkloadKey => {
  const workload = world.workloads[index] as World['workloads'][number];
  return { kind: workload.kind, namespace: workload.namespace, name: `w${index}` };
};

/** The world as the plain documents of an input. */
function documentsOf(world: World): unknown[] {
  const metadata = (name: string, ns: Namespace) => ({ name, ...(ns === undefined ? {} : { namespace: ns }) });
  const workloads = world.workloads.map((workload, index) => {
    const template = {
      metadata: workload.vault ? { annotations: { 'vault.hashicorp.com/agent-inject': 'true' } } : {},
      spec: {
        serviceAccountName: workload.account,
        ...(workload.automountOff ? { automountServiceAccountToken: false } : {}),
        containers: [{ name: 'app', image: 'busybox' }],
      },
    };
    const object = { kind: workload.kind, metadata: metadata(`w${index}`, workload.namespace) };
    if (workload.kind === 'Pod')
      return { apiVersion: 'v1', ...object, metadata: { ...object.metadata, ...template.metadata }, spec: template.spec };
    if (workload.kind === 'CronJob') return { apiVersion: 'batch/v1', ...object, spec: { jobTemplate: { spec: { template } } } };
    return { apiVersion: 'apps/v1', ...object, spec: { template } };
  });
  const accounts = world.accounts.map((account) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(account.name, account.namespace),
    ...(account.automountOff ? { automountServiceAccountToken: false } : {}),
  }));
  const roles = world.roles.map((role) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: role.kind,
    metadata: metadata(role.name, role.kind === 'Role' ? role.namespace : undefined),
    rules: role.rules.map((index) => RULES[index]?.rule),
  }));
  const bindings = world.bindings.map((binding, index) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: binding.kind,
    metadata: metadata(`b${index}`, binding.kind === 'RoleBinding' ? binding.namespace : undefined),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: binding.kind === 'ClusterRoleBinding' ? 'ClusterRole' : binding.roleKind,
      name: binding.roleName,
    },
    subjects: binding.subjects.map((subject) => ({
      kind: subject.kind,
      name: subject.name,
      ...(subject.namespace ? { namespace: subject.namespace } : {}),
    })),
  }));
  return [...workloads, ...accounts, ...roles, ...bindings];
}

/** Whether a binding of the world grants the ServiceAccount `name` in `ns` anything, by RBAC's own rules. */
function grantsAnything(world: World, name: string, ns: Namespace): boolean {
  return world.bindings.some((binding) => {
    const bindingNamespace = binding.kind === 'RoleBinding' ? binding.namespace : undefined;
    const reaches = binding.subjects.some((subject) => {
      if (subject.kind === 'ServiceAccount') return subject.name === name && sameNamespace(subject.namespace ?? bindingNamespace, ns);
      if (subject.kind === 'User') {
        const [, , userNamespace, userName] = subject.name.split(':');
        return subject.name.startsWith('system:serviceaccount:') && userName === name && sameNamespace(userNamespace, ns);
      }
      if (subject.name === 'system:serviceaccounts' || subject.name === 'system:authenticated') return true;
      return subject.name.startsWith('system:serviceaccounts:') && sameNamespace(subject.name.split(':')[2], ns);
    });
    if (!reaches) return false;
    const roleKind = binding.kind === 'ClusterRoleBinding' ? 'ClusterRole' : binding.roleKind;
    const roles = world.roles.filter(
      (role) =>
        role.kind === roleKind &&
        role.name === binding.roleName &&
        (roleKind === 'ClusterRole' || sameNamespace(role.namespace, bindingNamespace)),
    );
    if (roles.length === 0) return true;
    return roles.some((role) => role.rules.some((index) => RULES[index]?.grants));
  });
}

function auditOf(world: World): AuditEvidence | undefined {
  const audit = world.audit;
  if (audit === undefined) return undefined;
  const first = Date.parse('2025-05-01T00:00:00Z');
  const usage = (requests: number) => ({
    requests,
    firstSeen: '2025-05-02T00:00:00Z',
    lastSeen: '2025-05-03T00:00:00Z',
    operations: [{ verb: 'get', apiGroup: '', resource: 'pods', subresource: undefined, namespace: 'shop', count: requests }],
  });
  return {
    coverage: {
      firstTimestamp: audit.days === undefined ? undefined : new Date(first).toISOString(),
      lastTimestamp: audit.days === undefined ? undefined : new Date(first + audit.days * DAY_MS).toISOString(),
      readsLogged: audit.readsLogged,
    },
    accounts: audit.accountUsage.map((entry) => ({
      account: { name: entry.name, namespace: entry.namespace },
      usage: usage(entry.requests),
    })),
    workloads: audit.workloadUsage.map((entry) => ({
      workload: keyOf(world, entry.index % world.workloads.length),
      usage: usage(entry.requests),
    })),
    podsRan: world.workloads.flatMap((_, index) => {
      const ran = audit.ran[index % audit.ran.length];
      return ran === undefined ? [] : [{ workload: keyOf(world, index), ran }];
    }),
  };
}

function recommend(world: World) {
  const audit = auditOf(world);
  return { audit, results: recommendWorkloads(gatherEvidence({ documents: documentsOf(world) }), { audit, minDays: MIN_DAYS }) };
}

describe('recommendations (properties)', () => {
  it('never give no token to a workload whose ServiceAccount a binding grants anything, unless an audit log proves silence', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { results } = recommend(world);
        const coverageHasGap =
          world.audit === undefined || world.audit.days === undefined || world.audit.days < MIN_DAYS || !world.audit.readsLogged;
        world.workloads.forEach((workload, index) => {
          if (coverageHasGap && grantsAnything(world, workload.account, workload.namespace)) {
            expect(results[index]?.recommendation.recommended, JSON.stringify(results[index]?.recommendation)).toBe('mount');
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('give every workload of a shared ServiceAccount the same recommendation', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { results } = recommend(world);
        world.workloads.forEach((left, i) => {
          world.workloads.forEach((right, j) => {
            if (left.account !== right.account || !sameNamespace(left.namespace, right.namespace)) return;
            const [a, b] = [results[i]?.recommendation, results[j]?.recommendation];
            expect([a?.recommended, a?.strong]).toEqual([b?.recommended, b?.strong]);
          });
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('with an audit log, never give a strong no token to a workload with any attributed request or any gap', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { audit, results } = recommend(world);
        if (audit === undefined || world.audit === undefined) return;
        world.workloads.forEach((workload, index) => {
          const key = keyOf(world, index);
          const requested =
            audit.workloads.some((entry) => entry.workload.name === key.name && entry.usage.requests > 0) ||
            audit.accounts.some(
              (entry) =>
                entry.account.name === workload.account &&
                sameNamespace(entry.account.namespace, workload.namespace) &&
                entry.usage.requests > 0,
            );
          const ran = audit.podsRan.filter((entry) => entry.workload.name === key.name);
          const gap =
            world.audit?.days === undefined ||
            world.audit.days < MIN_DAYS ||
            !world.audit.readsLogged ||
            ran.length === 0 ||
            ran.some((entry) => !entry.ran);
          const recommendation = results[index]?.recommendation;
          if (requested || gap || workload.vault) expect(recommendation?.recommended === 'none' && recommendation.strong).toBe(false);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('without an audit log, never call a none strong, and give none to a lone workload that nothing binds', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { results } = recommend({ ...world, audit: undefined });
        world.workloads.forEach((workload, index) => {
          const recommendation = results[index]?.recommendation;
          if (recommendation?.recommended === 'none') expect(recommendation.strong).toBe(false);
          const shared = world.workloads.some(
            (other, otherIndex) =>
              otherIndex !== index && other.account === workload.account && sameNamespace(other.namespace, workload.namespace),
          );
          if (!shared && !workload.vault && !grantsAnything(world, workload.account, workload.namespace))
            expect(recommendation?.recommended).toBe('none');
          expect(recommendation?.reason).toMatch(/^(Keep the token|No token)[^\n]*\.$/);
        });
      }),
      { numRuns: RUNS },
    );
  });
});
