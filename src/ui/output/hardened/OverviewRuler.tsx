/**
 * Marks beside a long output, as an editor's overview ruler has them: where lines were inserted,
 * where findings point and what is chosen. The marks repeat what the text and the Changes panel
 * say, so the ruler is hidden from screen readers. It acts as a scrollbar: a click there puts the
 * lines it marks in view at the same height in the view.
 *
 * Drawn on a canvas: a bundle has thousands of marks, and as many positioned elements made every
 * keystroke's layout twice as slow.
 */
import { memo, useEffect, useRef, useState, type MouseEvent } from 'react';
import type { LineRange } from '../../../state/line-range';
import { useColourScheme } from '../../shared/use-colour-scheme';

export type RulerMark = LineRange & { readonly kind: 'inserted' | 'finding' | 'chosen' };

/** Each kind's colour variable (styles/base.css) and its lane: [left, right] as fractions of the width. */
const LANES: Record<RulerMark['kind'], { colour: string; from: number; to: number }> = {
  inserted: { colour: '--added-mark', from: 0.15, to: 0.55 },
  finding: { colour: '--warning', from: 0.55, to: 0.9 },
  chosen: { colour: '--accent', from: 0, to: 1 },
};

export const OverviewRuler = memo(function OverviewRuler({
  lines,
  marks,
  onJump,
}: {
  /** The output's line count: a mark's place is its line over this. */
  lines: number;
  marks: readonly RulerMark[];
  /** Where the click fell, from 0 (top) to 1 (bottom). */
  onJump: (fraction: number) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<{ width: number; height: number }>({ width: 0, height: 0 });
  const dark = useColourScheme();
  const colours = useRef<{ dark: boolean; byName: Map<string, string> } | undefined>(undefined);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context || lines === 0) return;
    const scale = window.devicePixelRatio || 1;
    const width = Math.round(size.width * scale);
    const height = Math.round(size.height * scale);
    if (element.width !== width || element.height !== height) {
      element.width = width;
      element.height = height;
    }
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.clearRect(0, 0, size.width, size.height);
    // Read once per colour scheme: reading styles on every keystroke's redraw would force a style recalculation each time.
    if (colours.current?.dark !== dark) {
      const style = getComputedStyle(element);
      colours.current = { dark, byName: new Map(Object.values(LANES).map((lane) => [lane.colour, style.getPropertyValue(lane.colour)])) };
    }
    const byName = colours.current.byName;
    for (const mark of marks) {
      const lane = LANES[mark.kind];
      context.fillStyle = byName.get(lane.colour) ?? '';
      const top = ((mark.startLine - 1) / lines) * size.height;
      const height = Math.max(mark.kind === 'chosen' ? 4 : 3, ((mark.endLine - mark.startLine + 1) / lines) * size.height);
      context.fillRect(lane.from * size.width, top, (lane.to - lane.from) * size.width, height);
    }
  }, [lines, marks, size, dark]);

  if (lines === 0) return null;
  const jump = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    onJump(Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)));
  };
  // What the picture shows, in numbers, for the tests (a canvas has no elements to count).
  const inserted = marks.filter((mark) => mark.kind === 'inserted').length;
  return (
    <canvas
      ref={canvas}
      className="overview-ruler"
      aria-hidden="true"
      data-inserted={inserted}
      data-findings={marks.length - inserted - marks.filter((mark) => mark.kind === 'chosen').length}
      onClick={jump}
    />
  );
});
