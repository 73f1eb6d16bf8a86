import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { realFolder, repositoryRoot } from '../test/corpus';
import { EXIT } from './cli';
import { runInMemoryAsync } from '../test/cli-in-memory';

const EXAMPLE = join(repositoryRoot, 'src/core/fixtures/audit/worked-example');
const BUNDLE = join(EXAMPLE, 'bundle.yaml');
const LOG = join(EXAMPLE, 'audit.jsonl');
const CLUSTER = join(EXAMPLE, 'cluster.yaml');
const LOG_TEXT = readFileSync(LOG, 'utf8');
const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const ESC = '\u001b';

const scratch = mkdtempSync(join(tmpdir(), 'audit-log-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/** Runs the command in-process on real files (audit logs are streamed from disk), standard input given. */
const run = (argv: string[], stdin = '') =>
  runInMemoryAsync(argv, { stdin, io: { readFile: (path) => readFileSync(path), cwd: () => scratch } });

type WorkloadRow = {
  kind: string;
  name: string;
  apiAccess: string;
  recommended: string;
  strong: boolean;
  evidence: { source: string; text: string }[];
  audit?: {
    requests: number;
    firstSeen: string | null;
    lastSeen: string | null;
    operations: { verb: string; resource: string; count: number }[];
    gaps: string[];
  };
};

async function workloads(argv: string[], stdin = ''): Promise<Map<string, WorkloadRow>> {
  const result = await run([...argv, '--format', 'workloads', '--json'], stdin);
  expect(result.status, result.stderr).toBe(EXIT.ok);
  const rows = (JSON.parse(result.stdout) as { workloads: WorkloadRow[] }).workloads;
  return new Map(rows.map((row) => [row.name, row]));
}

/** Which workloads of the hardened bundle still mount a token (kind/name → whether it does). */
function tokens(output: string): Record<string, boolean> {
  const found: Record<string, boolean> = {};
  for (const document of parseAllDocuments(output)) {
    const object = document.toJS() as { kind: string; metadata: { name: string } } | null;
    if (!object || !['Deployment', 'CronJob'].includes(object.kind)) continue;
    found[`${object.kind}/${object.metadata.name}`] = JSON.stringify(object).includes(TOKEN_PATH);
  }
  return found;
}

/** Requests made with a ServiceAccount's token, counted here from the log itself (one per auditID). */
function requestsOf(account: string, text = LOG_TEXT): number {
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const event = JSON.parse(line) as { auditID: string; user: { username: string } };
    if (event.user.username === `system:serviceaccount:shop:${account}`) ids.add(event.auditID);
  }
  return ids.size;
}

const AUTO = ['--api-access', 'auto', '--audit-log', LOG, '--cluster', CLUSTER, BUNDLE];

describe('the worked example: an operator, a web front end and a nightly report, an 8-day log and a cluster dump', () => {
  it('auto removes exactly the tokens of the web front end and the report, and keeps the operator', async () => {
    const hardened = await run(AUTO);
    expect(hardened.status, hardened.stderr).toBe(EXIT.ok);
    expect(tokens(hardened.stdout)).toEqual({ 'Deployment/operator': true, 'Deployment/web': false, 'CronJob/report': false });
    expect(hardened.stderr).not.toContain('warning');
  });

  it('says why, workload by workload, with the requests the log shows', async () => {
    const rows = await workloads(AUTO);
    const operator = rows.get('operator');
    expect(operator).toMatchObject({ apiAccess: 'mount', recommended: 'mount', strong: true });
    expect(operator?.audit?.requests).toBe(requestsOf('operator'));
    expect(operator?.audit?.requests).toBeGreaterThan(0);
    expect(operator?.audit?.operations.map((operation) => `${operation.verb} ${operation.resource}`)).toEqual(
      expect.arrayContaining(['list configmaps', 'watch configmaps', 'get deployments', 'patch deployments/scale', 'create events']),
    );
    expect(operator?.audit?.operations.length).toBeLessThanOrEqual(5);
    expect(operator?.audit?.firstSeen?.startsWith('2025-03-01')).toBe(true);
    expect(operator?.audit?.lastSeen?.startsWith('2025-03-09')).toBe(true);
    for (const name of ['web', 'report']) {
      expect(rows.get(name)).toMatchObject({ apiAccess: 'none', recommended: 'none', strong: true });
      expect(rows.get(name)?.audit).toEqual({ requests: 0, firstSeen: null, lastSeen: null, operations: [], gaps: [] });
      expect(requestsOf(name)).toBe(0);
    }
  });

  it('prints the table with the requests and the reasons', async () => {
    const table = await run([...AUTO, '--format', 'workloads']);
    expect(table.stdout).toMatch(/^WORKLOAD +SERVICEACCOUNT +API ACCESS +RECOMMENDED +REQUESTS +REASON$/m);
    expect(table.stdout).toMatch(
      new RegExp(`^Deployment/shop/operator .* mount \\(auto\\) +mount, strong +${requestsOf('operator')} +Keep the token`, 'm'),
    );
    expect(table.stdout).toMatch(/^Deployment\/shop\/web .* none \(auto\) +none, strong +0 +No token: the audit log covers 8 days/m);
    expect(table.stdout).toMatch(/^ {4}\d+ requests, first 2025-03-01T.*: get deployments\.apps in shop \(\d+\)/m);
  });

  it('without the cluster dump, the web front end keeps its token: only a guess ties its pods to it', async () => {
    const rows = await workloads(['--api-access', 'auto', '--audit-log', LOG, BUNDLE]);
    expect(rows.get('web')).toMatchObject({ apiAccess: 'mount', recommended: 'none', strong: false });
    expect(rows.get('web')?.audit?.gaps).toEqual(['nothing shows that pods of Deployment/shop/web ran in the window']);
    // The report's pods are tied by the log's own create events (pod → Job → CronJob).
    expect(rows.get('report')).toMatchObject({ apiAccess: 'none', strong: true });
  });

  it('--audit-min-days longer than the log keeps every token, the gap named', async () => {
    const rows = await workloads(['--api-access', 'auto', '--audit-min-days', '10', '--audit-log', LOG, '--cluster', CLUSTER, BUNDLE]);
    for (const name of ['web', 'report']) {
      expect(rows.get(name)).toMatchObject({ apiAccess: 'mount', recommended: 'none', strong: false });
      expect(rows.get(name)?.audit?.gaps).toEqual(['the audit log covers 8 days, less than 10 days']);
    }
    const eight = await workloads(['--api-access', 'auto', '--audit-min-days', '8', '--audit-log', LOG, '--cluster', CLUSTER, BUNDLE]);
    expect(eight.get('web')?.apiAccess).toBe('none');
  });

  it('a log without reads keeps every token: "reads are not in this log"', async () => {
    const writesOnly = LOG_TEXT.split('\n')
      .filter((line) => !/"verb":"(get|list|watch)"/.test(line))
      .join('\n');
    const path = scratchFile('writes-only.jsonl', writesOnly);
    const rows = await workloads(['--api-access', 'auto', '--audit-log', path, '--cluster', CLUSTER, BUNDLE]);
    for (const row of rows.values()) expect(row.apiAccess).toBe('mount');
    expect(rows.get('web')?.audit?.gaps).toEqual(['reads (get, list, watch) are not in this log']);
  });
});

describe('--audit-log', () => {
  const expected = run(AUTO);

  it('takes globs, several files and rotated gzip files, read by content', async () => {
    const lines = LOG_TEXT.split('\n').filter((line) => line !== '');
    const half = Math.floor(lines.length / 2);
    scratchFile('audit-1.log', `${lines.slice(0, half).join('\n')}\n`);
    // Rotated and compressed, under a name that does not say so.
    scratchFile('audit-2.log', gzipSync(`${lines.slice(half).join('\n')}\n`));
    const split = await run(['--api-access', 'auto', '--audit-log', 'audit-*.log', '--cluster', CLUSTER, BUNDLE]);
    expect(split).toEqual(await expected);
    const listed = await run([
      '--api-access',
      'auto',
      '--audit-log',
      join(scratch, 'audit-2.log'),
      '--audit-log',
      join(scratch, 'audit-1.log'),
      '--cluster',
      CLUSTER,
      BUNDLE,
    ]);
    expect(listed).toEqual(await expected);
  });

  it('reads - from standard input, and refuses it when the manifest reads standard input too', async () => {
    const piped = await run(['--api-access', 'auto', '--audit-log', '-', '--cluster', CLUSTER, BUNDLE], LOG_TEXT);
    expect(piped).toEqual(await expected);
    const both = await run(['--api-access', 'auto', '--audit-log', '-'], readFileSync(BUNDLE, 'utf8'));
    expect(both).toEqual({
      status: EXIT.error,
      stdout: '',
      stderr: 'sa-token-hardener: error: --audit-log - and the manifest would both read standard input: name a file for one of them\n',
    });
  });

  it('counts malformed lines and reports them with FILE:LINE, and goes on', async () => {
    const lines = LOG_TEXT.split('\n');
    const broken = [lines[0], 'not json at all', '{"kind": 0}', (lines[1] ?? '').slice(0, 80), ...lines.slice(2)].join('\n');
    const path = scratchFile('broken.jsonl', broken);
    const result = await run(['--api-access', 'auto', '--audit-log', path, '--cluster', CLUSTER, BUNDLE]);
    expect(result.status).toBe(EXIT.ok);
    const warnings = result.stderr.split('\n').filter((line) => line.includes(': warning: '));
    expect(warnings.map((line) => line.slice(0, line.indexOf(': warning:')))).toEqual([`${path}:2`, `${path}:3`, `${path}:4`]);
    // The rest is read: the tokens go as before.
    expect(tokens(result.stdout)).toEqual({ 'Deployment/operator': true, 'Deployment/web': false, 'CronJob/report': false });
    expect((await run(['--quiet', '--api-access', 'auto', '--audit-log', path, '--cluster', CLUSTER, BUNDLE])).stderr).toBe('');
    expect(result.stderr).not.toContain('audit.jsonl');
  });

  it('says that a file holds no audit event (an audit policy), and nothing is removed on its word', async () => {
    const policy = scratchFile(
      'policy.yaml',
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    verbs: [get, list, watch]\n  - level: Metadata\n',
    );
    const result = await run([
      '--api-access',
      'auto',
      '--audit-log',
      policy,
      '--cluster',
      CLUSTER,
      BUNDLE,
      '--format',
      'workloads',
      '--json',
    ]);
    expect(result.status).toBe(EXIT.ok);
    expect(result.stderr).toMatch(new RegExp(`^${policy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: warning: holds no audit event`, 'm'));
    const rows = (JSON.parse(result.stdout) as { workloads: WorkloadRow[] }).workloads;
    expect(rows.map((row) => row.apiAccess)).toEqual(['mount', 'mount', 'mount']);
    expect(rows[1]?.audit?.gaps).toContain('the audit log holds no event');
  });

  it('refuses a file that does not exist and a pattern that matches nothing, with exit 2', async () => {
    const missing = await run(['--audit-log', join(scratch, 'nope.log'), BUNDLE]);
    expect(missing).toMatchObject({ status: EXIT.error, stdout: '' });
    expect(missing.stderr).toBe(`${join(scratch, 'nope.log')}: error: no such file\n`);
    const none = await run(['--audit-log', 'nothing-*.log', BUNDLE]);
    expect(none).toEqual({ status: EXIT.error, stdout: '', stderr: 'nothing-*.log: error: no file matches this pattern\n' });
  });

  it('reads every real sample through the command, each event file without a "no audit event" warning', async () => {
    const folder = realFolder('audit-logs');
    if (folder === undefined) return;
    const samples = readdirSync(folder).filter((name) => name !== 'SOURCES.md');
    const result = await run(['--audit-log', `${folder}/*`, '--format', 'workloads', '--json', BUNDLE]);
    expect(result.status, result.stderr).toBe(EXIT.ok);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    for (const line of lines) expect(line).toMatch(/^[^:]+(:\d+)?: (warning|note): /);
    const empty = lines.filter((line) => line.includes('holds no audit event')).map((line) => basename(line.slice(0, line.indexOf(':'))));
    // SOURCES.md, the audit policy, a provenance companion and the FAL-01-003 file (`{"kind": 0}` alone) hold no event.
    expect(empty.sort()).toEqual([
      'SOURCES.md',
      'audit2rbac__testdata__demo-policy.yaml',
      'falco__test__trace_files__k8s_audit__fal_01_003.json',
      'panther-analysis__TESTS-extracted__provenance.json',
    ]);
    expect(samples.length).toBeGreaterThan(60);
  });
});

describe('--audit-min-days', () => {
  it.each(['0', '-1', 'abc', '7d', '', '1e3', '367'])('refuses %j with exit 2', async (value) => {
    const result = await run([`--audit-min-days=${value}`, '--audit-log', LOG, BUNDLE]);
    expect(result.status).toBe(EXIT.error);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`--audit-min-days: "${value}" is not a number of days: give one from 1 to 366 (the default is 7)`);
  });

  it('needs --audit-log', async () => {
    expect(await run(['--audit-min-days', '3', BUNDLE])).toEqual({
      status: EXIT.error,
      stdout: '',
      stderr: 'sa-token-hardener: error: --audit-min-days needs --audit-log: it says how long a log must cover\n',
    });
  });
});

