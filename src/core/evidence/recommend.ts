/**
 * The recommendation for each workload, from its evidence (SPEC §2.2 "Per workload"):
 *
 * - `mount` when the workload (or another that shares its ServiceAccount) made API requests in the
 *   audit log (403s included: it tried), or mounts a token that a third party reads;
 * - `none`, strong, when an audit log covers at least `minDays` with reads logged, the workload's
 *   pods ran in that window, and no request was made by it or with its ServiceAccount: silence
 *   that means something outweighs what RBAC merely allows;
 * - otherwise `mount` when a binding grants its ServiceAccount more than every identity has
 *   (naming what), or when the ServiceAccount serves other workloads too; else `none`, not strong,
 *   with the gap named: RBAC read from a bundle is a hint, since bindings can live elsewhere.
 *
 * Workloads that share a ServiceAccount are judged together and get the same recommendation.
 */
import { addUsages } from './audit/attribute-workloads';
import { describeRules, type BindingEvidence } from './rbac';
import type { AccountEvidence, Evidence, WorkloadEvidence } from './gather';
import type { AccountKey, ApiUsage, AuditCoverage, AuditEvidence, EvidenceItem, Recommendation, WorkloadKey } from './types';
import { describeAccount, formatWorkloadKey, isSameAccount, isSameWorkload } from './workload-key';

/** The audit window a strong `none` needs, in days (`--audit-min-days`). */
export const DEFAULT_AUDIT_MIN_DAYS = 7;

export type RecommendOptions = {
  /** What an audit log says; without it nothing recommends `none` strongly. */
  readonly audit?: AuditEvidence | undefined;
  readonly minDays?: number | undefined;
};

/** One workload of the input and what its evidence recommends. */
export type WorkloadRecommendation = {
  readonly key: WorkloadKey;
  readonly serviceAccounts: readonly AccountKey[];
  readonly recommendation: Recommendation;
  /** With an audit log: the requests that count for it (its pods', its ServiceAccounts'), and why the log's silence would not prove disuse. */
  readonly audit?: { readonly usage: ApiUsage | undefined; readonly gaps: readonly string[] };
};

/** How many names a sentence lists before it counts the rest. */
const NAMED = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A request count attributed to someone, said from one workload's point of view. */
type Usage = { readonly who: 'own' | 'account' | 'other'; readonly label: string; readonly usage: ApiUsage };

/** Requests an audit log attributes to a ServiceAccount or to a workload. */
type AttributedUsage =
  | { readonly to: 'account'; readonly account: AccountKey; readonly usage: ApiUsage }
  | { readonly to: 'workload'; readonly workload: WorkloadKey; readonly usage: ApiUsage };

/** What a group of workloads sharing ServiceAccounts has in common. */
type Group = {
  readonly members: readonly WorkloadEvidence[];
  readonly accounts: readonly AccountEvidence[];
  /** Bindings that grant more than every identity has, each once. */
  readonly grants: readonly { readonly account: AccountEvidence; readonly binding: BindingEvidence }[];
  /** Workloads outside the input's group that use its ServiceAccounts (from the input or the cluster). */
  readonly others: readonly WorkloadKey[];
  /** Whether some of the others are known from the cluster dump. */
  readonly othersFromCluster: boolean;
  /** The labels of members and others, each once. */
  readonly labels: readonly string[];
  readonly usages: readonly AttributedUsage[];
  /** Tokens that third parties read, in any member. */
  readonly foreign: readonly { readonly member: WorkloadEvidence; readonly text: string }[];
  /** Why an audit log's silence would not prove disuse for this group. */
  readonly gaps: readonly string[];
};

/** An audit log's entries by kind and name (workloads) or name (ServiceAccounts), so each group finds its own at once. */
type AuditIndex = {
  readonly accounts: ReadonlyMap<string, AuditEvidence['accounts']>;
  readonly workloads: ReadonlyMap<string, AuditEvidence['workloads']>;
  readonly podsRan: ReadonlyMap<string, AuditEvidence['podsRan']>;
};

