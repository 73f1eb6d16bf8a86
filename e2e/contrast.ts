/**
 * WCAG 2 contrast of text as the browser paints it, for the specs that check colours.
 *
 *   const { ratio } = await textContrast(page.getByRole('button', { name: 'Copy YAML' }));
 *   expect(ratio).toBeGreaterThanOrEqual(AA_TEXT);
 *
 * The text colour is the element's computed `color`; the background is found by walking up from
 * the element through its ancestors, stacking each `background-color` until an opaque one (the
 * page's canvas, white or black by colour scheme, if none is), alpha included. Background images,
 * `opacity` and elements painted over by positioning are not considered: point it at text whose
 * background comes from its own box or its ancestors', as every text style of the page does.
 */
import type { Locator } from '@playwright/test';

/** WCAG 2 AA minimum for text under 18.66 px bold or 24 px (success criterion 1.4.3). */
export const AA_TEXT = 4.5;

export type TextContrast = {
  /** The contrast ratio, 1 to 21. */
  readonly ratio: number;
  /** The painted colours, as `rgb(r g b)`, for the failure message. */
  readonly text: string;
  readonly background: string;
};

/** The contrast of the locator's (single) element's text against what is painted behind it. */
export async function textContrast(locator: Locator): Promise<TextContrast> {
  return locator.evaluate((element) => {
    type Rgba = [number, number, number, number];
    /** Computed colours come as `rgb()`/`rgba()`, or `color(srgb …)` for some colour functions. */
    function parse(value: string): Rgba {
      const numbers = (value.match(/-?[\d.]+(e-?\d+)?%?/g) ?? []).map((part) =>
        part.endsWith('%') ? Number(part.slice(0, -1)) / 100 : Number(part),
      );
      if (value.startsWith('color(srgb')) {
        const [r = 0, g = 0, b = 0, a = 1] = numbers;
        return [r * 255, g * 255, b * 255, a];
      }
      if (value === 'transparent') return [0, 0, 0, 0];
      const [r = 0, g = 0, b = 0, a = 1] = numbers;
      return [r, g, b, a];
    }
    /** `top` painted over `bottom` (which is opaque). */
    function blend(top: Rgba, bottom: Rgba): Rgba {
      const alpha = top[3];
      return [0, 1, 2].map((channel) => top[channel]! * alpha + bottom[channel]! * (1 - alpha)).concat(1) as Rgba;
    }
    function luminance([r, g, b]: Rgba): number {
      const linear = (channel: number) => {
        const value = channel / 255;
        return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    }
    const layers: Rgba[] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const layer = parse(getComputedStyle(node).backgroundColor);
      if (layer[3] > 0) layers.push(layer);
      if (layer[3] >= 1) break;
    }
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const canvas: Rgba = dark ? [0, 0, 0, 1] : [255, 255, 255, 1];
    const opaque = layers.length > 0 && layers[layers.length - 1]![3] >= 1;
    let background = opaque ? layers.pop()! : canvas;
    for (const layer of layers.reverse()) background = blend(layer, background);
    const text = blend(parse(getComputedStyle(element).color), background);
    const [light, darker] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [number, number];
    const show = (color: Rgba) => `rgb(${color.slice(0, 3).map(Math.round).join(' ')})`;
    return { ratio: (light + 0.05) / (darker + 0.05), text: show(text), background: show(background) };
  });
}
