/** One hardening pass as the page needs it: options resolved from the form, then the core. */
import {
  harden,
  outputLinesOf,
  HardenCache,
  resolveOptions,
  type HardenEvidence,
  type HardenOptions,
  type HardenResult,
  type WorkloadChoice,
  type WorkloadReport,
} from '../core';
import { withSnippets } from '../state/change-snippets';
import { isSameFields, toOptionInput, type OptionFields } from '../state/option-fields';
import { outputBlocks } from '../state/output-blocks';
import { derivedOutput } from '../state/output-texts';
import {
  type ContainerChoice,
  type ContainerPlace,
  FIRST_CHANGES,
  MAX_LISTED_CHANGES,
  MAX_LISTED_WORKLOADS,
  type HardenReply,
  type HardenRequest,
  type PageResult,
} from './protocol';

/** The core's inserted lines (1-based ranges) as 0-based line indexes, as the blocks mark them. */
function* insertedLineIndexes(result: HardenResult): Generator<number> {
  for (const range of result.insertedLines) for (let line = range.start; line <= range.end; line += 1) yield line - 1;
}

/** Each container name once, in the order the input first has it, with every workload that has it. */
export function containerChoices(result: HardenResult): ContainerChoice[] {
  const places = new Map<string, ContainerPlace[]>();
  for (const workload of result.objects) {
    for (const name of new Set(workload.containers)) {
      const place = { object: workload.object, init: workload.initContainers.includes(name) };
      const known = places.get(name);
      if (known) known.push(place);
      else places.set(name, [place]);
    }
  }
  return [...places].map(([name, found]) => ({ name, places: found }));
}

/** Where findings point in the output, found here so the page's thread never walks a bundle for it. */
function findingLines(result: HardenResult): number[] {
  const lines = result.findings.flatMap((finding) => (finding.position ? [finding.position.line] : [])).slice(0, 1000);
  return lines.length === 0 || result.errors.length > 0 ? [] : outputLinesOf(result.lineMap, lines);
}

/** Where each document's first object starts in the output, by the line the core read it at. */
function documentLines(result: HardenResult): number[] {
  if (result.errors.length > 0) return [];
  const documents: number[] = [];
  const starts: number[] = [];
  for (const object of result.objects) {
    if (documents.at(-1) === object.document) continue;
    documents.push(object.document);
    starts.push(object.position.line);
  }
  const lines: number[] = [];
  outputLinesOf(result.lineMap, starts).forEach((line, index) => (lines[documents[index] ?? 0] = line));
  return Array.from(lines, (line) => line ?? 0);
}

type Hardened = Omit<HardenReply, 'id' | 'millis' | 'evidence'> & { readonly full: HardenResult };

/** What a runner keeps between requests, so that a keystroke costs what it changed. */
type Caches = { readonly harden: HardenCache };

function isChoiceFor(choice: WorkloadChoice, workload: WorkloadReport): boolean {
  const { kind, namespace, name } = workload.key;
  return choice.kind === kind && choice.namespace === namespace && choice.name === name;
}

/**
 * Hardens with the per-workload choices that name a workload of the input. The form keeps a choice
 * whose workload was renamed or deleted (it returns with an undo); the command would refuse it,
 * the page sets it aside and says so.
 */
function hardenWithChoices(
  manifest: string,
  options: HardenOptions,
  evidence: HardenEvidence,
  caches: Caches,
): { result: HardenResult; unmatched: readonly WorkloadChoice[] } {
  const run = { cache: caches.harden };
  const result = harden(manifest, options, evidence, run);
  if (options.workloads.length === 0 || !result.errors.some((error) => error.code === 'unknown-workload')) return { result, unmatched: [] };
  const matched = options.workloads.filter((choice) => result.workloads.some((workload) => isChoiceFor(choice, workload)));
  const unmatched = options.workloads.filter((choice) => !matched.includes(choice));
  return { result: harden(manifest, { ...options, workloads: matched }, evidence, run), unmatched };
}

function hardenForPage(manifest: string, fields: OptionFields, evidence: HardenEvidence, caches: Caches): Hardened {
  const { options, problems } = resolveOptions(toOptionInput(fields));
  const { result, unmatched } = hardenWithChoices(manifest, options, evidence, caches);
  const containers = containerChoices(result);
  const changes = withSnippets(result.changes.slice(0, MAX_LISTED_CHANGES), manifest, result.output);
  // An input with errors comes back as it was: nothing to mark, and the page shows the last good output.
  const blocks = outputBlocks(result.output, result.errors.length === 0 ? insertedLineIndexes(result) : []);
  const page: PageResult = {
    output: result.output,
    findings: result.findings,
    errors: result.errors,
    firstObjectName: result.firstObjectName,
    isJson: result.isJson,
    changes: changes.slice(0, FIRST_CHANGES),
    changeCount: result.changes.length,
    moreChanges: changes.length > FIRST_CHANGES ? JSON.stringify(changes.slice(FIRST_CHANGES)) : undefined,
    blocks,
    findingLines: findingLines(result),
    documentLines: documentLines(result),
    lineMap: result.lineMap,
    derived: undefined,
    workloads: result.workloads.slice(0, MAX_LISTED_WORKLOADS),
    workloadCount: result.workloads.length,
    unmatchedChoices: unmatched,
  };
  return { result: page, problems, facts: result.facts, containers, full: result };
}

/**
 * A runner keeps the last hardening: switching the output tab asks for another format of the same
 * input, which then costs that format alone, not another harden.
 */
export function createRunner(
  held: () => { readonly evidence: HardenEvidence; readonly generation: number } = () => ({ evidence: {}, generation: 0 }),
): (request: HardenRequest) => HardenReply {
  let last: { manifest: string; fields: OptionFields; generation: number; hardened: Hardened } | undefined;
  // A keystroke changes a document or two of a bundle: only those are read and hardened again.
  const caches: Caches = { harden: new HardenCache() };
  return (request) => {
    const started = performance.now();
    const { evidence, generation } = held();
    const hit =
      last !== undefined &&
      last.manifest === request.manifest &&
      last.generation === generation &&
      isSameFields(last.fields, request.fields);
    const hardened = hit && last ? last.hardened : hardenForPage(request.manifest, request.fields, evidence, caches);
    last = { manifest: request.manifest, fields: request.fields, generation, hardened };
    const { full, ...reply } = hardened;
    const clean = full.errors.length === 0 && reply.problems.length === 0;
    const derived = clean && request.format !== undefined ? derivedOutput(request.format, request.manifest, full) : undefined;
    return { id: request.id, ...reply, result: { ...reply.result, derived }, evidence: generation, millis: performance.now() - started };
  };
}
