import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addUsages, attributeToWorkloads, guessWorkloadOfPod, type WorkloadRef } from './attribute-workloads';
import { createAuditLogReader } from './read-audit-log';

const log = readFileSync(join(import.meta.dirname, '../../fixtures/audit/bound-token-pods.jsonl'), 'utf8');
const reader = createAuditLogReader();
reader.readText('bound-token-pods.jsonl', log);
const summary = reader.summarize();

const workloads: WorkloadRef[] = [
  { workload: { kind: 'Deployment', namespace: 'shop', name: 'web' }, account: { namespace: 'shop', name: 'web' } },
  { workload: { kind: 'StatefulSet', namespace: 'shop', name: 'db' }, account: { namespace: 'shop', name: 'db' } },
  { workload: { kind: 'Deployment', namespace: 'shop', name: 'worker' }, account: { namespace: 'shop', name: 'worker' } },
  { workload: { kind: 'CronJob', namespace: 'shop', name: 'report' }, account: { namespace: 'shop', name: 'worker' } },
];

describe('attributing pods to workloads', () => {
  it('follows the create events in the log from the pod to its Deployment', () => {
    const [web] = attributeToWorkloads(summary, workloads).workloads;
    expect(web?.pods.map(({ pod, basis }) => [pod.name, basis])).toEqual([['web-7d9f8b6c5d-x2x4z', 'log']]);
    expect(web?.usage?.requests).toBe(6);
    expect(web?.histogram.reduce((sum, count) => sum + count, 0)).toBe(6);
    expect(web?.seenRunning).toBe(true);
  });

  it("prefers the cluster dump's answer", () => {
    const resolved = attributeToWorkloads(summary, workloads, (pod) =>
      pod.name === 'db-0' ? { kind: 'StatefulSet', namespace: 'shop', name: 'db' } : undefined,
    );
    expect(resolved.workloads[1]?.pods.map(({ pod, basis }) => [pod.name, basis])).toEqual([['db-0', 'cluster']]);
  });

  it('falls back to a guess from the name, marked as one', () => {
    const db = attributeToWorkloads(summary, workloads).workloads[1];
    expect(db?.pods.map(({ pod, basis }) => [pod.name, basis])).toEqual([['db-0', 'guess']]);
    expect(db?.usage).toBeUndefined();
    expect(db?.seenRunning).toBe(true);
  });

  it("hands requests without a pod name to every workload of the ServiceAccount, as the account's", () => {
    const [, , worker, report] = attributeToWorkloads(summary, workloads).workloads;
    expect(worker?.pods).toEqual([]);
    expect(worker?.seenRunning).toBe(false);
    expect(worker?.accountActivity?.requestsWithoutPod).toBe(1);
    expect(report?.accountActivity).toEqual(worker?.accountActivity);
  });

  it('keeps pods of no workload given apart', () => {
    const result = attributeToWorkloads(summary, workloads.slice(1));
    expect(result.otherPods.map((pod) => pod.name)).toEqual(['web-7d9f8b6c5d-x2x4z']);
  });
});

describe('guessing a workload from a pod name', () => {
  const keys = [
    { kind: 'Deployment', namespace: 'shop', name: 'web' },
    { kind: 'Deployment', namespace: 'shop', name: 'web-api' },
    { kind: 'StatefulSet', namespace: 'shop', name: 'db' },
    { kind: 'CronJob', namespace: 'shop', name: 'report' },
    { kind: 'DaemonSet', namespace: 'kube-system', name: 'agent' },
    { kind: 'Pod', namespace: 'shop', name: 'debug' },
  ];
  it.each([
    ['shop', 'web-7d9f8b6c5d-x2x4z', 'web'],
    ['shop', 'web-api-5c8d9f7b6-q2w4r', 'web-api'],
    ['shop', 'db-12', 'db'],
    ['shop', 'report-28391234-k7m9p', 'report'],
    ['kube-system', 'agent-7xk2p', 'agent'],
    ['shop', 'debug', 'debug'],
    ['other', 'web-7d9f8b6c5d-x2x4z', undefined],
    ['shop', 'web-7d9f8b6c5d-xaxaz', undefined],
    ['shop', 'dbx-0', undefined],
  ])('%s/%s → %s', (namespace, pod, expected) => {
    expect(guessWorkloadOfPod(namespace, pod, keys)?.name).toBe(expected);
  });
});

describe('addUsages', () => {
  it('adds the bars bucket by bucket, as it adds the requests', () => {
    const usage = (requests: number, histogram: number[]) => ({ requests, firstSeen: '', lastSeen: '', histogram, operations: [] });
    const sum = addUsages([usage(3, [1, 2, 0]), undefined, usage(4, [0, 1, 3])]);
    expect(sum?.requests).toBe(7);
    expect(sum?.histogram).toEqual([1, 3, 3]);
  });
});
