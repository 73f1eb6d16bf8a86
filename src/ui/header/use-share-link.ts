/**
 * Copy link: checks the text it would hold for credentials, asks before putting one in a link, and
 * copies the link of the page as it was when pressed.
 */
import { useCallback, useState, type ComponentProps } from 'react';
import { fragmentFor, linkState, type PageState } from '../../state/link-state';
import { findSecrets, type SecretMatch } from '../../state/secret-scan';
import { copyText } from '../shared/browser-actions';
import type { ShareControls } from './ShareControls';
import { appStore } from '../shared/store';
import { useFlash } from '../shared/use-flash';
import { linkFor } from './use-link';

export type ShareLink = {
  /** Copy link, as its button and its shortcut press it. */
  readonly copyLink: () => void;
  /** The header's link controls. */
  readonly controls: ComponentProps<typeof ShareControls>;
};

export function useShareLink(): ShareLink {
  const [status, flash, done] = useFlash();
  /** The page as it was when Copy link was pressed, and what in it looks like credentials, while the user decides. */
  const [asking, setAsking] = useState<{ page: PageState; found: readonly SecretMatch[] } | undefined>(undefined);
  const [copiedLength, setCopiedLength] = useState<number | undefined>(undefined);

  /** Copies the link of `page`: the very text that was checked, never a later one. */
  const share = useCallback(
    (page: PageState, withManifest: boolean) => {
      setAsking(undefined);
      const state = linkState(page, withManifest);
      const holds = state.manifest !== undefined ? ', with the manifest' : state.example === undefined ? ', without the manifest' : '';
      fragmentFor(state)
        .then((next) => {
          const link = linkFor(next);
          return copyText(link).then(() => link);
        })
        .then(
          (link) => {
            setCopiedLength(link.length);
            flash(`Link copied${holds} (${link.length.toLocaleString('en')} characters).`, 'link');
          },
          () => flash('The browser refused to copy the link.'),
        );
    },
    [flash],
  );

  const copyLink = useCallback(() => {
    // Decided on the text the link would hold, read now: never on an older verdict of the worker.
    const { manifest, fields, view } = appStore.getState();
    const page = { manifest, fields, view };
    const found = findSecrets(manifest);
    if (found.length === 0) share(page, true);
    else setAsking({ page, found });
  }, [share]);

  return {
    copyLink,
    controls: {
      onCopy: copyLink,
      asking: asking?.found,
      onShare: (withManifest) => asking && share(asking.page, withManifest),
      onCancel: () => setAsking(undefined),
      status,
      copied: done !== undefined,
      copiedLength,
    },
  };
}
