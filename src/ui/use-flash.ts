/** A short-lived confirmation message ("Copied"), for a status region. */
import { useCallback, useEffect, useRef, useState } from 'react';

export function useFlash(millis = 2500): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flash = useCallback(
    (next: string) => {
      clearTimeout(timer.current);
      setMessage(next);
      timer.current = setTimeout(() => setMessage(''), millis);
    },
    [millis],
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  return [message, flash];
}
