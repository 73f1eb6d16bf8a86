/**
 * The API access of each workload (SPEC §2.2 "Per workload"): a per-workload choice first, then
 * under `auto` a strong recommendation, else the run's default (`auto` without strong evidence
 * mounts the token). Every workload is reported with its recommendation and evidence, gathered from
 * the input's own objects and the cluster dumps given.
 */
import { auditEvidenceFor } from '../evidence/audit/audit-evidence';
import type { AuditLogSummary } from '../evidence/audit/read-audit-log';
import type { ClusterDump } from '../evidence/cluster-dump';
import { gatherEvidence } from '../evidence/gather';
import type { PlacedObject } from '../evidence/objects';
import { recommendWorkloads } from '../evidence/recommend';
import type { AccountKey, AuditEvidence } from '../evidence/types';
import { applyOverrides, isSameAccount, type OverrideProblem, type WorkloadOverride } from '../evidence/workload-key';
import type { ChosenBy, WorkloadAuditReport, WorkloadReport } from '../result';
import type { FindingDraft } from './findings';
import type { ApiAccess, HardenOptions } from './options';

/** What is known besides the input, already read: cluster dumps and an audit log. */
export type HardenEvidence = {
  readonly clusterDumps?: readonly ClusterDump[] | undefined;
  /** An audit log as read (`createAuditLogReader().summarize()`): tied to the input's workloads here. */
  readonly auditLog?: AuditLogSummary | undefined;
  /** Evidence already tied to workloads; takes the place of `auditLog` (tests, other readers). */
  readonly audit?: AuditEvidence | undefined;
  /** The audit window a strong `none` needs, in days (`--audit-min-days`; default 7). */
  readonly auditMinDays?: number | undefined;
};

export type WorkloadAccess = {
  /** One per workload of the input, in input order. */
  readonly reports: readonly WorkloadReport[];
  /** The access of the workload at a document and List path (`items[3].`, empty at the top). */
  readonly accessAt: (document: number, path: string) => ApiAccess;
  /** The accesses of a document's workloads, in order, as one short text (what a cached document's hardening depended on). */
  readonly accessesIn: (document: number) => string;
  /** Choices that name no workload of the input, or contradict each other. */
  readonly problems: readonly OverrideProblem[];
  /** Findings about the run as a whole. */
  readonly findings: readonly FindingDraft[];
};

/** Decides every workload's API access. `objects` are the input's objects as plain values (objects.ts, flattenObjects), read once. */
export function decideWorkloadAccess(
  objects: Iterable<PlacedObject>,
  options: HardenOptions,
  evidence: HardenEvidence = {},
): WorkloadAccess {
  const cluster = evidence.clusterDumps?.flatMap((dump) => dump.objects);
  const gathered = gatherEvidence({ objects, cluster, mountPath: options.mountPath });
  const { auditLog } = evidence;
  const audit = evidence.audit ?? (auditLog && auditEvidenceFor(auditLog, gathered, cluster));
  const recommendations = recommendWorkloads(gathered, { audit, minDays: evidence.auditMinDays });
  const overrides = options.workloads.map((choice): WorkloadOverride => ({
    key: { kind: choice.kind, namespace: choice.namespace, name: choice.name },
    apiAccess: choice.apiAccess,
  }));
  const { access: chosen, problems } = applyOverrides(
    overrides,
    gathered.workloads.map((workload) => workload.key),
  );
  const fallback: ApiAccess = options.apiAccess === 'none' ? 'none' : 'mount';
  const byPlace = new Map<string, ApiAccess>();
  const byDocument = new Map<number, string>();
  const reports = gathered.workloads.map((workload, index): WorkloadReport => {
    // recommendWorkloads answers for every workload, in the same order.
    const { recommendation, serviceAccounts, audit: counted } = recommendations[index] as (typeof recommendations)[number];
    const override = chosen[index];
    const [apiAccess, chosenBy]: [ApiAccess, ChosenBy] =
      override !== undefined
        ? [override, 'override']
        : options.apiAccess === 'auto' && recommendation.strong
          ? [recommendation.recommended, 'recommendation']
          : [fallback, 'default'];
    byPlace.set(placeOf(workload.document, workload.path), apiAccess);
    byDocument.set(workload.document, `${byDocument.get(workload.document) ?? ''}${apiAccess === 'none' ? 'n' : 'm'}`);
    return {
      key: workload.key,
      serviceAccount: [...new Set(serviceAccounts.map((account) => account.name))].join(', '),
      apiAccess,
      chosenBy,
      recommended: recommendation.recommended,
      strong: recommendation.strong,
      reason: recommendation.reason,
      evidence: recommendation.evidence,
      ...(counted && { audit: auditReport(counted, serviceAccounts, auditLog) }),
    };
  });
  const findings: FindingDraft[] = [];
  if (options.apiAccess === 'auto' && audit === undefined && reports.length > 0) {
    findings.push({
      code: 'auto-without-audit',
      severity: 'warning',
      message:
        '--api-access auto removes a token only where an audit log shows it goes unused, and no audit log was given: every workload not chosen by hand keeps its token (as with mount)',
    });
  }
  return {
    reports,
    accessAt: (document, path) => byPlace.get(placeOf(document, path)) ?? fallback,
    accessesIn: (document) => byDocument.get(document) ?? '',
    problems,
    findings,
  };
}

function auditReport(
  counted: { readonly usage: WorkloadAuditReport['usage']; readonly gaps: readonly string[] },
  serviceAccounts: readonly AccountKey[],
  auditLog: AuditLogSummary | undefined,
): WorkloadAuditReport {
  const accounts = (auditLog?.accounts ?? []).filter((activity) => serviceAccounts.some((key) => isSameAccount(key, activity.account)));
  return { usage: counted.usage, gaps: counted.gaps, accounts: accounts.map(({ account, usage }) => ({ account, usage })) };
}

function placeOf(document: number, path: string): string {
  return `${document} ${path}`;
}
