/**
 * Keeps the URL fragment in step with the store (debounced `history.replaceState`, so no history
 * entry per keystroke) and reopens the state when the user edits the fragment by hand.
 */
import { useEffect, useRef, useState } from 'react';
import { fragmentFor, LIVE_LINK_MAX_CHARS, openFragment } from '../state/link-state';
import { findSecrets, type SecretMatch } from '../state/secret-scan';
import { appStore } from './store';

export type LinkState = {
  /** The fragment of the current state, without `#`; undefined until first computed. */
  readonly fragment: string | undefined;
  /** Why the address bar keeps no copy of the manifest: the credential seen in the very text encoded. */
  readonly withheld: SecretMatch | undefined;
};

const DEBOUNCE_MILLIS = 300;

export function linkFor(fragment: string): string {
  return `${window.location.origin}${window.location.pathname}${window.location.search}#${fragment}`;
}

/**
 * When the manifest looks like it holds credentials, the address bar (and so the browser's
 * history, which may be synced) gets no copy of it until the user asks for a link. That is decided
 * on the text being encoded, at the moment it is written (`findSecrets`); `sensitive`, the
 * worker's verdict on some earlier text, can only withhold more.
 */
export function useLinkSync(onNotice: (notice: string | undefined) => void, sensitive: boolean): LinkState {
  const [fragment, setFragment] = useState<string | undefined>(undefined);
  const [withheld, setWithheld] = useState<SecretMatch | undefined>(undefined);
  const sensitiveRef = useRef(sensitive);
  useEffect(() => {
    sensitiveRef.current = sensitive;
  }, [sensitive]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let generation = 0;
    let written = window.location.hash.replace(/^#/, '');
    const update = (writeUrl: boolean) => {
      generation += 1;
      const mine = generation;
      const { manifest, fields, view } = appStore.getState();
      const live = manifest.length <= LIVE_LINK_MAX_CHARS;
      const secret = live ? findSecrets(manifest)[0] : undefined;
      void (live ? fragmentFor({ manifest, fields, view }) : Promise.resolve(undefined)).then((next) => {
        if (mine !== generation) return;
        setFragment(next);
        setWithheld(secret);
        const target = secret !== undefined || sensitiveRef.current || next === undefined ? '' : next;
        if (writeUrl && target !== written) {
          written = target;
          const { pathname, search } = window.location;
          window.history.replaceState(window.history.state, '', target === '' ? `${pathname}${search}` : `#${target}`);
        }
      });
    };
    update(false);
    const unsubscribe = appStore.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(() => update(true), DEBOUNCE_MILLIS);
    });
    const onHashChange = () => {
      const hash = window.location.hash.replace(/^#/, '');
      if (hash === written) return;
      written = hash;
      void openFragment(hash).then((opened) => {
        appStore.getState().load(opened.manifest, opened.fields, opened.view);
        onNotice(opened.notice);
      });
    };
    window.addEventListener('hashchange', onHashChange);
    return () => {
      clearTimeout(timer);
      unsubscribe();
      window.removeEventListener('hashchange', onHashChange);
    };
  }, [onNotice]);

  return { fragment, withheld };
}
