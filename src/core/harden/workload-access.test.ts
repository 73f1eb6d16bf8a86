import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClusterDumps } from '../evidence/cluster-dump';
import type { AuditEvidence } from '../evidence/types';
import { formatWorkloadKey } from '../evidence/workload-key';
import { plainDocuments } from '../read/parse';
import type { HardenResult } from '../result';
import { harden } from './harden';
import { decideWorkloadAccess } from './workload-access';
import { flattenObjects } from '../evidence/objects';
import { createAuditLogReader } from '../evidence/audit/read-audit-log';
import { DEFAULT_OPTIONS, type HardenOptions, MAX_WORKLOAD_CHOICES, resolveOptions, type WorkloadChoice } from './options';

const FIXTURES = join(import.meta.dirname, '../fixtures/cluster');
const SMALL_CLUSTER = readFileSync(join(FIXTURES, 'small-cluster.yaml'), 'utf8');
const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

function deployment(name: string, namespace: string | undefined, account = name): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace === undefined ? '' : `  namespace: ${namespace}\n`}spec:
  template:
    spec:
      serviceAccountName: ${account}
      containers:
        - name: app
          image: example/app:1
`;
}

/** Two Deployments named web in two namespaces, a CronJob named web, and a Deployment without a namespace. */
const BUNDLE = [
  deployment('web', 'shop'),
  deployment('web', 'ops'),
  `apiVersion: batch/v1
