import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { applyPatch, type Operation } from 'fast-json-patch';
import { evaluateCel, mutationPatch, validateObject } from '../../../ui/output/policy/policy-cel';
import {
  DEFAULT_OPTIONS,
  type HardenOptions,
  mutatingEvaluation,
  parseKubernetesVersion,
  policyManifest,
  policyObjects,
  validatingEvaluation,
} from '../../index';
import { normaliseMountPath } from '../../harden/options';
import { celString, isAtPathExpression } from './cel';
import { validOptions } from '../../../test/options';

const CUSTOM = validOptions({
  expirationSeconds: 3600,
  defaultMode: '0440',
  audience: 'vault "prod"',
  mountPath: '/var/run/secrets/tokens (v2)/',
  volumeName: 'api-token',
  containers: 'app,sidecar',
});

type Model = { new (data: unknown): { validate(): void } };

describe('the validating policy', () => {
  it('prints a ValidatingAdmissionPolicy and a Deny binding that kubernetes-models accepts', async () => {
    const models = (await import('kubernetes-models/admissionregistration.k8s.io/v1')) as unknown as Record<string, Model>;
    for (const chosen of [DEFAULT_OPTIONS, CUSTOM]) {
      const documents = parseAllDocuments(policyManifest('validating', chosen).text).map((document) => document.toJS());
      expect(documents.map((document) => document.kind)).toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
      for (const document of documents) expect(() => new models[document.kind]!(document).validate()).not.toThrow();
      expect(documents[1].spec.validationActions).toEqual(['Deny']);
      const rules = documents[0].spec.matchConstraints.resourceRules;
      expect(rules.flatMap((rule: { resources: string[] }) => rule.resources).sort()).toEqual(
        [
          'cronjobs',
          'daemonsets',
          'deployments',
          'jobs',
          'pods',
          'podtemplates',
          'replicasets',
          'replicationcontrollers',
          'statefulsets',
        ].sort(),
      );
    }
  });

  it('says in the output that it cannot see the ServiceAccount', () => {
    const text = policyManifest('validating', DEFAULT_OPTIONS).text;
    expect(text).toMatch(/^# .*cannot see the ServiceAccount/m);
    expect(text).toContain('sa-token-hardener/scope:');
  });

  it('names the fix in every message', () => {
    const messages = validatingEvaluation(CUSTOM).validations.map((validation) => validation.message);
    expect(messages).toHaveLength(9);
    expect(messages.join('\n')).toContain('set automountServiceAccountToken: false');
    expect(messages.join('\n')).toContain('set expirationSeconds: 3600 or less');
    expect(messages.join('\n')).toContain('set defaultMode: 288 (0440) or stricter');
    // A value with spaces or quotes is shown quoted, as YAML would take it.
    expect(messages.join('\n')).toContain('set audience: "vault \\"prod\\""');
    expect(messages.join('\n')).toContain('at "/var/run/secrets/tokens (v2)/"');
  });

  it('reports each broken rule by name on a hand-made pod', () => {
    const pod = {
      kind: 'Pod',
      spec: {
        containers: [{ name: 'app', volumeMounts: [{ name: 'token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/' }] }],
        volumes: [{ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 86400 } }] } }],
      },
    };
    const names = validateObject(validatingEvaluation(DEFAULT_OPTIONS), pod).failures.map((failure) => failure.name);
    expect(names).toEqual(['automount-on', 'token-not-read-only', 'mode-wider', 'expiration-over-bound']);
  });

  it('does not judge an object without a pod spec', () => {
    const verdict = validateObject(validatingEvaluation(DEFAULT_OPTIONS), { kind: 'Deployment', spec: { replicas: 2 } });
    expect(verdict).toEqual({ matched: false, failures: [] });
  });

  it('reads integers as CEL ints and refuses a fractional or textual expiration', () => {
    const pod = (expirationSeconds: unknown): unknown => ({
      kind: 'Pod',
      spec: {
        automountServiceAccountToken: false,
        containers: [
          { name: 'app', volumeMounts: [{ name: 't', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] },
        ],
        volumes: [{ name: 't', projected: { defaultMode: 292, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds } }] } }],
      },
    });
    const evaluation = validatingEvaluation(DEFAULT_OPTIONS);
    expect(validateObject(evaluation, pod(3607)).failures).toEqual([]);
    expect(validateObject(evaluation, pod(3606.5)).failures.map((failure) => failure.name)).toEqual(['expiration-over-bound']);
    expect(validateObject(evaluation, pod('3600')).failures.map((failure) => failure.name)).toEqual(['expiration-over-bound']);
  });
});

