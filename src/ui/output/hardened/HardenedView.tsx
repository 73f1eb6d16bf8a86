/**
 * The hardened manifest as plain, selectable text with the inserted lines marked. Line numbers and
 * markers come from CSS, so the element's text is exactly the output.
 *
 * Large outputs (a 74,000-line bundle) stay fast: the text comes in blocks of lines that React
 * re-renders only when their own text changes, that the browser lays out only near the viewport
 * (`content-visibility: auto`), and that split into lines only there. Every line stays in the document, so find-in-page,
 * selection, screen readers and the element's text all see the whole output.
 */
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
  type RefObject,
} from 'react';
import type { LineRange } from '../../../state/line-range';
import { insertedRuns, type OutputBlock } from '../../../state/output-blocks';
import { countLines } from '../../shared/content-lines';
import type { LineTokens } from '../../editor/tokenize';
import { OverviewRuler, type RulerMark } from './OverviewRuler';

/** The input editor's YAML tokenizer, once Monaco has loaded: until then the text shows plain. */
type Tokenize = (text: string) => LineTokens[];

let tokenizer: Promise<Tokenize> | undefined;

function useTokenizer(): Tokenize | undefined {
  const [tokenize, setTokenize] = useState<Tokenize | undefined>(undefined);
  useEffect(() => {
    let live = true;
    tokenizer ??= import('../../editor/tokenize').then(async (module) => {
      await module.ready;
      return module.tokenizeYaml;
    });
    // Without Monaco (it failed to load) the text stays plain: colours are a nicety.
    tokenizer.then(
      (loaded) => live && setTokenize(() => loaded),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return tokenize;
}

/** A line in its syntax colours: spans for coloured tokens, plain text nodes for the rest. */
function colouredLine(line: string, tokens: LineTokens | undefined): ReactNode {
  if (!tokens || tokens.length === 0) return line;
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  const parts: ReactNode[] = tokens.map((token, index) => {
    const text = body.slice(token.offset, tokens[index + 1]?.offset ?? body.length);
    return token.kind === 'plain' ? (
      text
    ) : (
      <span key={index} className={`tk-${token.kind}`}>
        {text}
      </span>
    );
  });
  if (body !== line) parts.push('\n');
  return parts;
}

/** Must match `.code-view pre { line-height }` in styles/editors.css: the height a skipped block reserves. */
export const LINE_HEIGHT_PX = 19;
/** Must match `.code-view pre { padding-top }` in styles/editors.css. */
const TOP_PADDING_PX = 6;

/** Lines to reveal and highlight; a new object each time the user asks, so asking again scrolls again. */
export type Reveal = LineRange;

/**
 * Scrolls `view`, unless `reveal` is in sight already, so `reveal` sits in its upper third. Every line is LINE_HEIGHT_PX tall (no
 * wrapping), and skipped blocks reserve exactly their lines' height, so a line's offset is known
 * without laying it out.
 */
function useReveal(view: RefObject<HTMLElement | null>, reveal: Reveal | undefined): void {
  useEffect(() => {
    const element = view.current;
    if (!element || !reveal) return;
    const top = TOP_PADDING_PX + (reveal.startLine - 1) * LINE_HEIGHT_PX;
    const bottom = top + (reveal.endLine - reveal.startLine + 1) * LINE_HEIGHT_PX;
    if (top >= element.scrollTop && bottom <= element.scrollTop + element.clientHeight) return;
    element.scrollTo({ top: Math.max(0, top - element.clientHeight / 3) });
  }, [view, reveal]);
}

/** The highlight over revealed lines, drawn beside the text so the text stays exactly the output. */
export function RevealMark({ reveal }: { reveal: Reveal | undefined }) {
  if (!reveal) return null;
  return (
    <div
      className="reveal-mark"
      aria-hidden="true"
      style={{
        top: TOP_PADDING_PX + (reveal.startLine - 1) * LINE_HEIGHT_PX,
        height: (reveal.endLine - reveal.startLine + 1) * LINE_HEIGHT_PX,
      }}
    />
  );
}

/**
 * Whether the browser tells when a `content-visibility: auto` block comes near the viewport. Then
 * a block stays one text node until it does, so a bundle's first render creates a few hundred
 * nodes instead of a hundred thousand; elsewhere every block renders its lines at once.
 */
const CAN_WAIT_FOR_VIEWPORT = typeof document !== 'undefined' && 'oncontentvisibilityautostatechange' in document.documentElement;

const LinesBlock = memo(function LinesBlock({ start, text, added, tokenize }: OutputBlock & { tokenize: Tokenize | undefined }) {
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
  const tokens = useMemo(() => (near && tokenize ? tokenize(text) : undefined), [near, tokenize, text]);
  const marked = new Set(added === '' ? [] : added.split(',').map(Number));
  // The counter starts on an inner element: the block's own style containment (from
  // content-visibility) hides a counter set on the block itself from its lines.
  return (
    <span className="lines" ref={host} style={{ containIntrinsicBlockSize: `auto ${lines.length * LINE_HEIGHT_PX}px` }}>
      <span className="lines-counter" style={{ counterReset: `line ${start}` }}>
        {near
          ? lines.map((line, index) => (
              <span key={index} className={marked.has(index) ? 'line added' : 'line'}>
                {colouredLine(line, tokens?.[index])}
              </span>
            ))
          : text}
      </span>
    </span>
  );
});

/** `blocks` are the output's (see output-blocks.ts): together their text is exactly the output. */
export const HardenedView = memo(function HardenedView({
  blocks,
  reveal,
  findingLines,
}: {
  blocks: readonly OutputBlock[];
  reveal: Reveal | undefined;
  /** Output lines that findings point at, for the overview ruler. */
  findingLines: readonly number[];
}) {
  const view = useRef<HTMLDivElement>(null);
  const tokenize = useTokenizer();
  useReveal(view, reveal);
  // Read by the benchmark (scripts/bench/browser.mjs): keystroke → output time.
  useLayoutEffect(() => {
    performance.clearMarks('output-rendered'); // only the latest is read
    performance.mark('output-rendered');
  }, [blocks]);
  const lines = useMemo(() => {
    const last = blocks.at(-1);
    return last ? last.start + countLines(last.text) : 0;
  }, [blocks]);
  const marks = useMemo((): RulerMark[] => {
    const inserted = insertedRuns(blocks).map((run): RulerMark => ({ ...run, kind: 'inserted' }));
    const findings = findingLines.map((line): RulerMark => ({ startLine: line, endLine: line, kind: 'finding' }));
    return [...inserted, ...findings, ...(reveal ? [{ ...reveal, kind: 'chosen' as const }] : [])];
  }, [blocks, findingLines, reveal]);
  const jump = useCallback((fraction: number) => {
    const element = view.current;
    if (element) element.scrollTo({ top: fraction * (element.scrollHeight - element.clientHeight) });
  }, []);
  return (
    <div className="code-frame">
      <div
        className="code-view"
        role="region"
        aria-label="Hardened manifest"
        tabIndex={0}
        ref={view}
        style={{ '--line-digits': String(lines).length } as CSSProperties}
      >
        <RevealMark reveal={reveal} />
        <pre>
          <code>
            {blocks.map((block, index) => (
              <LinesBlock key={index} {...block} tokenize={tokenize} />
            ))}
          </code>
        </pre>
      </div>
      <OverviewRuler lines={lines} marks={marks} onJump={jump} />
    </div>
  );
});
