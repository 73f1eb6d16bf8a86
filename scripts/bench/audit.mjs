#!/usr/bin/env node
// Audit-log reading, measured against baselines in the same run (issue 21, item 5):
//   1. a synthetic kube-apiserver log of ~300 MB (AUDIT_BENCH_MB), realistic events: bound-token
//      requests from 2,000 pods of 300 ServiceAccounts, controllers and kubelets, stages of one
//      request on separate lines, some RequestResponse bodies; a few hundred thousand requests;
//   2. the same log gzipped;
//   3. each read by the CLI's reader (src/cli/audit-log-files.ts, bundled here with esbuild) and by
//      a baseline that only splits the same file into lines and JSON.parses each line (after
//      gunzip for the gzip file), each in its own process, both reading the file in chunks of the
//      same size; time and peak RSS.
// Targets: reader / baseline <= 1.5, for plain and gzip; peak RSS <= 250 MB for the 300 MB log.
// Ratios are per round (the reader against the baseline run just before it), their median over
// AUDIT_BENCH_ROUNDS rounds; the CPU time ratio (user + system, all threads) is printed beside
// the wall-clock one, as it moves less when other processes share the machine.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync, createReadStream, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { build } from 'esbuild';

const TARGET_MB = Number(process.env.AUDIT_BENCH_MB ?? 300);
const ROUNDS = Number(process.env.AUDIT_BENCH_ROUNDS ?? 5);
/** The CLI reader's chunk size (FILE_CHUNK_BYTES in src/cli/audit-log-files.ts), given to both readers, for files and gunzip alike. */
const CHUNK_BYTES = 64 * 1024;
const work = mkdtempSync(join(tmpdir(), 'sa-token-hardener-audit-bench-'));
const logPath = join(work, 'audit.log');
const gzipPath = join(work, 'audit-rotated.log.gz');

