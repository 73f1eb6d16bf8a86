/** Messages between the page and the hardening worker. */
import type { AuditTimeline, HardenResult, OptionProblem, WorkloadChoice, WorkloadReport } from '../core';
import type { ShownChange } from '../state/change-snippets';
import type { ManifestFacts } from '../state/manifest-facts';
import type { OutputBlock } from '../state/output-blocks';
import type { OptionFields } from '../state/option-fields';
import type { DerivedFormat, DerivedOutput } from '../state/output-texts';

export type HardenRequest = {
  readonly id: number;
  readonly manifest: string;
  readonly fields: OptionFields;
  /** The output tab's text to compute beside the hardened text, if the tab shows one. */
  readonly format: DerivedFormat | undefined;
};

/** What evidence a file is: a cluster dump or an audit log. */
export type EvidenceKind = 'cluster' | 'audit';

/** Opens evidence files in the worker; `kind` undefined: told by each file's content (a drop). */
export type OpenEvidence = {
  readonly type: 'open-evidence';
  readonly id: number;
  readonly kind: EvidenceKind | undefined;
  readonly files: readonly File[];
};
export type CancelEvidence = { readonly type: 'cancel-evidence'; readonly id: number };
export type ForgetEvidence = { readonly type: 'forget-evidence'; readonly kind: EvidenceKind };

/** Everything the page sends the hardening worker: a request to harden has no `type`. */
export type WorkerRequest = (HardenRequest & { readonly type?: undefined }) | OpenEvidence | CancelEvidence | ForgetEvidence;

/** One kind of evidence as read, in a few words: it is all the page learns of the files. */
export type EvidenceAbout = {
  readonly kind: EvidenceKind;
  readonly files: readonly string[];
  /** "2,314 objects, 1,200 pods"; "8.0 days (…), 537 events, 213 requests". */
  readonly summary: string;
  /** The first problems, with file and line, escaped. */
  readonly problems: readonly string[];
  readonly moreProblems: number;
  /** An audit log's buckets, which the workloads' request bars share. */
  readonly timeline?: AuditTimeline;
};

/** The evidence the worker holds; `generation` changes whenever it does. */
export type EvidenceState = {
  readonly generation: number;
  readonly cluster: EvidenceAbout | undefined;
  readonly audit: EvidenceAbout | undefined;
};

export const NO_EVIDENCE: EvidenceState = { generation: 0, cluster: undefined, audit: undefined };

/** What the worker says about an opening: how far it got, and how it ended. */
export type EvidenceMessage =
  | { readonly type: 'evidence-progress'; readonly id: number; readonly name: string; readonly read: number; readonly total: number }
  | { readonly type: 'evidence-done'; readonly id: number; readonly state: EvidenceState }
  | {
      readonly type: 'evidence-failed';
      readonly id: number;
      readonly message: string;
      readonly cancelled: boolean;
      readonly state: EvidenceState;
    };

/** How many workloads a reply lists; a whole cluster's input has tens of thousands (the command lists every one). */
export const MAX_LISTED_WORKLOADS = 2_000;

/** How many changes a reply carries as objects; a bundle has thousands, and cloning them is slow. */
export const FIRST_CHANGES = 200;

/**
 * How many changes the page lists at most, with their snippets: every change of a bundle of 2,000
 * Deployments, but not the 100,000 of a pod with 100,000 containers, which would take longer to
 * describe than to harden (the command's `--format changes` lists every one).
 */
export const MAX_LISTED_CHANGES = 20_000;

/** The core's result as the page needs it: cheap to pass between threads, even for a bundle. */
export type PageResult = Omit<HardenResult, 'changes' | 'objects' | 'workloads' | 'insertedLines' | 'facts' | 'podObjects'> & {
  /** The first FIRST_CHANGES changes, each with the snippets of its values. */
  readonly changes: readonly ShownChange[];
  readonly changeCount: number;
  /** The changes after `changes`, up to MAX_LISTED_CHANGES, as JSON, parsed only if the user asks for them. */
  readonly moreChanges: string | undefined;
  /** The output in blocks of lines, inserted lines marked, for the hardened view. */
  readonly blocks: readonly OutputBlock[];
  /** The output lines findings point at (the first thousand), for the overview ruler beside the output. */
  readonly findingLines: readonly number[];
  /** The output line each document's first object starts on (0: none), for a finding that names an object but no line. */
  readonly documentLines: readonly number[];
  /** The requested format's text, when the input hardened without errors. */
  readonly derived: DerivedOutput | undefined;
  /** The first MAX_LISTED_WORKLOADS workloads, with their API access, recommendation and evidence. */
  readonly workloads: readonly WorkloadReport[];
  readonly workloadCount: number;
  /** Per-workload choices that name no workload of this input: kept in the form, not applied. */
  readonly unmatchedChoices: readonly WorkloadChoice[];
};

/** A result with nothing in it but the output: a crash's answer, or a test's starting point. */
export function emptyPageResult(output: string): PageResult {
  return {
    output,
    changes: [],
    changeCount: 0,
    moreChanges: undefined,
    blocks: [],
    findingLines: [],
    documentLines: [],
    lineMap: { lineCount: 0, runs: [] },
    derived: undefined,
    workloads: [],
    workloadCount: 0,
    unmatchedChoices: [],
    findings: [],
    errors: [],
    firstObjectName: undefined,
    isJson: false,
  };
}

/** A container that has this name in a workload, and whether it is an init container there. */
export type ContainerPlace = { readonly object: string; readonly init: boolean };

/** One container name the form can leave out (exclusion is by name), and where it appears. */
export type ContainerChoice = { readonly name: string; readonly places: readonly ContainerPlace[] };

/**
 * The worker's answer to one request. It does not echo the request's manifest back (the page keeps
 * the request it sent): a large manifest then crosses between threads once, not twice.
 */
export type HardenReply = {
  readonly id: number;
  readonly result: PageResult;
  readonly problems: readonly OptionProblem[];
  readonly facts: ManifestFacts;
  /** Every container name of every workload, with the workloads that have it, for the form's checkboxes. */
  readonly containers: readonly ContainerChoice[];
  readonly millis: number;
  /** The evidence the worker held and used (`EvidenceState.generation`); the worker reads new evidence between requests. */
  readonly evidence: number;
  /** Set when the core threw (a bug): the message, for the page to show. */
  readonly crash?: string;
};

/** A reply with the request it answers, as the page uses it. */
export type HardenResponse = HardenReply & {
  readonly manifest: string;
  readonly fields: OptionFields;
  readonly format: DerivedFormat | undefined;
};

/**
 * Test-only: in the test build (`vite build --mode e2e`, made by scripts/run-e2e.mjs), with
 * `?crash-test` in the page's address, the page names its worker this, and that worker dies (an
 * uncaught error outside any handler) on a manifest holding CRASH_TEST_LINE. The production build
 * has no such hook: Vite replaces the mode by a constant and drops the code, so no link can stop
 * the worker. See e2e/reliability.spec.ts.
 */
export const CRASH_TEST_ENABLED: boolean = import.meta.env.MODE === 'e2e';
export const CRASH_TEST_WORKER_NAME = 'harden-crash-test';
export const CRASH_TEST_LINE = '# crash-test: stop the hardening worker';
