import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusFiles, hasCorpus } from '../../test/corpus';
import { DEFAULT_OPTIONS, harden } from '../index';
import { parseManifest } from '../read/parse';

/** More runs for a deeper search: FUZZ_RUNS=20000 npx vitest run src/core/fuzz.test.ts */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 600);

const GOLDEN = join(import.meta.dirname, '../fixtures', 'golden');
const seeds = [
  ...corpusFiles().map((file) => file.text),
  ...readdirSync(GOLDEN).flatMap((name) => readdirSync(join(GOLDEN, name)).map((file) => readFileSync(join(GOLDEN, name, file), 'utf8'))),
];

type Mutation = (text: string) => string;

const at = (text: string, fraction: number): number => Math.floor(fraction * text.length);

/** Ways people (and attackers) break manifests. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map(
    (fraction): Mutation =>
      (text) =>
        text.slice(0, at(text, fraction)),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 400 })).map(([fraction, length]): Mutation => (text) => {
    const start = at(text, fraction);
    return text.slice(0, start + length) + text.slice(start, start + length) + text.slice(start + length);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: -4, max: 4 })).map(([fraction, shift]): Mutation => (text) => {
    const lines = text.split('\n');
    const index = at(lines.join(''), fraction) % Math.max(1, lines.length);
    lines[index] = shift > 0 ? ' '.repeat(shift) + lines[index] : (lines[index] ?? '').replace(new RegExp(`^ {0,${-shift}}`), '');
    return lines.join('\n');
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((fraction): Mutation => (text) => {
    const start = text.lastIndexOf('\n', at(text, fraction)) + 1;
    return `${text.slice(0, start)}\t${text.slice(start)}`;
  }),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ unit: 'binary', maxLength: 12 }))
    .map(([fraction, noise]): Mutation => (text) => {
      const start = at(text, fraction);
      return text.slice(0, start) + noise + text.slice(start + noise.length);
    }),
  fc.integer({ min: 10, max: 3000 }).map(
    (depth): Mutation =>
      (text) =>
        `nested: ${'['.repeat(depth)}${']'.repeat(depth)}\n---\n${text}`,
  ),
  fc.integer({ min: 2, max: 40 }).map((width): Mutation => (text) => {
    const lines = ['x0: &x0 [a, b]'];
    for (let level = 1; level < 9; level += 1)
      lines.push(
        `x${level}: &x${level} [${Array(width)
          .fill(`*x${level - 1}`)
          .join(', ')}]`,
      );
    return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aliases\ndata:\n${lines.map((line) => `  ${line}`).join('\n')}\n---\n${text}`;
  }),
  fc.integer({ min: 1, max: 2_000_000 }).map(
    (size): Mutation =>
      (text) =>
        text.replace(/image: (\S+)/, `image: "${'x'.repeat(size)}"`),
  ),
);

describe('hostile input', () => {
  // Without the corpus the mutations start from the golden cases alone: a weaker search, said so.
  if (!hasCorpus) it.skip(`mutating real manifests too (needs the corpus at ${CORPUS_DIR}; fuzzing the golden cases only)`, () => {});

  it(
    'always gives a result or a clear error, never an exception, and valid idempotent output',
    () => {
      let slowest = 0;
      let withErrors = 0;
      let cases = 0;
      fc.assert(
        fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, mutations) => {
          const text = mutations.reduce((current, mutate) => mutate(current), seed);
          const started = performance.now();
          const result = harden(text, DEFAULT_OPTIONS);
          slowest = Math.max(slowest, performance.now() - started);
          cases += 1;
          if (result.errors.length > 0) {
            withErrors += 1;
            expect(result.output).toBe(text);
            for (const error of result.errors) {
              expect(error.message.length).toBeGreaterThan(0);
              expect(error.start.line).toBeGreaterThan(0);
              expect(error.start.col).toBeGreaterThan(0);
            }
            return;
          }
          // Valid as kubectl reads it: a stream of JSON values (`{…}{…}`) is one document per value.
          expect(parseManifest(result.output).documents.flatMap((document) => document.errors)).toEqual([]);
          expect(harden(result.output, DEFAULT_OPTIONS).errors).toEqual([]);
          expect(harden(result.output, DEFAULT_OPTIONS).output).toBe(result.output);
        }),
        { numRuns: RUNS },
      );
      console.log(
        `fuzz: ${cases} mutated manifests from ${seeds.length} seeds, ${withErrors} refused with an error, slowest ${slowest.toFixed(0)} ms`,
      );
      // A run that only saw refusals would not have checked one output.
      expect(cases - withErrors).toBeGreaterThan(0);
    },
    Math.max(120_000, RUNS * 200),
  );
});