/** The recommendation for every workload of the evidence, in the same order. */
export function recommendWorkloads(evidence: Evidence, options: RecommendOptions = {}): WorkloadRecommendation[] {
  const minDays = options.minDays ?? DEFAULT_AUDIT_MIN_DAYS;
  const audit = options.audit;
  const coverageGaps = audit === undefined ? ['no audit log was given'] : describeCoverageGaps(audit.coverage, minDays);
  const index = audit === undefined ? undefined : indexAudit(audit);
  const groups = groupBySharedAccount(evidence.workloads).map((members) => summariseGroup(members, index, coverageGaps));
  const groupOf = new Map<WorkloadEvidence, Group>();
  for (const group of groups) for (const member of group.members) groupOf.set(member, group);

  const accountItems = accountItemsOf(evidence);
  return evidence.workloads.map((workload) => {
    const group = groupOf.get(workload) as Group;
    const decided = decide(workload, group, evidence, audit, minDays);
    return {
      key: workload.key,
      serviceAccounts: workload.accounts.map((account) => account.key),
      recommendation: { ...decided, evidence: evidenceItems(workload, group, accountItems, audit) },
      ...(audit === undefined ? {} : { audit: auditOf(workload, group, coverageGaps) }),
    };
  });
}

function decide(
  workload: WorkloadEvidence,
  group: Group,
  evidence: Evidence,
  audit: AuditEvidence | undefined,
  minDays: number,
): Omit<Recommendation, 'evidence'> {
  const usage = strongestUsage(workload, group);
  if (usage !== undefined) {
    return { recommended: 'mount', strong: true, reason: `Keep the token: ${describeUsage(usage)}.` };
  }
  const foreign = group.foreign[0];
  if (foreign !== undefined) {
    const where = foreign.member === workload ? '' : ` (in ${formatWorkloadKey(foreign.member.key)}, which shares its ServiceAccount)`;
    return { recommended: 'mount', strong: true, reason: `Keep the token: ${foreign.text}${where}.` };
  }
  if (audit !== undefined && group.gaps.length === 0) {
    const days = windowDays(audit.coverage) ?? minDays;
    return {
      recommended: 'none',
      strong: true,
      reason: `No token: the audit log covers ${formatDays(days)} with reads logged, its pods ran in that time, and no request was made with its ServiceAccount's token.`,
    };
  }
  const grant = group.grants.find((entry) => entry.binding.rules !== undefined) ?? group.grants[0];
  if (grant !== undefined) {
    const more = group.grants.length > 1 ? `, and ${group.grants.length - 1} more binding${group.grants.length > 2 ? 's' : ''}` : '';
    return {
      recommended: 'mount',
      strong: grant.binding.rules !== undefined,
      reason: `Keep the token: the ServiceAccount ${describeAccount(grant.account.key)} may ${describeGrant(grant.binding, 2)} (${grant.binding.binding} in the ${grant.binding.source}${more}).`,
    };
  }
  const neighbours = neighboursOf(workload, group);
  if (neighbours.length > 0) {
    return {
      recommended: 'mount',
      strong: false,
      reason: `Keep the token: its ServiceAccount also serves ${listNames(neighbours)}, and nothing here shows which of them call the API.`,
    };
  }
  if (!group.members.some((member) => member.hasToken)) {
    return {
      recommended: 'none',
      strong: false,
      reason: 'No token: it runs without an API token today and nothing here says it needs one, so --api-access auto leaves it so.',
    };
  }
  const proof =
    audit === undefined
      ? `nothing in ${evidence.sources.cluster ? 'the input or the cluster dump' : 'the input'} says it calls the API, but without an audit log that is no proof`
      : `the audit log shows no request, but ${group.gaps.join('; ')}`;
  return { recommended: 'none', strong: false, reason: `No token recommended: ${proof}, so --api-access auto keeps the token.` };
}

/** What the evidence says of one ServiceAccount: who it is, and what its bindings grant. */
type AccountItems = { readonly facts: EvidenceItem; readonly bindings: readonly EvidenceItem[] };

/**
 * The items of each ServiceAccount, said once: the workloads that run as it share them (a cluster
 * dump's hundreds of pods per account would each hold their own copy of the same sentences).
 */
function accountItemsOf(evidence: Evidence): (account: AccountEvidence) => AccountItems {
  const said = new Map<AccountEvidence, AccountItems>();
  return (account) => {
    let items = said.get(account);
    if (items === undefined) {
      items = {
        facts: { source: account.definedIn ?? 'input', text: describeAccountFacts(account, evidence) },
        bindings: bindingItems(account, evidence),
      };
      said.set(account, items);
    }
    return items;
  };
}

const TOKEN_ITEMS: Readonly<Record<'held' | 'none', EvidenceItem>> = {
  held: { source: 'input', text: 'Its pods can read an API token today.' },
  none: {
    source: 'input',
    text: 'Its pods run without an API token today (automount is off and nothing is mounted at the token path).',
  },
};

