/** The hardened result: as text or as a diff, with Copy YAML, Download YAML and kubectl apply. */
import { lazy, Suspense, useId, useState, type KeyboardEvent } from 'react';
import type { OutputBlock } from '../state/output-blocks';
import { HardenedView } from './HardenedView';
import { shortcutLabel } from './use-shortcuts';

const DiffView = lazy(() => import('./editor/DiffView'));

export type OutputActions = {
  readonly copyYaml: () => void;
  readonly downloadYaml: () => void;
  readonly copyKubectl: () => void;
};

type Tab = 'hardened' | 'diff';

export function OutputPane({
  input,
  output,
  blocks,
  fileName,
  actions,
  status,
  stale,
}: {
  input: string;
  output: string;
  /** The output in blocks of lines, for the hardened view. */
  blocks: readonly OutputBlock[];
  fileName: string;
  actions: OutputActions;
  status: string;
  /** Why the text shown is not the current input's, if it is not. */
  stale: string | undefined;
}) {
  const [tab, setTab] = useState<Tab>('hardened');
  const [sideBySide, setSideBySide] = useState(false);
  const id = useId();
  const tabs: { key: Tab; label: string }[] = [
    { key: 'hardened', label: 'Hardened' },
    { key: 'diff', label: 'Diff' },
  ];
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next: Tab = tab === 'hardened' ? 'diff' : 'hardened';
    setTab(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };
  return (
    <section className="output-pane" aria-labelledby={`${id}-heading`}>
      <div className="pane-head">
        <h2 id={`${id}-heading`} className="sr-only">
          Output
        </h2>
        <div role="tablist" aria-label="Output view" className="tabs">
          {tabs.map(({ key, label }) => (
            <button
              key={key}
              type="button"
              role="tab"
              id={`${id}-tab-${key}`}
              aria-selected={tab === key}
              aria-controls={`${id}-panel-${key}`}
              tabIndex={tab === key ? 0 : -1}
              onClick={() => setTab(key)}
              onKeyDown={onTabKey}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="actions">
          <button
            type="button"
            onClick={actions.copyYaml}
            title={`Copy the hardened manifest (${shortcutLabel('c')})`}
            aria-keyshortcuts={shortcutLabel('c')}
          >
            Copy YAML
          </button>
          <button
            type="button"
            onClick={actions.downloadYaml}
            title={`Save as ${fileName} (${shortcutLabel('d')})`}
            aria-keyshortcuts={shortcutLabel('d')}
          >
            Download YAML
          </button>
          <button
            type="button"
            onClick={actions.copyKubectl}
            title={`Copy as a shell command, kubectl apply -f - <<'EOF' … EOF (${shortcutLabel('k')})`}
            aria-label="Copy as kubectl apply"
            aria-keyshortcuts={shortcutLabel('k')}
          >
            kubectl apply
          </button>
        </div>
      </div>
      <p className="status" role="status">
        {status}
      </p>
      {stale && <p className="stale">{stale}</p>}
      <div role="tabpanel" id={`${id}-panel-hardened`} aria-labelledby={`${id}-tab-hardened`} hidden={tab !== 'hardened'} className="panel">
        {tab === 'hardened' && <HardenedView blocks={blocks} />}
      </div>
      <div role="tabpanel" id={`${id}-panel-diff`} aria-labelledby={`${id}-tab-diff`} hidden={tab !== 'diff'} className="panel diff-panel">
        {tab === 'diff' && (
          <>
            <div className="diff-toolbar">
              <span className="muted">Input → hardened</span>
              <label className="check">
                <input type="checkbox" checked={sideBySide} onChange={(event) => setSideBySide(event.target.checked)} />
                Side by side
              </label>
            </div>
            <div className="diff-frame">
              <Suspense fallback={<p className="loading">Loading the diff view…</p>}>
                <DiffView original={input} modified={output} sideBySide={sideBySide} />
              </Suspense>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
