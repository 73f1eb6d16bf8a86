/**
 * An oracle for "the output is the input with exactly the hardening of SPEC §2.2", written from
 * the specification without the core's code: its own kind → pod-spec table (SPEC §2.1), the
 * token volume as a literal, the never-widen rule. It compares plain values (as any reader
 * decodes them), so it also serves for kubectl's decoding of the same text.
 *
 * Every hardening field is checked against what it must be, then removed from both sides; what
 * remains must be equal.
 */

/** The options the oracle needs, structurally compatible with the core's validated options. */
export type OracleOptions = {
  readonly serviceAccountName: string | undefined;
  readonly expirationSeconds: number;
  readonly mountPath: string;
  readonly defaultMode: number;
  readonly audience: string | undefined;
  readonly volumeName: string;
  readonly containers: readonly string[] | undefined;
  readonly hardenServiceAccounts: boolean;
  readonly emitServiceAccount: boolean;
  /** `auto` without an audit log mounts the token, as `mount` does. */
  readonly apiAccess: 'mount' | 'none' | 'auto';
};

/**
 * What is wrong with an output. `widened` gives a container a token it could not read before
 * (SPEC §2.2 "Never widen"); `lost-source` drops a file a replaced token volume projected
 * ("Nothing the containers read is lost"); `no-token` leaves a token with API access "none";
 * `sideways` leaves a container another way to a token where clients look for one.
 */
export type ViolationCode =
  | 'changed'
  | 'documents'
  | 'automount'
  | 'service-account'
  | 'token-mount'
  | 'token-volume'
  | 'widened'
  | 'lost-source'
  | 'no-token'
  | 'sideways';

export type Violation = { readonly code: ViolationCode; readonly path: string; readonly detail: string };

type Json = Record<string, unknown>;
/** A key, or `[]` for every item of a sequence. */
type Step = string;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SPEC §2.1, as its table reads. Core kinds are matched in any API group, as they have moved between groups. */
const POD_SPEC_TABLE: Readonly<Record<string, { readonly groups?: readonly string[]; readonly path: readonly Step[] }>> = {
  Pod: { path: ['spec'] },
  Deployment: { path: ['spec', 'template', 'spec'] },
  ReplicaSet: { path: ['spec', 'template', 'spec'] },
  StatefulSet: { path: ['spec', 'template', 'spec'] },
  DaemonSet: { path: ['spec', 'template', 'spec'] },
  Job: { path: ['spec', 'template', 'spec'] },
  ReplicationController: { path: ['spec', 'template', 'spec'] },
  CronJob: { path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
  PodTemplate: { path: ['template', 'spec'] },
  Rollout: { groups: ['argoproj.io'], path: ['spec', 'template', 'spec'] },
  CloneSet: { groups: ['apps.kruise.io'], path: ['spec', 'template', 'spec'] },
  DeploymentConfig: { groups: ['apps.openshift.io', ''], path: ['spec', 'template', 'spec'] },
  ScaledJob: { groups: ['keda.sh'], path: ['spec', 'jobTargetRef', 'template', 'spec'] },
  JobSet: { groups: ['jobset.x-k8s.io'], path: ['spec', 'replicatedJobs', '[]', 'template', 'spec', 'template', 'spec'] },
};

/** Every kind the table names: tests check that each one is covered. */
export const ORACLE_POD_SPEC_KINDS: readonly string[] = Object.keys(POD_SPEC_TABLE);

/** The pod specs of an object, each with its JSON path (`spec.template.spec`). */
export function podSpecsOf(object: Json): { path: string; spec: Json }[] {
  const entry = POD_SPEC_TABLE[String(object['kind'])];
  if (!entry) return [];
  const apiVersion = String(object['apiVersion'] ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  if (entry.groups && !entry.groups.includes(group)) return [];
  let nodes: { path: string; value: unknown }[] = [{ path: '', value: object }];
  for (const step of entry.path) {
    nodes = nodes.flatMap(({ path, value }) => {
      if (step === '[]') return Array.isArray(value) ? value.map((item, index) => ({ path: `${path}[${index}]`, value: item })) : [];
      return isRecord(value) && step in value ? [{ path: path === '' ? step : `${path}.${step}`, value: value[step] }] : [];
    });
  }
  return nodes.flatMap(({ path, value }) => (isRecord(value) ? [{ path, spec: value }] : []));
}

/** A list as kubectl reads one: any object with a kind and an `items` array. */
function isList(object: Json): boolean {
  return typeof object['kind'] === 'string' && object['kind'] !== '' && Array.isArray(object['items']);
}

/**
 * A list's items as kubectl reads them: an item that names no kind and no apiVersion is of the
 * list's kind without `List` (`PodList` items are Pods). The kind is given on a shallow copy, so
 * what is checked inside the item is still the item's own.
 */
function itemsOf(list: Json): unknown[] {
  const kind = String(list['kind']);
  const itemKind = kind.endsWith('List') ? kind.slice(0, -'List'.length) : kind;
  return (list['items'] as unknown[]).map((item) =>
    isRecord(item) && !item['kind'] && !item['apiVersion'] && itemKind !== ''
      ? { ...item, kind: itemKind, apiVersion: list['apiVersion'] }
      : item,
  );
}

/** The token volume exactly as SPEC §2.2 writes it, followed by any extra sources carried over. */
export function expectedTokenVolume(options: OracleOptions, extraSources: readonly unknown[] = []): Json {
  const serviceAccountToken: Json = { expirationSeconds: options.expirationSeconds, path: 'token' };
  if (options.audience !== undefined) serviceAccountToken['audience'] = options.audience;
  return {
    name: options.volumeName,
    projected: {
      defaultMode: options.defaultMode,
      sources: [
        { serviceAccountToken },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ...extraSources,
      ],
    },
  };
}

/** Deep equality of plain values, key order ignored. */
export function isSameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => isSameValue(item, b[index]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && isSameValue(a[key], b[key]));
  }
  return Object.is(a, b) || (a === 0 && b === 0);
}

