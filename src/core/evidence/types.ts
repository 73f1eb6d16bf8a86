/**
 * The shapes evidence about API use takes (SPEC §2.2 "Per workload"): what the input, a cluster dump
 * and an audit log say about each workload, and the recommendation made from it. The readers of
 * each source produce these; the recommendation and the outputs read them.
 */

/** What a workload gets: the token mounted by hand, or no token at all. */
export type ApiAccess = 'mount' | 'none';

/** A pod-bearing object, as `--workload KIND/NAMESPACE/NAME` names it (no namespace: `KIND/NAME`). */
export type WorkloadKey = { readonly kind: string; readonly namespace: string | undefined; readonly name: string };

/** A ServiceAccount. `namespace` is undefined when the input does not say (it is applied with `-n`). */
export type AccountKey = { readonly namespace: string | undefined; readonly name: string };

/** Where a piece of evidence comes from: the manifest itself, a `--cluster` dump, or an audit log. */
export type EvidenceSource = 'input' | 'cluster' | 'audit';

/** One fact behind a recommendation, in a sentence. */
export type EvidenceItem = { readonly source: EvidenceSource; readonly text: string };

/** What the evidence recommends for one workload, and how sure it is. */
export type Recommendation = {
  readonly recommended: ApiAccess;
  /** Only strong recommendations are applied by `--api-access auto`. */
  readonly strong: boolean;
  /** The reason in one sentence (the gap named when the evidence is not strong). */
  readonly reason: string;
  readonly evidence: readonly EvidenceItem[];
};

/** API requests an audit log attributes to one identity (a ServiceAccount or a pod). */
export type ApiUsage = {
  readonly requests: number;
  /** RFC 3339 `stageTimestamp`s of the first and last request. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /**
   * Requests over the log's window, one count per bucket of the summary's `timeline` (the page's
   * small bar per workload); absent when the usage was not read from a log with times.
   */
  readonly histogram?: readonly number[];
  /** Requests by verb × resource (`apiGroup` empty for the core group), most frequent first. */
  readonly operations: readonly {
    readonly verb: string;
    readonly apiGroup: string;
    readonly resource: string;
    readonly subresource: string | undefined;
    readonly namespace: string | undefined;
    readonly count: number;
    /** How many of them were denied (403): the workload tried, so they count all the same. */
    readonly denied?: number;
    /** The object names every request of this operation named (at most 16), for the Role's `resourceNames`; absent when one named none, or more were named. */
    readonly resourceNames?: readonly string[];
    /** The path of a request that named no object (`/healthz`, `/apis`); `resource` is then empty. */
    readonly nonResourceURL?: string;
  }[];
};

/** What an audit log can and cannot show, so that silence means something. */
export type AuditCoverage = {
  /** First and last `stageTimestamp` in the log (RFC 3339), undefined when it holds no event. */
  readonly firstTimestamp: string | undefined;
  readonly lastTimestamp: string | undefined;
  /** Whether read verbs (get, list, watch) appear at all: a policy at `None` for them hides reads. */
  readonly readsLogged: boolean;
  /** Why reads may be missing, when the log tells (AKS's `kube-audit-admin` category leaves them out). */
  readonly readsGap?: string;
};

/**
 * What an audit log says, in the shape the recommendation reads: the slot the audit-log reader
 * fills (issue 21). Entries name workloads and ServiceAccounts by key; a key whose namespace is
 * undefined (an input applied with `-n`) matches the same name in any namespace.
 */
export type AuditEvidence = {
  readonly coverage: AuditCoverage;
  /** Requests made with a ServiceAccount's token and no pod named: they count for every workload that uses it. */
  readonly accounts: readonly { readonly account: AccountKey; readonly usage: ApiUsage }[];
  /** Requests attributed to a workload through the pod that made them. */
  readonly workloads: readonly { readonly workload: WorkloadKey; readonly usage: ApiUsage }[];
  /** Whether each workload's pods ran during the window (pod events in the log, or a dump's pods); a workload not listed: unknown. */
  readonly podsRan: readonly { readonly workload: WorkloadKey; readonly ran: boolean }[];
};
