/**
 * The containers that get the token: one checkbox per container name (the option, the CLI's
 * --containers and the link all choose by name), labelled with the workloads that have it. A
 * manifest can hold thousands of names: the list shows the first SHOWN_CONTAINERS, and a field
 * finds the others by name.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import type { OptionRow } from '../../core';
import type { ContainerChoice, ContainerPlace } from '../../worker/protocol';
import { AboutButton, ChangedMark, FieldNotes, isChanged, useFieldHelp } from './FieldParts';
import { setFieldValue } from './OptionFields';
import { useAppStore } from '../shared/store';
import { SearchField } from '../shared/SearchField';

/** Workloads named beside a container before the rest is counted: the column is narrow. */
const SHOWN_PLACES = 3;

/** Checkboxes the list shows at once: a page of 100,000 would take seconds to draw and be read by nobody. */
export const SHOWN_CONTAINERS = 100;

function Places({ places }: { places: readonly ContainerPlace[] }) {
  const shown = places.slice(0, SHOWN_PLACES);
  const more = places.length - shown.length;
  return (
    <span className="container-places">
      {shown.map((place, index) => (
        <span key={`${place.object}-${index}`}>
          {index > 0 && ', '}
          {place.init && <span className="init-tag">init</span>}
          {place.init && ' '}
          {place.object}
        </span>
      ))}
      {more > 0 && `, and ${more} more`}
    </span>
  );
}

export function ContainerChoices({ row, containers }: { row: OptionRow; containers: readonly ContainerChoice[] }) {
  const help = useFieldHelp();
  const excludedList = useAppStore((state) => state.fields.excludedContainers);
  const setIncluded = useAppStore((state) => state.setContainerIncluded);
  const [typed, setTyped] = useState('');
  const search = useDeferredValue(typed.trim());
  const excluded = useMemo(() => new Set(excludedList), [excludedList]);
  const names = useMemo(() => containers.map((container) => container.name), [containers]);
  const stale = useMemo(() => {
    const present = new Set(names);
    return excludedList.filter((name) => !present.has(name));
  }, [names, excludedList]);
  const matching = useMemo(
    () => (search === '' ? containers : containers.filter((container) => container.name.includes(search))),
    [containers, search],
  );
  const shown = matching.slice(0, SHOWN_CONTAINERS);
  const changed = isChanged(row, excludedList);
  const excludeAll = () => setFieldValue('excludedContainers', [...new Set([...excludedList, ...names])].sort());
  return (
    <fieldset className="field containers" aria-describedby={help.describedBy(changed)}>
      <legend>{row.label}</legend>
      <ChangedMark help={help} changed={changed} />
      <AboutButton row={row} help={help} />
      {containers.length > 0 && (
        <span className="select-all">
          <button
            type="button"
            className="link-button"
            disabled={excluded.size === 0}
            onClick={() => setFieldValue('excludedContainers', [])}
          >
            All
          </button>
          <button type="button" className="link-button" disabled={names.every((name) => excluded.has(name))} onClick={excludeAll}>
            None
          </button>
        </span>
      )}
      {containers.length > SHOWN_CONTAINERS && (
        <div className="container-search">
          <SearchField
            label="Find a container"
            placeholder={`Find one of ${containers.length.toLocaleString('en')} containers`}
            value={typed}
            onChange={setTyped}
          />
        </div>
      )}
      <div className="field-body container-list">
        {containers.length === 0 && <p className="muted">No containers found in the manifest.</p>}
        {shown.map((container) => (
          <label key={container.name} className="check container">
            <input
              type="checkbox"
              checked={!excluded.has(container.name)}
              onChange={(event) => setIncluded(container.name, event.target.checked)}
            />
            <span className="container-text">
              <code>{container.name}</code> <Places places={container.places} />
            </span>
          </label>
        ))}
        {matching.length > shown.length && (
          <p className="muted" role="status">
            {(matching.length - shown.length).toLocaleString('en')} more {search === '' ? '' : 'matching '}containers: type a name to find
            one
          </p>
        )}
        {containers.length > 0 && matching.length === 0 && (
          <p className="muted" role="status">
            No container name contains “{search}”
          </p>
        )}
        {stale.map((name) => (
          <label key={name} className="check container muted">
            <input type="checkbox" checked={false} onChange={() => setIncluded(name, true)} />
            <span className="container-text">
              <code>{name}</code> <span className="container-places">(not in the manifest)</span>
            </span>
          </label>
        ))}
      </div>
      <FieldNotes row={row} help={help} />
    </fieldset>
  );
}
