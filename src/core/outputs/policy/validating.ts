/**
 * The validating rules of SPEC §2.5 as CEL, one per rule, and the ValidatingAdmissionPolicy and
 * binding that enforce them. A policy sees the object alone: never the pod's ServiceAccount, so
 * the pod field itself must say `automountServiceAccountToken: false`.
 */
import { formatFileMode, type HardenOptions, MIN_EXPIRATION_SECONDS } from '../../harden/options';
import { API_DEFAULT_EXPIRATION_SECONDS, API_DEFAULT_MODE, type CheckProblemCode, tokenPaths } from '../../harden/check';
import { celString, celStringList, escapeRegex, isAtPathExpression, modeWithinExpression, POD_SPEC_EXPRESSION } from './cel';
import { messageValue } from './quote';

/** A named CEL expression (`variables`, `matchConditions`). */
export type NamedExpression = { readonly name: string; readonly expression: string };

/** One rule: admitted when `expression` is true; `message` names the fix. */
/** A rule of the policy, named by the problem `--check` and SARIF report when it fails: one rule, one name. */
export type PolicyValidation = { readonly name: CheckProblemCode; readonly expression: string; readonly message: string };

/** Where each kind keeps its pod spec, and the lists the rules walk. */
export function policyVariables(): NamedExpression[] {
  return [
    { name: 'podSpec', expression: `(${POD_SPEC_EXPRESSION}).orValue({})` },
    {
      name: 'containers',
      expression:
        'variables.podSpec.?initContainers.orValue([]) + variables.podSpec.?containers.orValue([]) + variables.podSpec.?ephemeralContainers.orValue([])',
    },
    { name: 'volumes', expression: 'variables.podSpec.?volumes.orValue([])' },
  ];
}

/** Objects without a pod spec (a partial manifest) are not judged, as `--check` does not judge them. */
export const HAS_POD_SPEC: NamedExpression = { name: 'has-pod-spec', expression: `(${POD_SPEC_EXPRESSION}).hasValue()` };

/** `v` is the volume the mount `m` names. */
const NAMED = 'has(m.name) && has(v.name) && v.name == m.name';
/** The volume `v` projects a ServiceAccount token. */
const HOLDS_TOKEN = 'has(v.projected) && v.projected.?sources.orValue([]).exists(s, has(s.serviceAccountToken))';
/**
 * The volume `v` may hold a token (as `mayHoldToken` in the check): a projected token, a Secret, or
 * a type whose files the manifest does not show; not an emptyDir, a ConfigMap, the downward API or
 * a projected volume without a token.
 */
const MAY_HOLD_TOKEN = `(has(v.projected) ? ${HOLDS_TOKEN} : !(has(v.emptyDir) || has(v.configMap) || has(v.downwardAPI)))`;
/** The mount `m` names a volume of `volumes` (a list expression) that cannot hold a token. */
export function tokenlessMount(volumes: string): string {
  return `${volumes}.exists(v, ${NAMED} && !${MAY_HOLD_TOKEN})`;
}

const TOKENLESS_MOUNT = tokenlessMount('variables.volumes');

/** The directories above `path`, each with the path below it: `/var` → `run/secrets/…`. */
function ancestors(path: string): [string, string][] {
  const parts = path.split('/').filter((part) => part !== '');
  return parts.map((_, index) => [`/${parts.slice(0, index).join('/')}`, parts.slice(index).join('/')]);
}

/** The volume `v` puts a token inside `relative`, below the `subPath` the mount `m` takes (`placesToken` in the check). */
function placesTokenExpression(relative: string): string {
  const base = `(m.?subPath.orValue('') == '' ? ${celString(`${relative}/`)} : m.subPath + ${celString(`/${relative}/`)})`;
  const tokenThere = `v.projected.?sources.orValue([]).exists(s, has(s.serviceAccountToken) && s.serviceAccountToken.?path.orValue('').startsWith(${base}))`;
  const itemThere = `v.secret.?items.orValue([]).exists(i, i.?path.orValue('').startsWith(${base}))`;
  return `(has(v.projected) ? ${tokenThere} : has(v.secret) && ${itemThere})`;
}

/**
 * The mount `m` reaches a token sideways (`tokenReach` in the check): a volume of `volumes` that may
 * hold one sits at the API server's own path when another is chosen, or inside a token path.
 */
export function sidewaysMountExpression(options: HardenOptions, volumes: string): string {
  const places = tokenPaths(options).map((path, index) => {
    const inside = `m.?mountPath.orValue('').matches(${celString(`^${escapeRegex(path)}/+[^/]`)})`;
    return index === 0 ? inside : `${isAtPathExpression(path)} || ${inside}`;
  });
  return `((${places.join(' || ')}) && !${tokenlessMount(volumes)})`;
}

