/** Findings about the input that do not come from an edit: identity systems, injectors, mistakes. */
import { DEFAULT_MOUNT_PATH, formatFileMode, type HardenOptions, normaliseMountPath } from './options';
import type { FindingCode } from '../result';
import { isRecord } from '../read/yaml-read';

export type FindingDraft = { code: FindingCode; severity: 'info' | 'warning'; message: string };

/** The API server's own mode for the token volume (0644). */
const API_SERVER_MODE = 0o644;

/** A cluster's usual cap on token lifetimes (`--service-account-max-token-expiration`): one hour. */
const USUAL_MAX_EXPIRATION = 3600;

const WORKLOAD_IDENTITY = [
  {
    prefix: 'eks.amazonaws.com/role-arn',
    system: 'EKS IAM roles for service accounts',
    keep: 'the EKS webhook mounts its own token (audience sts.amazonaws.com) at /var/run/secrets/eks.amazonaws.com/serviceaccount: keep it, it does not depend on the token mounted here',
  },
  {
    prefix: 'iam.gke.io/gcp-service-account',
    system: 'GKE Workload Identity',
    keep: "the GKE metadata server exchanges the pod's Kubernetes identity itself: keep the ServiceAccount annotation; the projected token here is only for the Kubernetes API",
  },
  {
    prefix: 'azure.workload.identity/',
    system: 'Azure Workload Identity',
    keep: 'the Azure webhook projects its own token (azure-identity-token): keep its label and annotations; the token here is only for the Kubernetes API',
  },
] as const;

const SIDECAR_INJECTORS = [
  {
    prefix: 'vault.hashicorp.com/agent-inject',
    system: 'Vault Agent',
    keep: "the injected agent logs in with the pod's ServiceAccount token from the default path: keep the mount at the default path (and any audience Vault expects)",
  },
  {
    prefix: 'sidecar.istio.io/',
    system: 'Istio',
    keep: 'Istio adds its own istio-token volume and containers after this manifest is applied: those are not covered here, and need no change',
  },
  {
    prefix: 'linkerd.io/inject',
    system: 'Linkerd',
    keep: 'the injected linkerd-proxy reads the ServiceAccount token from the default path: keep the mount at the default path',
  },
] as const;

/** Workload identity and sidecar injector annotations (or labels) on a pod or ServiceAccount. */
export function annotationFindings(metadata: unknown): FindingDraft[] {
  if (!isRecord(metadata)) return [];
  const keys = [
    ...Object.keys(isRecord(metadata['annotations']) ? metadata['annotations'] : {}),
    ...Object.keys(isRecord(metadata['labels']) ? metadata['labels'] : {}),
  ];
  const findings: FindingDraft[] = [];
  for (const entry of WORKLOAD_IDENTITY) {
    if (keys.some((key) => key.startsWith(entry.prefix))) {
      findings.push({ code: 'workload-identity', severity: 'info', message: `${entry.system} is configured: ${entry.keep}` });
    }
  }
  for (const entry of SIDECAR_INJECTORS) {
    if (keys.some((key) => key.startsWith(entry.prefix))) {
      findings.push({ code: 'sidecar-injector', severity: 'info', message: `${entry.system} injects a sidecar: ${entry.keep}` });
    }
  }
  return findings;
}

/** `fieldRef:` left empty with `apiVersion`/`fieldPath` beside it, as in the seed write-up. */
export function hasMisindentedFieldRef(volumes: unknown): boolean {
  if (!Array.isArray(volumes)) return false;
  return volumes.some((volume) => {
    if (!isRecord(volume)) return false;
    const downward = [volume['downwardAPI']];
    const projected = isRecord(volume['projected']) ? volume['projected']['sources'] : undefined;
    if (Array.isArray(projected)) for (const source of projected) if (isRecord(source)) downward.push(source['downwardAPI']);
    return downward.some((api) => {
      const items = isRecord(api) ? api['items'] : undefined;
      return (
        Array.isArray(items) &&
        items.some((item) => isRecord(item) && item['fieldRef'] === null && ('fieldPath' in item || 'apiVersion' in item))
      );
    });
  });
}

/**
 * Where the first `fieldRef:` with nothing under it is, from `from` on (before `to`, the end of its document): the line the
 * misindented-field-ref finding points at. Read from the text, as the plain values have no lines.
 */
export function emptyFieldRefOffset(source: string, from: number, to = source.length): number | undefined {
  const pattern = /^[ \t]*(?:- +)?fieldRef:[ \t]*(?:#[^\r\n]*)?\r?$/gm;
  pattern.lastIndex = from;
  for (let match = pattern.exec(source); match && match.index < to; match = pattern.exec(source)) {
    const column = match[0].indexOf('fieldRef:');
    // The next line that holds something, and its indentation (after the line break).
    const next = /\n[ \t]*(?=[^\s#])/.exec(source.slice(match.index + match[0].length));
    if (!next || next[0].length - 1 <= column) return match.index + column;
  }
  return undefined;
}

/** Findings about the options that shape the mounted token, reported once per run that mounts one. */
export function optionFindings(options: HardenOptions): FindingDraft[] {
  const findings: FindingDraft[] = [];
  if (options.expirationSeconds === 3607) {
    findings.push({
      code: 'expiration-3607',
      severity: 'info',
      message:
        'expiration 3607 s is what the API server itself asks for: it signs such tokens for a year for old clients, so the bound is a year, not an hour',
    });
  } else if (options.expirationSeconds > USUAL_MAX_EXPIRATION) {
    findings.push({
      code: 'expiration-over-cap',
      severity: 'warning',
      message: `expiration ${options.expirationSeconds} s is above the one-hour cap many clusters set with --service-account-max-token-expiration: such clusters shorten the token silently`,
    });
  }
  const isDefaultPath = normaliseMountPath(options.mountPath) === DEFAULT_MOUNT_PATH;
  if (options.audience !== undefined && isDefaultPath) {
    findings.push({
      code: 'audience-default-path',
      severity: 'warning',
      message: `audience "${options.audience}" at the default path: the API server rejects tokens minted for another audience, so in-cluster clients will fail; mount such a token in its own volume and path`,
    });
  }
  if (!isDefaultPath) {
    findings.push({
      code: 'custom-mount-path',
      severity: 'warning',
      message: `mount path ${options.mountPath} is not the default: client libraries' in-cluster configuration reads ${DEFAULT_MOUNT_PATH} only`,
    });
  }
  if (options.defaultMode !== API_SERVER_MODE) {
    const stricter = (options.defaultMode & ~API_SERVER_MODE) === 0;
    findings.push({
      code: stricter ? 'mode-stricter' : 'mode-looser',
      severity: stricter ? 'info' : 'warning',
      message: `default mode ${formatFileMode(options.defaultMode)} is ${stricter ? 'stricter' : 'looser'} than the API server's own ${formatFileMode(API_SERVER_MODE)}${stricter ? '' : ': other users in the container can read the token'}`,
    });
  }
  return findings;
}
