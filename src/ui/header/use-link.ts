/**
 * The address bar: it holds the options and the view (debounced `history.replaceState`, so no
 * history entry per keystroke), so that a reload keeps them, but never the manifest the user
 * pasted or typed, so that no manifest reaches the browser's history or synced tabs. A link that
 * arrived holding a manifest keeps it there until the manifest is edited: the page writes back
 * only what it was given. A fragment edited by hand is opened.
 */
import { useEffect } from 'react';
import { fragmentFor, linkState, openFragment } from '../../state/link-state';
import { appStore } from '../shared/store';

const DEBOUNCE_MILLIS = 300;

export function linkFor(fragment: string): string {
  const { origin, pathname, search } = window.location;
  return fragment === '' ? `${origin}${pathname}${search}` : `${origin}${pathname}${search}#${fragment}`;
}

/**
 * `arrived` is the manifest the page opened from its link, if the link held one: the address bar
 * keeps it while the manifest is that very text.
 */
export function useAddressBar(arrived: string | undefined, onNotice: (notice: string | undefined) => void): void {
  useEffect(() => {
    let carried = arrived;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let generation = 0;
    let written = window.location.hash.replace(/^#/, '');
    const update = () => {
      generation += 1;
      const mine = generation;
      const { manifest, fields, view } = appStore.getState();
      // Once edited, the arrived text is gone for good: typing it back does not put it in the address bar.
      if (manifest !== carried) carried = undefined;
      void fragmentFor(linkState({ manifest, fields, view }, carried !== undefined)).then((next) => {
        if (mine !== generation || next === written) return;
        written = next;
        const { pathname, search } = window.location;
        window.history.replaceState(window.history.state, '', next === '' ? `${pathname}${search}` : `#${next}`);
      });
    };
    const unsubscribe = appStore.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(update, DEBOUNCE_MILLIS);
    });
    const onHashChange = () => {
      const hash = window.location.hash.replace(/^#/, '');
      if (hash === written) return;
      written = hash;
      void openFragment(hash).then((opened) => {
        const { load, manifest } = appStore.getState();
        // A link of options alone applies them to the manifest on the page.
        carried = opened.manifest;
        load(opened.manifest ?? manifest, opened.fields, opened.view);
        onNotice(opened.notice);
      });
    };
    window.addEventListener('hashchange', onHashChange);
    return () => {
      clearTimeout(timer);
      unsubscribe();
      window.removeEventListener('hashchange', onHashChange);
    };
  }, [arrived, onNotice]);
}
