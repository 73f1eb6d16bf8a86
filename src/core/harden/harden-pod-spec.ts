/** Hardening one pod spec (SPEC §2.2), as text edits plus the changes and findings they explain. */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { mayHoldToken, parentTokenPaths, tokenReach } from './check';
import { DEFAULT_MOUNT_PATH, type HardenOptions, normaliseMountPath } from './options';
import type { ErrorCode, FindingCode } from '../result';
import { isAtMountPath, isLegacyTokenSecret, isTokenMount, isTokenVolume, modeComments, tokenMount, tokenVolume } from './token-volume';
import type { SourceEditor, ValueMark } from '../edit/yaml-edit';
import type { KeyComment } from '../edit/render';
import type { ChangeStep } from '../change-path';
import { aliasElsewhere, isDeepEqual, isRecord, lookupPair, mergePairsBringing, ownPair, plainValue, resolveNode } from '../read/yaml-read';

/** What the pod-spec step reports back to the document step. */
export type PodSpecReporter = {
  /** Reports a change; the index it gets, for the edits that make it (yaml-edit.ts marks). */
  change(steps: readonly ChangeStep[], before: unknown, after: unknown, reason: string): number;
  finding(code: FindingCode, severity: 'info' | 'warning', message: string, offset?: number): void;
  /** A problem that makes hardening this input unsafe. */
  refuse(code: ErrorCode, message: string, hint: string, offset: number): void;
};

export type PodSpecContext = {
  readonly document: Document.Parsed;
  readonly editor: SourceEditor;
  readonly options: HardenOptions;
  /** Where the pod spec is inside its object, e.g. `['spec', 'template', 'spec']`. */
  readonly path: readonly ChangeStep[];
  readonly report: PodSpecReporter;
  /** Nodes already edited in this pass (shared through anchors): edit each once. */
  readonly handled: Set<unknown>;
  /** `automountServiceAccountToken` of the pod's ServiceAccount, when the same input defines it. */
  readonly serviceAccountAutomount?: boolean | undefined;
};

export type PodSpecOutcome = {
  readonly containers: string[];
  /** The names in `containers` that are init containers. */
  readonly initContainers: string[];
  /** Whether the pod runs without an API token and was left as it was. */
  readonly tokenless: boolean;
  /** Whether the hardened pod spec mounts a token into some container: the options that shape the token then matter. */
  readonly mountsToken: boolean;
  /** The pod spec as the input had it, as plain values. */
  readonly spec: Record<string, unknown>;
  /** `automountServiceAccountToken` of the pod spec as the output has it. */
  readonly automountAfter: unknown;
  /**
   * Whether, in the output, an init or regular container mounts something at exactly the default
   * token path (compared as written, as the API server's plugin and scanners compare it).
   */
  readonly mountsDefaultPath: boolean;
};

/** Whether any of these mounts sits at exactly the default token path. */
function hasDefaultPathMount(mounts: readonly unknown[]): boolean {
  return mounts.some((mount) => isRecord(mount) && mount['mountPath'] === DEFAULT_MOUNT_PATH);
}

const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

type ContainerEntry = {
  readonly field: (typeof CONTAINER_FIELDS)[number];
  readonly index: number;
  readonly map: YAMLMap;
  readonly name: string;
  readonly selected: boolean;
  readonly mounts: unknown[];
  /** Whether it could read a token where clients look for one (at the token path, or sideways). */
  readonly hadToken: boolean;
  /** Its mounts that reach a token sideways (see `tokenReach`), by index: replaced like the one at the token path. */
  readonly sideways: ReadonlySet<number>;
  /** Token paths a mount above them puts a token into, which only a mount at that very path covers. */
  readonly throughParent: readonly { readonly mountPath: string; readonly tokenPath: string }[];
  /** Volumes by mount, to tell a mount that covers such a token and holds none. */
  readonly holdsToken: readonly boolean[];
  /** Whether it mounts, at the API server's own path, a volume without a token: the API server adds none then. */
  readonly blocksInjection: boolean;
};

function nodeOffset(node: unknown): number | undefined {
  return (node as Node | undefined)?.range?.[0];
}

