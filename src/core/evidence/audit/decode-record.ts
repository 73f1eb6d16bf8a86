/**
 * Turns one value read from an audit log into the audit events it holds, whatever wraps them:
 * - kube-apiserver `audit.k8s.io/v1` and `v1beta1` Events, alone or in an `EventList` (webhook batches);
 * - AKS diagnostic records, `{"category":"kube-audit","properties":{"log":"EVENT AS A STRING"}}`, alone
 *   or in an Event Hubs body `{"records":[...]}` (`properties.pod` is the kube-apiserver's own pod, not
 *   the caller, so it is not read);
 * - EKS CloudWatch Logs events `{"timestamp","message":"EVENT AS A STRING"}`, in a subscription payload
 *   `{"messageType","logEvents":[...]}`, in `aws logs filter-log-events` output `{"events":[...]}`, or
 *   base64 gzip (`{"awslogs":{"data":...}}`, Kinesis `{"Records":[{"kinesis":{"data":...}}]}`, a bare
 *   `H4sI...` line); CloudWatch cuts messages over its size limit and appends `[Truncated...]`: the
 *   fields before the cut are read, and the event is marked truncated;
 * - GKE Cloud Logging entries whose `protoPayload` is an AuditLog (`methodName`
 *   `io.k8s.GROUP.VERSION.RESOURCE[.SUBRESOURCE].VERB`, `resourceName` `GROUP/VERSION/namespaces/NS/RESOURCE/NAME[/SUB]`,
 *   `authenticationInfo.principalEmail`), alone or in an `{"entries":[...]}` response.
 * Each innermost record is exactly one of: an event, malformed (reported), or not an audit event.
 */
import { isRecord } from '../../read/index';
import type { AuditEvent, ObjectRef, RequestIdentity } from './audit-event';

export type SkipReason = 'malformed' | 'not-audit';

/** Codes of what is wrong with a record, or why it is not an audit event. */
export type RecordProblemCode =
  'bad-field' | 'not-an-object' | 'unknown-kind' | 'not-kubernetes' | 'bad-message' | 'truncated-message' | 'bad-payload' | 'no-gunzip';

export type EventSink = {
  event(event: AuditEvent, line: number): void;
  /** A record that holds no event; malformed ones are reported with `message`. */
  skip(reason: SkipReason, code: RecordProblemCode, line: number, message: string): void;
  /** A warning about an event that was read all the same (a truncated message). */
  warn(code: RecordProblemCode, line: number, message: string): void;
};

export type DecodeOptions = {
  /** Decompresses gzip bytes: CloudWatch subscription payloads are base64 gzip inside the log. */
  readonly gunzip?: ((bytes: Uint8Array) => Uint8Array) | undefined;
};

type Context = {
  readonly line: number;
  readonly sink: EventSink;
  readonly options: DecodeOptions;
  /** The time of the record around the event (CloudWatch, AKS, Cloud Logging), for an event without its own. */
  readonly fallbackTime: number | undefined;
  readonly category: string | undefined;
};

const TRUNCATED_MARK = '[Truncated...]';
const SERVICE_TIMESTAMP = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)(Z|[+-]\d\d:?\d\d)?$/;

/** `YYYY-MM-DD`: the part of a UTC time that `lastDay` caches. */
const DAY = /^\d{4}-\d\d-\d\d$/;
const DAY_LENGTH = 10;
const FRACTION_START = 20;
/** Date.parse reads longer fractions its own way (ten digits `.0001000000` are 1 ms). */
const MAX_FRACTION_DIGITS = 9;

// Date.parse costs more than all the other fields of an event together, and a log's events come
// day after day: the last day read is kept, and the time of day is read from its digits.
let lastDay = '';
let lastDayTime = 0;

/** The number two digits at `at` write, or 99 when they are not two digits. */
function twoDigits(value: string, at: number): number {
  const tens = value.charCodeAt(at) - 0x30;
  const units = value.charCodeAt(at + 1) - 0x30;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : 99;
}