describe('every generated policy', () => {
  // No option chooses a softer mode today: whatever the options, each policy refuses what it
  // judges, and an engine that cannot evaluate it fails the request rather than letting it through.
  const flavours = [
    ['validating', '1.36'],
    ['kyverno', '1.36'],
    ['mutating', '1.34'],
    ['mutating', '1.36'],
  ] as const;
  const cases = [DEFAULT_OPTIONS, CUSTOM, validOptions({ apiAccess: 'none' })].flatMap((chosen) =>
    flavours.map(([kind, version]) => policyObjects(kind, chosen, parseKubernetesVersion(version)).objects),
  );
  const specOf = (object: Record<string, unknown>): Record<string, unknown> => object['spec'] as Record<string, unknown>;

  it('fails closed: failurePolicy Fail on every policy', () => {
    for (const objects of cases) {
      const policies = objects.filter((object) => !String(object['kind']).endsWith('Binding'));
      expect(policies.length).toBeGreaterThan(0);
      expect(policies.map((policy) => [policy['kind'], specOf(policy)['failurePolicy']])).toEqual(
        policies.map((policy) => [policy['kind'], 'Fail']),
      );
    }
  });

  it('denies what it judges: every validation action is Deny, and every validating flavour has one', () => {
    for (const objects of cases) {
      const actions = objects.flatMap((object) => {
        const actions = specOf(object)['validationActions'];
        return actions === undefined ? [] : [[object['kind'], actions]];
      });
      const kinds = objects.map((object) => String(object['kind']));
      const validating = kinds.filter((kind) => kind === 'ValidatingAdmissionPolicyBinding' || kind === 'ValidatingPolicy');
      expect(actions).toEqual(validating.map((kind) => [kind, ['Deny']]));
      if (kinds.some((kind) => kind.startsWith('Validating'))) expect(validating).toHaveLength(1);
    }
  });
});

describe('the token path predicate', () => {
  it('matches exactly the mounts normaliseMountPath calls the same, for any path', () => {
    const segment = fc.stringMatching(/^[a-z0-9.*+?()[\]{}|^$\\"' -]{1,6}$/);
    const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
    fc.assert(
      fc.property(path, path, fc.nat(2), (chosen, other, slashes) => {
        const mountPath = other + '/'.repeat(slashes);
        const expected = normaliseMountPath(mountPath) === normaliseMountPath(chosen);
        expect(evaluateCel(isAtPathExpression(chosen), { m: { mountPath } })).toBe(expected);
        const same = chosen + '/'.repeat(slashes);
        expect(evaluateCel(isAtPathExpression(chosen), { m: { mountPath: same } })).toBe(true);
      }),
    );
  });

  it('writes strings CEL reads back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(evaluateCel(celString(text), {})).toBe(text);
      }),
    );
  });
});

describe('the mutating policy', () => {
  it('is v1beta1 for Kubernetes 1.34 and 1.35, v1 from 1.36, and refused before', () => {
    const apiVersions = (raw: string): unknown => {
      const version = parseKubernetesVersion(raw);
      if (!version) throw new Error(`bad version ${raw}`);
      const { objects, problems } = policyObjects('mutating', DEFAULT_OPTIONS, version);
      return problems.length > 0
        ? problems.map((problem) => problem.code)
        : objects.map((object) => `${String(object['apiVersion'])} ${String(object['kind'])}`);
    };
    expect(apiVersions('1.33')).toEqual(['unsupported-kubernetes-version']);
    expect(apiVersions('1.34')).toEqual([
      'admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicy',
      'admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicyBinding',
    ]);
    expect(apiVersions('v1.35.2')).toEqual([
      'admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicy',
      'admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicyBinding',
    ]);
    expect(apiVersions('1.36')).toEqual([
      'admissionregistration.k8s.io/v1 MutatingAdmissionPolicy',
      'admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding',
    ]);
    expect(parseKubernetesVersion('latest')).toBeUndefined();
  });

  it('acts on Pods at creation with a JSON Patch, and its shared pieces match kubernetes-models', async () => {
    const models = (await import('kubernetes-models/admissionregistration.k8s.io/v1')) as unknown as Record<string, Model>;
    const [policy, binding] = parseAllDocuments(policyManifest('mutating', CUSTOM).text).map((document) => document.toJS());
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
    ]);
    expect(policy.spec.mutations.map((mutation: { patchType: string }) => mutation.patchType)).toEqual(['JSONPatch']);
    expect(policy.spec.reinvocationPolicy).toBe('Never');
    expect(() => new models['MatchResources']!(policy.spec.matchConstraints).validate()).not.toThrow();
    for (const condition of policy.spec.matchConditions) expect(() => new models['MatchCondition']!(condition).validate()).not.toThrow();
    for (const variable of policy.spec.variables) expect(() => new models['Variable']!(variable).validate()).not.toThrow();
    expect(() => new models['MatchResources']!(binding.spec.matchResources).validate()).not.toThrow();
    expect(binding.spec.policyName).toBe(policy.metadata.name);
  });
});

const PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const SERVICE_CA = { configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'service-ca.crt' }] } };

/** A Pod as the ServiceAccount admission plugin hands it on: its volume mounted in every container. */
function admittedPod(extraSources: unknown[] = []): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: {
      initContainers: [
        { name: 'init', image: 'busybox', volumeMounts: [{ name: 'kube-api-access-7xk2p', readOnly: true, mountPath: PATH }] },
      ],
      containers: [
        {
          name: 'app',
          image: 'nginx',
          volumeMounts: [
            { name: 'data', mountPath: '/data' },
            { name: 'kube-api-access-7xk2p', readOnly: true, mountPath: PATH },
          ],
        },
      ],
      volumes: [
        { name: 'data', emptyDir: {} },
        {
          name: 'kube-api-access-7xk2p',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
              ...extraSources,
            ],
          },
        },
      ],
    },
  };
}

function mutate(pod: Record<string, unknown>, chosen: HardenOptions): Record<string, unknown> | undefined {
  const patch = mutationPatch(mutatingEvaluation(chosen), pod);
  return patch && applyPatch(structuredClone(pod), patch as Operation[], true, false).newDocument;
}

describe('the mutating policy on a Pod', () => {
  const tokenMount = { mountPath: '/var/run/secrets/tokens', name: 'api-token', readOnly: true };
  const standard = [
    { serviceAccountToken: { expirationSeconds: 3600, path: 'token', audience: 'vault' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ];
  const chosen = validOptions({
    expirationSeconds: 3600,
    audience: 'vault',
    mountPath: '/var/run/secrets/tokens',
    volumeName: 'api-token',
    defaultMode: '0440',
  });

  it('replaces the plugin volume by the chosen one in every container', () => {
    expect((mutate(admittedPod(), chosen) as { spec: unknown }).spec).toEqual({
      automountServiceAccountToken: false,
      initContainers: [{ name: 'init', image: 'busybox', volumeMounts: [tokenMount] }],
      containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }, tokenMount] }],
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'api-token', projected: { defaultMode: 0o440, sources: standard } },
      ],
    });
  });

  it('carries over the files a copied volume projected beside the token, with or without API access', () => {
    const withToken = mutate(admittedPod([SERVICE_CA]), validOptions({}));
    expect(((withToken as any).spec.volumes[1].projected.sources as unknown[]).at(-1)).toEqual(SERVICE_CA);
    const without = mutate(admittedPod([SERVICE_CA]), validOptions({ apiAccess: 'none' })) as any;
    expect(without.spec.volumes).toEqual([
      { name: 'data', emptyDir: {} },
      { name: 'serviceaccount-token', projected: { defaultMode: 0o444, sources: [SERVICE_CA] } },
    ]);
    expect(without.spec.containers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { mountPath: PATH, name: 'serviceaccount-token', readOnly: true },
    ]);
  });

  it("does not take a Pod's own kube-api-access-* volume without a token (a projected ConfigMap) for the plugin's", () => {
    const settings = { name: 'kube-api-access-settings', projected: { sources: [{ configMap: { name: 'settings' } }] } };
    const own = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: {
        containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'kube-api-access-settings', mountPath: '/etc/settings' }] }],
        volumes: [settings],
      },
    };
    // As its author wrote it (its ServiceAccount says false, so the plugin added nothing): no token.
    expect(mutationPatch(mutatingEvaluation(DEFAULT_OPTIONS), own)).toBeUndefined();
    // With the token on, the plugin reuses that name for its mounts and still adds no token.
    const reused = structuredClone(own) as any;
    reused.spec.containers[0].volumeMounts.push({ name: 'kube-api-access-settings', readOnly: true, mountPath: PATH });
    expect(mutationPatch(mutatingEvaluation(DEFAULT_OPTIONS), reused)).toBeUndefined();
  });

  it("leaves a token volume of the Pod's own, mounted in some containers only, to the validating policy", () => {
    const copied = admittedPod() as any;
    copied.spec.containers.push({ name: 'sidecar', image: 'busybox' });
    expect(mutationPatch(mutatingEvaluation(DEFAULT_OPTIONS), copied)).toBeUndefined();
  });

  it("with a custom mount path, takes the plugin's token away from the default path in every container", () => {
    const result = mutate(admittedPod(), chosen) as any;
    const mounts = [...result.spec.initContainers, ...result.spec.containers].flatMap((container: any) => container.volumeMounts);
    expect(mounts.filter((mount: any) => mount.mountPath === PATH)).toEqual([]);
    expect(result.spec.volumes.map((volume: any) => volume.name)).toEqual(['data', 'api-token']);
  });

  it.each(['initContainers', 'containers', 'ephemeralContainers'])(
    'never drops the replaced volume while a container of %s still mounts it elsewhere',
    (field) => {
      // (The API server refuses ephemeral containers at creation; the rule holds for them all the same.)
      const pod = admittedPod() as { spec: Record<string, unknown[]> };
      const copy = { name: 'kube-api-access-7xk2p', mountPath: '/etc/copy' };
      // Admitted, an init or regular container also has the plugin's mount at the default path (ephemeral ones never do).
      const pluginMount = { name: 'kube-api-access-7xk2p', readOnly: true, mountPath: PATH };
      const reader = { name: 'reader', image: 'busybox', volumeMounts: field === 'ephemeralContainers' ? [copy] : [copy, pluginMount] };
      pod.spec[field] = [...(pod.spec[field] ?? []), reader];
      for (const options of [chosen, validOptions({ apiAccess: 'none' })]) {
        const mutated = mutate(pod, options) as { spec: Record<string, Record<string, unknown>[]> };
        expect(mutated.spec['volumes']?.map((volume) => volume['name'])).toContain('kube-api-access-7xk2p');
        const readerAfter = mutated.spec[field]?.find((container) => container['name'] === 'reader');
        expect(readerAfter?.['volumeMounts']).toContainEqual({ name: 'kube-api-access-7xk2p', mountPath: '/etc/copy' });
      }
    },
  );

  it('takes the token away entirely with no API access, and leaves a Pod without the plugin volume alone', () => {
    const without = mutate(admittedPod(), validOptions({ apiAccess: 'none' })) as any;
    expect(without.spec.volumes).toEqual([{ name: 'data', emptyDir: {} }]);
    expect(without.spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    const tokenless = { apiVersion: 'v1', kind: 'Pod', spec: { automountServiceAccountToken: false, containers: [{ name: 'app' }] } };
    expect(mutationPatch(mutatingEvaluation(DEFAULT_OPTIONS), tokenless)).toBeUndefined();
  });
});

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  additionalProperties?: Schema | boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
};

