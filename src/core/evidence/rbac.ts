/**
 * RBAC as evidence: the RoleBindings and ClusterRoleBindings whose subjects reach a ServiceAccount
 * (by name, as its user name, or through the groups every ServiceAccount belongs to), the rules of
 * the role each binds (aggregated ClusterRoles read through their parts), the cluster's own
 * default bindings recognised as such, and the rules said in words.
 *
 * What Kubernetes does, and these rules follow: a ServiceAccount authenticates as the user
 * `system:serviceaccount:NS:NAME` in the groups `system:serviceaccounts`,
 * `system:serviceaccounts:NS` and `system:authenticated`; a RoleBinding's ServiceAccount subject
 * without a namespace means the binding's own; every cluster binds `system:basic-user`,
 * `system:discovery` and `system:public-info-viewer` to `system:authenticated`, and
 * `system:service-account-issuer-discovery` to `system:serviceaccounts` (the bootstrap policy of
 * kube-apiserver), which grant discovery and self-reviews only.
 */
import { isRecord } from '../read/yaml-read';
import { type KubeObject, isSameNamespace, listOf, nameOf, namespaceOf, stringMapOf, textOf } from './objects';
import type { AccountKey, EvidenceSource } from './types';

/** One rule of a Role or ClusterRole. */
export type Rule = {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
};

/** A binding that reaches a ServiceAccount, with what it grants. */
export type BindingEvidence = {
  readonly source: Exclude<EvidenceSource, 'audit'>;
  /** `RoleBinding/NAMESPACE/NAME` or `ClusterRoleBinding/NAME`. */
  readonly binding: string;
  /** `Role/NAME` or `ClusterRole/NAME`. */
  readonly role: string;
  /** How its subjects reach the ServiceAccount, in words (`by name`, `through the group "…"`). */
  readonly through: string;
  /** The namespace a RoleBinding grants in; undefined for a ClusterRoleBinding (or a RoleBinding whose namespace the input leaves open). */
  readonly namespace: string | undefined;
  /** The role's rules, or undefined when the evidence does not hold the role. */
  readonly rules: readonly Rule[] | undefined;
  /** Whether it is one of the bindings every cluster has (and grants only what they grant). */
  readonly isDefault: boolean;
  /** Whether it grants more than every authenticated identity has; a role the evidence does not hold may. */
  readonly grantsMore: boolean;
};

/** An object and where the evidence found it. */
export type SourcedObject = { readonly object: KubeObject; readonly source: Exclude<EvidenceSource, 'audit'> };

/** The bindings of the evidence, indexed by whom they reach. */
export type RbacIndex = {
  /** Every binding that reaches the ServiceAccount, defaults included. */
  bindingsOf(account: AccountKey): readonly BindingEvidence[];
  /** How many RoleBindings and ClusterRoleBindings each source holds. */
  readonly counts: Readonly<Record<Exclude<EvidenceSource, 'audit'>, number>>;
};

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Non-resource URLs the default ClusterRoles let every authenticated identity get. */
const BASELINE_URLS = new Set([
  '/livez',
  '/readyz',
  '/healthz',
  '/version',
  '/version/',
  '/api',
  '/api/*',
  '/apis',
  '/apis/*',
  '/openapi',
  '/openapi/*',
  '/.well-known/openid-configuration',
  '/.well-known/openid-configuration/',
  '/openid/v1/jwks',
  '/openid/v1/jwks/',
]);

/** Resources every authenticated identity may create: questions about itself. */
const BASELINE_RESOURCES = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authentication.k8s.io/selfsubjectreviews',
]);

function urls(...list: string[]): Rule {
  return { verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: list };
}

/** The bootstrap policy's bindings that reach ServiceAccounts, and the rules of their roles. */
const DEFAULT_BINDINGS: Readonly<Record<string, { readonly groups: readonly string[]; readonly rules: readonly Rule[] }>> = {
  'system:basic-user': {
    groups: ['system:authenticated'],
    rules: [
      {
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        resourceNames: [],
        nonResourceURLs: [],
      },
      {
        verbs: ['create'],
        apiGroups: ['authentication.k8s.io'],
        resources: ['selfsubjectreviews'],
        resourceNames: [],
        nonResourceURLs: [],
      },
    ],
  },
  'system:discovery': {
    groups: ['system:authenticated'],
    rules: [urls('/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/')],
  },
  'system:public-info-viewer': {
    groups: ['system:authenticated', 'system:unauthenticated'],
    rules: [urls('/healthz', '/livez', '/readyz', '/version', '/version/')],
  },
  'system:service-account-issuer-discovery': {
    groups: ['system:serviceaccounts'],
    rules: [urls('/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/')],
  },
};

