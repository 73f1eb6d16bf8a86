/**
 * YAML lines in the editor's own syntax classes, for the Hardened view: the same tokenizer as the
 * input editor, so both panes colour a manifest alike. Loaded with Monaco, after the plain text shows.
 */
import { monaco } from './monaco';

/** The syntax colours of styles/base.css (`--syntax-*`), as class suffixes. */
export type TokenKind = 'key' | 'string' | 'number' | 'comment' | 'plain';

/** One line's tokens: where each starts (a UTF-16 offset) and its kind. */
export type LineTokens = readonly { readonly offset: number; readonly kind: TokenKind }[];

function kindOf(type: string): TokenKind {
  if (type.startsWith('type')) return 'key';
  if (type.startsWith('string')) return 'string';
  if (type.startsWith('number') || type.startsWith('keyword') || type.startsWith('tag') || type.startsWith('namespace')) return 'number';
  if (type.startsWith('comment')) return 'comment';
  return 'plain';
}

/** Tokens of each line of `text` (a block of whole lines), neighbours of one kind merged. */
export function tokenizeYaml(text: string): LineTokens[] {
  return monaco.editor.tokenize(text, 'yaml').map((tokens) => {
    const merged: { offset: number; kind: TokenKind }[] = [];
    for (const token of tokens) {
      const kind = kindOf(token.type);
      if (merged.at(-1)?.kind !== kind) merged.push({ offset: token.offset, kind });
    }
    return merged;
  });
}

/** Resolves once the YAML language is loaded: before that, `tokenize` gives no tokens. */
export const ready: Promise<void> = monaco.editor.colorize('a: 1', 'yaml', {}).then(() => undefined);
