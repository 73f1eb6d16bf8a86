/** The options form's controls for text, switches and choices, validated live with the table's rules (SPEC §2.4). */
import { useId } from 'react';
import { type OptionRow, validateOption } from '../../core';
import type { ManifestFacts } from '../../state/manifest-facts';
import {
  inactiveReason,
  type ChoiceFieldName,
  type OptionFields,
  type SwitchFieldName,
  type TextFieldName,
} from '../../state/option-fields';
import { AboutButton, ChangedMark, FieldNotes, isChanged, useFieldHelp } from './FieldParts';
import { appStore, useAppStore } from '../shared/store';

/** Placeholders that say what the manifest already holds, where that is more useful than the default. */
const FACT_PLACEHOLDERS: Partial<Record<string, (facts: ManifestFacts) => string | undefined>> = {
  serviceAccountName: (facts) =>
    facts.serviceAccountNames.length > 0 ? `${facts.serviceAccountNames.join(', ')} (from the manifest)` : undefined,
  audience: (facts) => (facts.audiences.length > 0 ? `${facts.audiences.join(', ')} (from the manifest)` : undefined),
};

/** Sets one field: every switch and choice of the table goes through here, so a new one needs no new setter. */
export function setFieldValue<K extends keyof OptionFields>(name: K, value: OptionFields[K]): void {
  appStore.setState((state) => ({ fields: { ...state.fields, [name]: value } }));
}

export function TextField({ row, facts }: { row: OptionRow; facts: ManifestFacts }) {
  const id = useId();
  const help = useFieldHelp();
  const name = row.urlKey as TextFieldName;
  const value = useAppStore((state) => state.fields[name]);
  const setField = useAppStore((state) => state.setField);
  const problem = validateOption(row.name, value);
  // A value that has no effect is shown, greyed, with the reason; one that is refused stays editable so it can be fixed.
  const inactive = useAppStore((state) => inactiveReason(row, state.fields));
  const disabled = inactive !== undefined && !problem;
  const hint = disabled ? undefined : row.hint?.(value);
  const changed = isChanged(row, value);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className={problem ? 'field invalid' : disabled ? 'field inactive' : 'field'}>
      <div className="field-head">
        <label htmlFor={id}>{row.label}</label>
        <ChangedMark help={help} changed={changed} />
        <AboutButton row={row} help={help} />
      </div>
      <input
        id={id}
        type="text"
        inputMode={row.kind === 'number' ? 'numeric' : 'text'}
        spellCheck={false}
        autoComplete="off"
        value={value}
        disabled={disabled}
        placeholder={FACT_PLACEHOLDERS[row.name]?.(facts) ?? row.defaultText}
        aria-invalid={problem ? true : false}
        aria-describedby={help.describedBy(changed, problem && errorId, hint && hintId)}
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
      <FieldNotes row={row} help={help} inactive={disabled ? inactive : undefined} />
    </div>
  );
}

export function Toggle({ row }: { row: OptionRow }) {
  const help = useFieldHelp();
  const name = row.urlKey as SwitchFieldName;
  const checked = useAppStore((state) => state.fields[name]);
  const changed = isChanged(row, checked);
  return (
    <div className="field toggle">
      <div className="field-head">
        <label className="check">
          <input
            type="checkbox"
            checked={checked}
            aria-describedby={help.describedBy(changed)}
            onChange={(event) => setFieldValue(name, event.target.checked)}
          />
          {row.label}
        </label>
        <ChangedMark help={help} changed={changed} />
        <AboutButton row={row} help={help} />
      </div>
      <FieldNotes row={row} help={help} />
    </div>
  );
}

export function Choice({ row }: { row: OptionRow }) {
  const id = useId();
  const help = useFieldHelp();
  const name = row.urlKey as ChoiceFieldName;
  const value = useAppStore((state) => state.fields[name]);
  const changed = isChanged(row, value);
  // The row's choices are the values its field holds.
  const choose = (next: string) => setFieldValue(name, next as OptionFields[ChoiceFieldName]);
  return (
    <fieldset className="field" role="radiogroup" aria-labelledby={`${id}-legend`} aria-describedby={help.describedBy(changed)}>
      <legend id={`${id}-legend`}>{row.label}</legend>
      <ChangedMark help={help} changed={changed} />
      <AboutButton row={row} help={help} />
      <div className="field-body choices">
        {row.choices?.map((choice) => (
          <label key={choice.value} className="check">
            <input type="radio" name={id} value={choice.value} checked={value === choice.value} onChange={() => choose(choice.value)} />
            {choice.label}
          </label>
        ))}
      </div>
      <FieldNotes row={row} help={help} />
    </fieldset>
  );
}
