/**
 * Marks beside a long output, as an editor's overview ruler has them: where lines were inserted,
 * where findings point and what is chosen. The marks repeat what the text
 * and the Changes panel say, so the ruler is hidden from screen readers. It acts as a scrollbar: a
 * click there puts the lines it marks in view at the same height in the view.
 */
import { memo, type MouseEvent } from 'react';
import type { LineRange } from '../state/locate';

export type RulerMark = LineRange & { readonly kind: 'inserted' | 'finding' | 'chosen' };

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
  if (lines === 0) return null;
  const jump = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    onJump(Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)));
  };
  return (
    <div className="overview-ruler" aria-hidden="true" onClick={jump}>
      {marks.map((mark, index) => (
        <span
          key={index}
          className={`ruler-mark ${mark.kind}`}
          style={{
            top: `${((mark.startLine - 1) / lines) * 100}%`,
            height: `${((mark.endLine - mark.startLine + 1) / lines) * 100}%`,
          }}
        />
      ))}
    </div>
  );
});
