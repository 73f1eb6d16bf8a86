import { describe, expect, it } from 'vitest';
import { describeVerdict, judgedObjects, objectLabel } from './policy-verdict';

describe('describeVerdict', () => {
  it('lists the denied objects with their rules, then the output', () => {
    const input = [
      { object: 'Deployment/api', failures: ['automount-off', 'token-mode'] },
      { object: 'Pod/job', failures: ['automount-off'] },
      { object: 'Pod/ok', failures: [] },
    ];
    const output = input.map((verdict) => ({ ...verdict, failures: [] }));
    expect(describeVerdict(input, output)).toBe(
      '2 objects would be denied: Deployment/api (automount-off, token-mode); Pod/job (automount-off); the hardened manifest is admitted.',
    );
  });

  it('says when the input is admitted and when the output is still denied', () => {
    expect(describeVerdict([{ object: 'Pod/a', failures: [] }], [{ object: 'Pod/a', failures: ['no-token'] }])).toBe(
      'The input is admitted (1 object judged); the hardened manifest would still be denied for 1 object: Pod/a (no-token).',
    );
  });

  it('says when nothing is judged', () => {
    expect(describeVerdict([], [])).toBe('The policy judges no object of this manifest: it has no workload with a pod spec.');
  });
});

describe('judgedObjects', () => {
  it('keeps the kinds the policy matches, unfolding lists, by API group', () => {
    const text = [
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}',
      'apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: custom}',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}',
    ].join('\n---\n');
    expect(judgedObjects(text).map(objectLabel)).toEqual(['Pod/a', 'Deployment/d', 'CronJob/nightly']);
  });
});
