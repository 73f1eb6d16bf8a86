/**
 * The unit tests as Stryker runs them for each mutant (`npm run mutate`, stryker.config.mjs): the
 * same tests, the quickest files first. Stryker stops at the first failing test, and Vitest's own
 * order (longest first, to fill its threads) would run the corpus and property files before the
 * unit tests that kill most mutants in milliseconds.
 */
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config';

class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).reverse();
  }
}

/**
 * `MUTATE_TESTS` (comma-separated globs) runs only those test files for each mutant: a run of one
 * folder's sources against that folder's tests is several times faster. A mutant such a run
 * reports as surviving may be killed by a test elsewhere: apply it and run the whole suite before
 * listing it (README, development section).
 */
const include = process.env['MUTATE_TESTS']?.split(',') ?? base.test?.include ?? [];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include,
    sequence: { sequencer: QuickestFirst },
    // Test files share one module graph: no test mocks a module or changes global state beyond
    // the fast-check seed every file sets alike, and loading the core anew per file is most of
    // the time a mutant takes.
    isolate: false,
    // The JSON report belongs to `npm test`, not to each of Stryker's runs.
    reporters: ['default'],
  },
});