/**
 * The time of `YYYY-MM-DDTHH:MM:SS[.FRACTION]Z`, the API server's own form (Go's RFC 3339 with
 * up to nanoseconds), exactly as Date.parse reads it: hours to 23, minutes and seconds to 59, the
 * fraction's first three digits milliseconds. Undefined for any other form (Date.parse then
 * decides).
 */
function parseUtcTime(value: string): number | undefined {
  const end = value.length - 1;
  if (
    end < FRACTION_START - 1 ||
    value.charCodeAt(end) !== 0x5a /* Z */ ||
    value.charCodeAt(DAY_LENGTH) !== 0x54 /* T */ ||
    value.charCodeAt(13) !== 0x3a /* : */ ||
    value.charCodeAt(16) !== 0x3a
  )
    return undefined;
  const hours = twoDigits(value, 11);
  const minutes = twoDigits(value, 14);
  const seconds = twoDigits(value, 17);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  let milliseconds = 0;
  if (end >= FRACTION_START) {
    const digits = end - FRACTION_START;
    if (value.charCodeAt(FRACTION_START - 1) !== 0x2e /* . */ || digits === 0 || digits > MAX_FRACTION_DIGITS) return undefined;
    for (let index = FRACTION_START, scale = 100; index < end; index += 1, scale /= 10) {
      const digit = value.charCodeAt(index) - 0x30;
      if (digit < 0 || digit > 9) return undefined;
      if (scale >= 1) milliseconds += digit * scale;
    }
  }
  if (lastDay === '' || !value.startsWith(lastDay)) {
    const day = value.slice(0, DAY_LENGTH);
    const time = DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(time)) return undefined;
    lastDay = day;
    lastDayTime = time;
  }
  return lastDayTime + ((hours * 60 + minutes) * 60 + seconds) * 1000 + milliseconds;
}