kind: CronJob
metadata:
  name: web
  namespace: shop
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: example/job:1
`,
  deployment('api', undefined),
].join('---\n');

function options(overrides: Partial<HardenOptions> = {}): HardenOptions {
  return { ...DEFAULT_OPTIONS, ...overrides };
}

function choice(kind: string, namespace: string | undefined, name: string, apiAccess: 'mount' | 'none'): WorkloadChoice {
  return namespace === undefined ? { kind, name, apiAccess } : { kind, namespace, name, apiAccess };
}

/** Whether the document at `index` of the output mounts anything at the token path. */
function mountsToken(result: HardenResult, index: number): boolean {
  const document = plainDocuments(result.output)[index];
  return JSON.stringify(document).includes(TOKEN_PATH);
}

function accessTable(result: HardenResult): Record<string, string> {
  return Object.fromEntries(result.workloads.map((report) => [formatWorkloadKey(report.key), `${report.apiAccess} (${report.chosenBy})`]));
}

describe('per-workload API access', () => {
  it('reports every pod-bearing object in input order, each with the default when nothing else decides', () => {
    const result = harden(BUNDLE, options());
    expect(result.errors).toEqual([]);
    expect(accessTable(result)).toEqual({
      'Deployment/shop/web': 'mount (default)',
      'Deployment/ops/web': 'mount (default)',
      'CronJob/shop/web': 'mount (default)',
      'Deployment/api': 'mount (default)',
    });
    expect(result.workloads.map((report) => report.serviceAccount)).toEqual(['web', 'web', 'default', 'api']);
  });

  it('gives a choice to exactly the workload it names: kind, namespace and name', () => {
    const result = harden(BUNDLE, options({ workloads: [choice('Deployment', 'shop', 'web', 'none')] }));
    expect(result.errors).toEqual([]);
    expect(accessTable(result)).toEqual({
      'Deployment/shop/web': 'none (override)',
      'Deployment/ops/web': 'mount (default)',
      'CronJob/shop/web': 'mount (default)',
      'Deployment/api': 'mount (default)',
    });
    expect([0, 1, 2, 3].map((index) => mountsToken(result, index))).toEqual([false, true, true, true]);
    // The chosen workload is hardened exactly as --no-token hardens it alone.
    const alone = harden(deployment('web', 'shop'), options({ apiAccess: 'none' }));
    expect(result.output.startsWith(alone.output)).toBe(true);
  });

  it('lets a choice give the token back to one workload when the default is none', () => {
    const result = harden(BUNDLE, options({ apiAccess: 'none', workloads: [choice('Deployment', undefined, 'api', 'mount')] }));
    expect([0, 1, 2, 3].map((index) => mountsToken(result, index))).toEqual([false, false, false, true]);
    // --check judges each workload by its own access: the output is hardened for all of them.
    const again = harden(result.output, options({ apiAccess: 'none', workloads: [choice('Deployment', undefined, 'api', 'mount')] }));
    expect(again.objects.flatMap((object) => object.missing)).toEqual([]);
    expect(again.output).toBe(result.output);
  });

  it('refuses a choice that names no workload, listing the workloads there are', () => {
    const result = harden(BUNDLE, options({ workloads: [choice('Deployment', 'shop', 'wbe', 'none')] }));
    expect(result.errors.map((error) => error.code)).toEqual(['unknown-workload']);
    const message = result.errors[0]?.message ?? '';
    for (const label of ['Deployment/shop/web', 'Deployment/ops/web', 'CronJob/shop/web', 'Deployment/api'])
      expect(message).toContain(label);
    expect(result.output).toBe(BUNDLE);
    // The workloads stay in the result, so a caller can say which there are.
    expect(result.workloads).toHaveLength(4);
  });

  it('refuses a choice without a namespace for an object that has one (a key names one object exactly)', () => {
    const result = harden(BUNDLE, options({ workloads: [choice('Deployment', undefined, 'web', 'none')] }));
    expect(result.errors.map((error) => error.code)).toEqual(['unknown-workload']);
    expect(result.errors[0]?.message).toContain('did you mean Deployment/shop/web?');
  });

  it('refuses two choices that disagree about one workload', () => {
    const result = harden(
      BUNDLE,
      options({ workloads: [choice('Deployment', 'ops', 'web', 'none'), choice('Deployment', 'ops', 'web', 'mount')] }),
    );
    expect(result.errors.map((error) => error.code)).toEqual(['conflicting-workload-choices']);
  });

  it('reaches the items of a kind: List, each its own workload', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: one, namespace: shop}
    spec: {template: {spec: {containers: [{name: app, image: x}]}}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: two, namespace: shop}
    spec: {template: {spec: {containers: [{name: app, image: x}]}}}
`;
    const result = harden(list, options({ workloads: [choice('Deployment', 'shop', 'two', 'none')] }));
    expect(accessTable(result)).toEqual({ 'Deployment/shop/one': 'mount (default)', 'Deployment/shop/two': 'none (override)' });
    const [document] = plainDocuments(result.output) as [{ items: unknown[] }];
    expect(JSON.stringify(document.items[0])).toContain(TOKEN_PATH);
    expect(JSON.stringify(document.items[1])).not.toContain(TOKEN_PATH);
  });

  it('under auto without an audit log mounts the token everywhere, as mount does, and says so', () => {
    const mount = harden(BUNDLE, options());
    const auto = harden(BUNDLE, options({ apiAccess: 'auto' }));
    expect(auto.output).toBe(mount.output);
    expect(auto.workloads.every((report) => report.apiAccess === 'mount')).toBe(true);
    expect(auto.findings.filter((finding) => finding.code === 'auto-without-audit')).toHaveLength(1);
    expect(mount.findings.some((finding) => finding.code === 'auto-without-audit')).toBe(false);
  });

  it('under auto applies a strong recommendation, and only that, when audit evidence is given', () => {
    const web = { kind: 'Deployment', namespace: 'shop', name: 'web' } as const;
    const audit: AuditEvidence = {
      coverage: { firstTimestamp: '2025-05-01T00:00:00Z', lastTimestamp: '2025-05-15T00:00:00Z', readsLogged: true },
      accounts: [],
      workloads: [],
      podsRan: [{ workload: web, ran: true }],
    };
    const result = harden(BUNDLE, options({ apiAccess: 'auto' }), { audit });
    const reports = Object.fromEntries(result.workloads.map((report) => [formatWorkloadKey(report.key), report]));
    expect(reports['Deployment/shop/web']).toMatchObject({ apiAccess: 'none', chosenBy: 'recommendation', strong: true });
    // Deployment/ops/web ran nowhere the log shows: not strong, so it keeps its token.
    expect(reports['Deployment/ops/web']).toMatchObject({ apiAccess: 'mount', chosenBy: 'default', strong: false });
    expect(result.findings.some((finding) => finding.code === 'auto-without-audit')).toBe(false);
    expect(mountsToken(result, 0)).toBe(false);
    expect(mountsToken(result, 1)).toBe(true);
    // A choice by hand still wins over the recommendation.
    const chosen = harden(BUNDLE, options({ apiAccess: 'auto', workloads: [choice('Deployment', 'shop', 'web', 'mount')] }), { audit });
    expect(chosen.workloads[0]).toMatchObject({ apiAccess: 'mount', chosenBy: 'override' });
  });

  it('reads the evidence of a cluster dump: a binding there makes the recommendation mount', () => {
    const dump = readClusterDumps([{ name: 'small-cluster.yaml', text: SMALL_CLUSTER }]);
    expect(dump.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const bundle = readFileSync(join(FIXTURES, 'web-bundle.yaml'), 'utf8');
    const without = harden(bundle, options());
    const withDump = harden(bundle, options(), { clusterDumps: [dump] });
    expect(withDump.output).toBe(without.output);
    expect(withDump.workloads.some((report) => report.evidence.some((item) => item.source === 'cluster'))).toBe(true);
    expect(without.workloads.some((report) => report.evidence.some((item) => item.source === 'cluster'))).toBe(false);
  });

  it('takes the evidence from the input itself: a RoleBinding in the bundle is named in the reason', () => {
    const bound = `${deployment('web', 'shop')}---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web-reads, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
`;
    const [report] = harden(bound, options()).workloads;
    expect(report).toMatchObject({ recommended: 'mount', strong: true });
    expect(report?.reason).toContain('RoleBinding/shop/web-reads');
  });
});