/** The evidence items of one workload, in the order a reader asks: who it runs as, what it holds, what it may do, what it did. */
function evidenceItems(
  workload: WorkloadEvidence,
  group: Group,
  accountItems: (account: AccountEvidence) => AccountItems,
  audit: AuditEvidence | undefined,
): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const account of workload.accounts) items.push(accountItems(account).facts);
  items.push(workload.hasToken ? TOKEN_ITEMS.held : TOKEN_ITEMS.none);
  const foreign = [...group.foreign].sort((left, right) => Number(right.member === workload) - Number(left.member === workload));
  for (const { member, text } of foreign) {
    const where = member === workload ? '' : ` (in ${formatWorkloadKey(member.key)}, which shares its ServiceAccount)`;
    items.push({ source: 'input', text: `${capitalise(text)}${where}.` });
  }
  for (const account of workload.accounts) items.push(...accountItems(account).bindings);
  const neighbours = neighboursOf(workload, group);
  if (neighbours.length > 0) {
    items.push({
      source: group.othersFromCluster ? 'cluster' : 'input',
      text: `Its ServiceAccount also serves ${listNames(neighbours)}: one answer has to serve them all.`,
    });
  }
  if (audit !== undefined) {
    for (const entry of group.usages) items.push({ source: 'audit', text: `${capitalise(describeUsage(usageFor(workload, entry)))}.` });
    if (group.usages.length === 0) items.push({ source: 'audit', text: describeQuiet(audit.coverage) });
    for (const gap of group.gaps) items.push({ source: 'audit', text: `${capitalise(gap)}.` });
  }
  return items;
}

/** The other workloads its ServiceAccounts serve (the same object given twice is not another). */
function neighboursOf(workload: WorkloadEvidence, group: Group): string[] {
  const own = formatWorkloadKey(workload.key);
  return group.labels.filter((label) => label !== own);
}

function describeAccountFacts(account: AccountEvidence, evidence: Evidence): string {
  const name = `It runs as the ServiceAccount ${describeAccount(account.key)}`;
  if (account.definedIn === undefined) {
    if (account.key.name === 'default') return `${name}, which every namespace has.`;
    return `${name}, which ${evidence.sources.cluster ? 'neither the input nor the cluster dump defines' : 'the input does not define'}.`;
  }
  const where = account.definedIn === 'input' ? 'the input' : 'the cluster';
  return account.automountOff
    ? `${name}, which ${where} defines with automountServiceAccountToken: false.`
    : `${name} (defined in ${where}).`;
}

function bindingItems(account: AccountEvidence, evidence: Evidence): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  const defaults = account.bindings.filter((binding) => binding.isDefault);
  const granting = account.bindings.filter((binding) => !binding.isDefault);
  for (const binding of granting) {
    const scope =
      binding.namespace === undefined
        ? binding.binding.startsWith('Cluster')
          ? ' cluster-wide'
          : ''
        : ` in namespace "${binding.namespace}"`;
    items.push({
      source: binding.source,
      text: `${binding.binding} binds ${binding.role} to the ServiceAccount ${describeAccount(account.key)} ${binding.through}: it may ${describeGrant(binding, Infinity)}${scope}.`,
    });
  }
  if (defaults.length > 0) {
    items.push({
      source: defaults.some((binding) => binding.source === 'cluster') ? 'cluster' : 'input',
      text: `The cluster's default bindings reach it as they reach every ServiceAccount (${defaults.map((binding) => binding.binding).join(', ')}): they grant discovery and self-reviews only.`,
    });
  }
  if (granting.some((binding) => binding.grantsMore)) return items;
  const rbacFromCluster = evidence.sources.cluster && evidence.sources.clusterHasRbac;
  items.push(
    rbacFromCluster
      ? {
          source: 'cluster',
          text: `No RoleBinding or ClusterRoleBinding in the input or the cluster dump grants the ServiceAccount ${describeAccount(account.key)} more than the cluster's defaults.`,
        }
      : {
          source: 'input',
          text: `No RoleBinding or ClusterRoleBinding in the input grants the ServiceAccount ${describeAccount(account.key)} anything: only a hint, bindings can live in the cluster${evidence.sources.cluster ? ' (the cluster dump holds no RBAC objects)' : ' (a cluster dump would show them)'}.`,
        },
  );
  return items;
}

function describeGrant(binding: BindingEvidence, limit: number): string {
  if (binding.rules === undefined) return `do what ${binding.role} grants (the evidence does not hold it)`;
  const parts = describeRules(binding.rules).split('; ');
  return parts.length > limit ? `${parts.slice(0, limit).join('; ')}; and more` : parts.join('; ');
}