/** Milliseconds since the epoch of an RFC 3339 time, of `2022-11-29 00:09:04.38` (UTC), or of a number of ms. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const utc = parseUtcTime(value);
  if (utc !== undefined) return utc;
  if (value.charCodeAt(10) === 0x54 /* T */ && (value.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(value))) {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  const match = SERVICE_TIMESTAMP.exec(value.trim());
  const time = match ? Date.parse(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`) : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function firstExtra(extra: Record<string, unknown> | undefined, key: string): string | undefined {
  const values = extra?.[key];
  if (Array.isArray(values)) return text(values[0]);
  return text(values);
}

function readIdentity(user: unknown): RequestIdentity | undefined {
  if (!isRecord(user) || typeof user['username'] !== 'string') return undefined;
  const extra = isRecord(user['extra']) ? user['extra'] : undefined;
  return {
    username: user['username'],
    podName: firstExtra(extra, 'authentication.kubernetes.io/pod-name'),
    podUid: firstExtra(extra, 'authentication.kubernetes.io/pod-uid'),
    nodeName: firstExtra(extra, 'authentication.kubernetes.io/node-name'),
    credentialId: firstExtra(extra, 'authentication.kubernetes.io/credential-id'),
  };
}

function pathOf(requestURI: string | undefined): string | undefined {
  if (requestURI === undefined) return undefined;
  const query = requestURI.indexOf('?');
  return query === -1 ? requestURI : requestURI.slice(0, query);
}

function readObjectRef(ref: unknown): ObjectRef | undefined {
  if (!isRecord(ref) || typeof ref['resource'] !== 'string') return undefined;
  return {
    apiGroup: text(ref['apiGroup']) ?? '',
    resource: ref['resource'],
    subresource: text(ref['subresource']) || undefined,
    namespace: text(ref['namespace']) || undefined,
    name: text(ref['name']) || undefined,
    uid: text(ref['uid']) || undefined,
  };
}

/** What is wrong with a field that, when present, must have `type`; undefined when it is absent or has it. */
function fieldProblem(field: string, value: unknown, type: 'string' | 'object'): string | undefined {
  if (value === undefined || value === null || (type === 'object' ? isRecord(value) : typeof value === type)) return undefined;
  return `"${field}" is ${JSON.stringify(value)}, not ${type === 'object' ? 'an object' : 'a string'}`;
}

function decodeKubernetesEvent(record: Record<string, unknown>, context: Context, truncated: boolean): void {
  // Each field is read once, by name: this runs for every event of a log.
  const auditID = record['auditID'];
  const stage = record['stage'];
  const verb = record['verb'];
  const user = record['user'];
  const impersonated = record['impersonatedUser'];
  const ref = record['objectRef'];
  const requestURI = record['requestURI'];
  const stageTimestamp = record['stageTimestamp'];
  const status = record['responseStatus'];
  // A record with a field of the wrong type is malformed; the first such field is named.
  const problem =
    fieldProblem('auditID', auditID, 'string') ??
    fieldProblem('stage', stage, 'string') ??
    fieldProblem('verb', verb, 'string') ??
    fieldProblem('user', user, 'object') ??
    fieldProblem('impersonatedUser', impersonated, 'object') ??
    fieldProblem('objectRef', ref, 'object') ??
    fieldProblem('requestURI', requestURI, 'string') ??
    fieldProblem('stageTimestamp', stageTimestamp, 'string') ??
    fieldProblem('responseStatus', status, 'object') ??
    (isRecord(user) && user['username'] !== undefined && typeof user['username'] !== 'string'
      ? '"user.username" is not a string'
      : undefined);
  if (problem !== undefined) {
    context.sink.skip('malformed', 'bad-field', context.line, `not an audit event: ${problem}`);
    return;
  }
  const impersonatedUser = readIdentity(impersonated);
  context.sink.event(
    {
      auditID: text(auditID),
      stage: text(stage),
      time:
        parseTime(stageTimestamp) ??
        parseTime(record['requestReceivedTimestamp']) ??
        parseTime(record['timestamp']) ??
        context.fallbackTime,
      verb: text(verb),
      identity: impersonatedUser ?? readIdentity(user),
      impersonated: impersonatedUser !== undefined,
      objectRef: readObjectRef(ref),
      path: pathOf(text(requestURI)),
      code: isRecord(status) && typeof status['code'] === 'number' ? status['code'] : undefined,
      requestObject: record['requestObject'],
      responseObject: record['responseObject'],
      category: context.category,
      truncated,
    },
    context.line,
  );
}

/** Built-in groups whose name has no dot: Cloud Logging writes them after `io.k8s.` as they are. */
const BARE_GROUPS: ReadonlySet<string> = new Set(['core', 'apps', 'batch', 'autoscaling', 'policy', 'extensions']);
const VERSION_SEGMENT = /^v\d+(?:(?:alpha|beta)\d+)?$/;

/** `GROUP/VERSION/[namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]]`, `core` for the core group. */
function objectRefFromResourceName(resourceName: string): ObjectRef | undefined {
  const parts = resourceName.split('/');
  if (parts.length < 3 || !VERSION_SEGMENT.test(parts[1] ?? '')) return undefined;
  const group = parts[0] === 'core' ? '' : (parts[0] ?? '');
  let rest = parts.slice(2);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (!resource) return undefined;
  return { apiGroup: group, resource, subresource: subresource || undefined, namespace, name: name || undefined, uid: undefined };
}

/** `io.k8s.GROUP.VERSION.RESOURCE[.SUBRESOURCE].VERB` → the group (reversed back to a domain), resource and verb. */
function parseMethodName(methodName: string): { ref: ObjectRef | undefined; verb: string | undefined } {
  const parts = methodName.split('.');
  const version = parts.findIndex((part, index) => index >= 2 && VERSION_SEGMENT.test(part));
  if (!methodName.startsWith('io.k8s.') || version === -1 || parts.length < version + 3) {
    return { ref: undefined, verb: parts.length > 2 ? parts.at(-1) : undefined };
  }
  const groupParts = parts.slice(0, version);
  const bare = groupParts.length === 3 && BARE_GROUPS.has(groupParts[2] ?? '');
  const group = bare ? (groupParts[2] === 'core' ? '' : (groupParts[2] ?? '')) : groupParts.reverse().join('.');
  const [resource, ...more] = parts.slice(version + 1, -1);
  return {
    ref: resource ? { apiGroup: group, resource, subresource: more[0], namespace: undefined, name: undefined, uid: undefined } : undefined,
    verb: parts.at(-1),
  };
}

/** gRPC status codes Cloud Logging records, as the HTTP statuses the API server answered. */
function httpStatusOfGrpc(code: unknown): number | undefined {
  if (code === undefined || code === 0) return 200;
  if (code === 7) return 403;
  if (code === 16) return 401;
  if (code === 5) return 404;
  return typeof code === 'number' ? 500 : undefined;
}

function decodeCloudLoggingEntry(entry: Record<string, unknown>, context: Context): void {
  const payload = entry['protoPayload'];
  if (!isRecord(payload)) {
    context.sink.skip('malformed', 'bad-field', context.line, 'not an audit event: "protoPayload" is not an object');
    return;
  }
  const methodName = text(payload['methodName']) ?? '';
  if (!methodName.startsWith('io.k8s.') && payload['serviceName'] !== 'k8s.io') {
    context.sink.skip(
      'not-audit',
      'not-kubernetes',
      context.line,
      `a Cloud Audit Logs entry of another service (${text(payload['serviceName']) ?? methodName})`,
    );
    return;
  }
  const parsed = parseMethodName(methodName);
  const resourceName = text(payload['resourceName']);
  const isPath = resourceName?.startsWith('/') === true;
  const ref = isPath ? undefined : ((resourceName ? objectRefFromResourceName(resourceName) : undefined) ?? parsed.ref);
  const authentication = isRecord(payload['authenticationInfo']) ? payload['authenticationInfo'] : undefined;
  const principal = text(authentication?.['principalEmail']);
  const operation = isRecord(entry['operation']) ? entry['operation'] : undefined;
  const status = isRecord(payload['status']) ? payload['status'] : undefined;
  const verb = ref ? parsed.verb : 'get';
  context.sink.event(
    {
      auditID: text(operation?.['id']),
      stage: operation?.['last'] === false ? 'RequestReceived' : undefined,
      time: parseTime(entry['timestamp']) ?? parseTime(entry['receiveTimestamp']) ?? context.fallbackTime,
      verb,
      identity:
        principal === undefined
          ? undefined
          : { username: principal, podName: undefined, podUid: undefined, nodeName: undefined, credentialId: undefined },
      impersonated: false,
      objectRef: ref,
      path: isPath ? resourceName : ref ? undefined : `/${methodName.split('.').slice(2).join('/')}`,
      code: httpStatusOfGrpc(status?.['code']),
      requestObject: payload['request'],
      responseObject: payload['response'],
      category: undefined,
      truncated: false,
    },
    context.line,
  );
}

/**
 * The members of a JSON object that CloudWatch cut short, up to the last one that is whole, or
 * undefined. The API server writes `user` and `objectRef` before the request and response bodies
 * that make an event long, so what attribution needs is usually before the cut.
 */
export function salvageTruncatedObject(message: string): Record<string, unknown> | undefined {
  let depth = 0;
  let lastMember = -1;
  for (let index = 0; index < message.length; index += 1) {
    const code = message.charCodeAt(index);
    if (code === 0x22) {
      let close = index + 1;
      for (; close < message.length; close += 1) {
        const inner = message.charCodeAt(close);
        if (inner === 0x5c) close += 1;
        else if (inner === 0x22) break;
      }
      index = close;
    } else if (code === 0x7b || code === 0x5b) depth += 1;
    else if (code === 0x7d || code === 0x5d) depth -= 1;
    else if (code === 0x2c && depth === 1) lastMember = index;
  }
  if (lastMember === -1 || !message.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(`${message.slice(0, lastMember)}}`);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function decodeMessage(message: string, context: Context): void {
  if (message.startsWith('CWL CONTROL MESSAGE')) {
    context.sink.skip('not-audit', 'not-kubernetes', context.line, 'a CloudWatch control message');
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch (error) {
    const salvaged = message.includes(TRUNCATED_MARK) ? salvageTruncatedObject(message) : undefined;
    if (salvaged && salvaged['kind'] === 'Event') {
      context.sink.warn(
        'truncated-message',
        context.line,
        'CloudWatch cut this event short ([Truncated...]): the fields before the cut are read',
      );
      decodeKubernetesEvent(salvaged, context, true);
      return;
    }
    context.sink.skip(
      'malformed',
      message.includes(TRUNCATED_MARK) ? 'truncated-message' : 'bad-message',
      context.line,
      `the message is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  decodeRecord(value, context);
}

