/** Runs the Policy tab's work (policy-run.ts) off the main thread, always on the newest request. */
import { type PolicyRequest, verdictRunner } from './policy-run';

const run = verdictRunner();
let pending: PolicyRequest | undefined;

self.addEventListener('message', (event: MessageEvent<PolicyRequest>) => {
  // Requests that arrived while an evaluation ran are superseded by the newest one.
  const scheduled = pending !== undefined;
  pending = event.data;
  if (scheduled) return;
  setTimeout(() => {
    const request = pending;
    pending = undefined;
    if (request) self.postMessage(run(request));
  });
});
