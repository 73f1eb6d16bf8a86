/** Messages between the page and the hardening worker. */
import type { Change, HardenResult, OptionProblem } from '../core';
import type { ManifestFacts } from '../state/manifest-facts';
import type { OutputBlock } from '../state/output-blocks';
import type { OptionFields } from '../state/option-fields';

export type HardenRequest = {
  readonly id: number;
  readonly manifest: string;
  readonly fields: OptionFields;
};

/** How many changes a reply carries as objects; a bundle has thousands, and cloning them is slow. */
export const FIRST_CHANGES = 200;

/** The core's result as the page needs it: cheap to pass between threads, even for a bundle. */
export type PageResult = Omit<HardenResult, 'changes' | 'workloads' | 'insertedLines'> & {
  /** The first FIRST_CHANGES changes. */
  readonly changes: readonly Change[];
  readonly changeCount: number;
  /** The changes after `changes`, as JSON, parsed only if the user asks for them. */
  readonly moreChanges: string | undefined;
  /** The output in blocks of lines, inserted lines marked, for the hardened view. */
  readonly blocks: readonly OutputBlock[];
};

/** A result with nothing in it but the output: a crash's answer, or a test's starting point. */
export function emptyPageResult(output: string): PageResult {
  return {
    output,
    changes: [],
    changeCount: 0,
    moreChanges: undefined,
    blocks: [],
    findings: [],
    errors: [],
    firstObjectName: undefined,
    isJson: false,
  };
}

/**
 * The worker's answer to one request. It does not echo the request's manifest back (the page keeps
 * the request it sent): a large manifest then crosses between threads once, not twice.
 */
export type HardenReply = {
  readonly id: number;
  readonly result: PageResult;
  readonly problems: readonly OptionProblem[];
  readonly facts: ManifestFacts;
  /** Every container name of every workload, for the form's checkboxes. */
  readonly containers: readonly string[];
  readonly millis: number;
  /** Set when the core threw (a bug): the message, for the page to show. */
  readonly crash?: string;
};

/** A reply with the request it answers, as the page uses it. */
export type HardenResponse = HardenReply & {
  readonly manifest: string;
  readonly fields: OptionFields;
};

/**
 * Test-only: with `?crash-test` in the page's address, the page names its worker this, and that
 * worker dies (an uncaught error outside any handler) on a manifest holding CRASH_TEST_LINE. No
 * other worker ever reacts to it, so it is inert in normal use. See e2e/reliability.spec.ts.
 */
export const CRASH_TEST_WORKER_NAME = 'harden-crash-test';
export const CRASH_TEST_LINE = '# crash-test: stop the hardening worker';
