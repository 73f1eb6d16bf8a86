/** The input manifest: Monaco (loaded on demand) and the problems that stop hardening. */
import { lazy, Suspense } from 'react';
import type { Finding, InputError } from '../core';
import { EditorBoundary } from './EditorBoundary';
import { TAB_FOCUS_KEYS } from './platform-keys';

/** A key combination, each key in its own `kbd`. */
function Keys({ keys }: { keys: readonly string[] }) {
  return keys.map((key, index) => (
    <span key={key}>
      {index > 0 && '+'}
      <kbd>{key}</kbd>
    </span>
  ));
}

const InputEditor = lazy(() => import('./editor/InputEditor'));

function EditorLoading({ value }: { value: string }) {
  return (
    <div className="editor-loading">
      <p className="loading">Loading the editor…</p>
      <pre aria-hidden="true">{value}</pre>
    </div>
  );
}

export function InputPane({
  value,
  onChange,
  errors,
  findings,
  status,
}: {
  value: string;
  onChange: (value: string) => void;
  errors: readonly InputError[];
  findings: readonly Finding[];
  /** A short message about the text, e.g. that an example replaced it. */
  status: string;
}) {
  return (
    <section className="input-pane" aria-labelledby="input-heading">
      <div className="pane-head">
        <h2 id="input-heading">Input</h2>
        <span className="muted">
          YAML or JSON · <Keys keys={TAB_FOCUS_KEYS} />: Tab moves focus
        </span>
      </div>
      <div className="editor-frame">
        <EditorBoundary value={value} onChange={onChange}>
          <Suspense fallback={<EditorLoading value={value} />}>
            <InputEditor value={value} onChange={onChange} errors={errors} findings={findings} />
          </Suspense>
        </EditorBoundary>
      </div>
      <p className="status" role="status">
        {status}
      </p>
      <div className="input-errors" role="status">
        {errors.length > 0 && (
          <>
            <ul>
              {errors.slice(0, 5).map((error, index) => (
                <li key={index}>
                  <strong>
                    Line {error.start.line}, column {error.start.col}:
                  </strong>{' '}
                  {error.message}
                  {error.hint && <span className="hint"> {error.hint}</span>}
                </li>
              ))}
            </ul>
            {errors.length > 5 && <p>…and {errors.length - 5} more, marked in the editor.</p>}
          </>
        )}
      </div>
    </section>
  );
}
