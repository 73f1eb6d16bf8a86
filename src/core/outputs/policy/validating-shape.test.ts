/**
 * The validating policy's own rules beside its CEL: which resources it matches and when, which
 * namespaces and objects it leaves alone, what its binding does, and what each refusal tells the
 * user (the token path it guards and the fix).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, exemptNamespaceOf, isJudgedByPolicy, policyObjects } from '../../index';
import { validOptions } from '../../../test/options';
import { evaluateCel, validateObject } from '../../../ui/output/policy/policy-cel';
import { validatingEvaluation } from '.';
import { HAS_POD_SPEC, policyValidations, workloadResourceRules } from './validating';

type Rule = { apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[] };

describe('what the validating policy matches', () => {
  const rules = workloadResourceRules() as Rule[];
  const matches = (group: string, resource: string, operation: string) =>
    rules.some(
      (rule) =>
        rule.apiGroups.includes(group) &&
        rule.apiVersions.includes('v1') &&
        rule.operations.includes(operation) &&
        rule.resources.includes(resource),
    );

  it('judges Pods when they are created, and every other workload when created or updated, under v1 of its group', () => {
    expect(matches('', 'pods', 'CREATE')).toBe(true);
    expect(matches('', 'pods', 'UPDATE')).toBe(false);
    const workloads = [
      ['', 'podtemplates'],
      ['', 'replicationcontrollers'],
      ['apps', 'deployments'],
      ['apps', 'replicasets'],
      ['apps', 'statefulsets'],
      ['apps', 'daemonsets'],
      ['batch', 'jobs'],
      ['batch', 'cronjobs'],
    ] as const;
    for (const [group, resource] of workloads)
      for (const operation of ['CREATE', 'UPDATE']) expect(matches(group, resource, operation), `${group}/${resource}`).toBe(true);
    expect(rules.flatMap((rule) => rule.resources)).toHaveLength(1 + workloads.length);
    expect(matches('', 'services', 'CREATE')).toBe(false);
    expect(matches('apps', 'pods', 'CREATE')).toBe(false);
  });

  it('judges the kinds its rules match, by kind and API group, old groups included, and nothing that is not an object', () => {
    expect(isJudgedByPolicy({ apiVersion: 'v1', kind: 'Pod' })).toBe(true);
    expect(isJudgedByPolicy({ apiVersion: 'extensions/v1beta1', kind: 'Deployment' })).toBe(true);
    expect(isJudgedByPolicy({ apiVersion: 'batch/v1', kind: 'CronJob' })).toBe(true);
    expect(isJudgedByPolicy({ apiVersion: 'apps/v1', kind: 'Pod' })).toBe(false);
    expect(isJudgedByPolicy({ apiVersion: 'v1', kind: 'Service' })).toBe(false);
    for (const object of [
      null,
      'Pod',
      7,
      { kind: 'Pod' },
      { apiVersion: 1, kind: 'Pod' },
      Object.assign([], { apiVersion: 'v1', kind: 'Pod' }),
    ])
      expect(isJudgedByPolicy(object), JSON.stringify(object)).toBe(false);
  });

  it('leaves kube-system alone, and judges an object that names no namespace wherever it goes', () => {
    expect(exemptNamespaceOf({ metadata: { namespace: 'kube-system' } })).toBe('kube-system');
    for (const object of [
      { metadata: { namespace: 'shop' } },
      { metadata: { namespace: 7 } },
      { metadata: null },
      { metadata: 'x' },
      {},
      null,
      'kube-system',
    ])
      expect(exemptNamespaceOf(object), JSON.stringify(object)).toBeUndefined();
  });

  it('applies only to objects with a pod spec', () => {
    const [policy] = policyObjects('validating', DEFAULT_OPTIONS).objects as any[];
    expect(policy.spec.matchConditions).toEqual([HAS_POD_SPEC]);
    expect(evaluateCel(HAS_POD_SPEC.expression, { object: { kind: 'ConfigMap', data: {} } })).toBe(false);
    expect(evaluateCel(HAS_POD_SPEC.expression, { object: { kind: 'Pod', spec: { containers: [] } } })).toBe(true);
  });
});

describe('the validating policy and its binding', () => {
  const [policy, binding] = policyObjects('validating', DEFAULT_OPTIONS).objects as any[];

  it('refuses with reason Forbidden, through a binding of the same name that denies', () => {
    for (const validation of policy.spec.validations) expect(validation.reason).toBe('Forbidden');
    expect(binding.metadata.name).toBe(policy.metadata.name);
    expect(binding.spec.policyName).toBe(policy.metadata.name);
    expect(binding.spec.validationActions).toEqual(['Deny']);
  });
});

describe('what each refusal says', () => {
  const options = validOptions({ mountPath: '/var/run/secrets/tokens', containers: 'app,side car' });
  const message = (name: string, chosen = options) => policyValidations(chosen).find((validation) => validation.name === name)?.message;

  it('names the token path it guards and the fix', () => {
    const at = '/var/run/secrets/tokens';
    expect(message('token-not-read-only')).toBe(`every container that mounts something at ${at} must mount it with readOnly: true`);
    expect(message('token-volume-missing')).toBe(
      `a container mounts a volume at ${at} that the pod does not define: define it as a projected serviceAccountToken volume`,
    );
    expect(message('secret-token')).toBe(
      `a Secret is mounted at ${at} (a long-lived token): mount a projected serviceAccountToken volume instead`,
    );
    expect(message('token-not-projected')).toBe(
      `the volume mounted at ${at} may hold files the manifest does not show: mount a projected serviceAccountToken volume instead`,
    );
    expect(message('token-with-no-api-access', validOptions({ apiAccess: 'none' }))).toBe(
      'the workload is meant to run without API access: remove the serviceAccountToken source mounted at /var/run/secrets/kubernetes.io/serviceaccount',
    );
    expect(message('audience-mismatch')).toBe('the token is issued for another audience than the API server: remove the audience');
    expect(message('token-in-unselected-container')).toBe(
      `only the containers app, "side car" may mount a token: remove the other containers' mounts at ${at}`,
    );
  });
});

describe('a token reached from a directory above the token path, through a subPath', () => {
  const pod = (subPath: string | undefined, tokenPath: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    spec: {
      automountServiceAccountToken: false,
      containers: [
        {
          name: 'app',
          volumeMounts: [{ name: 'v', mountPath: '/var/run/secrets', readOnly: true, ...(subPath === undefined ? {} : { subPath }) }],
        },
      ],
      volumes: [
        { name: 'v', projected: { defaultMode: 0o444, sources: [{ serviceAccountToken: { path: tokenPath, expirationSeconds: 99999 } }] } },
      ],
    },
  });
  const failures = (object: unknown) =>
    validateObject(validatingEvaluation(DEFAULT_OPTIONS), object).failures.map((failure) => failure.name);

  it('is refused where the check refuses it, and only there', () => {
    expect(failures(pod(undefined, 'kubernetes.io/serviceaccount/token'))).toContain('expiration-over-bound');
    expect(failures(pod('sub', 'sub/kubernetes.io/serviceaccount/token'))).toContain('expiration-over-bound');
    expect(failures(pod(undefined, 'sub/kubernetes.io/serviceaccount/token'))).toEqual([]);
    expect(failures(pod('other', 'sub/kubernetes.io/serviceaccount/token'))).toEqual([]);
    // Under the subPath, but not at the token path below it.
    expect(failures(pod('sub', 'sub/elsewhere/token'))).toEqual([]);
  });
});
