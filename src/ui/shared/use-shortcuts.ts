/** Page-wide keyboard shortcuts: Alt+Shift+letter, which neither browsers nor Monaco claim. */
import { useEffect, useRef } from 'react';

export type Shortcut = { readonly key: string; readonly run: () => void };

/** How a shortcut is written in tooltips and aria-keyshortcuts. */
export function shortcutLabel(key: string): string {
  return `Alt+Shift+${key.toUpperCase()}`;
}

export function useShortcuts(shortcuts: readonly Shortcut[]): void {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  }, [shortcuts]);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
      // Behind a modal dialog (the shortcuts list) the page is out of reach, its shortcuts too.
      if (document.querySelector('dialog[open]')) return;
      // `code`, not `key`: Alt+Shift changes the produced character on many layouts.
      const shortcut = latest.current.find((item) => event.code === `Key${item.key.toUpperCase()}`);
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
