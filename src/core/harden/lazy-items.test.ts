import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { generatePodList } from '../../../scripts/bench/generate-pods.mjs';
import { corpusFiles, isHelmTemplate } from '../../test/corpus';
import type * as JsonParse from '../read/json-parse';
import type { harden as Harden } from './harden';
import { DEFAULT_OPTIONS, type HardenOptions } from './options';
import { plainDocuments } from '../read/parse';

/**
 * A JSON list's items are read one at a time while hardening (read/json-parse.ts, `lazyItems`).
 * These tests harden the same texts with every item built at once, as any other JSON document is
 * read, and expect the very same result.
 */
async function loadHardens(): Promise<{ lazy: typeof Harden; whole: typeof Harden }> {
  const lazy = (await import('./harden')).harden;
  vi.resetModules();
  vi.doMock('../read/json-parse', async (importOriginal) => {
    const original = await importOriginal<typeof JsonParse>();
    return { ...original, parseJsonDocument: (source: string) => original.parseJsonDocument(source) };
  });
  const whole = (await import('./harden')).harden;
  vi.doUnmock('../read/json-parse');
  return { lazy, whole };
}

const hardens = await loadHardens();

function expectSame(text: string, options: HardenOptions = DEFAULT_OPTIONS): void {
  expect(hardens.lazy(text, options)).toEqual(hardens.whole(text, options));
}

/** The corpus's objects (plain values), to put in lists. */
const objects: unknown[] = corpusFiles()
  .filter((file) => !isHelmTemplate(file.name))
  .flatMap((file) => {
    try {
      return plainDocuments(file.text).filter((value) => typeof value === 'object' && value !== null);
    } catch {
      return [];
    }
  });

const ACCOUNT = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'shop-0', namespace: 'team-0' },
  automountServiceAccountToken: false,
};
const BINDING = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'read', namespace: 'team-0' },
  roleRef: { kind: 'Role', name: 'read', apiGroup: 'rbac.authorization.k8s.io' },
  subjects: [{ kind: 'ServiceAccount', name: 'shop-1' }],
};

describe('a JSON list read an item at a time', () => {
  it('hardens a cluster dump as when it is read whole, indented or on one line', () => {
    for (const indent of [4, 2, 0]) expectSame(generatePodList(12, indent));
    expectSame(generatePodList(3), { ...DEFAULT_OPTIONS, serviceAccountName: 'shop-1', apiAccess: 'none' });
  });

  it('gathers the evidence from items read one at a time as from the whole list: accounts and bindings after the pods', () => {
    const list = JSON.parse(generatePodList(6)) as { items: unknown[] };
    const account = { ...ACCOUNT, metadata: { name: 'shop-0', namespace: 'team-1' } };
    const binding = { ...BINDING, metadata: { name: 'read', namespace: 'team-2' }, subjects: [{ kind: 'ServiceAccount', name: 'shop-0' }] };
    const text = JSON.stringify({ ...list, items: [...list.items, account, binding] }, null, 4);
    for (const apiAccess of ['mount', 'auto'] as const) expectSame(text, { ...DEFAULT_OPTIONS, apiAccess });
    const reports = hardens.lazy(text, DEFAULT_OPTIONS).workloads;
    expect(reports).toHaveLength(6);
    expect(reports.map((report) => report.evidence.map((item) => item.text).join(' '))).toContainEqual(
      expect.stringContaining('RoleBinding/team-2/read'),
    );
  });

  it('never parses the whole text at once: neither to check it nor for the evidence', () => {
    const text = generatePodList(40);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(hardens.lazy(text, DEFAULT_OPTIONS).errors).toEqual([]);
      const longest = Math.max(...parse.mock.calls.map(([parsed]) => parsed.length));
      expect(longest).toBeGreaterThan(0);
      expect(longest).toBeLessThan(text.length / 20);
    } finally {
      parse.mockRestore();
    }
  });

  it('takes the style from the same items as when read whole: the last ones, as many as the sample needs', () => {
    const pod = (index: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${index}` },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    });
    // Most items indented by 2, the last ten by 3: a sample of the last item alone would say 3.
    const items = Array.from({ length: 80 }, (_, index) => JSON.stringify(pod(index), null, index >= 70 ? 3 : 2));
    const text = `{"apiVersion": "v1", "kind": "List", "items": [\n${items.join(',\n')}\n]}\n`;
    expectSame(text);
    // The inserted volume nests by 2, the step most items take.
    expect(hardens.lazy(text, DEFAULT_OPTIONS).output).toContain('\n    "volumes": [\n      {\n        "name": "serviceaccount-token",');
  });

  it('hardens lists of real objects, accounts and bindings among them, as when read whole', () => {
    const list = fc.record({
      kind: fc.constantFrom('List', 'PodList', 'DeploymentList', 'ConfigMap'),
      items: fc.array(fc.constantFrom(...objects, ACCOUNT, BINDING), { maxLength: 12 }),
      indent: fc.constantFrom(0, 2, 4),
      extra: fc.constantFrom(
        {},
        { metadata: { resourceVersion: '' } },
        { metadata: { name: 'all' }, note: 'x\u2028y' },
        { note: '{{ .Values }}' },
      ),
    });
    const options = fc.constantFrom<HardenOptions>(
      DEFAULT_OPTIONS,
      { ...DEFAULT_OPTIONS, serviceAccountName: 'shop-1' },
      { ...DEFAULT_OPTIONS, containers: ['app'] },
    );
    fc.assert(
      fc.property(list, options, ({ kind, items, indent, extra }, chosen) => {
        expectSame(JSON.stringify({ apiVersion: 'v1', ...extra, items, kind }, null, indent), chosen);
      }),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 60) },
    );
  });
});
