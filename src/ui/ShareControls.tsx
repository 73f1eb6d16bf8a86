/** Copy link: the whole state in the URL fragment, with what a link holds one click away. */
import { useState } from 'react';
import { LONG_LINK_CHARS } from '../state/link-state';
import type { ManifestFacts } from '../state/manifest-facts';
import { CheckIcon, InfoIcon, LinkIcon } from './icons';
import { shortcutLabel } from './use-shortcuts';

export function sensitiveItems(facts: ManifestFacts): string[] {
  return facts.credential === undefined ? [] : [`${facts.credential.what} (line ${facts.credential.line})`];
}

export function ShareControls({
  link,
  facts,
  sensitive,
  withheld,
  confirming,
  onCopy,
  onConfirm,
  onCancel,
  status,
  copied,
}: {
  link: string | undefined;
  facts: ManifestFacts;
  sensitive: boolean;
  /** The credential seen in the text, when that keeps the manifest out of the address bar. */
  withheld: string | undefined;
  confirming: boolean;
  onCopy: () => void;
  onConfirm: () => void;
  onCancel: () => void;
  status: string;
  /** Whether the link was just copied: the button shows a check meanwhile. */
  copied: boolean;
}) {
  const [open, setOpen] = useState(false);
  const length = link?.length;
  const long = length !== undefined && length > LONG_LINK_CHARS;
  const items = [...sensitiveItems(facts), ...(withheld && sensitiveItems(facts).length === 0 ? [withheld] : [])];
  return (
    <div className="share">
      <div className="share-row">
        <button
          type="button"
          className="button-with-icon"
          onClick={onCopy}
          title={`Copy a link that reopens this exact view (${shortcutLabel('l')})`}
          aria-keyshortcuts={shortcutLabel('l')}
        >
          {copied ? <CheckIcon /> : <LinkIcon />}
          Copy link
        </button>
        <button
          type="button"
          className={long ? 'icon-button long' : 'icon-button'}
          aria-expanded={open}
          aria-label={long ? 'About links (this one is long)' : 'About links'}
          title={long ? 'About links: this one is long' : 'About links'}
          onClick={() => setOpen(!open)}
        >
          <InfoIcon />
        </button>
      </div>
      {/* Over the page, not in its flow: a message that pushed the page down would move what the user is reading. */}
      <p className="flash" role="status">
        {status}
      </p>
      {/* The long-link warning shows with the details only: a note that stayed open would cover the output's buttons. */}
      {open && (
        <div className="share-note">
          {long && (
            <p className="warning">
              This link is over {LONG_LINK_CHARS.toLocaleString('en')} characters: email and chat tools may cut it. Download the YAML to
              share it instead.
            </p>
          )}
          <p>
            {length === undefined
              ? 'A link holds the whole manifest and the options.'
              : `A link to this view holds the whole manifest and the options: ${length.toLocaleString('en')} characters.`}
          </p>
          <p className="muted">
            They travel in the part after <code>#</code>, which browsers never send to a server. Anyone with the link can read the manifest.
            {withheld && ` The address bar does not keep this manifest: it holds ${withheld}.`}
            {sensitive && !withheld && ' As the manifest seems to hold credentials, the address bar does not keep it.'}
            {link === undefined && ' For a manifest this large the link is made when you copy it, and the address bar does not keep it.'}
          </p>
        </div>
      )}
      {confirming && (
        <div className="confirm share-note" role="alertdialog" aria-labelledby="share-confirm-text">
          <p id="share-confirm-text">
            The manifest holds what looks like credentials ({items.join(', ')}). A link carries the whole manifest: anyone who gets it can
            read them.
          </p>
          <div className="confirm-actions">
            <button type="button" onClick={onConfirm}>
              Copy link anyway
            </button>
            <button type="button" onClick={onCancel} autoFocus>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
