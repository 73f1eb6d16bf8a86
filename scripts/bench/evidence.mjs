#!/usr/bin/env node
// The evidence core on a whole cluster, as ratios against baselines in the same run:
//   1. reading a dump of 10,000 pods (`kubectl get ... -A -o json`, indented as kubectl prints it,
//      and the same as one line) vs `JSON.parse` of the same text in the same process, and vs
//      `kubectl annotate --local -f DUMP k=v -o json` (where kubectl is installed);
//   2. the evidence and recommendations for a small bundle against that dump, and for the dump
//      itself as the input (10,000 Pod workloads);
//   3. peak memory of a process that reads the dump and recommends, vs one that only parses it,
//      and vs the dump's size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { parseAllDocuments } from 'yaml';
import { generateClusterDump } from './generate-cluster-dump.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const work = mkdtempSync(join(tmpdir(), 'sa-token-hardener-evidence-'));

// The core as one module, built from the sources like the command is.
const corePath = join(work, 'evidence.cjs');
writeFileSync(
  join(work, 'entry.ts'),
  `export * from ${JSON.stringify(new URL('../../src/core/evidence/index.ts', import.meta.url).pathname)};\n`,
);
await build({
  entryPoints: [join(work, 'entry.ts')],
  outfile: corePath,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  logLevel: 'warning',
});
const core = await import(corePath);

const dump = generateClusterDump(PODS);
const indented = JSON.stringify(dump, null, 4);
const oneLine = JSON.stringify(dump);
const dumpPath = join(work, 'dump.json');
writeFileSync(dumpPath, indented);
const bundle = readFileSync(new URL('../../src/core/fixtures/cluster/web-bundle.yaml', import.meta.url), 'utf8');
const bundleDocuments = parseAllDocuments(bundle).map((document) => document.toJS());
console.log(
  `dump: ${PODS} pods, ${(indented.length / 1024 / 1024).toFixed(1)} MB indented, ${(oneLine.length / 1024 / 1024).toFixed(1)} MB on one line`,
);

// Collect garbage before each measurement, so that one run does not pay for the last one's.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

function time(run) {
  collectGarbage();
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratios = (values, baseline) => values.map((value, index) => value / baseline[index]);
const show = (label, values) =>
  console.log(
    `  ${label.padEnd(46)} ${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`,
  );
const showRatio = (label, values, target) =>
  console.log(
    `  ratio ${label}: ${median(values).toFixed(2)} (per round ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}${target ? `; target ${target}` : ''})`,
  );

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const inputDocuments = [dump];
const samples = { parse: [], read: [], readOneLine: [], bundle: [], whole: [], kubectl: [] };
let recommended = 0;
for (let round = 0; round < ROUNDS; round += 1) {
  samples.parse.push(time(() => JSON.parse(indented)));
  let objects = [];
  samples.read.push(time(() => (objects = core.readClusterDumps([{ name: 'dump.json', text: indented }]).objects)));
  samples.readOneLine.push(time(() => core.readClusterDumps([{ name: 'dump.json', text: oneLine }])));
  samples.bundle.push(time(() => core.recommendWorkloads(core.gatherEvidence({ documents: bundleDocuments, cluster: objects }))));
  samples.whole.push(time(() => (recommended = core.recommendWorkloads(core.gatherEvidence({ documents: inputDocuments })).length)));
  if (hasKubectl) {
    const started = process.hrtime.bigint();
    const result = spawnSync('kubectl', ['annotate', '--local', '-f', dumpPath, 'k=v', '-o', 'json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 30,
    });
    if (result.status !== 0) throw new Error(`kubectl annotate failed: ${result.stderr}`);
    samples.kubectl.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}

console.log(`\n${ROUNDS} rounds, medians (min–max):`);
show('JSON.parse of the indented dump:', samples.parse);
show('readClusterDumps, indented:', samples.read);
show('readClusterDumps, one line:', samples.readOneLine);
show('evidence + recommendations, bundle vs dump:', samples.bundle);
show(`evidence + recommendations, dump as input (${recommended}):`, samples.whole);
showRatio('read / JSON.parse', ratios(samples.read, samples.parse), '<= 1.2');
showRatio('read one line / read indented', ratios(samples.readOneLine, samples.read), '<= 1.0');
showRatio('dump as input / JSON.parse', ratios(samples.whole, samples.parse));
if (hasKubectl) {
  show('kubectl annotate --local -o json (process):', samples.kubectl);
  showRatio(
    'read + dump as input / kubectl',
    ratios(
      samples.read.map((value, index) => value + samples.whole[index]),
      samples.kubectl,
    ),
    '<= 1.0',
  );
} else console.log('  kubectl not installed: the kubectl comparison is skipped');

// Peak memory, each in a fresh process.
const peak = (script) => {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, corePath, dumpPath], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim()) / 1024;
};
const read = `import { readFileSync } from 'node:fs'; const text = readFileSync(process.argv[2], 'utf8');`;
const parseOnly = peak(`${read} JSON.parse(text); console.log(process.resourceUsage().maxRSS);`);
const withBundle = peak(
  `const core = await import(process.argv[1]); ${read} const dump = core.readClusterDumps([{ name: 'dump.json', text }]); core.recommendWorkloads(core.gatherEvidence({ documents: [], cluster: dump.objects })); console.log(process.resourceUsage().maxRSS);`,
);
const asInput = peak(
  `const core = await import(process.argv[1]); ${read} core.recommendWorkloads(core.gatherEvidence({ documents: [JSON.parse(text)] })); console.log(process.resourceUsage().maxRSS);`,
);
const size = indented.length / 1024 / 1024;
console.log(`\npeak memory (max RSS), each in a fresh process; the dump is ${size.toFixed(1)} MB:`);
console.log(`  node reading the file and JSON.parse only:        ${parseOnly.toFixed(0)} MB`);
for (const [label, value] of [
  ['the dump read as evidence (--cluster):', withBundle],
  ['the dump as the input, every pod a workload:', asInput],
]) {
  console.log(
    `  ${label.padEnd(48)} ${value.toFixed(0)} MB (${(value / parseOnly).toFixed(2)} × parse only, ${(value / size).toFixed(2)} × the dump)`,
  );
}
