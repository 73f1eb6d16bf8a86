/**
 * A modal `<dialog>`: the page behind it is inert, Escape closes it, Tab stays inside, and the
 * focus goes back to where it was when the dialog opened.
 */
import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

export function ModalDialog({
  open,
  onClose,
  labelledBy,
  describedBy,
  className,
  role,
  children,
}: {
  open: boolean;
  /** Called when the dialog closes by itself (Escape); the owner then sets `open` to false. */
  onClose: () => void;
  labelledBy: string;
  describedBy?: string;
  className: string;
  /** `alertdialog` for a question that interrupts, `dialog` otherwise. */
  role?: 'dialog' | 'alertdialog';
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
    }
    if (!open && element.open) element.close();
    if (!open) {
      const back = opener.current;
      opener.current = null;
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    }
  }, [open]);

  // A modal dialog leaves the page inert, but Tab could still reach the browser's own bar: keep it inside.
  const onKeyDown = (event: ReactKeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab') return;
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={dialog}
      className={className}
      role={role}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      {open && children}
    </dialog>
  );
}
