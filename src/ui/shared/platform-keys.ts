/** Key names as the user's platform writes them: Monaco's own bindings differ on Apple devices. */
const isApple = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Undo in the editor. */
export const UNDO_KEYS: readonly string[] = isApple ? ['⌘', 'Z'] : ['Ctrl', 'Z'];

/** Monaco's "Tab moves focus" toggle. */
export const TAB_FOCUS_KEYS: readonly string[] = isApple ? ['Ctrl', 'Shift', 'M'] : ['Ctrl', 'M'];

/** The page's own shortcuts hold these with a letter (see use-shortcuts.ts). */
export const SHORTCUT_MODIFIER_KEYS: readonly string[] = isApple ? ['Option', 'Shift'] : ['Alt', 'Shift'];

/** Find in the editor. */
export const FIND_KEYS: readonly string[] = isApple ? ['⌘', 'F'] : ['Ctrl', 'F'];