function listContainers(podSpec: YAMLMap, context: PodSpecContext, volumes: readonly unknown[]): ContainerEntry[] {
  const { document, options } = context;
  const entries: ContainerEntry[] = [];
  for (const field of CONTAINER_FIELDS) {
    const seq = resolveNode(lookupPair(podSpec, field, document)?.pair.value, document);
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, index) => {
      const map = resolveNode(item, document);
      if (!isMap(map)) return;
      const plain = plainValue(map, document);
      const name = isRecord(plain) && typeof plain['name'] === 'string' ? plain['name'] : '';
      const mounts = isRecord(plain) && Array.isArray(plain['volumeMounts']) ? (plain['volumeMounts'] as unknown[]) : [];
      // Ephemeral containers are not chosen by name: they keep a token only where they had one.
      const selected =
        field === 'ephemeralContainers' ||
        ((options.containers === undefined || options.containers.includes(name)) && !options.excludedContainers.includes(name));
      const volumeOf = (mount: unknown): unknown => volumes.find((volume) => isRecord(volume) && volume['name'] === mountName(mount));
      const reaches = mounts.map((mount) => tokenReach(mount, volumeOf(mount), mounts, options));
      // Our token volume from an earlier run counts wherever it is mounted: a mount path changed
      // since moves the token, it does not leave it behind.
      const hadToken = mounts.some(
        (mount, at) =>
          (reaches[at]?.kind === 'at' ? mayHoldToken(volumeOf(mount)) : reaches[at] !== undefined) ||
          (mountName(mount) === options.volumeName && isTokenVolume(volumeOf(mount))),
      );
      const sideways = new Set(reaches.flatMap((reach, at) => (reach?.kind === 'sideways' ? [at] : [])));
      const throughParent = mounts.flatMap((mount) =>
        parentTokenPaths(mount, volumeOf(mount), options).map((tokenPath) => ({
          mountPath: String((mount as Record<string, unknown>)['mountPath']),
          tokenPath,
        })),
      );
      const blocksInjection = mounts.some(
        (mount) => isAtMountPath(mount, { mountPath: DEFAULT_MOUNT_PATH }) && !mayHoldToken(volumeOf(mount)),
      );
      const holdsToken = mounts.map((mount) => mayHoldToken(volumeOf(mount)));
      entries.push({ field, index, map, name, selected, mounts, hadToken, sideways, throughParent, holdsToken, blocksInjection });
    });
  }
  return entries;
}

/** Mounts we replace: anything at the token path, and stale mounts of our own volume elsewhere. */
function isReplacedMount(mount: unknown, options: HardenOptions, ownVolumeIsToken: boolean): boolean {
  return isAtMountPath(mount, options) || (ownVolumeIsToken && isRecord(mount) && mount['name'] === options.volumeName);
}

function mountName(mount: unknown): string | undefined {
  return isRecord(mount) && typeof mount['name'] === 'string' ? mount['name'] : undefined;
}

/** Whether the pod's token is off already: on the pod spec, or on its ServiceAccount in the same input. */
function isTokenOff(spec: Record<string, unknown>, context: PodSpecContext): boolean {
  const value = spec['automountServiceAccountToken'];
  return value === false || ((value === undefined || value === null) && context.serviceAccountAutomount === false);
}

/** Sets `automountServiceAccountToken: false` on the pod spec, next to its ServiceAccount name. */
function turnAutomountOff(podSpec: YAMLMap, spec: Record<string, unknown>, context: PodSpecContext, reason: string): void {
  const { document, editor, path, report } = context;
  const after = ownPair(podSpec, 'serviceAccountName') ?? ownPair(podSpec, 'serviceAccount');
  const shared = setOwnValue(editor, podSpec, 'automountServiceAccountToken', false, document, after, () =>
    report.change([...path, 'automountServiceAccountToken'], spec['automountServiceAccountToken'], false, reason),
  );
  if (shared) refuseSharedAnchor(shared, 'automountServiceAccountToken', report);
}

/** The refusal of a value that an alias elsewhere reads too (`&t true` … `readOnly: *t`). */
export function refuseSharedAnchor(alias: Node, key: string, report: Pick<PodSpecReporter, 'refuse'>): void {
  const name = isAlias(alias) ? alias.source : '';
  report.refuse(
    'shared-anchor',
    `the value of ${key} is anchored (&${name}) and read again through *${name}: changing ${key} would change that value too`,
    `Write the value out in place of *${name}, then harden again.`,
    nodeOffset(alias) ?? 0,
  );
}

