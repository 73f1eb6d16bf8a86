/** A tab of text the worker computes beside the hardened text (the JSON Patch, the kustomize patches), with its notes. */
import type { TabPanelProps } from './panel';

function DerivedText({ row, shown, outOfDate }: Pick<TabPanelProps, 'row' | 'shown' | 'outOfDate'>) {
  const derived = shown?.result.derived;
  if (derived === undefined || derived.format !== row.format) {
    return (
      <p className="loading">
        {outOfDate
          ? `Shown once the input hardens without errors and every option is valid (${row.label}).`
          : `Computing the ${row.what(false)}…`}
      </p>
    );
  }
  return (
    <div className="code-view text-view" role="region" aria-label={`${row.label} text`} tabIndex={0}>
      {derived.notes.length > 0 && (
        <ul className="notes">
          {derived.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {derived.text === '' ? (
        <p className="loading">Nothing to patch: hardening changes no object.</p>
      ) : (
        <pre>
          <code>{derived.text}</code>
        </pre>
      )}
    </div>
  );
}

export function TextPanel({ row, shown, outOfDate, frame }: TabPanelProps) {
  return frame({ body: <DerivedText row={row} shown={shown} outOfDate={outOfDate} /> });
}