describe('--format role', () => {
  it('writes the least Role for each ServiceAccount that keeps its token, and says which made no request', async () => {
    const result = await run(['--format', 'role', '--audit-log', LOG, '--cluster', CLUSTER, BUNDLE]);
    expect(result.status, result.stderr).toBe(EXIT.ok);
    const objects = parseAllDocuments(result.stdout).map((document) => document.toJS() as Record<string, unknown>);
    expect(objects.map((object) => `${String(object['kind'])}/${String((object['metadata'] as { name: string }).name)}`)).toEqual([
      'Role/observed:operator',
      'RoleBinding/observed:operator',
    ]);
    const rules = (objects[0] as { rules: { apiGroups: string[]; resources: string[]; resourceNames?: string[]; verbs: string[] }[] })
      .rules;
    expect(rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments/scale'], resourceNames: ['web'], verbs: ['patch'] },
    ]);
    expect(objects[1]).toMatchObject({ subjects: [{ kind: 'ServiceAccount', name: 'operator', namespace: 'shop' }] });
    // Under the default (mount) the quiet ServiceAccounts keep their token: no Role, and a comment says why.
    expect(result.stdout).toContain(
      '# ServiceAccount "web" in namespace "shop", used by Deployment/shop/web: keeps its token, but the audit log shows no request made with it, so no Role.',
    );
  });

  it('leaves out the ServiceAccounts whose tokens auto removed', async () => {
    const result = await run(['--format', 'role', ...AUTO]);
    expect(result.stdout).not.toContain('"web"');
    expect(result.stdout).not.toContain('"report"');
    expect(result.stdout).toContain('kind: Role\n');
  });

  it('needs --audit-log', async () => {
    expect(await run(['--format', 'role', BUNDLE])).toEqual({
      status: EXIT.error,
      stdout: '',
      stderr: 'sa-token-hardener: error: --format role needs --audit-log: the Roles are made from the requests the log shows\n',
    });
  });
});

