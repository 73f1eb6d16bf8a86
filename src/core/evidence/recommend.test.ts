import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, describeCorpus } from '../../test/corpus';
import { plainDocuments } from '../read/parse';
import { readDumpFile } from './cluster-dump';
import { gatherEvidence } from './gather';
import { recommendWorkloads, type RecommendOptions } from './recommend';
import type { ApiUsage, AuditEvidence, WorkloadKey } from './types';
import { formatWorkloadKey } from './workload-key';

const FIXTURES = join(import.meta.dirname, '../fixtures/cluster');
const cluster = readDumpFile({ name: 'small-cluster.yaml', text: readFileSync(join(FIXTURES, 'small-cluster.yaml'), 'utf8') }).objects;
const bundle = plainDocuments(readFileSync(join(FIXTURES, 'web-bundle.yaml'), 'utf8'));
const REAL_MANIFESTS = join(CORPUS_DIR, '../real/manifests');

type Row = { recommended: string; strong: boolean; reason: string; evidence: string[] };

function table(documents: readonly unknown[], options: RecommendOptions & { cluster?: typeof cluster } = {}): Record<string, Row> {
  const evidence = gatherEvidence({ documents, cluster: options.cluster });
  return Object.fromEntries(
    recommendWorkloads(evidence, options).map(({ key, recommendation }) => [
      formatWorkloadKey(key),
      {
        recommended: recommendation.recommended,
        strong: recommendation.strong,
        reason: recommendation.reason,
        evidence: recommendation.evidence.map((item) => `${item.source}: ${item.text}`),
      },
    ]),
  );
}

function usage(requests: number, operations: [string, string][] = [['get', 'configmaps']]): ApiUsage {
  return {
    requests,
    firstSeen: '2025-05-05T10:00:00Z',
    lastSeen: '2025-05-12T09:30:00Z',
    operations: operations.map(([verb, resource]) => ({
      verb,
      apiGroup: '',
      resource,
      subresource: undefined,
      namespace: 'default',
      count: 1,
    })),
  };
}

const WEB: WorkloadKey = { kind: 'Deployment', namespace: 'default', name: 'web' };
const REPORT: WorkloadKey = { kind: 'CronJob', namespace: 'default', name: 'nightly-report' };
const THUMBNAILER: WorkloadKey = { kind: 'Deployment', namespace: 'default', name: 'thumbnailer' };

/** Fourteen days with reads logged, every workload's pods running, and no request: silence that means something. */
function quietAudit(change: Partial<AuditEvidence> = {}): AuditEvidence {
  return {
    coverage: { firstTimestamp: '2025-05-01T00:00:00Z', lastTimestamp: '2025-05-15T00:00:00Z', readsLogged: true },
    accounts: [],
    workloads: [],
    podsRan: [WEB, REPORT, THUMBNAILER].map((workload) => ({ workload, ran: true })),
    ...change,
  };
}

