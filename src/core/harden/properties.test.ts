import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { countRemovedLines } from '../../test/removed-lines';
import { hardeningViolations, ORACLE_POD_SPEC_KINDS, objectsOf, podSpecsOf, type ViolationCode } from '../../test/hardening-oracle';
import { validateKubernetesObject } from '../../test/validate-object';
import { harden, type HardenOptions } from '../index';
import { parseManifestFully as parseManifest, toPlainValue } from '../read/parse';
import { validOptions } from '../../test/options';

/** More runs for a deeper search: PROPERTY_RUNS=5000 npx vitest run src/core/properties.test.ts */
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 300);
const DEFAULT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

const containerName = fc.constantFrom('app', 'web', 'sidecar', 'init-db', 'proxy');

const existingMount = fc.oneof(
  fc.constant({ mountPath: '/data', name: 'data' }),
  fc.record({
    mountPath: fc.constantFrom(DEFAULT_PATH, `${DEFAULT_PATH}/`),
    name: fc.constantFrom('kube-api-access-abcde', 'default-token-x2k9p'),
    readOnly: fc.boolean(),
  }),
);

const container = fc.record({
  name: containerName,
  image: fc.constantFrom('nginx:1.27', 'busybox', 'example/app:2'),
  mounts: fc.uniqueArray(existingMount, { maxLength: 2, selector: (mount) => mount.mountPath.replace(/\/$/, '') }),
});

const podSpec = fc
  .record({
    containers: fc.uniqueArray(container, { minLength: 1, maxLength: 3, selector: (entry) => entry.name }),
    initCount: fc.integer({ min: 0, max: 1 }),
    automount: fc.constantFrom(undefined, true, false),
    account: fc.constantFrom(undefined, 'default', 'app-sa'),
    deprecatedAccount: fc.constantFrom(undefined, 'app-sa', 'old-sa'),
  })
  .map(({ containers, initCount, automount, account, deprecatedAccount }) => {
    const toContainer = ({ name, image, mounts }: (typeof containers)[number]) => ({
      name,
      image,
      ...(mounts.length ? { volumeMounts: mounts } : {}),
    });
    const spec: Record<string, unknown> = {};
    if (account) spec['serviceAccountName'] = account;
    if (deprecatedAccount) spec['serviceAccount'] = deprecatedAccount;
    if (automount !== undefined) spec['automountServiceAccountToken'] = automount;
    const init = containers.slice(0, Math.min(initCount, containers.length - 1));
    if (init.length) spec['initContainers'] = init.map(toContainer);
    spec['containers'] = containers.slice(init.length).map(toContainer);
    const volumeNames = new Set(containers.flatMap((entry) => entry.mounts.map((mount) => mount.name)));
    const volumes = [...volumeNames].map((name) =>
      name === 'data'
        ? { name, emptyDir: {} }
        : name.startsWith('kube-api-access')
          ? { name, projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }
          : { name, secret: { secretName: name } },
    );
    if (volumes.length) spec['volumes'] = volumes;
    return spec;
  });

/** A workload of every kind SPEC §2.1 names, holding `spec` where that kind keeps its pod spec. */
function workloadOf(kind: string, spec: Record<string, unknown>): Record<string, unknown> {
  const template = { metadata: { labels: { app: 'x' } }, spec };
  const selector = { matchLabels: { app: 'x' } };
  const metadata = { name: kind.toLowerCase() };
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata, spec };
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind, metadata, spec: { selector, template } };
    case 'StatefulSet':
      return { apiVersion: 'apps/v1', kind, metadata, spec: { selector, serviceName: 's', template } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind, metadata, spec: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } } };
    case 'ReplicationController':
      return { apiVersion: 'v1', kind, metadata, spec: { selector: { app: 'x' }, template } };
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } } } },
      };
    case 'PodTemplate':
      return { apiVersion: 'v1', kind, metadata, template };
    case 'Rollout':
      return { apiVersion: 'argoproj.io/v1alpha1', kind, metadata, spec: { selector, template } };
    case 'CloneSet':
      return { apiVersion: 'apps.kruise.io/v1alpha1', kind, metadata, spec: { selector, template } };
    case 'DeploymentConfig':
      return { apiVersion: 'apps.openshift.io/v1', kind, metadata, spec: { selector: { app: 'x' }, template } };
    case 'ScaledJob':
      return { apiVersion: 'keda.sh/v1alpha1', kind, metadata, spec: { jobTargetRef: { template } } };
    case 'JobSet':
      return {
        apiVersion: 'jobset.x-k8s.io/v1alpha2',
        kind,
        metadata,
        spec: {
          replicatedJobs: [
            { name: 'a', template: { spec: { template } } },
            { name: 'b', template: { spec: { template } } },
          ],
        },
      };
    default:
      return { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec }] };
  }
}

