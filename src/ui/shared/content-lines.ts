/** Line counts of the panes' texts, counted without splitting (a bundle is 74,000 lines, counted on every keystroke). */
import type { CSSProperties } from 'react';

/** The newlines in `text`. */
export function newlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

/** The text's lines as a reader counts them: a last newline ends a line, it does not start one. */
export function countLines(text: string, newlineCount = newlines(text)): number {
  if (text === '') return 0;
  return newlineCount + (text.endsWith('\n') ? 0 : 1);
}

/** The lines an editor shows (one more than the newlines), as a CSS variable: a one-column page sizes the pane to it. */
export function contentLines(newlineCount: number): CSSProperties {
  return { '--content-lines': newlineCount + 1 } as CSSProperties;
}
