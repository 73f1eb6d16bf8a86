import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDumpFile } from './cluster-dump';
import type { KubeObject } from './objects';
import { podWorkloadResolver } from './pod-owners';
import { formatWorkloadKey } from './workload-key';

const cluster = readDumpFile({
  name: 'small-cluster.yaml',
  text: readFileSync(join(import.meta.dirname, '../fixtures/cluster/small-cluster.yaml'), 'utf8'),
}).objects;

const owned = (kind: string, name: string, owner?: [string, string], extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1',
  kind,
  metadata: {
    name,
    namespace: 'shop',
    ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner[0], name: owner[1], controller: true, uid: 'u' }] } : {}),
    ...extra,
  },
});

function resolve(objects: readonly KubeObject[], pod: KubeObject): string {
  const { workload, guessed } = podWorkloadResolver(objects).ofPod(pod);
  return `${formatWorkloadKey(workload)}${guessed ? ' (guessed)' : ''}`;
}

describe('the workload of a pod', () => {
  it('follows the dump: Deployments and CronJobs guessed when their ReplicaSet or Job is missing, the rest direct', () => {
    const resolver = podWorkloadResolver(cluster);
    const pods = cluster.filter((object) => object['kind'] === 'Pod');
    expect(
      pods.map((pod) => {
        const { workload, guessed } = resolver.ofPod(pod);
        return `${formatWorkloadKey(workload)}${guessed ? ' (guessed)' : ''}`;
      }),
    ).toEqual([
      'Deployment/kube-system/coredns (guessed)',
      'Pod/kube-system/etcd-cp-1',
      'DaemonSet/kube-system/kube-proxy',
      'Deployment/redis-operator/redis-operator (guessed)',
      'Deployment/default/web (guessed)',
      'CronJob/default/nightly-report (guessed)',
      'Deployment/default/thumbnailer (guessed)',
    ]);
  });

  it('goes up through owners the dump holds, and knows it then', () => {
    const replicaSet = owned('ReplicaSet', 'web-5f7d8c9b6d', ['Deployment', 'web']);
    const pod = owned('Pod', 'web-5f7d8c9b6d-9rzvb', ['ReplicaSet', 'web-5f7d8c9b6d']);
    expect(resolve([replicaSet, pod], pod)).toBe('Deployment/shop/web');
    const bareReplicaSet = owned('ReplicaSet', 'cache', undefined);
    expect(resolve([bareReplicaSet], owned('Pod', 'cache-x2k9p', ['ReplicaSet', 'cache']))).toBe('ReplicaSet/shop/cache');
    const job = { ...owned('Job', 'report-29103960', ['CronJob', 'report']), apiVersion: 'batch/v1' };
    expect(resolve([job], owned('Pod', 'report-29103960-h6m2x', ['Job', 'report-29103960']))).toBe('CronJob/shop/report');
    const rollout = owned('ReplicaSet', 'canary-6b8d9f', ['Rollout', 'canary']);
    expect(resolve([rollout], owned('Pod', 'canary-6b8d9f-abcde', ['ReplicaSet', 'canary-6b8d9f']))).toBe('Rollout/shop/canary');
  });

  it('keeps a missing owner as it is when its name does not follow the pattern', () => {
    expect(resolve([], owned('Pod', 'cache-x2k9p', ['ReplicaSet', 'cache'], { labels: { 'pod-template-hash': 'abc' } }))).toBe(
      'ReplicaSet/shop/cache',
    );
    expect(resolve([], owned('Pod', 'migrate-x2k9p', ['Job', 'migrate']))).toBe('Job/shop/migrate');
    expect(resolve([], owned('Pod', 'db-0', ['StatefulSet', 'db']))).toBe('StatefulSet/shop/db');
    expect(resolve([], owned('Pod', 'debug'))).toBe('Pod/shop/debug');
  });

  it('stops at a loop of owners', () => {
    const first = owned('ReplicaSet', 'a', ['ReplicaSet', 'b']);
    const second = owned('ReplicaSet', 'b', ['ReplicaSet', 'a']);
    expect(resolve([first, second], owned('Pod', 'p', ['ReplicaSet', 'a']))).toMatch(/^ReplicaSet\/shop\/[ab]$/);
  });
});

describe('the workload of a pod known only by name', () => {
  const known = [
    { kind: 'Deployment', namespace: 'shop', name: 'web' },
    { kind: 'Deployment', namespace: 'shop', name: 'web-admin' },
    { kind: 'StatefulSet', namespace: undefined, name: 'db' },
    { kind: 'CronJob', namespace: 'shop', name: 'report' },
  ];
  const resolver = podWorkloadResolver(cluster, known);

  it('is read from the dump when the pod is there', () => {
    expect(resolver.byName('default', 'web-5f7d8c9b6d-9rzvb')).toEqual({
      workload: { kind: 'Deployment', namespace: 'default', name: 'web' },
      guessed: true,
    });
  });

  it('is guessed from the controllers’ naming rules among the known workloads, the longest name first', () => {
    expect(resolver.byName('shop', 'web-5f7d8c9b6d-9rzvb')?.workload.name).toBe('web');
    expect(resolver.byName('shop', 'web-admin-5f7d8c9b6d-9rzvb')?.workload.name).toBe('web-admin');
    expect(resolver.byName('shop', 'db-2')).toEqual({ workload: { kind: 'StatefulSet', namespace: 'shop', name: 'db' }, guessed: true });
    expect(resolver.byName('shop', 'report-29103960-h6m2x')).toEqual({
      workload: { kind: 'CronJob', namespace: 'shop', name: 'report' },
      guessed: true,
    });
  });

  it('is unknown when no known workload would name a pod so', () => {
    expect(resolver.byName('shop', 'web-9rzvb')).toBeUndefined();
    expect(resolver.byName('other', 'web-5f7d8c9b6d-9rzvb')).toBeUndefined();
    expect(resolver.byName('shop', 'api-5f7d8c9b6d-9rzvb')).toBeUndefined();
  });
});
