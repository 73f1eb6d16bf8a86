/**
 * The outputs, one tab each (SPEC §5): the hardened text, the diff, the JSON Patch, the kustomize
 * patches and the policy. Each tab is a row of output-tabs.ts; the pane draws the tabs and, around
 * the row's panel, the hand-out toolbar and the frame. Nothing is handed out while the input has an
 * error or an option is invalid; the last good output then stays, marked out of date.
 */
import { useId, useMemo, type KeyboardEvent } from 'react';
import type { LineRange } from '../../state/line-range';
import type { ViewState } from '../../state/view-state';
import { contentLines, countLines, newlines } from '../shared/content-lines';
import { OutputToolbar } from './OutputToolbar';
import type { OutputActions, PanelParts } from './panel';
import { summarize, summaryParts } from './output-summary';
import { TAB_ROWS, tabRow, type TabRow } from './output-tabs';
import type { GoodResult } from '../shared/use-hardening';

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
  const frame = (parts: PanelParts) => (
    <>
      <div className="action-bar">
        {!row.ownActions && (
          <OutputToolbar
            row={row}
            what={row.what(isJson)}
            fileName={fileName(row)}
            blocked={blocked}
            done={done}
            actions={actions}
            extraActions={parts.actions}
            controls={parts.controls}
            crowded={parts.crowded ?? false}
          />
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
        className={`panel ${parts.className ?? ''} ${outOfDate ? 'stale-output' : ''}`}
      >
        {empty ? <p className="loading">{row.subject} appears here as soon as the input holds a manifest.</p> : parts.body}
      </div>
    </>
  );
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
      <row.Panel
        row={row}
        shown={shown}
        view={view}
        onSideBySide={onSideBySide}
        reveal={reveal}
        findingLines={findingLines}
        blocked={blocked}
        outOfDate={outOfDate !== undefined}
        actions={actions}
        done={done}
        frame={frame}
      />
    </section>
  );
}
