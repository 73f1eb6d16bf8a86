/** Runs the core off the main thread so typing in the editor never waits for it. */
import { NO_FACTS } from '../state/manifest-facts';
import type { HardenRequest, HardenResponse } from './protocol';
import { runHarden } from './run-harden';

/** The page waits for one answer per request: a thrown error must still produce one. */
function crashResponse(request: HardenRequest, error: unknown): HardenResponse {
  return {
    id: request.id,
    manifest: request.manifest,
    fields: request.fields,
    result: { output: request.manifest, changes: [], findings: [], errors: [], workloads: [], firstObjectName: undefined, isJson: false },
    problems: [],
    facts: NO_FACTS,
    containers: [],
    millis: 0,
    crash: error instanceof Error ? error.message : String(error),
  };
}

self.addEventListener('message', (event: MessageEvent<HardenRequest>) => {
  let response: HardenResponse;
  try {
    response = runHarden(event.data);
  } catch (error) {
    response = crashResponse(event.data, error);
  }
  try {
    self.postMessage(response);
  } catch {
    // A change's before/after value that does not clone (it should be plain data): send it as JSON.
    self.postMessage(JSON.parse(JSON.stringify(response)) as unknown);
  }
});
