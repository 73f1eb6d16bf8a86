/** The core's explanation: findings to review and notes first, then every change, by object. */
import { memo, useCallback, useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import type { Finding } from '../../core';
import { groupByObject, matchesObject, objectsOf, rankFindings } from '../../state/change-groups';
import type { ShownChange } from '../../state/change-snippets';
import { FIRST_CHANGES } from '../../worker/protocol';
import { ChangeItem, FindingItem } from './ChangeItems';
import { explainPanelId } from './ExplainTabs';
import { SearchField } from '../shared/SearchField';
import { plural } from '../../state/plural';

/** What the user chose in the list, to reveal in the output (and, for a finding, in the input). */
export type Chosen =
  | { readonly kind: 'change'; readonly key: string; readonly change: ShownChange }
  | { readonly kind: 'finding'; readonly key: string; readonly finding: Finding };

/** A bundle has thousands of changes: the list starts with this many, the rest on request. */
const FIRST_ITEMS = FIRST_CHANGES;

export const ChangesPanel = memo(function ChangesPanel({
  tabs,
  changes: firstChanges,
  changeCount,
  moreChanges,
  findings,
  stale,
  chosen,
  onChoose,
}: {
  /** The switch to the Workloads panel, in the head where the panel's name stands. */
  tabs: ReactNode;
  /** The first changes; `moreChanges` holds the rest as JSON (see PageResult). */
  changes: readonly ShownChange[];
  changeCount: number;
  moreChanges: string | undefined;
  findings: readonly Finding[];
  stale: boolean;
  /** The key of the chosen item. */
  chosen: string | undefined;
  onChoose: (item: Chosen) => void;
}) {
  const [showAll, setShowAll] = useState(false);
  const [typed, setFilter] = useState('');
  // A bundle's list follows the typing a moment later rather than holding up each key.
  const filter = useDeferredValue(typed);
  const filtering = filter.trim() !== '';
  // The rest is parsed only when the user asks for every item or filters (a filter looks at all objects).
  const changes = useMemo(
    () =>
      (showAll || filtering) && moreChanges !== undefined ? [...firstChanges, ...(JSON.parse(moreChanges) as ShownChange[])] : firstChanges,
    [showAll, filtering, firstChanges, moreChanges],
  );
  const objects = useMemo(() => objectsOf([changes, findings]), [changes, findings]);
  const hasManyObjects = objects.length > 1 || moreChanges !== undefined;

  const ranked = useMemo(() => rankFindings(findings), [findings]);
  const shownFindings = useMemo(
    () => ranked.filter(({ item }) => !filtering || item.object === '' || matchesObject(item.object, filter)),
    [ranked, filtering, filter],
  );
  const indexedChanges = useMemo(() => changes.map((item, index) => ({ index, item })), [changes]);
  const matchingChanges = useMemo(
    () => (filtering ? indexedChanges.filter(({ item }) => matchesObject(item.object, filter)) : indexedChanges),
    [indexedChanges, filtering, filter],
  );
  const matchingObjects = filtering ? objects.filter((object) => matchesObject(object, filter)).length : objects.length;
  const pagedFindings = showAll ? shownFindings : shownFindings.slice(0, FIRST_ITEMS);
  const pagedChanges = useMemo(() => (showAll ? matchingChanges : matchingChanges.slice(0, FIRST_ITEMS)), [showAll, matchingChanges]);
  const totalChanges = filtering ? matchingChanges.length : changeCount;
  // Past MAX_LISTED_CHANGES the worker sends no more: those are counted, not listed (nor filtered).
  const unlisted = (showAll || filtering) && moreChanges !== undefined ? changeCount - changes.length : 0;
  const hidden = shownFindings.length - pagedFindings.length + totalChanges - pagedChanges.length - (filtering ? 0 : unlisted);
  // Each item keeps its index among all changes, so that the chosen key does not move when filtering.
  const groups = useMemo(() => groupByObject(pagedChanges, ({ item }) => item.object), [pagedChanges]);

  const reviews = findings.filter((finding) => finding.severity === 'warning').length;
  const notes = findings.length - reviews;
  const summary = [
    reviews > 0 ? `Review ${reviews.toLocaleString('en')}` : undefined,
    notes > 0 ? `Notes ${notes.toLocaleString('en')}` : undefined,
    `Changes ${changeCount.toLocaleString('en')}`,
  ].filter((part) => part !== undefined);

  const chooseFinding = useCallback(
    (index: number, finding: Finding) => onChoose({ kind: 'finding', key: `finding-${index}`, finding }),
    [onChoose],
  );
  const chooseChange = useCallback(
    (index: number, change: ShownChange) => onChoose({ kind: 'change', key: `change-${index}`, change }),
    [onChoose],
  );

  return (
    <section id={explainPanelId('changes')} className="changes" aria-label="Changes">
      <div className="pane-head">
        {tabs}
        <span className="changes-summary">
          {summary.map((part, index) => (
            <span key={part} className={index === 0 && reviews > 0 ? 'summary-review' : undefined}>
              {index > 0 && ' · '}
              {part}
            </span>
          ))}
          {stale && <span> · from the last valid input</span>}
        </span>
      </div>
      {hasManyObjects && (
        <div className="changes-filter">
          <SearchField label="Filter by object" value={typed} onChange={setFilter} />
          <span className="filter-count" role="status">
            {filtering ? `${matchingObjects.toLocaleString('en')} of ${plural(objects.length, 'object', 'objects')}` : ''}
          </span>
        </div>
      )}
      <div className="changes-body" tabIndex={0}>
        {changeCount === 0 && findings.length === 0 && (
          <p className="muted">Nothing to change: the manifest is already hardened, or holds no pod.</p>
        )}
        {filtering && matchingObjects === 0 && <p className="muted">No object matches “{filter.trim()}”.</p>}
        {pagedFindings.length > 0 && (
          <div className="finding-group">
            <h3 className="changes-group">{reviews > 0 ? 'To review and notes' : 'Notes'}</h3>
            <ul className="findings" aria-label="Findings">
              {pagedFindings.map(({ index, item }) => (
                <FindingItem key={index} index={index} finding={item} chosen={chosen === `finding-${index}`} onChoose={chooseFinding} />
              ))}
            </ul>
          </div>
        )}
        {groups.map((group) => (
          <div key={`${group.object}-${group.items[0]?.index ?? 0}`} className="change-group">
            <h3 className="changes-group">
              <code>{group.object === '' ? 'The input' : group.object}</code>
              <span className="group-count"> · {plural(group.items.length, 'change', 'changes')}</span>
            </h3>
            <ol className="change-list" aria-label={`Changes to ${group.object}`}>
              {group.items.map(({ index, item }) => (
                <ChangeItem key={index} index={index} change={item} chosen={chosen === `change-${index}`} onChoose={chooseChange} />
              ))}
            </ol>
          </div>
        ))}
        {unlisted > 0 && (
          <p className="muted">
            The list stops at {changes.length.toLocaleString('en')} changes; {plural(unlisted, 'more is', 'more are')} not listed here.{' '}
            <code>sa-token-hardener --format changes</code> lists every one.
          </p>
        )}
        {hidden > 0 && (
          <button type="button" className="show-all" onClick={() => setShowAll(true)}>
            Show all {(totalChanges + shownFindings.length).toLocaleString('en')} items ({hidden.toLocaleString('en')} more)
          </button>
        )}
      </div>
    </section>
  );
});
