import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { realFolder } from '../../../test/corpus';
import { createAuditLogReader, MAX_REMEMBERED_REQUESTS, type AuditLogSummary } from './read-audit-log';

const FIXTURES = join(import.meta.dirname, '../../fixtures/audit');
const boundTokenLog = readFileSync(join(FIXTURES, 'bound-token-pods.jsonl'), 'utf8');
const gkeEntries = readFileSync(join(FIXTURES, 'gke-entries.yaml'), 'utf8');
const options = { gunzip: (bytes: Uint8Array) => new Uint8Array(gunzipSync(bytes)) };

function summaryOf(files: readonly { name: string; text: string }[]): AuditLogSummary {
  const reader = createAuditLogReader(options);
  for (const file of files) reader.readText(file.name, file.text);
  return reader.summarize();
}

function readInChunks(text: string, cuts: readonly number[]): AuditLogSummary {
  const reader = createAuditLogReader(options);
  const file = reader.openFile('log');
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    file.push(text.slice(start, cut));
    start = cut;
  }
  file.push(text.slice(start));
  file.end();
  return reader.summarize();
}

/** What a summary says, without which file it came from: the same events in any wrapping say the same. */
function attributions(summary: AuditLogSummary): unknown {
  return { ...summary, files: undefined, problems: undefined };
}

