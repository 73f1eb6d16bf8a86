import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harden } from '../../harden/harden';
import { DEFAULT_OPTIONS } from '../../harden/options';
import { readClusterDumps } from '../cluster-dump';
import { createAuditLogReader } from './read-audit-log';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150);
const DAY_MS = 24 * 60 * 60 * 1000;
const START = Date.UTC(2025, 2, 1);
const ACCOUNTS = ['api', 'web', 'batch'] as const;

/** Three workloads in `shop`; `api` and `api-canary` share a ServiceAccount. */
const BUNDLE = [
  ['Deployment', 'api', 'api'],
  ['Deployment', 'api-canary', 'api'],
  ['Deployment', 'web', 'web'],
  ['StatefulSet', 'batch', 'batch'],
]
  .map(
    ([kind, name, account]) =>
      `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  template:\n    spec:\n      serviceAccountName: ${account}\n      containers: [{name: app, image: x}]\n`,
  )
  .join('---\n');

/**
 * The cluster dump: one pod per workload, tied by ownerReferences, finished before the window
 * opened, so only the log can show them running in it.
 */
const DUMP = readClusterDumps([
  {
    name: 'cluster.yaml',
    text: `apiVersion: v1\nkind: List\nitems:\n${[
      ['api-7d9f8b6c5d-x2x4z', 'ReplicaSet', 'api-7d9f8b6c5d', '7d9f8b6c5d', 'api'],
      ['api-canary-5c4b9d7f8d-q7xkz', 'ReplicaSet', 'api-canary-5c4b9d7f8d', '5c4b9d7f8d', 'api'],
      ['web-6f7d8c9b4d-m4p2r', 'ReplicaSet', 'web-6f7d8c9b4d', '6f7d8c9b4d', 'web'],
      ['batch-0', 'StatefulSet', 'batch', 'none', 'batch'],
    ]
      .map(
        ([pod, kind, owner, hash, account]) =>
          `  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: ${pod}\n      namespace: shop\n      labels: {pod-template-hash: "${hash}"}\n      ownerReferences: [{apiVersion: apps/v1, kind: ${kind}, name: ${owner}, uid: u, controller: true}]\n    spec: {serviceAccountName: ${account}, containers: [{name: app, image: x}]}\n    status: {phase: Succeeded, startTime: "2025-02-01T00:00:00Z"}\n`,
      )
      .join('')}`,
  },
]);

/** A pod name each workload's controller would give. */
const PODS: Record<string, string> = {
  api: 'api-7d9f8b6c5d-x2x4z',
  'api-canary': 'api-canary-5c4b9d7f8d-q7xkz',
  web: 'web-6f7d8c9b4d-m4p2r',
  batch: 'batch-0',
};
const ACCOUNT_OF: Record<string, string> = { api: 'api', 'api-canary': 'api', web: 'web', batch: 'batch' };

type Request = {
  /** Whose token: a workload's pod, or its ServiceAccount with no pod named. */
  readonly workload: keyof typeof PODS;
  readonly withPod: boolean;
  readonly verb: string;
  readonly code: number;
  readonly at: number;
};

const request = fc.record({
  workload: fc.constantFrom(...Object.keys(PODS)),
  withPod: fc.boolean(),
  verb: fc.constantFrom('get', 'list', 'watch', 'create', 'patch'),
  code: fc.constantFrom(200, 201, 403, 404),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
});

const scenario = fc.record({
  // Half an hour off the hour: never a whole number of days, so no rounding decides a boundary.
  days: fc.integer({ min: 12, max: 288 }).map((hours) => (2 * hours + 1) / 48),
  minDays: fc.integer({ min: 1, max: 10 }),
  readsLogged: fc.boolean(),
  requests: fc.array(request, { maxLength: 4 }),
  /** Workloads whose kubelet reports their pod alive. */
  alive: fc.subarray(Object.keys(PODS)),
});

function event(fields: Record<string, unknown>, time: number, id: string): string {
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: id,
    stage: 'ResponseComplete',
    ...fields,
    stageTimestamp: new Date(time).toISOString(),
  });
}

