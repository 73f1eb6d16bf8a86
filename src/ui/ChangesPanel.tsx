/** The core's explanation: every change with its reason, and the findings. */
import { memo, useMemo, useState } from 'react';
import type { Change, Finding } from '../core';
import { FIRST_CHANGES } from '../worker/protocol';

/** What the user chose in the list, to reveal in the output (and, for a finding, in the input). */
export type Chosen =
  | { readonly kind: 'change'; readonly key: string; readonly change: Change }
  | { readonly kind: 'finding'; readonly key: string; readonly finding: Finding };

/** A bundle has thousands of changes: the list starts with this many, the rest on request. */
const FIRST_ITEMS = FIRST_CHANGES;

function describeValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export const ChangesPanel = memo(function ChangesPanel({
  changes: firstChanges,
  changeCount,
  moreChanges,
  findings,
  stale,
  chosen,
  onChoose,
}: {
  /** The first changes; `moreChanges` holds the rest as JSON (see PageResult). */
  changes: readonly Change[];
  changeCount: number;
  moreChanges: string | undefined;
  findings: readonly Finding[];
  stale: boolean;
  /** The key of the chosen item. */
  chosen: string | undefined;
  onChoose: (item: Chosen) => void;
}) {
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  const [showAll, setShowAll] = useState(false);
  const changes = useMemo(
    () => (showAll && moreChanges !== undefined ? [...firstChanges, ...(JSON.parse(moreChanges) as Change[])] : firstChanges),
    [showAll, firstChanges, moreChanges],
  );
  const shownFindings = showAll ? findings : findings.slice(0, FIRST_ITEMS);
  const shownChanges = showAll ? changes : changes.slice(0, FIRST_ITEMS);
  const hidden = findings.length - shownFindings.length + changeCount - shownChanges.length;
  return (
    <section className="changes" aria-labelledby="changes-heading">
      <div className="pane-head">
        <h2 id="changes-heading">Changes</h2>
        <span className="muted">
          {changeCount} {changeCount === 1 ? 'change' : 'changes'}, {findings.length} {findings.length === 1 ? 'finding' : 'findings'}
          {warnings > 0 ? ` (${warnings} to review)` : ''}
          {stale ? ' · from the last valid input' : ''}
        </span>
      </div>
      <div className="changes-body" tabIndex={0}>
        {changeCount === 0 && findings.length === 0 && (
          <p className="muted">Nothing to change: the manifest is already hardened, or holds no pod.</p>
        )}
        {findings.length > 0 && (
          <ul className="findings" aria-label="Findings">
            {shownFindings.map((finding, index) => {
              const key = `finding-${index}`;
              // Findings render from their fields alone, whatever their code: new codes need no change here.
              return (
                <li key={key} className={`finding ${finding.severity}${chosen === key ? ' chosen' : ''}`} data-code={finding.code}>
                  <span className="badge">{finding.severity === 'warning' ? 'Review' : 'Note'}</span>
                  <span>
                    {finding.object && <code className="object">{finding.object}</code>} {finding.message}
                    {(finding.position || finding.document >= 0) && (
                      <>
                        {' '}
                        <button
                          type="button"
                          className="locate"
                          aria-pressed={chosen === key}
                          onClick={() => onChoose({ kind: 'finding', key, finding })}
                        >
                          {finding.position ? `Line ${finding.position.line}, column ${finding.position.col}` : 'Show the object'}
                        </button>
                      </>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {changes.length > 0 && (
          <ol className="change-list" aria-label="Changes made">
            {shownChanges.map((change, index) => {
              const key = `change-${index}`;
              return (
                <li key={key} className={chosen === key ? 'chosen' : undefined}>
                  <div>
                    {change.object && <code className="object">{change.object}</code>}{' '}
                    <button
                      type="button"
                      className="locate path"
                      aria-pressed={chosen === key}
                      title="Show this change in the output"
                      onClick={() => onChoose({ kind: 'change', key, change })}
                    >
                      {change.path}
                    </button>
                  </div>
                  <div className="values">
                    <code className="before">{describeValue(change.before)}</code>
                    <span aria-hidden="true"> → </span>
                    <span className="sr-only"> becomes </span>
                    <code className="after">{describeValue(change.after)}</code>
                  </div>
                  <div className="reason">{change.reason}</div>
                </li>
              );
            })}
          </ol>
        )}
        {hidden > 0 && (
          <button type="button" onClick={() => setShowAll(true)}>
            Show all {(changeCount + findings.length).toLocaleString('en')} items ({hidden.toLocaleString('en')} more)
          </button>
        )}
      </div>
    </section>
  );
});
