/** Detects the layout a document is written in and renders new pieces to match it. */
import { Document, isMap, isScalar, isSeq, type Node, parseDocument, Scalar, stringify, visit } from 'yaml';
import { LineIndex } from '../source-text';

/** How a document is laid out, so that inserted text looks like the user wrote it. */
export type DocumentStyle = {
  /** Spaces per nesting level of block mappings. */
  readonly indentStep: number;
  /** Whether a block sequence under a key is indented (`key:\n  - a`) or not (`key:\n- a`, kubectl). */
  readonly indentSeq: boolean;
  readonly lineEnding: '\n' | '\r\n';
  /** JSON input: quoted keys, no comments, no trailing commas. */
  readonly json: boolean;
  /** Flow-style strings are double-quoted (KYAML). */
  readonly doubleQuoteStrings: boolean;
  /** Flow collections written without spaces after `:` and `,` (minified JSON). */
  readonly compact: boolean;
};

/** A comment to write after one key of a rendered value, e.g. `defaultMode: 292 # 0444`. */
export type KeyComment = { readonly key: string; readonly comment: string };

function mostCommon(counts: Map<number, number>, fallback: number): number {
  let best = fallback;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) [best, bestCount] = [value, count];
  }
  return best;
}

/** How many key/value pairs the style is sampled from: enough to see the habits, bounded work. */
export const STYLE_SAMPLE = 400;

/** Reads indentation, sequence style and quoting from one parsed document (a bounded sample). */
export function detectDocumentStyle(
  document: Document.Parsed,
  source: string,
  base: { lineEnding: '\n' | '\r\n'; json: boolean },
  lines = new LineIndex(source),
): DocumentStyle {
  const steps = new Map<number, number>();
  let indentedSeqs = 0;
  let flatSeqs = 0;
  let doubleQuoted = 0;
  let plain = 0;
  let compactPairs = 0;
  let spacedPairs = 0;
  let sampled = 0;
  const pending: unknown[] = [document.contents];
  while (pending.length > 0 && sampled < STYLE_SAMPLE) {
    const node = pending.pop();
    if (isSeq(node)) {
      // One by one: a sequence of 100,000 items spread as arguments overflows a browser worker's stack.
      for (const item of node.items) pending.push(item);
      continue;
    }
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      sampled += 1;
      const value = pair.value as Node | null;
      if (node.flow && isScalar(pair.key) && pair.key.range && value?.range) {
        if (source.slice(pair.key.range[1], value.range[0]) === ':') compactPairs += 1;
        else spacedPairs += 1;
      }
      if (isScalar(value)) {
        if (typeof value.value === 'string') {
          if (value.type === 'QUOTE_DOUBLE') doubleQuoted += 1;
          else if (value.type === 'PLAIN') plain += 1;
        }
        continue;
      }
      pending.push(value);
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const keyColumn = lines.columnOf(pair.key.range[0]);
      const firstKey = isMap(value) ? value.items[0]?.key : undefined;
      if (isScalar(firstKey) && firstKey.range && lines.isFirstOnLine(firstKey.range[0])) {
        const step = lines.columnOf(firstKey.range[0]) - keyColumn;
        if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
      } else if (isSeq(value) && !value.flow && value.range) {
        if (lines.columnOf(value.range[0]) > keyColumn) indentedSeqs += 1;
        else flatSeqs += 1;
      }
    }
  }
  return {
    indentStep: mostCommon(steps, 2),
    indentSeq: indentedSeqs >= flatSeqs,
    lineEnding: base.lineEnding,
    json: base.json,
    doubleQuoteStrings: base.json || doubleQuoted > plain,
    compact: compactPairs > spacedPairs,
  };
}

function withLineEnding(lines: readonly string[], lineEnding: string): string {
  return lines.join(lineEnding);
}

/**
 * Renders a value in block style, indented by `indent` columns, one string per line. Keys
 * and strings are written as YAML 1.1 readers need them (`"yes"` quoted, for instance).
 */
const renderedBlocks = new Map<string, string[]>();