/**
 * The mount `m` of the container `c` lets it read a token where clients look for one, as
 * `tokenReach` in the check says: at the chosen path; a volume that may hold a token at the API
 * server's own path or inside a token path; a volume above a token path that puts a token in it,
 * with no mount of `c` at that path over it.
 */
function reachesTokenExpression(options: HardenOptions): string {
  const clauses = [isAtPathExpression(options.mountPath), sidewaysMountExpression(options, 'variables.volumes')];
  for (const path of tokenPaths(options)) {
    const covered = `c.?volumeMounts.orValue([]).exists(n, ${isAtPathExpression(path, 'n')})`;
    clauses.push(`(${parentMountExpression(path, 'variables.volumes')} && !${covered})`);
  }
  return clauses.join(' ||\n    ');
}

/**
 * The mount `m` sits above `path` and a volume of `volumes` puts a token into it, whether or not a
 * mount at `path` covers it (`parentTokenPath` in the check).
 */
export function parentMountExpression(path: string, volumes: string): string {
  const clauses = ancestors(path).map(
    ([above, relative]) => `(${isAtPathExpression(above)} && ${volumes}.exists(v, ${NAMED} && ${placesTokenExpression(relative)}))`,
  );
  return `(${clauses.join(' || ')})`;
}

/** Every mount that reaches a token, in every container (init, regular, ephemeral), satisfies `predicate`. */
function everyTokenMount(options: HardenOptions, predicate: string): string {
  return `variables.containers.all(c, c.?volumeMounts.orValue([]).all(m,\n  !(${reachesTokenExpression(options)}) ||\n  ${predicate}))`;
}

/** Every token volume mounted at the token path satisfies `predicate` (on `v`). */
function everyTokenVolume(options: HardenOptions, predicate: string): string {
  return everyTokenMount(options, `variables.volumes.all(v, !(${NAMED}) || !(${HOLDS_TOKEN}) ||\n    ${predicate})`);
}

/** What an offline engine needs to evaluate a policy: its CEL, without the YAML around it. */
export type PolicyEvaluation = {
  readonly matchConditions: readonly NamedExpression[];
  readonly variables: readonly NamedExpression[];
  readonly validations: readonly PolicyValidation[];
  /** JSON Patch expressions, each giving a list of operations (mutating only). */
  readonly patches: readonly string[];
};

/** The rules of SPEC §2.5 under the options, in the order a reader fixes them. */
export function policyValidations(options: HardenOptions): PolicyValidation[] {
  const path = messageValue(options.mountPath);
  const rules: PolicyValidation[] = [
    {
      name: 'automount-on',
      expression: 'variables.podSpec.?automountServiceAccountToken.orValue(true) == false',
      message:
        'set automountServiceAccountToken: false on the pod spec (a policy cannot see the ServiceAccount, so the pod itself must say it); mount the token by hand if the workload calls the API',
    },
    {
      name: 'token-not-read-only',
      expression: everyTokenMount(options, `m.?readOnly.orValue(false) == true || ${TOKENLESS_MOUNT}`),
      message: `every container that mounts something at ${path} must mount it with readOnly: true`,
    },
    {
      name: 'token-volume-missing',
      expression: everyTokenMount(options, `variables.volumes.exists(v, ${NAMED})`),
      message: `a container mounts a volume at ${path} that the pod does not define: define it as a projected serviceAccountToken volume`,
    },
    {
      name: 'secret-token',
      expression: everyTokenMount(options, `variables.volumes.all(v, !(${NAMED}) || has(v.projected) || !has(v.secret))`),
      message: `a Secret is mounted at ${path} (a long-lived token): mount a projected serviceAccountToken volume instead`,
    },
    {
      name: 'token-not-projected',
      expression: everyTokenMount(
        options,
        `variables.volumes.all(v, !(${NAMED}) || has(v.projected) || has(v.secret) || has(v.emptyDir) || has(v.configMap) || has(v.downwardAPI))`,
      ),
      message: `the volume mounted at ${path} may hold files the manifest does not show: mount a projected serviceAccountToken volume instead`,
    },
  ];
  if (options.apiAccess === 'none') {
    rules.push({
      name: 'token-with-no-api-access',
      expression: everyTokenMount(options, `variables.volumes.all(v, !(${NAMED}) || !(${HOLDS_TOKEN}))`),
      message: `the workload is meant to run without API access: remove the serviceAccountToken source mounted at ${path}`,
    });
    return rules;
  }
  const mode = formatFileMode(options.defaultMode);
  rules.push(
    {
      name: 'mode-wider',
      expression: everyTokenVolume(
        options,
        `[v.projected.?defaultMode.orValue(${API_DEFAULT_MODE})].all(mode, ${modeWithinExpression(options)})`,
      ),
      message: `the token volume's defaultMode grants more than ${mode} (absent means 0644): set defaultMode: ${options.defaultMode} (${mode}) or stricter`,
    },
    {
      name: 'expiration-over-bound',
      expression: everyTokenVolume(
        options,
        `v.projected.sources.all(s, !has(s.serviceAccountToken) ||\n      [s.serviceAccountToken.?expirationSeconds.orValue(${API_DEFAULT_EXPIRATION_SECONDS})].all(e, type(e) == int && e >= ${MIN_EXPIRATION_SECONDS} && e <= ${options.expirationSeconds}))`,
      ),
      message: `the token lives longer than ${options.expirationSeconds} s (absent means 3600), or less than the ${MIN_EXPIRATION_SECONDS} s the API server accepts: set expirationSeconds: ${options.expirationSeconds} or less, and at least ${MIN_EXPIRATION_SECONDS}`,
    },
    {
      name: 'audience-mismatch',
      expression: everyTokenVolume(
        options,
        `v.projected.sources.all(s, !has(s.serviceAccountToken) || s.serviceAccountToken.?audience.orValue('') == ${celString(options.audience ?? '')})`,
      ),
      message:
        options.audience === undefined
          ? 'the token is issued for another audience than the API server: remove the audience'
          : `the token's audience must be ${messageValue(options.audience)}: set audience: ${messageValue(options.audience)}`,
    },
  );
  if (options.containers !== undefined) {
    const selected = celStringList(options.containers);
    rules.push({
      name: 'token-in-unselected-container',
      expression: `(variables.podSpec.?initContainers.orValue([]) + variables.podSpec.?containers.orValue([])).all(c,\n  c.?name.orValue('') in ${selected} ||\n  c.?volumeMounts.orValue([]).all(m, !(${reachesTokenExpression(options)}) ||\n    ${TOKENLESS_MOUNT}))`,
      message: `only the containers ${options.containers.map(messageValue).join(', ')} may mount a token: remove the other containers' mounts at ${path}`,
    });
  }
  return rules;
}

