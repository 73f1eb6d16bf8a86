/** Monaco's theme follows the system's light or dark setting, as the page does. */
import { useEffect } from 'react';
import { monaco } from './monaco';

const DARK = '(prefers-color-scheme: dark)';

export function useMonacoTheme(): void {
  useEffect(() => {
    const query = window.matchMedia(DARK);
    const apply = () => monaco.editor.setTheme(query.matches ? 'vs-dark' : 'vs');
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, []);
}
