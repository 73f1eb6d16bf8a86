/** Whether the system asks for dark colours, as the page's CSS follows it; changes when the system does. */
import { useEffect, useState } from 'react';

const DARK = '(prefers-color-scheme: dark)';

export function useColourScheme(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia(DARK).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK);
    const update = () => setDark(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return dark;
}