describe('the workloads option', () => {
  it('reads choices as --workload writes them and as objects, and refuses what does not name a workload', () => {
    const { options: read, problems } = resolveOptions({
      workloads: ['deploy/shop/web=none', { kind: 'CronJob', name: 'nightly', apiAccess: 'mount' }],
    });
    expect(problems).toEqual([]);
    expect(read.workloads).toEqual([
      { kind: 'Deployment', namespace: 'shop', name: 'web', apiAccess: 'none' },
      { kind: 'CronJob', name: 'nightly', apiAccess: 'mount' },
    ]);
    const refused = resolveOptions({ workloads: ['Deployment/web', 'Secret/x=none', 'Deployment/Web=none'] }).problems;
    expect(refused.map((problem) => [problem.option, problem.value])).toEqual([
      ['workloads', 'Deployment/web'],
      ['workloads', 'Secret/x=none'],
      ['workloads', 'Deployment/Web=none'],
    ]);
    expect(refused[0]?.message).toMatch(/^API access per workload \(--workload\): "Deployment\/web" has no "="/);
  });

  it('is bounded in count, like the containers a link keeps', () => {
    const many = Array.from({ length: MAX_WORKLOAD_CHOICES + 1 }, (_, index) => `Pod/p${index}=none`);
    expect(resolveOptions({ workloads: many }).problems.map((problem) => problem.option)).toEqual(['workloads']);
    expect(resolveOptions({ workloads: many.slice(1) }).problems).toEqual([]);
  });

  it('accepts auto as the default API access, and nothing else new', () => {
    expect(resolveOptions({ apiAccess: 'auto' }).options.apiAccess).toBe('auto');
    expect(resolveOptions({ apiAccess: 'maybe' as 'auto' }).problems.map((problem) => problem.option)).toEqual(['apiAccess']);
  });
});