/** The first place two plain values differ, as a JSON path, or undefined. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (isSameValue(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
      const found = firstDifference(a[index], b[index], `${path}[${index}]`);
      if (found) return found;
    }
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], path === '' ? key : `${path}.${key}`);
      if (found) return found;
    }
  }
  return path === '' ? '(document)' : path;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

function withoutTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function mountsOf(container: unknown): Json[] {
  return isRecord(container) && Array.isArray(container['volumeMounts']) ? container['volumeMounts'].filter(isRecord) : [];
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Whether a projected source is one of the three the API server itself projects. */
function isStandardSource(source: unknown): boolean {
  if (!isRecord(source)) return false;
  if ('serviceAccountToken' in source) return true;
  const configMap = source['configMap'];
  if (isRecord(configMap) && configMap['name'] === 'kube-root-ca.crt') return true;
  const downward = source['downwardAPI'];
  const items = isRecord(downward) ? downward['items'] : undefined;
  return (
    Array.isArray(items) &&
    items.length === 1 &&
    isRecord(items[0]) &&
    items[0]['path'] === 'namespace' &&
    isRecord(items[0]['fieldRef']) &&
    items[0]['fieldRef']['fieldPath'] === 'metadata.namespace'
  );
}

function projectedSources(volume: unknown): unknown[] {
  const projected = isRecord(volume) ? volume['projected'] : undefined;
  return isRecord(projected) && Array.isArray(projected['sources']) ? projected['sources'] : [];
}

function hasTokenSource(volume: unknown): boolean {
  return projectedSources(volume).some((source) => isRecord(source) && 'serviceAccountToken' in source);
}

/** The path where the API server's ServiceAccount plugin mounts its token. */
const DEFAULT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * ServiceAccounts the input defines that switch the token off, as `namespace/name`. One defined
 * twice counts only when every definition says false: the API server reads one, nobody knows which.
 */
