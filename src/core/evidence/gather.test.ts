import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { plainDocuments } from '../read/parse';
import { readDumpFile } from './cluster-dump';
import { gatherEvidence } from './gather';
import { formatWorkloadKey } from './workload-key';

const FIXTURES = join(import.meta.dirname, '../fixtures/cluster');
const cluster = readDumpFile({ name: 'small-cluster.yaml', text: readFileSync(join(FIXTURES, 'small-cluster.yaml'), 'utf8') }).objects;
const bundle = plainDocuments(readFileSync(join(FIXTURES, 'web-bundle.yaml'), 'utf8'));

function byLabel(evidence: ReturnType<typeof gatherEvidence>) {
  return Object.fromEntries(evidence.workloads.map((workload) => [formatWorkloadKey(workload.key), workload]));
}

describe('evidence from the input alone', () => {
  const evidence = byLabel(gatherEvidence({ documents: bundle }));

  it('finds every workload with the ServiceAccount it runs as, in its namespace', () => {
    expect(Object.keys(evidence)).toEqual(['Deployment/default/web', 'CronJob/default/nightly-report', 'Deployment/default/thumbnailer']);
    expect(evidence['Deployment/default/web']?.accounts.map((account) => account.key)).toEqual([{ namespace: 'default', name: 'default' }]);
    expect(evidence['Deployment/default/thumbnailer']?.accounts[0]).toMatchObject({ definedIn: 'input', automountOff: true, bindings: [] });
  });

  it('says who else runs as the same ServiceAccount', () => {
    const users = evidence['Deployment/default/web']?.accounts[0]?.users.map(
      (user) => `${formatWorkloadKey(user.workload)} ${user.source}`,
    );
    expect(users).toEqual(['Deployment/default/web input', 'CronJob/default/nightly-report input']);
  });

  it('says which hold a token today', () => {
    expect(evidence['Deployment/default/web']?.hasToken).toBe(true);
    expect(evidence['Deployment/default/thumbnailer']?.hasToken).toBe(false);
  });
});

describe('evidence from the input and a cluster dump', () => {
  const gathered = gatherEvidence({ documents: bundle, cluster });
  const evidence = byLabel(gathered);

  it('says what the sources held', () => {
    expect(gathered.sources).toEqual({ cluster: true, inputBindings: 0, clusterBindings: 9, clusterHasRbac: true });
  });

  it('adds the cluster bindings, its definitions of ServiceAccounts and the workloads of its pods', () => {
    const account = evidence['Deployment/default/web']?.accounts[0];
    expect(account?.definedIn).toBe('cluster');
    expect(account?.bindings.every((binding) => binding.isDefault && binding.source === 'cluster')).toBe(true);
    // The cluster runs the same two workloads: they are not others.
    expect(account?.users.map((user) => `${formatWorkloadKey(user.workload)} ${user.source}`)).toEqual([
      'Deployment/default/web input',
      'CronJob/default/nightly-report input',
    ]);
    // Without the web Deployment in the input, the cluster's pods show it runs as the same ServiceAccount.
    const other = gatherEvidence({ documents: bundle.slice(2), cluster }).workloads[0];
    expect(
      other?.accounts[0]?.users.map((user) => `${formatWorkloadKey(user.workload)} ${user.source}${user.guessed ? ' guessed' : ''}`),
    ).toEqual(['CronJob/default/nightly-report input', 'Deployment/default/web cluster guessed']);
  });

  it('ties the dump’s pods to the input’s workloads', () => {
    expect(evidence['Deployment/default/web']?.clusterPods).toEqual([
      { name: 'web-5f7d8c9b6d-9rzvb', namespace: 'default', startTime: '2025-05-03T11:41:02Z', phase: 'Running', guessed: true },
    ]);
    expect(evidence['CronJob/default/nightly-report']?.clusterPods.map((pod) => pod.phase)).toEqual(['Succeeded']);
  });

  it('matches a workload whose namespace the input leaves open to the cluster in any namespace', () => {
    const open = plainDocuments(
      stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'redis-operator' },
        spec: { template: { spec: { serviceAccountName: 'redis-operator', containers: [{ name: 'manager', image: 'x' }] } } },
      }),
    );
    const [operator] = gatherEvidence({ documents: open, cluster }).workloads;
    expect(operator?.clusterPods.map((pod) => pod.name)).toEqual(['redis-operator-7b9c5d8f4c-kx2lp']);
    expect(operator?.accounts[0]?.bindings.filter((binding) => binding.grantsMore).map((binding) => binding.binding)).toEqual([
      'RoleBinding/redis-operator/redis-operator-leader-election',
      'ClusterRoleBinding/redis-operator',
    ]);
  });

  it('reads every pod spec of a JobSet, and Lists of workloads', () => {
    const jobSet = {
      apiVersion: 'jobset.x-k8s.io/v1alpha2',
      kind: 'JobSet',
      metadata: { name: 'train', namespace: 'ml' },
      spec: {
        replicatedJobs: [
          {
            name: 'driver',
            template: { spec: { template: { spec: { serviceAccountName: 'driver', containers: [{ name: 'd', image: 'x' }] } } } },
          },
          {
            name: 'workers',
            template: { spec: { template: { spec: { automountServiceAccountToken: false, containers: [{ name: 'w', image: 'x' }] } } } },
          },
        ],
      },
    };
    const [found] = gatherEvidence({ documents: [{ apiVersion: 'v1', kind: 'List', items: [jobSet] }] }).workloads;
    expect(found?.path).toBe('items[0].');
    expect(found?.accounts.map((account) => account.key.name)).toEqual(['driver', 'default']);
    expect(found?.hasToken).toBe(true);
  });
});
