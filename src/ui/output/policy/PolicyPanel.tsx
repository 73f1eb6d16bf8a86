/**
 * The Policy tab: the admission policy for the current options, with copy and download, and its
 * verdict on the input and on the hardened output, computed in the browser with the same CEL the
 * cluster would run. The work (the `yaml` package, the CEL engine, a parse of every object) runs
 * in a worker loaded on first use, off the first screen's budget and off the typing thread.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  type HardenOptions,
  type KubernetesVersion,
  LATEST_KUBERNETES_VERSION,
  POLICY_KINDS,
  type PolicyKind,
  resolveOptions,
} from '../../../core/index';
import { toOptionInput } from '../../../state/option-fields';
import { copyText, downloadText } from '../../shared/browser-actions';
import type { TabPanelProps } from '../panel';
import type { PolicyReply, PolicyRequest } from './policy-run';
import { shortcutLabel, useShortcuts } from '../../shared/use-shortcuts';

const KIND_LABELS: Record<PolicyKind, string> = {
  validating: 'ValidatingAdmissionPolicy (Kubernetes 1.30+)',
  mutating: 'MutatingAdmissionPolicy (Kubernetes 1.34+)',
  kyverno: 'Kyverno ValidatingPolicy and MutatingPolicy (Kyverno 1.18+)',
};

/** The versions the mutating policy's API version depends on: beta before 1.36, GA from it. */
const MUTATING_VERSIONS: readonly KubernetesVersion[] = [{ major: 1, minor: 34 }, { major: 1, minor: 35 }, LATEST_KUBERNETES_VERSION];

function versionLabel(version: KubernetesVersion): string {
  return `${version.major}.${version.minor}`;
}

type Shown = { readonly reply: PolicyReply | undefined; readonly failure: string | undefined };

/** Sends each change to the policy worker; shows the newest reply, never an older one. */
function usePolicyWorker(request: Omit<PolicyRequest, 'id'>): Shown {
  const worker = useRef<Worker | undefined>(undefined);
  const lastId = useRef(0);
  const [shown, setShown] = useState<Shown>({ reply: undefined, failure: undefined });
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let stopped = false;
    import('./policy.worker?worker')
      .then(({ default: PolicyWorker }) => {
        if (stopped) return;
        const created = new PolicyWorker({ name: 'policy' });
        created.addEventListener('message', (event: MessageEvent<PolicyReply>) => {
          if (event.data.id === lastId.current) setShown({ reply: event.data, failure: undefined });
        });
        created.addEventListener('error', (event) => {
          event.preventDefault();
          setShown((previous) => ({ ...previous, failure: 'The policy could not be evaluated here: its worker stopped.' }));
        });
        worker.current = created;
        setReady(true);
      })
      .catch((error: unknown) => {
        if (!stopped) setShown({ reply: undefined, failure: `The policy could not be evaluated here: ${(error as Error).message}` });
      });
    return () => {
      stopped = true;
      worker.current?.terminate();
      worker.current = undefined;
    };
  }, []);

  const { kind, version, source, hardened, options } = request;
  useEffect(() => {
    if (!ready || !worker.current) return;
    lastId.current += 1;
    worker.current.postMessage({ id: lastId.current, kind, version, source, hardened, options } satisfies PolicyRequest);
  }, [ready, kind, version, source, hardened, options]);
  return shown;
}

/** The shown input, its hardened text and the options it was hardened with. */
export type PolicyPanelProps = {
  readonly source: string;
  readonly hardened: string;
  readonly options: HardenOptions;
  /** Why nothing may be handed out now (an input error, an invalid option), if so. */
  readonly blocked: string | undefined;
};

