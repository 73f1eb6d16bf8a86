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
import type { HardenOptions } from '../options';
import { tokenMount, tokenVolume } from '../token-volume';
import { celString, celStringList, isAtPathExpression } from './cel';
import type { PolicyEvaluation } from './index';
import { namespaceSelector, POLICY_NAME } from './validating';

/** JSON Patch paths address containers by index: this many per list, a bound the match conditions check. */
export const MAX_CONTAINERS = 64;

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

/** The ServiceAccount plugin's volume: projected, named `kube-api-access-*`. */
const IS_INJECTED_VOLUME = `v.?name.orValue('').startsWith(${celString(INJECTED_PREFIX)}) && has(v.projected)`;

function matchConditions(options: HardenOptions): { name: string; expression: string }[] {
  return [
    {
      name: 'arrives-with-the-automatic-token',
      expression: `object.?spec.?volumes.orValue([]).exists(v, ${IS_INJECTED_VOLUME})`,
    },
    {
      // Hardening refuses a pod whose volume of that name is not a token volume; so does the policy.
      name: 'volume-name-free',
      expression: `object.spec.?volumes.orValue([]).all(v, v.?name.orValue('') != ${celString(options.volumeName)} || has(v.projected) && v.projected.?sources.orValue([]).exists(s, has(s.serviceAccountToken)))`,
    },
    {
      name: `at-most-${MAX_CONTAINERS}-containers-per-list`,
      expression: `size(object.spec.?initContainers.orValue([])) <= ${MAX_CONTAINERS} && size(object.spec.?containers.orValue([])) <= ${MAX_CONTAINERS}`,
    },
  ];
}

function variables(options: HardenOptions): { name: string; expression: string }[] {
  const indexes = Array.from({ length: MAX_CONTAINERS }, (_, index) => index).join(', ');
  const all = '(variables.initContainers + variables.containers)';
  const selected =
    options.apiAccess === 'none'
      ? '[]'
      : options.containers === undefined
        ? `${all}.map(c, c.?name.orValue(''))`
        : `${all}.filter(c, c.?name.orValue('') in ${celStringList(options.containers)}).map(c, c.?name.orValue(''))`;
  return [
    { name: 'indexes', expression: `[${indexes}]` },
    { name: 'initContainers', expression: 'object.spec.?initContainers.orValue([])' },
    { name: 'containers', expression: 'object.spec.?containers.orValue([])' },
    { name: 'ephemeralContainers', expression: 'object.spec.?ephemeralContainers.orValue([])' },
    {
      name: 'injected',
      expression: `object.spec.volumes.filter(v, ${IS_INJECTED_VOLUME})[0].name`,
    },
    { name: 'selectedNames', expression: selected },
  ];
}

/** The mount `m` is replaced: it sits at the token path, or mounts the injected or our own volume. */
function replacedMount(options: HardenOptions): string {
  return `${isAtPathExpression(options.mountPath)} || m.?name.orValue('') == variables.injected || m.?name.orValue('') == ${celString(options.volumeName)}`;
}

/** The volume `v` is dropped: injected, ours (re-added), or used only by replaced mounts. */
function droppedVolume(options: HardenOptions): string {
  const name = "v.?name.orValue('')";
  const usedBy = (predicate: string, lists: string): string =>
    `${lists}.exists(c, c.?volumeMounts.orValue([]).exists(m, m.?name.orValue('') == ${name}${predicate === '' ? '' : ` && ${predicate}`}))`;
  const replaced = `(${replacedMount(options)})`;
  return [
    `${name} == variables.injected`,
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

/** The JSON Patch expression: automount off, the replaced mounts and volumes out, the token volume in. */
function patchExpression(options: HardenOptions): string {
  return [
    '[JSONPatch{op: "add", path: "/spec/automountServiceAccountToken", value: false}]',
    containerPatches('initContainers', options),
    containerPatches('containers', options),
    `[JSONPatch{op: "add", path: "/spec/volumes", value: object.spec.volumes.filter(v, !(\n  ${droppedVolume(options)}))}]`,
    `(size(variables.selectedNames) > 0 ? [JSONPatch{op: "add", path: "/spec/volumes/-", value: ${celLiteral(tokenVolume(options))}}] : [])`,
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
