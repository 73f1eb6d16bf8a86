import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, policyObjects } from '../../../core/index';
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

  it('names what the binding leaves alone, apart from the denied', () => {
    expect(describeVerdict([], [], ['DaemonSet/kube-proxy in kube-system'])).toBe(
      'The policy judges no object of this manifest. Not judged, as the binding leaves its namespace alone: DaemonSet/kube-proxy in kube-system.',
    );
    expect(
      describeVerdict([{ object: 'Pod/a', failures: ['automount-off'] }], [{ object: 'Pod/a', failures: [] }], ['Pod/b in kube-system']),
    ).toBe(
      '1 object would be denied: Pod/a (automount-off); the hardened manifest is admitted. Not judged, as the binding leaves its namespace alone: Pod/b in kube-system.',
    );
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
    expect(judgedObjects(text).judged.map(objectLabel)).toEqual(['Pod/a', 'Deployment/d', 'CronJob/nightly']);
  });

  it('leaves out what the binding the tool prints leaves alone: a workload in kube-system', () => {
    const text = [
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: kube-proxy, namespace: kube-system}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: anywhere}',
    ].join('\n---\n');
    const { judged, exempt } = judgedObjects(text);
    expect(judged.map(objectLabel)).toEqual(['Deployment/web', 'Pod/anywhere']);
    expect(exempt).toEqual(['DaemonSet/kube-proxy in kube-system']);
    // The namespaces come from the binding itself.
    const [, binding] = policyObjects('validating', DEFAULT_OPTIONS).objects as any[];
    expect(binding.spec.matchResources.namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
    ]);
  });
});