const workload = fc.tuple(fc.constantFrom(...ORACLE_POD_SPEC_KINDS, 'List'), podSpec).map(([kind, spec]) => workloadOf(kind, spec));

/** Objects that only look like ones hardening touches (another API group): they pass through unchanged (SPEC §2.1). */
const lookalike = fc.constantFrom<Record<string, unknown>>(
  { apiVersion: 'example.com/v1', kind: 'ServiceAccount', metadata: { name: 'app-sa' } },
  { ...workloadOf('Rollout', { containers: [{ name: 'other', image: 'nginx:1.27' }] }), apiVersion: 'example.com/v1' },
);

/** A ServiceAccount the pods may name, switching the token off or not (SPEC §2.2 "Never widen"). */
const serviceAccount = fc
  .record({ name: fc.constantFrom('app-sa', 'default'), automount: fc.constantFrom(undefined, true, false) })
  .map(({ name, automount }) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name },
    ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
  }));

/** A manifest as people write it: any indentation, either sequence style, JSON, CRLF, comments. */
const manifest = fc
  .record({
    objects: fc
      .tuple(fc.array(workload, { minLength: 1, maxLength: 3 }), fc.option(serviceAccount), fc.option(lookalike))
      .map(([workloads, account, other]) => [...workloads, ...(account === null ? [] : [account]), ...(other === null ? [] : [other])]),
    layout: fc.constantFrom('yaml', 'json', 'minified-json', 'flow'),
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    crlf: fc.boolean(),
    comment: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ objects, layout, indent, indentSeq, crlf, comment, finalNewline }) => {
    let text: string;
    if (layout === 'json') text = JSON.stringify(objects[0], null, indent) + '\n';
    else if (layout === 'minified-json') text = JSON.stringify(objects[0]);
    else {
      text = objects
        .map(
          (object) =>
            (comment ? '# managed by hand\n' : '') +
            stringify(object, {
              indent,
              indentSeq,
              flowCollectionPadding: true,
              ...(layout === 'flow' ? { collectionStyle: 'flow' as const } : {}),
            }),
        )
        .join('---\n');
    }
    // Comments between the items of flow collections too, where a line ends after a comma.
    if (layout === 'flow' && comment) text = text.replace(/,\n/g, ', # note\n');
    // Flow YAML starts with `---`, as KYAML does: a text that starts with `{` is JSON to kubectl.
    if (layout === 'flow') text = `---\n${text}`;
    if (!finalNewline) text = text.replace(/\n$/, '');
    const written = layout.endsWith('json') ? objects.slice(0, 1) : objects;
    const containerNames = JSON.stringify(written).match(/"name":"(app|web|sidecar|init-db|proxy)"/g) ?? [];
    return {
      containerNames: containerNames.map((match) => match.slice(8, -1)),
      text: crlf ? text.replace(/\n/g, '\r\n') : text,
      json: layout.endsWith('json'),
      minified: layout === 'minified-json',
      layout,
    };
  });

const options = fc
  .record({
    expirationSeconds: fc.integer({ min: 600, max: 86_400 }),
    defaultMode: fc.integer({ min: 0, max: 0o777 }).map((mode) => mode.toString(8)),
    mountPath: fc.constantFrom(DEFAULT_PATH, '/var/run/secrets/tokens'),
    volumeName: fc.constantFrom('serviceaccount-token', 'api-token'),
    serviceAccountName: fc.constantFrom(undefined, 'hardened-sa'),
    audience: fc.constantFrom(undefined, 'vault'),
    apiAccess: fc.constantFrom('mount' as const, 'mount' as const, 'none' as const),
  })
  .map((input) => validOptions(input));

function documentsOf(text: string): unknown[] {
  return parseManifest(text).documents.map(toPlainValue);
}

