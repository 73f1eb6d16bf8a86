/**
 * The MutatingAdmissionPolicy: SPEC §2.2 applied to Pods at admission, as a JSON Patch.
 *
 * Admission order shapes it. The built-in ServiceAccount admission plugin runs first: a Pod whose
 * token is on arrives with a `kube-api-access-<random>` projected volume, mounted read-only at the
 * default path in every container and init container that had nothing there. A Pod whose token is
 * off (on the pod, or on its ServiceAccount, which a policy cannot see) arrives without one and is
 * left alone, so the mutation never gives a Pod a token it would not have had. The projected
 * `sources` list is atomic, which an ApplyConfiguration may not mutate: JSON Patch it is. No path
 * here holds a user-chosen key, so none needs `jsonpatch.escapeKey`.
 */
import { tokenPaths } from '../../harden/check';
import { DEFAULT_MOUNT_PATH, type HardenOptions, normaliseMountPath } from '../../harden/options';
import { tokenMount, tokenVolume } from '../../harden/token-volume';
import { celString, celStringList, isAtPathExpression } from './cel';
import type { PolicyEvaluation } from './validating';
import { namespaceSelector, parentMountExpression, POLICY_NAME, sidewaysMountExpression, tokenlessMount } from './validating';

/** JSON Patch paths address containers by index: this many per list, a bound the match conditions check. */
export const MAX_CONTAINERS = 64;

/** Projected volumes at the token path whose extra files the mutation carries over (one is usual). */
export const MAX_PATH_VOLUMES = 4;

const INJECTED_PREFIX = 'kube-api-access-';

/**
 * A JSON value as a CEL literal: integral numbers become ints, as the API server types them, and
 * map values are `dyn` so that Kyverno, which enforces homogeneous aggregate literals, accepts them.
 */
export function celLiteral(value: unknown): string {
  if (typeof value === 'string') return celString(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(celLiteral).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${celString(key)}: dyn(${celLiteral(item)})`)
      .join(', ')}}`;
  }
  return 'null';
}

/**
 * The ServiceAccount plugin's volume: named `kube-api-access-*`, projecting a token. A volume of
 * that name without a token (a user's projected ConfigMap) is not it: the plugin reuses such a
 * name for its mounts, but then it adds no token, and neither may the policy.
 */
const IS_INJECTED_VOLUME = `v.?name.orValue('').startsWith(${celString(INJECTED_PREFIX)}) && has(v.projected) && v.projected.?sources.orValue([]).exists(s, has(s.serviceAccountToken))`;

/**
 * The plugin ran: every init and regular container mounts something at exactly the default path
 * (its own mount, or one the plugin added). A Pod whose ServiceAccount says `false` arrives as its
 * author wrote it; a token volume of its own mounted in some containers only must not become a
 * token for all of them.
 */
const PLUGIN_RAN = `(object.spec.?initContainers.orValue([]) + object.spec.?containers.orValue([])).all(c, c.?volumeMounts.orValue([]).exists(m, m.?mountPath.orValue('') == ${celString(DEFAULT_MOUNT_PATH)}))`;

function matchConditions(options: HardenOptions): { name: string; expression: string }[] {
  return [
    {
      // A Pod whose own field says false got nothing from the plugin: a kube-api-access-* volume
      // there is the author's, and the policy leaves it to the validating policy.
      name: 'arrives-with-the-automatic-token',
      expression: `object.?spec.?automountServiceAccountToken.orValue(true) != false && object.?spec.?volumes.orValue([]).exists(v, ${IS_INJECTED_VOLUME}) &&\n  ${PLUGIN_RAN}`,
    },
    {
      // Hardening refuses a pod whose volume of that name is not a projected one; so does the policy.
      name: 'volume-name-free',
      expression: `object.spec.?volumes.orValue([]).all(v, v.?name.orValue('') != ${celString(options.volumeName)} || has(v.projected))`,
    },
    {
      // Files projected beside the token are carried over from this many volumes at the token path.
      name: `at-most-${MAX_PATH_VOLUMES}-volumes-at-the-token-path`,
      expression: `object.spec.?volumes.orValue([]).filter(v, ${atTokenPath(options, 'object.spec.?initContainers.orValue([]) + object.spec.?containers.orValue([]) + object.spec.?ephemeralContainers.orValue([])')}).size() <= ${MAX_PATH_VOLUMES}`,
    },
    {
      name: `at-most-${MAX_CONTAINERS}-containers-per-list`,
      expression: `size(object.spec.?initContainers.orValue([])) <= ${MAX_CONTAINERS} && size(object.spec.?containers.orValue([])) <= ${MAX_CONTAINERS}`,
    },
  ];
}

/**
 * The projected volume `v` sits at the token path in a container of `containers` (or holds a token
 * at the API server's own path, when another is chosen: hardening replaces it there), or is our own.
 */
