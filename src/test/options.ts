/** Options for tests: resolved as the command resolves them, and every value must be valid. */
import { expect } from 'vitest';
import { type HardenOptions, type OptionInput, resolveOptions } from '../core/index';

export function validOptions(input: OptionInput = {}): HardenOptions {
  const { options, problems } = resolveOptions(input);
  expect(problems).toEqual([]);
  return options;
}