/** A binding as read: where it grants, the role it names, and its subjects. */
type ReadBinding = {
  readonly source: SourcedObject['source'];
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  readonly namespace: string | undefined;
  readonly roleKind: 'Role' | 'ClusterRole';
  readonly roleName: string;
  readonly subjects: readonly { readonly kind: string; readonly name: string; readonly namespace: string | undefined }[];
};

/** Whether an object is of the RBAC API group (a Role, a binding…): the only objects indexRbac reads. */
export function isRbacObject(object: KubeObject): boolean {
  return String(object['apiVersion']).startsWith(`${RBAC_GROUP}/`);
}

/** Indexes the RBAC objects of the evidence; the input's roles win over the cluster's of the same name. */
export function indexRbac(objects: readonly SourcedObject[]): RbacIndex {
  const bindings: ReadBinding[] = [];
  const roles = new Map<string, { object: KubeObject; namespace: string | undefined }[]>();
  const clusterRoles = new Map<string, KubeObject>();
  const counts = { input: 0, cluster: 0 };
  for (const { object, source } of [...objects].sort((left, right) =>
    left.source === right.source ? 0 : left.source === 'input' ? -1 : 1,
  )) {
    if (!isRbacObject(object)) continue;
    const kind = object['kind'];
    const name = nameOf(object);
    if (name === undefined) continue;
    if (kind === 'Role') {
      const entries = roles.get(name) ?? [];
      if (!entries.some((entry) => entry.namespace === namespaceOf(object))) entries.push({ object, namespace: namespaceOf(object) });
      roles.set(name, entries);
    } else if (kind === 'ClusterRole') {
      if (!clusterRoles.has(name)) clusterRoles.set(name, object);
    } else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const binding = readBinding(object, kind, name, source);
      if (binding) {
        bindings.push(binding);
        counts[source] += 1;
      }
    }
  }
  const clusterRoleRules = memoised((name: string) => aggregatedRules(name, clusterRoles, new Set()));
  const rulesOf = (binding: ReadBinding): readonly Rule[] | undefined => {
    if (binding.roleKind === 'ClusterRole') return clusterRoleRules(binding.roleName) ?? DEFAULT_BINDINGS[binding.roleName]?.rules;
    const matching = (roles.get(binding.roleName) ?? []).filter((role) => isSameNamespace(role.namespace, binding.namespace));
    return matching.length === 0 ? undefined : matching.flatMap((role) => rulesIn(role.object));
  };

  // Bindings by the ServiceAccount name their subjects name; those that reach every ServiceAccount or a namespace's.
  const byName = new Map<string, { binding: ReadBinding; namespace: string | undefined; through: string }[]>();
  const everyAccount: { binding: ReadBinding; through: string }[] = [];
  const byNamespace = new Map<string, { binding: ReadBinding; through: string }[]>();
  for (const binding of bindings) {
    for (const subject of binding.subjects) {
      const reach = reachOf(subject, binding);
      if (reach === undefined) continue;
      if (reach.kind === 'account') {
        const entries = byName.get(reach.name) ?? [];
        entries.push({ binding, namespace: reach.namespace, through: reach.through });
        byName.set(reach.name, entries);
      } else if (reach.kind === 'namespace') {
        const entries = byNamespace.get(reach.namespace) ?? [];
        entries.push({ binding, through: reach.through });
        byNamespace.set(reach.namespace, entries);
      } else everyAccount.push({ binding, through: reach.through });
    }
  }

  const evidenceOf = memoised((binding: ReadBinding): Omit<BindingEvidence, 'through'> => {
    const rules = rulesOf(binding);
    const isDefault = isDefaultBinding(binding) && rules !== undefined && rules.every(isBaselineRule);
    return {
      source: binding.source,
      binding:
        binding.kind === 'RoleBinding' && binding.namespace !== undefined
          ? `RoleBinding/${binding.namespace}/${binding.name}`
          : `${binding.kind}/${binding.name}`,
      role: `${binding.roleKind}/${binding.roleName}`,
      namespace: binding.kind === 'RoleBinding' ? binding.namespace : undefined,
      rules,
      isDefault,
      grantsMore: rules === undefined || !rules.every(isBaselineRule),
    };
  });

  return {
    counts,
    bindingsOf(account) {
      const reaching = [
        ...(byName.get(account.name) ?? []).filter((entry) => isSameNamespace(entry.namespace, account.namespace)),
        ...(account.namespace === undefined ? [...byNamespace.values()].flat() : (byNamespace.get(account.namespace) ?? [])),
        ...everyAccount,
      ];
      // One entry per binding: the first way it reaches the account says how.
      const seen = new Set<ReadBinding>();
      return reaching.flatMap(({ binding, through }) => {
        if (seen.has(binding)) return [];
        seen.add(binding);
        return [{ ...evidenceOf(binding), through }];
      });
    },
  };
}

