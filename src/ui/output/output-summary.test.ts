import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, harden, type Finding } from '../../core';
import { outputBlocks } from '../../state/output-blocks';
import { countLines } from '../shared/content-lines';
import { summarize, summaryParts } from './output-summary';

function finding(severity: Finding['severity']): Finding {
  return { code: 'default-service-account', severity, document: 0, object: 'Pod/p', message: 'm', position: undefined };
}

/** The summary of hardening `input`, as the page computes it. */
function summaryOf(input: string): string[] {
  const result = harden(input, DEFAULT_OPTIONS);
  const inserted = result.insertedLines.flatMap((range) =>
    Array.from({ length: range.end - range.start + 1 }, (_, at) => range.start - 1 + at),
  );
  return summaryParts(summarize(outputBlocks(result.output, inserted), countLines(input), result.changes.length, []));
}

describe('summarize', () => {
  it('counts the inserted lines across blocks, the changes and the findings to review', () => {
    const output = Array.from({ length: 450 }, (_, index) => `line ${index}`).join('\n');
    const blocks = outputBlocks(output, [3, 4, 199, 200, 201, 449]);
    expect(blocks.length).toBe(3);
    const summary = summarize(blocks, 444, 5, [finding('warning'), finding('info'), finding('info')]);
    expect(summary).toEqual({ addedLines: 6, removedLines: 0, changes: 5, toReview: 1 });
    expect(summaryParts(summary)).toEqual(['+6 lines', '5 changes', '1 to review']);
  });

  it('says one in the singular and leaves out nothing to review', () => {
    const blocks = outputBlocks('a\nb\n', [1]);
    expect(summaryParts(summarize(blocks, 1, 1, [finding('info')]))).toEqual(['+1 line', '1 change']);
  });

  it('counts no line for an output with none inserted', () => {
    expect(summaryParts(summarize(outputBlocks('a\nb\n', []), 2, 0, []))).toEqual(['+0 lines', '0 changes']);
  });

  it('says "+N lines" for a hardening that only inserts', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: p\n  containers:\n    - name: app\n      image: app:1\n';
    const grown = countLines(harden(pod, DEFAULT_OPTIONS).output) - countLines(pod);
    expect(grown).toBeGreaterThan(20);
    expect(summaryOf(pod)[0]).toBe(`+${grown} lines`);
  });

  it('says what was added and what removed when a line is replaced, never a net "+N" that hides the removal', () => {
    const account = 'apiVersion: v1\nkind: ServiceAccount\nautomountServiceAccountToken: true\nmetadata:\n  name: a\n';
    expect(summaryOf(account)[0]).toBe('1 added, 1 removed');
    const copied =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: p\n  containers:\n    - name: app\n      image: app:1\n      volumeMounts:\n        - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n          name: kube-api-access-abcde\n          readOnly: true\n  volumes:\n    - name: kube-api-access-abcde\n      projected:\n        sources:\n          - serviceAccountToken:\n              path: token\n';
    expect(summaryOf(copied)[0]).toMatch(/^\d+ added, \d+ removed$/);
  });
});
