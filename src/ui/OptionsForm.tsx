/** The hardening options, one control per row of the core's table, validated live with its rules (SPEC §2.4). */
import { useId } from 'react';
import { OPTION_TABLE, type OptionRow, validateOption } from '../core';
import type { ManifestFacts } from '../state/manifest-facts';
import type { ChoiceFieldName, OptionFields, SwitchFieldName, TextFieldName } from '../state/option-fields';
import { appStore, useAppStore } from './store';

const ROWS: readonly OptionRow[] = OPTION_TABLE;

/** The form's label of each option, for messages elsewhere on the page. */
export function fieldLabel(name: string): string {
  return ROWS.find((row) => row.name === name)?.label ?? name;
}

/** What the field explains: what it does, what Kubernetes does, and the default in full. */
function helpText(row: OptionRow): string {
  return `${row.help} Default: ${row.defaultText}.`;
}

/** Placeholders that say what the manifest already holds, where that is more useful than the default. */
const FACT_PLACEHOLDERS: Partial<Record<string, (facts: ManifestFacts) => string | undefined>> = {
  serviceAccountName: (facts) =>
    facts.serviceAccountNames.length > 0 ? `${facts.serviceAccountNames.join(', ')} (from the manifest)` : undefined,
  audience: (facts) => (facts.audiences.length > 0 ? `${facts.audiences.join(', ')} (from the manifest)` : undefined),
};

function TextField({ row, facts }: { row: OptionRow; facts: ManifestFacts }) {
  const id = useId();
  const name = row.urlKey as TextFieldName;
  const value = useAppStore((state) => state.fields[name]);
  const setField = useAppStore((state) => state.setField);
  const problem = validateOption(row.name, value);
  const hint = row.hint?.(value);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [problem ? errorId : '', hint ? hintId : '', helpId].filter((part) => part !== '').join(' ');
  return (
    <div className={problem ? 'field invalid' : 'field'}>
      <div className="field-head">
        <label htmlFor={id}>{row.label}</label>
        <code className="flag" aria-hidden="true">
          {row.flag}
        </code>
      </div>
      <input
        id={id}
        type="text"
        inputMode={row.kind === 'number' ? 'numeric' : 'text'}
        spellCheck={false}
        autoComplete="off"
        value={value}
        placeholder={FACT_PLACEHOLDERS[row.name]?.(facts) ?? row.defaultText}
        aria-invalid={problem ? true : false}
        aria-describedby={described}
        onChange={(event) => setField(name, event.target.value)}
      />
      {problem && (
        <p className="field-error" id={errorId}>
          Must be {problem.rule}.
        </p>
      )}
      {hint && (
        <p className="field-help field-hint" id={hintId}>
          {hint}
        </p>
      )}
      <p className="field-help" id={helpId}>
        {helpText(row)}
      </p>
    </div>
  );
}

function ContainerChoices({ row, containers }: { row: OptionRow; containers: readonly string[] }) {
  const excluded = useAppStore((state) => state.fields.excludedContainers);
  const setIncluded = useAppStore((state) => state.setContainerIncluded);
  const helpId = useId();
  const stale = excluded.filter((name) => !containers.includes(name));
  return (
    <fieldset className="field containers" aria-describedby={helpId}>
      <legend>{row.label}</legend>
      {containers.length === 0 && <p className="muted">No containers found in the manifest.</p>}
      {containers.map((name) => (
        <label key={name} className="check">
          <input type="checkbox" checked={!excluded.includes(name)} onChange={(event) => setIncluded(name, event.target.checked)} />
          <code>{name}</code>
        </label>
      ))}
      {stale.map((name) => (
        <label key={name} className="check muted">
          <input type="checkbox" checked={false} onChange={() => setIncluded(name, true)} />
          <code>{name}</code> (not in the manifest)
        </label>
      ))}
      <p className="field-help" id={helpId}>
        {helpText(row)}
      </p>
    </fieldset>
  );
}

/** Sets one field: every switch and choice of the table goes through here, so a new one needs no new setter. */
function setFieldValue<K extends keyof OptionFields>(name: K, value: OptionFields[K]): void {
  appStore.setState((state) => ({ fields: { ...state.fields, [name]: value } }));
}

function Toggle({ row }: { row: OptionRow }) {
  const helpId = useId();
  const name = row.urlKey as SwitchFieldName;
  const checked = useAppStore((state) => state.fields[name]);
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={helpId}
          onChange={(event) => setFieldValue(name, event.target.checked)}
        />
        {row.label}
      </label>
      <p className="field-help" id={helpId}>
        {helpText(row)}
      </p>
    </div>
  );
}

function Choice({ row }: { row: OptionRow }) {
  const id = useId();
  const name = row.urlKey as ChoiceFieldName;
  const value = useAppStore((state) => state.fields[name]);
  // The row's choices are the values its field holds.
  const choose = (next: string) => setFieldValue(name, next as OptionFields[ChoiceFieldName]);
  return (
    <fieldset className="field" role="radiogroup" aria-labelledby={`${id}-legend`} aria-describedby={`${id}-help`}>
      <legend id={`${id}-legend`}>{row.label}</legend>
      {row.choices?.map((choice) => (
        <label key={choice.value} className="check">
          <input type="radio" name={id} value={choice.value} checked={value === choice.value} onChange={() => choose(choice.value)} />
          {choice.label}
        </label>
      ))}
      <p className="field-help" id={`${id}-help`}>
        {helpText(row)}
      </p>
    </fieldset>
  );
}

function OptionControl({ row, facts, containers }: { row: OptionRow; facts: ManifestFacts; containers: readonly string[] }) {
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
  }
}

export function OptionsForm({ facts, containers }: { facts: ManifestFacts; containers: readonly string[] }) {
  const resetFields = useAppStore((state) => state.resetFields);
  return (
    <form className="options" aria-labelledby="options-heading" onSubmit={(event) => event.preventDefault()} noValidate>
      <div className="pane-head">
        <h2 id="options-heading">Options</h2>
        <button type="button" className="link-button" onClick={resetFields}>
          Reset to defaults
        </button>
      </div>
      {ROWS.map((row) => (
        <OptionControl key={row.name} row={row} facts={facts} containers={containers} />
      ))}
    </form>
  );
}