function accountsSayingOff(objects: readonly Json[]): Set<string> {
  const saysOff = new Map<string, boolean>();
  for (const object of objects) {
    if (object['kind'] !== 'ServiceAccount' || object['apiVersion'] !== 'v1') continue;
    const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
    const key = `${String(metadata['namespace'] ?? '')}/${String(metadata['name'])}`;
    saysOff.set(key, (saysOff.get(key) ?? true) && object['automountServiceAccountToken'] === false);
  }
  return new Set([...saysOff].flatMap(([key, off]) => (off ? [key] : [])));
}

/** Every object of a set of documents, with the items of lists. */
export function objectsOf(documents: readonly unknown[]): Json[] {
  const objects: Json[] = [];
  const visit = (value: unknown): void => {
    if (!isRecord(value)) return;
    objects.push(value);
    if (isList(value)) itemsOf(value).forEach(visit);
  };
  documents.forEach(visit);
  return objects;
}

/** Where clients look for the token: the chosen path and the API server's own (SPEC §2.5). */
const STANDARD_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

function tokenPathsOf(options: OracleOptions): string[] {
  return [...new Set([withoutTrailingSlash(options.mountPath), STANDARD_TOKEN_PATH])];
}

/**
 * SPEC §2.5: an emptyDir, a ConfigMap, the downward API and a projected volume without a token
 * source hold no token; anything else may (a Secret, hostPath, CSI, a volume the pod lacks).
 */
function mayHoldToken(volume: Json | undefined): boolean {
  if (volume === undefined) return true;
  if (isRecord(volume['projected'])) return projectsToken(volume);
  return !['emptyDir', 'configMap', 'downwardAPI'].some((type) => volume[type] !== undefined);
}

/** Whether a projected volume has a token source (a null one is unset, as Kubernetes reads it). */
function projectsToken(volume: Json | undefined): boolean {
  return projectedSources(volume).some(
    (source) => isRecord(source) && source['serviceAccountToken'] !== undefined && source['serviceAccountToken'] !== null,
  );
}

/** Where a volume puts what may be a token, by path in the volume: its token sources, or a Secret volume's items. */
function tokenFilePaths(volume: Json | undefined): string[] {
  if (volume === undefined) return [];
  if (isRecord(volume['projected'])) {
    return projectedSources(volume).flatMap((source) =>
      isRecord(source) && isRecord(source['serviceAccountToken']) ? [String(source['serviceAccountToken']['path'])] : [],
    );
  }
  const secret = volume['secret'];
  return isRecord(secret) && Array.isArray(secret['items'])
    ? secret['items'].flatMap((item) => (isRecord(item) ? [String(item['path'])] : []))
    : [];
}

/**
 * How a mount gives its container a token where clients look for one: `at` the chosen path;
 * `sideways`, a volume that may hold one at the API server's path or inside a token path (a
 * `subPath` mount of `…/token`); `parent`, a volume above a token path that puts a token inside
 * it, with no mount of the container at that path over it.
 */
function reachOf(
  mount: Json,
  volumes: ReadonlyMap<string, Json>,
  siblings: readonly Json[],
  options: OracleOptions,
): 'at' | 'sideways' | 'parent' | undefined {
  if (typeof mount['mountPath'] !== 'string') return undefined;
  const path = withoutTrailingSlash(mount['mountPath']) || '/';
  const volume = volumes.get(String(mount['name']));
  const [chosen, ...others] = tokenPathsOf(options);
  if (path === chosen) return 'at';
  for (const tokenPath of [chosen, ...others]) {
    if (tokenPath !== chosen && path === tokenPath) return mayHoldToken(volume) ? 'sideways' : undefined;
    if (path.startsWith(`${tokenPath}/`)) return mayHoldToken(volume) ? 'sideways' : undefined;
  }
  for (const tokenPath of [chosen, ...others]) {
    const above = path === '/' ? '/' : `${path}/`;
    if (!tokenPath?.startsWith(above)) continue;
    const subPath = typeof mount['subPath'] === 'string' && mount['subPath'] !== '' ? `${mount['subPath']}/` : '';
    const inside = `${subPath}${tokenPath.slice(above.length)}/`;
    const covered = siblings.some(
      (other) => typeof other['mountPath'] === 'string' && withoutTrailingSlash(other['mountPath']) === tokenPath,
    );
    if (!covered && tokenFilePaths(volume).some((file) => file.startsWith(inside))) return 'parent';
  }
  return undefined;
}

