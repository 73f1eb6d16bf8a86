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
    millis: 0,
    crash: error instanceof Error ? error.message : String(error),
  };
}

const isCrashTest = CRASH_TEST_ENABLED && self.name === CRASH_TEST_WORKER_NAME;
/** Every reply goes through it, in order: it leaves out what the page already has (reply-delta.ts). */
const encode = replyEncoder();
const runHarden = createRunner();

self.addEventListener('message', (event: MessageEvent<HardenRequest>) => {
  if (isCrashTest && event.data.manifest.includes(CRASH_TEST_LINE)) {
    // Dies the way a real failure does: an error no handler catches, and no reply.
    setTimeout(() => {
      throw new Error('crash test: the hardening worker stopped');
    });
    return;
  }
  let reply: HardenReply;
  try {
    reply = runHarden(event.data);
  } catch (error) {
    reply = crashReply(event.data, error);
  }
  const wire = encode(reply);
  try {
    self.postMessage(wire);
  } catch {
    // A change's before/after value that does not clone (it should be plain data): send it as JSON.
    self.postMessage(JSON.parse(JSON.stringify(wire)) as unknown);
  }
});
