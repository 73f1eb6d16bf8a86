/** Turns what the parser reports into plain-words errors with a position and a hint. */
import { type Document, isCollection, visit, type YAMLError } from 'yaml';
import type { ErrorCode, InputError, SourcePosition } from './result';
import { lineStart } from './source-text';

/** Inputs above this size are refused: the page and the CLI stay responsive. */
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
export function checkBeforeParsing(source: string, at: PositionLookup): InputError | undefined {
  if (source.trim() === '')
    return inputError('empty-input', 'the input is empty: paste or pipe a Kubernetes manifest', undefined, -1, [0, 0], at);
  if (source.length > MAX_INPUT_BYTES) {
    return inputError(
      'too-large',
      `the input is ${(source.length / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1024 / 1024} MB`,
      'Split the manifest into smaller files.',
      -1,
      [0, 0],
      at,
    );
  }
  const depthAt = tooDeepOffset(source);
  if (depthAt !== -1) {
    return inputError(
      'too-deep',
      `collections nest more than ${MAX_NESTING_DEPTH} levels deep`,
      'Real Kubernetes manifests nest far less: check the input.',
      -1,
      [depthAt, depthAt + 1],
      at,
    );
  }
  return undefined;
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

/** The offset where flow brackets or indentation first nest too deep, or -1. */
function tooDeepOffset(source: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (quote) {
      if (char === '\\' && quote === '"') index += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '[' || char === '{') {
      depth += 1;
      if (depth > MAX_NESTING_DEPTH) return index;
    } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
    else if (char === '\n') {
      let spaces = 0;
      while (source[index + 1 + spaces] === ' ') spaces += 1;
      if (spaces > MAX_NESTING_DEPTH * 8) return index + 1;
    } else if ((char === '"' || char === "'") && depth > 0) quote = char;
    else if (char === '#' && (index === 0 || /\s/.test(source[index - 1] ?? ''))) {
      const newline = source.indexOf('\n', index);
      index = newline === -1 ? source.length : newline - 1;
    }
  }
  return -1;
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
