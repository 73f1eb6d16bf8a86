/**
 * Monaco's look, taken from the page's own CSS variables (styles/base.css): the same surface, the
 * same syntax and diff colours as the Hardened view, the same code font, size and line height. One
 * palette, so the panes match in both themes and the contrast checks on the CSS cover the editors.
 */
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api';

export const THEME_NAME = 'sa-token-hardener';

function cssVariable(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim();
}

/** `rgb(r, g, b)` as Monaco wants colours: `#rrggbb` (the build may shorten `#ffffff` to `#fff`). */
function toHex(rgb: string): string {
  const channels = rgb.match(/\d+(\.\d+)?/g)?.slice(0, 3) ?? ['0', '0', '0'];
  return `#${channels.map((channel) => Math.round(Number(channel)).toString(16).padStart(2, '0')).join('')}`;
}

/** Each variable's colour as the browser resolves it, read from a probe element's computed colour. */
function resolvedColours(names: readonly string[]): Map<string, string> {
  const probe = document.createElement('span');
  probe.hidden = true;
  document.body.append(probe);
  const colours = new Map<string, string>();
  for (const name of names) {
    probe.style.color = `var(${name})`;
    colours.set(name, toHex(getComputedStyle(probe).color));
  }
  probe.remove();
  return colours;
}

const COLOUR_VARIABLES = [
  '--surface',
  '--surface-2',
  '--text',
  '--muted',
  '--border',
  '--added-bg',
  '--added-strong',
  '--added-mark',
  '--removed-bg',
  '--removed-strong',
  '--removed-mark',
  '--syntax-key',
  '--syntax-string',
  '--syntax-number',
  '--syntax-comment',
] as const;

/** The page's code font settings, for every editor's options. */
export function codeFontOptions(): { fontFamily: string; fontSize: number; lineHeight: number; padding: { top: number } } {
  const style = getComputedStyle(document.documentElement);
  return {
    fontFamily: cssVariable(style, '--mono'),
    fontSize: parseFloat(cssVariable(style, '--code-size')) || 13,
    lineHeight: parseFloat(cssVariable(style, '--code-line')) || 19,
    // As `.code-view pre` pads its text: the first lines of all panes sit at one height.
    padding: { top: 6 },
  };
}

/** Defines (or redefines, after a colour-scheme switch) the theme from the variables as they are now. */
export function defineTheme(monaco: typeof Monaco, dark: boolean): void {
  const colours = resolvedColours(COLOUR_VARIABLES);
  const get = (name: (typeof COLOUR_VARIABLES)[number]) => colours.get(name) ?? '#000000';
  const token = (name: (typeof COLOUR_VARIABLES)[number]) => get(name).replace('#', '');
  monaco.editor.defineTheme(THEME_NAME, {
    base: dark ? 'vs-dark' : 'vs',
    inherit: true,
    rules: [
      { token: '', foreground: token('--text') },
      { token: 'type', foreground: token('--syntax-key') },
      { token: 'string', foreground: token('--syntax-string') },
      { token: 'number', foreground: token('--syntax-number') },
      { token: 'keyword', foreground: token('--syntax-number') },
      { token: 'comment', foreground: token('--syntax-comment') },
      { token: 'operators', foreground: token('--text') },
      { token: 'delimiter', foreground: token('--text') },
      { token: 'tag', foreground: token('--syntax-number') },
      { token: 'namespace', foreground: token('--syntax-number') },
    ],
    colors: {
      'editor.background': get('--surface'),
      'editor.foreground': get('--text'),
      'editorGutter.background': get('--surface'),
      'editorLineNumber.foreground': get('--muted'),
      'editorLineNumber.activeForeground': get('--text'),
      'editor.lineHighlightBackground': get('--surface-2'),
      'editor.lineHighlightBorder': get('--surface-2'),
      'diffEditor.insertedLineBackground': get('--added-bg'),
      'diffEditor.insertedTextBackground': get('--added-strong'),
      'diffEditor.removedLineBackground': get('--removed-bg'),
      'diffEditor.removedTextBackground': get('--removed-strong'),
      'diffEditorOverview.insertedForeground': get('--added-mark'),
      'diffEditorOverview.removedForeground': get('--removed-mark'),
      'diffEditor.unchangedRegionBackground': get('--surface-2'),
      'diffEditor.unchangedRegionForeground': get('--muted'),
      'editorOverviewRuler.border': get('--border'),
      'scrollbar.shadow': '#00000000',
    },
  });
}
