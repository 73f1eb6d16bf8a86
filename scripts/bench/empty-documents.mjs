// Issue 22 item 7: 2.46 million empty documents (`---` lines, just under the 10 MB limit of standard
// input) cost what parsing them with the `yaml` package costs, within 2x.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, megabytes, ratioLine, time, timing } from './measure.mjs';

const DOCUMENTS = 2_460_000;
// Each round of this case takes tens of seconds and gigabytes: fewer rounds than the others.
const ROUNDS = Number(process.env.BENCH_EMPTY_ROUNDS ?? 3);

export function benchEmptyDocuments() {
  const work = mkdtempSync(join(tmpdir(), 'sa-token-hardener-bench-empty-'));
  const input = join(work, 'empty.yaml');
  const text = '---\n'.repeat(DOCUMENTS);
  writeFileSync(input, text);
  const parseOnly = join(work, 'parse-only.mjs');
  const yaml = new URL('../../node_modules/yaml/dist/index.js', import.meta.url).href;
  writeFileSync(
    parseOnly,
    `import { parseAllDocuments } from ${JSON.stringify(yaml)};
import { readFileSync } from 'node:fs';
process.stdout.write(parseAllDocuments(readFileSync(process.argv[2], 'utf8'), { version: '1.1' }).length + '\\n');
`,
  );
  console.log(`\nempty documents: ${DOCUMENTS.toLocaleString('en')} of them (${megabytes(text.length)}), ${ROUNDS} rounds`);
  const samples = { parse: [], cli: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    samples.parse.push(time(process.execPath, [parseOnly, input]));
    samples.cli.push(time(process.execPath, [CLI, '-q', input]));
  }
  console.log(`  ${timing('node + yaml parseAllDocuments only', samples.parse)}; ${timing('sa-token-hardener', samples.cli)}`);
  console.log(`  ${ratioLine('ratio CLI / parse-only', samples.cli, samples.parse, 2)}`);
}
