/**
 * What every field of the options form shares: a one-line summary under the control, the full
 * explanation behind a "?", and a mark when the value is not the default. Screen readers get all
 * of it through the control's description.
 *
 * The explanation opens on the "?" only, not on focus: a field's text closing as it loses focus
 * moved the fields below it, so a click aimed at one of them landed on another.
 */
import { useId, useState } from 'react';
import { DEFAULT_OPTIONS, type OptionRow, resolveOptions, validateOption } from '../../core';

/** The explanation in full: what the option does, what Kubernetes does, and the default. */
export function helpText(row: OptionRow): string {
  return `${row.help} Default: ${row.defaultText}.`;
}

/**
 * Whether a field's value means something else than the default. An emptied field takes the
 * default and `444` is `0444`, so neither counts; a refused value does, since it is not the default.
 */
export function isChanged(row: OptionRow, value: OptionRow['initial']): boolean {
  if (typeof value !== 'string') return Array.isArray(value) ? value.length > 0 : value !== row.initial;
  if (value.trim() === '') return false;
  if (validateOption(row.name, value)) return true;
  return resolveOptions({ [row.name]: value }).options[row.name] !== DEFAULT_OPTIONS[row.name];
}

export type FieldHelp = {
  readonly summaryId: string;
  readonly detailsId: string;
  readonly changedId: string;
  readonly open: boolean;
  readonly toggle: () => void;
  /** The description of the field's control: summary, changed mark, full explanation. */
  readonly describedBy: (changed: boolean, ...first: (string | false | undefined)[]) => string;
};

export function useFieldHelp(): FieldHelp {
  const id = useId();
  const [open, setOpen] = useState(false);
  const summaryId = `${id}-summary`;
  const detailsId = `${id}-details`;
  const changedId = `${id}-changed`;
  return {
    summaryId,
    detailsId,
    changedId,
    open,
    toggle: () => setOpen((value) => !value),
    describedBy: (changed, ...first) =>
      [...first, summaryId, changed ? changedId : undefined, detailsId].filter((part) => typeof part === 'string' && part !== '').join(' '),
  };
}

/** The dot beside a label whose field differs from the default; its words are for screen readers. */
export function ChangedMark({ help, changed }: { help: FieldHelp; changed: boolean }) {
  if (!changed) return null;
  return (
    <span className="changed-mark" id={help.changedId} title="Changed from the default">
      <span className="sr-only">Changed from the default.</span>
    </span>
  );
}

/** The "?" that shows or hides the full explanation. */
export function AboutButton({ row, help }: { row: OptionRow; help: FieldHelp }) {
  return (
    <button
      type="button"
      className="about"
      aria-label={`About ${row.label}`}
      aria-expanded={help.open}
      aria-controls={help.detailsId}
      onClick={help.toggle}
    >
      ?
    </button>
  );
}

/**
 * The summary, always shown (or, for a field without effect, why), and the full explanation with
 * the CLI flag, shown on demand.
 */
export function FieldNotes({ row, help, inactive }: { row: OptionRow; help: FieldHelp; inactive?: string | undefined }) {
  return (
    <>
      <p className={inactive === undefined ? 'field-help field-summary' : 'field-help field-summary field-inactive'} id={help.summaryId}>
        {inactive ?? row.summary}
      </p>
      <div className="field-details" hidden={!help.open}>
        <p id={help.detailsId}>{helpText(row)}</p>
        <p className="field-flag" aria-hidden="true">
          Command line: <code>{row.flagValue === undefined ? row.flag : `${row.flag} ${row.flagValue}`}</code>
        </p>
      </div>
    </>
  );
}
