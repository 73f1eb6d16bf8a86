/** One hardening pass as the page needs it: options resolved from the form, then the core. */
import { harden, resolveOptions, type HardenResult } from '../core';
import { describeManifest } from '../state/manifest-facts';
import { toOptionInput } from '../state/option-fields';
import type { HardenRequest, HardenResponse } from './protocol';

function containerNames(result: HardenResult): string[] {
  return [...new Set(result.workloads.flatMap((workload) => workload.containers))];
}

export function runHarden(request: HardenRequest): HardenResponse {
  const started = performance.now();
  // The core wants the selected containers; the form stores the unticked ones, so a first pass
  // (which also lists the workloads) tells us which containers exist.
  const all = resolveOptions(toOptionInput({ ...request.fields, excludedContainers: [] }, []));
  let result = harden(request.manifest, all.options);
  const containers = containerNames(result);
  let problems = all.problems;
  if (request.fields.excludedContainers.length > 0) {
    const selected = resolveOptions(toOptionInput(request.fields, containers));
    result = harden(request.manifest, selected.options);
    problems = selected.problems;
  }
  return {
    id: request.id,
    manifest: request.manifest,
    fields: request.fields,
    result,
    problems,
    facts: describeManifest(request.manifest),
    containers,
    millis: performance.now() - started,
  };
}
