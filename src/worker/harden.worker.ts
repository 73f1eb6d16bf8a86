/** Runs the core off the main thread so typing in the editor never waits for it. */
import { NO_FACTS } from '../state/manifest-facts';
import {
  CRASH_TEST_ENABLED,
  CRASH_TEST_LINE,
  CRASH_TEST_WORKER_NAME,
  emptyPageResult,
  type HardenReply,
  type HardenRequest,
} from './protocol';
import { Cancelled, createEvidenceStore, looksLikeAuditLog, openingOf, throttled } from './evidence';
import type { EvidenceKind, EvidenceMessage, OpenEvidence, WorkerRequest } from './protocol';
import { replyEncoder } from './reply-delta';
import { createRunner } from './run-harden';

/** The page waits for one answer per request: a thrown error must still produce one. */
function crashReply(request: HardenRequest, error: unknown): HardenReply {
  return {
    id: request.id,
    result: emptyPageResult(request.manifest),
    problems: [],
    facts: NO_FACTS,
    containers: [],
    evidence: evidence.generation(),
    millis: 0,
    crash: error instanceof Error ? error.message : String(error),
  };
}

const isCrashTest = CRASH_TEST_ENABLED && self.name === CRASH_TEST_WORKER_NAME;
/** Every reply goes through it, in order: it leaves out what the page already has (reply-delta.ts). */
const encode = replyEncoder();
const evidence = createEvidenceStore();
const runHarden = createRunner(() => ({ evidence: evidence.evidence(), generation: evidence.generation() }));

/** The opening being read, if one is: a newer one, or Cancel, stops it between two chunks. */
let reading: { id: number; cancelled: boolean } | undefined;

function tell(message: EvidenceMessage): void {
  self.postMessage(message);
}

/** Files dropped together are read by kind: each file's opening says which. */
async function kindsOf(request: OpenEvidence): Promise<Map<EvidenceKind, File[]>> {
  const kinds = new Map<EvidenceKind, File[]>();
  for (const file of request.files) {
    const kind = request.kind ?? (looksLikeAuditLog(await openingOf(file)) ? 'audit' : 'cluster');
    kinds.set(kind, [...(kinds.get(kind) ?? []), file]);
  }
  return kinds;
}

async function openEvidence(request: OpenEvidence): Promise<void> {
  if (reading) reading.cancelled = true;
  const current = { id: request.id, cancelled: false };
  reading = current;
  const progress = throttled((name, read, total) => tell({ type: 'evidence-progress', id: request.id, name, read, total }));
  try {
    for (const [kind, files] of await kindsOf(request)) {
      if (kind === 'cluster') await evidence.openDumps(files, progress, () => current.cancelled);
      else await evidence.openAuditLogs(files, progress, () => current.cancelled);
    }
    tell({ type: 'evidence-done', id: request.id, state: evidence.state() });
  } catch (error) {
    const cancelled = error instanceof Cancelled;
    const message = cancelled
      ? 'Cancelled.'
      : `The browser could not read the file: ${error instanceof Error ? error.message : String(error)}`;
    tell({ type: 'evidence-failed', id: request.id, message, cancelled, state: evidence.state() });
  } finally {
    if (reading === current) reading = undefined;
  }
}

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'open-evidence') {
    void openEvidence(request);
    return;
  }
  if (request.type === 'cancel-evidence') {
    if (reading?.id === request.id) reading.cancelled = true;
    return;
  }
  if (request.type === 'forget-evidence') {
    tell({ type: 'evidence-done', id: 0, state: evidence.forget(request.kind) });
    return;
  }
  hardenRequest(request);
});

function hardenRequest(request: HardenRequest): void {
  if (isCrashTest && request.manifest.includes(CRASH_TEST_LINE)) {
    // Dies the way a real failure does: an error no handler catches, and no reply.
    setTimeout(() => {
      throw new Error('crash test: the hardening worker stopped');
    });
    return;
  }
  let reply: HardenReply;
  try {
    reply = runHarden(request);
  } catch (error) {
    reply = crashReply(request, error);
  }
  const wire = encode(reply);
  try {
    self.postMessage(wire);
  } catch {
    // A change's before/after value that does not clone (it should be plain data): send it as JSON.
    self.postMessage(JSON.parse(JSON.stringify(wire)) as unknown);
  }
}
