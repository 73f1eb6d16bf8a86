/** What the page shows, besides the inputs: the output tab and the diff layout. Travels in the link. */
import { DEFAULT_LINK_VIEW, type LinkView } from './url-codec';

export type { OutputTab } from '../core';
export type ViewState = LinkView;

export const DEFAULT_VIEW: ViewState = DEFAULT_LINK_VIEW;
