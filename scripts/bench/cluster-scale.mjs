#!/usr/bin/env node
// The built command on a whole cluster, as ratios against baselines in the same run: the dump of
// 10,000 pods the evidence bench generates (indented as kubectl prints it, and the same on one
// line), hardened (`--format manifest`) and listed (`--format workloads`), each against
// `kubectl annotate --local -f DUMP k=v -o json` reading and printing the same file (where kubectl
// is installed); and each command's peak memory against the dump's size. Run after `npm run build:cli`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClusterDump } from './generate-cluster-dump.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const work = mkdtempSync(join(tmpdir(), 'sa-token-hardener-cluster-'));
const cli = new URL('../../dist/cli/sa-token-hardener.cjs', import.meta.url).pathname;

const dump = generateClusterDump(PODS);
const indentedPath = join(work, 'dump.json');
const oneLinePath = join(work, 'dump-one-line.json');
writeFileSync(indentedPath, JSON.stringify(dump, null, 4));
writeFileSync(oneLinePath, JSON.stringify(dump));
const size = readFileSync(indentedPath).length / 1024 / 1024;

// Peak memory of a child process: it writes its own maxRSS (kB) to a file as it exits.
const rssHook = join(work, 'rss.cjs');
writeFileSync(
  rssHook,
  "process.on('exit', () => require('node:fs').writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
);

function run(command, args, env = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  const millis = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return millis;
}

function runCli(args) {
  const rssFile = join(work, 'rss');
  const millis = run(process.execPath, ['--require', rssHook, cli, '-q', ...args], { RSS_FILE: rssFile });
  return { millis, peakMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const samples = { kubectl: [], manifest: [], workloads: [], oneLine: [] };
const peaks = { manifest: 0, workloads: 0 };
for (let round = 0; round < ROUNDS; round += 1) {
  if (hasKubectl) samples.kubectl.push(run('kubectl', ['annotate', '--local', '-f', indentedPath, 'k=v', '-o', 'json']));
  const manifest = runCli([indentedPath]);
  const workloads = runCli(['--format', 'workloads', indentedPath]);
  samples.manifest.push(manifest.millis);
  samples.workloads.push(workloads.millis);
  samples.oneLine.push(runCli([oneLinePath]).millis);
  peaks.manifest = Math.max(peaks.manifest, manifest.peakMb);
  peaks.workloads = Math.max(peaks.workloads, workloads.peakMb);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratios = (values, baseline) => values.map((value, index) => value / baseline[index]);
const show = (label, values) =>
  console.log(
    `  ${label.padEnd(52)} ${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`,
  );
const showRatio = (label, values, target) =>
  console.log(
    `  ratio ${label}: ${median(values).toFixed(2)} (per round ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}; target ${target})`,
  );

console.log(`\nthe command on a dump of ${PODS} pods, ${size.toFixed(1)} MB indented; ${ROUNDS} rounds, medians (min–max):`);
show('sa-token-hardener DUMP (hardened manifest):', samples.manifest);
show('sa-token-hardener --format workloads DUMP:', samples.workloads);
show('sa-token-hardener DUMP, the dump on one line:', samples.oneLine);
if (hasKubectl) {
  show('kubectl annotate --local -f DUMP k=v -o json:', samples.kubectl);
  showRatio('hardened / kubectl', ratios(samples.manifest, samples.kubectl), '<= 1.0');
  showRatio('--format workloads / kubectl', ratios(samples.workloads, samples.kubectl), '<= 1.0');
} else console.log('  kubectl not installed: the kubectl comparison is skipped');
showRatio('one line / indented', ratios(samples.oneLine, samples.manifest), '<= 1.0');
console.log(`  peak memory, hardened: ${peaks.manifest.toFixed(0)} MB (${(peaks.manifest / size).toFixed(2)} × the dump; target <= 3)`);
console.log(
  `  peak memory, --format workloads: ${peaks.workloads.toFixed(0)} MB (${(peaks.workloads / size).toFixed(2)} × the dump; target <= 3)`,
);
