/** What the page shows, besides the inputs: the output tab and the diff layout. Travels in the link. */

/** The output tabs, in the order the page shows them (SPEC §5). */
export const OUTPUT_TABS = ['hardened', 'diff', 'json-patch', 'kustomize', 'policy'] as const;

export type OutputTab = (typeof OUTPUT_TABS)[number];

export type ViewState = {
  readonly tab: OutputTab;
  readonly sideBySide: boolean;
};

export const DEFAULT_VIEW: ViewState = { tab: 'hardened', sideBySide: false };

export function isOutputTab(value: unknown): value is OutputTab {
  return typeof value === 'string' && (OUTPUT_TABS as readonly string[]).includes(value);
}
