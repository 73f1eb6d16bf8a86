/** Vitest global setup: picks the run's fast-check seed once and hands it to every test file. */
import type { TestProject } from 'vitest/node';
import { chooseSeed } from './fc-seed';

declare module 'vitest' {
  export interface ProvidedContext {
    fcSeed: number;
  }
}

export default function setup(project: TestProject): void {
  const seed = chooseSeed(process.env);
  project.provide('fcSeed', seed);
  console.log(`fast-check seed ${seed} (replay: FC_SEED=${seed} npx vitest run)`);
}
