import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validOptions } from '../test/options';
import type { Change, HardenResult, TextSpan } from './index';
import { harden } from './harden/harden';
import { HardenCache } from './harden/harden-cache';
import type { HardenOptions } from './harden/options';

/** The 1-based line an offset is on. */
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/**
 * The value a span's text reads as: from its line's start when only spaces stand before it there
 * (block text keeps its indentation), else the span alone (flow text).
 */
function readSpan(text: string, span: TextSpan, isPair: boolean): unknown {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  if (text.slice(lineStart, span.start).trim() === '') return parse(text.slice(lineStart, span.end), { version: '1.1' });
  // Flow text inside a line (`"key":false` of minified JSON) reads in brackets.
  const read: unknown = parse(isPair ? `{${text.slice(span.start, span.end)}}` : `[${text.slice(span.start, span.end)}]`, {
    version: '1.1',
  });
  return isPair ? read : [read].flat();
}

function isBlockLine(text: string, span: TextSpan): boolean {
  return text.slice(text.lastIndexOf('\n', span.start - 1) + 1, span.start).trim() === '';
}

/** What a change's span must read as: `key: value` for a pair, `- value` or the value alone for an item. */
function expectHolds(text: string, span: TextSpan, change: Change, value: unknown): void {
  expect(span.startLine).toBe(lineAt(text, span.start));
  expect(span.endLine).toBe(lineAt(text, Math.max(span.start, span.end - 1)));
  const last = change.steps.at(-1);
  const read = readSpan(text, span, typeof last === 'string');
  if (typeof last === 'string') expect(read).toEqual({ [last]: value });
  else
    expect(Array.isArray(read) && (text.slice(span.start, span.end).startsWith('-') || !isBlockLine(text, span)) ? read[0] : read).toEqual(
      value,
    );
}

/** Every change's output span holds what it wrote (empty where it only removed), its input span what it replaced or removed. */
function expectSpansHold(input: string, result: HardenResult): void {
  expect(result.errors).toEqual([]);
  for (const change of result.changes) {
    const { output, input: replaced } = change;
    expect(output, change.path).toBeDefined();
    if (!output) continue;
    if (change.after === undefined) expect(output.end).toBe(output.start);
    else expectHolds(result.output, output, change, change.after);
    if (change.before === undefined) expect(replaced).toBeUndefined();
    else if (replaced) expectHolds(input, replaced, change, change.before);
    else throw new Error(`${change.path}: no input span for what it replaced`);
  }
}

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: {
    serviceAccountName: 'default',
    automountServiceAccountToken: true,
    containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
};

/** A pod whose token volume at the token path projects an extra file, carried into the new volume. */
const WITH_TOKEN_VOLUME = {
  ...POD,
  spec: {
    ...POD.spec,
    containers: [
      { name: 'c', image: 'i', volumeMounts: [{ name: 'kube-api-access-x', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] },
    ],
    volumes: [
      {
        name: 'kube-api-access-x',
        projected: {
          sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'extra', items: [{ key: 'a', path: 'a' }] } }],
        },
      },
    ],
  },
};

/** The same object written as block YAML, KYAML-like flow, indented JSON and minified JSON. */
const STYLES: readonly [string, (value: unknown) => string][] = [
  ['block YAML', (value) => stringify(value, { aliasDuplicateObjects: false })],
  // A text that starts with `{` is JSON to kubectl: `---` first makes it YAML.
  ['flow YAML', (value) => `---\n${stringify(value, { collectionStyle: 'flow', aliasDuplicateObjects: false })}`],
  ['indented JSON', (value) => `${JSON.stringify(value, null, 2)}\n`],
  ['minified JSON', (value) => `${JSON.stringify(value)}\n`],
];

function hardened(input: string, options: Partial<HardenOptions> = {}): HardenResult {
  return harden(input, { ...validOptions({}), ...options });
}