function atTokenPath(options: HardenOptions, containers: string): string {
  const standard =
    tokenPaths(options).length > 1
      ? ` || (${isAtPathExpression(DEFAULT_MOUNT_PATH)} && v.projected.?sources.orValue([]).exists(s, has(s.serviceAccountToken)))`
      : '';
  return `has(v.projected) && (v.?name.orValue('') == ${celString(options.volumeName)} || (${containers}).exists(c, c.?volumeMounts.orValue([]).exists(m, (${isAtPathExpression(options.mountPath)}${standard}) && m.?name.orValue('') == v.?name.orValue(''))))`;
}

/** The source `s` is one the API server projects itself (token, cluster CA, namespace); the rest are the user's files. */
const STANDARD_SOURCE = [
  'has(s.serviceAccountToken)',
  "has(s.configMap) && s.configMap.?name.orValue('') == 'kube-root-ca.crt'",
  "has(s.downwardAPI) && size(s.downwardAPI.?items.orValue([])) > 0 && s.downwardAPI.items.all(item, item.?path.orValue('') == 'namespace')",
]
  .map((part) => `(${part})`)
  .join(' || ');

function variables(options: HardenOptions): { name: string; expression: string }[] {
  const indexes = Array.from({ length: MAX_CONTAINERS }, (_, index) => index).join(', ');
  const all = '(variables.initContainers + variables.containers)';
  const selected = options.containers === undefined ? '' : `c.?name.orValue('') in ${celStringList(options.containers)} && `;
  // As hardening decides it: a container that mounts a token at the token path keeps one; one
  // whose default path holds a volume without a token (an emptyDir hiding it) got none from the
  // plugin, and gets none now; every other container got the plugin's token, and gets ours.
  const tokenless = tokenlessMount('object.spec.volumes');
  // A container that reaches a token beside the path, or through a mount above it, gets ours too, as in hardening.
  const reaches = `${sidewaysMountExpression(options, 'object.spec.volumes')} || ${parentMountExpression(normaliseMountPath(options.mountPath), 'object.spec.volumes')}`;
  const chosen = `${selected}(c.?volumeMounts.orValue([]).exists(m, (${isAtPathExpression(options.mountPath)} && !${tokenless}) || ${reaches}) ||\n  !c.?volumeMounts.orValue([]).exists(m, ${isAtPathExpression(DEFAULT_MOUNT_PATH)} && ${tokenless}))`;
  // With no API access only the carried files stay, in the containers whose own volume at the
  // path held some (never another container's files, nor a mount of a volume the pod lacks). The
  // plugin's own volume never has such files, so a kube-api-access-* volume that has some is the
  // author's (a copy the plugin reused).
  const holdsExtras = `variables.pathVolumes.exists(v, v.?name.orValue('') == m.?name.orValue('') && v.?projected.?sources.orValue([]).exists(s, !(${STANDARD_SOURCE})))`;
  const wanted =
    options.apiAccess === 'none'
      ? `size(variables.extraSources) > 0 && ${selected}c.?volumeMounts.orValue([]).exists(m, ${isAtPathExpression(options.mountPath)} && ${holdsExtras})`
      : chosen;
  const candidates = Array.from(
    { length: MAX_PATH_VOLUMES },
    (_, index) =>
      `(size(variables.pathVolumes) > ${index} ? variables.pathVolumes[${index}].projected.?sources.orValue([]).filter(s, !(${STANDARD_SOURCE})) : [])`,
  ).join(' +\n');
  return [
    { name: 'indexes', expression: `[${indexes}]` },
    { name: 'initContainers', expression: 'object.spec.?initContainers.orValue([])' },
    { name: 'containers', expression: 'object.spec.?containers.orValue([])' },
    { name: 'ephemeralContainers', expression: 'object.spec.?ephemeralContainers.orValue([])' },
    {
      name: 'injected',
      expression: `object.spec.volumes.filter(v, ${IS_INJECTED_VOLUME})[0].name`,
    },
    {
      name: 'pathVolumes',
      expression: `object.spec.volumes.filter(v, ${atTokenPath(options, 'variables.initContainers + variables.containers + variables.ephemeralContainers')})`,
    },
    { name: 'candidateSources', expression: candidates },
    {
      name: 'extraSources',
      expression:
        'variables.indexes.filter(i, i < size(variables.candidateSources) &&\n  !variables.indexes.exists(j, j < i && variables.candidateSources[j] == variables.candidateSources[i])).map(i, variables.candidateSources[i])',
    },
    { name: 'selectedNames', expression: `${all}.filter(c, ${wanted}).map(c, c.?name.orValue(''))` },
  ];
}

/**
 * The mount `m` is replaced: it sits at the token path, is the plugin's at the default path, mounts
 * our own volume, or reaches a token sideways (as hardening replaces it).
 */
