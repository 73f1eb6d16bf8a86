/**
 * The list of every keyboard shortcut the page has, in a modal dialog: opened by its button or by
 * `?` typed outside a text field. Escape closes it, and the focus goes back where it was.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { KeyboardIcon } from '../shared/icons';
import { FIND_KEYS, SHORTCUT_MODIFIER_KEYS, TAB_FOCUS_KEYS, UNDO_KEYS } from '../shared/platform-keys';
import { Keys } from '../shared/Keys';
import { ModalDialog } from '../shared/ModalDialog';

type Row = { readonly keys: readonly (readonly string[])[]; readonly does: string };

const page = (letter: string): readonly string[] => [...SHORTCUT_MODIFIER_KEYS, letter];

const GROUPS: readonly { readonly title: string; readonly rows: readonly Row[] }[] = [
  {
    title: 'Anywhere on the page',
    rows: [
      { keys: [page('C')], does: 'Copy the text of the output tab shown' },
      { keys: [page('D')], does: 'Download the text of the output tab shown' },
      { keys: [page('K')], does: "Copy the hardened manifest as a shell command, kubectl apply -f - <<'EOF' … EOF (it applies nothing)" },
      { keys: [page('L')], does: 'Copy a link to this exact view' },
      { keys: [['?']], does: 'Show this list (outside text fields and the editor)' },
    ],
  },
  {
    title: 'In the input editor',
    rows: [
      { keys: [['F8'], ['Shift', 'F8']], does: 'Go to the next or previous problem' },
      { keys: [FIND_KEYS], does: 'Find' },
      { keys: [UNDO_KEYS], does: 'Undo (also brings back the text before an example or an opened file)' },
      { keys: [TAB_FOCUS_KEYS], does: 'Switch Tab between indenting and moving the focus out of the editor' },
    ],
  },
  {
    title: 'In the output tabs',
    rows: [
      { keys: [['←'], ['→']], does: 'Previous or next tab' },
      { keys: [['Home'], ['End']], does: 'First or last tab' },
    ],
  },
];

/** Where typing `?` means a question mark, not "show the shortcuts". */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .monaco-editor') !== null;
}

export function ShortcutsDialog() {
  const [open, setOpen] = useState(false);
  const id = useId();
  const show = useCallback(() => setOpen(true), []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      show();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [show]);

  return (
    <>
      <button
        type="button"
        className="icon-button"
        onClick={show}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        aria-keyshortcuts="?"
      >
        <KeyboardIcon />
      </button>
      <ModalDialog open={open} onClose={() => setOpen(false)} labelledBy={`${id}-title`} className="shortcuts">
        <div className="shortcuts-head">
          <h2 id={`${id}-title`}>Keyboard shortcuts</h2>
          <button type="button" onClick={() => setOpen(false)} autoFocus>
            Close
          </button>
        </div>
        {GROUPS.map((group, index) => (
          <section key={group.title} aria-labelledby={`${id}-group-${index}`}>
            <h3 id={`${id}-group-${index}`}>{group.title}</h3>
            <dl>
              {group.rows.map((row) => (
                <div key={row.does} className="shortcut">
                  <dt>
                    {row.keys.map((keys, index) => (
                      <span key={keys.join('+')}>
                        {index > 0 && <span className="muted"> or </span>}
                        <Keys keys={keys} />
                      </span>
                    ))}
                  </dt>
                  <dd>{row.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </ModalDialog>
    </>
  );
}