function decodeLogEvent(logEvent: unknown, context: Context): void {
  if (!isRecord(logEvent) || typeof logEvent['message'] !== 'string') {
    context.sink.skip('malformed', 'bad-field', context.line, 'a log event without a "message" string');
    return;
  }
  decodeMessage(logEvent['message'], { ...context, fallbackTime: parseTime(logEvent['timestamp']) ?? context.fallbackTime });
}

function decodeAksRecord(record: Record<string, unknown>, context: Context): void {
  const category = record['category'];
  if (category !== 'kube-audit' && category !== 'kube-audit-admin') {
    context.sink.skip('not-audit', 'not-kubernetes', context.line, `an Azure diagnostic record of category ${JSON.stringify(category)}`);
    return;
  }
  const properties = record['properties'];
  const log = isRecord(properties) ? properties['log'] : undefined;
  const inner = { ...context, fallbackTime: parseTime(record['time']) ?? context.fallbackTime, category };
  if (typeof log === 'string') decodeMessage(log, inner);
  else if (isRecord(log)) decodeRecord(log, inner);
  else context.sink.skip('malformed', 'bad-field', context.line, 'an AKS kube-audit record without "properties.log"');
}

const BASE64_VALUES = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let index = 0; index < alphabet.length; index += 1) table[alphabet.charCodeAt(index)] = index;
  table[0x2d] = 62; // base64url
  table[0x5f] = 63;
  return table;
})();

