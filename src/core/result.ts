/** What the transform returns: the text, the explained changes, findings and errors. */
import type { AccountKey, ApiUsage, EvidenceItem, WorkloadKey } from './evidence/types';
import type { CheckProblem } from './harden/check';
import type { ApiAccess } from './harden/options';

import type { ChangeStep } from './change-path';
import type { TextSpan } from './change-span';
import type { LineMap } from './line-map';
import type { LineRange, SourcePosition } from './source-text';

export type { LineMap } from './line-map';
export type { TextSpan } from './change-span';

export type { SourcePosition } from './source-text';

/** Why the input could not be hardened. */
export type ErrorCode =
  | 'empty-input'
  | 'too-large'
  | 'invalid-utf8'
  | 'helm-template'
  | 'tab-indentation'
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'alias-limit'
  | 'self-alias'
  | 'unknown-alias'
  | 'line-break'
  | 'binary-tag'
  | 'too-deep'
  | 'unknown-container'
  | 'volume-name-taken'
  | 'unknown-workload'
  | 'conflicting-workload-choices'
  | 'invalid-json'
  | 'document-separator'
  | 'yaml-directive'
  | 'content-after-document-end'
  | 'byte-order-mark'
  | 'not-json'
  | 'list-items'
  | 'shared-anchor';

/** A problem that stops the transform. */
export type InputError = {
  readonly code: ErrorCode;
  readonly severity: 'error';
  /** What is wrong, in plain words. */
  readonly message: string;
  /** How to fix it, when we can tell. */
  readonly hint: string | undefined;
  /** 0-based document index, or -1 when the whole input is concerned. */
  readonly document: number;
  readonly start: SourcePosition;
  readonly end: SourcePosition;
};

/** Things a platform engineer should know about the input or the result. */
export type FindingCode =
  | 'not-kubernetes'
  | 'no-pod-template'
  | 'unknown-pod-kind'
  | 'no-containers'
  | 'default-service-account'
  | 'expiration-3607'
  | 'expiration-over-cap'
  | 'mount-not-read-only'
  | 'replaced-kube-api-access'
  | 'replaced-token-secret'
  | 'replaced-volume'
  | 'ephemeral-containers'
  | 'audience-default-path'
  | 'custom-mount-path'
  | 'workload-identity'
  | 'sidecar-injector'
  | 'mode-stricter'
  | 'mode-looser'
  | 'misindented-field-ref'
  | 'service-account-automount'
  | 'anchored-node-kept'
  | 'emitted-service-account'
  | 'runs-without-token'
  | 'unbound-service-account'
  | 'replaced-service-account'
  | 'token-through-parent'
  | 'auto-without-audit';

export type Finding = {
  readonly code: FindingCode;
  readonly severity: 'info' | 'warning';
  readonly document: number;
  /** `Kind/namespace/name` or `Kind/name`; empty when the input as a whole is concerned. */
  readonly object: string;
  readonly message: string;
  readonly position: SourcePosition | undefined;
};

/** One change the transform made, with the reason. */
export type Change = {
  readonly document: number;
  readonly object: string;
  /** JSON path in the object, e.g. `spec.template.spec.volumes[1]`. */
  readonly path: string;
  /** The same path as keys and indexes, e.g. `['spec', 'template', 'spec', 'volumes', 1]`. */
  readonly steps: readonly ChangeStep[];
  /**
   * Where the change is in the output: the pair it wrote from its key, or the list item from its
   * dash, to the end of the value; for a change that only removed text, the empty place where the
   * text was. Undefined when the change made no edit of its own (an anchored container edited
   * where its anchor is).
   */
  readonly output?: TextSpan | undefined;
  /** Where the text the change replaced or removed was in the input, the same way; undefined for an insertion. */
  readonly input?: TextSpan | undefined;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string;
};

/** A workload or ServiceAccount found in the input, and whether it already was hardened (what `--check` reports). */
export type CheckedObject = {
  readonly document: number;
  readonly object: string;
  readonly kind: string;
  readonly name: string;
  readonly position: SourcePosition;
  /** Container names of the pod spec (init and regular). */
  readonly containers: readonly string[];
  /** The names in `containers` that are init containers (the page tags them). */
  readonly initContainers: readonly string[];
  /** What the input lacked, in words; empty when it already was hardened. */
  readonly missing: readonly string[];
  /** The same, with the codes that reports (SARIF, annotations) group by. */
  readonly problems: readonly CheckProblem[];
};