export function PolicyPanel({ source, hardened, options, blocked }: PolicyPanelProps) {
  const id = useId();
  const [kind, setKind] = useState<PolicyKind>('validating');
  const [version, setVersion] = useState<KubernetesVersion>(LATEST_KUBERNETES_VERSION);
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const { reply, failure } = usePolicyWorker({ kind, version, source, hardened, options });
  // The text on screen is the one for the choice on screen, or none while it is being made.
  const isShownChoice = reply !== undefined && reply.kind === kind && versionLabel(reply.version) === versionLabel(version);
  const current = isShownChoice && reply.text !== '' && reply.problems.length === 0 ? reply : undefined;
  // The policy follows the options: while one is invalid, the one on screen is not the form's.
  const handOut = blocked === undefined ? current : undefined;
  // The buttons are disabled meanwhile; a shortcut still says why nothing happened.
  const refusal = `Nothing handed out: ${blocked ?? 'the policy is not ready yet'}.`;
  const copy = (): void => {
    if (!handOut) {
      setCopied(refusal);
      return;
    }
    copyText(handOut.text).then(
      () => setCopied('Policy copied.'),
      () => setCopied('The browser refused to copy.'),
    );
  };
  const download = (): void => {
    if (!handOut) {
      setCopied(refusal);
      return;
    }
    const name = `sa-token-hardener-${kind}-policy.yaml`;
    downloadText(name, handOut.text, 'application/yaml');
    setCopied(`Saved ${name}.`);
  };
  // The page's copy and download keys act on the tab shown: here, on the policy.
  const latest = useRef({ copy, download });
  useEffect(() => {
    latest.current = { copy, download };
  });
  useShortcuts(
    useMemo(
      () => [
        { key: 'c', run: () => latest.current.copy() },
        { key: 'd', run: () => latest.current.download() },
      ],
      [],
    ),
  );
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
              <input
                type="radio"
                name={`${id}-kind`}
                value={choice}
                checked={kind === choice}
                onChange={() => {
                  setKind(choice);
                  setCopied(undefined);
                }}
              />
              {KIND_LABELS[choice]}
            </label>
          ))}
        </fieldset>
        {kind === 'mutating' && (
          <label>
            Kubernetes version{' '}
            <select
              value={versionLabel(version)}
              onChange={(event) => setVersion(MUTATING_VERSIONS.find((item) => versionLabel(item) === event.target.value) ?? version)}
            >
              {MUTATING_VERSIONS.map((item) => (
                <option key={versionLabel(item)} value={versionLabel(item)}>
                  {versionLabel(item)}
                  {item.minor < 36 ? ' (v1beta1, behind a feature gate)' : ' (v1)'}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="actions">
          <button
            type="button"
            onClick={copy}
            disabled={!handOut}
            title={`Copy the policy (${shortcutLabel('c')})`}
            aria-keyshortcuts={shortcutLabel('c')}
          >
            Copy policy
          </button>
          <button
            type="button"
            onClick={download}
            disabled={!handOut}
            title={`Save as sa-token-hardener-${kind}-policy.yaml (${shortcutLabel('d')})`}
            aria-keyshortcuts={shortcutLabel('d')}
          >
            Download policy
          </button>
        </div>
      </div>
      <p className="status" role="status">
        {blocked !== undefined ? `Out of date: ${blocked}. ` : ''}
        {failure ?? reply?.verdict ?? 'Evaluating the policy…'}
        {copied ? ` ${copied}` : ''}
      </p>
      {kind !== 'validating' && (
        <p className="muted">
          The verdict is the validating policy’s{kind === 'mutating' ? ', which the mutating policy is meant to be paired with' : ''}: the
          mutation only changes Pods that arrive with the automatic token.
        </p>
      )}
      {isShownChoice && reply.problems.length > 0 && <p className="stale">{reply.problems.map((problem) => problem.message).join(' ')}</p>}
      {current && (
        <pre className="policy-text" tabIndex={0} aria-label="Policy text">
          {current.text}
        </pre>
      )}
    </section>
  );
}

/** The Policy tab: the panel, for the last good result and the options it was hardened with. */
export function PolicyTab({ shown, blocked, frame }: TabPanelProps) {
  const shownFields = shown?.fields;
  const options = useMemo(
    () => (shownFields === undefined ? undefined : resolveOptions(toOptionInput(shownFields)).options),
    [shownFields],
  );
  return frame({
    body: shown !== undefined && options !== undefined && (
      <PolicyPanel source={shown.input} hardened={shown.result.output} options={options} blocked={blocked} />
    ),
  });
}
