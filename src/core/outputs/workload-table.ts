/**
 * `--format workloads`: one line per workload (its key, ServiceAccount, the API access it got and
 * how, the recommendation, and the reason in a sentence), in columns as `kubectl get` prints them;
 * with `--json`, `{"workloads": [...]}` for machines. With an audit log, a REQUESTS column, and
 * under each workload its requests (first and last seen, the five most frequent verbs ×
 * resources) and what the log could not show.
 */
import type { ApiUsage } from '../evidence/types';
import { formatWorkloadKey } from '../evidence/workload-key';
import type { WorkloadAuditReport, WorkloadReport } from '../result';
import { escapeForTerminal } from '../source-text';

/** How many verbs × resources a workload's audit evidence lists. */
export const TOP_OPERATIONS = 5;

/** One verb × resource of a workload's requests, as the JSON gives it. */
export type OperationJson = {
  readonly verb: string;
  /** Empty for the core group. */
  readonly apiGroup: string;
  /** `pods`, `pods/log`; for a request that named no resource, its path (`/version`). */
  readonly resource: string;
  /** Null for a cluster-wide request. */
  readonly namespace: string | null;
  readonly count: number;
  /** Of those, denied (403). */
  readonly denied: number;
};

/** What the audit log says of a workload, as the JSON gives it. */
export type WorkloadAuditJson = {
  readonly requests: number;
  /** RFC 3339, null when it made no request. */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** The most frequent verbs × resources, at most five. */
  readonly operations: readonly OperationJson[];
  /** Why the log's silence would not prove disuse; empty when it would. */
  readonly gaps: readonly string[];
};

/** A workload as `--format workloads --json` gives it. */
export type WorkloadJson = {
  readonly kind: string;
  /** Null for an object without a namespace. */
  readonly namespace: string | null;
  readonly name: string;
  readonly serviceAccount: string;
  readonly apiAccess: string;
  readonly recommended: string;
  readonly strong: boolean;
  readonly evidence: readonly { readonly source: string; readonly text: string }[];
  /** Present only when an audit log was given. */
  readonly audit?: WorkloadAuditJson;
};

const HEADER = ['WORKLOAD', 'SERVICEACCOUNT', 'API ACCESS', 'RECOMMENDED', 'REASON'] as const;
const AUDIT_HEADER = ['WORKLOAD', 'SERVICEACCOUNT', 'API ACCESS', 'RECOMMENDED', 'REQUESTS', 'REASON'] as const;
const GAP = '  ';

/** The workloads as `{"workloads": [...]}`. */
export function workloadsJson(reports: readonly WorkloadReport[]): { readonly workloads: readonly WorkloadJson[] } {
  return {
    workloads: reports.map((report) => ({
      kind: report.key.kind,
      namespace: report.key.namespace ?? null,
      name: report.key.name,
      serviceAccount: report.serviceAccount,
      apiAccess: report.apiAccess,
      recommended: report.recommended,
      strong: report.strong,
      evidence: report.evidence.map(({ source, text }) => ({ source, text })),
      ...(report.audit && { audit: auditJson(report.audit) }),
    })),
  };
}

function auditJson(audit: WorkloadAuditReport): WorkloadAuditJson {
  const usage = audit.usage;
  return {
    requests: usage?.requests ?? 0,
    firstSeen: usage?.firstSeen || null,
    lastSeen: usage?.lastSeen || null,
    operations: (usage?.operations ?? []).slice(0, TOP_OPERATIONS).map((operation) => ({
      verb: operation.verb,
      apiGroup: operation.apiGroup,
      resource: resourceOf(operation),
      namespace: operation.namespace ?? null,
      count: operation.count,
      denied: operation.denied ?? 0,
    })),
    gaps: [...audit.gaps],
  };
}

function resourceOf(operation: ApiUsage['operations'][number]): string {
  if (operation.nonResourceURL !== undefined) return operation.nonResourceURL;
  return operation.subresource === undefined ? operation.resource : `${operation.resource}/${operation.subresource}`;
}

/** `get configmaps (12, 1 denied)`, `list deployments.apps in shop (3)`. */
function describeOperation(operation: ApiUsage['operations'][number]): string {
  const group = operation.apiGroup === '' ? '' : `.${operation.apiGroup}`;
  const where = operation.namespace === undefined ? '' : ` in ${operation.namespace}`;
  const denied = operation.denied ? `, ${operation.denied} denied` : '';
  const what =
    operation.nonResourceURL ?? `${operation.resource}${group}${operation.subresource === undefined ? '' : `/${operation.subresource}`}`;
  return `${operation.verb} ${what}${where} (${operation.count}${denied})`;
}

/** The lines under a workload's row: its requests, and the log's gaps. */
function auditLines(audit: WorkloadAuditReport): string[] {
  const usage = audit.usage;
  const lines =
    usage === undefined
      ? ['no request with its token in the audit log']
      : [
          `${usage.requests} request${usage.requests === 1 ? '' : 's'}, first ${usage.firstSeen}, last ${usage.lastSeen}: ${usage.operations
            .slice(0, TOP_OPERATIONS)
            .map(describeOperation)
            .join(', ')}${usage.operations.length > TOP_OPERATIONS ? `, and ${usage.operations.length - TOP_OPERATIONS} more` : ''}`,
        ];
  for (const gap of audit.gaps) lines.push(`gap: ${gap}`);
  return lines.map((line) => `    ${escapeForTerminal(line)}\n`);
}

/** The workloads as a table, one line each, names escaped for a terminal; a line that says so when there are none. */
export function formatWorkloadTable(reports: readonly WorkloadReport[]): string {
  if (reports.length === 0) return 'No workloads: the input has no object that carries a pod spec.\n';
  const withAudit = reports.some((report) => report.audit !== undefined);
  const header = withAudit ? AUDIT_HEADER : HEADER;
  const rows = reports.map((report) => [
    escapeForTerminal(formatWorkloadKey(report.key)),
    escapeForTerminal(report.serviceAccount),
    `${report.apiAccess} (${report.chosenBy === 'recommendation' ? 'auto' : report.chosenBy === 'override' ? 'chosen' : 'default'})`,
    `${report.recommended}${report.strong ? ', strong' : ''}`,
    ...(withAudit ? [String(report.audit?.usage?.requests ?? 0)] : []),
    escapeForTerminal(report.reason),
  ]);
  const widths = header.slice(0, -1).map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell))
      .join(GAP)
      .trimEnd();
  return [
    `${line(header)}\n`,
    ...rows.flatMap((cells, index) => {
      const audit = reports[index]?.audit;
      return [`${line(cells)}\n`, ...(audit ? auditLines(audit) : [])];
    }),
  ].join('');
}
