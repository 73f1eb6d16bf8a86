/**
 * `--format role`: the least RBAC that would have allowed every request an identity made, as
 * audit2rbac writes it (liggitt/audit2rbac): requests in a namespace → a Role and RoleBinding in
 * that namespace; requests across namespaces or of cluster-scoped resources → a ClusterRole and
 * ClusterRoleBinding; subresources as `pods/log`; paths that name no object → `nonResourceURLs`.
 * Unlike audit2rbac's defaults, verbs are not widened (`watch` does not bring `get` and `list`)
 * and namespaces are not merged into cluster scope: the result is what was used, no more.
 * Object names are kept as `resourceNames` where RBAC can check them (not for `create` of a
 * whole object, nor `deletecollection`): one to 16 names, every request of the rule naming one.
 * Denied requests (403) are included: the identity tried them.
 *
 * Every value from the log is written as a YAML scalar that reads back as exactly that value and
 * shows no control or bidirectional character raw in a terminal.
 */
import { escapeForTerminal } from '../../source-text';
import type { ApiUsage } from '../types';

/** Who the Role is for: a ServiceAccount (the usual case), or a user (as audit2rbac's demo). */
export type RoleSubject =
  { readonly kind: 'ServiceAccount'; readonly namespace: string; readonly name: string } | { readonly kind: 'User'; readonly name: string };

/** One RBAC rule, as it is written. */
export type PolicyRule = {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly verbs: readonly string[];
};

/** A Role (with `namespace`) or ClusterRole, before it is written as YAML. */
export type GeneratedRole = { readonly namespace: string | undefined; readonly name: string; readonly rules: readonly PolicyRule[] };

const VERB_ORDER = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

function compareVerbs(a: string, b: string): number {
  const rankA = VERB_ORDER.indexOf(a);
  const rankB = VERB_ORDER.indexOf(b);
  return (rankA === -1 ? VERB_ORDER.length : rankA) - (rankB === -1 ? VERB_ORDER.length : rankB) || a.localeCompare(b);
}

/** Whether RBAC checks the object's name for this request (it cannot for a create of a new object). */
function isNameChecked(verb: string, subresource: string | undefined): boolean {
  return !(verb === 'create' && subresource === undefined) && verb !== 'deletecollection';
}

type Grant = { apiGroup: string; resource: string; names: readonly string[]; verbs: Set<string> };

/** Rules for the operations of one scope: verbs gathered per resource, then resources with the same verbs gathered. */
function rulesOf(operations: ApiUsage['operations']): PolicyRule[] {
  const grants = new Map<string, Grant>();
  const paths = new Map<string, Set<string>>();
  for (const operation of operations) {
    if (operation.verb === '') continue;
    if (operation.nonResourceURL !== undefined) {
      const verbs = paths.get(operation.nonResourceURL) ?? new Set<string>();
      verbs.add(operation.verb);
      paths.set(operation.nonResourceURL, verbs);
      continue;
    }
    const resource = operation.subresource ? `${operation.resource}/${operation.subresource}` : operation.resource;
    const names = isNameChecked(operation.verb, operation.subresource) ? (operation.resourceNames ?? []) : [];
    const key = `${operation.apiGroup}\u0000${resource}\u0000${names.join('\u0000')}`;
    const grant = grants.get(key) ?? { apiGroup: operation.apiGroup, resource, names, verbs: new Set<string>() };
    grant.verbs.add(operation.verb);
    grants.set(key, grant);
  }
  // A grant for a resource with no names makes the named ones of the same verb redundant.
  for (const grant of grants.values()) {
    if (grant.names.length === 0) continue;
    const unnamed = grants.get(`${grant.apiGroup}\u0000${grant.resource}\u0000`);
    if (unnamed) for (const verb of unnamed.verbs) grant.verbs.delete(verb);
  }
  const merged = new Map<string, { apiGroup: string; resources: string[]; names: readonly string[]; verbs: string[] }>();
  for (const grant of grants.values()) {
    if (grant.verbs.size === 0) continue;
    const verbs = [...grant.verbs].sort(compareVerbs);
    const key = `${grant.apiGroup}\u0000${verbs.join(',')}\u0000${grant.names.join('\u0000')}`;
    const rule = merged.get(key) ?? { apiGroup: grant.apiGroup, resources: [], names: grant.names, verbs };
    rule.resources.push(grant.resource);
    merged.set(key, rule);
  }
  const resourceRules: PolicyRule[] = [...merged.values()]
    .map((rule) => ({
      apiGroups: [rule.apiGroup],
      resources: rule.resources.sort(),
      ...(rule.names.length > 0 ? { resourceNames: rule.names } : {}),
      verbs: rule.verbs,
    }))
    .sort((a, b) => compareText(sortKey(a), sortKey(b)));
  const pathRules = new Map<string, { urls: string[]; verbs: string[] }>();
  for (const [path, verbSet] of paths) {
    const verbs = [...verbSet].sort(compareVerbs);
    const rule = pathRules.get(verbs.join(',')) ?? { urls: [], verbs };
    rule.urls.push(path);
    pathRules.set(verbs.join(','), rule);
  }
  const nonResourceRules: PolicyRule[] = [...pathRules.values()]
    .map((rule) => ({ nonResourceURLs: rule.urls.sort(), verbs: rule.verbs }))
    .sort((a, b) => compareText(a.nonResourceURLs.join(','), b.nonResourceURLs.join(',')));
  return [...resourceRules, ...nonResourceRules];
}