describe('where each change is', () => {
  for (const [style, write] of STYLES) {
    it(`replaces a value, appends to lists and removes items, in ${style}`, () => {
      for (const object of [POD, WITH_TOKEN_VOLUME]) {
        const input = write(object);
        const result = hardened(input, { serviceAccountName: 'app' });
        expectSpansHold(input, result);
        expect(result.changes.map((change) => change.path)).toContain('spec.serviceAccountName');
      }
    });
  }

  it('gives a replaced value the lines of its key and value, in the output and the input', () => {
    const input = stringify(POD);
    const change = hardened(input).changes.find((item) => item.path === 'spec.automountServiceAccountToken');
    const line = input.split('\n').indexOf('  automountServiceAccountToken: true') + 1;
    expect(change?.input).toMatchObject({ startLine: line, endLine: line });
    expect(change?.output).toMatchObject({ startLine: line, endLine: line });
  });

  it('gives a value written on the line below its key the lines of both, in a text where lines before them change', () => {
    // The span reaches back from the value to its key across a line break, after inserted lines have moved the output down.
    const input = stringify(POD).replace('  automountServiceAccountToken: true', '  automountServiceAccountToken:\n    true');
    const result = hardened(input, { serviceAccountName: 'app' });
    expectSpansHold(input, result);
    const change = result.changes.find((item) => item.path === 'spec.automountServiceAccountToken');
    const keyLine = (text: string): number => text.split('\n').findIndex((line) => line.startsWith('  automountServiceAccountToken:')) + 1;
    expect(change?.input).toMatchObject({ startLine: keyLine(input), endLine: keyLine(input) + 1 });
    expect(change?.output).toMatchObject({ startLine: keyLine(result.output), endLine: keyLine(result.output) + 1 });
  });

  it('gives an inserted key the lines it wrote, and no input', () => {
    const input = stringify({ ...POD, spec: { ...POD.spec, automountServiceAccountToken: undefined } });
    const result = hardened(input);
    const change = result.changes.find((item) => item.path === 'spec.automountServiceAccountToken');
    expect(change?.input).toBeUndefined();
    const output = change?.output;
    expect(output && result.output.slice(output.start, output.end)).toBe('automountServiceAccountToken: false');
  });

  it('gives a carried source its own lines inside the new volume', () => {
    const input = stringify(WITH_TOKEN_VOLUME);
    const result = hardened(input);
    const volume = result.changes.find((item) => item.path === 'spec.volumes[0]' && item.after !== undefined);
    const source = result.changes.find((item) => item.path.startsWith('spec.volumes[0].projected.sources['));
    expect(source?.after).toEqual({ configMap: { name: 'extra', items: [{ key: 'a', path: 'a' }] } });
    expect(source?.output?.startLine).toBeGreaterThan(volume?.output?.startLine ?? Infinity);
    expect(source?.output?.endLine).toBe(volume?.output?.endLine);
    expectSpansHold(input, result);
  });

  it('gives a removal an empty place in the output and the removed item in the input', () => {
    const input = stringify(WITH_TOKEN_VOLUME);
    const result = hardened(input, { apiAccess: 'none' });
    const removed = result.changes.filter((item) => item.after === undefined);
    expect(removed.map((item) => item.path)).toEqual(['spec.containers[0].volumeMounts[0]', 'spec.volumes[0]']);
    for (const change of removed) expect(change.output?.end).toBe(change.output?.start);
    expectSpansHold(input, result);
  });

  it('marks each item of a list written whole (one inherited through a merge key)', () => {
    const input = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '    - &base',
      '      name: a',
      '      volumeMounts:',
      '        - {name: data, mountPath: /data}',
      '    - <<: *base',
      '      name: b',
      '  volumes:',
      '    - {name: data, emptyDir: {}}',
      '',
    ].join('\n');
    const result = hardened(input);
    const mounts = result.changes.filter((item) => item.path.startsWith('spec.containers[1].volumeMounts'));
    expect(mounts).toHaveLength(1);
    expectSpansHold(input, result);
  });

  it('moves the spans of a document hardened in an earlier run with the document', () => {
    const second = stringify({ ...POD, metadata: { name: 'q' } });
    const cache = new HardenCache();
    const options = validOptions({});
    harden(`${stringify(POD)}---\n${second}`, options, {}, { cache });
    const longer = `${stringify({ ...POD, metadata: { name: 'p', labels: { a: 'b' } } })}---\n${second}`;
    const cached = harden(longer, options, {}, { cache });
    expect(cached.changes).toEqual(harden(longer, options).changes);
    expectSpansHold(longer, cached);
  });
});

