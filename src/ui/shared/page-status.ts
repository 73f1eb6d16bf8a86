/**
 * What the page says about its own state, in words: why nothing may be handed out, why the output
 * shown is not the current input's, what the input is, what Apply recommendations did. Pure: the
 * page and its tests read the same sentences.
 */
import type { WorkloadReport } from '../../core';
import type { Applied } from '../../state/workload-choices';
import type { HardenResponse } from '../../worker/protocol';
import { countLines } from './content-lines';
import { plural } from '../../state/plural';

/** Hardening as it stands: what the status texts are made from. */
export type HardeningNow = {
  /** Why hardening stopped (the worker died or could not start), if it did. */
  readonly stopped: string | undefined;
  /** The input holds nothing but white space. */
  readonly empty: boolean;
  /** The latest response, errors included; undefined until the first one arrives. */
  readonly latest: HardenResponse | undefined;
};

/** The input in a few words for its pane: format, lines, objects (once the worker has counted them). */
export function inputAbout(text: string, empty: boolean, newlineCount: number, isJson: boolean, objects: number | undefined): string {
  if (empty) return 'Empty · YAML or JSON';
  const parts = [isJson ? 'JSON' : 'YAML', plural(countLines(text, newlineCount), 'line', 'lines')];
  if (objects !== undefined) parts.push(plural(objects, 'object', 'objects'));
  return parts.join(' · ');
}

/** Why a response may not be handed out, if it may not. */
export function refusal(response: HardenResponse): string | undefined {
  if (response.crash !== undefined) return 'hardening failed';
  if (response.problems.length > 0) return 'an option is invalid';
  if (response.result.errors.length > 0) return 'the input has errors';
  return undefined;
}

/**
 * Why nothing may be handed out now, if so. `optionInvalid` is the form's own check of the fields
 * as they are now: an invalid option blocks at once, before the worker answers.
 */
export function blockedReason(now: HardeningNow, optionInvalid: boolean): string | undefined {
  if (now.stopped !== undefined) return 'hardening is stopped';
  if (optionInvalid) return 'an option is invalid';
  if (now.empty) return 'the input is empty';
  if (now.latest === undefined) return 'hardening has not finished yet';
  return refusal(now.latest);
}

/** Why the output shown is not the current input's, if it is not; `label` names an option as the form does. */
export function staleReason(now: HardeningNow, label: (option: string) => string): string | undefined {
  if (now.stopped !== undefined) return 'Hardening is stopped: this is the output of the last input that could be hardened.';
  const failure = now.latest?.crash;
  if (failure) return `Hardening failed with an internal error (${failure}); please report it with the input. Showing the last output.`;
  if (now.empty || now.latest === undefined) return undefined;
  if (now.latest.result.errors.length > 0) return 'The input has errors: this is the output of the last input that could be hardened.';
  const problems = now.latest.problems;
  if (problems.length === 0) return undefined;
  const names = problems.map((problem) => label(problem.option));
  return `${names.join(', ')}: not a valid value, so the output still uses the last valid options.`;
}

/** What Apply recommendations says it did, given what it `applied` to `workloads`. */
export function appliedMessage(applied: Applied, workloads: readonly WorkloadReport[]): string {
  const left = applied.leftOut > 0 ? ` ${applied.leftOut.toLocaleString('en')} more are left out: a link holds 256 choices.` : '';
  const changed = applied.changed.length;
  if (changed > 0) {
    const none = applied.changed.filter((report) => report.recommended === 'none').length;
    return `Applied ${plural(changed, 'recommendation', 'recommendations')}: ${none.toLocaleString('en')} without a token, ${(changed - none).toLocaleString('en')} keeping it.${left}`;
  }
  if (workloads.some((report) => report.strong && report.recommended === 'none')) return 'Every workload already has its recommendation.';
  return 'Nothing to apply: no recommendation to remove a token is strong. Only an audit log that covers a week, with reads, shows a token goes unused; choose by hand meanwhile.';
}
