/**
 * The input cut into documents as kubectl cuts it, by text, before any YAML is read
 * (k8s.io/apimachinery/pkg/util/yaml: YAMLOrJSONDecoder, YAMLReader; checked with
 * `kubectl annotate --local -f FILE k=v -o json`, kubectl 1.32):
 * - A stream whose first character after white space (and a byte-order mark) is `{` is JSON: a
 *   sequence of JSON values read one after another (`{…}{…}`, as `kubectl get -o json` loops
 *   print), and nothing else; a YAML-ism in it (`0x258`, a comment, an unquoted key) is an error.
 * - Any other stream is cut at every line that starts with `---` and holds nothing after it but
 *   white space and a comment: `---#` ends a document, where YAML reads a key. A `---` line with
 *   anything else after it is refused ("invalid Yaml document separator").
 * - Each piece goes whole to go-yaml, which reads its first document only (what follows a `...`
 *   marker is ignored), drops a byte-order mark that opens it (YAML keeps one that opens a later
 *   document as text) and refuses a `%YAML` or `%TAG` directive (the `---` that must follow it
 *   already ended the piece).
 * Where YAML would read the text otherwise, the input is refused with the position.
 */

/** Go's `unicode.IsSpace`, which kubectl trims with. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** A problem with the stream: what is wrong, how to fix it, and where (offsets). */
export type StreamProblem = {
  readonly code: 'invalid-json' | 'document-separator' | 'yaml-directive' | 'content-after-document-end' | 'byte-order-mark';
  readonly message: string;
  readonly hint: string;
  readonly start: number;
  readonly end: number;
};

/** Whether kubectl reads the text as a stream of JSON values (its first character after white space is `{`). */
export function isJsonStream(source: string): boolean {
  let index = source.startsWith('\uFEFF') ? 1 : 0;
  while (index < source.length && GO_SPACE.test(source[index] ?? '')) index += 1;
  return source[index] === '{';
}

const JSON_SPACE = new Set([' ', '\t', '\n', '\r']);

function skipJsonSpace(source: string, index: number): number {
  let at = index;
  while (JSON_SPACE.has(source[at] ?? '')) at += 1;
  return at;
}

