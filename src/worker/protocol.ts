/** Messages between the page and the hardening worker. */
import type { HardenResult, OptionProblem } from '../core';
import type { ManifestFacts } from '../state/manifest-facts';
import type { OptionFields } from '../state/option-fields';

export type HardenRequest = {
  readonly id: number;
  readonly manifest: string;
  readonly fields: OptionFields;
};

export type HardenResponse = {
  readonly id: number;
  readonly manifest: string;
  readonly fields: OptionFields;
  readonly result: HardenResult;
  readonly problems: readonly OptionProblem[];
  readonly facts: ManifestFacts;
  /** Every container name of every workload, for the form's checkboxes. */
  readonly containers: readonly string[];
  readonly millis: number;
  /** Set when the core threw (a bug): the message, for the page to show. */
  readonly crash?: string;
};
