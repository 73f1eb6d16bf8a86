import { expect, it } from 'vitest';
import { corpusFiles, describeCorpus, isHelmTemplate } from '../../test/corpus';
import { countRemovedLines } from '../../test/removed-lines';
import { hardeningViolations, type Violation, type ViolationCode } from '../../test/hardening-oracle';
import { hasKubectl, readWithKubectl } from '../../test/kubectl';
import { validateKubernetesObject } from '../../test/validate-object';
import { DEFAULT_OPTIONS, harden } from '../index';
import { parseManifestFully as parseManifest, toPlainValue } from '../read/parse';

const files = corpusFiles();

/** Known refusals: Helm templates, and the etcd controller's duplicate key. */
function isRefused(name: string): boolean {
  return isHelmTemplate(name) || name === 'k8s-examples__etcd-controller.yaml';
}

// Never widen and carry-over of extra files are reported apart, by a test of their own below.
const NEVER_WIDEN_CODES: readonly ViolationCode[] = ['widened', 'no-token', 'lost-source'];

function objectsOf(value: unknown): Record<string, unknown>[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const object = value as Record<string, unknown>;
  const items = Array.isArray(object['items']) ? (object['items'] as unknown[]).flatMap(objectsOf) : [];
  return [object, ...items];
}

describeCorpus('every corpus file', () => {
  let removedLines = 0;
  let checked = 0;
  const widened: { name: string; violations: Violation[] }[] = [];

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
    // Faithful: the output is the input with exactly the hardening, by an oracle of its own.
    const violations = hardeningViolations(input.map(toPlainValue), output.map(toPlainValue), DEFAULT_OPTIONS);
    expect(violations.filter((violation) => !NEVER_WIDEN_CODES.includes(violation.code))).toEqual([]);
    if (violations.length > 0) widened.push({ name, violations });
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
    expect(checked).toBe(files.filter((file) => !isRefused(file.name)).length);
  });

  it('never widens a workload and drops no projected file (SPEC §2.2)', () => {
    expect(widened).toEqual([]);
  });
});

if (!hasKubectl) it.skip('every corpus file read back by kubectl (needs kubectl on PATH)', () => {});

describeCorpus('every corpus file read back by kubectl', () => {
  it.runIf(hasKubectl)('kubectl reads the output as the input with exactly the hardening', () => {
    const readable = files.filter((file) => !isRefused(file.name));
    const outputs = readable.map((file) => harden(file.text, DEFAULT_OPTIONS).output);
    const before = readWithKubectl(readable.map((file) => file.text));
    const after = readWithKubectl(outputs);
    let compared = 0;
    const unreadable: string[] = [];
    const problems: { name: string; violations: Violation[] }[] = [];
    readable.forEach((file, index) => {
      const input = before[index];
      const output = after[index];
      if (!input || 'error' in input) {
        unreadable.push(file.name);
        return;
      }
      // What kubectl could read before, it can read after.
      expect(output, file.name).toEqual({ objects: expect.any(Array) });
      if (!output || 'error' in output) return;
      compared += 1;
      const violations = hardeningViolations(input.objects, output.objects, DEFAULT_OPTIONS);
      const settled = violations.filter((violation) => !NEVER_WIDEN_CODES.includes(violation.code));
      if (settled.length > 0) problems.push({ name: file.name, violations: settled });
    });
    console.log(
      `kubectl: ${compared} corpus files read back and compared; kubectl cannot read the input of ${unreadable.join(', ') || 'none'}`,
    );
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(readable.length / 2);
  });
});
