/**
 * The small writers every policy goes through: option values as shell words, CEL strings and
 * message text (always printable ASCII, each escape at the right width), and the CEL predicates
 * for a mount path and a file mode.
 */
import { describe, expect, it } from 'vitest';
import { forbiddenModeBits, isAtPathExpression } from './cel';
import { doubleQuoted, messageValue, shellWord } from './quote';

describe('escapes', () => {
  it('writes a code point in the narrowest escape that holds it: \\x below 0x80, \\u up to 0xFFFF, \\U beyond', () => {
    expect(doubleQuoted('\u001f')).toBe('"\\x1f"');
    expect(doubleQuoted('\u007f')).toBe('"\\x7f"');
    expect(doubleQuoted('\u0080')).toBe('"\\u0080"');
    expect(doubleQuoted('\uffff')).toBe('"\\uffff"');
    expect(doubleQuoted('\u{10000}')).toBe('"\\U00010000"');
  });

  it('keeps printable ASCII as it is, from space to tilde, and escapes DEL', () => {
    expect(doubleQuoted(' ~')).toBe('" ~"');
    expect(doubleQuoted('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('shell words', () => {
  it("leaves a safe word bare, quotes printable text in single quotes, and anything else in $'…' with escapes", () => {
    expect(shellWord('/var/run/x')).toBe('/var/run/x');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord("a\tb'c\\")).toBe("$'a\\x09b\\'c\\\\'");
  });
});

describe('values in messages', () => {
  it('shows a plain word as it is and anything else double-quoted', () => {
    expect(messageValue('vault')).toBe('vault');
    expect(messageValue('a b')).toBe('"a b"');
    expect(messageValue('a"b')).toBe('"a\\"b"');
    expect(messageValue('')).toBe('""');
  });
});

describe('CEL predicates', () => {
  it('compares the root path as written, and any other path with its trailing slashes aside', () => {
    expect(isAtPathExpression('/')).toBe(`m.?mountPath.orValue('') == "/"`);
    expect(isAtPathExpression('/a.b/', 'mount')).toBe(`mount.?mountPath.orValue('').matches("^/a\\\\.b/*$")`);
  });

  it('lists the permission bits a mode does not grant, of the nine there are', () => {
    expect(forbiddenModeBits(0o777)).toEqual([]);
    expect(forbiddenModeBits(0o444)).toEqual([1, 2, 8, 16, 64, 128]);
    expect(forbiddenModeBits(0)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
  });
});
