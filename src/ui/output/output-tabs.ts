/**
 * The page's output tabs, read from the core's table of output formats (SPEC §3, §5.1): label,
 * what copy and download give, extension and media type. The page adds the download's name and
 * the panel that shows each tab, one row each.
 */
import { OUTPUT_FORMATS, type OutputFormatRow, type OutputTab } from '../../core';
import type { DerivedFormat } from '../../state/output-texts';
import type { ViewState } from '../../state/view-state';
import { DiffPanel } from './DiffPanel';
import { HardenedPanel } from './hardened/HardenedPanel';
import type { TabRow } from './panel';
import { TextPanel } from './TextPanel';
import { PolicyTab } from './policy/PolicyPanel';

export type { TabRow } from './panel';

/** What the page adds to a tab: its panel, and what the panel is like where it differs from most. */
type PagePart = { readonly Panel: TabRow['Panel'] } & Partial<Pick<TabRow, 'subject' | 'ownActions' | 'showsLines' | 'isWide'>>;

/** Each tab's panel; a tab without a row here is a type error. */
const PAGE_PARTS: Record<OutputTab, PagePart> = {
  hardened: { Panel: HardenedPanel, showsLines: true, subject: 'The hardened manifest' },
  // A side-by-side diff shows the input itself on its left: it takes the input's column too.
  diff: { Panel: DiffPanel, showsLines: true, isWide: (view: ViewState) => view.diffLayout === 'side-by-side' },
  'json-patch': { Panel: TextPanel },
  kustomize: { Panel: TextPanel },
  policy: { Panel: PolicyTab, ownActions: true },
};

/** A tab as the core's table has it: what it is and what it hands out. */
type TabBase = Omit<TabRow, keyof PagePart>;

/**
 * Between the name and the extension: the JSON Patch of JSON input and the kustomize patches of
 * YAML input would otherwise be saved under the hardened manifest's own name.
 */
const KIND_BEFORE_EXTENSION: Partial<Record<OutputTab, string>> = { 'json-patch': '.patch', kustomize: '.patches' };

function fromFormat(row: OutputFormatRow): TabBase | undefined {
  if (row.tab === undefined) return undefined;
  const { id, label } = row.tab;
  return {
    tab: id,
    label,
    format: row.name === 'manifest' ? undefined : (row.name as DerivedFormat),
    what: row.noun,
    suffix: (isJson) => `${KIND_BEFORE_EXTENSION[id] ?? ''}${row.extension(isJson)}`,
    mime: row.mediaType,
  };
}

/** The page's own tab: the policy is made from the options alone, not a format of the output (the CLI's `policy` command prints it). */
const POLICY: TabBase = {
  tab: 'policy',
  label: 'Policy',
  format: undefined,
  what: () => 'policy',
  suffix: () => '.policy.yaml',
  mime: () => 'application/yaml',
};

function withPanel(base: TabBase): TabRow {
  const part = PAGE_PARTS[base.tab];
  return {
    ...base,
    subject: part.subject ?? `The ${base.what(false)}`,
    ownActions: part.ownActions ?? false,
    showsLines: part.showsLines ?? false,
    isWide: part.isWide ?? (() => false),
    Panel: part.Panel,
  };
}

export const TAB_ROWS: readonly TabRow[] = [...OUTPUT_FORMATS.flatMap((row) => fromFormat(row) ?? []), POLICY].map(withPanel);

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
