/** A short-lived confirmation message ("Copied"), for a status region. */
import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The message, the function that shows one, which action it confirms (`done`, given only for a
 * success: the button that did it shows a check for as long as the message stays), and the
 * function that takes it away early.
 */
export function useFlash(millis = 2500): [string, (message: string, done?: string) => void, string | undefined, () => void] {
  const [shown, setShown] = useState<{ message: string; done: string | undefined }>({ message: '', done: undefined });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const clear = useCallback(() => {
    clearTimeout(timer.current);
    setShown({ message: '', done: undefined });
  }, []);
  const flash = useCallback(
    (message: string, done?: string) => {
      clearTimeout(timer.current);
      setShown({ message, done });
      timer.current = setTimeout(() => setShown({ message: '', done: undefined }), millis);
    },
    [millis],
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  return [shown.message, flash, shown.done, clear];
}
