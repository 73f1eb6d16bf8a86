/**
 * Beyond the corpus: generated pod specs that mix every case the rules of SPEC §2.5 tell apart
 * (mount paths with and without a trailing slash, read-only or not, Secret, projected and missing
 * volumes, token sources with and without lifetime, audience and mode, several containers), under
 * generated options. The validating policy's verdict must be `--check`'s on each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admitAndMutate } from '../../../test/admission';
import { validateObject } from '../../../ui/output/policy/policy-cel';
import {
  checkPodSpec,
  DEFAULT_MOUNT_PATH,
  harden,
  type HardenOptions,
  mutatingEvaluation,
  resolveOptions,
  validatingEvaluation,
} from '../../index';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 300);
const CUSTOM_PATH = '/var/run/secrets/tokens';
const VOLUME_NAMES = ['token', 'kube-api-access-abcde', 'data', 'missing'];

/** A token at the volume's top, or one that lands in the token path when the volume is mounted above it. */
const TOKEN_FILE_PATHS = ['token', 'kubernetes.io/serviceaccount/token'];

const tokenSource = fc.record(
  {
    path: fc.constantFrom(...TOKEN_FILE_PATHS),
    expirationSeconds: fc.constantFrom(600, 3600, 3607, 7200, 86400),
    audience: fc.constantFrom('', 'vault', 'https://kubernetes.default.svc'),
  },
  { requiredKeys: ['path'] },
);

const source = fc.oneof(
  tokenSource.map((serviceAccountToken) => ({ serviceAccountToken })),
  fc.constant({ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }),
  fc.constant({ configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'service-ca.crt' }] } }),
  fc.constant({ downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }),
);

function volume(name: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    fc
      .record(
        { defaultMode: fc.constantFrom(0o400, 0o440, 0o444, 0o600, 0o644, 0o777, 0o4444), sources: fc.array(source, { maxLength: 4 }) },
        { requiredKeys: ['sources'] },
      )
      .map((projected) => ({ name, projected })),
    fc.constant({ name, secret: { secretName: 'default-token-abcde' } }),
    fc.constant({
      name,
      secret: { secretName: 'default-token-abcde', items: [{ key: 'token', path: 'kubernetes.io/serviceaccount/token' }] },
    }),
    fc.constant({ name, emptyDir: {} }),
  );
}

const mount = fc.record(
  {
    name: fc.constantFrom(...VOLUME_NAMES),
    // At the token path, beside it (a subPath mount of the token file) and above it.
    mountPath: fc.constantFrom(
      DEFAULT_MOUNT_PATH,
      `${DEFAULT_MOUNT_PATH}/`,
      `${DEFAULT_MOUNT_PATH}/token`,
      CUSTOM_PATH,
      '/data',
      '/var/run/secrets',
      '/',
    ),
    subPath: fc.constantFrom('token', ''),
    readOnly: fc.boolean(),
  },
  { requiredKeys: ['name', 'mountPath'] },
);

function container(name: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    { name: fc.constant(name), image: fc.constant('nginx'), volumeMounts: fc.array(mount, { maxLength: 2 }) },
    { requiredKeys: ['name'] },
  );
}

const podSpec = fc
  .record(
    {
      automountServiceAccountToken: fc.boolean(),
      initContainers: fc.array(container('init'), { maxLength: 1 }),
      containers: fc.tuple(container('app'), fc.array(container('sidecar'), { maxLength: 1 })).map(([first, rest]) => [first, ...rest]),
      ephemeralContainers: fc.array(container('debugger'), { maxLength: 1 }),
      volumes: fc
        .subarray(VOLUME_NAMES.filter((name) => name !== 'missing'))
        .chain((names) => (names.length === 0 ? fc.constant([] as Record<string, unknown>[]) : fc.tuple(...names.map(volume)))),
    },
    { requiredKeys: ['containers'] },
  )
  .map((spec) => spec as Record<string, unknown>);

