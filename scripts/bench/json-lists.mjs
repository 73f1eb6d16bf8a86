// Issue 22 item 7: a `kind: List` of 6,000 pods as one line of JSON costs what the same list
// indented costs (the line bookkeeping of an edit was a scan of its line: quadratic on one line).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, megabytes, ratioLine, ROUNDS, time, timing } from './measure.mjs';

const PODS = 6000;

function podList(indent) {
  const items = Array.from({ length: PODS }, (_, index) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${index}`, namespace: `team-${index % 7}` },
    spec: {
      serviceAccountName: `app-${index % 13}`,
      containers: [{ name: 'app', image: `nginx:1.${index % 30}`, ports: [{ containerPort: 80 }] }],
    },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, indent) + '\n';
}

export function benchJsonLists() {
  const work = mkdtempSync(join(tmpdir(), 'sa-token-hardener-bench-lists-'));
  const indented = join(work, 'indented.json');
  const minified = join(work, 'minified.json');
  writeFileSync(indented, podList(4));
  writeFileSync(minified, podList(0));
  console.log(
    `\nJSON lists: ${PODS.toLocaleString('en')} pods in a kind: List, indented (${megabytes(podList(4).length)}) and on one line (${megabytes(podList(0).length)})`,
  );
  const samples = { indented: [], minified: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    samples.indented.push(time(process.execPath, [CLI, '-q', indented]));
    samples.minified.push(time(process.execPath, [CLI, '-q', minified]));
  }
  console.log(`  ${timing('indented', samples.indented)}; ${timing('one line', samples.minified)}`);
  console.log(`  ${ratioLine('ratio one line / indented', samples.minified, samples.indented, 1.5)}`);
}
