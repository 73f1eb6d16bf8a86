/** Turns what the parser reports into plain-words errors with a position and a hint. */
import { type CST, type Document, isAlias, isCollection, isNode, isScalar, Parser, Scalar, visit, type YAMLError } from 'yaml';
import { isJsonDocument } from './json-parse';
import { aliasReadingProblem } from './parse';
import type { ErrorCode, InputError, SourcePosition } from '../result';
import { lineStart, utf8Length } from '../source-text';

/**
 * Inputs above this size are refused, unless the caller reads with a bound of its own (the
 * command reads files and standard input up to 100 MB): the page holds the text in an editor.
 */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** How deeply collections may nest; real manifests stay far below. */
export const MAX_NESTING_DEPTH = 200;

const HELM_HINT = 'This looks like a Helm template, not YAML: render it with `helm template` first and harden the output.';
const TAB_HINT = 'YAML does not allow tabs for indentation: replace them with spaces.';

type PositionLookup = (offset: number) => SourcePosition;

/** Builds an error at an offset range. */
export function inputError(
  code: ErrorCode,
  message: string,
  hint: string | undefined,
  document: number,
  range: [number, number],
  at: PositionLookup,
): InputError {
  return { code, severity: 'error', message, hint, document, start: at(range[0]), end: at(Math.max(range[0], range[1])) };
}

