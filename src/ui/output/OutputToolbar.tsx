/** The toolbar of a tab that hands out text: Copy, Download, the panel's own actions and controls. */
import type { ReactNode } from 'react';
import { CheckIcon, CopyIcon, DownloadIcon } from '../shared/icons';
import { shortcutLabel } from '../shared/use-shortcuts';
import type { OutputActions, TabRow } from './panel';

/** A button that hands something out: disabled, saying why, while nothing may be; a check while `done`. */
export function HandOutButton({
  onClick,
  blocked,
  done,
  icon,
  title,
  shortcut,
  primary = false,
  children,
}: {
  onClick: () => void;
  blocked: string | undefined;
  done: boolean;
  icon: ReactNode;
  /** What the button does, for its tooltip; the shortcut follows. */
  title: string;
  /** The letter of its page-wide shortcut. */
  shortcut: string;
  primary?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={primary ? 'button-with-icon primary' : 'button-with-icon'}
      onClick={onClick}
      disabled={blocked !== undefined}
      title={blocked === undefined ? `${title} (${shortcutLabel(shortcut)})` : `Nothing to hand out: ${blocked}`}
      aria-keyshortcuts={shortcutLabel(shortcut)}
    >
      {done ? <CheckIcon /> : icon}
      {children}
    </button>
  );
}

export function OutputToolbar({
  row,
  what,
  fileName,
  blocked,
  done,
  actions,
  extraActions,
  controls,
  crowded,
}: {
  row: TabRow;
  /** What copy and download give now (`YAML` or `JSON` for the hardened text). */
  what: string;
  fileName: string;
  blocked: string | undefined;
  done: string | undefined;
  actions: OutputActions;
  extraActions: ReactNode;
  controls: ReactNode;
  crowded: boolean;
}) {
  return (
    <div className="toolbar" role="toolbar" aria-label={`${row.label} actions`}>
      <div className="actions">
        <HandOutButton
          primary
          onClick={() => actions.copy(row)}
          blocked={blocked}
          done={done === 'copy'}
          icon={<CopyIcon />}
          title={`Copy the ${what}`}
          shortcut="c"
        >
          Copy {what}
        </HandOutButton>
        <HandOutButton
          onClick={() => actions.download(row)}
          blocked={blocked}
          done={done === 'download'}
          icon={<DownloadIcon />}
          title={`Save as ${fileName}`}
          shortcut="d"
        >
          <span className={crowded ? 'narrower-hidden' : 'narrow-hidden'}>Download {what}</span>
        </HandOutButton>
        {extraActions}
      </div>
      {controls}
    </div>
  );
}