const mount = fc.record({
  name: fc.constantFrom('data', 'kube-api-access-x', 'cache'),
  mountPath: fc.constantFrom('/data', '/var/run/secrets/kubernetes.io/serviceaccount', '/cache'),
});
const volume = fc.oneof(
  fc.record({ name: fc.constantFrom('data', 'cache'), emptyDir: fc.constant({}) }),
  fc.record({
    name: fc.constant('kube-api-access-x'),
    projected: fc.record({
      sources: fc.subarray([{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'extra' } }, { secret: { name: 's' } }]),
    }),
  }),
);
const pod = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constant('Pod'),
  metadata: fc.record({ name: fc.constantFrom('a', 'b') }),
  spec: fc.record(
    {
      serviceAccountName: fc.constantFrom('default', 'app'),
      serviceAccount: fc.constantFrom('default', 'old'),
      automountServiceAccountToken: fc.boolean(),
      containers: fc.array(
        fc.record(
          { name: fc.constantFrom('c', 'd'), volumeMounts: fc.uniqueArray(mount, { selector: (item) => item.mountPath, maxLength: 3 }) },
          { requiredKeys: ['name'] },
        ),
        { minLength: 1, maxLength: 2 },
      ),
      volumes: fc.uniqueArray(volume, { selector: (item) => item.name, maxLength: 3 }),
    },
    { requiredKeys: ['containers'] },
  ),
});

describe('every change’s spans, for generated pods in every style', () => {
  it('hold what the change wrote, and what it replaced or removed', () => {
    fc.assert(
      fc.property(
        fc.array(pod, { minLength: 1, maxLength: 3 }),
        fc.nat(STYLES.length - 1),
        fc.constantFrom<HardenOptions['apiAccess']>('mount', 'none'),
        (pods, style, apiAccess) => {
          const write = (STYLES[style] as (typeof STYLES)[number])[1];
          const input =
            style < 2
              ? pods.map(write).join('---\n')
              : write(pods.length === 1 ? pods[0] : { apiVersion: 'v1', kind: 'List', items: pods });
          const result = hardened(input, { apiAccess, serviceAccountName: 'app' });
          if (result.errors.length > 0) return;
          expectSpansHold(input, result);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('are left out, and only they, when the caller does not ask where changes are (the command)', () => {
    fc.assert(
      fc.property(fc.array(pod, { minLength: 1, maxLength: 3 }), fc.nat(STYLES.length - 1), (pods, style) => {
        const write = (STYLES[style] as (typeof STYLES)[number])[1];
        const input = style < 2 ? pods.map(write).join('---\n') : write({ apiVersion: 'v1', kind: 'List', items: pods });
        const options = { ...validOptions({}), serviceAccountName: 'app' };
        const located = harden(input, options);
        const unlocated = harden(input, options, {}, { locate: false });
        expect(located.errors).toEqual([]);
        expect(unlocated.output).toBe(located.output);
        expect(unlocated.changes).toEqual(located.changes.map(({ output: _output, input: _input, ...change }) => change));
        expect(unlocated.findings).toEqual(located.findings);
        expect(unlocated.workloads).toEqual(located.workloads);
        expect(unlocated.lineMap).toEqual({ lineCount: 0, runs: [] });
        expect(unlocated.insertedLines).toEqual([]);
        expect(located.changes.every((change) => change.output !== undefined)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