describe('recommendations for the web shop', () => {
  it('from the input alone: a shared default ServiceAccount keeps its token, a tokenless worker stays so', () => {
    const rows = table(bundle);
    expect(rows['Deployment/default/web']).toMatchObject({ recommended: 'mount', strong: false });
    expect(rows['Deployment/default/web']?.reason).toBe(
      'Keep the token: its ServiceAccount also serves CronJob/default/nightly-report, and nothing here shows which of them call the API.',
    );
    expect(rows['CronJob/default/nightly-report']).toMatchObject({ recommended: 'mount', strong: false });
    expect(rows['Deployment/default/thumbnailer']).toMatchObject({ recommended: 'none', strong: false });
    expect(rows['Deployment/default/thumbnailer']?.evidence).toEqual([
      'input: It runs as the ServiceAccount "thumbnailer" in namespace "default", which the input defines with automountServiceAccountToken: false.',
      'input: Its pods run without an API token today (automount is off and nothing is mounted at the token path).',
      'input: No RoleBinding or ClusterRoleBinding in the input grants the ServiceAccount "thumbnailer" in namespace "default" anything: only a hint, bindings can live in the cluster (a cluster dump would show them).',
    ]);
  });

  it('with the cluster: the defaults are named as such and RBAC is no longer a hint', () => {
    const rows = table(bundle, { cluster });
    expect(rows['Deployment/default/thumbnailer']?.evidence.slice(2)).toEqual([
      "cluster: The cluster's default bindings reach it as they reach every ServiceAccount (ClusterRoleBinding/system:basic-user, ClusterRoleBinding/system:discovery, ClusterRoleBinding/system:public-info-viewer, ClusterRoleBinding/system:service-account-issuer-discovery): they grant discovery and self-reviews only.",
      'cluster: No RoleBinding or ClusterRoleBinding in the input or the cluster dump grants the ServiceAccount "thumbnailer" in namespace "default" more than the cluster\'s defaults.',
    ]);
  });

  it('says auto keeps the token while no audit log backs a none', () => {
    const lone = bundle.filter((document: any) => document.metadata.name !== 'nightly-report');
    const rows = table(lone);
    expect(rows['Deployment/default/web']).toMatchObject({
      recommended: 'none',
      strong: false,
      reason:
        'No token recommended: nothing in the input says it calls the API, but without an audit log that is no proof, so --api-access auto keeps the token.',
    });
  });

  it('with a quiet audit log covering the window: no token, strongly, for all three', () => {
    const rows = table(bundle, { cluster, audit: quietAudit() });
    for (const key of [WEB, REPORT, THUMBNAILER]) expect(rows[formatWorkloadKey(key)]).toMatchObject({ recommended: 'none', strong: true });
    expect(rows['Deployment/default/web']?.reason).toBe(
      "No token: the audit log covers 14 days with reads logged, its pods ran in that time, and no request was made with its ServiceAccount's token.",
    );
  });

  it('a request by one workload keeps the token for every workload of its ServiceAccount, and says whose', () => {
    const audit = quietAudit({ workloads: [{ workload: REPORT, usage: usage(3, [['list', 'orders']]) }] });
    const rows = table(bundle, { cluster, audit });
    expect(rows['CronJob/default/nightly-report']).toMatchObject({ recommended: 'mount', strong: true });
    expect(rows['CronJob/default/nightly-report']?.reason).toBe(
      'Keep the token: its pods made 3 API requests in the audit log (list orders), from 2025-05-05T10:00:00Z to 2025-05-12T09:30:00Z.',
    );
    expect(rows['Deployment/default/web']?.reason).toBe(
      'Keep the token: CronJob/default/nightly-report, which shares its ServiceAccount, made 3 API requests in the audit log (list orders), from 2025-05-05T10:00:00Z to 2025-05-12T09:30:00Z.',
    );
    expect(rows['Deployment/default/thumbnailer']).toMatchObject({ recommended: 'none', strong: true });
  });

  it('a denied request counts as much as any, attributed to the ServiceAccount alone', () => {
    const audit = quietAudit({
      accounts: [{ account: { namespace: 'default', name: 'thumbnailer' }, usage: usage(1, [['get', 'secrets']]) }],
    });
    const row = table(bundle, { cluster, audit })['Deployment/default/thumbnailer'];
    expect(row).toMatchObject({ recommended: 'mount', strong: true });
    expect(row?.reason).toContain(
      'the ServiceAccount "thumbnailer" in namespace "default" made 1 API request in the audit log (get secrets)',
    );
    const unsaid = quietAudit({
      accounts: [{ account: { namespace: 'default', name: 'thumbnailer' }, usage: { ...usage(2), operations: [] } }],
    });
    expect(table(bundle, { audit: unsaid })['Deployment/default/thumbnailer']?.reason).toBe(
      'Keep the token: the ServiceAccount "thumbnailer" in namespace "default" made 2 API requests in the audit log, from 2025-05-05T10:00:00Z to 2025-05-12T09:30:00Z.',
    );
  });

  it('names every gap that keeps a none from being strong', () => {
    const short = quietAudit({
      coverage: { firstTimestamp: '2025-05-01T00:00:00Z', lastTimestamp: '2025-05-03T12:00:00Z', readsLogged: false },
      podsRan: [{ workload: WEB, ran: true }],
    });
    const rows = table(
      bundle.filter((document: any) => document.metadata.name !== 'nightly-report'),
      { audit: short },
    );
    expect(rows['Deployment/default/web']).toMatchObject({
      recommended: 'none',
      strong: false,
      reason:
        'No token recommended: the audit log shows no request, but the audit log covers 2.5 days, less than 7 days; reads (get, list, watch) are not in this log, so --api-access auto keeps the token.',
    });
    expect(rows['Deployment/default/thumbnailer']?.evidence).toContain(
      'audit: Nothing shows that pods of Deployment/default/thumbnailer ran in the window.',
    );
    const stopped = table(bundle, {
      audit: quietAudit({
        podsRan: [
          { workload: WEB, ran: true },
          { workload: REPORT, ran: false },
        ],
      }),
    });
    expect(stopped['Deployment/default/web']).toMatchObject({ recommended: 'mount', strong: false });
    expect(stopped['Deployment/default/web']?.evidence).toContain(
      'audit: Pods of CronJob/default/nightly-report did not run in the window.',
    );
    expect(table(bundle, { audit: quietAudit(), minDays: 30 })['Deployment/default/thumbnailer']).toMatchObject({
      recommended: 'none',
      strong: false,
    });
  });

  it('keeps a foreign token even through a quiet audit log', () => {
    const withVault = bundle.map((document: any) =>
      document.metadata.name === 'thumbnailer' && document.kind === 'Deployment'
        ? {
            ...document,
            spec: {
              ...document.spec,
              template: { ...document.spec.template, metadata: { annotations: { 'vault.hashicorp.com/agent-inject': 'true' } } },
            },
          }
        : document,
    );
    const row = table(withVault, { cluster, audit: quietAudit() })['Deployment/default/thumbnailer'];
    expect(row).toMatchObject({
      recommended: 'mount',
      strong: true,
      reason: "Keep the token: Vault Agent's injector adds an agent that logs in with the token at the default path.",
    });
  });

  it('names what a ServiceAccount may do when a binding grants it something', () => {
    const operator = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'redis-operator', namespace: 'redis-operator' },
      spec: { template: { spec: { serviceAccountName: 'redis-operator', containers: [{ name: 'manager', image: 'x' }] } } },
    };
    const row = table([operator], { cluster })['Deployment/redis-operator/redis-operator'];
    expect(row).toMatchObject({ recommended: 'mount', strong: true });
    expect(row?.reason).toBe(
      'Keep the token: the ServiceAccount "redis-operator" in namespace "redis-operator" may get, list, watch, create, update, patch, delete leases.coordination.k8s.io; create, patch events (RoleBinding/redis-operator/redis-operator-leader-election in the cluster, and 1 more binding).',
    );
    expect(row?.evidence).toContain(
      'cluster: ClusterRoleBinding/redis-operator binds ClusterRole/redis-operator to the ServiceAccount "redis-operator" in namespace "redis-operator" by name: it may use every verb on redisclusters.redis.example.com, redisclusters.redis.example.com/status, redisclusters.redis.example.com/finalizers; get, list, watch, create, update, patch, delete pods, services, configmaps, secrets, persistentvolumeclaims, statefulsets.apps cluster-wide.',
    );
  });
});

