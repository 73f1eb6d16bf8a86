import { expect, it } from 'vitest';
import { corpusFiles, describeCorpus, isHelmTemplate } from '../test/corpus';
import { countRemovedLines } from '../test/removed-lines';
import { stripHardening } from '../test/strip-hardening';
import { validateKubernetesObject } from '../test/validate-object';
import { DEFAULT_OPTIONS, harden } from './index';
import { parseManifestFully as parseManifest, toPlainValue } from './parse';

const files = corpusFiles();

function objectsOf(value: unknown): Record<string, unknown>[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const object = value as Record<string, unknown>;
  const items = Array.isArray(object['items']) ? (object['items'] as unknown[]).flatMap(objectsOf) : [];
  return [object, ...items];
}

describeCorpus('every corpus file', () => {
  let removedLines = 0;
  let checked = 0;

  it.each(files.map((file) => [file.name, file.text] as const))('%s', async (name, text) => {
    const result = harden(text, DEFAULT_OPTIONS);
    if (isHelmTemplate(name)) {
      expect(result.errors.map((error) => error.code)).toEqual(['helm-template']);
      expect(result.errors[0]?.hint).toContain('helm template');
      return;
    }
    if (name === 'k8s-examples__etcd-controller.yaml') {
      expect(result.errors[0]?.code).toBe('duplicate-key');
      expect(result.errors[0]?.start.line).toBe(12);
      return;
    }
    expect(result.errors).toEqual([]);
    const input = parseManifest(text).documents;
    const output = parseManifest(result.output).documents;
    expect(output.flatMap((document) => document.errors)).toEqual([]);
    // Idempotent, byte for byte.
    expect(harden(result.output, DEFAULT_OPTIONS).output).toBe(result.output);
    // Faithful: the output minus the hardening is the input minus the hardening.
    expect(output.map((document) => stripHardening(toPlainValue(document), DEFAULT_OPTIONS))).toEqual(
      input.map((document) => stripHardening(toPlainValue(document), DEFAULT_OPTIONS)),
    );
    // Valid: an object the schema accepted before is accepted after.
    for (const [index, document] of output.entries()) {
      const before = objectsOf(toPlainValue(input[index] as (typeof input)[number]));
      const after = objectsOf(toPlainValue(document));
      for (const [objectIndex, object] of after.entries()) {
        const original = before[objectIndex];
        if (original && (await validateKubernetesObject(original)) === undefined)
          expect(await validateKubernetesObject(object)).toBeUndefined();
      }
    }
    // Insertions only, where only additions were needed.
    const removed = countRemovedLines(text, result.output);
    removedLines += removed;
    checked += 1;
    if (result.changes.every((change) => change.before === undefined)) expect(removed).toBe(0);
  });

  it('checked every file that is not a Helm template or a known refusal, and reports the lines removed or rewritten', () => {
    console.log(`corpus: ${files.length} files, ${checked} checked in full, ${removedLines} input lines removed or rewritten in all`);
    expect(files.length).toBeGreaterThan(0);
    const refused = (name: string): boolean => isHelmTemplate(name) || name === 'k8s-examples__etcd-controller.yaml';
    expect(checked).toBe(files.filter((file) => !refused(file.name)).length);
  });
});
