/** Monaco's theme follows the system's light or dark setting, as the page does, in the page's colours. */
import { useEffect } from 'react';
import { monaco } from './monaco';
import { defineTheme, THEME_NAME } from './theme';

const DARK = '(prefers-color-scheme: dark)';

export function useMonacoTheme(): void {
  useEffect(() => {
    const query = window.matchMedia(DARK);
    const apply = () => {
      defineTheme(monaco, query.matches);
      monaco.editor.setTheme(THEME_NAME);
    };
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, []);
}