describe('bare items of a typed List', () => {
  const podList =
    'apiVersion: v1\nkind: PodList\nitems:\n  - metadata: {name: a, namespace: x}\n    spec:\n      containers: [{name: c, image: i}]\n';

  it('are workloads of the kind the List names, as hardening reads them', () => {
    const result = harden(podList, DEFAULT_OPTIONS);
    expect(result.workloads.map((workload) => formatWorkloadKey(workload.key))).toEqual(['Pod/x/a']);
  });

  it('take a per-workload choice', () => {
    const options: HardenOptions = { ...DEFAULT_OPTIONS, workloads: [{ kind: 'Pod', namespace: 'x', name: 'a', apiAccess: 'none' }] };
    const result = harden(podList, options);
    expect(result.errors).toEqual([]);
    expect(result.output).toContain('automountServiceAccountToken: false');
    expect(result.output).not.toContain('serviceAccountToken:');
  });
});

describe('the decision as the hardening and the page’s cache read it', () => {
  const decide = (text: string, overrides: Partial<HardenOptions> = {}) =>
    decideWorkloadAccess(flattenObjects(plainDocuments(text)), options(overrides));

  it("gives each document's accesses in order, and each place's, the default elsewhere", () => {
    const text = `apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x}, spec: {containers: [{name: c, image: i}]}}
  - {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: x}, spec: {containers: [{name: c, image: i}]}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
`;
    const access = decide(text, { workloads: [choice('Pod', 'x', 'b', 'none')] });
    expect([access.accessesIn(0), access.accessesIn(1)]).toEqual(['mn', '']);
    expect([access.accessAt(0, 'items[0].'), access.accessAt(0, 'items[1].'), access.accessAt(1, '')]).toEqual(['mount', 'none', 'mount']);
    const none = decide(text, { apiAccess: 'none', workloads: [choice('Pod', 'x', 'a', 'mount')] });
    expect([none.accessesIn(0), none.accessAt(1, '')]).toEqual(['mn', 'none']);
  });

  const jobSet = (accounts: string[]) => `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: train, namespace: ml}
spec:
  replicatedJobs:
${accounts
  .map(
    (account, index) => `    - name: job-${index}
      template:
        spec:
          template:
            spec:
              serviceAccountName: ${account}
              containers: [{name: c, image: i}]
`,
  )
  .join('')}`;

  it('names every ServiceAccount the pod templates of a workload run as, once each', () => {
    expect(decide(jobSet(['leader', 'worker', 'leader'])).reports.map((report) => report.serviceAccount)).toEqual(['leader, worker']);
  });

  it("shows beside a workload the audit log's requests of any of its ServiceAccounts, and of no other", () => {
    const event = (account: string, id: string) =>
      JSON.stringify({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: id,
        stage: 'ResponseComplete',
        requestURI: '/api/v1/namespaces/ml/configmaps',
        verb: 'list',
        user: { username: `system:serviceaccount:ml:${account}` },
        objectRef: { resource: 'configmaps', namespace: 'ml', apiVersion: 'v1' },
        responseStatus: { code: 200 },
        requestReceivedTimestamp: '2025-03-01T00:00:00.000000Z',
        stageTimestamp: '2025-03-01T00:00:00.100000Z',
      });
    const reader = createAuditLogReader();
    reader.readText('audit.log', `${event('worker', 'a')}\n${event('elsewhere', 'b')}\n`);
    const access = decideWorkloadAccess(
      flattenObjects(plainDocuments(`${jobSet(['leader', 'worker'])}---\n${deployment('other', 'ml')}`)),
      options(),
      { auditLog: reader.summarize() },
    );
    expect(access.reports.map((report) => report.audit?.accounts.map((activity) => activity.account.name))).toEqual([['worker'], []]);
  });

  it('warns that auto without an audit log mounts the token only when there is a workload to mount it in', () => {
    expect(decide('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', { apiAccess: 'auto' }).findings).toEqual([]);
    expect(decide(deployment('web', 'shop'), { apiAccess: 'auto' }).findings).toEqual([
      {
        code: 'auto-without-audit',
        severity: 'warning',
        message:
          '--api-access auto removes a token only where an audit log shows it goes unused, and no audit log was given: every workload not chosen by hand keeps its token (as with mount)',
      },
    ]);
  });
});
