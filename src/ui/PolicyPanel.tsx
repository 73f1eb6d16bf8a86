/**
 * The Policy tab: the admission policy for the current options, with copy and download, and its
 * verdict on the input and on the hardened output, computed in the browser with the same CEL the
 * cluster would run. The CEL engine is loaded on first use, off the first screen's budget.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import {
  type HardenOptions,
  LATEST_KUBERNETES_VERSION,
  type KubernetesVersion,
  POLICY_KINDS,
  type PolicyKind,
  policyManifest,
  validatingEvaluation,
} from '../core/index';
import { copyText, downloadText } from './browser-actions';
import { describeVerdict, judgedObjects, objectLabel } from './policy-verdict';

const KIND_LABELS: Record<PolicyKind, string> = {
  validating: 'ValidatingAdmissionPolicy (Kubernetes 1.30+)',
  mutating: 'MutatingAdmissionPolicy (Kubernetes 1.34+)',
  kyverno: 'Kyverno ValidatingPolicy and MutatingPolicy (Kyverno 1.18+)',
};

/** The versions the mutating policy's API version depends on: beta before 1.36, GA from it. */
const MUTATING_VERSIONS: readonly KubernetesVersion[] = [{ major: 1, minor: 34 }, { major: 1, minor: 35 }, LATEST_KUBERNETES_VERSION];

type Verdict = { state: 'loading' } | { state: 'done'; text: string } | { state: 'failed'; text: string };

function useVerdict(source: string, hardened: string, options: HardenOptions): Verdict {
  const [verdict, setVerdict] = useState<Verdict>({ state: 'loading' });
  useEffect(() => {
    let cancelled = false;
    import('./policy-cel')
      .then(({ judge }) => {
        if (cancelled) return;
        const evaluation = validatingEvaluation(options);
        const text = describeVerdict(
          judge(evaluation, judgedObjects(source), objectLabel),
          judge(evaluation, judgedObjects(hardened), objectLabel),
        );
        setVerdict({ state: 'done', text });
      })
      .catch((error: unknown) => {
        if (!cancelled) setVerdict({ state: 'failed', text: `The policy could not be evaluated here: ${(error as Error).message}` });
      });
    return () => {
      cancelled = true;
    };
  }, [source, hardened, options]);
  return verdict;
}

export function PolicyPanel({ source, hardened, options }: { source: string; hardened: string; options: HardenOptions }) {
  const id = useId();
  const [kind, setKind] = useState<PolicyKind>('validating');
  const [version, setVersion] = useState<KubernetesVersion>(LATEST_KUBERNETES_VERSION);
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const policy = useMemo(() => policyManifest(kind, options, version), [kind, options, version]);
  const verdict = useVerdict(source, hardened, options);
  const failed = policy.problems.length > 0;
  const copy = (): void => {
    copyText(policy.text).then(
      () => setCopied('Policy copied.'),
      () => setCopied('The browser refused to copy.'),
    );
  };
  const download = (): void => downloadText(`sa-token-hardener-${kind}-policy.yaml`, policy.text, 'application/yaml');
  return (
    <section className="policy-panel" aria-labelledby={`${id}-heading`}>
      <div className="pane-head">
        <h2 id={`${id}-heading`} className="sr-only">
          Admission policy
        </h2>
        <fieldset className="policy-kind">
          <legend>Policy kind</legend>
          {POLICY_KINDS.map((choice) => (
            <label key={choice}>
              <input type="radio" name={`${id}-kind`} value={choice} checked={kind === choice} onChange={() => setKind(choice)} />
              {KIND_LABELS[choice]}
            </label>
          ))}
        </fieldset>
        {kind === 'mutating' && (
          <label>
            Kubernetes version{' '}
            <select
              value={`${version.major}.${version.minor}`}
              onChange={(event) =>
                setVersion(MUTATING_VERSIONS.find((item) => `${item.major}.${item.minor}` === event.target.value) ?? version)
              }
            >
              {MUTATING_VERSIONS.map((item) => (
                <option key={item.minor} value={`${item.major}.${item.minor}`}>
                  {item.major}.{item.minor}
                  {item.minor < 36 ? ' (v1beta1, feature gate)' : ' (v1)'}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="actions">
          <button type="button" onClick={copy} disabled={failed}>
            Copy policy
          </button>
          <button type="button" onClick={download} disabled={failed}>
            Download policy
          </button>
        </div>
      </div>
      <p className="status" role="status">
        {verdict.state === 'loading' ? 'Evaluating the policy…' : verdict.text}
        {copied ? ` ${copied}` : ''}
      </p>
      {kind !== 'validating' && (
        <p className="muted">
          The verdict is the validating policy’s: {kind === 'mutating' ? 'pair the mutating policy with it, ' : ''}the mutation only changes
          Pods that arrive with the automatic token.
        </p>
      )}
      {failed ? (
        <p className="stale">{policy.problems.map((problem) => problem.message).join(' ')}</p>
      ) : (
        <pre className="policy-text" tabIndex={0} aria-label="Policy">
          {policy.text}
        </pre>
      )}
    </section>
  );
}