function replacedMount(options: HardenOptions): string {
  const injectedAtDefault = `m.?name.orValue('') == variables.injected && ${isAtPathExpression(DEFAULT_MOUNT_PATH)}`;
  return `${isAtPathExpression(options.mountPath)} || ${injectedAtDefault} || m.?name.orValue('') == ${celString(options.volumeName)} || ${sidewaysMountExpression(options, 'object.spec.volumes')}`;
}

/** The volume `v` is dropped: ours (added again), or used only by replaced mounts, as the plugin's own volume is. */
function droppedVolume(options: HardenOptions): string {
  const name = "v.?name.orValue('')";
  const usedBy = (predicate: string, lists: string): string =>
    `${lists}.exists(c, c.?volumeMounts.orValue([]).exists(m, m.?name.orValue('') == ${name}${predicate === '' ? '' : ` && ${predicate}`}))`;
  const replaced = `(${replacedMount(options)})`;
  return [
    `${name} == ${celString(options.volumeName)}`,
    `${usedBy(replaced, '(variables.initContainers + variables.containers)')} &&\n  !${usedBy(`!${replaced}`, '(variables.initContainers + variables.containers)')} &&\n  !${usedBy('', 'variables.ephemeralContainers')}`,
  ].join(' ||\n  ');
}

function containerPatches(field: 'initContainers' | 'containers', options: HardenOptions): string {
  const list = `variables.${field}`;
  const path = `"/spec/${field}/" + string(i) + "/volumeMounts"`;
  const kept = `JSONPatch{op: "add", path: ${path}, value: ${list}[i].?volumeMounts.orValue([]).filter(m, !(${replacedMount(options)}))}`;
  const added = `JSONPatch{op: "add", path: ${path} + "/-", value: ${celLiteral(tokenMount(options))}}`;
  return [
    `variables.indexes.filter(i, i < size(${list})).map(i,\n  ${kept})`,
    `variables.indexes.filter(i, i < size(${list}) && ${list}[i].?name.orValue('') in variables.selectedNames).map(i,\n  ${added})`,
  ].join(' +\n');
}

/** The volume the Pod gets, with the files carried over from the replaced volumes after the standard sources. */
function volumeLiteral(options: HardenOptions): string {
  const volume = tokenVolume(options);
  const projected = volume['projected'] as { sources: unknown[] };
  const sources =
    options.apiAccess === 'none' ? 'variables.extraSources' : `dyn(${celLiteral(projected.sources)}) + variables.extraSources`;
  return `{"name": dyn(${celString(options.volumeName)}), "projected": dyn({"defaultMode": dyn(${options.defaultMode}), "sources": dyn(${sources})})}`;
}

/** The JSON Patch expression: automount off, the replaced mounts and volumes out, the token volume in. */
function patchExpression(options: HardenOptions): string {
  return [
    '[JSONPatch{op: "add", path: "/spec/automountServiceAccountToken", value: false}]',
    containerPatches('initContainers', options),
    containerPatches('containers', options),
    `[JSONPatch{op: "add", path: "/spec/volumes", value: object.spec.volumes.filter(v, !(\n  ${droppedVolume(options)}))}]`,
    `(size(variables.selectedNames) > 0 ? [JSONPatch{op: "add", path: "/spec/volumes/-", value: ${volumeLiteral(options)}}] : [])`,
  ].join(' +\n');
}

/** The mutating policy's CEL, for the tests and the page. */
export function mutatingEvaluation(options: HardenOptions): PolicyEvaluation {
  return { matchConditions: matchConditions(options), variables: variables(options), validations: [], patches: [patchExpression(options)] };
}

/** The MutatingAdmissionPolicy and its binding, at `apiVersion` (`v1beta1` for 1.34–1.35, `v1` from 1.36). */
export function mutatingAdmissionPolicy(
  options: HardenOptions,
  apiVersion: string,
  annotations: Record<string, string>,
): Record<string, unknown>[] {
  const evaluation = mutatingEvaluation(options);
  return [
    {
      apiVersion,
      kind: 'MutatingAdmissionPolicy',
      metadata: { name: POLICY_NAME, annotations },
      spec: {
        failurePolicy: 'Fail',
        reinvocationPolicy: 'Never',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] },
        matchConditions: evaluation.matchConditions,
        variables: evaluation.variables,
        mutations: evaluation.patches.map((expression) => ({ patchType: 'JSONPatch', jsonPatch: { expression } })),
      },
    },
    {
      apiVersion,
      kind: 'MutatingAdmissionPolicyBinding',
      metadata: { name: POLICY_NAME },
      spec: { policyName: POLICY_NAME, matchResources: { namespaceSelector: namespaceSelector() } },
    },
  ];
}