describe('what the log says is escaped wherever it is printed', () => {
  it('names from the log reach neither the terminal nor the Role raw', async () => {
    const [first = ''] = LOG_TEXT.split('\n').filter(
      (line) => line.includes('system:serviceaccount:shop:operator') && line.includes('"verb":"get"'),
    );
    const event = JSON.parse(first) as { auditID: string; objectRef: { name: string } };
    const hostileName = `web${ESC}]0;owned${ESC}\\\u202e`;
    const hostile = JSON.stringify({ ...event, auditID: `x-${event.auditID}`, objectRef: { ...event.objectRef, name: hostileName } });
    const hostileUser = JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      verb: 'get',
      user: { username: `system:serviceaccount:shop:${ESC}[2J` },
    });
    const path = scratchFile('hostile.jsonl', `${LOG_TEXT}${hostile}\n${hostileUser}\n`);
    for (const format of ['workloads', 'role']) {
      const result = await run(['--format', format, '--audit-log', path, '--cluster', CLUSTER, BUNDLE]);
      expect(result.status, result.stderr).toBe(EXIT.ok);
      expect(result.stdout).not.toContain(ESC);
      expect(result.stdout).not.toContain('\u202e');
      expect(result.stderr).not.toContain(ESC);
    }
    const role = await run(['--format', 'role', '--audit-log', path, '--cluster', CLUSTER, BUNDLE]);
    // Read back, the escaped name is the name the log holds.
    const names = parseAllDocuments(role.stdout).flatMap((document) =>
      ((document.toJS() as { rules?: { resourceNames?: string[] }[] } | null)?.rules ?? []).flatMap((rule) => rule.resourceNames ?? []),
    );
    expect(names).toContain(hostileName);
  });

  it('--format workloads --json writes bidirectional and invisible characters from the log as \\u escapes, and reads back the same', async () => {
    const [first = ''] = LOG_TEXT.split('\n').filter(
      (line) => line.includes('system:serviceaccount:shop:operator') && line.includes('"verb":"get"'),
    );
    const event = JSON.parse(first) as { auditID: string; objectRef: Record<string, string>; requestURI: string };
    // A resource and a path holding a right-to-left override, an isolate, a zero-width space and a tag
    // character, requested often enough to be among the operator's most frequent requests.
    const hostileResource = 'secrets\u202e\u2066txt';
    const hostilePath = '/version\u200b\u{e0041}';
    const hostile = Array.from({ length: 40 }, (_, index) => [
      JSON.stringify({ ...event, auditID: `r${index}-${event.auditID}`, objectRef: { ...event.objectRef, resource: hostileResource } }),
      JSON.stringify({ ...event, auditID: `p${index}-${event.auditID}`, objectRef: undefined, requestURI: hostilePath }),
    ]).flat();
    const path = scratchFile('bidi.jsonl', `${LOG_TEXT}${hostile.join('\n')}\n`);
    const result = await run(['--format', 'workloads', '--json', '--audit-log', path, '--cluster', CLUSTER, BUNDLE]);
    expect(result.status, result.stderr).toBe(EXIT.ok);
    expect(result.stdout).toContain('secrets\\u202e\\u2066txt');
    expect(result.stdout).toContain('/version\\u200b\\udb40\\udc41');
    expect(result.stdout).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b\u{e0041}]/u);
    const operator = (JSON.parse(result.stdout) as { workloads: WorkloadRow[] }).workloads.find((row) => row.name === 'operator');
    expect(operator?.audit?.operations.map((operation) => operation.resource)).toEqual(
      expect.arrayContaining([hostileResource, hostilePath]),
    );
    // The table shows them escaped as well.
    const table = await run(['--format', 'workloads', '--audit-log', path, '--cluster', CLUSTER, BUNDLE]);
    expect(table.stdout).toContain('secrets\\u202e\\u2066txt');
    expect(table.stdout).toContain('/version\\u200b\\U000e0041');
    expect(table.stdout).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b\u{e0041}]/u);
  });
});
