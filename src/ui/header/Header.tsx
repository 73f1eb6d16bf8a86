/**
 * The page's header, on one line from 768 px up: the name, what the tool promises (it runs in the
 * browser, nothing is uploaded), its version, the example picker, and the link and shortcut
 * controls. No button here is filled: the one primary action of the page is the output's copy.
 */
import type { ComponentProps } from 'react';
import { EXAMPLES } from '../../examples';
import { APP_VERSION, SOURCE_URL } from './build-info';
import { ShieldIcon } from '../shared/icons';
import { ShareControls } from './ShareControls';
import { ShortcutsDialog } from './ShortcutsDialog';

export function Header({
  example,
  onExample,
  share,
}: {
  /** The example the input holds, or '' for the user's own manifest. */
  example: string;
  onExample: (name: string) => void;
  share: ComponentProps<typeof ShareControls>;
}) {
  return (
    <header className="page-header">
      <div className="brand">
        <h1>sa-token-hardener</h1>
        {APP_VERSION !== '' && <span className="version">v{APP_VERSION}</span>}
        <p className="tagline">Bounded, read-only ServiceAccount tokens</p>
        <p
          className="promise"
          title="The manifest never leaves this page: hardening runs in your browser, and no request carries it anywhere."
        >
          <ShieldIcon />
          <span className="promise-long">Runs in your browser · nothing uploaded</span>
          <span className="promise-short" aria-hidden="true">
            Nothing uploaded
          </span>
        </p>
        {SOURCE_URL !== undefined && (
          <a className="source" href={SOURCE_URL} rel="noreferrer">
            Source
          </a>
        )}
      </div>
      <div className="header-controls">
        <label className="example-picker">
          <span className="example-label">Example</span>
          <select value={example} onChange={(event) => onExample(event.target.value)}>
            {example === '' && <option value="">Your manifest</option>}
            {EXAMPLES.map((item) => (
              <option key={item.name} value={item.name}>
                {item.title}
              </option>
            ))}
          </select>
        </label>
        <ShareControls {...share} />
        <ShortcutsDialog />
      </div>
    </header>
  );
}