const events = boundTokenLog.trimEnd().split('\n');
const parsedEvents = events.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the real samples (shared/real/audit-logs)', () => {
  const folder = realFolder('audit-logs');
  const table = folder ? readFileSync(join(folder, 'SOURCES.md'), 'utf8') : '';
  // The table's rows: | `file` | repository | path | commit | license | bytes | read as | events | SA | pod | wrapping |
  const rows = [...table.matchAll(/^\| `([^`]+)` \|(?:[^|]*\|){6} (\d+) \| (\d+) \| (\d+) \|/gm)].map((match) => ({
    file: match[1] as string,
    events: Number(match[2]),
    serviceAccount: Number(match[3]),
    pod: Number(match[4]),
  }));
  const companions = [
    ...(/Companions \(not events\):([^\n]*\n[^\n]*\n[^\n]*)/.exec(table)?.[1] ?? '').matchAll(/`([^`]+\.(?:yaml|json))`/g),
  ].map((match) => match[1]);

  it.runIf(folder)('the table lists every sample and every companion is named', () => {
    expect(rows.length).toBe(64);
    expect(companions).toEqual(['audit2rbac__testdata__demo-policy.yaml', 'panther-analysis__TESTS-extracted__provenance.json']);
    const listed = new Set([...rows.map((row) => row.file), ...companions, 'SOURCES.md']);
    expect(readdirSync(folder ?? '').filter((name) => !listed.has(name))).toEqual([]);
  });

  it.runIf(folder)('reads each file into as many records, ServiceAccount events and pod events as the table says', () => {
    const reader = createAuditLogReader(options);
    const counts = rows.map((row) => {
      const stats = reader.readText(row.file, readFileSync(join(folder ?? '', row.file), 'utf8'));
      return { file: row.file, events: stats.records, serviceAccount: stats.serviceAccountEvents, pod: stats.podEvents };
    });
    expect(counts).toEqual(rows);
    // Of those records, the only malformed one is falco's {"kind": 0}; the others that are not
    // events are Cloud Audit Logs of other services and one Azure record of another category.
    const summary = reader.summarize();
    expect(summary.files.filter((file) => file.malformed > 0).map((file) => [file.file, file.malformed])).toEqual([
      ['falco__test__trace_files__k8s_audit__fal_01_003.json', 1],
    ]);
    expect(summary.files.filter((file) => file.notAudit > 0).map((file) => [file.file, file.notAudit])).toEqual([
      ['panther-analysis__rules__TESTS-extracted__Azure.MonitorActivity.jsonl', 1],
      ['panther-analysis__rules__TESTS-extracted__GCP.AuditLog.jsonl', 8],
    ]);
    expect(summary.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.code}`)).toEqual([
      'falco__test__trace_files__k8s_audit__fal_01_003.json:1: bad-field',
      'falco__test__trace_files__k8s_audit__fal_01_003.json:0: no-events',
    ]);
    expect(summary.events).toBe(rows.reduce((sum, row) => sum + row.events, 0) - 1 - 9);
  });

  it.runIf(folder)('reports the companions as holding no audit event', () => {
    const reader = createAuditLogReader(options);
    for (const name of companions) reader.readText(name ?? '', readFileSync(join(folder ?? '', name ?? ''), 'utf8'));
    expect(reader.summarize().problems.map((problem) => [problem.file, problem.line, problem.code])).toEqual([
      ['audit2rbac__testdata__demo-policy.yaml', 0, 'no-events'],
      ['panther-analysis__TESTS-extracted__provenance.json', 0, 'no-events'],
    ]);
  });

  it.runIf(folder)("counts the audit2rbac demo's impersonated ServiceAccount requests for ns1:sa1, 403s included", () => {
    const summary = summaryOf([{ name: 'demo.log', text: readFileSync(join(folder ?? '', 'audit2rbac__testdata__demo.log'), 'utf8') }]);
    expect(summary.accounts.map((activity) => `${activity.account.namespace}/${activity.account.name}`)).toEqual(['ns1/sa1']);
    const [sa1] = summary.accounts;
    expect(sa1?.usage.requests).toBe(5);
    expect(sa1?.requestsWithoutPod).toBe(5);
    expect(sa1?.usage.operations.reduce((sum, operation) => sum + (operation.denied ?? 0), 0)).toBeGreaterThan(0);
  });
});

describe('the synthetic bound-token log', () => {
  const summary = summaryOf([{ name: 'bound-token-pods.jsonl', text: boundTokenLog }]);

  it('merges the stages of one request and counts every request once', () => {
    expect(summary.events).toBe(18);
    expect(summary.requests).toBe(15);
    expect(summary.problems).toEqual([]);
  });

  it('counts requests for the pod named in user.extra and for its ServiceAccount', () => {
    const web = summary.pods.find((pod) => pod.name === 'web-7d9f8b6c5d-x2x4z');
    expect(web).toMatchObject({
      namespace: 'shop',
      account: { namespace: 'shop', name: 'web' },
      node: 'node-a',
      uid: '00000014-7e2a-4c1b-9d3f-5a7c9e1b3d5f',
      owner: { kind: 'ReplicaSet', name: 'web-7d9f8b6c5d' },
      createdAt: '2025-03-03T09:00:00.300Z',
      deletedAt: '2025-03-05T09:00:31.000Z',
      firstSeenAlive: '2025-03-03T09:00:04.997Z',
      lastSeenAlive: '2025-03-04T08:30:02.000Z',
    });
    expect(web?.usage?.requests).toBe(6);
    expect(web?.usage?.operations).toEqual([
      {
        verb: 'get',
        apiGroup: '',
        resource: 'configmaps',
        subresource: undefined,
        namespace: 'shop',
        count: 2,
        resourceNames: ['web-settings'],
      },
      { verb: 'get', apiGroup: '', resource: '', subresource: undefined, namespace: undefined, count: 1, nonResourceURL: '/version' },
      {
        verb: 'get',
        apiGroup: '',
        resource: 'secrets',
        subresource: undefined,
        namespace: 'shop',
        count: 1,
        denied: 1,
        resourceNames: ['db-password'],
      },
      { verb: 'list', apiGroup: '', resource: 'pods', subresource: undefined, namespace: 'shop', count: 1 },
      { verb: 'watch', apiGroup: '', resource: 'endpoints', subresource: undefined, namespace: 'shop', count: 1 },
    ]);
    const account = summary.accounts.find((activity) => activity.account.name === 'web');
    expect(account?.usage).toEqual(web?.usage);
    expect(account?.requestsWithoutPod).toBe(0);
  });

  it('counts a token without a pod name, and an impersonated request, for the ServiceAccount alone', () => {
    const byName = new Map(summary.accounts.map((activity) => [`${activity.account.namespace}/${activity.account.name}`, activity]));
    expect([...byName.keys()]).toEqual([
      'kube-system/deployment-controller',
      'kube-system/replicaset-controller',
      'shop/reporter',
      'shop/web',
      'shop/worker',
    ]);
    expect(byName.get('shop/worker')).toMatchObject({ requestsWithoutPod: 1, usage: { requests: 1 } });
    expect(byName.get('shop/reporter')).toMatchObject({ requestsWithoutPod: 1, usage: { requests: 1 } });
    expect(byName.has('ops/deployer')).toBe(false);
    expect(summary.pods.some((pod) => pod.name.startsWith('deployer'))).toBe(false);
  });

  it('records pods seen running without a request of their own, and controller owners', () => {
    expect(summary.pods.find((pod) => pod.name === 'db-0')).toMatchObject({
      firstSeenAlive: '2025-03-03T12:00:00.000Z',
      lastSeenAlive: '2025-03-04T12:00:00.000Z',
      usage: undefined,
      histogram: [],
    });
    expect(summary.owners).toEqual([
      { namespace: 'shop', kind: 'ReplicaSet', name: 'web-7d9f8b6c5d', owner: { kind: 'Deployment', name: 'web' } },
    ]);
  });

  it('gives the window, whether reads are logged, and histograms that add up to the requests', () => {
    expect(summary.coverage).toEqual({
      firstTimestamp: '2025-03-03T09:00:00.100Z',
      lastTimestamp: '2025-03-05T09:00:31.000Z',
      readsLogged: true,
    });
    const timeline = summary.timeline;
    expect(timeline?.buckets).toBeGreaterThanOrEqual(32);
    expect(timeline?.buckets).toBeLessThanOrEqual(64);
    for (const activity of summary.accounts) {
      expect(activity.histogram).toHaveLength(timeline?.buckets ?? 0);
      expect(activity.histogram.reduce((sum, count) => sum + count, 0)).toBe(activity.usage.requests);
    }
    // The last request (the kubelet's delete) falls in the last bucket, the first in the first.
    const controllers = summary.accounts.find((activity) => activity.account.name === 'deployment-controller');
    expect(controllers?.histogram[0]).toBe(1);
  });
});

function gzipBase64(value: unknown): string {
  return Buffer.from(gzipSync(JSON.stringify(value))).toString('base64');
}

function timeOf(event: Record<string, unknown>): number {
  return Date.parse(String(event['stageTimestamp']));
}

describe('every wrapping of the same events reads the same', () => {
  const plain = attributions(summaryOf([{ name: 'plain', text: boundTokenLog }]));
  const logEvents = parsedEvents.map((event, index) => ({ id: String(index), timestamp: timeOf(event), message: JSON.stringify(event) }));
  const wrappings: Record<string, string> = {
    'AKS Event Hubs body': JSON.stringify({
      records: events.map((line, index) => ({
        operationName: 'Microsoft.ContainerService/managedClusters/diagnosticLogs/Read',
        category: 'kube-audit',
        properties: { log: `${line}\n`, stream: 'stdout', pod: `kube-apiserver-79599f95c7-qn55${index % 10}` },
        time: new Date(timeOf(parsedEvents[index] ?? {})).toISOString(),
      })),
    }),
    'AKS records, one a line': events.map((line) => JSON.stringify({ category: 'kube-audit', properties: { log: line } })).join('\n'),
    'CloudWatch export lines': parsedEvents.map((event, index) => `${new Date(timeOf(event)).toISOString()} ${events[index]}`).join('\n'),
    'CloudWatch subscription payloads, base64 gzip': logEvents
      .map((logEvent) =>
        gzipBase64({
          messageType: 'DATA_MESSAGE',
          owner: '123456789012',
          logGroup: '/aws/eks/shop/cluster',
          logStream: 'kube-apiserver-audit-0',
          subscriptionFilters: ['all'],
          logEvents: [logEvent],
        }),
      )
      .join('\n'),
    'a Lambda event': JSON.stringify({ awslogs: { data: gzipBase64({ messageType: 'DATA_MESSAGE', logEvents }) } }),
    'Kinesis records': JSON.stringify({ Records: [{ kinesis: { data: gzipBase64({ messageType: 'DATA_MESSAGE', logEvents }) } }] }),
    'aws logs filter-log-events output': JSON.stringify(
      { events: logEvents.map((logEvent) => ({ logStreamName: 'kube-apiserver-audit-0', ...logEvent })), searchedLogStreams: [] },
      null,
      4,
    ),
    'a pretty-printed JSON array': JSON.stringify(parsedEvents, null, 2),
    'a webhook EventList': JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: parsedEvents }),
    'a pretty-printed EventList': JSON.stringify(
      { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: parsedEvents },
      null,
      2,
    ),
    'values run together on one line (Firehose)': events.join(''),
    'CRLF line endings and a byte-order mark': `\ufeff${events.join('\r\n')}\r\n`,
    'pretty-printed events one after another': parsedEvents.map((event) => JSON.stringify(event, null, 2)).join('\n'),
  };
  it.each(Object.entries(wrappings))('%s', (_label, text) => {
    const summary = summaryOf([{ name: 'wrapped', text }]);
    expect(summary.problems).toEqual([]);
    expect(attributions(summary)).toEqual(plain);
  });

  it('a single AKS record after a byte-order mark, pretty-printed', () => {
    const record = {
      category: 'kube-audit',
      properties: { log: events[2], pod: 'kube-apiserver-6df5497d6d-g2vd7' },
      time: '2025-03-03T09:00:05Z',
    };
    const summary = summaryOf([{ name: 'record.json', text: `\ufeff${JSON.stringify(record, null, 2)}\n` }]);
    expect(summary.events).toBe(1);
    expect(summary.pods.map((pod) => pod.name)).toEqual(['web-7d9f8b6c5d-x2x4z']);
  });

  it('without a way to decompress, gzip payloads are reported, not guessed', () => {
    const reader = createAuditLogReader();
    reader.readText('payloads', wrappings['CloudWatch subscription payloads, base64 gzip'] ?? '');
    const summary = reader.summarize();
    expect(summary.events).toBe(0);
    expect(summary.problems[0]).toMatchObject({ code: 'no-gunzip', line: 1 });
  });
});

describe('GKE entries as gcloud logging read prints them', () => {
  const summary = summaryOf([{ name: 'gke-entries.yaml', text: gkeEntries }]);
  it('reads the principal, the group from resourceName, and a denied request', () => {
    expect(summary.events).toBe(4);
    const web = summary.accounts.find((activity) => activity.account.name === 'web');
    expect(web?.requestsWithoutPod).toBe(3);
    expect(
      web?.usage.operations.map((operation) => [
        operation.verb,
        operation.apiGroup,
        operation.resource,
        operation.namespace,
        operation.denied,
      ]),
    ).toEqual([
      ['get', '', 'configmaps', 'shop', undefined],
      ['get', '', 'secrets', 'shop', 1],
      ['update', 'coordination.k8s.io', 'leases', 'shop', undefined],
    ]);
    expect(summary.pods).toMatchObject([{ name: 'web-7d9f8b6c5d-x2x4z', createdAt: '2025-03-03T09:00:00.300Z' }]);
  });
  it('reads the same entries as JSON lines and as a JSON array', () => {
    const documents = gkeEntries.split(/^---$/m).slice(1);
    const entries = summaryOf([{ name: 'yaml', text: gkeEntries }]);
    const asJson = documents.map((document) => JSON.stringify(parseYaml(document)));
    expect(attributions(summaryOf([{ name: 'jsonl', text: asJson.join('\n') }]))).toEqual(attributions(entries));
    expect(attributions(summaryOf([{ name: 'array', text: `[\n${asJson.join(',\n')}\n]` }]))).toEqual(attributions(entries));
  });
});

describe('malformed records', () => {
  const good = events[3] ?? '';
  const text = [
    good,
    good.slice(0, 200),
    '{"kind": 0}',
    'not json at all',
    '{"kind":"Event","verb":5}',
    '{',
    '  "kind": "Event",',
    '  "user": {"username": "system:serviceaccount:shop:cut"',
    events[4] ?? '',
    '{"kind":"Policy","apiVersion":"audit.k8s.io/v1","rules":[]}',
    events[5] ?? '',
  ].join('\n');

  it('are counted and reported with their line, and never stop the run', () => {
    const reader = createAuditLogReader();
    const stats = reader.readText('mixed.log', text);
    const summary = reader.summarize();
    expect(summary.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.code}`)).toEqual([
      'mixed.log:2: truncated-json',
      'mixed.log:3: bad-field',
      'mixed.log:4: not-json',
      'mixed.log:5: bad-field',
      'mixed.log:6: truncated-json',
    ]);
    expect(stats).toMatchObject({ records: 9, events: 3, malformed: 5, notAudit: 1 });
    expect(summary.requests).toBe(3);
  });

  it('a file that ends inside a value reports where the value started', () => {
    const reader = createAuditLogReader();
    reader.readText('cut.json', `${good}\n{\n  "kind": "Event",\n  "verb": "get"`);
    expect(reader.summarize().problems).toMatchObject([{ file: 'cut.json', line: 2, code: 'truncated-json' }]);
  });

  it('a message CloudWatch cut short is read up to the cut, and said so', () => {
    const event = { ...parsedEvents[3], requestObject: { data: 'x'.repeat(5000) } };
    const message = `${JSON.stringify(event).slice(0, 3000)}[Truncated...]`;
    const reader = createAuditLogReader();
    const stats = reader.readText('cw.log', `2025-03-03T09:00:05.000Z ${message}\n`);
    const summary = reader.summarize();
    expect(stats).toMatchObject({ events: 1, truncated: 1 });
    expect(summary.problems).toMatchObject([{ line: 1, code: 'truncated-message' }]);
    expect(summary.pods.map((pod) => pod.name)).toEqual(['web-7d9f8b6c5d-x2x4z']);
    // The cut removed stageTimestamp: the export line's time stands in for it.
    expect(summary.coverage.firstTimestamp).toBe('2025-03-03T09:00:05.000Z');
  });
});