/** Structural validation as the API server applies a CRD schema, with unknown fields refused rather than pruned. */
function schemaErrors(value: unknown, schema: Schema, path = ''): string[] {
  if (schema['x-kubernetes-int-or-string'])
    return typeof value === 'number' || typeof value === 'string' ? [] : [`${path}: not int or string`];
  if (schema.enum && !schema.enum.includes(value))
    return [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${path}: not a string`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: not a boolean`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path}: not an integer`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, index) => (schema.items ? schemaErrors(item, schema.items, `${path}[${index}]`) : []))
        : [`${path}: not an array`];
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: not an object`];
      // `metadata` is declared as a bare object: the API server validates it as ObjectMeta.
      if (!schema.properties && schema.additionalProperties === undefined) return [];
      const record = value as Record<string, unknown>;
      const errors = (schema.required ?? []).filter((key) => !(key in record)).map((key) => `${path}.${key}: required`);
      for (const [key, item] of Object.entries(record)) {
        const property =
          schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        if (property) errors.push(...schemaErrors(item, property, `${path}.${key}`));
        else if (!schema['x-kubernetes-preserve-unknown-fields']) errors.push(`${path}.${key}: unknown field`);
      }
      return errors;
    }
    default:
      return [];
  }
}

describe('the Kyverno policies', () => {
  const schemas = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/kyverno-v1-schemas.json'), 'utf8')) as Record<string, Schema>;

  it('are policies.kyverno.io/v1 ValidatingPolicy and MutatingPolicy valid against the published CRD schemas', () => {
    for (const chosen of [DEFAULT_OPTIONS, CUSTOM]) {
      const documents = parseAllDocuments(policyManifest('kyverno', chosen).text).map((document) => document.toJS());
      expect(documents.map((document) => `${document.apiVersion} ${document.kind}`)).toEqual([
        'policies.kyverno.io/v1 ValidatingPolicy',
        'policies.kyverno.io/v1 MutatingPolicy',
      ]);
      for (const document of documents) expect(schemaErrors(document, schemas[document.kind]!)).toEqual([]);
    }
  });

  it('the schema check refuses a misspelt field', () => {
    const [policy] = parseAllDocuments(policyManifest('kyverno', DEFAULT_OPTIONS).text).map((document) => document.toJS());
    policy.spec.validationAction = ['Deny'];
    expect(schemaErrors(policy, schemas['ValidatingPolicy']!)).toEqual(['.spec.validationAction: unknown field']);
  });

  it('enforce what the admission policies enforce: they deny, fail closed, match the same objects and run the same CEL', () => {
    for (const chosen of [DEFAULT_OPTIONS, CUSTOM]) {
      const [validatingPolicy, validatingBinding] = policyObjects('validating', chosen).objects as any[];
      const [mutatingPolicy, mutatingBinding] = policyObjects('mutating', chosen).objects as any[];
      const [validates, mutates] = policyObjects('kyverno', chosen).objects as any[];
      for (const policy of [validates, mutates]) {
        expect(policy.metadata.name).toBe(validatingPolicy.metadata.name);
        // Each says the command that makes it again, and what a policy cannot see.
        expect(policy.metadata.annotations['sa-token-hardener/generated-by']).toContain('sa-token-hardener policy --kind kyverno ');
        expect(policy.metadata.annotations['sa-token-hardener/scope']).toContain('judges the pod spec alone');
        expect(policy.spec.failurePolicy).toBe('Fail');
        // Kyverno has no binding: the namespaces the bindings leave out are left out by the policies.
        expect(policy.spec.matchConstraints.namespaceSelector).toEqual(validatingBinding.spec.matchResources.namespaceSelector);
        expect(policy.spec.matchConstraints.namespaceSelector).toEqual(mutatingBinding.spec.matchResources.namespaceSelector);
      }
      // The validating policy denies, as the admission policy's binding does; it does not only audit.
      expect(validatingBinding.spec.validationActions).toEqual(['Deny']);
      expect(validates.spec.validationActions).toEqual(['Deny']);
      expect(validates.spec.matchConstraints.resourceRules).toEqual(validatingPolicy.spec.matchConstraints.resourceRules);
      expect(validates.spec.matchConditions).toEqual(validatingPolicy.spec.matchConditions);
      expect(validates.spec.variables).toEqual(validatingPolicy.spec.variables);
      expect(validates.spec.validations).toEqual(
        validatingPolicy.spec.validations.map(({ expression, message }: any) => ({ expression, message })),
      );
      // The mutating policy changes Pods when they are created, as the mutating admission policy does,
      // and never derives rules for pod controllers, whose templates do not carry the injected token.
      expect(mutates.spec.autogen).toEqual({ podControllers: { controllers: [] } });
      expect(mutates.spec.matchConstraints.resourceRules).toEqual(mutatingPolicy.spec.matchConstraints.resourceRules);
      expect(mutates.spec.matchConditions).toEqual(mutatingPolicy.spec.matchConditions);
      expect(mutates.spec.variables).toEqual(mutatingPolicy.spec.variables);
      expect(mutates.spec.mutations).toEqual(
        mutatingPolicy.spec.mutations.map((mutation: any) => ({
          patchType: 'JSONPatch',
          jsonPatch: { expression: mutation.jsonPatch.expression },
        })),
      );
      expect(mutates.spec.mutations.length).toBeGreaterThan(0);
    }
  });

  it('use the same CEL as the admission policies', () => {
    const [validating] = policyObjects('validating', CUSTOM).objects;
    const [kyverno] = policyObjects('kyverno', CUSTOM).objects;
    const expressions = (object: Record<string, unknown> | undefined): unknown =>
      ((object?.['spec'] as { validations: { expression: string }[] }).validations ?? []).map((validation) => validation.expression);
    expect(expressions(kyverno)).toEqual(expressions(validating));
  });
});
