/**
 * What the Policy tab computes, off the main thread: the policy text for the chosen kind and its
 * verdict on the input and the output. Parsing a large bundle and running the CEL on every object
 * takes seconds, so the panel asks a worker, which runs only the newest request.
 */
import {
  type HardenOptions,
  type KubernetesVersion,
  type PolicyKind,
  type PolicyProblem,
  policyManifest,
  validatingEvaluation,
} from '../../../core/index';
import { judge } from './policy-cel';
import { describeVerdict, judgedObjects, objectLabel } from './policy-verdict';

export type PolicyRequest = {
  readonly id: number;
  readonly kind: PolicyKind;
  readonly version: KubernetesVersion;
  readonly source: string;
  readonly hardened: string;
  readonly options: HardenOptions;
};

export type PolicyReply = {
  readonly id: number;
  /** The choice the text is for. */
  readonly kind: PolicyKind;
  readonly version: KubernetesVersion;
  readonly text: string;
  readonly problems: readonly PolicyProblem[];
  /** The verdict in words, or why it could not be computed. */
  readonly verdict: string;
};

/**
 * Answers requests; a verdict depends on the texts and options only, so switching the kind does
 * not recompute it. `onEvaluate` is told each time the CEL runs.
 */
export function verdictRunner(onEvaluate: () => void = () => {}): (request: PolicyRequest) => PolicyReply {
  let last: { key: string; verdict: string } | undefined;
  return (request) => {
    const { text, problems } = policyManifest(request.kind, request.options, request.version);
    const key = JSON.stringify([request.source, request.hardened, request.options]);
    if (last?.key !== key) {
      let verdict: string;
      onEvaluate();
      try {
        const evaluation = validatingEvaluation(request.options);
        const input = judgedObjects(request.source);
        verdict = describeVerdict(
          judge(evaluation, input.judged, objectLabel),
          judge(evaluation, judgedObjects(request.hardened).judged, objectLabel),
          input.exempt,
        );
      } catch (error) {
        verdict = `The policy could not be evaluated here: ${error instanceof Error ? error.message : String(error)}`;
      }
      last = { key, verdict };
    }
    return { id: request.id, kind: request.kind, version: request.version, text, problems, verdict: last.verdict };
  };
}