function volumesByName(spec: Json): Map<string, Json> {
  const byName = new Map<string, Json>();
  for (const volume of Array.isArray(spec['volumes']) ? spec['volumes'] : []) {
    if (isRecord(volume) && !byName.has(String(volume['name']))) byName.set(String(volume['name']), volume);
  }
  return byName;
}

function wholeNumber(value: unknown, absent: number): number | undefined {
  if (value === undefined || value === null) return absent;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** Whether a token volume stays within the bounds of SPEC §2.5 (and what the API server accepts). */
function isBoundedTokenVolume(volume: Json | undefined, options: OracleOptions): boolean {
  if (volume === undefined || volume['secret'] !== undefined || !isRecord(volume['projected'])) return false;
  if (!projectsToken(volume)) return true;
  if (options.apiAccess === 'none') return false;
  const mode = wholeNumber(volume['projected']['defaultMode'], 0o644);
  if (mode === undefined || mode < 0 || mode > 0o777 || (mode | options.defaultMode) !== options.defaultMode) return false;
  return projectedSources(volume).every((source) => {
    const token = isRecord(source) ? source['serviceAccountToken'] : undefined;
    if (token === undefined || token === null) return true;
    const fields = isRecord(token) ? token : {};
    const expiration = wholeNumber(fields['expirationSeconds'], 3600);
    const audience =
      fields['audience'] === undefined || fields['audience'] === null || fields['audience'] === '' ? undefined : fields['audience'];
    return expiration !== undefined && expiration >= 600 && expiration <= options.expirationSeconds && audience === options.audience;
  });
}

/**
 * SPEC §2.5, from its text: whether a pod spec read as Kubernetes reads it is hardened under the
 * options. The pod spec itself must say `automountServiceAccountToken: false`: a ServiceAccount
 * that says so is not enough, since admission policies and scanners see the pod alone (SPEC §2.2).
 */
export function isHardenedPodSpec(spec: Json, options: OracleOptions): boolean {
  if (spec['automountServiceAccountToken'] !== false) return false;
  const volumes = volumesByName(spec);
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of Array.isArray(spec[field]) ? spec[field] : []) {
      const mounts = mountsOf(container);
      const chosen =
        options.containers === undefined ||
        field === 'ephemeralContainers' ||
        options.containers.includes(String((container as Json)['name']));
      for (const mount of mounts) {
        const reach = reachOf(mount, volumes, mounts, options);
        const volume = volumes.get(String(mount['name']));
        if (reach === undefined || (reach === 'at' && !mayHoldToken(volume))) continue;
        if (mount['readOnly'] !== true || !isBoundedTokenVolume(volume, options)) return false;
        if (!chosen && options.apiAccess !== 'none') return false;
      }
    }
  }
  return true;
}

type PodContext = {
  readonly options: OracleOptions;
  readonly accountsOff: ReadonlySet<string>;
  readonly namespace: string;
  readonly path: string;
  readonly report: (code: ViolationCode, path: string, detail: string) => void;
};

const CONTAINER_FIELDS = ['initContainers', 'containers'] as const;

