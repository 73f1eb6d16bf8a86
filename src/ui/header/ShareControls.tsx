/**
 * Copy link, what a link holds one click away, and the question asked before a manifest that looks
 * like it holds credentials goes into a link.
 */
import { useId, useState } from 'react';
import { LONG_LINK_CHARS } from '../../state/link-state';
import type { SecretMatch } from '../../state/secret-scan';
import { CheckIcon, InfoIcon, LinkIcon } from '../shared/icons';
import { ModalDialog } from '../shared/ModalDialog';
import { shortcutLabel } from '../shared/use-shortcuts';

/** Text with its flags (`--db-password`) kept whole: a line break after `--` reads as another word. */
function NoBreakFlags({ text }: { text: string }) {
  return text.split(/(?<=^|\s)(--?[\w-]+)/).map((part, index) =>
    /^--?[\w-]+$/.test(part) ? (
      <span key={index} className="nowrap">
        {part}
      </span>
    ) : (
      part
    ),
  );
}

/** How many findings the question lists before "and N more". */
const LISTED_FINDINGS = 8;

/** The question: what was found (line and kind, never the value), and the choice, options only by default. */
function CredentialsQuestion({
  found,
  onShare,
  onCancel,
}: {
  found: readonly SecretMatch[] | undefined;
  onShare: (withManifest: boolean) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const shown = found ?? [];
  return (
    <ModalDialog
      open={found !== undefined}
      onClose={onCancel}
      labelledBy={`${id}-title`}
      describedBy={`${id}-why`}
      className="share-question"
      role="alertdialog"
    >
      <h2 id={`${id}-title`}>Leave the manifest out of the link?</h2>
      <p id={`${id}-why`}>
        The manifest looks like it holds credentials. A link that holds it lets anyone who gets the link read them, and it stays in chat
        logs and browser histories.
      </p>
      <ul className="found">
        {shown.slice(0, LISTED_FINDINGS).map((match) => (
          <li key={`${match.line} ${match.what}`}>
            <strong>Line {match.line.toLocaleString('en')}</strong>: <NoBreakFlags text={match.what} />
          </li>
        ))}
        {shown.length > LISTED_FINDINGS && <li>and {(shown.length - LISTED_FINDINGS).toLocaleString('en')} more</li>}
      </ul>
      <p className="muted">Without it, the link holds the options and the view, and whoever opens it pastes their own manifest.</p>
      <div className="question-actions">
        <button type="button" className="primary" onClick={() => onShare(false)}>
          Copy link without the manifest
        </button>
        <button type="button" onClick={() => onShare(true)}>
          Copy link with the manifest
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}

export function ShareControls({
  onCopy,
  asking,
  onShare,
  onCancel,
  status,
  copied,
  copiedLength,
}: {
  onCopy: () => void;
  /** What looks like credentials in the manifest being shared, while the question is open. */
  asking: readonly SecretMatch[] | undefined;
  onShare: (withManifest: boolean) => void;
  onCancel: () => void;
  status: string;
  /** Whether the link was just copied: the button shows a check meanwhile. */
  copied: boolean;
  /** The length of the last link copied, if any. */
  copiedLength: number | undefined;
}) {
  const [open, setOpen] = useState(false);
  const long = copiedLength !== undefined && copiedLength > LONG_LINK_CHARS;
  return (
    <div className="share">
      <div className="share-row">
        <button
          type="button"
          className="button-with-icon"
          onClick={onCopy}
          title={`Copy a link that reopens this view, with the manifest (${shortcutLabel('l')})`}
          aria-keyshortcuts={shortcutLabel('l')}
        >
          {copied ? <CheckIcon /> : <LinkIcon />}
          <span className="phone-hidden">Copy link</span>
        </button>
        <button
          type="button"
          className={long ? 'icon-button long' : 'icon-button'}
          aria-expanded={open}
          aria-label={long ? 'About links (the last one copied is long)' : 'About links'}
          title={long ? 'About links: the last one copied is long' : 'About links'}
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
              The last link copied is over {LONG_LINK_CHARS.toLocaleString('en')} characters: email and chat tools may cut it. Download the
              YAML to share it instead.
            </p>
          )}
          <p>
            The address bar holds the options and the view, never your manifest: a reload keeps them, and no manifest reaches the
            browser&apos;s history.
          </p>
          <p>
            <strong>Copy link</strong> makes a link that also holds the manifest. When the manifest looks like it holds credentials, it asks
            first, and leaves the manifest out unless you choose otherwise.
            {copiedLength !== undefined && ` The last link copied is ${copiedLength.toLocaleString('en')} characters.`}
          </p>
          <p className="muted">
            Links carry all of it in the part after <code>#</code>, which browsers never send to a server. Anyone with a link that holds the
            manifest can read it.
          </p>
        </div>
      )}
      <CredentialsQuestion found={asking} onShare={onShare} onCancel={onCancel} />
    </div>
  );
}
