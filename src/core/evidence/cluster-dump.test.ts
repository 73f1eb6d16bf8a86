import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, harden } from '../index';
import { readClusterDumps, readDumpFile } from './cluster-dump';

const FIXTURES = join(import.meta.dirname, '../fixtures/cluster');
const yamlDump = { name: 'small-cluster.yaml', text: readFileSync(join(FIXTURES, 'small-cluster.yaml'), 'utf8') };
const jsonDump = { name: 'small-cluster.json', text: readFileSync(join(FIXTURES, 'small-cluster.json'), 'utf8') };

function kinds(objects: readonly Record<string, unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const object of objects) counts[String(object['kind'])] = (counts[String(object['kind'])] ?? 0) + 1;
  return counts;
}

describe('reading a cluster dump', () => {
  it('flattens the List kubectl prints into its objects', () => {
    const dump = readDumpFile(yamlDump);
    expect(dump.problems).toEqual([]);
    expect(kinds(dump.objects)).toEqual({
      ServiceAccount: 6,
      Role: 1,
      RoleBinding: 1,
      ClusterRole: 11,
      ClusterRoleBinding: 8,
      Pod: 7,
    });
  });

  it('reads -o json and -o yaml of the same cluster alike', () => {
    const fromJson = readDumpFile(jsonDump);
    expect(fromJson.problems).toEqual([]);
    expect(fromJson.objects).toEqual(readDumpFile(yamlDump).objects);
  });

  it('merges several files, a later copy of an object replacing an earlier one', () => {
    const pods = (names: string[], image: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'PodList',
        items: names.map((name) => ({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: 'team' },
          spec: { containers: [{ name: 'app', image }] },
        })),
      });
    const dump = readClusterDumps([
      { name: 'a.json', text: pods(['one', 'two'], 'old') },
      { name: 'b.json', text: pods(['two', 'three'], 'new') },
    ]);
    const images = dump.objects.map((object: any) => [object.metadata.name, object.spec.containers[0].image]);
    expect(images).toEqual([
      ['one', 'old'],
      ['two', 'new'],
      ['three', 'new'],
    ]);
  });

  it('reads several YAML documents, a byte-order mark first, and a List in a List', () => {
    const text =
      '\ufeffapiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a, namespace: x}\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - {apiVersion: v1, kind: ServiceAccount, metadata: {name: b, namespace: x}}\n';
    const dump = readDumpFile({ name: 'two.yaml', text });
    expect(dump.problems).toEqual([]);
    expect(dump.objects.map((object: any) => object.metadata.name)).toEqual(['a', 'b']);
  });

  it('refuses broken YAML with the file, line and column', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n   metadata: {}\n';
    const [problem] = readDumpFile({ name: 'broken.yaml', text }).problems;
    // Where the input's own reader places it.
    const [inputError] = harden(text, DEFAULT_OPTIONS).errors;
    expect(problem).toMatchObject({ file: 'broken.yaml', severity: 'error', code: 'yaml-syntax', position: inputError?.start });
    expect(problem?.position).toEqual({ line: 5, col: 9 });
  });

  it('refuses truncated JSON with a position, through the YAML reader', () => {
    const text = jsonDump.text.slice(0, 2000);
    const dump = readDumpFile({ name: 'cut.json', text });
    expect(dump.objects).toEqual([]);
    expect(dump.problems).toHaveLength(1);
    expect(dump.problems[0]).toMatchObject({ file: 'cut.json', severity: 'error', code: 'yaml-syntax' });
    expect(dump.problems[0]?.position.line).toBeGreaterThan(1);
  });

  it('says a Helm template is one, an empty file is empty, and skips documents that are not objects with a warning', () => {
    expect(
      readDumpFile({ name: 'chart.yaml', text: 'metadata:\n  name: {{ .Release.Name }}\n  {{- if .Values.x }}\n' }).problems[0]?.code,
    ).toBe('helm-template');
    expect(readDumpFile({ name: 'empty.yaml', text: '\n' }).problems[0]?.code).toBe('empty-input');
    expect(readDumpFile({ name: 'markers.yaml', text: '---\n---\n' }).problems[0]?.code).toBe('empty-input');
    const dump = readDumpFile({
      name: 'mixed.yaml',
      text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n---\n# notes\njust: text\n',
    });
    expect(dump.objects).toHaveLength(1);
    expect(dump.problems).toEqual([
      expect.objectContaining({ file: 'mixed.yaml', severity: 'warning', code: 'not-kubernetes', position: { line: 6, col: 1 } }),
    ]);
  });

  it('is not held to the input size limit', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n', labels: { filler: 'x'.repeat(1000) } }, spec: {} };
    const items = Array.from({ length: 12_000 }, (_, index) => ({ ...pod, metadata: { ...pod.metadata, name: `p-${index}` } }));
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
    expect(text.length).toBeGreaterThan(11 * 1024 * 1024);
    const dump = readDumpFile({ name: 'big.json', text });
    expect(dump.problems).toEqual([]);
    expect(dump.objects).toHaveLength(12_000);
  });
});
