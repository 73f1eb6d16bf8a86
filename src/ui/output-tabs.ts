/**
 * The page's output tabs, read from the core's table of output formats (SPEC §3, §5.1): label,
 * what copy and download give, extension and media type. Only the download's name is the page's.
 */
import type { ComponentType } from 'react';
import { OUTPUT_FORMATS, type HardenOptions, type OutputFormatRow, type OutputTab } from '../core';
import type { DerivedFormat } from '../state/output-texts';
import { PolicyPanel } from './PolicyPanel';

/** What a tab with a panel of its own is given: the shown input, its hardened text and options. */
export type TabPanelProps = {
  readonly source: string;
  readonly hardened: string;
  readonly options: HardenOptions;
  /** Why nothing may be handed out now (an input error, an invalid option), if so. */
  readonly blocked: string | undefined;
};

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
  /** A tab that is a panel of its own, with its own copy and download (the policy). */
  readonly Panel?: ComponentType<TabPanelProps>;
};

/**
 * Between the name and the extension: the JSON Patch of JSON input and the kustomize patches of
 * YAML input would otherwise be saved under the hardened manifest's own name.
 */
const KIND_BEFORE_EXTENSION: Partial<Record<OutputTab, string>> = { 'json-patch': '.patch', kustomize: '.patches' };

function toTabRow(row: OutputFormatRow): TabRow | undefined {
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

export const TAB_ROWS: readonly TabRow[] = [
  ...OUTPUT_FORMATS.flatMap((row) => toTabRow(row) ?? []),
  {
    tab: 'policy',
    label: 'Policy',
    format: undefined,
    what: () => 'policy',
    suffix: () => '.policy.yaml',
    mime: () => 'application/yaml',
    Panel: PolicyPanel,
  },
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