/** The policy's name in the cluster. */
export const POLICY_NAME = 'sa-token-hardener';

/** What a policy cannot see, said in the output itself. */
export const POLICY_SCOPE_NOTE =
  'judges the pod spec alone: it cannot see the ServiceAccount, so pods must set automountServiceAccountToken: false themselves';

/** The same for the mutation, which sees only what the ServiceAccount admission plugin added. */
export const MUTATION_SCOPE_NOTE =
  'changes only Pods that arrive with the automatic token (a kube-api-access-* volume): it cannot see the ServiceAccount, and never adds a token to a Pod that has none';

/** The workload resources of SPEC §3.1, by API group. Pods are judged on CREATE only: their volumes, mounts and automount field cannot change afterwards, so judging an update could only refuse a label or finalizer change on a pod that predates the policy. */
export function workloadResourceRules(): Record<string, unknown>[] {
  return [
    { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
    { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['podtemplates', 'replicationcontrollers'] },
    {
      apiGroups: ['apps'],
      apiVersions: ['v1'],
      operations: ['CREATE', 'UPDATE'],
      resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
    },
    { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] },
  ];
}

/** Namespaces the binding leaves alone: the control plane's own add-ons need their tokens. */
export const EXEMPT_NAMESPACES = ['kube-system'];

/**
 * The namespace the binding leaves an object alone in, or undefined when the binding applies:
 * an object that names no namespace goes wherever it is applied, so it is judged.
 */
export function exemptNamespaceOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const metadata = (object as Record<string, unknown>)['metadata'];
  const namespace = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>)['namespace'] : undefined;
  return typeof namespace === 'string' && EXEMPT_NAMESPACES.includes(namespace) ? namespace : undefined;
}

export function namespaceSelector(): Record<string, unknown> {
  return { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: EXEMPT_NAMESPACES }] };
}

/** The ValidatingAdmissionPolicy and its binding (`admissionregistration.k8s.io/v1`, GA in Kubernetes 1.30). */
export function validatingAdmissionPolicy(options: HardenOptions, annotations: Record<string, string>): Record<string, unknown>[] {
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: POLICY_NAME, annotations },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: workloadResourceRules() },
        matchConditions: [HAS_POD_SPEC],
        variables: policyVariables(),
        validations: policyValidations(options).map(({ expression, message }) => ({ expression, message, reason: 'Forbidden' })),
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: POLICY_NAME },
      spec: { policyName: POLICY_NAME, validationActions: ['Deny'], matchResources: { namespaceSelector: namespaceSelector() } },
    },
  ];
}

/** Kinds the validating policy matches, with the API groups they were and are served from. */
const JUDGED_KINDS: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  PodTemplate: [''],
  ReplicationController: [''],
  Deployment: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
};

/** Whether the validating policy's resource rules match a plain object (kind and API group). */
export function isJudgedByPolicy(object: unknown): boolean {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return false;
  const { kind, apiVersion } = object as Record<string, unknown>;
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return false;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return JUDGED_KINDS[kind]?.includes(group) ?? false;
}
