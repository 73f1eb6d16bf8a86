/**
 * `--format role`: for every ServiceAccount whose workloads keep the token, the least Role (or
 * ClusterRole) and binding that would have allowed every request the audit log saw made with its
 * tokens, by any of its pods, as audit2rbac writes them (`generateLeastRoleYaml`). A comment
 * before each says whose it is; a ServiceAccount that keeps its token but made no request gets a
 * comment saying so instead of a Role.
 */
import { generateLeastRoleYaml } from '../evidence/audit/least-role';
import type { AccountKey, ApiUsage } from '../evidence/types';
import { describeAccount, formatWorkloadKey, isSameAccount } from '../evidence/workload-key';
import type { WorkloadReport } from '../result';
import { escapeForTerminal } from '../source-text';

type Entry = { readonly account: AccountKey; readonly usage: ApiUsage | undefined; readonly workloads: string[] };

/** The observed Roles of the workloads that keep their token, as YAML; a comment alone when no audit log was read. */
export function formatObservedRoles(reports: readonly WorkloadReport[]): string {
  if (!reports.some((report) => report.audit !== undefined)) return '# No audit log was read: --format role needs --audit-log.\n';
  const entries: Entry[] = [];
  for (const report of reports) {
    if (report.apiAccess !== 'mount' || report.audit === undefined) continue;
    const label = formatWorkloadKey(report.key);
    const accounts: readonly { account: AccountKey; usage: ApiUsage | undefined }[] =
      report.audit.accounts.length > 0
        ? report.audit.accounts
        : report.serviceAccount.split(', ').map((name) => ({ account: { namespace: report.key.namespace, name }, usage: undefined }));
    for (const { account, usage } of accounts) {
      const entry = entries.find((known) => isSameAccount(known.account, account) && known.usage === usage);
      if (entry) {
        if (!entry.workloads.includes(label)) entry.workloads.push(label);
      } else entries.push({ account, usage, workloads: [label] });
    }
  }
  if (entries.length === 0) return '# No workload keeps its token: no Role is needed.\n';
  return entries.map(renderEntry).join('');
}

function renderEntry({ account, usage, workloads }: Entry): string {
  const whose = `ServiceAccount ${describeAccount(account)}, used by ${workloads.join(', ')}`;
  if (usage === undefined || account.namespace === undefined) {
    return `# ${escapeForTerminal(whose)}: keeps its token, but the audit log shows no request made with it, so no Role.\n`;
  }
  const yaml = generateLeastRoleYaml({ kind: 'ServiceAccount', namespace: account.namespace, name: account.name }, usage);
  const count = `${usage.requests} request${usage.requests === 1 ? '' : 's'}`;
  if (yaml === '') return `# ${escapeForTerminal(whose)}: ${count}, none that a Role can grant.\n`;
  return `# ${escapeForTerminal(whose)}: the least that allows its ${count} in the audit log.\n${yaml}`;
}
