/**
 * A change's value as the few lines of text the Changes panel shows under its title: the core's own
 * text of what it inserted (the output at the change's output span) or removed (the input at its
 * input span), comments and number style included. Runs in the worker: a value without usable
 * text is rendered, and the page's first chunk has no YAML writer.
 */
import { stringify } from 'yaml';
import type { Change, TextSpan } from '../core';
import { alternatingTitle, changeTitle } from './change-titles';

/** The first lines of a value, and how many more it has. */
export type Snippet = { readonly lines: readonly string[]; readonly more: number };

/**
 * A change as the page shows it, and no more, since a bundle's reply carries thousands: its title
 * written here from its steps and values, its first and last lines in the output and (where it
 * replaced or removed text) in the input, and the snippets of its new and old values.
 */
export type ShownChange = Pick<Change, 'object' | 'path' | 'reason'> & {
  /** Plain words and code by turns (change-titles.ts alternatingTitle). */
  readonly title: readonly string[];
  readonly outputLines?: readonly [number, number];
  readonly inputLines?: readonly [number, number];
  readonly added: Snippet | undefined;
  readonly removed: Snippet | undefined;
};

/** A snippet shows this many lines; the rest is counted. */
export const SNIPPET_LINES = 6;

/** Past this width a line is a flow or minified JSON value: the snippet is then the value as block YAML. */
const MAX_LINE = 100;

function cut(lines: readonly string[]): Snippet {
  return { lines: lines.slice(0, SNIPPET_LINES), more: Math.max(0, lines.length - SNIPPET_LINES) };
}

/** The value as block YAML, for a value whose own text is unusable or missing. */
function rendered(key: string | undefined, value: unknown): Snippet {
  const text = stringify(key === undefined ? [value] : { [key]: value }, { lineWidth: 0 }).trimEnd();
  return cut(text.split('\n'));
}

const leadingSpaces = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;

/**
 * The text of a span, its first line at column 0 and the others shifted left as much, or less
 * when a flow collection's closing bracket sits left of where it opened.
 */
function dedented(text: string, start: number, end: number): string[] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lines = text.slice(start, end).replace(/\s+$/, '').split(/\r?\n/);
  // A fold, not `Math.min(...)`: a long value's lines spread as arguments overflow the stack.
  const indent = lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .reduce((least, line) => Math.min(least, leadingSpaces(line)), start - lineStart);
  return lines.map((line, index) => (index === 0 ? line : line.slice(Math.min(indent, leadingSpaces(line)))));
}

/** Reads snippets from one text (the output for new values, the input for old ones) at the spans the core gives. */
export function createSnippetReader(text: string): (span: TextSpan | undefined, steps: Change['steps'], value: unknown) => Snippet {
  return (span, steps, value) => {
    const last = steps.at(-1);
    const key = typeof last === 'string' ? last : undefined;
    if (!span || span.start === span.end) return rendered(key, value);
    const lines = dedented(text, span.start, span.end);
    return lines.some((line) => line.length > MAX_LINE) ? rendered(key, value) : cut(lines);
  };
}

const linesOf = (span: TextSpan | undefined): readonly [number, number] | undefined => span && [span.startLine, span.endLine];

/** Every change as the page shows it: the new value's snippet from the output, the old one's from the input. */
export function withSnippets(changes: readonly Change[], input: string, output: string): ShownChange[] {
  const fromOutput = createSnippetReader(output);
  const fromInput = createSnippetReader(input);
  return changes.map((change) => {
    const outputLines = linesOf(change.output);
    const inputLines = linesOf(change.input);
    return {
      object: change.object,
      path: change.path,
      reason: change.reason,
      title: alternatingTitle(changeTitle(change)),
      // Left out when there are none: a bundle's reply carries thousands of changes.
      ...(outputLines && { outputLines }),
      ...(inputLines && { inputLines }),
      added: change.after === undefined ? undefined : fromOutput(change.output, change.steps, change.after),
      removed: change.before === undefined ? undefined : fromInput(change.input, change.steps, change.before),
    };
  });
}
