/**
 * The outputs, one tab each (SPEC §5): the hardened text, the diff, the JSON Patch and the
 * kustomize patches, each with its own copy and download. Nothing is handed out while the input
 * has an error or an option is invalid; the last good output then stays, marked out of date.
 */
import { lazy, Suspense, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { resolveOptions } from '../core';
import type { LineRange } from '../state/locate';
import { toOptionInput } from '../state/option-fields';
import type { OutputBlock } from '../state/output-blocks';
import type { ViewState } from '../state/view-state';
import type { DiffStep, DiffSteps } from './editor/DiffView';
import { HardenedView } from './HardenedView';
import { contentLines, countLines, newlines } from './content-lines';
import { CheckIcon, CopyIcon, DownloadIcon, TerminalIcon } from './icons';
import { summarize, summaryParts } from './output-summary';
import { TAB_ROWS, tabRow, type TabRow } from './output-tabs';
import type { GoodResult } from './use-hardening';
import { shortcutLabel } from './use-shortcuts';

const NO_BLOCKS: readonly OutputBlock[] = [];

const DiffView = lazy(() => import('./editor/DiffView'));

export type OutputActions = {
  readonly copy: (row: TabRow) => void;
  readonly download: (row: TabRow) => void;
  readonly copyKubectl: () => void;
};

function DerivedText({ row, shown, outOfDate }: { row: TabRow; shown: GoodResult | undefined; outOfDate: boolean }) {
  const derived = shown?.result.derived;
  if (derived === undefined || derived.format !== row.format) {
    return (
      <p className="loading">
        {outOfDate
          ? `Shown once the input hardens without errors and every option is valid (${row.label}).`
          : `Computing the ${row.what(false)}…`}
      </p>
    );
  }
  return (
    <div className="code-view text-view" role="region" aria-label={`${row.label} text`} tabIndex={0}>
      {derived.notes.length > 0 && (
        <ul className="notes">
          {derived.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {derived.text === '' ? (
        <p className="loading">Nothing to patch: hardening changes no object.</p>
      ) : (
        <pre>
          <code>{derived.text}</code>
        </pre>
      )}
    </div>
  );
}

export function OutputPane({
  view,
  onTab,
  onSideBySide,
  shown,
  isJson,
  fileName,
  actions,
  blocked,
  status,
  done,
  outOfDate,
  reveal,
  findingLines,
  empty,
}: {
  view: ViewState;
  onTab: (row: TabRow) => void;
  onSideBySide: (sideBySide: boolean) => void;
  /** The last good result: what the tabs show. */
  shown: GoodResult | undefined;
  /** Whether the current input is JSON: the labels say what copy and download give now. */
  isJson: boolean;
  fileName: (row: TabRow) => string;
  actions: OutputActions;
  /** Why nothing may be handed out now, if so. */
  blocked: string | undefined;
  status: string;
  /** Which action the status confirms (`copy`, `download`, `kubectl`): its button shows a check. */
  done: string | undefined;
  /** Why the text shown is not the current input's, if it is not. */
  outOfDate: string | undefined;
  reveal: LineRange | undefined;
  /** Output lines findings point at (the overview ruler marks them). */
  findingLines: readonly number[];
  /** The input is empty: the panel invites instead of showing an old output. */
  empty: boolean;
}) {
  const [step, setStep] = useState<DiffStep | undefined>(undefined);
  const [steps, setSteps] = useState<DiffSteps | undefined>(undefined);
  const id = useId();
  const row = tabRow(view.tab);
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = TAB_ROWS.indexOf(row);
    const moves: Record<string, number> = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: TAB_ROWS.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = TAB_ROWS[(target + TAB_ROWS.length) % TAB_ROWS.length] as TabRow;
    onTab(next);
    document.getElementById(`${id}-tab-${next.tab}`)?.focus();
  };
  const what = row.what(isJson);
  const shownFields = shown?.fields;
  const shownOptions = useMemo(
    () => (shownFields === undefined ? undefined : resolveOptions(toOptionInput(shownFields)).options),
    [shownFields],
  );
  const shownResult = shown?.result;
  const shownInput = shown?.input;
  const summary = useMemo(
    () =>
      shownResult === undefined || shownInput === undefined
        ? undefined
        : summaryParts(summarize(shownResult.blocks, countLines(shownInput), shownResult.changeCount, shownResult.findings)),
    [shownResult, shownInput],
  );
  const shownOutput = shown?.result.output ?? '';
  const outputLines = useMemo(() => contentLines(newlines(shownOutput)), [shownOutput]);
  const disabledTitle = blocked === undefined ? undefined : `Nothing to hand out: ${blocked}`;
  return (
    <section className="output-pane" aria-labelledby={`${id}-heading`} style={outputLines}>
      <div className="pane-head">
        <h2 id={`${id}-heading`} className="sr-only">
          Output
        </h2>
        <div role="tablist" aria-label="Output" className="tabs">
          {TAB_ROWS.map((item) => (
            <button
              key={item.tab}
              type="button"
              role="tab"
              id={`${id}-tab-${item.tab}`}
              aria-selected={item === row}
              aria-controls={`${id}-panel`}
              tabIndex={item === row ? 0 : -1}
              onClick={() => onTab(item)}
              onKeyDown={onTabKey}
            >
              {item.label}
            </button>
          ))}
        </div>
        {summary !== undefined && (
          <p className="summary" title="The hardened manifest: lines inserted, changes made, findings to review">
            {summary.map((part, index) => (
              <span key={part} className={index === 0 ? 'summary-added' : undefined}>
                {index > 0 && <span aria-hidden="true"> · </span>}
                {part}
              </span>
            ))}
          </p>
        )}
      </div>
      <div className="action-bar">
        {row.Panel === undefined && (
          <div className="toolbar" role="toolbar" aria-label={`${row.label} actions`}>
            <div className="actions">
              <button
                type="button"
                className="button-with-icon primary"
                onClick={() => actions.copy(row)}
                disabled={blocked !== undefined}
                title={disabledTitle ?? `Copy the ${what} (${shortcutLabel('c')})`}
                aria-keyshortcuts={shortcutLabel('c')}
              >
                {done === 'copy' ? <CheckIcon /> : <CopyIcon />}
                Copy {what}
              </button>
              <button
                type="button"
                className="button-with-icon"
                onClick={() => actions.download(row)}
                disabled={blocked !== undefined}
                title={disabledTitle ?? `Save as ${fileName(row)} (${shortcutLabel('d')})`}
                aria-keyshortcuts={shortcutLabel('d')}
              >
                {done === 'download' ? <CheckIcon /> : <DownloadIcon />}
                {/* The diff's toolbar holds more: its download keeps only its icon sooner. */}
                <span className={row.tab === 'diff' ? 'narrower-hidden' : 'narrow-hidden'}>Download {what}</span>
              </button>
              {row.tab === 'hardened' && (
                <button
                  type="button"
                  className="button-with-icon"
                  onClick={actions.copyKubectl}
                  disabled={blocked !== undefined}
                  title={
                    disabledTitle ?? `Copy as a shell command, kubectl apply -f - <<'EOF' … EOF; it applies nothing (${shortcutLabel('k')})`
                  }
                  aria-keyshortcuts={shortcutLabel('k')}
                >
                  {done === 'kubectl' ? <CheckIcon /> : <TerminalIcon />}
                  <span className="narrower-hidden">Copy as kubectl apply</span>
                </button>
              )}
            </div>
            {row.tab === 'diff' && (
              <div className="diff-controls">
                {/* At the first or last change the button says so and stays in the Tab order (aria-disabled), so the focus is not lost. */}
                <button
                  type="button"
                  onClick={() => setStep({ direction: 'previous' })}
                  aria-disabled={steps?.previous === false}
                  title={steps?.previous === false ? 'This is the first change' : 'Previous change'}
                >
                  <span aria-hidden="true">↑</span>
                  <span className="narrower-hidden"> Previous change</span>
                </button>
                <button
                  type="button"
                  onClick={() => setStep({ direction: 'next' })}
                  aria-disabled={steps?.next === false}
                  title={steps?.next === false ? 'This is the last change' : 'Next change'}
                >
                  <span aria-hidden="true">↓</span>
                  <span className="narrower-hidden"> Next change</span>
                </button>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={view.diffLayout === 'side-by-side'}
                    onChange={(event) => onSideBySide(event.target.checked)}
                  />
                  Side by side
                </label>
              </div>
            )}
          </div>
        )}
        {/* Over the output, not in its flow: a message that pushed the code down would move what the user is reading. */}
        <p className="flash" role="status">
          {status}
        </p>
      </div>
      {outOfDate && (
        <div className="out-of-date" role="status">
          <strong>Out of date</strong>
          <span>{outOfDate}</span>
        </div>
      )}
      <div
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${row.tab}`}
        className={`panel ${row.tab === 'diff' ? 'diff-panel' : ''} ${outOfDate ? 'stale-output' : ''}`}
      >
        {empty ? (
          <p className="loading">
            {row.tab === 'hardened' ? 'The hardened manifest' : `The ${row.what(false)}`} appears here as soon as the input holds a
            manifest.
          </p>
        ) : (
          <>
            {row.tab === 'hardened' && (
              <HardenedView blocks={shown?.result.blocks ?? NO_BLOCKS} reveal={reveal} findingLines={findingLines} />
            )}
            {row.tab === 'diff' && (
              <div className="diff-frame">
                <Suspense fallback={<p className="loading">Loading the diff view…</p>}>
                  <DiffView
                    original={shown?.input ?? ''}
                    modified={shown?.result.output ?? ''}
                    sideBySide={view.diffLayout === 'side-by-side'}
                    step={step}
                    reveal={reveal}
                    onSteps={setSteps}
                  />
                </Suspense>
              </div>
            )}
            {row.format !== undefined && row.tab !== 'diff' && <DerivedText row={row} shown={shown} outOfDate={outOfDate !== undefined} />}
            {row.Panel !== undefined && shown !== undefined && shownOptions !== undefined && (
              <row.Panel source={shown.input} hardened={shown.result.output} options={shownOptions} blocked={blocked} />
            )}
          </>
        )}
      </div>
    </section>
  );
}
