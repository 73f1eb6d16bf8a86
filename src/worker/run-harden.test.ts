import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, harden } from '../core';
import { DEFAULT_FIELDS } from '../state/option-fields';
import { generateBundle } from '../../scripts/bench/generate-bundle.mjs';
import { MAX_LISTED_CHANGES } from './protocol';
import { containerChoices, createRunner } from './run-harden';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: i\n';

describe('runner', () => {
  it("computes the requested tab's text beside the hardened text", () => {
    const run = createRunner();
    const hardened = run({ id: 1, manifest: POD, fields: DEFAULT_FIELDS, format: undefined });
    expect(hardened.result.derived).toBeUndefined();
    const diff = run({ id: 2, manifest: POD, fields: DEFAULT_FIELDS, format: 'diff' });
    expect(diff.result.output).toBe(hardened.result.output);
    expect(diff.result.derived?.format).toBe('diff');
    expect(diff.result.derived?.text).toMatch(/^--- input\n\+\+\+ hardened\n/);
    const patch = run({ id: 3, manifest: POD, fields: DEFAULT_FIELDS, format: 'json-patch' });
    expect(JSON.parse(patch.result.derived?.text ?? '')).toEqual([expect.arrayContaining([expect.objectContaining({ op: 'add' })])]);
  });

  it('computes nothing to hand out for an input with errors or an invalid option', () => {
    const run = createRunner();
    expect(run({ id: 1, manifest: 'kind: [', fields: DEFAULT_FIELDS, format: 'kustomize' }).result.derived).toBeUndefined();
    const invalid = { ...DEFAULT_FIELDS, expirationSeconds: '599' };
    expect(run({ id: 2, manifest: POD, fields: invalid, format: 'diff' }).result.derived).toBeUndefined();
  });

  it("marks the core's inserted lines in the output blocks", () => {
    const reply = createRunner()({ id: 1, manifest: POD, fields: DEFAULT_FIELDS, format: undefined });
    const lines = reply.result.output.split('\n');
    const marked = reply.result.blocks.flatMap((block) =>
      block.added === '' ? [] : block.added.split(',').map((index) => block.start + Number(index)),
    );
    // Every input line is kept, in order; the marked lines are exactly the others.
    const kept = lines.filter((_, index) => !marked.includes(index));
    expect(kept.join('\n')).toBe(POD);
    expect(marked.map((index) => lines[index])).toContain('  automountServiceAccountToken: false');
  });

  it('offers each container name once, with the workloads that have it and whether it is an init container there', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: wait-for-db
          image: busybox
      containers:
        - name: app
          image: nginx
`;
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: foo-pod\nspec:\n  containers:\n    - name: wait-for-db\n      image: i\n';
    expect(containerChoices(harden(`${deployment}---\n${pod}`, DEFAULT_OPTIONS))).toEqual([
      {
        name: 'wait-for-db',
        places: [
          { object: 'Deployment/web', init: true },
          { object: 'Pod/foo-pod', init: false },
        ],
      },
      { name: 'app', places: [{ object: 'Deployment/web', init: false }] },
    ]);
  });

  it('sends each change with the snippet of its new value', () => {
    const reply = createRunner()({ id: 1, manifest: POD, fields: DEFAULT_FIELDS, format: undefined });
    expect(reply.result.changes[0]).toMatchObject({
      path: 'spec.automountServiceAccountToken',
      added: { lines: ['automountServiceAccountToken: false'], more: 0 },
      removed: undefined,
    });
    expect(reply.result.changes[1]?.added?.lines[1]).toBe('  name: serviceaccount-token');
  });

  it('says where findings point in the output, for the overview ruler', () => {
    // The second pod's warning (it runs as "default") sits at its input line 15, moved down by the first pod's 24 inserted lines.
    const pods = ['a', 'b']
      .map((name) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: app:1\n`)
      .join('---\n');
    const reply = createRunner()({ id: 1, manifest: pods, fields: DEFAULT_FIELDS, format: undefined });
    const lines = reply.result.output.split('\n');
    expect(reply.result.findingLines).toEqual([6, 39]);
    expect(lines[6 - 1]).toBe('  containers:');
    expect(lines[39 - 1]).toBe('  containers:');
    const broken = createRunner()({ id: 2, manifest: 'a: [', fields: DEFAULT_FIELDS, format: undefined });
    expect(broken.result.findingLines).toEqual([]);
  });
});

