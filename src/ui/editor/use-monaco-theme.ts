/** Monaco's theme follows the system's light or dark setting, as the page does, in the page's colours. */
import { useEffect } from 'react';
import { useColourScheme } from '../shared/use-colour-scheme';
import { monaco } from './monaco';
import { defineTheme, THEME_NAME } from './theme';

export function useMonacoTheme(): void {
  const dark = useColourScheme();
  useEffect(() => {
    defineTheme(monaco, dark);
    monaco.editor.setTheme(THEME_NAME);
  }, [dark]);
}
