import { describe, expect, it } from 'vitest';
import { generatePodList } from '../../scripts/bench/generate-pods.mjs';
import { harden } from './harden/harden';
import { DEFAULT_OPTIONS } from './harden/options';
import { outputChunks, textChunks, withOutputPieces } from './output-pieces';

const CHUNK = 1 << 16;

/** Whether a string ends with the first half of a surrogate pair, which UTF-8 cannot encode on its own. */
function endsInPair(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}

describe('an output made of pieces', () => {
  it('is the pieces joined, on first read and after', () => {
    const result = withOutputPieces(['a: 1\n', 'b: 2\n'], { isJson: false });
    expect(Object.keys(result)).toEqual(['output', 'isJson']);
    expect(result.output).toBe('a: 1\nb: 2\n');
    expect(result.output).toBe('a: 1\nb: 2\n');
    expect({ ...result }).toEqual({ output: 'a: 1\nb: 2\n', isJson: false });
  });

  it('is written in chunks of at most 64 kB, before and after it is read', () => {
    const pieces = Array.from({ length: 500 }, (_, index) => `${'x'.repeat(index === 7 ? 3 * CHUNK : 1000)}${index}\n`);
    const result = withOutputPieces(pieces, {});
    const chunks = [...outputChunks(result)];
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.every((chunk) => chunk.length > 0 && chunk.length <= CHUNK)).toBe(true);
    expect(chunks.join('')).toBe(pieces.join(''));
    expect(result.output).toBe(pieces.join(''));
    expect([...outputChunks(result)].join('')).toBe(pieces.join(''));
  });

  it('of a hardened cluster dump is the output, written in chunks', () => {
    const result = harden(generatePodList(800), DEFAULT_OPTIONS);
    const chunks = [...outputChunks(result)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(result.output);
    expect(result.output).toContain('"name": "serviceaccount-token"');
  });
});

describe('textChunks', () => {
  it('cuts a text in slices of 64 kB, never inside a surrogate pair', () => {
    for (const text of ['', 'a', `${'a'.repeat(CHUNK - 1)}😀${'b'.repeat(CHUNK)}`, '😀'.repeat(CHUNK)]) {
      const chunks = [...textChunks(text)];
      expect(chunks.join('')).toBe(text);
      expect(chunks.some(endsInPair)).toBe(false);
      expect(chunks.every((chunk) => chunk.length > 0 && chunk.length <= CHUNK)).toBe(true);
    }
  });
});
