#!/usr/bin/env node
// Benchmarks, reported as ratios against baselines measured in the same run (machines are noisy):
//   1. the whole CLI process on 2,000 Deployments vs a Node process that only parses the same
//      text with the `yaml` package (YAML 1.1), and vs `kubectl kustomize` applying the
//      equivalent patch to every Deployment (where kubectl is installed); the same for
//      `--format diff`, which adds a line diff of the whole bundle;
//   2. the page, in Chromium: initial JavaScript, main-thread blocking while typing into the
//      bundle, keystroke-to-output time for the default example (scripts/bench/browser.mjs);
//   3. the cases of scripts/bench/*.mjs, one line each below: JSON lists on one line against the
//      same lists indented, empty documents against the `yaml` package, a cluster dump against
//      kubectl, and the page on a pod of 100,000 containers and on a corpus bundle;
//   4. reading a 300 MB audit log (scripts/bench/audit.mjs);
//   5. the evidence core on a cluster dump of 10,000 pods (scripts/bench/evidence.mjs);
//   6. a 30 MB cluster dump and a 100 MB audit log opened on the page: the longest main-thread task (scripts/bench/page-evidence.mjs);
//   7. the command on that dump, hardened and as --format workloads, against kubectl (scripts/bench/cluster-scale.mjs);
//   8. the worker's reply on the bundle: its size against the changes' earlier shape, the page's handling against JSON.parse (scripts/bench/reply.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchClusterDump } from './bench/cluster-dump.mjs';
import { benchEmptyDocuments } from './bench/empty-documents.mjs';
import { generateBundle } from './bench/generate-bundle.mjs';
import { benchJsonLists } from './bench/json-lists.mjs';
import { benchPageScale } from './bench/page-scale.mjs';
import { benchPageEvidence } from './bench/page-evidence.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'sa-token-hardener-bench-'));
const bundle = generateBundle(2000);
const bundlePath = join(work, 'bundle.yaml');
writeFileSync(bundlePath, bundle);
console.log(`bundle: 2000 Deployments, ${bundle.split('\n').length} lines, ${(bundle.length / 1024 / 1024).toFixed(1)} MB`);

if (spawnSync('npm', ['run', 'build:cli', '--silent'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const parseOnly = join(work, 'parse-only.mjs');
writeFileSync(
  parseOnly,
  `import { parseAllDocuments } from ${JSON.stringify(new URL('../node_modules/yaml/dist/index.js', import.meta.url).href)};
import { readFileSync } from 'node:fs';
const documents = parseAllDocuments(readFileSync(process.argv[2], 'utf8'), { version: '1.1' });
process.stdout.write(documents.length + '\\n');
`,
);

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const kustomizeDir = join(work, 'kustomize');
if (hasKubectl) {
  mkdirSync(kustomizeDir);
  writeFileSync(join(kustomizeDir, 'bundle.yaml'), bundle);
  writeFileSync(
    join(kustomizeDir, 'kustomization.yaml'),
    'resources:\n  - bundle.yaml\npatches:\n  - path: harden.yaml\n    target:\n      kind: Deployment\n',
  );
  const patch = spawnSync(process.execPath, ['dist/cli/sa-token-hardener.cjs', '-q', '--format', 'kustomize'], {
    input: bundle.split('---\n')[0],
    encoding: 'utf8',
  });
  // One patch for every Deployment: the target selector applies it to all 2,000.
  writeFileSync(join(kustomizeDir, 'harden.yaml'), patch.stdout.replace(/\n {2}name: shop-0\n {2}namespace: team-0\n/, '\n  name: any\n'));
}

function time(command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const samples = { parse: [], cli: [], diff: [], kustomize: [] };
for (let round = 0; round < ROUNDS; round += 1) {
  samples.parse.push(time(process.execPath, [parseOnly, bundlePath]));
  samples.cli.push(time(process.execPath, ['dist/cli/sa-token-hardener.cjs', '-q', bundlePath]));
  samples.diff.push(time(process.execPath, ['dist/cli/sa-token-hardener.cjs', '-q', '--format', 'diff', bundlePath]));
  if (hasKubectl) samples.kustomize.push(time('kubectl', ['kustomize', kustomizeDir]));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms`;
console.log(`\n${ROUNDS} rounds, medians (min–max):`);
console.log(`  node + yaml parseAllDocuments only: ${median(samples.parse).toFixed(0)} ms (${range(samples.parse)})`);
console.log(`  sa-token-hardener process:          ${median(samples.cli).toFixed(0)} ms (${range(samples.cli)})`);
const parseRatios = samples.cli.map((value, index) => value / samples.parse[index]);
console.log(
  `  ratio CLI / parse-only: ${median(parseRatios).toFixed(2)} (per round ${Math.min(...parseRatios).toFixed(2)}–${Math.max(...parseRatios).toFixed(2)}; target <= 1.0)`,
);
const diffRatios = samples.diff.map((value, index) => value / samples.parse[index]);
console.log(`  sa-token-hardener --format diff:    ${median(samples.diff).toFixed(0)} ms (${range(samples.diff)})`);
console.log(
  `  ratio CLI diff / parse-only: ${median(diffRatios).toFixed(2)} (per round ${Math.min(...diffRatios).toFixed(2)}–${Math.max(...diffRatios).toFixed(2)})`,
);
if (hasKubectl) {
  console.log(`  kubectl kustomize:                  ${median(samples.kustomize).toFixed(0)} ms (${range(samples.kustomize)})`);
  const ratios = samples.cli.map((value, index) => value / samples.kustomize[index]);
  console.log(
    `  ratio CLI / kustomize: ${median(ratios).toFixed(2)} (per round ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; target <= 0.10)`,
  );
} else {
  console.log('  kubectl not installed: the kustomize comparison is skipped');
}
benchJsonLists();
benchEmptyDocuments();
benchClusterDump();
spawnSync(process.execPath, ['scripts/bench/audit.mjs'], { stdio: 'inherit' });
spawnSync(process.execPath, ['scripts/bench/browser.mjs'], { stdio: 'inherit' });
await benchPageScale();
await benchPageEvidence();
spawnSync(process.execPath, ['scripts/bench/evidence.mjs'], { stdio: 'inherit' });
spawnSync(process.execPath, ['scripts/bench/cluster-scale.mjs'], { stdio: 'inherit' });
spawnSync(process.execPath, ['scripts/bench/reply.mjs'], { stdio: 'inherit' });
