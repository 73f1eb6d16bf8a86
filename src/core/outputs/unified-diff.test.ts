import { applyPatch, parsePatch, structuredPatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusFiles, describeCorpus } from '../../test/corpus';
import { DEFAULT_OPTIONS, harden } from '../index';
import { unifiedDiff } from './unified-diff';

/** Applies our diff with the independent `diff` package; false when it does not apply. */
function applyOurDiff(before: string, after: string): string | false {
  return applyPatch(before, unifiedDiff(before, after), { autoConvertLineEndings: false });
}

function changedLineCount(diff: string): number {
  return diff.split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line)).length;
}

describe('unifiedDiff', () => {
  it('returns an empty string for equal texts', () => {
    expect(unifiedDiff('', '')).toBe('');
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('prints a git-style header and hunk', () => {
    expect(unifiedDiff('a\nb\nc\nd\ne\n', 'a\nb\nC\nd\ne\n')).toBe('--- input\n+++ hardened\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+C\n d\n e\n');
  });

  it('uses the labels it is given', () => {
    expect(unifiedDiff('a\n', 'b\n', { before: 'a/pod.yaml', after: 'b/pod.yaml' })).toMatch(/^--- a\/pod\.yaml\n\+\+\+ b\/pod\.yaml\n/);
  });

  it('omits the count of one-line ranges and writes empty ranges as the line before', () => {
    expect(unifiedDiff('', 'x\n')).toBe('--- input\n+++ hardened\n@@ -0,0 +1 @@\n+x\n');
    expect(unifiedDiff('x\n', '')).toBe('--- input\n+++ hardened\n@@ -1 +0,0 @@\n-x\n');
    expect(unifiedDiff('a\nb\n', 'a\nx\nb\n')).toBe('--- input\n+++ hardened\n@@ -1,2 +1,3 @@\n a\n+x\n b\n');
  });

  it('marks a last line without a newline, on either side', () => {
    expect(unifiedDiff('a', 'a\nb')).toBe(
      '--- input\n+++ hardened\n@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('a\nb\nc', 'A\nb\nc')).toBe(
      '--- input\n+++ hardened\n@@ -1,3 +1,3 @@\n-a\n+A\n b\n c\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('a\n', 'a')).toBe('--- input\n+++ hardened\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n');
  });

  it('keeps carriage returns as part of the lines', () => {
    const diff = unifiedDiff('a\r\nb\r\n', 'a\r\nx\r\nb\r\n');
    expect(diff).toBe('--- input\n+++ hardened\n@@ -1,2 +1,3 @@\n a\r\n+x\r\n b\r\n');
    expect(unifiedDiff('a\r\n', 'a\n')).toBe('--- input\n+++ hardened\n@@ -1 +1 @@\n-a\r\n+a\n');
  });

  it('joins changes whose context touches and splits those further apart', () => {
    const lines = Array.from({ length: 30 }, (_, index) => `line ${index + 1}`);
    const before = lines.join('\n') + '\n';
    const sixApart = lines.map((line, index) => (index === 4 || index === 11 ? line.toUpperCase() : line)).join('\n') + '\n';
    const sevenApart = lines.map((line, index) => (index === 4 || index === 12 ? line.toUpperCase() : line)).join('\n') + '\n';
    expect(unifiedDiff(before, sixApart).match(/^@@/gm)).toHaveLength(1);
    expect(unifiedDiff(before, sevenApart).match(/^@@/gm)).toHaveLength(2);
    expect(unifiedDiff(before, sevenApart)).toContain('@@ -2,7 +2,7 @@\n');
    expect(unifiedDiff(before, sevenApart)).toContain('@@ -10,7 +10,7 @@\n');
  });

  it('shows pure insertions as added lines only', () => {
    const before = 'spec:\n  containers:\n    - name: app\n      image: nginx\n';
    const after = 'spec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: nginx\n';
    const diff = unifiedDiff(before, after);
    expect(diff.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---'))).toEqual([]);
    expect(applyOurDiff(before, after)).toBe(after);
  });

  it('agrees with the diff package: the patch applies and is as short as a minimal one', () => {
    const line = fc.constantFrom('a', 'b', 'c', '  - name: x', '', 'd\r');
    const text = fc
      .tuple(fc.array(line, { maxLength: 30 }), fc.boolean())
      .map(([lines, hasFinalNewline]) => (lines.length === 0 ? '' : lines.join('\n') + (hasFinalNewline ? '\n' : '')));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = unifiedDiff(before, after);
        expect(applyOurDiff(before, after)).toBe(after);
        if (before === after) return;
        expect(parsePatch(diff)).toHaveLength(1);
        const reference = structuredPatch('input', 'hardened', before, after, undefined, undefined, { context: 3 });
        const referenceCount = reference.hunks.flatMap((hunk) => hunk.lines).filter((l) => l.startsWith('+') || l.startsWith('-')).length;
        expect(changedLineCount(diff)).toBe(referenceCount);
      }),
      { numRuns: 500 },
    );
  });

  it('is exact on a 74,000-line input with small changes spread out', () => {
    const block = (index: number): string[] => [
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: app-${index}`,
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - name: app-${index}`,
      '          image: nginx',
      '          volumeMounts:',
      '            - name: data',
      '              mountPath: /data',
      '              readOnly: true',
      '      volumes:',
      '        - name: data',
      '          emptyDir: {}',
      ...Array.from({ length: 19 }, (_, line) => `      # note ${line}`),
    ];
    const added = [
      '            - name: serviceaccount-token',
      '              mountPath: /var/run/secrets/kubernetes.io/serviceaccount',
      '              readOnly: true',
    ];
    const blocks = Array.from({ length: 2000 }, (_, index) => block(index));
    const before = blocks.flat().join('\n') + '\n';
    const after =
      blocks
        .map((lines) => [...lines.slice(0, 15), ...added, ...lines.slice(15)])
        .flat()
        .join('\n') + '\n';
    expect(before.split('\n').length).toBeGreaterThan(74_000);
    const diff = unifiedDiff(before, after);
    expect(changedLineCount(diff)).toBe(2000 * added.length);
    expect(applyPatch(before, diff)).toBe(after);
  });

  it('stays correct on large unrelated texts, where the search budget runs out', () => {
    const random = fc.sample(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 20_000, maxLength: 20_000 }), {
      numRuns: 2,
      seed: 7,
    });
    const before = (random[0] ?? []).join('\n') + '\n';
    const after = (random[1] ?? []).join('\n') + '\n';
    const diff = unifiedDiff(before, after);
    expect(applyPatch(before, diff)).toBe(after);
  });
});

describeCorpus('unifiedDiff on the corpus', () => {
  it.each(corpusFiles().map((file) => [file.name, file.text] as const))('%s: the diff to the hardened text applies', (_name, source) => {
    const { output } = harden(source, DEFAULT_OPTIONS);
    expect(applyOurDiff(source, output)).toBe(output);
    const reference = structuredPatch('input', 'hardened', source, output, undefined, undefined, { context: 3 });
    const referenceCount = reference.hunks
      .flatMap((hunk) => hunk.lines)
      .filter((line) => line.startsWith('+') || line.startsWith('-')).length;
    expect(changedLineCount(unifiedDiff(source, output))).toBe(referenceCount);
    const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
    expect(applyOurDiff(crlf(source), crlf(output))).toBe(crlf(output));
  });
});