describe('a runner kept across keystrokes', () => {
  it('answers each edit of a bundle as a fresh runner does', () => {
    const run = createRunner();
    let text = generateBundle(6);
    const edits: ((text: string) => string)[] = [
      (current) => current.replace('name: shop-3', 'name: shop-3x'),
      (current) => current.replace('value: production', 'value: production-2'),
      (current) => current.replace('---\n', '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop-0\n---\n'),
      (current) => current.replace('      serviceAccountName: shop-5\n', ''),
      (current) => current.replace('name: shop-3x', 'name: shop-3'),
    ];
    for (const [index, edit] of edits.entries()) {
      text = edit(text);
      const kept = run({ id: index, manifest: text, fields: DEFAULT_FIELDS, format: 'diff' });
      const fresh = createRunner()({ id: index, manifest: text, fields: DEFAULT_FIELDS, format: 'diff' });
      expect({ ...kept, millis: 0 }).toEqual({ ...fresh, millis: 0 });
    }
  });
});

describe('a reply for a pod of many containers', () => {
  it('lists the first MAX_LISTED_CHANGES changes with their snippets and counts the rest', () => {
    const containers = Array.from({ length: MAX_LISTED_CHANGES + 50 }, (_, index) => `    - name: c${index}\n      image: i\n`).join('');
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${containers}`;
    const reply = createRunner()({ id: 1, manifest: pod, fields: DEFAULT_FIELDS, format: undefined });
    expect(reply.result.changeCount).toBe(harden(pod, DEFAULT_OPTIONS).changes.length);
    expect(reply.result.changeCount).toBeGreaterThan(MAX_LISTED_CHANGES);
    const listed = [...reply.result.changes, ...(JSON.parse(reply.result.moreChanges ?? '[]') as unknown[])];
    expect(listed).toHaveLength(MAX_LISTED_CHANGES);
  }, 60_000);
});

describe('per-workload choices and evidence in the runner', () => {
  const choice = (name: string) => ({ kind: 'Pod', name, apiAccess: 'none' as const });

  it('sets aside a choice that names no workload of the input, and applies the others', () => {
    const run = createRunner();
    const fields = { ...DEFAULT_FIELDS, workloads: [choice('p'), choice('gone')] };
    const reply = run({ id: 1, manifest: POD, fields, format: undefined });
    expect(reply.result.errors).toEqual([]);
    expect(reply.result.unmatchedChoices).toEqual([choice('gone')]);
    expect(reply.result.workloads.map((workload) => [workload.key.name, workload.apiAccess])).toEqual([['p', 'none']]);
    expect(reply.result.output).not.toContain('serviceAccountToken');
  });

  it('hardens again when the evidence it holds changes, and says which evidence it used', () => {
    let held = { evidence: {}, generation: 0 };
    const run = createRunner(() => held);
    const first = run({ id: 1, manifest: POD, fields: DEFAULT_FIELDS, format: undefined });
    expect(first.evidence).toBe(0);
    expect(first.result.workloads[0]?.evidence.some((item) => item.source === 'cluster')).toBe(false);
    const dump = {
      objects: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }],
      problems: [],
    };
    held = { evidence: { clusterDumps: [dump] }, generation: 1 };
    const second = run({ id: 2, manifest: POD, fields: DEFAULT_FIELDS, format: undefined });
    expect(second.evidence).toBe(1);
    expect(second.result.workloads[0]?.reason).not.toBe(first.result.workloads[0]?.reason);
  });
});