/** Checks one pod spec's hardening fields, then removes them from both (copies). */
function checkPodSpec(before: Json, after: Json, context: PodContext): void {
  const { options, report, path } = context;
  const atPath = (mount: Json): boolean =>
    typeof mount['mountPath'] === 'string' && withoutTrailingSlash(mount['mountPath']) === withoutTrailingSlash(options.mountPath);
  const volumesBefore = Array.isArray(before['volumes']) ? before['volumes'].filter(isRecord) : [];
  const ownBefore = volumesBefore.find((volume) => volume['name'] === options.volumeName);
  const namedBefore = volumesByName(before);
  // An earlier run's token volume is replaced wherever it is mounted; a token reached sideways goes too.
  const sideways = (mount: Json): boolean => reachOf(mount, namedBefore, [], options) === 'sideways';
  const replaceable = (mount: Json): boolean =>
    atPath(mount) || (ownBefore !== undefined && mount['name'] === options.volumeName) || sideways(mount);
  // Files a replaced volume showed at a token path (not through a subPath) are carried over.
  const shownAtTokenPath = new Set<string>();

  const account = nonEmptyString(before['serviceAccountName']) ?? nonEmptyString(before['serviceAccount']) ?? 'default';
  const tokenWasOn =
    before['automountServiceAccountToken'] !== false &&
    !((before['automountServiceAccountToken'] ?? undefined) === undefined && context.accountsOff.has(`${context.namespace}/${account}`));

  // Containers, paired by position (a changed list is caught by the final comparison).
  const replacedNames = new Set<string>();
  let tokenGiven = false;
  for (const field of CONTAINER_FIELDS) {
    const listBefore = Array.isArray(before[field]) ? before[field] : [];
    const listAfter = Array.isArray(after[field]) ? after[field] : [];
    listBefore.forEach((containerBefore, index) => {
      const containerAfter = listAfter[index];
      if (!isRecord(containerBefore) || !isRecord(containerAfter)) return;
      const where = `${path}.${field}[${index}]`;
      const mountsBefore = mountsOf(containerBefore);
      const mountsAfter = mountsOf(containerAfter);
      const selected = options.containers === undefined || options.containers.includes(String(containerBefore['name']));
      const volumeOf = (mount: Json): Json | undefined => volumesBefore.find((volume) => volume['name'] === mount['name']);
      const hadToken = mountsBefore.some((mount) => {
        const reach = reachOf(mount, namedBefore, mountsBefore, options);
        return (atPath(mount) && mayHoldToken(volumeOf(mount))) || (reach !== undefined && reach !== 'at');
      });
      for (const mount of mountsBefore) {
        const exactly = typeof mount['mountPath'] === 'string' && tokenPathsOf(options).includes(withoutTrailingSlash(mount['mountPath']));
        if (exactly && replaceable(mount)) shownAtTokenPath.add(String(mount['name']));
      }
      const namedAfter = volumesByName(after);
      if (mountsAfter.some((mount) => reachOf(mount, namedAfter, mountsAfter, options) === 'parent'))
        report('sideways', where, `a mount above the token path still gives a token: ${short(mountsAfter)}`);
      // The plugin mounts no token where the container already mounts something at its path:
      // a volume holding none there hides the token (SPEC §2.2, never widen).
      const hidesToken = mountsBefore.some(
        (mount) =>
          typeof mount['mountPath'] === 'string' &&
          withoutTrailingSlash(mount['mountPath']) === DEFAULT_MOUNT_PATH &&
          !mayHoldToken(volumeOf(mount)),
      );
      const couldRead = hadToken || (tokenWasOn && !hidesToken);
      const getsToken = options.apiAccess !== 'none' && selected && couldRead;
      const tokenMountsAfter = mountsAfter.filter(replaceable);
      if (getsToken) {
        tokenGiven = true;
        const [mount, ...others] = tokenMountsAfter;
        const exact =
          mount !== undefined &&
          others.length === 0 &&
          atPath(mount) &&
          mount['name'] === options.volumeName &&
          mount['readOnly'] === true &&
          Object.keys(mount).length === 3;
        if (!exact)
          report(
            'token-mount',
            where,
            `expected one read-only mount of "${options.volumeName}" at ${options.mountPath}, got ${short(tokenMountsAfter)}`,
          );
      } else if (tokenMountsAfter.length > 0) {
        const widened = options.apiAccess !== 'none' && selected && !couldRead;
        const code: ViolationCode = widened ? 'widened' : options.apiAccess === 'none' ? 'no-token' : 'token-mount';
        report(code, where, `expected no mount at ${options.mountPath}, got ${short(tokenMountsAfter)}`);
      }
      for (const mount of mountsBefore) if (replaceable(mount)) replacedNames.add(String(mount['name']));
      stripMounts(containerBefore, replaceable);
      stripMounts(containerAfter, replaceable);
    });
  }

  // The automatic token: off, unless the pod spec was left as it was (no token anywhere).
  const untouched = !tokenWasOn && !tokenGiven && replacedNames.size === 0;
  const automount = after['automountServiceAccountToken'];
  if (automount !== false && !(untouched && automount === before['automountServiceAccountToken']))
    report('automount', `${path}.automountServiceAccountToken`, `expected false, got ${short(automount)}`);

  // The ServiceAccount name: the chosen one, else the pod's own; the deprecated field kept equal.
  const wanted = options.serviceAccountName ?? nonEmptyString(before['serviceAccountName']) ?? nonEmptyString(before['serviceAccount']);
  if (wanted !== undefined) {
    if (after['serviceAccountName'] !== wanted)
      report('service-account', `${path}.serviceAccountName`, `expected ${wanted}, got ${short(after['serviceAccountName'])}`);
    if ('serviceAccount' in before && after['serviceAccount'] !== wanted)
      report('service-account', `${path}.serviceAccount`, `expected ${wanted}, got ${short(after['serviceAccount'])}`);
    if (!('serviceAccount' in before) && 'serviceAccount' in after)
      report('service-account', `${path}.serviceAccount`, 'added the deprecated field');
  } else if (after['serviceAccountName'] !== before['serviceAccountName'] || after['serviceAccount'] !== before['serviceAccount']) {
    report('service-account', `${path}.serviceAccountName`, 'changed without a name to set');
  }
  for (const key of ['automountServiceAccountToken', 'serviceAccountName', 'serviceAccount']) {
    delete before[key];
    delete after[key];
  }

  // Volumes: the replaced ones go when nothing else mounts them; the token volume is the literal.
  const stillMounted = new Set<string>();
  for (const field of [...CONTAINER_FIELDS, 'ephemeralContainers']) {
    const list = Array.isArray(after[field]) ? after[field] : [];
    for (const container of list) for (const mount of mountsOf(container)) stillMounted.add(String(mount['name']));
  }
  const removed = volumesBefore.filter(
    (volume) =>
      volume['name'] === options.volumeName || (replacedNames.has(String(volume['name'])) && !stillMounted.has(String(volume['name']))),
  );
  const extraSources = removed
    .filter((volume) => volume['name'] === options.volumeName || shownAtTokenPath.has(String(volume['name'])))
    .flatMap((volume) => projectedSources(volume).filter((source) => !isStandardSource(source)));
  const volumesAfter = Array.isArray(after['volumes']) ? after['volumes'].filter(isRecord) : [];
  const ownAfter = volumesAfter.filter((volume) => volume['name'] === options.volumeName);
  const expected = expectedTokenVolume(options, extraSources);
  if (tokenGiven) {
    const [volume, ...others] = ownAfter;
    if (!volume || others.length > 0 || !isSameValue(volume, expected)) {
      const lost = volume !== undefined && others.length === 0 && isSameValue(volume, expectedTokenVolume(options));
      const code: ViolationCode = lost && extraSources.length > 0 ? 'lost-source' : 'token-volume';
      report(code, `${path}.volumes`, `expected ${short(expected)}, got ${short(ownAfter)}`);
    }
  } else if (ownAfter.length > 0) {
    // With no token, files a replaced volume projected stay in a volume without one.
    const keepsFiles =
      ownAfter.length === 1 &&
      extraSources.length > 0 &&
      !hasTokenSource(ownAfter[0]) &&
      isSameValue(projectedSources(ownAfter[0]), extraSources);
    if (!keepsFiles) {
      const widened = options.apiAccess !== 'none' && !tokenWasOn;
      report(
        widened ? 'widened' : options.apiAccess === 'none' ? 'no-token' : 'token-volume',
        `${path}.volumes`,
        `expected no token volume, got ${short(ownAfter)}`,
      );
    }
  } else if (extraSources.length > 0) {
    report('lost-source', `${path}.volumes`, `the projected files ${short(extraSources)} were dropped`);
  }
  const keptBefore = volumesBefore.filter((volume) => !removed.includes(volume));
  const keptAfter = volumesAfter.filter((volume) => volume['name'] !== options.volumeName);
  setOrDelete(before, 'volumes', keptBefore);
  setOrDelete(after, 'volumes', keptAfter);
}