/** How a workload's API access was chosen: the run's default, a per-workload choice, or a strong recommendation (`auto`). */
export type ChosenBy = 'default' | 'override' | 'recommendation';

/** One pod-bearing object: the API access it got, what the evidence recommends, and the evidence. */
export type WorkloadReport = {
  readonly key: WorkloadKey;
  /** The ServiceAccount its pods run as (several, joined with ", ", for a JobSet whose jobs differ). */
  readonly serviceAccount: string;
  /** What the hardening gave it. */
  readonly apiAccess: ApiAccess;
  readonly chosenBy: ChosenBy;
  readonly recommended: ApiAccess;
  /** Whether the recommendation rests on evidence strong enough for `--api-access auto` to apply it. */
  readonly strong: boolean;
  /** The recommendation's reason, in one sentence. */
  readonly reason: string;
  readonly evidence: readonly EvidenceItem[];
  /** What the audit log says of it; absent when no log was given. */
  readonly audit?: WorkloadAuditReport;
};

/** A workload's requests in an audit log, and what the log could not show. */
export type WorkloadAuditReport = {
  /** Requests made by its pods or with its ServiceAccount's token (those count for every workload using it); undefined when none. */
  readonly usage: ApiUsage | undefined;
  /** Why the log's silence would not prove disuse ("reads (get, list, watch) are not in this log"); empty when it would. */
  readonly gaps: readonly string[];
  /** Every request made with its ServiceAccounts' tokens, by any pod: what `--format role` grants. */
  readonly accounts: readonly { readonly account: AccountKey; readonly usage: ApiUsage }[];
};

/** What the input says, read during the hardening so that nobody parses it again. */
export type InputFacts = {
  /** `serviceAccountName` values of the pod specs, in order, without repeats. */
  readonly serviceAccountNames: readonly string[];
  /** `audience` values of projected ServiceAccount tokens already in the input. */
  readonly audiences: readonly string[];
  /** Kubernetes objects in the input (a List's items each count): one object is not a bundle. */
  readonly objectCount: number;
};

/**
 * An object with a pod spec as the output has it where scanners that read only an object's
 * top-level `spec` look (README, "Scanners"), so no reader of the result parses the output again.
 */
export type OutputPodObject = {
  /** `Kind/namespace/name`, or `Kind/name`. */
  readonly object: string;
  readonly kind: string;
  /** How many Lists it is an item of: 0 for a document of its own. */
  readonly listDepth: number;
  /** `spec.automountServiceAccountToken` at the object's own top level, in the output; undefined when absent. */
  readonly topLevelAutomount: unknown;
  /** Whether an init or regular container mounts something at exactly the default token path, in the output. */
  readonly mountsDefaultPath: boolean;
};

export type HardenResult = {
  /** The hardened text; the input itself when there are errors. */
  readonly output: string;
  /** Lines of the output that are not lines of the input (what a line diff marks `+`), 1-based, in order. */
  readonly insertedLines: readonly LineRange[];
  /** Where each output line came from: an input line carried unchanged, one changed in place, or none (a line the tool wrote). */
  readonly lineMap: LineMap;
  readonly changes: readonly Change[];
  readonly findings: readonly Finding[];
  readonly errors: readonly InputError[];
  /** Every pod spec's object and ServiceAccount, with what `--check` finds missing. */
  readonly objects: readonly CheckedObject[];
  /** Every pod-bearing object (List items included), in input order, with its API access and why. */
  readonly workloads: readonly WorkloadReport[];
  /** The name of the first object in the input, for a download's file name. */
  readonly firstObjectName: string | undefined;
  /** Whether the input is JSON (then so is the output). */
  readonly isJson: boolean;
  readonly facts: InputFacts;
  /** Every object with a pod spec, as the output has it. */
  readonly podObjects: readonly OutputPodObject[];
};
