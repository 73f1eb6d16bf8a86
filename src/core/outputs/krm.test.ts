import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { corpusFiles, hasCorpus, isHelmTemplate } from '../../test/corpus';
import { harden } from '../harden/harden';
import { isResourceList, runKrmFunction } from './krm';
import { judgeWithPeer } from '../../test/peer-rules';
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
  it('recognises a ResourceList as kustomize and kpt do, and only that', () => {
    expect(isResourceList(LIST)).toBe(true);
    // kyaml's ByteReader reads the kind as YAML does, and does not check the apiVersion.
    for (const spelling of ['kind: ResourceList # the list', 'kind: !!str ResourceList', 'kind: "ResourceList"', "kind: 'ResourceList'"]) {
      expect(isResourceList(LIST.replace('kind: ResourceList', spelling)), spelling).toBe(true);
    }
    expect(isResourceList(LIST.replace('config.kubernetes.io/v1', 'v1'))).toBe(true);
    expect(isResourceList('{apiVersion: config.kubernetes.io/v1, kind: ResourceList, items: []}')).toBe(true);
    expect(isResourceList('{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": []}')).toBe(true);
    expect(isResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig: {}\n')).toBe(true);
    // Not one: another kind, a list without items or functionConfig, more than one document, a comment that only says it.
    expect(isResourceList('apiVersion: v1\nkind: List\nitems: []\n')).toBe(false);
    expect(isResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n')).toBe(false);
    expect(isResourceList(`${LIST}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`)).toBe(false);
    expect(isResourceList('apiVersion: v1\nkind: ConfigMap # ResourceList\nitems: []\n')).toBe(false);
    expect(isResourceList('kind: ResourceList\n  bad: [')).toBe(false);
  });

  it('refuses an alias bomb, or more than 1,000 aliases, with an error result and no exception', () => {
    const levels = ['  a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1)
      levels.push(
        `  a${level}: &a${level} [${Array(9)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    const bomb = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nbomb:\n${levels.join('\n')}\nitems: []\n`;
    const many = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nanchors:\n  - &a x\n${'  - *a\n'.repeat(1001)}items: []\n`;
    for (const text of [bomb, many]) {
      expect(isResourceList(text)).toBe(true);
      const outcome = runKrmFunction(text, {}, {});
      expect(outcome.failed).toBe(true);
      expect(outcome.results).toEqual([
        { message: expect.stringMatching(/^line \d+, column \d+: the document expands too many aliases/), severity: 'error' },
      ]);
      // The list comes back as it came, with the result spliced in after it.
      expect(outcome.text.startsWith(text)).toBe(true);
    }
  });

  it('writes no raw control character into a result message', () => {
    const text = LIST.replace('name: foo-pod', 'name: "foo\\e[2J\\x07pod"').replace(
      'expirationSeconds: 3600',
      'expirationSeconds: "36\\e]0;x\\x07"',
    );
    const refused = runKrmFunction(text, {}, {});
    expect(refused.failed).toBe(true);
    const hardened = runKrmFunction(text.replace(/expirationSeconds: .*/, 'expirationSeconds: 3600'), {}, {});
    expect(hardened.failed).toBe(false);
    const messages = [...refused.results, ...hardened.results].map((result) => result.message);
    expect(messages.some((message) => message.includes('\\x1b'))).toBe(true);
    // eslint-disable-next-line no-control-regex -- the point
    for (const message of messages) expect(message).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
  });

  it('hands untouched items back byte for byte: results are spliced in, never re-rendered', () => {
    const text = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- # A config map, as kpt sends a file's first comment
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: cfg   # spaced
  data: {a: '1'}
- # The pod
  apiVersion: v1
  kind: Pod
  metadata:
    name: p
  spec:
    containers:
    - {name: c, image: x}
functionConfig:
  # the policy
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: c}
`;
    const outcome = runKrmFunction(text, {}, {});
    expect(outcome.failed).toBe(false);
    expect(outcome.text.startsWith(text.slice(0, text.indexOf('- # The pod')))).toBe(true);
    expect(outcome.text).toContain(text.slice(text.indexOf('functionConfig:')));
    expect(outcome.text).toMatch(/\nresults:\n- message: /);
    expect((parse(outcome.text) as { results: unknown[] }).results).toHaveLength(outcome.results.length);
    // Shared references are written out in full: kpt cannot read aliases in results.
    expect(outcome.text).not.toMatch(/[&*]a\d/);
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

  it('reads a ConfigMap functionConfig, lets --config and flags override it, and keeps earlier results', () => {
    const text = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: x}]}}
functionConfig: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {expirationSeconds: '4000', audience: chosen-by-input}}
results:
  - {message: from an earlier function, severity: info}
`;
    // The operator's --config and flags win over the functionConfig that comes with the input.
    const outcome = runKrmFunction(text, { audience: 'vault', expirationSeconds: '4500' }, { expirationSeconds: '5000' });
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
      // Beside the findings, one note for the run when Trivy's KSV036 would flag items.
      const [scanner, ...more] = outcome.results.filter((result) => result.message.startsWith("Trivy's KSV036"));
      expect(more, name).toEqual([]);
      expect(scanner?.severity === 'info', name).toBe(items.some((item) => judgeWithPeer('trivy', [item], name) === 'fail'));
      const findings = outcome.results.filter((result) => result.field === undefined && result !== scanner);
      expect(
        findings.map((result) => [result.severity, result.message]),
        name,
      ).toEqual(expected.findings.map((finding) => [finding.severity, finding.message]));
      expect(outcome.results.length - findings.length - (scanner ? 1 : 0), name).toBe(expected.changes.length);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(40);
  });
});