function logOf(scenario: Scenario): string {
  const end = START + scenario.days * DAY_MS;
  const lines: string[] = [];
  let id = 0;
  const next = (): string => `id-${(id += 1)}`;
  // The window's two ends, by someone else: a read when reads are logged, else a write.
  for (const time of [START, end]) {
    lines.push(
      event(
        {
          verb: scenario.readsLogged ? 'list' : 'create',
          user: { username: 'alice@example.com' },
          objectRef: { resource: 'configmaps', namespace: 'ops' },
          responseStatus: { code: 200 },
        },
        time,
        next(),
      ),
    );
  }
  for (const name of scenario.alive) {
    lines.push(
      event(
        {
          verb: 'patch',
          user: { username: 'system:node:node-a' },
          objectRef: { resource: 'pods', subresource: 'status', namespace: 'shop', name: PODS[name] },
          responseStatus: { code: 200 },
        },
        START + DAY_MS / 4,
        next(),
      ),
    );
  }
  for (const made of scenario.requests) {
    const extra = made.withPod ? { 'authentication.kubernetes.io/pod-name': [PODS[made.workload]] } : undefined;
    const verb = !scenario.readsLogged && ['get', 'list', 'watch'].includes(made.verb) ? 'update' : made.verb;
    lines.push(
      event(
        {
          verb,
          user: { username: `system:serviceaccount:shop:${ACCOUNT_OF[made.workload] ?? ''}`, ...(extra ? { extra } : {}) },
          objectRef: { resource: 'secrets', namespace: 'shop' },
          responseStatus: { code: made.code },
        },
        START + made.at * scenario.days * DAY_MS,
        next(),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

type Scenario = {
  days: number;
  minDays: number;
  readsLogged: boolean;
  requests: readonly Request[];
  alive: readonly string[];
};

describe('auto, from an audit log read end to end', () => {
  it('never removes the token of a workload whose ServiceAccount made any request, nor on a log with a gap', () => {
    fc.assert(
      fc.property(scenario, (drawn) => {
        const reader = createAuditLogReader();
        reader.readText('audit.log', logOf(drawn));
        const result = harden(
          BUNDLE,
          { ...DEFAULT_OPTIONS, apiAccess: 'auto' },
          { clusterDumps: [DUMP], auditLog: reader.summarize(), auditMinDays: drawn.minDays },
        );
        // Written from the scenario, not from the code under test.
        const used = new Set(drawn.requests.map((made) => ACCOUNT_OF[made.workload]));
        const logHasGap = drawn.days < drawn.minDays || !drawn.readsLogged;
        for (const report of result.workloads) {
          const account = ACCOUNT_OF[report.key.name] ?? '';
          // Workloads sharing a ServiceAccount are judged together: every one of them must have run.
          const ran = Object.keys(PODS).every((name) => ACCOUNT_OF[name] !== account || drawn.alive.includes(name));
          if (used.has(account) || logHasGap || !ran) {
            expect(report.apiAccess, `${report.key.name}: ${report.reason}`).toBe('mount');
            // Its ServiceAccount's requests are in its report, whichever pod made them.
            if (used.has(account)) expect(report.audit?.accounts.some((entry) => entry.usage.requests > 0)).toBe(true);
            else expect(report.audit?.gaps.length ?? 0).toBeGreaterThan(0);
          } else {
            // Silence that means something: the token goes.
            expect(report.apiAccess, `${report.key.name}: ${report.reason}`).toBe('none');
            expect(report.audit).toEqual({ usage: undefined, gaps: [], accounts: [] });
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the dump is read without problems, and silence on a long log with reads removes every token', () => {
    expect(DUMP.problems).toEqual([]);
    expect([...new Set(Object.values(ACCOUNT_OF))].sort()).toEqual([...ACCOUNTS].sort());
    const reader = createAuditLogReader();
    reader.readText('audit.log', logOf({ days: 8, minDays: 7, readsLogged: true, requests: [], alive: Object.keys(PODS) }));
    const result = harden(BUNDLE, { ...DEFAULT_OPTIONS, apiAccess: 'auto' }, { clusterDumps: [DUMP], auditLog: reader.summarize() });
    expect(result.workloads.map((report) => report.apiAccess)).toEqual(['none', 'none', 'none', 'none']);
  });
});