const options = fc
  .record({
    expirationSeconds: fc.constantFrom('600', '3600', '3607', '86400'),
    defaultMode: fc.constantFrom('0400', '0440', '0444', '0644'),
    audience: fc.constantFrom(undefined, 'vault'),
    mountPath: fc.constantFrom(DEFAULT_MOUNT_PATH, `${CUSTOM_PATH}/`),
    containers: fc.constantFrom(undefined, 'app', 'app,init'),
    apiAccess: fc.constantFrom('mount' as const, 'none' as const),
  })
  .map((input): HardenOptions => resolveOptions(input).options);

describe('the validating policy on generated pod specs', () => {
  it('gives the verdict of --check, rule for rule', () => {
    const seen = { admitted: 0, denied: 0 };
    fc.assert(
      fc.property(podSpec, options, fc.constantFrom('Pod', 'Deployment', 'CronJob'), (spec, chosen, kind) => {
        const object =
          kind === 'Pod'
            ? { apiVersion: 'v1', kind, spec }
            : kind === 'Deployment'
              ? { apiVersion: 'apps/v1', kind, spec: { template: { spec } } }
              : { apiVersion: 'batch/v1', kind, spec: { jobTemplate: { spec: { template: { spec } } } } };
        const verdict = validateObject(validatingEvaluation(chosen), object);
        const problems = checkPodSpec(spec, chosen).map((problem) => problem.code);
        seen[problems.length === 0 ? 'admitted' : 'denied'] += 1;
        expect({
          admitted: verdict.failures.length === 0,
          errors: verdict.failures.filter((failure) => failure.message.startsWith('evaluation error')),
        }).toEqual({
          admitted: problems.length === 0,
          errors: [],
        });
      }),
      { numRuns: RUNS },
    );
    console.log(`generated pod specs: ${seen.admitted} admitted and ${seen.denied} denied by both`);
    // Both verdicts are drawn often, so the agreement is tested on each side.
    expect(seen.admitted).toBeGreaterThan(RUNS / 20);
    expect(seen.denied).toBeGreaterThan(RUNS / 20);
  });
});

/** A Pod as its author writes it: the token on, off or unsaid; maybe a hand-made token mount. */
const authoredPod = podSpec.chain((spec) =>
  fc.constantFrom(true, false, undefined).map((automount) => {
    // Ephemeral containers cannot be set when a Pod is created.
    const rest = Object.fromEntries(
      Object.entries(spec).filter(([key]) => key !== 'ephemeralContainers' && key !== 'automountServiceAccountToken'),
    );
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: automount === undefined ? rest : { ...rest, automountServiceAccountToken: automount },
    };
  }),
);

describe('the mutating policy on generated Pods', () => {
  it('hardens each as the command does, never widening', () => {
    const seen = { mutated: 0, compared: 0, untouched: 0 };
    const reasons: Record<string, number> = {};
    fc.assert(
      fc.property(authoredPod, options, (pod, drawn) => {
        // Hardening refuses a container name the Pod does not have: choose among its own.
        const names = ['initContainers', 'containers'].flatMap(
          (field) =>
            ((pod.spec as Record<string, unknown>)[field] as { name: string }[] | undefined)?.map((container) => container.name) ?? [],
        );
        const chosen = { ...drawn, containers: drawn.containers?.filter((name) => names.includes(name)) };
        // A token reached through a mount above the token path that no new mount covers is reported
        // by the command and left to the validating policy by the mutation: neither removes it.
        fc.pre(!harden(JSON.stringify(pod), chosen).findings.some((finding) => finding.code === 'token-through-parent'));
        const outcome = admitAndMutate(pod, chosen, mutatingEvaluation(chosen));
        seen[outcome.compared ? 'compared' : outcome.mutated ? 'mutated' : 'untouched'] += 1;
        if (outcome.unmatched) reasons[outcome.unmatched] = (reasons[outcome.unmatched] ?? 0) + 1;
        expect(outcome.differences).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    console.log(
      `generated Pods: ${seen.compared} mutated as the command hardens, ${seen.mutated} mutated without a reference (${JSON.stringify(reasons)}), ${seen.untouched} left alone`,
    );
    expect(seen.compared).toBeGreaterThan(RUNS / 10);
    expect(seen.untouched).toBeGreaterThan(RUNS / 20);
  });
});
