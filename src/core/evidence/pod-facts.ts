/**
 * What one pod spec says about its API access, read from plain values: the ServiceAccount it runs
 * as, whether it holds an API token at all, and tokens that something other than the API server
 * may read (another audience, another path, an injected agent).
 */
import { mayHoldToken } from '../harden/check';
import { DEFAULT_MOUNT_PATH, normaliseMountPath } from '../harden/options';
import { isRecord } from '../read/yaml-read';
import { isSameAccount } from './workload-key';
import { type KubeObject, listOf, nameOf, namespaceOf, textOf } from './objects';
import type { AccountKey } from './types';

/** A token that a third party may read, so the workload must not lose its identity. */
export type ForeignToken = {
  readonly container: string | undefined;
  /** The sentence that says what it is. */
  readonly text: string;
};

export type PodSpecFacts = {
  /** The ServiceAccount's name: `serviceAccountName`, the deprecated `serviceAccount`, or `default`. */
  readonly account: string;
  /** Whether a container can read an API token today (the API server's own, or one mounted at the token path). */
  readonly hasToken: boolean;
  readonly foreignTokens: readonly ForeignToken[];
};

/** Agents injected after the manifest is applied that log in with the token at the default path. */
const TOKEN_READING_INJECTORS = [
  { key: 'vault.hashicorp.com/agent-inject', enabled: ['true', 'yes', 'on', '1'], who: "Vault Agent's injector" },
  { key: 'linkerd.io/inject', enabled: ['enabled', 'ingress'], who: "Linkerd's proxy injector" },
] as const;

const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** The ServiceAccount a pod spec runs as. */
export function accountNameOf(spec: unknown): string {
  if (!isRecord(spec)) return 'default';
  return textOf(spec['serviceAccountName']) ?? textOf(spec['serviceAccount']) ?? 'default';
}

/**
 * Whether a ServiceAccount says `automountServiceAccountToken: false`: true only when every
 * definition that may be it says so (contradicting definitions, or none, are not false).
 */
export function isAccountAutomountOff(accounts: readonly KubeObject[], key: AccountKey): boolean {
  const matching = accounts.filter((account) => {
    const name = nameOf(account);
    return name !== undefined && isSameAccount({ name, namespace: namespaceOf(account) }, key);
  });
  return matching.length > 0 && matching.every((account) => account['automountServiceAccountToken'] === false);
}

/**
 * Facts of one pod spec. `accountAutomountOff` tells whether its ServiceAccount says `false`;
 * `mountPath` is where the hardening mounts the token (the default path counts as well).
 */
export function podSpecFacts(
  spec: Readonly<Record<string, unknown>>,
  templateMetadata: unknown,
  context: { readonly accountAutomountOff: boolean; readonly mountPath?: string | undefined },
): PodSpecFacts {
  return factsOf(readPodSpec(spec, templateMetadata, context.mountPath), context.accountAutomountOff);
}

/** What a pod spec says of its token whatever its ServiceAccount says, which factsOf then weighs. */
export type PodSpecReading = {
  readonly account: string;
  readonly automount: unknown;
  /** Whether the API server would add its token to some container when automount is on. */
  readonly injectable: boolean;
  /** Whether some container mounts a volume that may hold a token at the token path. */
  readonly mountsToken: boolean;
  readonly foreignTokens: readonly ForeignToken[];
};

/** Reads a pod spec once for podSpecFacts, which may ask for its facts under either ServiceAccount setting. */
export function readPodSpec(spec: Readonly<Record<string, unknown>>, templateMetadata: unknown, mountPath?: string): PodSpecReading {
  const tokenPaths = new Set([normaliseMountPath(DEFAULT_MOUNT_PATH), normaliseMountPath(mountPath ?? DEFAULT_MOUNT_PATH)]);
  const volumes = new Map<string, unknown>();
  for (const volume of listOf(spec['volumes'])) {
    const name = isRecord(volume) ? textOf(volume['name']) : undefined;
    if (name !== undefined && !volumes.has(name)) volumes.set(name, volume);
  }
  let injectable = false;
  let mountsToken = false;
  const foreignTokens: ForeignToken[] = [];
  for (const field of CONTAINER_FIELDS) {
    for (const container of listOf(spec[field])) {
      if (!isRecord(container)) continue;
      const name = textOf(container['name']);
      const mounts = listOf(container['volumeMounts']).filter(isRecord);
      const atTokenPath = mounts.filter((mount) => tokenPaths.has(pathOf(mount)));
      // The API server adds its token to every container but ephemeral ones, unless something sits at its path.
      if (field !== 'ephemeralContainers' && !mounts.some((mount) => pathOf(mount) === DEFAULT_MOUNT_PATH)) injectable = true;
      if (atTokenPath.some((mount) => mayHoldToken(volumes.get(textOf(mount['name']) ?? '')))) mountsToken = true;
      for (const mount of mounts) {
        for (const audience of tokenAudiences(volumes.get(textOf(mount['name']) ?? ''))) {
          const where = `container "${name ?? '(unnamed)'}" mounts a ServiceAccount token`;
          if (audience !== undefined) {
            foreignTokens.push({
              container: name,
              text: `${where} for the audience "${audience}" at ${String(mount['mountPath'])}: something other than the API server reads it`,
            });
          } else if (!tokenPaths.has(pathOf(mount))) {
            foreignTokens.push({
              container: name,
              text: `${where} at ${String(mount['mountPath'])}, not at the usual path: something reads it there`,
            });
          }
        }
      }
    }
  }
  for (const injector of injectorsOf(templateMetadata)) {
    foreignTokens.push({ container: undefined, text: `${injector} adds an agent that logs in with the token at the default path` });
  }
  return { account: accountNameOf(spec), automount: spec['automountServiceAccountToken'], injectable, mountsToken, foreignTokens };
}

/** A pod spec's facts, its ServiceAccount saying `automountServiceAccountToken: false` or not. */
export function factsOf(reading: PodSpecReading, accountAutomountOff: boolean): PodSpecFacts {
  const automountOn = reading.automount === true || (reading.automount !== false && !accountAutomountOff);
  return {
    account: reading.account,
    hasToken: (automountOn && reading.injectable) || reading.mountsToken,
    foreignTokens: reading.foreignTokens,
  };
}

function pathOf(mount: Readonly<Record<string, unknown>>): string {
  return typeof mount['mountPath'] === 'string' ? normaliseMountPath(mount['mountPath']) : '';
}

/** The audiences of a projected volume's ServiceAccount tokens (undefined: the API server's). */
function tokenAudiences(volume: unknown): (string | undefined)[] {
  const projected = isRecord(volume) ? volume['projected'] : undefined;
  if (!isRecord(projected)) return [];
  return listOf(projected['sources']).flatMap((source) => {
    const token = isRecord(source) ? source['serviceAccountToken'] : undefined;
    return isRecord(token) ? [textOf(token['audience'])] : [];
  });
}

function injectorsOf(metadata: unknown): string[] {
  if (!isRecord(metadata)) return [];
  const maps = [metadata['annotations'], metadata['labels']].filter(isRecord);
  return TOKEN_READING_INJECTORS.filter((injector) =>
    maps.some((map) => {
      const value = map[injector.key];
      return typeof value === 'string' && (injector.enabled as readonly string[]).includes(value.toLowerCase());
    }),
  ).map((injector) => injector.who);
}
