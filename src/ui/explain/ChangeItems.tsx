/** One change or finding of the Changes panel. */
import { memo } from 'react';
import type { Finding } from '../../core';
import { sentenceCase } from '../../state/change-titles';
import type { ShownChange, Snippet } from '../../state/change-snippets';

/** Octicons' alert and info (MIT), 16 px: the review and note marks. */
function FindingIcon({ severity }: { severity: Finding['severity'] }) {
  return (
    <svg className="finding-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {severity === 'warning' ? (
        <path d="M6.457 1.047c.659-1.234 2.427-1.234 3.086 0l6.082 11.378A1.75 1.75 0 0 1 14.082 15H1.918a1.75 1.75 0 0 1-1.543-2.575Zm1.763.707a.25.25 0 0 0-.44 0L1.698 13.132a.25.25 0 0 0 .22.368h12.164a.25.25 0 0 0 .22-.368Zm.53 3.996v2.5a.75.75 0 0 1-1.5 0v-2.5a.75.75 0 0 1 1.5 0ZM9 11a1 1 0 1 1-2 0 1 1 0 0 1 2 0Z" />
      ) : (
        <path d="M0 8a8 8 0 1 1 16 0A8 8 0 0 1 0 8Zm8-6.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM6.5 7.75A.75.75 0 0 1 7.25 7h1a.75.75 0 0 1 .75.75v2.75h.25a.75.75 0 0 1 0 1.5h-2a.75.75 0 0 1 0-1.5h.25v-2h-.25a.75.75 0 0 1-.75-.75ZM8 6a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z" />
      )}
    </svg>
  );
}

export const FindingItem = memo(function FindingItem({
  index,
  finding,
  chosen,
  onChoose,
}: {
  /** The finding's index among all findings, handed back on choosing it. */
  index: number;
  finding: Finding;
  chosen: boolean;
  onChoose: (index: number, finding: Finding) => void;
}) {
  const review = finding.severity === 'warning';
  const canLocate = finding.position !== undefined || finding.document >= 0;
  // Findings render from their fields alone, whatever their code: new codes need no change here.
  return (
    <li className={`finding ${review ? 'review' : 'note'}${chosen ? ' chosen' : ''}`} data-code={finding.code}>
      <FindingIcon severity={finding.severity} />
      <div className="finding-body">
        <p className="finding-message">
          <span className="badge">{review ? 'Review' : 'Note'}</span> {sentenceCase(finding.message)}
        </p>
        {(finding.object !== '' || canLocate) && (
          <p className="item-meta">
            {finding.object !== '' && <code className="object">{finding.object}</code>}
            {canLocate && (
              <button type="button" className="locate" aria-pressed={chosen} onClick={() => onChoose(index, finding)}>
                {finding.position ? `Line ${finding.position.line}, column ${finding.position.col}` : 'Show the object'}
              </button>
            )}
          </p>
        )}
      </div>
    </li>
  );
});

function SnippetBlock({ snippet, kind }: { snippet: Snippet; kind: 'added' | 'removed' }) {
  return (
    <div className={`snippet ${kind}`}>
      <span className="sr-only">{kind === 'added' ? 'New value: ' : 'Old value: '}</span>
      <pre>{snippet.lines.join('\n')}</pre>
      {snippet.more > 0 && (
        <span className="snippet-more">
          + {snippet.more} more {snippet.more === 1 ? 'line' : 'lines'}
        </span>
      )}
    </div>
  );
}

export const ChangeItem = memo(function ChangeItem({
  index,
  change,
  chosen,
  onChoose,
}: {
  /** The change's index among all changes, handed back on choosing it. */
  index: number;
  change: ShownChange;
  chosen: boolean;
  onChoose: (index: number, change: ShownChange) => void;
}) {
  return (
    <li className={`change${chosen ? ' chosen' : ''}`}>
      <button type="button" className="change-title" aria-pressed={chosen} onClick={() => onChoose(index, change)}>
        {change.title.map((text, index) => (index % 2 === 1 ? <code key={index}>{text}</code> : text))}
      </button>
      <p className="item-meta">
        <code className="object" title={change.object}>
          {change.path}
        </code>
      </p>
      <p className="change-reason">{sentenceCase(change.reason)}</p>
      {change.removed && <SnippetBlock snippet={change.removed} kind="removed" />}
      {change.added && <SnippetBlock snippet={change.added} kind="added" />}
    </li>
  );
});
