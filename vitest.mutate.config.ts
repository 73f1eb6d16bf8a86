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

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    sequence: { sequencer: QuickestFirst },
    // Test files share one module graph: no test mocks a module or changes global state beyond
    // the fast-check seed every file sets alike, and loading the core anew per file is most of
    // the time a mutant takes.
    isolate: false,
    // The JSON report belongs to `npm test`, not to each of Stryker's runs.
    reporters: ['default'],
  },
});
