/**
 * The page's colours meet WCAG AA (4.5:1 for text) in both themes, on every background code sits
 * on: the plain surface, inserted and removed lines (the Hardened view and the diff), inserted and
 * removed characters, and a revealed line. Monaco's theme is built from the same variables
 * (editor/theme.ts), so this covers the editors too; e2e/layout.spec.ts checks that it does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./base.css', import.meta.url), 'utf8');

/** The custom properties of the first `:root` block after `from`. */
function variables(from: number): Map<string, string> {
  const start = css.indexOf(':root {', from);
  const block = css.slice(start, css.indexOf('}', start));
  return new Map([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((match) => [match[1] ?? '', (match[2] ?? '').trim()]));
}

const light = variables(0);
const dark = new Map([...light, ...variables(css.indexOf('@media (prefers-color-scheme: dark)'))]);

type Rgba = readonly [number, number, number, number];

function parse(colour: string): Rgba {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour);
  if (hex) {
    const value = parseInt(hex[1] ?? '', 16);
    return [(value >> 16) & 255, (value >> 8) & 255, value & 255, 1];
  }
  const rgb = /^rgb\((\d+) (\d+) (\d+) \/ ([\d.]+)\)$/.exec(colour);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), Number(rgb[4])];
  throw new Error(`not a colour this test reads: ${colour}`);
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const alpha = top[3];
  return [0, 1, 2].map((index) => (top[index] ?? 0) * alpha + (bottom[index] ?? 0) * (1 - alpha)).concat(1) as unknown as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(text: Rgba, background: Rgba): number {
  const [a, b] = [luminance(text), luminance(background)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

const CODE_TEXT = ['--text', '--muted', '--syntax-key', '--syntax-string', '--syntax-number', '--syntax-comment'];
const CODE_BACKGROUNDS = ['--surface', '--added-bg', '--added-strong', '--removed-bg', '--removed-strong'];

describe.each([
  ['light', light],
  ['dark', dark],
])('the %s palette', (_theme, palette) => {
  const colour = (name: string): Rgba => {
    const value = palette.get(name);
    if (value === undefined) throw new Error(`${name} is not defined`);
    return parse(value);
  };
  const surface = () => colour('--surface');

  it.each(CODE_TEXT.flatMap((text) => CODE_BACKGROUNDS.map((background) => [text, background])))(
    '%s on %s is at least 4.5:1',
    (text, background) => {
      expect(contrast(colour(text), colour(background))).toBeGreaterThanOrEqual(4.5);
    },
  );

  it.each(CODE_TEXT)('%s on a revealed line (over the surface and over an inserted line) is at least 4.5:1', (text) => {
    expect(contrast(colour(text), over(colour('--reveal-bg'), surface()))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colour(text), over(colour('--reveal-bg'), colour('--added-bg')))).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ['--added-mark', '--surface'],
    ['--removed-mark', '--surface'],
    ['--accent', '--surface'],
    ['--danger', '--danger-bg'],
    ['--warning', '--warning-bg'],
    ['--muted', '--surface-2'],
    ['--muted', '--bg'],
  ])('%s text on %s is at least 4.5:1', (text, background) => {
    expect(contrast(colour(text), colour(background))).toBeGreaterThanOrEqual(4.5);
  });
});

describe('the contrast measure', () => {
  it('gives the known extremes and a known middle', () => {
    expect(contrast(parse('#000000'), parse('#ffffff'))).toBeCloseTo(21, 5);
    expect(contrast(parse('#ffffff'), parse('#ffffff'))).toBeCloseTo(1, 5);
    // #767676 on white is the classic 4.54:1.
    expect(contrast(parse('#767676'), parse('#ffffff'))).toBeCloseTo(4.54, 2);
  });
});