/** The first `{{ ... }}` template directive that stands where YAML structure should be. */
function findTemplateDirective(source: string): number {
  const match = /\{\{-?\s*(?:if|else|end|range|with|include|template|define|toYaml|\.Values|\.Release|\.Chart|\$|-|\/\*)/.exec(source);
  return match ? match.index : -1;
}

/**
 * A hint for the mistakes people make when writing the token volume by hand, as in the seed, and
 * the offset of the misplaced key (the parser reports the start of its line).
 */
function indentationHint(source: string, offset: number): { hint: string; keyOffset: number } | undefined {
  const start = lineStart(source, offset);
  const end = source.indexOf('\n', start);
  const key = /^( *)([A-Za-z][\w.-]*):/.exec(source.slice(start, end === -1 ? undefined : end));
  if (!key) return undefined;
  const indent = (key[1] ?? '').length;
  const previous = source
    .slice(0, start)
    .split('\n')
    .reverse()
    .find((text) => text.trim() !== '' && !text.trim().startsWith('#'));
  const dash = previous === undefined ? undefined : /^( *)- +/.exec(previous);
  if (dash?.[1]?.length !== indent) return undefined;
  const missing = dash[0].length - indent;
  return {
    hint: `\`${key[2]}:\` sits beside the list item above instead of inside it: indent it by ${missing} more spaces so it lines up with the item's first key.`,
    keyOffset: start + indent,
  };
}

/** Converts one parser error. */
export function fromYamlError(error: YAMLError, source: string, document: number, at: PositionLookup): InputError {
  const [start, end] = error.pos;
  const line = source.slice(lineStart(source, start), start + 1);
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^\s*([^:\n]+)/.exec(source.slice(start))?.[1]?.trim() ?? 'a key';
    return inputError(
      'duplicate-key',
      `the key "${key}" appears twice in the same mapping; Kubernetes refuses duplicate fields`,
      'Remove one of the two entries (YAML readers disagree on which one wins).',
      document,
      [start, end],
      at,
    );
  }
  if (/\t/.test(line) || error.code === 'TAB_AS_INDENT') {
    return inputError('tab-indentation', 'a tab character is used for indentation', TAB_HINT, document, [start, end], at);
  }
  const message = error.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').replace(/^./, (first) => first.toLowerCase());
  const misplaced = indentationHint(source, start);
  if (misplaced) {
    const keyEnd = Math.max(end, misplaced.keyOffset);
    return inputError('yaml-syntax', message, misplaced.hint, document, [misplaced.keyOffset, keyEnd], at);
  }
  return inputError('yaml-syntax', message, undefined, document, [start, end], at);
}

/** Errors found before parsing: empty, too large, Helm templates, nesting too deep. */
export function checkBeforeParsing(source: string, at: PositionLookup, maxBytes = MAX_INPUT_BYTES): InputError | undefined {
  if (source.trim() === '')
    return inputError('empty-input', 'the input is empty: paste or pipe a Kubernetes manifest', undefined, -1, [0, 0], at);
  // A UTF-16 unit is at most 3 bytes of UTF-8: only a text near the limit needs its bytes counted.
  if (source.length > maxBytes || (source.length * 3 > maxBytes && utf8Length(source) > maxBytes)) {
    return inputError(
      'too-large',
      `the input is over ${maxBytes / 1024 / 1024} MB (the limit)`,
      'Split the manifest into smaller files.',
      -1,
      [0, 0],
      at,
    );
  }
  const depthAt = tooDeepOffset(source);
  if (depthAt !== -1) return tooDeepError(depthAt, at);
  return undefined;
}

/** The documented refusal of input nested deeper than `MAX_NESTING_DEPTH`. */
export function tooDeepError(offset: number, at: PositionLookup): InputError {
  return inputError(
    'too-deep',
    `collections nest more than ${MAX_NESTING_DEPTH} levels deep`,
    'Real Kubernetes manifests nest far less: check the input.',
    -1,
    [offset, offset + 1],
    at,
  );
}

/** When the parser fails and the text holds template directives, say so instead. */
export function helmTemplateError(source: string, at: PositionLookup): InputError | undefined {
  const offset = findTemplateDirective(source);
  if (offset === -1) return undefined;
  return inputError(
    'helm-template',
    'the input contains Helm template directives ({{ ... }}) and is not valid YAML',
    HELM_HINT,
    -1,
    [offset, offset + 2],
    at,
  );
}

/**
 * The offset where collections first nest deeper than `MAX_NESTING_DEPTH`, or -1, found before
 * the recursive composer can run out of stack. A cheap scan bounds the depth of every line
 * (flow brackets exactly; block levels by indentation: each level takes at least half a column,
 * plus the indicators on the line); only a line that could be too deep pays for the exact count.
 */
function tooDeepOffset(source: string): number {
  // Character codes rather than one-character strings and regular expressions, and quoted text
  // and indentation skipped in one step: this reads tens of megabytes for a cluster dump.
  const isBreakOrSpace = (code: number): boolean => code === 0x20 || code === 0x0d || code === 0x0a || Number.isNaN(code);
  let depth = 0;
  let lineBound = 2;
  let suspect = -1;
  for (let index = 0; index < source.length; index += 1) {
    const char = source.charCodeAt(index);
    if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > MAX_NESTING_DEPTH) return index;
    } else if (char === 0x5d || char === 0x7d) depth = Math.max(0, depth - 1);
    else if (char === 0x0a) {
      let spaces = 0;
      while (source.charCodeAt(index + 1 + spaces) === 0x20) spaces += 1;
      lineBound = 2 * spaces + 2;
      if (suspect === -1 && lineBound + depth > MAX_NESTING_DEPTH) suspect = index;
      // The indentation changes nothing more.
      index += spaces;
      continue;
    } else if ((char === 0x2d || char === 0x3a || char === 0x3f) && isBreakOrSpace(source.charCodeAt(index + 1))) lineBound += 1;
    else if ((char === 0x22 || char === 0x27) && depth > 0) {
      if (suspect === -1 && lineBound + depth > MAX_NESTING_DEPTH) suspect = index;
      // Nothing inside a quoted scalar counts: on to its closing quote.
      index = closingQuote(source, index);
      continue;
    } else if (char === 0x23 && (index === 0 || /\s/.test(source[index - 1] ?? ''))) {
      const newline = source.indexOf('\n', index);
      index = newline === -1 ? source.length : newline - 1;
    }
    if (suspect === -1 && lineBound + depth > MAX_NESTING_DEPTH) suspect = index;
  }
  return suspect === -1 ? -1 : exactTooDeepOffset(source, suspect);
}