/** The bytes of a base64 text (standard or URL alphabet, padding optional), or undefined. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s=]+/g, '');
  if (clean.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let out = 0;
  for (let index = 0; index < clean.length; index += 1) {
    const value = BASE64_VALUES[clean.charCodeAt(index)] ?? -1;
    if (value === -1) return undefined;
    bits = (bits << 6) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes[out++] = (bits >> count) & 0xff;
    }
  }
  return bytes.subarray(0, out);
}

/** UTF-8 bytes as text (invalid sequences become U+FFFD). */
export function decodeUtf8(bytes: Uint8Array): string {
  const parts: string[] = [];
  let units: number[] = [];
  for (let index = 0; index < bytes.length;) {
    const byte = bytes[index] ?? 0;
    let code = 0xfffd;
    let size = 1;
    if (byte < 0x80) code = byte;
    else if (byte >= 0xc2 && byte < 0xe0) size = 2;
    else if (byte >= 0xe0 && byte < 0xf0) size = 3;
    else if (byte >= 0xf0 && byte < 0xf5) size = 4;
    if (size > 1) {
      let value = byte & (0xff >> (size + 1));
      let valid = index + size <= bytes.length;
      for (let next = 1; valid && next < size; next += 1) {
        const continuation = bytes[index + next] ?? 0;
        if ((continuation & 0xc0) !== 0x80) valid = false;
        value = (value << 6) | (continuation & 0x3f);
      }
      const minimum = size === 2 ? 0x80 : size === 3 ? 0x800 : 0x10000;
      if (valid && value >= minimum && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff)) code = value;
      else size = 1;
    }
    if (code > 0xffff) units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
    else units.push(code);
    index += size;
    if (units.length >= 8192) {
      parts.push(String.fromCharCode(...units));
      units = [];
    }
  }
  parts.push(String.fromCharCode(...units));
  return parts.join('');
}

