// @ts-check
/**
 * Mutation testing of the core and the page's state (`npm run mutate`; not part of `npm test`: it
 * takes hours on two cores). How to run it: README, development section.
 *
 * A few files at a time (a comma-separated list): `npm run mutate -- --mutate src/core/harden/check.ts`.
 * Results are kept in reports/stryker-incremental.json, so the next run tests only what changed.
 */
import { resolve } from 'node:path';

// Stryker runs the tests in a copy of the project, where `../shared/corpus` is not beside it.
process.env['CORPUS_DIR'] ??= resolve('../shared/corpus');
// One fast-check seed for the initial run and every mutant, so a property kills the same way each time.
process.env['FC_SEED'] ??= '42';
// Fewer generated cases per property: each mutant runs the properties again. Deeper searches are
// the properties' own job (README: PROPERTY_RUNS, FUZZ_RUNS).
process.env['PROPERTY_RUNS'] ??= '60';
process.env['FUZZ_RUNS'] ??= '100';
process.env['KUBECTL_FUZZ_RUNS'] ??= '20';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  checkers: ['typescript'],
  // Type-check the mutated folders alone: checking every page and test file that imports them
  // costs more than it spares. A mutant that breaks only a caller's types is then run, not skipped.
  tsconfigFile: 'tsconfig.mutate.json',
  mutate: ['src/core/**/*.ts', 'src/state/**/*.ts', '!src/**/*.test.ts'],
  // A mutant in a table at module level (kinds, merge keys, CEL fragments) acts only while a file
  // loads, so each would rerun every test file: such static mutants are reported as ignored.
  ignoreStatic: true,
  incremental: true,
  // Copies Stryker would otherwise make of everything beside the sources.
  ignorePatterns: ['dist', 'scratch', 'test-results', 'playwright-report', 'bench-results'],
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  // On a busy machine a slow test run must not pass for an endless loop (a timeout counts as a kill).
  timeoutMS: 60_000,
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The scores reached (README, development section); a run below break fails, so a drop shows.
  thresholds: { high: 95, low: 90, break: 95 },
};