const QUOTE_OR_ESCAPE = /["\\]/g;

/** Where the quoted scalar opening at `open` closes (a backslash escapes in double quotes only), or the text's end. */
function closingQuote(source: string, open: number): number {
  if (source[open] === "'") {
    const close = source.indexOf("'", open + 1);
    return close === -1 ? source.length : close;
  }
  // `test`, not `exec`: no match object for each of a cluster dump's million strings.
  QUOTE_OR_ESCAPE.lastIndex = open + 1;
  while (QUOTE_OR_ESCAPE.test(source)) {
    const found = QUOTE_OR_ESCAPE.lastIndex - 1;
    if (source.charCodeAt(found) === 0x22) return found;
    QUOTE_OR_ESCAPE.lastIndex = found + 2;
  }
  return source.length;
}

/** Counts nesting on the parser's concrete syntax tree, without recursion. */
function exactTooDeepOffset(source: string, fallback: number): number {
  try {
    for (const token of new Parser().parse(source)) {
      const pending: [CST.Token | undefined, number][] = [[token, 0]];
      while (pending.length > 0) {
        const [node, depth] = pending.pop() ?? [undefined, 0];
        if (!node) continue;
        if (node.type === 'document') pending.push([node.value, depth]);
        else if (node.type === 'block-map' || node.type === 'block-seq' || node.type === 'flow-collection') {
          if (depth + 1 > MAX_NESTING_DEPTH) return node.offset;
          for (const item of node.items) {
            if ('key' in item) pending.push([item.key ?? undefined, depth + 1]);
            pending.push([item.value, depth + 1]);
          }
        }
      }
    }
  } catch (error) {
    // The parser's own bookkeeping can recurse on absurd depths: that input is too deep anyway.
    if (error instanceof RangeError) return fallback;
    throw error;
  }
  return -1;
}

/** Characters kubectl's YAML reader takes as line breaks, where the `yaml` package sees text. */
const FOREIGN_LINE_BREAK = /\r(?!\n)|[\u0085\u2028\u2029]/g;

const LINE_BREAK_NAMES: Readonly<Record<string, string>> = {
  '\r': 'a carriage return (CR) without a line feed',
  '\u0085': 'a NEXT LINE character (U+0085)',
  '\u2028': 'a LINE SEPARATOR (U+2028)',
  '\u2029': 'a PARAGRAPH SEPARATOR (U+2029)',
};

/** Whether FOREIGN_LINE_BREAK finds anything, found by `indexOf` (quicker through tens of megabytes). */
function hasForeignLineBreak(source: string): boolean {
  if (source.includes('\u0085') || source.includes('\u2028') || source.includes('\u2029')) return true;
  for (let cr = source.indexOf('\r'); cr !== -1; cr = source.indexOf('\r', cr + 1)) {
    if (source[cr + 1] !== '\n') return true;
  }
  return false;
}

/** The ranges of quoted scalars (keys and values) in the documents, in order. */
function quotedRanges(documents: readonly Document.Parsed[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const document of documents) {
    visit(document, {
      Scalar(_, node) {
        if ((node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && node.range)
          ranges.push([node.range[0], node.range[1]]);
      },
    });
  }
  return ranges.sort((left, right) => left[0] - right[0]);
}

function isInside(ranges: readonly [number, number][], offset: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = ranges[middle] ?? [0, 0];
    if (offset < start) high = middle - 1;
    else if (offset >= end) low = middle + 1;
    else return true;
  }
  return false;
}

/**
 * A lone CR, NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR where kubectl (go-yaml) and this tool
 * would read different things (checked with `kubectl annotate --local -o json`):
 * - in a comment or between tokens it ends the line for kubectl, so a "comment" can hide keys;
 * - in a plain or block scalar kubectl refuses the document or reads other lines;
 * - in a quoted scalar kubectl folds CR and NEL into a space, but keeps U+2028 and U+2029, as
 *   the `yaml` package does; in JSON (text starting with `{`, which kubectl decodes as JSON)
 *   every one but CR is kept in strings.
 * Only the readings both agree on are let through.
 */
export function lineBreakError(
  documents: readonly Document.Parsed[],
  source: string,
  isJson: boolean,
  at: PositionLookup,
): InputError | undefined {
  if (!hasForeignLineBreak(source)) return undefined;
  const quoted = quotedRanges(documents);
  const jsonObject = isJson && source.trimStart().startsWith('{');
  FOREIGN_LINE_BREAK.lastIndex = 0;
  for (let match = FOREIGN_LINE_BREAK.exec(source); match; match = FOREIGN_LINE_BREAK.exec(source)) {
    const char = match[0];
    const keptByBoth = char === '\u2028' || char === '\u2029' || (jsonObject && char === '\u0085');
    if (keptByBoth && isInside(quoted, match.index)) continue;
    return inputError(
      'line-break',
      `${LINE_BREAK_NAMES[char] ?? 'a line break character'} stands here: Kubernetes reads it as a line break, this tool would not`,
      'Replace it with a normal line break (LF) or remove it, so every reader sees the same lines.',
      documentIndexAt(documents, match.index),
      [match.index, match.index + 1],
      at,
    );
  }
  return undefined;
}

function documentIndexAt(documents: readonly Document.Parsed[], offset: number): number {
  const index = documents.findIndex((document) => offset < document.range[2]);
  return index === -1 ? documents.length - 1 : index;
}

/**
 * What stops the documents from being read as kubectl reads them, after a clean parse: line
 * breaks only kubectl sees, `!!binary` data (kubectl decodes it, a key too), an anchor that
 * contains itself (kubectl refuses it), and more aliases than `MAX_ALIAS_COUNT` (an alias bomb).
 */
export function readingError(
  documents: readonly Document.Parsed[],
  source: string,
  isJson: boolean,
  at: PositionLookup,
): InputError | undefined {
  const lineBreak = lineBreakError(documents, source, isJson, at);
  if (lineBreak) return lineBreak;
  const notJson = notJsonError(documents, source, at);
  if (notJson) return notJson;
  const mayHaveBinary = source.includes('!!binary') || source.includes('tag:yaml.org,2002:binary');
  for (const [index, document] of documents.entries()) {
    if (mayHaveBinary) {
      const binary = binaryOffset(document, source);
      if (binary !== undefined) {
        return inputError(
          'binary-tag',
          'a `!!binary` value: Kubernetes reads it as the text it decodes to, which this tool does not edit',
          'Write the decoded text instead (or put base64 data in a Secret or ConfigMap `binaryData` field as a plain string).',
          index,
          [binary, binary + 1],
          at,
        );
      }
    }
    const reading = aliasReadingProblem(document, source);
    if (reading === undefined || reading.ok) continue;
    if (reading.code === 'alias-limit') return aliasLimitError(index, reading.offset, at);
    return inputError(
      reading.code,
      reading.code === 'self-alias'
        ? 'an alias refers to the anchored value that contains it; Kubernetes refuses such a document'
        : 'an alias refers to an anchor not set before it in this document; Kubernetes refuses such a document',
      'Replace the alias by the value it should stand for.',
      index,
      [reading.offset, reading.offset + 1],
      at,
    );
  }
  return undefined;
}

/** Text that may hold a key or number JSON has no room for; other text costs no walk of the nodes. */
const MAY_NOT_BE_JSON = /\.(?:inf|nan)|[?*]|[\]}][ \t]*:(?:\s|$)|(?:^|[\s{,])(?:~|null|Null|NULL)?[ \t]*:(?:\s|$)/im;

/**
 * What kubectl cannot turn into JSON, and so refuses (sigs.k8s.io/yaml, checked with kubectl 1.32):
 * a mapping or a list used as a key, a null or empty key, and an infinite or not-a-number value
 * (`.inf`, `.nan`). The `yaml` package would read the first two as text keys and the last as a number.
 */
function notJsonError(documents: readonly Document.Parsed[], source: string, at: PositionLookup): InputError | undefined {
  if (!MAY_NOT_BE_JSON.test(source)) return undefined;
  for (const [index, document] of documents.entries()) {
    // Nothing to find where the JSON reader read (and walking a cluster dump's nodes would build
    // every item it left unbuilt): JSON keys are text, and a number too large for a double stays
    // text too, as go-yaml reads it (yaml-options.ts, goYamlNumber).
    if (isJsonDocument(document)) continue;
    let found: { offset: number; message: string; hint: string } | undefined;
    visit(document, {
      Pair(_, pair) {
        const key = isAlias(pair.key) ? pair.key.resolve(document) : pair.key;
        const offset = (pair.key as { range?: [number, number] } | null)?.range?.[0] ?? document.range[0];
        if (isCollection(key)) {
          found = {
            offset,
            message: 'a mapping or a list is used as a key: kubectl refuses it (JSON keys are text)',
            hint: 'Use a plain word as the key.',
          };
        } else if (!key || (isScalar(key) && key.value === null)) {
          found = {
            offset,
            message: 'a key is empty or null: kubectl refuses it (JSON keys are text)',
            hint: 'Name the key; quote it ("null") if the word itself is meant.',
          };
        }
        return found ? visit.BREAK : undefined;
      },
      Scalar(_, node) {
        if (typeof node.value !== 'number' || Number.isFinite(node.value)) return undefined;
        found = {
          offset: node.range?.[0] ?? document.range[0],
          message: `\`${node.source ?? String(node.value)}\` is a number JSON cannot hold (infinite or not a number): kubectl refuses the document`,
          hint: 'Write a finite number, or quote the value to keep it as text.',
        };
        return visit.BREAK;
      },
    });
    if (found) return inputError('not-json', found.message, found.hint, index, [found.offset, found.offset + 1], at);
  }
  return undefined;
}

/** The refusal of a document that expands more aliases than `MAX_ALIAS_COUNT`. */
export function aliasLimitError(document: number, offset: number, at: PositionLookup): InputError {
  return inputError(
    'alias-limit',
    'the document expands too many aliases (an "alias bomb")',
    'Replace the aliases by the values they stand for.',
    document,
    [offset, offset],
    at,
  );
}

/** Where the first `!!binary` tag stands (the tag itself, not the value after it). */
function binaryOffset(document: Document.Parsed, source: string): number | undefined {
  let found: number | undefined;
  visit(document, {
    Node(_, node) {
      if (isNode(node) && node.tag === 'tag:yaml.org,2002:binary') {
        found = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.tag === 'tag:yaml.org,2002:binary') {
        found = pair.key.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (found === undefined) return undefined;
  let tag = source.lastIndexOf('!', found);
  while (tag > 0 && source[tag - 1] === '!') tag -= 1;
  return tag >= lineStart(source, found) ? tag : found;
}

/**
 * `name: {{ .Values.name }}` is valid YAML (a flow mapping used as a key), but never a
 * Kubernetes field: a mapping key that is itself `{{ ... }}` means an unrendered template.
 */
export function templateKeyError(documents: readonly Document.Parsed[], source: string, at: PositionLookup): InputError | undefined {
  if (!source.includes('{{')) return undefined;
  for (const [index, document] of documents.entries()) {
    let offset: number | undefined;
    visit(document, {
      Pair(_, pair) {
        const start = isCollection(pair.key) ? pair.key.range?.[0] : undefined;
        if (start !== undefined && source[start] === '{' && source[start - 1] === '{') {
          offset = start - 1;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (offset !== undefined) {
      return inputError(
        'helm-template',
        'the input contains Helm template directives ({{ ... }}) that YAML reads as data',
        HELM_HINT,
        index,
        [offset, offset + 2],
        at,
      );
    }
  }
  return undefined;
}
