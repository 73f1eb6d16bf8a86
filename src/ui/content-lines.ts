/** A pane's text size for the one-column layout (styles/layout.css reads `--content-lines`). */
import type { CSSProperties } from 'react';

/** The text's line count as a CSS variable: a one-column page sizes the pane to it. */
export function contentLines(text: string): CSSProperties {
  let lines = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines += 1;
  return { '--content-lines': lines } as CSSProperties;
}
