/** One hardening pass as the page needs it: options resolved from the form, then the core. */
import { harden, resolveOptions, type HardenResult } from '../core';
import { addedLines } from '../state/line-diff';
import { describeManifest } from '../state/manifest-facts';
import { toOptionInput } from '../state/option-fields';
import { outputBlocks } from '../state/output-blocks';
import { FIRST_CHANGES, type HardenReply, type HardenRequest, type PageResult } from './protocol';

function containerNames(result: HardenResult): string[] {
  return [...new Set(result.workloads.flatMap((workload) => workload.containers))];
}

export function runHarden(request: HardenRequest): HardenReply {
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
  const { changes } = result;
  const page: PageResult = {
    output: result.output,
    findings: result.findings,
    errors: result.errors,
    firstObjectName: result.firstObjectName,
    isJson: result.isJson,
    changes: changes.slice(0, FIRST_CHANGES),
    changeCount: changes.length,
    moreChanges: changes.length > FIRST_CHANGES ? JSON.stringify(changes.slice(FIRST_CHANGES)) : undefined,
    // An input with errors comes back as it was: nothing to mark, and the page shows the last good output.
    blocks: outputBlocks(result.output, result.errors.length === 0 ? addedLines(request.manifest, result.output) : []),
  };
  return {
    id: request.id,
    result: page,
    problems,
    facts: describeManifest(request.manifest),
    containers,
    millis: performance.now() - started,
  };
}
