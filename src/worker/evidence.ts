/**
 * The evidence the page opens beside the manifest (SPEC §2.2 "Per workload"): cluster dumps and an
 * audit log, read in the hardening worker from the files' own streams and kept there. Nothing of
 * them goes back to the page but a few words about what was read, so none of it can reach the
 * address bar, a link or storage.
 */
import { createAuditLogReader, readClusterDumps, type AuditLogSummary, type ClusterDump, type HardenEvidence } from '../core';
import type { EvidenceAbout, EvidenceKind, EvidenceState } from './protocol';
import { plural } from '../state/plural';

/** Problems said about a file before the rest are counted: the page has a line or two for them. */
const SHOWN_PROBLEMS = 3;

/** How often, at most, the reading of a file reports how far it got. */
const PROGRESS_EVERY_MS = 100;

/** Content that only audit logs hold: an event's own fields, or the wrappers clouds put around events. */
const AUDIT_MARKS = /"auditID"|audit\.k8s\.io\/v1|"protoPayload"|protoPayload:|"logEvents"|"kube-audit(?:-admin)?"/;

/** Whether the opening of a file reads as an audit log rather than a cluster dump. */
export function looksLikeAuditLog(opening: string): boolean {
  return AUDIT_MARKS.test(opening);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A file's text, chunk by chunk, gunzipped when it is gzip; `onBytes` hears how many of its bytes were read. */
async function* textOf(file: Blob, onBytes: (bytes: number) => void): AsyncGenerator<string> {
  const gzip = isGzip(new Uint8Array(await file.slice(0, 2).arrayBuffer()));
  let read = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        onBytes(read);
        controller.enqueue(chunk);
      },
    }),
  );
  const bytes = gzip ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : counted;
  const reader = bytes.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    reader.releaseLock();
  }
}

/** The first characters of a file's text (gunzipped), to tell what it is. */
export async function openingOf(file: Blob): Promise<string> {
  let opening = '';
  for await (const text of textOf(file.slice(0, 1 << 16), () => undefined)) opening += text;
  return opening;
}

/**
 * A stream read from a Blob can go on resolving without ever leaving the worker's current task:
 * messages (Cancel, a keystroke's hardening) would wait for the whole file. Every so often the
 * reading steps aside for one task.
 */
function breather(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < BREATHE_EVERY_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    since = performance.now();
  };
}

const BREATHE_EVERY_MS = 30;

/** A reading that was cancelled: what was read so far is dropped. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export type Progress = (name: string, read: number, total: number) => void;

/** What the worker holds: each kind's files as read, and a number that changes whenever they do. */
export function createEvidenceStore() {
  let dump: { readonly dump: ClusterDump; readonly about: EvidenceAbout } | undefined;
  let audit: { readonly summary: AuditLogSummary; readonly about: EvidenceAbout } | undefined;
  let generation = 0;

  const state = (): EvidenceState => ({ generation, cluster: dump?.about, audit: audit?.about });

  /** Reads cluster dumps whole (they must be parsed whole), replacing any read before. */
  async function openDumps(files: readonly File[], progress: Progress, cancelled: () => boolean): Promise<EvidenceState> {
    const read: { name: string; text: string }[] = [];
    const breathe = breather();
    for (const file of files) {
      let text = '';
      for await (const chunk of textOf(file, (bytes) => progress(file.name, bytes, file.size))) {
        await breathe();
        if (cancelled()) throw new Cancelled();
        text += chunk;
      }
      read.push({ name: file.name, text });
    }
    const next = readClusterDumps(read);
    const pods = next.objects.filter((object) => object['kind'] === 'Pod').length;
    const problems = next.problems.map((problem) => `${problem.file}:${problem.position.line}:${problem.position.col}: ${problem.message}`);
    dump = {
      dump: next,
      about: {
        kind: 'cluster',
        files: files.map((file) => file.name),
        summary: `${plural(next.objects.length, 'object', 'objects')}, ${plural(pods, 'pod', 'pods')}`,
        problems: problems.slice(0, SHOWN_PROBLEMS),
        moreProblems: Math.max(0, problems.length - SHOWN_PROBLEMS),
      },
    };
    generation += 1;
    return state();
  }

  /** Streams audit logs into one summary, replacing any read before; constant memory whatever their size. */
  async function openAuditLogs(files: readonly File[], progress: Progress, cancelled: () => boolean): Promise<EvidenceState> {
    // Payloads gzipped inside a record (CloudWatch subscriptions) need a synchronous gunzip the browser lacks: they are reported, not read.
    const reader = createAuditLogReader();
    const breathe = breather();
    for (const file of files) {
      const into = reader.openFile(file.name);
      for await (const chunk of textOf(file, (bytes) => progress(file.name, bytes, file.size))) {
        await breathe();
        if (cancelled()) throw new Cancelled();
        into.push(chunk);
      }
      into.end();
    }
    const summary = reader.summarize();
    const problems = summary.problems.map(
      (problem) => `${problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file}: ${problem.message}`,
    );
    const counted = summary.files.reduce((sum, file) => sum + file.problems, 0);
    audit = {
      summary,
      about: {
        kind: 'audit',
        files: files.map((file) => file.name),
        summary: auditSummary(summary),
        problems: problems.slice(0, SHOWN_PROBLEMS),
        moreProblems: Math.max(0, counted - Math.min(SHOWN_PROBLEMS, problems.length)),
        ...(summary.timeline ? { timeline: summary.timeline } : {}),
      },
    };
    generation += 1;
    return state();
  }

  function forget(kind: EvidenceKind): EvidenceState {
    if (kind === 'cluster' ? dump !== undefined : audit !== undefined) generation += 1;
    if (kind === 'cluster') dump = undefined;
    else audit = undefined;
    return state();
  }

  return {
    state,
    openDumps,
    openAuditLogs,
    forget,
    /** What hardening is given besides the input. */
    evidence: (): HardenEvidence => ({ clusterDumps: dump && [dump.dump], auditLog: audit?.summary }),
    generation: () => generation,
  };
}

export type EvidenceStore = ReturnType<typeof createEvidenceStore>;

/** The log in a few words: its window, events and requests, and whether reads are in it. */
function auditSummary(summary: AuditLogSummary): string {
  const { firstTimestamp, lastTimestamp, readsLogged } = summary.coverage;
  const parts = [plural(summary.events, 'event', 'events'), plural(summary.requests, 'request', 'requests')];
  if (firstTimestamp && lastTimestamp) {
    const days = (Date.parse(lastTimestamp) - Date.parse(firstTimestamp)) / 86_400_000;
    parts.unshift(
      `${days >= 1 ? `${days.toFixed(1)} days` : `${(days * 24).toFixed(1)} hours`} (${firstTimestamp.slice(0, 10)} to ${lastTimestamp.slice(0, 10)})`,
    );
  }
  if (summary.events > 0 && !readsLogged) parts.push('no reads logged');
  return parts.join(', ');
}

/** Calls `progress` at most every PROGRESS_EVERY_MS, and always for the last byte of a file. */
export function throttled(progress: Progress): Progress {
  let last = 0;
  return (name, read, total) => {
    const now = Date.now();
    if (read < total && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    progress(name, read, total);
  };
}
