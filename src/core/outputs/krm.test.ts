import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { corpusFiles, hasCorpus, isHelmTemplate } from '../../test/corpus';
import { harden } from '../harden/harden';
import { isResourceList, runKrmFunction } from './krm';
import { DEFAULT_OPTIONS } from '../harden/options';
import { plainDocuments } from '../read/parse';
import { isRecord } from '../read/yaml-read';
import { hardeningViolations } from '../../test/hardening-oracle';

const LIST = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: foo-pod
      namespace: shop
      annotations:
        config.kubernetes.io/index: '0'
        internal.config.kubernetes.io/path: 'pods/foo.yaml'
        internal.config.kubernetes.io/seqindent: 'compact'
    spec:
      serviceAccountName: foo-sa
      containers:
        - name: foo
          image: nginx:1.27
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data:
      mode: '0444'
functionConfig:
  apiVersion: sa-token-hardener.dev/v1alpha1
  kind: HardeningConfig
  metadata:
    name: harden
  spec:
    expirationSeconds: 3600
`;

type Result = { message: string; severity: string; resourceRef?: unknown; field?: { path: string }; file?: unknown };

describe('the KRM function', () => {
  it('recognises a ResourceList, and only that', () => {
    expect(isResourceList(LIST)).toBe(true);
    expect(isResourceList(LIST.replace('config.kubernetes.io/v1', 'v1'))).toBe(false);
    expect(isResourceList('apiVersion: v1\nkind: List\nitems: []\n')).toBe(false);
    expect(isResourceList('{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": []}')).toBe(true);
    expect(isResourceList('kind: ResourceList\n  bad: [')).toBe(false);
  });

  it('hardens the items with the functionConfig, keeps their annotations, and explains every change', () => {
    const outcome = runKrmFunction(LIST, {}, {});
    expect(outcome.failed).toBe(false);
    const list = parse(outcome.text) as { items: Record<string, unknown>[]; results: Result[]; functionConfig: unknown };
    const [pod, configMap] = list.items;
    expect(pod).toMatchObject({
      metadata: {
        annotations: {
          'config.kubernetes.io/index': '0',
          'internal.config.kubernetes.io/path': 'pods/foo.yaml',
          'internal.config.kubernetes.io/seqindent': 'compact',
        },
      },
      spec: { automountServiceAccountToken: false },
    });
    expect(pod?.['spec']).toMatchObject({
      volumes: [{ projected: { sources: expect.arrayContaining([{ serviceAccountToken: { expirationSeconds: 3600, path: 'token' } }]) } }],
    });
    expect(configMap).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: '0444' } });
    expect(list.functionConfig).toEqual(parse(LIST).functionConfig);
    const ref = { apiVersion: 'v1', kind: 'Pod', name: 'foo-pod', namespace: 'shop' };
    const file = { path: 'pods/foo.yaml', index: 0 };
    expect(list.results.filter((result) => result.field)).toEqual([
      expect.objectContaining({ severity: 'info', resourceRef: ref, file, field: { path: 'spec.automountServiceAccountToken' } }),
      expect.objectContaining({ severity: 'info', resourceRef: ref, file, field: { path: 'spec.containers[0].volumeMounts[0]' } }),
      expect.objectContaining({ severity: 'info', resourceRef: ref, file, field: { path: 'spec.volumes[0]' } }),
    ]);
    // A finding about the run's options concerns no item.
    expect(list.results).toContainEqual({ message: expect.stringMatching(/stricter than the API server/), severity: 'info' });
  });

  it('reads a ConfigMap functionConfig, lets flags override it, and keeps earlier results', () => {
    const text = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: x}]}}
functionConfig: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {expirationSeconds: '4000', audience: vault}}
results:
  - {message: from an earlier function, severity: info}
`;
    const outcome = runKrmFunction(text, { audience: 'ignored' }, { expirationSeconds: '5000' });
    const list = parse(outcome.text) as {
      items: { spec: { volumes: { projected: { sources: Record<string, unknown>[] } }[] } }[];
      results: Result[];
    };
    expect(list.items[0]?.spec.volumes[0]?.projected.sources[0]).toEqual({
      serviceAccountToken: { expirationSeconds: 5000, path: 'token', audience: 'vault' },
    });
    expect(list.results[0]).toEqual({ message: 'from an earlier function', severity: 'info' });
    expect(list.results.length).toBeGreaterThan(3);
  });

  it('fails with error results on a bad functionConfig or a bad option, and changes nothing', () => {
    for (const config of ['{apiVersion: v1, kind: Pod}', '{apiVersion: v1, kind: ConfigMap, data: {expirationSeconds: soon}}']) {
      const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: x}]}}\nfunctionConfig: ${config}\n`;
      const outcome = runKrmFunction(text, {}, {});
      expect(outcome.failed).toBe(true);
      const list = parse(outcome.text) as { items: unknown[]; results: Result[] };
      expect(list.items).toEqual(parse(text).items);
      expect(list.results).toEqual([{ message: expect.any(String), severity: 'error' }]);
    }
  });

  it.skipIf(!hasCorpus)('round-trips the corpus: items hardened as SPEC §2.2 says and as the command does, results as its findings', () => {
    let checked = 0;
    for (const { name, text } of corpusFiles().filter(({ name }) => !isHelmTemplate(name))) {
      if (harden(text, DEFAULT_OPTIONS).errors.length > 0) continue;
      const objects = plainDocuments(text).filter(isRecord);
      if (objects.length === 0) continue;
      // Unfolded: the yaml package folds deeply indented long strings into text it reads back differently.
      const stream = objects.map((object) => stringify(object, { version: '1.1', lineWidth: 0 })).join('---\n');
      const list = stringify(
        { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: objects },
        { version: '1.1', lineWidth: 0 },
      );
      const outcome = runKrmFunction(list, {}, {});
      const expected = harden(stream, { ...DEFAULT_OPTIONS, emitServiceAccount: false });
      expect(outcome.failed, name).toBe(false);
      const items = (plainDocuments(outcome.text)[0] as { items: unknown[] }).items;
      // The function calls the command's hardening, so the oracle judges it independently.
      expect(hardeningViolations(objects, items, DEFAULT_OPTIONS), name).toEqual([]);
      expect(items, name).toEqual(plainDocuments(expected.output));
      const findings = outcome.results.filter((result) => result.field === undefined);
      expect(
        findings.map((result) => [result.severity, result.message]),
        name,
      ).toEqual(expected.findings.map((finding) => [finding.severity, finding.message]));
      expect(outcome.results.length - findings.length, name).toBe(expected.changes.length);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(40);
  });
});
