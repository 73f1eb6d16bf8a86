/**
 * The output tabs as data (SPEC §5, §5.1): label, what copy and download give, the file each
 * download saves. The page, its shortcuts and the tests read this one table.
 */
import type { DerivedFormat } from '../state/output-texts';
import type { OutputTab } from '../state/view-state';

export type TabRow = {
  readonly tab: OutputTab;
  /** The tab's accessible name. */
  readonly label: string;
  /** The text the worker computes for the tab; undefined for the hardened text itself. */
  readonly format: DerivedFormat | undefined;
  /** What the copy and download buttons give, after `Copy ` and `Download `. */
  readonly what: (isJson: boolean) => string;
  /** The download's file name after `<name>-hardened`. */
  readonly suffix: (isJson: boolean) => string;
  readonly mime: (isJson: boolean) => string;
};

export const TAB_ROWS: readonly TabRow[] = [
  {
    tab: 'hardened',
    label: 'Hardened',
    format: undefined,
    what: (isJson) => (isJson ? 'JSON' : 'YAML'),
    suffix: (isJson) => (isJson ? '.json' : '.yaml'),
    mime: (isJson) => (isJson ? 'application/json' : 'application/yaml'),
  },
  { tab: 'diff', label: 'Diff', format: 'diff', what: () => 'diff', suffix: () => '.diff', mime: () => 'text/x-diff' },
  {
    tab: 'json-patch',
    label: 'JSON Patch',
    format: 'json-patch',
    what: () => 'JSON Patch',
    suffix: () => '.patch.json',
    mime: () => 'application/json-patch+json',
  },
  {
    tab: 'kustomize',
    label: 'Kustomize',
    format: 'kustomize',
    what: () => 'kustomize patches',
    suffix: () => '.patches.yaml',
    mime: () => 'application/yaml',
  },
  // The Policy tab plugs in here as one row, its panel rendering PolicyPanel (src/ui/PolicyPanel.tsx).
];

/** The row of a tab; a tab this page does not offer (a link from a newer page) shows the hardened text. */
export function tabRow(tab: OutputTab): TabRow {
  return TAB_ROWS.find((row) => row.tab === tab) ?? (TAB_ROWS[0] as TabRow);
}

/**
 * The name a download is saved under: one object is named after itself; a bundle after the file
 * it was opened from, or `manifest`.
 */
export function downloadName(row: TabRow, isJson: boolean, objectName: string | undefined, openedFile: string | undefined): string {
  const base = objectName ?? openedFile ?? 'manifest';
  return `${base.replace(/[^\w.-]+/g, '-')}-hardened${row.suffix(isJson)}`;
}

/** A file's name without its manifest extension: `install.yaml` → `install`. */
export function fileStem(name: string): string {
  return name.replace(/\.(ya?ml|json|txt)$/i, '') || 'manifest';
}