export function renderBlockLines(value: unknown, style: DocumentStyle, indent: number, keyComments: readonly KeyComment[] = []): string[] {
  // The same volume is rendered for every workload of a bundle: render it once.
  const key = JSON.stringify([value, style.indentStep, style.indentSeq, indent, keyComments]);
  const cached = renderedBlocks.get(key);
  if (cached) return cached;
  const lines = renderFreshBlockLines(value, style, indent, keyComments);
  if (renderedBlocks.size > 256) renderedBlocks.clear();
  renderedBlocks.set(key, lines);
  return lines;
}

/**
 * Characters a string may not hold raw in the output: line breaks and control characters (kubectl
 * takes CR, NEL, U+2028 and U+2029 for line breaks even inside plain or block scalars, and folds
 * NEL inside quotes), and a byte-order mark. A string holding one is written double-quoted, with
 * the character escaped.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
const ESCAPED_IN_QUOTES = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

/** Escapes what JSON.stringify and the `yaml` package leave raw inside double quotes (`\u0085`, `\u2028`), valid in both. */
function escapeInQuotes(quoted: string): string {
  return quoted.replace(ESCAPED_IN_QUOTES, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** A double-quoted string, valid in JSON and YAML alike, with every line break and control character escaped. */
export function doubleQuoted(text: string): string {
  return escapeInQuotes(JSON.stringify(text));
}

function renderFreshBlockLines(value: unknown, style: DocumentStyle, indent: number, keyComments: readonly KeyComment[]): string[] {
  // Shared objects (results naming the same resource) are written out each time: no anchors in inserted text.
  const document = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  let escapes = false;
  visit(document, {
    Scalar(_, scalar) {
      if (typeof scalar.value !== 'string') return;
      const unsafe = NEEDS_ESCAPE.test(scalar.value);
      escapes ||= unsafe;
      if (unsafe || isReadAsNonString(scalar.value)) scalar.type = Scalar.QUOTE_DOUBLE;
    },
  });
  if (keyComments.length > 0) {
    visit(document, {
      Pair(_, pair) {
        const note = keyComments.find((entry) => isScalar(pair.key) && pair.key.value === entry.key);
        if (note && isScalar(pair.value)) pair.value.comment = ` ${note.comment}`;
      },
    });
  }
  const rendered = document.toString({ indent: style.indentStep, indentSeq: style.indentSeq, lineWidth: 0, minContentWidth: 0 });
  // Only double-quoted strings can hold these characters here (every such string was made one).
  const text = escapes ? escapeInQuotes(rendered) : rendered;
  const pad = ' '.repeat(indent);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? line : pad + line));
}

/** Renders a block fragment as text with the document's line endings (no final line break). */
export function renderBlock(value: unknown, style: DocumentStyle, indent: number, keyComments: readonly KeyComment[] = []): string {
  return withLineEnding(renderBlockLines(value, style, indent, keyComments), style.lineEnding);
}

/** Words some YAML reader takes for a boolean or null (go-yaml v2 also reads `y` and `n`), in any case. */
const NON_STRING_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~']);

/** The schemas of the readers a manifest meets: YAML 1.1 (kubectl, Helm, PyYAML) and 1.2 (js-yaml 4). */
const READER_SCHEMAS = [{ version: '1.1' }, { version: '1.2', schema: 'core' }] as const;

const nonStringCache = new Map<string, boolean>();

/**
 * Whether some YAML reader would read `text`, written plain, as something other than that
 * string: a number in any base or notation (`0o17`, `0x1F`, `1e3`, `1_000`, `.inf`, base-60
 * `12:30`), a date, a boolean or null. go-yaml parses anything that starts like a number with
 * Go's own number syntax, so every such text counts. Those must be written quoted.
 */
export function isReadAsNonString(text: string): boolean {
  const cached = nonStringCache.get(text);
  if (cached !== undefined) return cached;
  const result =
    NON_STRING_WORDS.has(text.toLowerCase()) ||
    /^[-+]?\.?\d/.test(text) ||
    /^[-+]?\.?(inf|infinity|nan)$/i.test(text) ||
    READER_SCHEMAS.some((options) => {
      const document = parseDocument(text, options);
      return document.errors.length > 0 || !isScalar(document.contents) || document.contents.value !== text;
    });
  if (nonStringCache.size > 1024) nonStringCache.clear();
  nonStringCache.set(text, result);
  return result;
}

