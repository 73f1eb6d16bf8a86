import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validOptions } from '../test/options';
import { harden } from './harden/harden';
import type { HardenOptions } from './harden/options';
import { inputLineOf, insertedSpans, type LineMap, mapRuns, outputLinesOf, unchangedLineMap } from './line-map';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Lines as the map counts them: split at `\n`, a final line break ending the last line. */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Each output line's origin by the map: `[input line, carried]` (0-based), or undefined for a written line. */
function origins(map: LineMap): ([number, boolean] | undefined)[] {
  const all = new Array<[number, boolean] | undefined>(map.lineCount).fill(undefined);
  for (const run of mapRuns(map))
    for (let index = 0; index < run.count; index += 1) all[run.output + index] = [run.input + index, run.carried];
  return all;
}

/** What every map must hold: as many lines as the output, carried lines equal, input lines in order and each used once. */
function expectMapHolds(input: string, output: string, map: LineMap): ([number, boolean] | undefined)[] {
  const inputLines = linesOf(input);
  const outputLines = linesOf(output);
  expect(map.lineCount).toBe(outputLines.length);
  const found = origins(map);
  let previous = -1;
  found.forEach((origin, index) => {
    if (!origin) return;
    const [line, carried] = origin;
    expect(line).toBeGreaterThan(previous);
    previous = line;
    expect(line).toBeLessThan(inputLines.length);
    if (carried) expect(outputLines[index]).toBe(inputLines[line]);
  });
  return found;
}

function hardened(input: string, options: HardenOptions = validOptions()) {
  const result = harden(input, options);
  expect(result.errors).toEqual([]);
  return { result, found: expectMapHolds(input, result.output, result.lineMap) };
}