/** The value at a change's path (`spec.volumes[1].name`) in a plain document. */
function valueAt(document: unknown, path: string): unknown {
  return path.split(/\.|(?=\[)/).reduce<unknown>((node, step) => {
    if (node === null || typeof node !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(step);
    return index ? (node as unknown[])[Number(index[1])] : (node as Record<string, unknown>)[step];
  }, document);
}

function hardenedTwice(text: string, chosen: HardenOptions) {
  const first = harden(text, chosen);
  return { first, second: harden(first.output, chosen) };
}

describe('properties of the transform', () => {
  it('is idempotent, byte for byte', () => {
    fc.assert(
      fc.property(manifest, options, ({ text }, chosen) => {
        const { first, second } = hardenedTwice(text, chosen);
        expect(first.errors).toEqual([]);
        expect(second.output).toBe(first.output);
        expect(second.changes).toEqual([]);
        // What --check reports: nothing is missing once hardened.
        expect(second.objects.flatMap((workload) => workload.missing)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  /** Options with a `--containers` subset drawn from the names the manifest uses. */
  const withContainers = fc
    .tuple(manifest, options, fc.option(fc.subarray(['app', 'web', 'sidecar', 'init-db', 'proxy'], { minLength: 1 }), { nil: undefined }))
    .map(([generated, chosen, subset]) => {
      const present = subset?.filter((name) => generated.containerNames.includes(name));
      const containers = present && present.length > 0 ? present : undefined;
      return { generated, chosen: { ...chosen, containers } };
    });
  // Never widen, no token and carry-over of extra files have a property of their own, below.
  const ownProperty: readonly ViolationCode[] = ['widened', 'no-token', 'lost-source'];

  it('is faithful: the output is the input with exactly the hardening (independent oracle)', () => {
    fc.assert(
      fc.property(withContainers, ({ generated, chosen }) => {
        const { output, errors } = harden(generated.text, chosen);
        expect(errors).toEqual([]);
        const violations = hardeningViolations(documentsOf(generated.text), documentsOf(output), chosen);
        expect(violations.filter((violation) => !ownProperty.includes(violation.code))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('never widens: a container gets a token only if it could read one before, none with API access "none"', () => {
    fc.assert(
      fc.property(withContainers, ({ generated, chosen }) => {
        const { output } = harden(generated.text, chosen);
        expect(hardeningViolations(documentsOf(generated.text), documentsOf(output), chosen)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('removes or rewrites no input line where only additions are needed (block YAML, indented JSON)', () => {
    let checked = 0;
    fc.assert(
      fc.property(manifest, options, ({ text, layout }, chosen) => {
        // One-line flow collections cannot grow without rewriting their line.
        if (layout !== 'yaml' && layout !== 'json') return;
        const result = harden(text, chosen);
        if (result.changes.some((change) => change.before !== undefined)) return;
        checked += 1;
        expect(countRemovedLines(text, result.output)).toBe(0);
      }),
      // Most generated cases need a replacement somewhere: run more to check enough that do not.
      { numRuns: RUNS * 5 },
    );
    console.log(`insertions only: checked on ${checked} generated manifests that needed only additions`);
    expect(checked).toBeGreaterThan(0);
  });

  it('names the place of every added value: the output holds it at the path of its change', () => {
    fc.assert(
      fc.property(manifest, options, ({ text }, chosen) => {
        const { output, changes } = harden(text, chosen);
        const documents = documentsOf(output);
        for (const change of changes) {
          if (change.before !== undefined || change.after === undefined) continue;
          expect(valueAt(documents[change.document], change.path), change.path).toEqual(change.after);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps the input's format: JSON stays JSON, minified JSON stays minified, CRLF stays CRLF", () => {
    fc.assert(
      fc.property(manifest, options, ({ text, json, minified }, chosen) => {
        const { output } = harden(text, chosen);
        if (json) expect(() => JSON.parse(output)).not.toThrow();
        if (minified) expect(output).toBe(JSON.stringify(JSON.parse(output)));
        if (text.includes('\r\n')) expect(output.replace(/\r\n/g, '')).not.toContain('\n');
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps every object schema-valid, and finds a pod spec in every kind SPEC §2.1 names', async () => {
    await fc.assert(
      fc.asyncProperty(manifest, options, async ({ text }, chosen) => {
        const { output } = harden(text, chosen);
        for (const object of objectsOf(documentsOf(output))) {
          if (ORACLE_POD_SPEC_KINDS.includes(String(object['kind'])) && object['apiVersion'] !== 'example.com/v1')
            expect(podSpecsOf(object).length, String(object['kind'])).toBeGreaterThan(0);
          expect(await validateKubernetesObject(object)).toBeUndefined();
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