function readBinding(
  object: KubeObject,
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  source: SourcedObject['source'],
): ReadBinding | undefined {
  const roleRef = isRecord(object['roleRef']) ? object['roleRef'] : {};
  const roleKind = roleRef['kind'];
  const roleName = textOf(roleRef['name']);
  if ((roleKind !== 'Role' && roleKind !== 'ClusterRole') || roleName === undefined) return undefined;
  // A ClusterRoleBinding cannot name a Role.
  if (kind === 'ClusterRoleBinding' && roleKind === 'Role') return undefined;
  const subjects = listOf(object['subjects']).flatMap((subject) => {
    if (!isRecord(subject)) return [];
    const subjectKind = textOf(subject['kind']);
    const subjectName = textOf(subject['name']);
    return subjectKind === undefined || subjectName === undefined
      ? []
      : [{ kind: subjectKind, name: subjectName, namespace: textOf(subject['namespace']) }];
  });
  return { source, kind, name, namespace: namespaceOf(object), roleKind, roleName, subjects };
}

type Reach =
  | { readonly kind: 'account'; readonly name: string; readonly namespace: string | undefined; readonly through: string }
  | { readonly kind: 'namespace'; readonly namespace: string; readonly through: string }
  | { readonly kind: 'every'; readonly through: string };

/** Which ServiceAccounts a subject reaches. */
function reachOf(subject: ReadBinding['subjects'][number], binding: ReadBinding): Reach | undefined {
  if (subject.kind === 'ServiceAccount') {
    const namespace = subject.namespace ?? (binding.kind === 'RoleBinding' ? binding.namespace : undefined);
    return { kind: 'account', name: subject.name, namespace, through: 'by name' };
  }
  if (subject.kind === 'User') {
    const user = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject.name);
    return user?.[1] && user[2]
      ? { kind: 'account', name: user[2], namespace: user[1], through: `as the user "${subject.name}"` }
      : undefined;
  }
  if (subject.kind !== 'Group') return undefined;
  const through = `through the group "${subject.name}"`;
  if (subject.name === 'system:serviceaccounts' || subject.name === 'system:authenticated') return { kind: 'every', through };
  const namespace = /^system:serviceaccounts:([^:]+)$/.exec(subject.name)?.[1];
  return namespace === undefined ? undefined : { kind: 'namespace', namespace, through };
}

function isDefaultBinding(binding: ReadBinding): boolean {
  const known = DEFAULT_BINDINGS[binding.name];
  return (
    known !== undefined &&
    binding.kind === 'ClusterRoleBinding' &&
    binding.roleKind === 'ClusterRole' &&
    binding.roleName === binding.name &&
    binding.subjects.every((subject) => subject.kind === 'Group' && known.groups.includes(subject.name))
  );
}

/** The rules an object's `rules` field holds. */
function rulesIn(object: KubeObject): Rule[] {
  const strings = (value: unknown): string[] => listOf(value).filter((item): item is string => typeof item === 'string');
  return listOf(object['rules']).flatMap((rule) =>
    isRecord(rule)
      ? [
          {
            verbs: strings(rule['verbs']),
            apiGroups: strings(rule['apiGroups']),
            resources: strings(rule['resources']),
            resourceNames: strings(rule['resourceNames']),
            nonResourceURLs: strings(rule['nonResourceURLs']),
          },
        ]
      : [],
  );
}

/**
 * A ClusterRole's rules: its own, and for an aggregated one those of every ClusterRole its
 * selectors match (as the aggregation controller writes them). Undefined when the evidence does
 * not hold the role, or holds an aggregated role without rules and none of its parts.
 */
