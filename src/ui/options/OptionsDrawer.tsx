/**
 * Where the options live: a column of the workspace on wide screens, a drawer from the left at
 * 1200 px and below (styles/layout.css decides which), so two columns keep room for the editors.
 */
import { useEffect, useRef, type ReactNode, type Ref } from 'react';

export const OPTIONS_DRAWER_ID = 'options-drawer';

export function OptionsDrawer({ open, onClose, children }: { open: boolean; onClose: () => void; children: ReactNode }) {
  const drawer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Opened from its toggle: the keyboard goes to the first field, not back to the top of the page.
    if (open) drawer.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [open]);
  return (
    <>
      {open && <div className="drawer-backdrop" aria-hidden="true" onClick={onClose} />}
      <div
        id={OPTIONS_DRAWER_ID}
        ref={drawer}
        className={open ? 'options-slot open' : 'options-slot'}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) {
            event.stopPropagation();
            onClose();
          }
        }}
      >
        {children}
        <button type="button" className="drawer-close" aria-label="Close options" title="Close options (Escape)" onClick={onClose}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>
    </>
  );
}

/** The drawer's toggle, shown only where the options are a drawer; says how many options differ from their defaults. */
export function OptionsToggle({
  open,
  changed,
  onToggle,
  ref,
}: {
  open: boolean;
  changed: number;
  onToggle: () => void;
  ref: Ref<HTMLButtonElement>;
}) {
  return (
    <button ref={ref} type="button" className="options-toggle" aria-expanded={open} aria-controls={OPTIONS_DRAWER_ID} onClick={onToggle}>
      <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
        <path d="M2 4.25h6.1a2 2 0 0 0 3.8 0H14v-1.5h-2.1a2 2 0 0 0-3.8 0H2zm0 7.5h2.1a2 2 0 0 0 3.8 0H14v-1.5H7.9a2 2 0 0 0-3.8 0H2z" />
      </svg>
      Options{changed > 0 && <span className="changed-count"> · {changed} changed</span>}
    </button>
  );
}
