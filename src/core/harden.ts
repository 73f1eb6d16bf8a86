import type { HardenOptions } from './options';
import type { HardenResult } from './result';

/** Placeholder while the engine is written; replaced in the next commit. */
export function harden(source: string, _options: HardenOptions): HardenResult {
  return { output: source, changes: [], findings: [], errors: [], workloads: [], firstObjectName: undefined, isJson: false };
}