/** The ServiceAccount a pod spec names (`serviceAccountName`, else the deprecated `serviceAccount`). */
function accountNameIn(spec: Record<string, unknown>): string | undefined {
  for (const key of ['serviceAccountName', 'serviceAccount']) {
    const value = spec[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Hardens the pod spec `podSpec` (whose plain value is `spec`) in place, through the editor, and says what it did. */
export function hardenPodSpec(podSpec: YAMLMap, spec: Record<string, unknown>, context: PodSpecContext): PodSpecOutcome {
  const { options, report } = context;
  const volumes = Array.isArray(spec['volumes']) ? (spec['volumes'] as unknown[]) : [];
  const containers = listContainers(podSpec, context, volumes);
  const names = containers.filter((entry) => entry.field !== 'ephemeralContainers').map((entry) => entry.name);
  const initNames = containers.filter((entry) => entry.field === 'initContainers').map((entry) => entry.name);
  const regular = containers.filter((entry) => entry.field !== 'ephemeralContainers');
  const unchanged = (tokenless: boolean, automountAfter: unknown): PodSpecOutcome => ({
    containers: names,
    initContainers: initNames,
    spec,
    tokenless,
    mountsToken: false,
    automountAfter,
    mountsDefaultPath: hasDefaultPathMount(regular.flatMap((entry) => entry.mounts)),
  });
  // An anchored pod spec shared by several objects is edited once: what it became is what the first saw.
  if (context.handled.has(podSpec)) return outcomes.get(podSpec) ?? unchanged(false, spec['automountServiceAccountToken']);
  context.handled.add(podSpec);

  // Never widen: a pod whose token is off and that mounts none has no credentials; it stays so.
  const tokenOff = isTokenOff(spec, context);
  if (tokenOff && !containers.some((entry) => entry.hadToken)) {
    let automountAfter = spec['automountServiceAccountToken'];
    if (spec['automountServiceAccountToken'] !== false) {
      // Only the ServiceAccount says false: an admission policy or scanner sees the pod alone, and
      // the field grants nothing. With another ServiceAccount chosen, the new one may not say so.
      const ownAccount = accountNameIn(spec) ?? 'default';
      const chosen = options.serviceAccountName;
      automountAfter = false;
      turnAutomountOff(
        podSpec,
        spec,
        context,
        chosen !== undefined && chosen !== ownAccount
          ? `the token was off through the ServiceAccount "${ownAccount}"; the pod now runs as "${chosen}", so it keeps the token off itself`
          : `the token was off only through the ServiceAccount "${ownAccount}", which admission policies and scanners cannot see: the pod says so itself, which grants nothing`,
      );
    }
    hardenServiceAccountName(podSpec, spec, context);
    report.finding(
      'runs-without-token',
      'info',
      'the pod runs without an API token (automount is off and nothing is mounted at the token path): it has no credentials, so it gets no token',
      nodeOffset(podSpec),
    );
    reportEphemeral(podSpec, context);
    return remember(podSpec, unchanged(true, automountAfter));
  }

  // 1. The automatic token goes off.
  if (spec['automountServiceAccountToken'] !== false) {
    const reason =
      options.apiAccess === 'none'
        ? 'the workload needs no API access: stop the API server from mounting a token'
        : 'stop the API server from mounting a token on its own; the token is mounted explicitly instead';
    turnAutomountOff(podSpec, spec, context, reason);
  }

  // 2. The ServiceAccount name, and the deprecated field kept equal to it.
  hardenServiceAccountName(podSpec, spec, context);

  // 3. Containers: one read-only mount in each that could read a token before, none elsewhere.
  const ownVolume = volumes.find((volume) => isRecord(volume) && volume['name'] === options.volumeName);
  if (ownVolume !== undefined && !isOwnVolume(ownVolume, containers, options)) {
    report.refuse(
      'volume-name-taken',
      `the pod already has a volume named "${options.volumeName}" that is not a ServiceAccount token volume; choose another volume name`,
      'Pass another name with --volume-name (or the Volume name field).',
      nodeOffset(podSpec) ?? 0,
    );
    return remember(podSpec, unchanged(false, false));
  }
  const carried = carriedSources(volumes, containers, options);
  const newVolume = plannedVolume(
    options,
    carried.map((entry) => entry.source),
  );
  // Never widen: only containers that could read a token get one; with no token, a container keeps
  // the carried files only if its own volume at the token path held some (never another's files).
  const carriedFrom = new Set(carried.map((entry) => entry.from));
  const wants = (entry: ContainerEntry): boolean => {
    if (newVolume === undefined || !entry.selected) return false;
    if (options.apiAccess === 'none')
      return entry.mounts.some((mount) => isAtMountPath(mount, options) && carriedFrom.has(mountName(mount) ?? ''));
    if (entry.hadToken) return true;
    return !tokenOff && entry.field !== 'ephemeralContainers' && !entry.blocksInjection;
  };
  const removedVolumeNames = new Set<string>();
  const mountsAfter: unknown[] = [];
  let mountsDefaultPath = false;
  for (const container of containers) {
    const kept = hardenContainerMounts(container, wants(container), context, ownVolume !== undefined, removedVolumeNames);
    mountsAfter.push(...kept);
    if (container.field !== 'ephemeralContainers' && hasDefaultPathMount(kept)) mountsDefaultPath = true;
    reportThroughParent(container, kept, context);
  }
  reportEphemeral(podSpec, context);

  // 4. The projected volume, and removal of volumes only the replaced mounts used.
  const needsVolume = containers.some(wants);
  hardenVolumes(podSpec, context, { volumes, newVolume: needsVolume ? newVolume : undefined, removedVolumeNames, mountsAfter, carried });
  if (containers.length === 0) {
    report.finding('no-containers', 'warning', 'the pod spec has no containers, so no container gets the token mount', nodeOffset(podSpec));
  }
  return remember(podSpec, {
    containers: names,
    initContainers: initNames,
    spec,
    tokenless: false,
    mountsToken: needsVolume && options.apiAccess === 'mount',
    automountAfter: false,
    mountsDefaultPath,
  });
}

/** What each pod spec node became, for the objects that share it through an anchor. */
const outcomes = new WeakMap<YAMLMap, PodSpecOutcome>();

function remember(podSpec: YAMLMap, outcome: PodSpecOutcome): PodSpecOutcome {
  outcomes.set(podSpec, outcome);
  return outcome;
}

/**
 * Gives `key` the scalar `value` as kubectl reads it: in place when the mapping's own pair is the
 * one that counts; otherwise (a later `<<` brings the key, or the own value is not a scalar) the
 * own pair goes and the new one is written after every merge key that brings the key, since the
 * last one wins. Changes nothing and returns the alias when an alias elsewhere reads the old value
 * through its anchor (under another key, or at all when the pair goes). `report` reports the
 * change, when there is one, and gives its index.
 */
export function setOwnValue(
  editor: SourceEditor,
  map: YAMLMap,
  key: string,
  value: boolean | string,
  document: Document,
  after: Pair | undefined,
  report: () => number,
): Node | undefined {
  const own = ownPair(map, key);
  const parsed = document as Document.Parsed;
  const winner = lookupPair(map, key, parsed);
  if (own && winner?.own && isScalar(own.value)) {
    const shared = aliasElsewhere(own.value, parsed, [key]);
    if (!shared) editor.setScalar(own.value, value, { change: report(), pair: own });
    return shared;
  }
  const shared = aliasElsewhere(own?.value as Node | null | undefined, parsed, []);
  if (shared) return shared;
  const change = report();
  if (own) editor.removeItem(map, own, [{ change, node: own }]);
  const merges = mergePairsBringing(map, key, document as Document.Parsed);
  const candidates = [after, merges.at(-1)].filter((pair): pair is Pair => pair !== undefined && pair !== own);
  const last = candidates.sort((a, b) => map.items.indexOf(a) - map.items.indexOf(b)).at(-1);
  editor.insertPair(map, key, value, {
    after: last ?? (own && map.items.at(-1) === own ? map.items.at(-2) : undefined),
    marks: [{ change, steps: [key] }],
  });
  return undefined;
}

/**
 * A token a container reaches through a mount above the token path (`/var/run/secrets` of a
 * volume that projects `kubernetes.io/serviceaccount/token`) stays unless the new mount at that
 * very path covers it: the volume serves other files, so it is reported, not removed.
 */
function reportThroughParent(container: ContainerEntry, mountsAfter: readonly unknown[], context: PodSpecContext): void {
  const { report } = context;
  for (const { mountPath, tokenPath } of container.throughParent) {
    if (mountsAfter.some((mount) => isAtMountPath(mount, { mountPath: tokenPath }))) continue;
    report.finding(
      'token-through-parent',
      'warning',
      `container "${container.name}" still reads a token at ${tokenPath} through its mount at ${mountPath}, whose volume projects one there: remove that source from the volume, or the mount`,
      nodeOffset(container.map),
    );
  }
}

function reportEphemeral(podSpec: YAMLMap, context: PodSpecContext): void {
  const ephemeral = lookupPair(podSpec, 'ephemeralContainers', context.document);
  if (!ephemeral) return;
  context.report.finding(
    'ephemeral-containers',
    'warning',
    'ephemeral containers are not covered: they cannot declare new mounts when created (kubectl debug adds them later), so they get no new token; a mount they already have at the token path is replaced like the others',
    nodeOffset(ephemeral.pair.key),
  );
}

/**
 * Our volume from an earlier run: a token volume, or (with no token) a projected volume of carried
 * files mounted nowhere but at the token path. A projected volume of the user's own, mounted
 * elsewhere, is not ours to replace.
 */
function isOwnVolume(volume: unknown, containers: readonly ContainerEntry[], options: HardenOptions): boolean {
  if (isTokenVolume(volume)) return true;
  if (!isRecord(volume) || !isRecord(volume['projected'])) return false;
  return containers.every((entry) => entry.mounts.every((mount) => mountName(mount) !== volume['name'] || isAtMountPath(mount, options)));
}

/** Sources the API server itself projects: token, cluster CA, namespace. The rest is the user's. */
function isStandardSource(source: unknown): boolean {
  if (!isRecord(source)) return false;
  if ('serviceAccountToken' in source) return true;
  const configMap = source['configMap'];
  if (isRecord(configMap) && configMap['name'] === 'kube-root-ca.crt') return true;
  const downward = source['downwardAPI'];
  if (!isRecord(downward) || !Array.isArray(downward['items'])) return false;
  const items = downward['items'] as unknown[];
  return items.length > 0 && items.every((item) => isRecord(item) && item['path'] === 'namespace');
}

type CarriedSource = { readonly source: unknown; readonly from: string };

/**
 * Extra sources of the projected volumes mounted at the token path (or replaced at the API
 * server's own path, when another is chosen): files containers read there.
 */
function carriedSources(volumes: readonly unknown[], containers: readonly ContainerEntry[], options: HardenOptions): CarriedSource[] {
  const atStandardPath = (mount: unknown): boolean => isAtMountPath(mount, { mountPath: DEFAULT_MOUNT_PATH });
  const atPath = new Set(
    containers.flatMap((entry) =>
      entry.mounts
        .filter((mount, index) => isAtMountPath(mount, options) || (entry.sideways.has(index) && atStandardPath(mount)))
        .map(mountName),
    ),
  );
  const carried: CarriedSource[] = [];
  for (const volume of volumes) {
    if (!isRecord(volume) || typeof volume['name'] !== 'string' || !isRecord(volume['projected'])) continue;
    if (!atPath.has(volume['name']) && volume['name'] !== options.volumeName) continue;
    const sources = volume['projected']['sources'];
    if (!Array.isArray(sources)) continue;
    for (const source of sources as unknown[]) {
      if (isStandardSource(source) || carried.some((entry) => isDeepEqual(entry.source, source))) continue;
      carried.push({ source, from: volume['name'] });
    }
  }
  return carried;
}

/** The volume the pod gets: the token volume with the carried sources, or (no token) the carried sources alone. */
function plannedVolume(options: HardenOptions, extra: readonly unknown[]): Record<string, unknown> | undefined {
  if (options.apiAccess === 'none') {
    if (extra.length === 0) return undefined;
    return { name: options.volumeName, projected: { defaultMode: options.defaultMode, sources: [...extra] } };
  }
  const volume = tokenVolume(options);
  if (extra.length === 0) return volume;
  const projected = volume['projected'] as { defaultMode: number; sources: unknown[] };
  return { ...volume, projected: { ...projected, sources: [...projected.sources, ...extra] } };
}

/** The two fields that name a pod's ServiceAccount: an alias of one in the other follows the change. */
const ACCOUNT_KEYS = ['serviceAccountName', 'serviceAccount'];

function hardenServiceAccountName(podSpec: YAMLMap, spec: Record<string, unknown>, context: PodSpecContext): void {
  const { editor, options, path, report } = context;
  const currentName =
    typeof spec['serviceAccountName'] === 'string' && spec['serviceAccountName'] !== '' ? spec['serviceAccountName'] : undefined;
  const deprecated = typeof spec['serviceAccount'] === 'string' && spec['serviceAccount'] !== '' ? spec['serviceAccount'] : undefined;
  const wanted = options.serviceAccountName ?? currentName ?? deprecated;
  const namePair = ownPair(podSpec, 'serviceAccountName');
  const deprecatedPair = ownPair(podSpec, 'serviceAccount');
  if (wanted !== undefined && wanted !== currentName) {
    const reason =
      options.serviceAccountName === undefined
        ? 'serviceAccount is deprecated; serviceAccountName is the field to use'
        : 'run the pod as the ServiceAccount you chose';
    const shared = aliasElsewhere(namePair?.value as Node | null | undefined, context.document, ACCOUNT_KEYS);
    const change = report.change([...path, 'serviceAccountName'], spec['serviceAccountName'], wanted, reason);
    if (shared) refuseSharedAnchor(shared, 'serviceAccountName', report);
    else if (namePair && isScalar(namePair.value)) editor.setScalar(namePair.value, wanted, { change, pair: namePair });
    else
      editor.insertPair(podSpec, 'serviceAccountName', wanted, {
        after: deprecatedPair,
        marks: [{ change, steps: ['serviceAccountName'] }],
      });
  }
  if (deprecatedPair && isScalar(deprecatedPair.value) && wanted !== undefined && spec['serviceAccount'] !== wanted) {
    const shared = aliasElsewhere(deprecatedPair.value, context.document, ACCOUNT_KEYS);
    const change = report.change(
      [...path, 'serviceAccount'],
      spec['serviceAccount'],
      wanted,
      'keep the deprecated serviceAccount field equal to serviceAccountName',
    );
    if (shared) refuseSharedAnchor(shared, 'serviceAccount', report);
    else editor.setScalar(deprecatedPair.value, wanted, { change, pair: deprecatedPair });
  }
  if (wanted === undefined || wanted === 'default') {
    report.finding(
      'default-service-account',
      'warning',
      `the pod runs as the "default" ServiceAccount${wanted === undefined ? ' (it names none)' : ''}: give it a dedicated ServiceAccount so its token grants only what it needs`,
      nodeOffset(namePair?.key ?? podSpec),
    );
  }
}

/** Edits one container's mounts; returns the mounts it has afterwards. */
function hardenContainerMounts(
  container: ContainerEntry,
  wantsMount: boolean,
  context: PodSpecContext,
  ownVolumeIsToken: boolean,
  removedVolumeNames: Set<string>,
): unknown[] {
  const { document, editor, options, path, report } = context;
  // A mount without a token that covers a token a mount above it puts there stays, unless the new mount covers it.
  const coversParent = (mount: unknown, index: number): boolean =>
    !container.holdsToken[index] &&
    container.throughParent.some(
      ({ tokenPath }) =>
        isAtMountPath(mount, { mountPath: tokenPath }) && !(wantsMount && tokenPath === normaliseMountPath(options.mountPath)),
    );
  const replaced = container.mounts.map(
    (mount, index) => (container.sideways.has(index) || isReplacedMount(mount, options, ownVolumeIsToken)) && !coversParent(mount, index),
  );
  const keptIndex = wantsMount ? container.mounts.findIndex((mount, index) => replaced[index] && isTokenMount(mount, options)) : -1;
  const removedIndexes = replaced.flatMap((isReplaced, index) => (isReplaced && index !== keptIndex ? [index] : []));
  const needsMount = wantsMount && keptIndex === -1;
  const after = container.mounts.filter((_, index) => !removedIndexes.includes(index));
  if (needsMount) after.push(tokenMount(options));
  if (removedIndexes.length === 0 && !needsMount) return after;

  const where = [...path, container.field, container.index];
  const label = `container "${container.name}"`;
  const removals = new Map<number, number>();
  for (const index of removedIndexes) {
    const mount = container.mounts[index];
    const name = mountName(mount);
    if (name !== undefined && name !== options.volumeName) removedVolumeNames.add(name);
    const sideways = container.sideways.has(index);
    if ((sideways || isAtMountPath(mount, options)) && isRecord(mount) && mount['readOnly'] !== true) {
      report.finding(
        'mount-not-read-only',
        'warning',
        `${label} mounted the token path without readOnly: true${wantsMount ? '; the new mount is read-only' : ''}`,
        nodeOffset(container.map),
      );
    }
    const reason = sideways
      ? `it let the container read a token beside the chosen mount (at ${String(isRecord(mount) ? mount['mountPath'] : '')}); ${wantsMount ? `the token is mounted read-only at ${options.mountPath} instead` : 'the container gets no token'}`
      : wantsMount
        ? options.apiAccess === 'none'
          ? 'replaced by a read-only mount of the files it projected, without the token'
          : 'replaced by the read-only projected token mount'
        : !container.selected
          ? 'the container is not selected for the token mount'
          : options.apiAccess === 'none'
            ? 'the workload needs no API access: nothing stays at the token path'
            : 'the container gets no token mount';
    removals.set(index, report.change([...where, 'volumeMounts', index], mount, undefined, reason));
  }
  const found = lookupPair(container.map, 'volumeMounts', document);
  const value = found ? found.pair.value : undefined;
  const seq = found?.own ? (value as Node | null) : undefined;
  let added: number | undefined;
  if (needsMount) {
    added = report.change(
      [...where, 'volumeMounts', editor.appendedIndex(seq, after.length - 1)],
      undefined,
      tokenMount(options),
      options.apiAccess === 'none'
        ? 'keep the files the replaced volume projected there, read-only and without a token'
        : 'mount the token read-only where client libraries look for it',
    );
  }
  if (context.handled.has(container.map)) return after;
  context.handled.add(container.map);

  // The token mount is the last of `after`, the one item of what editSequence appends.
  const addedAt = (index: number): ValueMark[] => (added === undefined ? [] : [{ change: added, steps: [index] }]);
  if (found?.own && isEmptyValue(seq, container.map)) {
    if (after.length > 0) editor.fillEmptyValue(found.pair, after, container.map.flow === true, [], addedAt(after.length - 1));
  } else if (found?.own && isSeq(seq)) {
    editSequence(editor, container.map, found.pair, seq, removals, needsMount ? [tokenMount(options)] : [], addedAt(0));
  } else {
    // Inherited through a merge key or an alias: write the container's own complete list, after every merge key.
    const shadowed = ownPair(container.map, 'volumeMounts');
    const pair = found?.own ? found.pair : shadowed;
    if (pair)
      editor.removeItem(
        container.map,
        pair,
        [...removals.values()].map((change) => ({ change, node: pair })),
      );
    const marks = addedAt(after.length - 1).map((mark) => ({ ...mark, steps: ['volumeMounts', ...mark.steps] }));
    if (after.length > 0) editor.insertPair(container.map, 'volumeMounts', after, { marks });
  }
  return after;
}

/** `key:`, `key: ~` or, in a block mapping, `key: []`: filled in the mapping's own style. */
function isEmptyValue(value: Node | null | undefined, parent: YAMLMap): boolean {
  if (!value) return true;
  if (isScalar(value)) return value.value === null;
  return isSeq(value) && value.items.length === 0 && !parent.flow;
}

/**
 * Removes items by index and appends new ones; drops the key when nothing is left. `removals`:
 * the change that removes each item, by index; `marks` lead from `appended`.
 */
function editSequence(
  editor: SourceEditor,
  map: YAMLMap,
  pair: Pair,
  seq: YAMLSeq,
  removals: ReadonlyMap<number, number>,
  appended: readonly unknown[],
  marks: readonly ValueMark[],
  comments: readonly KeyComment[] = [],
): void {
  const removed = [...removals].map(([index, change]) => ({ change, node: seq.items[index] as Node }));
  if (!seq.flow && removed.length === seq.items.length && appended.length === 0) {
    editor.removeItem(map, pair, removed);
    return;
  }
  for (const mark of removed) editor.removeItem(seq, mark.node, [mark]);
  editor.appendItems(seq, appended, comments, marks);
}

type VolumePlan = {
  readonly volumes: unknown[];
  /** The volume to have; undefined when no container mounts it. */
  readonly newVolume: Record<string, unknown> | undefined;
  readonly removedVolumeNames: ReadonlySet<string>;
  readonly mountsAfter: readonly unknown[];
  readonly carried: readonly CarriedSource[];
};

function hardenVolumes(podSpec: YAMLMap, context: PodSpecContext, plan: VolumePlan): void {
  const { document, editor, options, path, report } = context;
  const stillMounted = new Set(plan.mountsAfter.map(mountName));
  const removedIndexes: number[] = [];
  /** The change that removes each volume, by index. */
  const removals = new Map<number, number>();
  let keptOwn = false;
  plan.volumes.forEach((volume, index) => {
    const name = isRecord(volume) ? volume['name'] : undefined;
    if (name === options.volumeName) {
      if (plan.newVolume && !keptOwn && isDeepEqual(volume, plan.newVolume)) {
        keptOwn = true;
        return;
      }
      removedIndexes.push(index);
      const reason = plan.newVolume ? 'replaced by the token volume with the chosen settings' : 'no selected container mounts the token';
      removals.set(index, report.change([...path, 'volumes', index], volume, undefined, reason));
      return;
    }
    if (typeof name !== 'string' || !plan.removedVolumeNames.has(name) || stillMounted.has(name)) return;
    removedIndexes.push(index);
    const [code, what]: [FindingCode, string] = isTokenVolume(volume)
      ? [name.startsWith('kube-api-access-') ? 'replaced-kube-api-access' : 'replaced-volume', 'projected token volume']
      : isLegacyTokenSecret(volume)
        ? ['replaced-token-secret', 'legacy ServiceAccount token Secret']
        : ['replaced-volume', 'volume'];
    report.finding(code, 'info', `the ${what} "${name}" served only the replaced token mount and was removed`, undefined);
    removals.set(
      index,
      report.change([...path, 'volumes', index], volume, undefined, `only served the mount replaced at ${options.mountPath}`),
    );
  });
  const appendVolume = plan.newVolume !== undefined && !keptOwn;
  if (removedIndexes.length === 0 && !appendVolume) return;
  const found = lookupPair(podSpec, 'volumes', document);
  const value = found?.pair.value as Node | null | undefined;
  /** The changes the new volume makes, each with its place in it. */
  const marks: ValueMark[] = [];
  if (appendVolume && plan.newVolume) {
    const kept = plan.volumes.length - removedIndexes.length;
    const at = [...path, 'volumes', editor.appendedIndex(found?.own ? value : undefined, kept)];
    const added = report.change(
      at,
      undefined,
      plan.newVolume,
      options.apiAccess === 'none'
        ? 'keep the extra files the replaced volume projected at the token path, without a token'
        : 'project a short-lived token, the cluster CA and the namespace, as the API server would',
    );
    marks.push({ change: added, steps: [0] });
    const sources = (plan.newVolume['projected'] as { sources: unknown[] }).sources;
    for (const { source, from } of plan.carried) {
      const index = sources.indexOf(source);
      const change = report.change(
        [...at, 'projected', 'sources', index],
        undefined,
        source,
        `carried over unchanged from the replaced volume "${from}": containers read this file in the token directory`,
      );
      marks.push({ change, steps: [0, 'projected', 'sources', index] });
    }
  }
  const appended = appendVolume && plan.newVolume ? [plan.newVolume] : [];
  const comments = modeComments(options);
  if (found?.own && isEmptyValue(value, podSpec)) {
    editor.fillEmptyValue(found.pair, appended, podSpec.flow === true, comments, marks);
  } else if (found?.own && isSeq(value)) {
    editSequence(editor, podSpec, found.pair, value, removals, appended, marks, comments);
  } else {
    const kept = plan.volumes.filter((_, index) => !removedIndexes.includes(index));
    const shadowed = ownPair(podSpec, 'volumes');
    const pair = found?.own ? found.pair : shadowed;
    if (pair)
      editor.removeItem(
        podSpec,
        pair,
        [...removals.values()].map((change) => ({ change, node: pair })),
      );
    const written = marks.map((mark) => ({ ...mark, steps: ['volumes', kept.length, ...mark.steps.slice(1)] }));
    if (kept.length + appended.length > 0) editor.insertPair(podSpec, 'volumes', [...kept, ...appended], { comments, marks: written });
  }
}
