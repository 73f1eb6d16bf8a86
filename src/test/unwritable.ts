/** Characters a value the tool writes may not hold raw (issue 22, 6): line breaks kubectl reads, and control characters. */
export const UNWRITABLE_CHARACTERS: readonly (readonly [string, string])[] = [
  ['NEL', '\u0085'],
  ['LINE SEPARATOR', '\u2028'],
  ['PARAGRAPH SEPARATOR', '\u2029'],
  ['CR', '\r'],
  ['LF', '\n'],
  ['ESC', '\u001b'],
  ['DEL', '\u007f'],
];
