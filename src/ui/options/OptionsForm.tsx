/** The hardening options, one control per row of the core's table, in the table's groups (Scope, Token, Mount). */
import { memo, useId } from 'react';
import { OPTION_GROUPS, OPTION_TABLE, type OptionGroup, type OptionRow } from '../../core';
import type { ManifestFacts } from '../../state/manifest-facts';
import type { ContainerChoice } from '../../worker/protocol';
import { ContainerChoices } from './ContainerChoices';
import { Choice, TextField, Toggle } from './OptionFields';
import { useAppStore } from '../shared/store';

const ROWS: readonly OptionRow[] = OPTION_TABLE;

/** The form's label of each option, for messages elsewhere on the page. */
export function fieldLabel(name: string): string {
  return ROWS.find((row) => row.name === name)?.label ?? name;
}

type Inputs = { readonly facts: ManifestFacts; readonly containers: readonly ContainerChoice[] };

function OptionControl({ row, facts, containers }: Inputs & { row: OptionRow }) {
  switch (row.kind) {
    case 'text':
    case 'number':
    case 'mode':
      return <TextField row={row} facts={facts} />;
    case 'list':
      return <ContainerChoices row={row} containers={containers} />;
    case 'boolean':
      return <Toggle row={row} />;
    case 'choice':
      return <Choice row={row} />;
    case 'workloads':
      // Chosen per workload in the Workloads region, not in the form.
      return null;
  }
}

function Group({ group, ...inputs }: Inputs & { group: OptionGroup }) {
  const id = useId();
  const rows = group.options.flatMap((name) => ROWS.filter((row) => row.name === name));
  return (
    <div className="option-group" role="group" aria-labelledby={id}>
      <h3 id={id}>{group.title}</h3>
      {rows.map((row) => (
        <OptionControl key={row.name} row={row} {...inputs} />
      ))}
    </div>
  );
}

/** Memoised: the page re-renders on every keystroke, the form only when the manifest's facts change. */
export const OptionsForm = memo(function OptionsForm({ facts, containers }: Inputs) {
  const resetFields = useAppStore((state) => state.resetFields);
  return (
    <form className="options" aria-labelledby="options-heading" onSubmit={(event) => event.preventDefault()} noValidate>
      <div className="pane-head">
        <h2 id="options-heading">Options</h2>
        <button type="button" className="link-button" onClick={resetFields}>
          Reset to defaults
        </button>
      </div>
      {OPTION_GROUPS.map((group) => (
        <Group key={group.title} group={group} facts={facts} containers={containers} />
      ))}
    </form>
  );
});