/** Workloads joined through ServiceAccounts they share (an unknown namespace may be any). */
function groupBySharedAccount(workloads: readonly WorkloadEvidence[]): WorkloadEvidence[][] {
  const parent = workloads.map((_, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index] as number] as number;
    return index;
  };
  const union = (left: number, right: number): void => {
    parent[find(left)] = find(right);
  };
  // Identical keys are one object given twice; identical ServiceAccounts join their users.
  const firstByKey = new Map<string, number>();
  const byName = new Map<string, { namespace: string | undefined; index: number }[]>();
  workloads.forEach((workload, index) => {
    const label = formatWorkloadKey(workload.key);
    const first = firstByKey.get(label);
    if (first === undefined) firstByKey.set(label, index);
    else union(index, first);
    for (const account of workload.accounts) pushTo(byName, account.key.name, { namespace: account.key.namespace, index });
  });
  for (const entries of byName.values()) {
    const open = entries.find((entry) => entry.namespace === undefined);
    const firstIn = new Map<string, number>();
    for (const entry of entries) {
      if (open !== undefined) union(entry.index, open.index);
      else {
        const first = firstIn.get(entry.namespace ?? '');
        if (first === undefined) firstIn.set(entry.namespace ?? '', entry.index);
        else union(entry.index, first);
      }
    }
  }
  const groups = new Map<number, WorkloadEvidence[]>();
  workloads.forEach((workload, index) => pushTo(groups, find(index), workload));
  return [...groups.values()];
}

function summariseGroup(members: readonly WorkloadEvidence[], audit: AuditIndex | undefined, coverageGaps: readonly string[]): Group {
  const accounts = [...new Set(members.flatMap((member) => member.accounts))];
  const grants: Group['grants'][number][] = [];
  const granted = new Set<string>();
  for (const account of accounts) {
    for (const binding of account.bindings) {
      if (!binding.grantsMore || granted.has(binding.binding)) continue;
      granted.add(binding.binding);
      grants.push({ account, binding });
    }
  }
  const memberLabels = new Set(members.map((member) => formatWorkloadKey(member.key)));
  const openMembers = members.filter((member) => member.key.namespace === undefined);
  // An unknown namespace on either side may be the same workload.
  const isMember = (key: WorkloadKey): boolean =>
    memberLabels.has(formatWorkloadKey(key)) ||
    openMembers.some((member) => isSameWorkload(member.key, key)) ||
    (key.namespace === undefined && members.some((member) => isSameWorkload(member.key, key)));
  const labels = new Set(memberLabels);
  const others: WorkloadKey[] = [];
  let othersFromCluster = false;
  for (const account of accounts) {
    for (const user of account.users) {
      const label = formatWorkloadKey(user.workload);
      if (labels.has(label) || isMember(user.workload)) continue;
      labels.add(label);
      others.push(user.workload);
      othersFromCluster ||= user.source === 'cluster';
    }
  }
  const usages: AttributedUsage[] = [];
  const gaps = [...coverageGaps];
  if (audit !== undefined) {
    for (const account of accounts) {
      for (const entry of audit.accounts.get(account.key.name) ?? []) {
        if (entry.usage.requests > 0 && isSameAccount(account.key, entry.account))
          usages.push({ to: 'account', account: entry.account, usage: entry.usage });
      }
    }
    const counted = new Set<unknown>();
    for (const key of [...members.map((member) => member.key), ...others]) {
      for (const entry of audit.workloads.get(`${key.kind}/${key.name}`) ?? []) {
        if (entry.usage.requests === 0 || counted.has(entry) || !isSameWorkload(key, entry.workload)) continue;
        counted.add(entry);
        usages.push({ to: 'workload', workload: entry.workload, usage: entry.usage });
      }
    }
    for (const member of members) gaps.push(...podsRanGap(member.key, audit));
  }
  const foreign = members.flatMap((member) => member.foreignTokens.map((token) => ({ member, text: token.text })));
  return { members, accounts, grants, others, othersFromCluster, labels: [...labels], usages, foreign, gaps: [...new Set(gaps)] };
}

