/**
 * How option values are written into a policy's text: as CEL string literals, as words of the
 * command that reproduces the policy, and inside messages. All come out in printable ASCII, so no
 * value, whatever validation let through, can end a comment line or a YAML scalar (kubectl reads
 * CR, NEL, U+2028 and U+2029 as line breaks) or drive a terminal.
 */

/** `\xHH`, `\uHHHH` or `\UHHHHHHHH`, as bash's `$'…'`, CEL and JSON-like strings read them. */
function escapeCodePoint(code: number): string {
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

function isPrintableAscii(code: number): boolean {
  return code >= 0x20 && code < 0x7f;
}

/** The characters of `value`: each of `specials` behind a backslash, printable ASCII as it is, the rest escaped. */
function escapeChars(value: string, specials: string): string {
  return [...value]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      if (specials.includes(char)) return `\\${char}`;
      return isPrintableAscii(code) ? char : escapeCodePoint(code);
    })
    .join('');
}

/** A value as one shell word: bare when it is safe, else in single quotes, else in bash's `$'…'` with escapes. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  const codes = [...value].map((char) => char.codePointAt(0) ?? 0);
  if (codes.every(isPrintableAscii)) return `'${value.replaceAll("'", `'\\''`)}'`;
  return `$'${escapeChars(value, "'\\")}'`;
}

/**
 * A double-quoted string in printable ASCII: `"` and `\\` escaped, every other character outside
 * printable ASCII as `\\xHH`, `\\uHHHH` or `\\UHHHHHHHH`, as CEL string literals read them.
 */
export function doubleQuoted(value: string): string {
  return `"${escapeChars(value, '"\\')}"`;
}

/** A value inside a message: as written when it is plain printable ASCII, else double-quoted with escapes. */
export function messageValue(value: string): string {
  if (/^[\x21-\x7e]+$/.test(value) && !value.includes('"')) return value;
  return doubleQuoted(value);
}