describeCorpus('recommendations for real bundles', () => {
  const corpus = (name: string) => plainDocuments(readFileSync(join(CORPUS_DIR, name), 'utf8'));
  const summary = (rows: Record<string, Row>) =>
    Object.fromEntries(Object.entries(rows).map(([key, row]) => [key, `${row.recommended}${row.strong ? ' strong' : ''}`]));

  it('Argo CD: every component with a Role keeps its token; the repo-server, which has none and runs without one, gets none', () => {
    const rows = table(corpus('argo-cd__namespace-install.yaml'));
    expect(summary(rows)).toEqual({
      'Deployment/argocd-applicationset-controller': 'mount strong',
      'Deployment/argocd-dex-server': 'mount strong',
      'Deployment/argocd-notifications-controller': 'mount strong',
      'Deployment/argocd-redis': 'mount strong',
      'Deployment/argocd-repo-server': 'none',
      'Deployment/argocd-server': 'mount strong',
      'StatefulSet/argocd-application-controller': 'mount strong',
    });
    expect(rows['Deployment/argocd-dex-server']?.reason).toBe(
      'Keep the token: the ServiceAccount "argocd-dex-server" may get, list, watch secrets, configmaps (RoleBinding/argocd-dex-server in the input).',
    );
  });

  it('cert-manager and ingress-nginx: controllers, webhooks and admission jobs all hold bindings', () => {
    expect(summary(table(corpus('cert-manager__cert-manager.yaml')))).toEqual({
      'Deployment/cert-manager/cert-manager-cainjector': 'mount strong',
      'Deployment/cert-manager/cert-manager': 'mount strong',
      'Deployment/cert-manager/cert-manager-webhook': 'mount strong',
    });
    expect(summary(table(corpus('ingress-nginx__deploy.yaml')))).toEqual({
      'Deployment/ingress-nginx/ingress-nginx-controller': 'mount strong',
      'Job/ingress-nginx/ingress-nginx-admission-create': 'mount strong',
      'Job/ingress-nginx/ingress-nginx-admission-patch': 'mount strong',
    });
  });

  it.skipIf(!existsSync(REAL_MANIFESTS))(
    'Flux and the Istio samples: controllers keep their tokens; a shared ServiceAccount gives one answer',
    () => {
      const real = (name: string) => plainDocuments(readFileSync(join(REAL_MANIFESTS, name), 'utf8'));
      const flux = summary(table(real('flux__gotk-components.yaml')));
      expect(Object.values(flux)).toEqual(['mount strong', 'mount strong', 'mount strong', 'mount strong']);
      expect(summary(table(real('istio-samples__bookinfo.yaml')))).toEqual({
        'Deployment/details-v1': 'none',
        'Deployment/ratings-v1': 'none',
        'Deployment/reviews-v1': 'mount',
        'Deployment/reviews-v2': 'mount',
        'Deployment/reviews-v3': 'mount',
        'Deployment/productpage-v1': 'none',
      });
    },
  );
});