function indexAudit(audit: AuditEvidence): AuditIndex {
  const accounts = new Map<string, AuditEvidence['accounts'][number][]>();
  for (const entry of audit.accounts) pushTo(accounts, entry.account.name, entry);
  const workloads = new Map<string, AuditEvidence['workloads'][number][]>();
  for (const entry of audit.workloads) pushTo(workloads, `${entry.workload.kind}/${entry.workload.name}`, entry);
  const podsRan = new Map<string, AuditEvidence['podsRan'][number][]>();
  for (const entry of audit.podsRan) pushTo(podsRan, `${entry.workload.kind}/${entry.workload.name}`, entry);
  return { accounts, workloads, podsRan };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The usage a reason names: the workload's own first, then its ServiceAccount's, then a neighbour's; most requests first. */
function strongestUsage(workload: WorkloadEvidence, group: Group): Usage | undefined {
  const ranked = group.usages.map((entry) => usageFor(workload, entry));
  const order = { own: 0, account: 1, other: 2 };
  return ranked.sort((left, right) => order[left.who] - order[right.who] || right.usage.requests - left.usage.requests)[0];
}

/**
 * The requests that count for a workload itself (its own pods' and those made with its
 * ServiceAccounts' tokens), and the gaps that matter: the log's own when it made requests (its
 * pods plainly ran), every gap when it made none.
 */
function auditOf(workload: WorkloadEvidence, group: Group, coverageGaps: readonly string[]): NonNullable<WorkloadRecommendation['audit']> {
  const usage = addUsages(group.usages.filter((entry) => usageFor(workload, entry).who !== 'other').map((entry) => entry.usage));
  return { usage, gaps: usage === undefined ? group.gaps : coverageGaps };
}

function usageFor(workload: WorkloadEvidence, entry: AttributedUsage): Usage {
  if (entry.to === 'account') return { who: 'account', label: describeAccount(entry.account), usage: entry.usage };
  const own = isSameWorkload(entry.workload, workload.key);
  return { who: own ? 'own' : 'other', label: formatWorkloadKey(entry.workload), usage: entry.usage };
}

function describeUsage({ who, label, usage }: Usage): string {
  const whom =
    who === 'own' ? 'its pods' : who === 'account' ? `the ServiceAccount ${label}` : `${label}, which shares its ServiceAccount,`;
  const count = `${usage.requests} API request${usage.requests === 1 ? '' : 's'}`;
  const operations = usage.operations.slice(0, NAMED).map((operation) => {
    const group = operation.apiGroup === '' ? '' : `.${operation.apiGroup}`;
    const subresource = operation.subresource === undefined ? '' : `/${operation.subresource}`;
    return `${operation.verb} ${operation.resource}${group}${subresource}`;
  });
  const more = usage.operations.length > NAMED ? ', …' : '';
  const what = operations.length === 0 ? '' : ` (${operations.join(', ')}${more})`;
  return `${whom} made ${count} in the audit log${what}, from ${usage.firstSeen} to ${usage.lastSeen}`;
}

function describeQuiet(coverage: AuditCoverage): string {
  const days = windowDays(coverage);
  return days === undefined
    ? 'The audit log holds no request made with its ServiceAccount.'
    : `No request made with its ServiceAccount in the audit log, which covers ${formatDays(days)} (${coverage.firstTimestamp ?? ''} to ${coverage.lastTimestamp ?? ''}).`;
}

/** Why an audit log's silence would not prove disuse: too short, empty, or without reads. */
export function describeCoverageGaps(coverage: AuditCoverage, minDays: number): string[] {
  const days = windowDays(coverage);
  if (days === undefined) return ['the audit log holds no event'];
  const gaps: string[] = [];
  if (days < minDays) gaps.push(`the audit log covers ${formatDays(days)}, less than ${formatDays(minDays)}`);
  if (!coverage.readsLogged) gaps.push('reads (get, list, watch) are not in this log');
  return gaps;
}

function podsRanGap(key: WorkloadKey, audit: AuditIndex): string[] {
  const entries = (audit.podsRan.get(`${key.kind}/${key.name}`) ?? []).filter((entry) => isSameWorkload(entry.workload, key));
  const label = formatWorkloadKey(key);
  if (entries.length === 0) return [`nothing shows that pods of ${label} ran in the window`];
  return entries.every((entry) => entry.ran) ? [] : [`pods of ${label} did not run in the window`];
}

/** The audit window in days, or undefined when the log holds no timestamp. */
function windowDays(coverage: AuditCoverage): number | undefined {
  if (coverage.firstTimestamp === undefined || coverage.lastTimestamp === undefined) return undefined;
  const span = Date.parse(coverage.lastTimestamp) - Date.parse(coverage.firstTimestamp);
  return Number.isFinite(span) ? Math.max(0, span) / DAY_MS : undefined;
}

function formatDays(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return `${rounded} day${rounded === 1 ? '' : 's'}`;
}

function listNames(names: readonly string[]): string {
  if (names.length <= NAMED) return names.join(', ');
  return `${names.slice(0, NAMED).join(', ')} and ${names.length - NAMED} more`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