describe('merging stages and counting denials', () => {
  const [received, complete] = [parsedEvents[2], parsedEvents[3]].map((event) => ({ ...event }));
  it('a 403 on the last stage marks the request denied once', () => {
    const denied = { ...complete, responseStatus: { code: 403 } };
    const summary = summaryOf([{ name: 'a', text: [received, denied, denied].map((event) => JSON.stringify(event)).join('\n') }]);
    expect(summary.requests).toBe(1);
    expect(summary.accounts[0]?.usage.operations[0]).toMatchObject({ count: 1, denied: 1 });
  });
  it('stages split across files count once', () => {
    const summary = summaryOf([
      { name: 'a', text: JSON.stringify(received) },
      { name: 'b', text: JSON.stringify(complete) },
    ]);
    expect(summary.requests).toBe(1);
    expect(summary.events).toBe(2);
  });
  it('remembers far more request IDs than can be open at once', () => {
    expect(MAX_REMEMBERED_REQUESTS).toBeGreaterThanOrEqual(1 << 20);
  });
});

describe('coverage gaps', () => {
  it('a log without reads says reads may be left out', () => {
    const writes = parsedEvents.filter((event) => !['get', 'list', 'watch'].includes(String(event['verb'])));
    const summary = summaryOf([{ name: 'w', text: writes.map((event) => JSON.stringify(event)).join('\n') }]);
    expect(summary.coverage.readsLogged).toBe(false);
    expect(summary.coverage.readsGap).toMatch(/policy may leave reads out/);
  });
  it("AKS's kube-audit-admin category hides reads, and says so", () => {
    const text = events.map((line) => JSON.stringify({ category: 'kube-audit-admin', properties: { log: line } })).join('\n');
    const summary = summaryOf([{ name: 'aks', text }]);
    expect(summary.coverage.readsLogged).toBe(false);
    expect(summary.coverage.readsGap).toMatch(/kube-audit-admin/);
  });
  it('an empty log has no window', () => {
    const summary = summaryOf([{ name: 'empty', text: '' }]);
    expect(summary.coverage).toEqual({ firstTimestamp: undefined, lastTimestamp: undefined, readsLogged: false });
    expect(summary.timeline).toBeUndefined();
    expect(summary.problems).toMatchObject([{ code: 'no-events', line: 0 }]);
  });
});

