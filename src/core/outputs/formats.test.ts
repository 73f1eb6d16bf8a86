import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch, type Operation } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { harden } from '../harden/harden';
import { DEFAULT_OPTIONS } from '../harden/options';
import {
  formatOutput,
  formatOutputChunks,
  isOutputFormat,
  OUTPUT_FORMATS,
  OUTPUT_TABS,
  outputFileName,
  type OutputFile,
  outputFormatRow,
} from './formats';

const golden = join(__dirname, '../fixtures/golden');
const SEED = readFileSync(join(golden, 'seed-pod/input.yaml'), 'utf8');
const SEED_HARDENED = readFileSync(join(golden, 'seed-pod/expected.yaml'), 'utf8');
const JSON_POD = readFileSync(join(golden, 'json-pod/input.json'), 'utf8');

function file(label: string, text: string): OutputFile {
  return { label, text, result: harden(text, DEFAULT_OPTIONS) };
}

describe('the output formats', () => {
  it('are the formats of SPEC §3, manifest first (the default)', () => {
    expect(OUTPUT_FORMATS.map((row) => row.name)).toEqual([
      'manifest',
      'diff',
      'changes',
      'json-patch',
      'kustomize',
      'sarif',
      'github',
      'workloads',
      'role',
    ]);
  });

  it('give the page the tabs and button names of SPEC §5.1', () => {
    const tabs = OUTPUT_FORMATS.flatMap((row) => (row.tab ? [[row.tab.id, row.tab.label, `Copy ${row.noun(false)}`]] : []));
    expect(tabs).toEqual([
      ['hardened', 'Hardened', 'Copy YAML'],
      ['diff', 'Diff', 'Copy diff'],
      ['json-patch', 'JSON Patch', 'Copy JSON Patch'],
      ['kustomize', 'Kustomize', 'Copy kustomize patches'],
    ]);
    expect(outputFormatRow('manifest')?.noun(true)).toBe('JSON');
    for (const row of OUTPUT_FORMATS) if (row.tab) expect(OUTPUT_TABS).toContain(row.tab.id);
  });

  it('name downloads by the first object and the input language', () => {
    const yaml = harden(SEED, DEFAULT_OPTIONS);
    const json = harden(JSON_POD, DEFAULT_OPTIONS);
    expect(outputFileName('manifest', yaml)).toBe('foo-pod-hardened.yaml');
    expect(outputFileName('manifest', json)).toMatch(/-hardened\.json$/);
    expect(outputFileName('diff', yaml)).toBe('foo-pod-hardened.diff');
    expect(outputFileName('json-patch', yaml)).toBe('foo-pod-hardened.json');
    expect(outputFileName('kustomize', json)).toMatch(/-hardened\.yaml$/);
  });

  it('recognise only their own names', () => {
    expect(isOutputFormat('kustomize')).toBe(true);
    expect(isOutputFormat('xml')).toBe(false);
    expect(isOutputFormat('toString')).toBe(false);
  });
});

describe('formatOutput', () => {
  it('manifest: the hardened text; several files as one stream of documents', () => {
    expect(formatOutput('manifest', [file('pod.yaml', SEED)])).toEqual({ text: SEED_HARDENED, notes: [] });
    expect(formatOutput('manifest', [file('a', SEED), file('b', SEED)]).text).toBe(`${SEED_HARDENED}---\n${SEED_HARDENED}`);
  });

  it('gives every format in chunks that make its text; the manifest of several files too, a missing final line break added', () => {
    const unterminated = file('c', SEED.trimEnd());
    const files = [file('a', SEED), unterminated, file('b', JSON_POD)];
    for (const row of OUTPUT_FORMATS) {
      for (const some of [files.slice(0, 1), files]) {
        const { chunks, notes } = formatOutputChunks(row.name, some);
        expect([...chunks].join('')).toBe(formatOutput(row.name, some).text);
        expect(notes).toEqual(formatOutput(row.name, some).notes);
      }
    }
    expect([...formatOutputChunks('manifest', files).chunks].join('')).toBe(
      `${SEED_HARDENED}---\n${unterminated.result.output}\n---\n${files[2]?.result.output ?? ''}`,
    );
  });

  it('diff: names the file, or the labels given', () => {
    expect(formatOutput('diff', [file('pod.yaml', SEED)]).text).toMatch(/^--- pod\.yaml\n\+\+\+ pod\.yaml \(hardened\)\n@@ /);
    const unnamed = { ...file('<stdin>', SEED), diffLabels: { before: 'input', after: 'hardened' } };
    expect(formatOutput('diff', [unnamed]).text).toMatch(/^--- input\n\+\+\+ hardened\n/);
  });

  it('changes: text names the file; --json gives one entry per file', () => {
    expect(formatOutput('changes', [file('pod.yaml', SEED)]).text).toContain('pod.yaml:');
    const json = JSON.parse(formatOutput('changes', [file('pod.yaml', SEED)], { json: true }).text) as { file: string }[];
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ file: 'pod.yaml', errors: [] });
  });

  it('json-patch: one operation list per document that turns the input into the output', () => {
    const patches = JSON.parse(formatOutput('json-patch', [file('pod.yaml', SEED)]).text) as Operation[][];
    expect(patches).toHaveLength(1);
    const patched = applyPatch(parse(SEED) as object, patches[0] ?? [], true, false).newDocument;
    expect(patched).toEqual(parse(SEED_HARDENED));
  });

  it('kustomize: patches as text, and what a patch cannot do as notes beside it', () => {
    const unnamed = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: a\n';
    const { text, notes } = formatOutput('kustomize', [file('pod.yaml', SEED), file('bare.yaml', unnamed)]);
    expect(text).toContain('name: foo-pod');
    expect(notes).toEqual([{ file: 'bare.yaml', message: expect.stringContaining('cannot be patched by kustomize') as unknown }]);
  });
});