type JsonRead = { readonly end: number } | { readonly error: number; readonly expected: string };

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON strings may not hold control characters raw
const JSON_STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Reads one JSON value at `start` (RFC 8259, as Go's encoding/json reads it): where it ends, or where it breaks. */
function readJsonValue(source: string, start: number): JsonRead {
  const char = source[start];
  if (char === '{' || char === '[') {
    const close = char === '{' ? '}' : ']';
    let at = skipJsonSpace(source, start + 1);
    if (source[at] === close) return { end: at + 1 };
    for (;;) {
      if (char === '{') {
        const key = readJsonString(source, at);
        if ('error' in key) return { error: at, expected: 'a key in double quotes' };
        at = skipJsonSpace(source, key.end);
        if (source[at] !== ':') return { error: at, expected: '":" after the key' };
        at = skipJsonSpace(source, at + 1);
      }
      const value = readJsonValue(source, at);
      if ('error' in value) return value;
      at = skipJsonSpace(source, value.end);
      if (source[at] === close) return { end: at + 1 };
      if (source[at] !== ',') return { error: at, expected: `"," or "${close}"` };
      at = skipJsonSpace(source, at + 1);
    }
  }
  if (char === '"') return readJsonString(source, start);
  for (const literal of ['true', 'false', 'null']) if (source.startsWith(literal, start)) return { end: start + literal.length };
  JSON_NUMBER.lastIndex = start;
  const number = JSON_NUMBER.exec(source);
  if (number) {
    const end = start + number[0].length;
    // A number runs into the next token only through a character JSON does not allow there (`0x258`, `1_000`).
    if (/[\w.+-]/.test(source[end] ?? '')) return { error: end, expected: 'a decimal number' };
    return { end };
  }
  return { error: start, expected: 'a JSON value' };
}

function readJsonString(source: string, start: number): JsonRead {
  JSON_STRING.lastIndex = start;
  const match = JSON_STRING.exec(source);
  return match ? { end: start + match[0].length } : { error: start, expected: 'a string in double quotes' };
}

type JsonStream = { ranges: [number, number][] } | { problem: StreamProblem };

/** The last stream read: the tool reads one input several times (hardening, then each output). */
let lastStream: { readonly source: string; readonly result: JsonStream } | undefined;

/**
 * The JSON values of a JSON stream, as offset ranges, or the first place it is not JSON. A text
 * that is one JSON value costs one `JSON.parse` (its range then includes the white space around it).
 */
export function jsonStreamValues(source: string): JsonStream {
  if (lastStream?.source !== source) lastStream = { source, result: readJsonStream(source) };
  return lastStream.result;
}

function readJsonStream(source: string): JsonStream {
  const bom = source.startsWith('\uFEFF') ? 1 : 0;
  try {
    JSON.parse(bom === 0 ? source : source.slice(bom));
    return { ranges: [[bom, source.length]] };
  } catch {
    // Several values, or not JSON: read them one by one to find out which.
  }
  const ranges: [number, number][] = [];
  let at = skipJsonSpace(source, bom);
  while (at < source.length) {
    // The native parser checks each value whose end a quick scan finds; the reader above only
    // runs to say where a broken one breaks.
    const end = scanValueEnd(source, at);
    let value: JsonRead = { end };
    try {
      JSON.parse(source.slice(at, end));
    } catch {
      value = readJsonValue(source, at);
    }
    if ('error' in value) {
      const found = source[value.error];
      return {
        problem: {
          code: 'invalid-json',
          message: `the text starts with "{", so kubectl reads it as JSON, and here it is not JSON: ${value.expected} was expected, not ${found === undefined ? 'the end of the text' : JSON.stringify(found)}`,
          hint: 'Write it as JSON (keys in double quotes, decimal numbers, no comments), or start the file with a line `---` to have it read as YAML.',
          start: value.error,
          end: Math.min(value.error + 1, source.length),
        },
      };
    }
    ranges.push([at, value.end]);
    at = skipJsonSpace(source, value.end);
  }
  return { ranges };
}

/**
 * Where the JSON value at `start` would end, by brackets and strings alone: past its closing
 * bracket, or (a number or literal) at the next space or bracket. Checking it is the parser's job.
 */
function scanValueEnd(source: string, start: number): number {
  const opener = source[start];
  if (opener !== '{' && opener !== '[') {
    let end = start + 1;
    while (end < source.length && !/[\s{}[\],"]/.test(source[end] ?? '')) end += 1;
    return end;
  }
  let depth = 0;
  for (let index = start; index < source.length; index += 1) {
    const code = source.charCodeAt(index);
    if (code === 0x22) {
      // Skip a string, escapes included.
      index += 1;
      while (index < source.length && source.charCodeAt(index) !== 0x22) index += source.charCodeAt(index) === 0x5c ? 2 : 1;
    } else if (code === 0x7b || code === 0x5b) depth += 1;
    else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return source.length;
}

/** Whether the text after `---` makes the line a document marker for YAML (white space, a line break or nothing). */
function isYamlMarker(rest: string): boolean {
  return rest === '' || rest === '\r' || rest[0] === ' ' || rest[0] === '\t';
}

function isBlankOrComment(line: string): boolean {
  const text = line.replace(/^[ \t]+/, '');
  return text === '' || text === '\r' || text.startsWith('#');
}

/**
 * The first place where kubectl cuts a YAML stream otherwise than YAML does, or refuses what YAML
 * reads (see the top of this file); undefined when both see the same documents.
 */
export function yamlStreamProblem(source: string): StreamProblem | undefined {
  let afterEnd = false;
  let offset = source.startsWith('\uFEFF') ? 1 : 0;
  while (offset < source.length) {
    const newline = source.indexOf('\n', offset);
    const lineEnd = newline === -1 ? source.length : newline;
    const bare = lineEnd - offset === 3 || (lineEnd - offset === 4 && source[lineEnd - 1] === '\r');
    if (bare && source.startsWith('---', offset)) afterEnd = false;
    // Most lines start with a space or a letter: only these first characters need a closer look.
    else if (afterEnd || LINE_STARTS.has(source[offset] ?? '')) {
      const line = source.slice(offset, lineEnd);
      const problem = lineProblem(line, offset, afterEnd);
      if (problem) return problem;
      if (line.startsWith('---')) afterEnd = false;
      else if (line.startsWith('...') && isYamlMarker(line.slice(3))) afterEnd = true;
    }
    offset = lineEnd + 1;
  }
  return undefined;
}

/** The first characters of the lines kubectl's reader and YAML may read otherwise. */
const LINE_STARTS = new Set(['-', '.', '%', '\uFEFF']);
const LEADING_SPACE = new RegExp(`^${GO_SPACE.source}+`);
const TRAILING_SPACE = new RegExp(`${GO_SPACE.source}+$`);

function lineProblem(line: string, offset: number, afterEnd: boolean): StreamProblem | undefined {
  const first = line[0];
  if (line.startsWith('---')) {
    const rest = line.slice(3);
    if (rest === '' || rest === '\r') return undefined;
    const content = rest.replace(LEADING_SPACE, '');
    const contentAt = offset + 3 + rest.length - content.length;
    const trimmed = content.replace(TRAILING_SPACE, '');
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      return {
        code: 'document-separator',
        message: 'kubectl refuses a `---` line with anything but a comment after it ("invalid Yaml document separator")',
        hint: 'Put what follows `---` on the next line.',
        start: contentAt,
        end: offset + line.length,
      };
    }
    if (!isYamlMarker(rest)) {
      return {
        code: 'document-separator',
        message: `kubectl ends a document at this \`${JSON.stringify(line.slice(0, 4)).slice(1, -1)}\` line, where YAML reads a key or a value instead`,
        hint: 'Write `---` alone on its line, or `--- # comment` with a space, so that every reader ends the document here.',
        start: offset,
        end: offset + 4,
      };
    }
    return undefined;
  }
  if (first === '%') {
    return {
      code: 'yaml-directive',
      message: 'kubectl refuses a `%YAML` or `%TAG` directive: its reader cuts the document before the `---` that follows it',
      hint: 'Remove the directive line (kubectl reads YAML 1.1 without one).',
      start: offset,
      end: offset + line.replace(/\r$/, '').length,
    };
  }
  if (first === '\uFEFF' && offset > 0) {
    return {
      code: 'byte-order-mark',
      message: 'a byte-order mark (U+FEFF) starts this line: kubectl drops it where it opens a document, YAML reads it as part of the key',
      hint: 'Remove it: only the very start of a file may hold one.',
      start: offset,
      end: offset + 1,
    };
  }
  if (afterEnd && !isBlankOrComment(line) && !(line.startsWith('...') && isYamlMarker(line.slice(3)))) {
    return {
      code: 'content-after-document-end',
      message: 'kubectl reads nothing after a `...` line until the next `---` line, so it would not apply this document',
      hint: 'Start the document with a `---` line.',
      start: offset,
      end: offset + line.replace(/\r$/, '').length,
    };
  }
  return undefined;
}

/** The first problem of the stream as kubectl reads it, in JSON or YAML; undefined when there is none. */
export function streamProblem(source: string): StreamProblem | undefined {
  if (isJsonStream(source)) {
    const values = jsonStreamValues(source);
    return 'problem' in values ? values.problem : undefined;
  }
  return yamlStreamProblem(source);
}