describe('streaming', () => {
  const texts: Record<string, string> = {
    'JSON lines': boundTokenLog,
    'a pretty-printed array': JSON.stringify(parsedEvents, null, 2),
    'YAML documents': gkeEntries,
    'CRLF, a BOM and malformed lines': `\ufeff${events.slice(0, 6).join('\r\n')}\r\n{"kind": 0}\r\n${(events[7] ?? '').slice(0, 90)}\r\n${events.slice(8).join('\r\n')}`,
    'values run together': events.join(''),
  };
  it.each(Object.entries(texts))('any chunking of %s reads the same as the whole', (_label, text) => {
    const whole = readInChunks(text, []);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 40 }), (cuts) => {
        expect(readInChunks(text, cuts)).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
  it('chunks of every size from 1 to 64 characters read the same', () => {
    const text = texts['CRLF, a BOM and malformed lines'] ?? '';
    const whole = readInChunks(text, []);
    for (let size = 1; size <= 64; size += 1) {
      const cuts = Array.from({ length: Math.ceil(text.length / size) }, (_, index) => index * size);
      expect(readInChunks(text, cuts)).toEqual(whole);
    }
  });
});

describe('requests over the window', () => {
  it('give every pod and ServiceAccount a bar of the summary’s buckets that counts each of its requests once', () => {
    const summary = summaryOf([{ name: 'log', text: boundTokenLog }]);
    const buckets = summary.timeline?.buckets ?? 0;
    expect(buckets).toBeGreaterThan(0);
    const usages = [...summary.pods.map((pod) => pod.usage), ...summary.accounts.map((account) => account.usage)];
    expect(usages.some((usage) => usage !== undefined)).toBe(true);
    for (const usage of usages) {
      if (!usage) continue;
      expect(usage.histogram).toHaveLength(buckets);
      expect(usage.histogram?.reduce((sum, count) => sum + count, 0)).toBe(usage.requests);
    }
  });
});
