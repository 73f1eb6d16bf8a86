/** The core's explanation: every change with its reason, and the findings. */
import type { Change, Finding } from '../core';

function describeValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function ChangesPanel({
  changes,
  findings,
  stale,
}: {
  changes: readonly Change[];
  findings: readonly Finding[];
  stale: boolean;
}) {
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  return (
    <section className="changes" aria-labelledby="changes-heading">
      <div className="pane-head">
        <h2 id="changes-heading">Changes</h2>
        <span className="muted">
          {changes.length} {changes.length === 1 ? 'change' : 'changes'}, {findings.length} {findings.length === 1 ? 'finding' : 'findings'}
          {warnings > 0 ? ` (${warnings} to review)` : ''}
          {stale ? ' · from the last valid input' : ''}
        </span>
      </div>
      <div className="changes-body" tabIndex={0}>
        {changes.length === 0 && findings.length === 0 && <p className="muted">Nothing to change: the manifest is already hardened, or holds no pod.</p>}
        {findings.length > 0 && (
          <ul className="findings" aria-label="Findings">
            {findings.map((finding, index) => (
              <li key={index} className={`finding ${finding.severity}`}>
                <span className="badge">{finding.severity === 'warning' ? 'Review' : 'Note'}</span>
                <span>
                  {finding.object && <code className="object">{finding.object}</code>} {finding.message}
                  {finding.position && (
                    <span className="muted">
                      {' '}
                      (line {finding.position.line}, column {finding.position.col})
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        {changes.length > 0 && (
          <ol className="change-list" aria-label="Changes made">
            {changes.map((change, index) => (
              <li key={index}>
                <div>
                  {change.object && <code className="object">{change.object}</code>} <code className="path">{change.path}</code>
                </div>
                <div className="values">
                  <code className="before">{describeValue(change.before)}</code>
                  <span aria-hidden="true"> → </span>
                  <span className="sr-only"> becomes </span>
                  <code className="after">{describeValue(change.after)}</code>
                </div>
                <div className="reason">{change.reason}</div>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
