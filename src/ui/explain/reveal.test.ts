import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core';
import type { LineRange } from '../../state/line-range';
import { DEFAULT_FIELDS } from '../../state/option-fields';
import { createRunner } from '../../worker/run-harden';
import type { GoodResult } from '../shared/use-hardening';
import { firstChangeOf, revealOf } from './reveal';

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  'spec:',
  '  serviceAccountName: default',
  '  automountServiceAccountToken: true',
  '  containers:',
  '    - name: c',
  '      image: i',
  '',
].join('\n');

function hardened(input: string): GoodResult {
  const reply = createRunner()({ id: 1, manifest: input, fields: DEFAULT_FIELDS, format: undefined });
  return { input, fields: DEFAULT_FIELDS, result: reply.result };
}

const good = hardened(POD);
const inputLines = good.input.split('\n');
const outputLines = good.result.output.split('\n');
const text = (lines: readonly string[], range: LineRange | undefined) =>
  range && lines.slice(range.startLine - 1, range.endLine).map((line) => line.trim());

function change(path: string) {
  const found = good.result.changes.find((item) => item.path === path);
  if (!found) throw new Error(`no change at ${path}`);
  return { kind: 'change', key: path, change: found } as const;
}

function finding(code: string): { kind: 'finding'; key: string; finding: Finding } {
  const found = good.result.findings.find((item) => item.code === code);
  if (!found) throw new Error(`no finding ${code}`);
  return { kind: 'finding', key: code, finding: found };
}

describe('where a chosen item is shown', () => {
  it('shows a replaced value where it is in the output and where it was in the input', () => {
    const reveal = revealOf(change('spec.automountServiceAccountToken'), good);
    expect(text(outputLines, reveal.output)).toEqual(['automountServiceAccountToken: false']);
    expect(text(inputLines, reveal.input)).toEqual(['automountServiceAccountToken: true']);
  });

  it('shows an insertion in the output, and in the input the line where it goes', () => {
    const reveal = revealOf(change('spec.containers[0].volumeMounts[0]'), good);
    expect(text(outputLines, reveal.output)?.[0]).toBe('- mountPath: /var/run/secrets/kubernetes.io/serviceaccount');
    // Inserted after the container's last line, which the input ends on.
    expect(reveal.input).toEqual({
      startLine: inputLines.indexOf('      image: i') + 2,
      endLine: inputLines.indexOf('      image: i') + 2,
    });
  });

  it('shows a finding at its input line and the output line that keeps it', () => {
    const chosen = finding('default-service-account');
    const reveal = revealOf(chosen, good);
    expect(reveal.input).toEqual({ startLine: chosen.finding.position?.line, endLine: chosen.finding.position?.line });
    expect(text(outputLines, reveal.output)).toEqual(['serviceAccountName: default']);
  });

  it('shows a finding about an object without a position at the object’s first line, and one about no object nowhere', () => {
    const chosen = finding('default-service-account');
    const atObject = revealOf({ ...chosen, finding: { ...chosen.finding, position: undefined } }, good);
    expect(atObject).toEqual({ output: { startLine: 1, endLine: 1 }, input: undefined });
    expect(revealOf(finding('mode-stricter'), good)).toEqual({ output: undefined, input: undefined });
  });
});

describe('the first change of a new manifest', () => {
  it('is the first inserted run, after the lines kept as they were, and the input line in its place', () => {
    const first = firstChangeOf(good);
    const start = first?.output?.startLine ?? 0;
    expect(outputLines.slice(0, start - 1)).toEqual(inputLines.slice(0, start - 1));
    expect(outputLines[start - 1]).not.toBe(inputLines[start - 1]);
    expect(first?.input).toEqual({ startLine: start, endLine: start });
  });

  it('is none when hardening changes nothing', () => {
    expect(firstChangeOf(hardened(good.result.output))).toBeUndefined();
  });
});
