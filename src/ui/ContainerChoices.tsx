/**
 * The containers that get the token: one checkbox per container name (the option, the CLI's
 * --containers and the link all choose by name), labelled with the workloads that have it.
 */
import type { OptionRow } from '../core';
import type { ContainerChoice, ContainerPlace } from '../worker/protocol';
import { AboutButton, ChangedMark, FieldNotes, isChanged, useFieldHelp } from './FieldParts';
import { setFieldValue } from './OptionFields';
import { useAppStore } from './store';

/** Workloads named beside a container before the rest is counted: the column is narrow. */
const SHOWN_PLACES = 3;

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
  const excluded = useAppStore((state) => state.fields.excludedContainers);
  const setIncluded = useAppStore((state) => state.setContainerIncluded);
  const names = containers.map((container) => container.name);
  const stale = excluded.filter((name) => !names.includes(name));
  const changed = isChanged(row, excluded);
  const excludeAll = () => setFieldValue('excludedContainers', [...new Set([...excluded, ...names])].sort());
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
            disabled={excluded.length === 0}
            onClick={() => setFieldValue('excludedContainers', [])}
          >
            All
          </button>
          <button type="button" className="link-button" disabled={names.every((name) => excluded.includes(name))} onClick={excludeAll}>
            None
          </button>
        </span>
      )}
      <div className="field-body container-list">
        {containers.length === 0 && <p className="muted">No containers found in the manifest.</p>}
        {containers.map((container) => (
          <label key={container.name} className="check container">
            <input
              type="checkbox"
              checked={!excluded.includes(container.name)}
              onChange={(event) => setIncluded(container.name, event.target.checked)}
            />
            <span className="container-text">
              <code>{container.name}</code> <Places places={container.places} />
            </span>
          </label>
        ))}
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