function decodePayload(data: string, context: Context): void {
  const bytes = decodeBase64(data);
  if (!bytes || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    context.sink.skip('malformed', 'bad-payload', context.line, 'not a base64 gzip payload');
    return;
  }
  if (!context.options.gunzip) {
    context.sink.skip('malformed', 'no-gunzip', context.line, 'a gzip payload, and no way to decompress it was given');
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(context.options.gunzip(bytes)));
  } catch (error) {
    context.sink.skip(
      'malformed',
      'bad-payload',
      context.line,
      `a gzip payload that does not hold JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  decodeRecord(value, context);
}

function isEventLike(record: Record<string, unknown>): boolean {
  return (
    'verb' in record || 'auditID' in record || 'requestURI' in record || 'objectRef' in record || ('user' in record && 'stage' in record)
  );
}

function each(values: readonly unknown[], context: Context, decode: (value: unknown, context: Context) => void): void {
  for (const value of values) decode(value, context);
}

/** Decodes a value of any supported wrapping. */
function decodeRecord(value: unknown, context: Context): void {
  if (Array.isArray(value)) {
    each(value, context, decodeRecord);
    return;
  }
  if (!isRecord(value)) {
    context.sink.skip(
      'malformed',
      'not-an-object',
      context.line,
      `not an audit event: ${JSON.stringify(value)?.slice(0, 40) ?? 'undefined'}`,
    );
    return;
  }
  if ('kind' in value) {
    const kind = value['kind'];
    if (typeof kind !== 'string') {
      context.sink.skip('malformed', 'bad-field', context.line, `not an audit event: "kind" is ${JSON.stringify(kind)}, not a string`);
      return;
    }
    const apiVersion = value['apiVersion'];
    const isAudit = apiVersion === undefined || (typeof apiVersion === 'string' && apiVersion.startsWith('audit.k8s.io/'));
    if (kind === 'Event' && isAudit) decodeKubernetesEvent(value, context, false);
    else if (kind === 'EventList' && isAudit && Array.isArray(value['items'])) each(value['items'], context, decodeRecord);
    else
      context.sink.skip(
        'not-audit',
        'unknown-kind',
        context.line,
        `a ${kind}${typeof apiVersion === 'string' ? ` (${apiVersion})` : ''}, not an audit event`,
      );
    return;
  }
  if (Array.isArray(value['records'])) each(value['records'], context, decodeRecord);
  else if (typeof value['category'] === 'string' && 'properties' in value) decodeAksRecord(value, context);
  else if ('protoPayload' in value) decodeCloudLoggingEntry(value, context);
  else if (Array.isArray(value['logEvents'])) each(value['logEvents'], context, decodeLogEvent);
  else if (Array.isArray(value['events'])) each(value['events'], context, decodeLogEvent);
  else if (Array.isArray(value['entries'])) each(value['entries'], context, decodeRecord);
  else if (Array.isArray(value['Records'])) each(value['Records'], context, decodeKinesisRecord);
  else if (isRecord(value['awslogs']) && typeof value['awslogs']['data'] === 'string') decodePayload(value['awslogs']['data'], context);
  else if (typeof value['message'] === 'string') decodeLogEvent(value, context);
  else if (isEventLike(value)) decodeKubernetesEvent(value, context, false);
  else context.sink.skip('not-audit', 'unknown-kind', context.line, 'a JSON object that is not an audit event');
}

function decodeKinesisRecord(value: unknown, context: Context): void {
  const kinesis = isRecord(value) ? value['kinesis'] : undefined;
  if (isRecord(kinesis) && typeof kinesis['data'] === 'string') decodePayload(kinesis['data'], context);
  else context.sink.skip('not-audit', 'unknown-kind', context.line, 'a Kinesis record without data');
}

/**
 * Decodes a value the splitter read: `container` says which array it was taken out of, so an
 * element reads as it would have inside its wrapper.
 */
export function decodeValue(value: unknown, line: number, container: string | undefined, sink: EventSink, options: DecodeOptions): void {
  const context: Context = { line, sink, options, fallbackTime: undefined, category: undefined };
  if (container === 'logEvents' || container === 'events') decodeLogEvent(value, context);
  else if (container === 'payload') decodePayload(typeof value === 'string' ? value : '', context);
  else if (container === 'Records') decodeKinesisRecord(value, context);
  else decodeRecord(value, context);
}