function aggregatedRules(name: string, clusterRoles: ReadonlyMap<string, KubeObject>, visiting: Set<string>): Rule[] | undefined {
  const role = clusterRoles.get(name);
  if (role === undefined || visiting.has(name)) return undefined;
  visiting.add(name);
  const own = rulesIn(role);
  const aggregation = role['aggregationRule'];
  if (!isRecord(aggregation)) return own;
  const selectors = listOf(aggregation['clusterRoleSelectors']);
  const parts = [...clusterRoles].filter(
    ([partName, part]) => partName !== name && selectors.some((selector) => matchesSelector(selector, stringMapOf(part, 'labels'))),
  );
  const partRules = parts.flatMap(([partName]) => aggregatedRules(partName, clusterRoles, visiting) ?? []);
  if (own.length === 0 && parts.length === 0) return undefined;
  return [...own, ...partRules];
}

/** Whether labels match a label selector (`matchLabels` and `matchExpressions`). */
export function matchesSelector(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isRecord(selector)) return false;
  const matchLabels = isRecord(selector['matchLabels']) ? selector['matchLabels'] : {};
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) return false;
  return listOf(selector['matchExpressions']).every((expression) => {
    if (!isRecord(expression) || typeof expression['key'] !== 'string') return false;
    const value = labels[expression['key']];
    const values = listOf(expression['values']);
    switch (expression['operator']) {
      case 'In':
        return value !== undefined && values.includes(value);
      case 'NotIn':
        return value === undefined || !values.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
}

/** Whether a rule grants nothing beyond what every authenticated identity has (discovery and self-reviews). */
export function isBaselineRule(rule: Rule): boolean {
  if (rule.verbs.length === 0 || (rule.resources.length === 0 && rule.nonResourceURLs.length === 0)) return true;
  const urlsAreBaseline =
    rule.nonResourceURLs.every((url) => BASELINE_URLS.has(url)) &&
    (rule.nonResourceURLs.length === 0 || rule.verbs.every((verb) => verb === 'get'));
  const resourcesAreBaseline =
    rule.resources.length === 0 ||
    (rule.verbs.every((verb) => verb === 'create') &&
      rule.apiGroups.length > 0 &&
      rule.apiGroups.every((group) => rule.resources.every((resource) => BASELINE_RESOURCES.has(`${group}/${resource}`))));
  return urlsAreBaseline && resourcesAreBaseline;
}

/**
 * Rules in words, verbs × resources, `*` spelled out, as they read after "may": `get, list, watch
 * pods, secrets; use every verb on every resource in every API group`. Rules with the same verbs are merged.
 */
export function describeRules(rules: readonly Rule[]): string {
  // A role's rules are described once for every workload its bindings reach.
  const known = descriptions.get(rules);
  if (known !== undefined) return known;
  const byVerbs = new Map<string, string[]>();
  for (const rule of rules) {
    if (rule.verbs.length === 0) continue;
    const verbs = rule.verbs.includes('*') ? 'use every verb on' : [...new Set(rule.verbs)].join(', ');
    const targets = byVerbs.get(verbs) ?? [];
    for (const target of describeTargets(rule)) if (!targets.includes(target)) targets.push(target);
    byVerbs.set(verbs, targets);
  }
  const parts = [...byVerbs].filter(([, targets]) => targets.length > 0).map(([verbs, targets]) => `${verbs} ${targets.join(', ')}`);
  const description = parts.length === 0 ? 'nothing' : parts.join('; ');
  descriptions.set(rules, description);
  return description;
}

const descriptions = new WeakMap<readonly Rule[], string>();

function describeTargets(rule: Rule): string[] {
  const named = rule.resourceNames.length === 0 ? '' : ` named ${rule.resourceNames.map((name) => `"${name}"`).join(', ')}`;
  const groups = rule.apiGroups.length === 0 ? [''] : rule.apiGroups;
  const resources = groups.flatMap((group) => rule.resources.map((resource) => `${describeResource(resource, group)}${named}`));
  const urls = rule.nonResourceURLs.map((url) => (url === '*' ? 'every non-resource URL' : url));
  return [...resources, ...urls];
}

/** `pods`, `deployments.apps`, `deployments.apps/scale`, `every resource in every API group`, ... */
function describeResource(resource: string, group: string): string {
  const [plural = resource, subresource] = resource.split('/', 2);
  if (plural === '*') {
    const base = group === '*' ? 'every resource in every API group' : group === '' ? 'every core resource' : `every resource of ${group}`;
    return subresource === undefined ? base : `the ${subresource === '*' ? 'subresources' : `${subresource} subresource`} of ${base}`;
  }
  const qualified = group === '' ? plural : group === '*' ? `${plural} in every API group` : `${plural}.${group}`;
  return subresource === undefined ? qualified : `${qualified}/${subresource === '*' ? 'every subresource' : subresource}`;
}

function memoised<K, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
