/** The input manifest: Monaco (loaded on demand) and the problems that stop hardening. */
import { lazy, Suspense, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { contentLines } from '../shared/content-lines';
import type { Finding, InputError } from '../../core';
import type { LineRange } from '../../state/line-range';
import { EditorBoundary } from './EditorBoundary';
import { TAB_FOCUS_KEYS } from '../shared/platform-keys';
import { Keys } from '../shared/Keys';

const InputEditor = lazy(() => import('../editor/InputEditor'));

function EditorLoading({ value }: { value: string }) {
  return (
    <div className="editor-loading">
      <p className="loading">Loading the editor…</p>
      <pre aria-hidden="true">{value}</pre>
    </div>
  );
}

/** A file from the picker or a drop; `onOpen` gets its name and text. */
export type OpenFile = (file: File) => void;

export function InputPane({
  value,
  newlineCount,
  empty,
  about,
  onChange,
  errors,
  findings,
  note,
  onDismissNote,
  reveal,
  onReplaced,
  onOpen,
  onExample,
  optionsToggle,
}: {
  value: string;
  /** The newlines in `value`, counted once by the page. */
  newlineCount: number;
  /** The text holds nothing but white space: the pane invites instead. */
  empty: boolean;
  /** What the text is, in a few words ("YAML · 17 lines · 1 object"). */
  about: string;
  onChange: (value: string) => void;
  errors: readonly InputError[];
  findings: readonly Finding[];
  /** A note about the text (an example replaced it, a reload will not keep it), until dismissed. */
  note: string | undefined;
  onDismissNote: () => void;
  reveal: LineRange | undefined;
  onReplaced: () => void;
  onOpen: OpenFile;
  /** Loads the default example (offered while the editor is empty). */
  onExample: () => void;
  /** The options drawer's toggle, shown where the options are a drawer. */
  optionsToggle: ReactNode;
}) {
  const picker = useRef<HTMLInputElement>(null);
  const lines = useMemo(() => contentLines(newlineCount), [newlineCount]);
  const [dropping, setDropping] = useState(false);
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  return (
    <section className="input-pane" aria-labelledby="input-heading" style={lines}>
      <div className="pane-head">
        {optionsToggle}
        <h2 id="input-heading">Input</h2>
        <span className="muted keys-hint">
          <Keys keys={TAB_FOCUS_KEYS} />: Tab moves focus
        </span>
      </div>
      <div className="pane-bar">
        <span className="muted">{about}</span>
        <button
          type="button"
          className="open-file"
          onClick={() => picker.current?.click()}
          title="Open a YAML or JSON file (or drop it on the editor)"
        >
          Open file
        </button>
        <input
          ref={picker}
          type="file"
          hidden
          accept=".yaml,.yml,.json,.txt,application/yaml,application/json,text/yaml,text/plain"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) onOpen(file);
            // The same file chosen again is a new open.
            event.target.value = '';
          }}
        />
      </div>
      <div
        className={dropping ? 'editor-frame dropping' : 'editor-frame'}
        // Capture: the drop is ours before Monaco's own handling inserts the file's name as text.
        onDragOverCapture={(event) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          event.stopPropagation();
          event.dataTransfer.dropEffect = 'copy';
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDropCapture={(event) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          event.stopPropagation();
          setDropping(false);
          const file = event.dataTransfer.files[0];
          if (file) onOpen(file);
        }}
      >
        <EditorBoundary value={value} onChange={onChange}>
          <Suspense fallback={<EditorLoading value={value} />}>
            <InputEditor value={value} onChange={onChange} errors={errors} findings={findings} reveal={reveal} onReplaced={onReplaced} />
          </Suspense>
        </EditorBoundary>
        {empty && !dropping && (
          <div className="empty-invitation">
            <p>Paste a Kubernetes manifest here, drop a YAML or JSON file on the editor, or</p>
            <p>
              <button type="button" onClick={() => picker.current?.click()}>
                Open a file
              </button>{' '}
              <button type="button" onClick={onExample}>
                Load the example pod
              </button>
            </p>
          </div>
        )}
        {dropping && (
          <div className="drop-hint" aria-hidden="true">
            Drop to open the file
          </div>
        )}
      </div>
      {/* Under the editor, in the flow: over the editor it would hide lines, above it it would push the text out of line with the output's. */}
      <div className="pane-note" role="status">
        {note !== undefined && (
          <>
            <p>{note}</p>
            <button type="button" className="icon-button" aria-label="Dismiss the note" title="Dismiss" onClick={onDismissNote}>
              <span aria-hidden="true">×</span>
            </button>
          </>
        )}
      </div>
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
