/**
 * `--format workloads`: one line per workload (its key, ServiceAccount, the API access it got and
 * how, the recommendation, and the reason in a sentence), in columns as `kubectl get` prints them;
 * with `--json`, `{"workloads": [...]}` for machines.
 */
import { formatWorkloadKey } from '../evidence/workload-key';
import type { WorkloadReport } from '../result';
import { escapeForTerminal } from '../source-text';

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
};

const HEADER = ['WORKLOAD', 'SERVICEACCOUNT', 'API ACCESS', 'RECOMMENDED', 'REASON'] as const;
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
    })),
  };
}

/** The workloads as a table, one line each, names escaped for a terminal; a line that says so when there are none. */
export function formatWorkloadTable(reports: readonly WorkloadReport[]): string {
  if (reports.length === 0) return 'No workloads: the input has no object that carries a pod spec.\n';
  const rows = reports.map((report) => [
    escapeForTerminal(formatWorkloadKey(report.key)),
    escapeForTerminal(report.serviceAccount),
    `${report.apiAccess} (${report.chosenBy === 'recommendation' ? 'auto' : report.chosenBy === 'override' ? 'chosen' : 'default'})`,
    `${report.recommended}${report.strong ? ', strong' : ''}`,
    escapeForTerminal(report.reason),
  ]);
  const widths = HEADER.slice(0, -1).map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell))
      .join(GAP)
      .trimEnd();
  return [HEADER, ...rows].map((cells) => `${line(cells)}\n`).join('');
}
