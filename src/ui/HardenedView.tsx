/**
 * The hardened manifest as plain, selectable text with the inserted lines marked. Line numbers and
 * markers come from CSS, so the element's text is exactly the output.
 *
 * Large outputs (a 74,000-line bundle) stay fast: the text comes in blocks of lines that React
 * re-renders only when their own text changes, that the browser lays out only near the viewport
 * (`content-visibility: auto`), and that split into lines only there. Every line stays in the document, so find-in-page,
 * selection, screen readers and the element's text all see the whole output.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { OutputBlock } from '../state/output-blocks';

/** Must match `.code-view pre { line-height }` in app.css: the height a skipped block reserves. */
const LINE_HEIGHT_PX = 19;

/**
 * Whether the browser tells when a `content-visibility: auto` block comes near the viewport. Then
 * a block stays one text node until it does, so a bundle's first render creates a few hundred
 * nodes instead of a hundred thousand; elsewhere every block renders its lines at once.
 */
const CAN_WAIT_FOR_VIEWPORT = typeof document !== 'undefined' && 'oncontentvisibilityautostatechange' in document.documentElement;

const LinesBlock = memo(function LinesBlock({ start, text, added }: OutputBlock) {
  const host = useRef<HTMLSpanElement>(null);
  const [near, setNear] = useState(!CAN_WAIT_FOR_VIEWPORT);
  useEffect(() => {
    const element = host.current;
    if (near || !element) return;
    const onStateChange = (event: Event) => {
      if (!(event as Event & { skipped: boolean }).skipped) setNear(true);
    };
    element.addEventListener('contentvisibilityautostatechange', onStateChange);
    return () => element.removeEventListener('contentvisibilityautostatechange', onStateChange);
  }, [near]);
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const marked = new Set(added === '' ? [] : added.split(',').map(Number));
  // The counter starts on an inner element: the block's own style containment (from
  // content-visibility) hides a counter set on the block itself from its lines.
  return (
    <span className="lines" ref={host} style={{ containIntrinsicBlockSize: `auto ${lines.length * LINE_HEIGHT_PX}px` }}>
      <span className="lines-counter" style={{ counterReset: `line ${start}` }}>
        {near
          ? lines.map((line, index) => (
              <span key={index} className={marked.has(index) ? 'line added' : 'line'}>
                {line}
              </span>
            ))
          : text}
      </span>
    </span>
  );
});

/** `blocks` are the output's (see output-blocks.ts): together their text is exactly the output. */
export const HardenedView = memo(function HardenedView({ blocks }: { blocks: readonly OutputBlock[] }) {
  // Read by the benchmark (scripts/bench/browser.mjs): keystroke → output time.
  useLayoutEffect(() => {
    performance.clearMarks('output-rendered'); // only the latest is read
    performance.mark('output-rendered');
  }, [blocks]);
  return (
    <div className="code-view" role="region" aria-label="Hardened manifest" tabIndex={0}>
      <pre>
        <code>
          {blocks.map((block, index) => (
            <LinesBlock key={index} {...block} />
          ))}
        </code>
      </pre>
    </div>
  );
});
