/** Lines of a text the page shows or highlights: 1-based, inclusive. */
export type LineRange = { readonly startLine: number; readonly endLine: number };