function stripMounts(container: Json, replaceable: (mount: Json) => boolean): void {
  if (!Array.isArray(container['volumeMounts'])) return;
  setOrDelete(
    container,
    'volumeMounts',
    container['volumeMounts'].filter((mount) => !(isRecord(mount) && replaceable(mount))),
  );
}

/** A deep copy in which no two places share an object (aliases do in parsed YAML), so stripping one leaves the other. */
function unsharedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unsharedCopy);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unsharedCopy(item)]));
  return value;
}

function setOrDelete(object: Json, key: string, list: unknown[]): void {
  if (list.length > 0) object[key] = list;
  else delete object[key];
}

/**
 * Every way `outputDocuments` differs from `inputDocuments` hardened with `options`, as SPEC §2.2
 * describes it. Documents are plain values (parsed YAML/JSON, or kubectl's decoding); the input's
 * ServiceAccounts decide whether a pod's token was on.
 */
export function hardeningViolations(
  inputDocuments: readonly unknown[],
  outputDocuments: readonly unknown[],
  options: OracleOptions,
): Violation[] {
  const violations: Violation[] = [];
  const report = (code: ViolationCode, path: string, detail: string): void => void violations.push({ code, path, detail });
  const accountsOff = accountsSayingOff(objectsOf(inputDocuments));
  const before = inputDocuments.map(unsharedCopy);
  const after = outputDocuments.map(unsharedCopy);
  const visit = (objectBefore: unknown, objectAfter: unknown, where: string): void => {
    if (!isRecord(objectBefore) || !isRecord(objectAfter)) return;
    if (isList(objectBefore) && isList(objectAfter)) {
      const itemsAfter = itemsOf(objectAfter);
      itemsOf(objectBefore).forEach((item, index) => visit(item, itemsAfter[index], `${where}.items[${index}]`));
    }
    if (objectBefore['kind'] === 'ServiceAccount' && objectBefore['apiVersion'] === 'v1') {
      if (options.hardenServiceAccounts) {
        if (objectAfter['automountServiceAccountToken'] !== false)
          report(
            'automount',
            `${where}.automountServiceAccountToken`,
            `expected false, got ${short(objectAfter['automountServiceAccountToken'])}`,
          );
        delete objectBefore['automountServiceAccountToken'];
        delete objectAfter['automountServiceAccountToken'];
      }
    }
    const metadata = isRecord(objectBefore['metadata']) ? objectBefore['metadata'] : {};
    const specsAfter = new Map(podSpecsOf(objectAfter).map(({ path, spec }) => [path, spec]));
    for (const { path, spec } of podSpecsOf(objectBefore)) {
      const specAfter = specsAfter.get(path);
      if (specAfter)
        checkPodSpec(spec, specAfter, {
          options,
          accountsOff,
          namespace: String(metadata['namespace'] ?? ''),
          path: `${where}.${path}`,
          report,
        });
    }
  };
  before.forEach((document, index) => visit(document, after[index], `document ${index + 1}`));
  // Documents added at the end: only ServiceAccounts the user asked for, with the token off.
  const added = after.slice(before.length);
  for (const [offset, document] of added.entries()) {
    const ok =
      options.emitServiceAccount &&
      isRecord(document) &&
      document['kind'] === 'ServiceAccount' &&
      document['automountServiceAccountToken'] === false;
    if (!ok) report('documents', `document ${before.length + offset + 1}`, `unexpected document ${short(document)}`);
  }
  if (after.length < before.length) report('documents', '', `${before.length} documents in, ${after.length} out`);
  before.forEach((document, index) => {
    const difference = firstDifference(document, after[index], '');
    if (difference !== undefined) report('changed', `document ${index + 1}: ${difference}`, 'a field outside the hardening changed');
  });
  return violations;
}
