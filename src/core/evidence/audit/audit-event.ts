/** One API request stage as every audit log format reads once decoded: the fields attribution needs. */

/** The object a request was about (`objectRef`), with the core group as `''`. */
export type ObjectRef = {
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string | undefined;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly uid: string | undefined;
};

/** Who a request counts for, with the bound token's extras (`user.extra`, Kubernetes 1.11+; node and credential 1.30+). */
export type RequestIdentity = {
  readonly username: string;
  readonly podName: string | undefined;
  readonly podUid: string | undefined;
  readonly nodeName: string | undefined;
  readonly credentialId: string | undefined;
};

export type AuditEvent = {
  readonly auditID: string | undefined;
  readonly stage: string | undefined;
  /** When the stage was reached (`stageTimestamp`, else the record's own time), in ms since the epoch. */
  readonly time: number | undefined;
  readonly verb: string | undefined;
  /** The identity the request ran as: the impersonated user when there is one, else the caller. */
  readonly identity: RequestIdentity | undefined;
  /** Whether `identity` is an impersonated user (the caller is then someone else). */
  readonly impersonated: boolean;
  readonly objectRef: ObjectRef | undefined;
  /** The request's path without its query, for requests that name no object (`/healthz`, `/apis`). */
  readonly path: string | undefined;
  /** The response's HTTP status; 403 when the request was denied. */
  readonly code: number | undefined;
  readonly requestObject: unknown;
  readonly responseObject: unknown;
  /** The AKS diagnostic category (`kube-audit`, `kube-audit-admin`), when the record had one. */
  readonly category: string | undefined;
  /** Read from a message CloudWatch cut short: the fields after the cut are missing. */
  readonly truncated: boolean;
};

/** How every ServiceAccount's username starts. */
export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** `system:serviceaccount:NS:NAME` → its namespace and name. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const rest = username.slice(SERVICE_ACCOUNT_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1 || rest.indexOf(':', colon + 1) !== -1) return undefined;
  return { namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
}

/** Verbs that read: a policy that leaves them out, or AKS's `kube-audit-admin`, hides them all. */
export const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);