const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('the line map of a hardening', () => {
  it('carries CRLF lines with their carriage returns, and marks the line whose value changed as changed in place', () => {
    const input =
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  automountServiceAccountToken: true\r\n  containers:\r\n    - name: c\r\n';
    const { result, found } = hardened(input);
    const outputLines = linesOf(result.output);
    expect(outputLines[0]).toBe('apiVersion: v1\r');
    expect(found.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((line) => [line, true]));
    expect(found[5]).toEqual([5, false]);
    expect(outputLines[5]).toBe('  automountServiceAccountToken: false\r');
    expect(insertedSpans(result.lineMap)[0]).toEqual({ start: 6, end: 6 });
    expect(hardened(fixture('golden/crlf-cronjob/input.yaml')).found.some((origin) => origin?.[1])).toBe(true);
  });

  it('maps each document of a stream, and a List’s items, to their own input lines', () => {
    const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: c\n`;
    const input = `${pod('a')}---\n${pod('b')}`;
    const { result, found } = hardened(input);
    const separator = linesOf(result.output).indexOf('---');
    expect(found[separator]).toEqual([7, true]);
    expect(found[separator + 4]).toEqual([11, true]);
    // The List's items are changed in place and added to, never removed from: every input line has its output line.
    const list = hardened(fixture('formats/list.input.yaml'));
    expect(new Set(list.found.flatMap((origin) => (origin ? [origin[0]] : []))).size).toBe(
      linesOf(fixture('formats/list.input.yaml')).length,
    );
  });

  it('carries the lines of JSON and of comments', () => {
    const json = hardened(fixture('golden/json-pod/input.json'));
    expect(json.found.filter((origin) => origin === undefined).length).toBeGreaterThan(0);
    const input =
      '# a pod\napiVersion: v1\nkind: Pod # the kind\nmetadata:\n  name: p\nspec:\n  # the containers\n  containers:\n    - name: c\n';
    const { result, found } = hardened(input);
    const outputLines = linesOf(result.output);
    for (const comment of ['# a pod', 'kind: Pod # the kind', '  # the containers']) {
      expect(found[outputLines.indexOf(comment)]?.[1]).toBe(true);
    }
  });

  it('marks an emitted ServiceAccount as written, after the input’s last line', () => {
    const input = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: web\n  containers:\n    - name: a';
    const { result, found } = hardened(input, validOptions({ emitServiceAccount: true }));
    const outputLines = linesOf(result.output);
    const start = outputLines.lastIndexOf('---');
    expect(outputLines[start + 2]).toBe('kind: ServiceAccount');
    expect(found.slice(start)).toEqual(outputLines.slice(start).map(() => undefined));
    // The input's last line, which had no line break, is carried: a line break after it is not a change.
    expect(found.filter((origin) => origin?.[1]).at(-1)?.[0]).toBe(linesOf(input).length - 1);
  });

  it('is every line carried for an input given back unchanged', () => {
    expect(unchangedLineMap('a\nb\n')).toEqual({ lineCount: 2, runs: [0, 0, 2, 1] });
    expect(unchangedLineMap('a\nb')).toEqual({ lineCount: 2, runs: [0, 0, 2, 1] });
    expect(unchangedLineMap('')).toEqual({ lineCount: 0, runs: [] });
  });
});

describe('reading the map', () => {
  // Output 1-based: 1 a, 2 +, 3 +, 4 b, 5 c, 6 +, 7 d (input a b c d).
  const map: LineMap = { lineCount: 7, runs: [0, 0, 1, 1, 3, 1, 2, 1, 6, 3, 1, 1] };

  it('finds the inserted lines and pairs lines both ways', () => {
    expect(insertedSpans(map)).toEqual([
      { start: 2, end: 3 },
      { start: 6, end: 6 },
    ]);
    expect([1, 4, 5, 7].map((line) => inputLineOf(map, line))).toEqual([1, 2, 3, 4]);
    expect(inputLineOf(map, 2)).toBe(2);
    expect(outputLinesOf(map, [4, 1, 3, 2, 3])).toEqual([7, 1, 5, 4, 5]);
  });

  it('pairs the lines around a line changed in place with the next carried one', () => {
    // Input a old c d; output a new c + d: line 2 changed, a line written before d.
    const changed: LineMap = { lineCount: 5, runs: [0, 0, 1, 1, 1, 1, 1, 0, 2, 2, 1, 1, 4, 3, 1, 1] };
    expect(outputLinesOf(changed, [1, 2, 3, 4, 9])).toEqual([1, 3, 3, 5, 5]);
    expect([1, 2, 3, 4, 5].map((line) => inputLineOf(changed, line))).toEqual([1, 2, 3, 4, 4]);
  });
});

const ACCOUNT = fc.constantFrom(undefined, 'default', 'app');

/** Pods in the styles the tool meets: block YAML (indented lists or not), flow YAML (after a comment: else it reads as JSON), JSON; LF or CRLF. */
const manifest = fc
  .record({
    containers: fc.array(
      fc.record({
        name: fc.constantFrom('a', 'b', 'c'),
        mounts: fc.constantFrom(0, 1, 2),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    account: ACCOUNT,
    automount: fc.constantFrom(undefined, true, false),
    style: fc.constantFrom('block', 'kubectl', 'flow', 'json'),
    crlf: fc.boolean(),
    comment: fc.boolean(),
    documents: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ containers, account, automount, style, crlf, comment, documents }) => {
    const spec: Record<string, unknown> = {
      ...(account ? { serviceAccountName: account } : {}),
      ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
      containers: containers.map(({ name, mounts }, index) => ({
        name: `${name}${index}`,
        image: 'i',
        ...(mounts === 0
          ? {}
          : {
              volumeMounts: [
                { name: 'kube-api-access-1', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
                ...(mounts === 2 ? [{ name: 'data', mountPath: '/data' }] : []),
              ],
            }),
      })),
      volumes: [
        { name: 'kube-api-access-1', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
        { name: 'data', emptyDir: {} },
      ],
    };
    const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
    const names = Array.from({ length: documents }, (_, index) => `p${index}`);
    let text: string;
    if (style === 'json') text = `${JSON.stringify(pod('p0'), null, 2)}\n`;
    else {
      const options = style === 'flow' ? { flowCollectionPadding: false, collectionStyle: 'flow' as const } : {};
      text = names
        .map(
          (name) => (comment || style === 'flow' ? '# a pod\n' : '') + stringify(pod(name), { indentSeq: style !== 'kubectl', ...options }),
        )
        .join('---\n');
    }
    return crlf ? text.replaceAll('\n', '\r\n') : text;
  });

describe('the line map, for any pod in any style', () => {
  it('carries only lines equal in input and output, in order, and counts every output line', () => {
    fc.assert(
      fc.property(manifest, fc.constantFrom<HardenOptions['apiAccess']>('mount', 'none'), (input, apiAccess) => {
        const result = harden(input, validOptions({ apiAccess }));
        expect(result.errors).toEqual([]);
        expectMapHolds(input, result.output, result.lineMap);
      }),
    );
  });
});
