/** What the page shows, besides the inputs: the output tab and the diff layout. Travels in the link. */
import type { OutputTab } from '../core';

export type { OutputTab };

export type ViewState = {
  readonly tab: OutputTab;
  readonly sideBySide: boolean;
};

export const DEFAULT_VIEW: ViewState = { tab: 'hardened', sideBySide: false };