/** Code-unit order: stable whatever the locale, and the separator sorts first. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKey(rule: PolicyRule): string {
  return [rule.apiGroups?.join(',') ?? '', rule.resources?.join(',') ?? '', rule.resourceNames?.join(',') ?? '', rule.verbs.join(',')].join(
    '\u0000',
  );
}

function roleName(subject: RoleSubject, clusterWide: boolean): string {
  if (subject.kind === 'User') return `observed:${subject.name}`;
  return clusterWide ? `observed:${subject.namespace}:${subject.name}` : `observed:${subject.name}`;
}

/** The Roles (one per namespace) and ClusterRole that allow exactly the requests in `usage`. */
export function leastRoles(subject: RoleSubject, usage: ApiUsage): GeneratedRole[] {
  const byNamespace = new Map<string, ApiUsage['operations'][number][]>();
  const clusterWide: ApiUsage['operations'][number][] = [];
  for (const operation of usage.operations) {
    if (operation.namespace === undefined || operation.nonResourceURL !== undefined) clusterWide.push(operation);
    else byNamespace.set(operation.namespace, [...(byNamespace.get(operation.namespace) ?? []), operation]);
  }
  const roles: GeneratedRole[] = [...byNamespace.keys()].sort().map((namespace) => ({
    namespace,
    name: roleName(subject, false),
    rules: rulesOf(byNamespace.get(namespace) ?? []),
  }));
  const clusterRules = rulesOf(clusterWide);
  if (clusterRules.length > 0) roles.push({ namespace: undefined, name: roleName(subject, true), rules: clusterRules });
  return roles.filter((role) => role.rules.length > 0);
}

const PLAIN_SCALAR = /^[A-Za-z0-9/][A-Za-z0-9._/-]*$/;
const YAML_WORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBER_LIKE = /^[-+.]?\d|^\.(?:inf|nan)$/i;

/**
 * A string as a YAML scalar: plain when it cannot be read as anything else, else double-quoted
 * with every control and bidirectional character escaped (`\x1b`, `\u202e`, valid YAML escapes).
 */
export function yamlScalar(value: string): string {
  if (value !== '' && PLAIN_SCALAR.test(value) && !YAML_WORDS.test(value) && !NUMBER_LIKE.test(value)) return value;
  return `"${escapeForTerminal(value.replace(/[\\"]/g, '\\$&')).replace(/\t/g, '\\t')}"`;
}

function yamlList(key: string, values: readonly string[], indent: string): string {
  return `${indent}${key}:\n${values.map((value) => `${indent}  - ${yamlScalar(value)}\n`).join('')}`;
}

function renderRule(rule: PolicyRule): string {
  const lines: string[] = [];
  const keys = ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs', 'verbs'] as const;
  for (const key of keys) {
    const values = rule[key];
    if (values) lines.push(yamlList(key, values, '    '));
  }
  const text = lines.join('');
  return `  - ${text.slice(4)}`;
}

function renderSubject(subject: RoleSubject): string {
  return subject.kind === 'ServiceAccount'
    ? `  - kind: ServiceAccount\n    name: ${yamlScalar(subject.name)}\n    namespace: ${yamlScalar(subject.namespace)}\n`
    : `  - apiGroup: rbac.authorization.k8s.io\n    kind: User\n    name: ${yamlScalar(subject.name)}\n`;
}

function describeUsage(usage: ApiUsage): string {
  const span = usage.firstSeen && usage.lastSeen ? ` from ${usage.firstSeen} to ${usage.lastSeen}` : '';
  return `${usage.requests} request${usage.requests === 1 ? '' : 's'} in the audit log${span}`;
}

/**
 * The least Roles and their bindings for `subject`, as YAML documents: what `--format role`
 * prints per ServiceAccount. Empty when no request can be granted.
 */
export function generateLeastRoleYaml(subject: RoleSubject, usage: ApiUsage): string {
  const annotation = `  annotations:\n    sa-token-hardener/observed: ${yamlScalar(describeUsage(usage))}\n`;
  return leastRoles(subject, usage)
    .map((role) => {
      const kind = role.namespace === undefined ? 'ClusterRole' : 'Role';
      const metadata = `metadata:\n  name: ${yamlScalar(role.name)}\n${role.namespace === undefined ? '' : `  namespace: ${yamlScalar(role.namespace)}\n`}`;
      const roleText = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\n${metadata}${annotation}rules:\n${role.rules.map(renderRule).join('')}`;
      const bindingText =
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}Binding\n${metadata}` +
        `roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${kind}\n  name: ${yamlScalar(role.name)}\nsubjects:\n${renderSubject(subject)}`;
      return `---\n${roleText}---\n${bindingText}`;
    })
    .join('');
}