/** A deterministic pseudo-random sequence, so every run reads the same log. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

function generateLog(path, targetBytes) {
  const next = random(21);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const namespaces = Array.from({ length: 30 }, (_, index) => `team-${index}`);
  const accounts = Array.from({ length: 300 }, (_, index) => ({ namespace: namespaces[index % 30], name: `app-${index}` }));
  const pods = Array.from({ length: 2000 }, (_, index) => {
    const account = accounts[index % 300];
    return {
      account,
      name: `${account.name}-7d9f8b6c5d-${String(index).padStart(5, 'x')}`,
      uid: `5b9488ae-5563-42aa-850b-${String(index).padStart(12, '0')}`,
      node: `node-${index % 50}`,
    };
  });
  const operations = [
    ['get', '', 'configmaps', true],
    ['list', '', 'pods', false],
    ['watch', '', 'endpoints', false],
    ['get', '', 'secrets', true],
    ['update', 'coordination.k8s.io', 'leases', true],
    ['create', '', 'events', false],
    ['patch', 'apps', 'deployments', true],
    ['list', 'discovery.k8s.io', 'endpointslices', false],
  ];
  const fd = openSync(path, 'w');
  let written = 0;
  let requests = 0;
  let lines = 0;
  let batch = [];
  let time = Date.UTC(2025, 2, 1);
  while (written < targetBytes) {
    requests += 1;
    time += Math.floor(next() * 4000);
    const auditID = `${((requests * 2654435761) >>> 0).toString(16).padStart(8, '0')}-1c2d-4e5f-8a9b-${String(requests).padStart(12, '0')}`;
    const roll = next();
    let user;
    let ref;
    let verb;
    let userAgent;
    let body;
    if (roll < 0.7) {
      const pod = pick(pods);
      const [opVerb, group, resource, named] = pick(operations);
      verb = opVerb;
      user = {
        username: `system:serviceaccount:${pod.account.namespace}:${pod.account.name}`,
        uid: `0b6c1d2e-0000-4000-8000-${String(accounts.indexOf(pod.account)).padStart(12, '0')}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${pod.account.namespace}`, 'system:authenticated'],
        extra: {
          'authentication.kubernetes.io/credential-id': [`JTI=6a1f0c2e-${String(requests % 9999).padStart(4, '0')}-4d2b-9c1e-3f5a7b9d1e2f`],
          'authentication.kubernetes.io/node-name': [pod.node],
          'authentication.kubernetes.io/node-uid': ['5c9e2f4a-1b3d-4e6f-8a0c-2d4f6b8a0c1e'],
          'authentication.kubernetes.io/pod-name': [pod.name],
          'authentication.kubernetes.io/pod-uid': [pod.uid],
        },
      };
      ref = {
        resource,
        namespace: pod.account.namespace,
        ...(named ? { name: `${pod.account.name}-${resource}` } : {}),
        ...(group ? { apiGroup: group } : {}),
        apiVersion: 'v1',
      };
      userAgent = `${pod.account.name}/1.4.2 (linux/amd64) kubernetes/client-go`;
      if (verb === 'patch' && next() < 0.5)
        body = {
          spec: {
            replicas: 3,
            template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date(time).toISOString() } } },
          },
        };
    } else if (roll < 0.9) {
      const pod = pick(pods);
      verb = 'patch';
      user = { username: `system:node:${pod.node}`, groups: ['system:nodes', 'system:authenticated'] };
      ref = { resource: 'pods', namespace: pod.account.namespace, name: pod.name, apiVersion: 'v1', subresource: 'status' };
      userAgent = 'kubelet/v1.32.2 (linux/amd64) kubernetes/67a30c0';
      body = {
        status: { conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: new Date(time).toISOString() }] },
      };
    } else {
      verb = pick(['get', 'list', 'update']);
      const controller = pick(['replicaset-controller', 'deployment-controller', 'endpoint-controller', 'job-controller']);
      user = {
        username: `system:serviceaccount:kube-system:${controller}`,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
      };
      ref = {
        resource: pick(['replicasets', 'deployments', 'endpoints', 'jobs']),
        namespace: pick(namespaces),
        apiGroup: 'apps',
        apiVersion: 'v1',
      };
      userAgent = `kube-controller-manager/v1.32.2 (linux/amd64) kubernetes/67a30c0/system:serviceaccount:kube-system:${controller}`;
    }
    const stages =
      verb === 'watch'
        ? ['RequestReceived', 'ResponseStarted', 'ResponseComplete']
        : next() < 0.3
          ? ['RequestReceived', 'ResponseComplete']
          : ['ResponseComplete'];
    const code = next() < 0.03 ? 403 : verb === 'create' ? 201 : 200;
    const received = new Date(time).toISOString().replace('Z', '113Z');
    for (const stage of stages) {
      const event = {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: body ? 'Request' : 'Metadata',
        auditID,
        stage,
        requestURI: `/api/v1/namespaces/${ref.namespace}/${ref.resource}${ref.name ? `/${ref.name}` : ''}${ref.subresource ? `/${ref.subresource}` : ''}`,
        verb,
        user,
        sourceIPs: ['10.244.1.17'],
        userAgent,
        objectRef: ref,
        ...(stage === 'RequestReceived' ? {} : { responseStatus: { metadata: {}, code } }),
        ...(body ? { requestObject: body } : {}),
        requestReceivedTimestamp: received,
        stageTimestamp: stage === 'RequestReceived' ? received : new Date(time + 3).toISOString().replace('Z', '947Z'),
        annotations: {
          'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow',
          'authorization.k8s.io/reason':
            code === 403
              ? ''
              : `RBAC: allowed by RoleBinding "${ref.resource}-reader/${ref.namespace}" of Role "${ref.resource}-reader" to ServiceAccount "${user.username.split(':').at(-1)}/${ref.namespace}"`,
        },
      };
      const line = `${JSON.stringify(event)}\n`;
      batch.push(line);
      written += line.length;
      lines += 1;
    }
    if (batch.length >= 2000) {
      writeSync(fd, batch.join(''));
      batch = [];
    }
  }
  writeSync(fd, batch.join(''));
  closeSync(fd);
  return { requests, lines };
}

const started = Date.now();
const generated = generateLog(logPath, TARGET_MB * 1024 * 1024);
await pipeline(createReadStream(logPath), createGzip({ level: 6 }), createWriteStream(gzipPath));
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);
console.log(
  `\naudit log: ${mb(statSync(logPath).size)} MB, ${generated.lines} lines, ${generated.requests} requests (gzip ${mb(statSync(gzipPath).size)} MB), generated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

// The reader as the CLI runs it, bundled from the sources.
const readerPath = join(work, 'read-audit.cjs');
await build({
  stdin: {
    contents: `import { readAuditLogs } from './src/cli/audit-log-files.ts';
void (async () => {
const started = process.hrtime.bigint();
const read = await readAuditLogs([process.argv[2]], { cwd: process.cwd(), stdin: () => process.stdin, chunkBytes: ${CHUNK_BYTES} });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, events: read.summary.events, requests: read.summary.requests, pods: read.summary.pods.length }));
})();`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: readerPath,
  // tinyglobby's fdir reads import.meta.url, which a CommonJS bundle lacks (as scripts/build-cli.mjs).
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// The baseline: the same chunks and decoding, split into lines, each line JSON.parsed.
const baselinePath = join(work, 'baseline.cjs');
await build({
  stdin: {
    contents: `import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
void (async () => {
const started = process.hrtime.bigint();
const gzip = process.argv[3] === 'gzip';
const stream = gzip ? createReadStream(process.argv[2], { highWaterMark: ${CHUNK_BYTES} }).pipe(createGunzip({ chunkSize: ${CHUNK_BYTES} })) : createReadStream(process.argv[2], { highWaterMark: ${CHUNK_BYTES} });
const decoder = new TextDecoder();
let pending = '';
let parsed = 0;
for await (const chunk of stream) {
  const text = pending + decoder.decode(chunk, { stream: true });
  let start = 0;
  for (let end = text.indexOf('\\n'); end !== -1; end = text.indexOf('\\n', start)) {
    if (end > start) { JSON.parse(text.slice(start, end)); parsed += 1; }
    start = end + 1;
  }
  pending = text.slice(start);
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, events: parsed }));
})();`,
    resolveDir: process.cwd(),
    loader: 'js',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: baselinePath,
  logLevel: 'warning',
});

function run(script, ...args) {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

const samples = { baseline: [], reader: [], gzipBaseline: [], gzipReader: [] };
for (let round = 0; round < ROUNDS; round += 1) {
  samples.baseline.push(run(baselinePath, logPath));
  samples.reader.push(run(readerPath, logPath));
  samples.gzipBaseline.push(run(baselinePath, gzipPath, 'gzip'));
  samples.gzipReader.push(run(readerPath, gzipPath));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratios = (a, b, measure) => samples[a].map((sample, index) => sample[measure] / samples[b][index][measure]);
const describe = (label, key) =>
  console.log(
    `  ${label.padEnd(36)} ${median(samples[key].map((sample) => sample.ms)).toFixed(0)} ms (CPU ${median(samples[key].map((sample) => sample.cpuMs)).toFixed(0)} ms), peak RSS ${median(samples[key].map((sample) => sample.rssMb)).toFixed(0)} MB`,
  );
const first = samples.reader[0];
console.log(`${ROUNDS} rounds, medians (the reader found ${first.events} events, ${first.requests} requests, ${first.pods} pods):`);
describe('baseline: split lines + JSON.parse', 'baseline');
describe('audit reader (CLI)', 'reader');
describe('baseline on gzip: gunzip + the same', 'gzipBaseline');
describe('audit reader on gzip', 'gzipReader');
for (const [label, reader, baseline] of [
  ['reader / baseline', 'reader', 'baseline'],
  ['gzip reader / gzip baseline', 'gzipReader', 'gzipBaseline'],
]) {
  const values = ratios(reader, baseline, 'ms');
  const cpu = ratios(reader, baseline, 'cpuMs');
  console.log(
    `  ratio ${label}: ${median(values).toFixed(2)} (per round ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}; target <= 1.5); CPU time ${median(cpu).toFixed(2)} (${Math.min(...cpu).toFixed(2)}–${Math.max(...cpu).toFixed(2)})`,
  );
}
const peak = Math.max(...samples.reader.map((sample) => sample.rssMb), ...samples.gzipReader.map((sample) => sample.rssMb));
console.log(`  reader peak RSS, worst round: ${peak.toFixed(0)} MB for a ${mb(statSync(logPath).size)} MB log (target <= 250 MB)`);
if (process.env.AUDIT_BENCH_KEEP) console.log(`  kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