function isPlainSafe(text: string): boolean {
  if (text === '' || /[,[\]{}#:"'&*!|>%@`]/.test(text) || NEEDS_ESCAPE.test(text) || text.trim() !== text || isReadAsNonString(text))
    return false;
  return stringify(text, { version: '1.1' }).trimEnd() === text;
}

function renderFlowScalar(value: unknown, style: DocumentStyle): string {
  if (typeof value === 'string') return style.doubleQuoteStrings || !isPlainSafe(value) ? doubleQuoted(value) : value;
  return JSON.stringify(value) ?? 'null';
}

/** A key in a flow mapping; quoted in JSON-like text, where `"key":value` needs no space. */
export function renderFlowKey(key: string, style: DocumentStyle): string {
  return style.json || style.compact ? doubleQuoted(key) : renderFlowScalar(key, { ...style, doubleQuoteStrings: false });
}

function isCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/**
 * Renders a value in flow style (JSON or KYAML), one entry per line, for a position whose
 * line is indented by `indent` columns. The first line carries no indentation.
 */
export function renderFlow(value: unknown, style: DocumentStyle, indent: number, keyComments: readonly KeyComment[] = []): string {
  const eol = style.lineEnding;
  const inner = ' '.repeat(indent + style.indentStep);
  const close = ' '.repeat(indent);
  const trailing = style.json ? '' : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (!value.some(isCollection)) return `[${value.map((item) => renderFlowScalar(item, style)).join(', ')}]`;
    if (!style.json && value.every((item) => isCollection(item) && !Array.isArray(item))) {
      // KYAML cuddles a list of mappings: `[{` ... `}, {` ... `}]`.
      return `[${value.map((item) => renderFlow(item, style, indent, keyComments)).join(', ')}]`;
    }
    const items = value.map((item) => inner + renderFlow(item, style, indent + style.indentStep, keyComments));
    return `[${eol}${items.join(`,${eol}`)}${trailing}${eol}${close}]`;
  }
  if (isCollection(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, entry], index) => {
      const comment = style.json ? undefined : keyComments.find((note) => note.key === key)?.comment;
      const separator = index < entries.length - 1 ? ',' : trailing;
      const text = `${inner}${renderFlowKey(key, style)}: ${renderFlow(entry, style, indent + style.indentStep, keyComments)}${separator}`;
      return comment ? `${text} # ${comment}` : text;
    });
    return `{${eol}${lines.join(eol)}${eol}${close}}`;
  }
  return renderFlowScalar(value, style);
}

/** What separates items (`, `) and a key from its value (`: `) on one line: no spaces in minified JSON. */
export function inlineSeparators(style: DocumentStyle): { readonly item: string; readonly key: string } {
  return style.compact ? { item: ',', key: ':' } : { item: ', ', key: ': ' };
}

/** Renders a value on one line in flow style, for single-line flow collections. */
export function renderInline(value: unknown, style: DocumentStyle): string {
  const separator = inlineSeparators(style);
  if (Array.isArray(value)) return `[${value.map((item) => renderInline(item, style)).join(separator.item)}]`;
  if (isCollection(value)) {
    return `{${Object.entries(value)
      .map(([key, entry]) => `${renderFlowKey(key, style)}${separator.key}${renderInline(entry, style)}`)
      .join(separator.item)}}`;
  }
  return renderFlowScalar(value, style);
}

/** Renders a scalar that replaces an existing one, keeping its quoting where the value allows. */
export function renderReplacementScalar(value: string | number | boolean, existing: Node | null, style: DocumentStyle): string {
  if (typeof value !== 'string') return String(value);
  const type = isScalar(existing) ? existing.type : undefined;
  if (style.json || type === Scalar.QUOTE_DOUBLE || NEEDS_ESCAPE.test(value)) return doubleQuoted(value);
  if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  return isPlainSafe(value) ? value : doubleQuoted(value);
}
