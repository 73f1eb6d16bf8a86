// The worker's reply on 2,000 Deployments, as the page receives it: its size against the same reply
// with each change in the shape the page was sent before the core said where changes are (every
// field of the change, values included, beside the snippets), and the page's handling of it
// (decoding, the first change, revealing a change and a finding) against a plain JSON.parse of it.
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { generateBundle } from './generate-bundle.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const root = new URL('../..', import.meta.url).pathname;
const outfile = join(mkdtempSync(join(tmpdir(), 'sa-token-hardener-bench-reply-')), 'reply.cjs');
await build({
  stdin: {
    contents: [
      "export { createRunner } from './src/worker/run-harden.ts';",
      "export { replyEncoder, replyDecoder } from './src/worker/reply-delta.ts';",
      "export { DEFAULT_FIELDS, toOptionInput } from './src/state/option-fields.ts';",
      "export { firstChangeOf, revealOf } from './src/ui/explain/reveal.ts';",
      "export { withSnippets } from './src/state/change-snippets.ts';",
      "export { harden, resolveOptions } from './src/core/index.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  outfile,
  logLevel: 'silent',
  define: { 'import.meta.env.MODE': '"bench"' },
});
const page = createRequire(import.meta.url)(outfile);

const bundle = generateBundle(2000);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** The reply with its changes as they were sent before: the core's change whole, with its snippets. */
function earlierShape(reply, changes) {
  const shown = page.withSnippets(changes, bundle, reply.result.output);
  const earlier = changes.map(({ document, object, path, before, after, reason }, index) => ({
    document,
    object,
    path,
    before,
    after,
    reason,
    added: shown[index].added,
    removed: shown[index].removed,
  }));
  const first = reply.result.changes.length;
  const result = { ...reply.result };
  delete result.documentLines;
  return {
    ...reply,
    result: {
      ...result,
      changes: earlier.slice(0, first),
      moreChanges: earlier.length > first ? JSON.stringify(earlier.slice(first)) : undefined,
    },
  };
}

const run = page.createRunner();
const reply = run({ id: 1, manifest: bundle, fields: page.DEFAULT_FIELDS, format: undefined });
const { options } = page.resolveOptions(page.toOptionInput(page.DEFAULT_FIELDS));
const full = page.harden(bundle, options).changes.slice(0, reply.result.changeCount);
const size = (value) => JSON.stringify(page.replyEncoder()(value)).length;
const now = size(reply);
const before = size(earlierShape(reply, full));
const lines = reply.result.output.split('\n').length;
console.log(
  `\nworker reply: 2000 Deployments, ${lines.toLocaleString('en')} output lines, ${reply.result.changeCount.toLocaleString('en')} changes`,
);
console.log(
  `  reply ${(now / lines).toFixed(1)} characters per output line, the earlier shape ${(before / lines).toFixed(1)}: ratio ${(now / before).toFixed(3)}`,
);

const handling = [];
const parsing = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const wire = page.replyEncoder()(reply);
  const text = JSON.stringify(wire);
  let start = performance.now();
  JSON.parse(text);
  parsing.push(performance.now() - start);
  start = performance.now();
  const received = page.replyDecoder()(structuredClone(wire));
  const good = { input: bundle, fields: page.DEFAULT_FIELDS, result: received.result };
  page.firstChangeOf(good);
  const change = received.result.changes.at(-1);
  if (change) page.revealOf({ kind: 'change', key: 'c', change }, good);
  const finding = received.result.findings.findLast((item) => item.position);
  if (finding) page.revealOf({ kind: 'finding', key: 'f', finding }, good);
  handling.push(performance.now() - start);
}
console.log(
  `  page handling ${median(handling).toFixed(1)} ms, JSON.parse of the reply ${median(parsing).toFixed(1)} ms: ratio ${(median(handling) / median(parsing)).toFixed(2)}`,
);
