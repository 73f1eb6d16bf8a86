/**
 * Splits an audit log's text, fed in chunks of any size, into the values it holds, in constant
 * memory. Recognised by content: JSON lines (the kube-apiserver's log backend, one Event a line),
 * JSON values that span lines (a pretty-printed Event, a `gcloud logging read --format=json`
 * array, a `{"records": [...]}` body), values run together on one line (Kinesis Firehose writes
 * them so), CloudWatch export lines (`TIMESTAMP MESSAGE`), base64 gzip payloads (`H4sI...`), and
 * YAML documents separated by `---` (what `gcloud logging read` prints by default).
 *
 * Speed matters: a JSON line that parses whole costs one `JSON.parse`; only the other shapes are
 * scanned character by character. Arrays at the top, and the arrays of a top-level object's
 * `records`, `logEvents`, `events`, `entries`, `items` or `Records` member, are handed over one
 * element at a time, so a 1 GB array never sits in memory.
 */
import { parseDocument } from 'yaml';

/** The largest single value (or line) kept in memory; a larger one is skipped and reported. */
export const MAX_VALUE_CHARS = 64 * 1024 * 1024;

/** Members of a top-level object whose array elements are handed over one by one. */
const STREAMED_MEMBERS: ReadonlySet<string> = new Set(['records', 'logEvents', 'events', 'entries', 'items', 'Records']);

/** A CloudWatch Logs export line: the event's timestamp, a space, the message. */
const EXPORT_LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))[ \t](.*)$/;
/** YAML document markers, alone or before the document's first content. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t]|$)/;

export type SplitProblemCode = 'not-json' | 'truncated-json' | 'yaml-syntax' | 'value-too-large';

/** A piece of the text that holds no readable value. */
export type SplitProblem = { readonly code: SplitProblemCode; readonly line: number; readonly message: string };

/**
 * Where the values go. `container` names the array a value was taken out of (`records`,
 * `logEvents`, ...; `logEvents` too for a CloudWatch export line, `payload` for a base64 line),
 * undefined for a value that stood on its own.
 */
export type ValueSink = {
  value(value: unknown, line: number, container: string | undefined): void;
  problem(problem: SplitProblem): void;
};

export type RecordSplitter = {
  /** Feeds the next piece of the text; a piece may end anywhere, even inside a character pair. */
  push(text: string): void;
  /** Ends the text: a value left open is reported. */
  end(): void;
};

/** A JSON value being read across lines. */
type OpenValue = {
  readonly startLine: number;
  depth: number;
  /** Inside the top-level object, the next string is a member name. */
  expectKey: boolean;
  lastKey: string;
  /** The whole value's text, while it is kept whole (undefined once its elements stream or it is skipped). */
  whole: string[] | undefined;
  wholeChars: number;
  /** The depth of the elements being streamed (0: none), and the array they come from. */
  streamDepth: number;
  container: string | undefined;
  streamed: boolean;
  /** The element being read, and the line it started on. */
  element: string[] | undefined;
  elementChars: number;
  elementLine: number;
  tooLarge: boolean;
};

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0xfeff;
}

function skipSpaces(text: string, from: number): number {
  let index = from;
  while (index < text.length && isSpace(text.charCodeAt(index))) index += 1;
  return index;
}

/** The index of the quote that closes the string whose opening quote is at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let quote = text.indexOf('"', open + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates a splitter that hands each value it reads to `sink`. */
export function createRecordSplitter(sink: ValueSink): RecordSplitter {
  let format: 'unknown' | 'json' | 'yaml' = 'unknown';
  let line = 0;
  // The unfinished last line, in pieces (joining them once avoids re-copying a long line per chunk).
  let pending: string[] = [];
  let pendingChars = 0;
  let skippingLongLine = false;
  let open: OpenValue | undefined;
  let yamlLines: string[] = [];
  let yamlStart = 0;
  let yamlChars = 0;

  function problem(code: SplitProblemCode, at: number, message: string): void {
    sink.problem({ code, line: at, message });
  }

  function emitParsed(text: string, at: number, container: string | undefined): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problem('not-json', at, `not valid JSON: ${describeError(error)}`);
      return;
    }
    sink.value(value, at, container);
  }

  function handleLine(raw: string): void {
    line += 1;
    if (open) {
      continueOpenValue(open, raw);
      return;
    }
    if (format === 'yaml') {
      yamlLine(raw);
      return;
    }
    const first = skipSpaces(raw, 0);
    if (first === raw.length) return;
    const code = raw.charCodeAt(first);
    if (format === 'unknown') {
      if (code === 0x23 /* # */) return;
      format = code === 0x7b || code === 0x5b || EXPORT_LINE.test(raw.slice(first)) || raw.startsWith('H4sI', first) ? 'json' : 'yaml';
      if (format === 'yaml') {
        yamlLine(raw);
        return;
      }
    }
    jsonLine(raw, first, code);
  }

  function jsonLine(raw: string, first: number, code: number): void {
    if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      let value: unknown;
      try {
        value = JSON.parse(first === 0 ? raw : raw.slice(first));
      } catch {
        startValue(raw, first);
        return;
      }
      sink.value(value, line, undefined);
      return;
    }
    const text = raw.slice(first);
    const exported = EXPORT_LINE.exec(text);
    if (exported) {
      sink.value({ timestamp: exported[1], message: exported[2] }, line, 'logEvents');
      return;
    }
    if (text.startsWith('H4sI')) {
      sink.value(text.trim(), line, 'payload');
      return;
    }
    problem('not-json', line, 'not a JSON value, an audit event or a log export line');
  }

  function startValue(raw: string, at: number): void {
    open = {
      startLine: line,
      depth: 0,
      expectKey: false,
      lastKey: '',
      whole: [],
      wholeChars: 0,
      streamDepth: 0,
      container: undefined,
      streamed: false,
      element: undefined,
      elementChars: 0,
      elementLine: 0,
      tooLarge: false,
    };
    continueValue(open, raw, at);
  }

  /** Adds a piece of text to what is being kept: the whole value, or the element being read. */
  function keep(value: OpenValue, piece: string): void {
    if (value.whole) {
      value.whole.push(piece);
      value.wholeChars += piece.length;
      if (value.wholeChars > MAX_VALUE_CHARS) {
        value.whole = undefined;
        value.tooLarge = true;
        problem('value-too-large', value.startLine, `a JSON value of more than ${MAX_VALUE_CHARS} characters is skipped`);
      }
    } else if (value.element) {
      value.element.push(piece);
      value.elementChars += piece.length;
      if (value.elementChars > MAX_VALUE_CHARS) {
        value.element = undefined;
        problem('value-too-large', value.elementLine, `a JSON value of more than ${MAX_VALUE_CHARS} characters is skipped`);
      }
    }
  }

  function finishElement(value: OpenValue, piece: string): void {
    if (!value.element) return;
    value.element.push(piece);
    const text = value.element.join('');
    value.element = undefined;
    emitParsed(text, value.elementLine, value.container);
  }

  function abandon(value: OpenValue, message: string): void {
    open = undefined;
    problem('truncated-json', value.element ? value.elementLine : value.startLine, message);
  }

  /** Whether the value is between or inside the elements of an array it streams. */
  function isAtElements(value: OpenValue): boolean {
    return value.streamDepth > 0 && value.depth === value.streamDepth;
  }

  /**
   * Reads a line of a value that spans lines, from `from`. A value with a string that does not end
   * on its line, or with a new object starting in the first column where no array element can
   * start, was cut short: it is reported, and the line is read again on its own.
   */
  function continueValue(value: OpenValue, raw: string, from: number): void {
    let segment = from;
    let index = from;
    while (index < raw.length) {
      const code = raw.charCodeAt(index);
      if (isAtElements(value) && !value.element && !isSpace(code) && code !== 0x2c && code !== 0x5d) {
        value.element = [];
        value.elementChars = 0;
        value.elementLine = line;
        segment = index;
      }
      if (code === 0x22 /* " */) {
        const close = closingQuote(raw, index);
        if (close === -1) {
          abandon(value, 'a JSON value is cut short: a string does not end on its line');
          return;
        }
        if (value.expectKey && value.depth === 1) {
          value.lastKey = raw.slice(index + 1, close);
          value.expectKey = false;
        }
        index = close + 1;
        continue;
      }
      if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
        value.depth += 1;
        const streams =
          value.depth === 1
            ? code === 0x5b
            : value.depth === 2 && code === 0x5b && value.streamDepth === 0 && !value.element && STREAMED_MEMBERS.has(value.lastKey);
        if (value.depth === 1) value.expectKey = code === 0x7b;
        if (streams) {
          value.streamDepth = value.depth;
          value.container = value.depth === 1 ? undefined : value.lastKey;
          value.streamed = true;
          value.whole = undefined;
          segment = index + 1;
        }
      } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
        if (isAtElements(value)) {
          finishElement(value, raw.slice(segment, index));
          value.streamDepth = 0;
        }
        value.depth -= 1;
        if (value.depth === 0) {
          closeValue(value, raw.slice(segment, index + 1));
          const next = skipSpaces(raw, index + 1);
          if (next === raw.length) return;
          const nextCode = raw.charCodeAt(next);
          if (nextCode === 0x7b || nextCode === 0x5b) startValue(raw, next);
          else problem('not-json', line, 'unexpected text after a JSON value');
          return;
        }
      } else if (code === 0x2c /* , */) {
        if (isAtElements(value)) {
          finishElement(value, raw.slice(segment, index));
          segment = index + 1;
        } else if (value.depth === 1 && value.streamDepth !== 1) value.expectKey = true;
      }
      index += 1;
    }
    keep(value, segment === 0 ? raw : raw.slice(segment));
    keep(value, '\n');
  }

  /** Reads the next line of a value that spans lines. */
  function continueOpenValue(value: OpenValue, raw: string): void {
    if (raw.charCodeAt(0) === 0x7b && !isAtElements(value)) {
      abandon(value, 'a JSON value is cut short: a new one starts before it ends');
      line -= 1;
      handleLine(raw);
      return;
    }
    continueValue(value, raw, 0);
  }

  function closeValue(value: OpenValue, lastPiece: string): void {
    open = undefined;
    if (value.streamed || !value.whole) return;
    value.whole.push(lastPiece);
    emitParsed(value.whole.join(''), value.startLine, undefined);
  }

  function yamlLine(raw: string): void {
    if (DOCUMENT_MARKER.test(raw)) {
      flushYaml();
      const rest = raw.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) addYamlLine(raw);
      return;
    }
    addYamlLine(raw);
  }

  function addYamlLine(raw: string): void {
    if (yamlLines.length === 0) yamlStart = line;
    yamlChars += raw.length + 1;
    if (yamlChars > MAX_VALUE_CHARS) {
      if (yamlChars - raw.length - 1 <= MAX_VALUE_CHARS)
        problem('value-too-large', yamlStart, `a YAML document of more than ${MAX_VALUE_CHARS} characters is skipped`);
      yamlLines = [];
      return;
    }
    yamlLines.push(raw);
  }

  function flushYaml(): void {
    const lines = yamlLines;
    const tooLarge = yamlChars > MAX_VALUE_CHARS;
    yamlLines = [];
    yamlChars = 0;
    if (tooLarge || lines.every((text) => text.trim() === '' || text.trimStart().startsWith('#'))) return;
    const document = parseDocument(lines.join('\n'), { prettyErrors: false });
    const error = document.errors[0];
    if (error) {
      const offset = error.pos[0];
      let errorLine = yamlStart;
      for (let index = 0, seen = 0; index < lines.length; index += 1) {
        seen += (lines[index] ?? '').length + 1;
        if (seen > offset) break;
        errorLine += 1;
      }
      problem('yaml-syntax', errorLine, `not valid YAML: ${error.message.split('\n')[0] ?? ''}`);
      return;
    }
    sink.value(document.toJS({ maxAliasCount: 100 }), yamlStart, undefined);
  }

  return {
    push(text) {
      let start = 0;
      for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
        if (pendingChars > 0 || pending.length > 0) {
          pending.push(text.slice(start, newline));
          const whole = pending.join('');
          pending = [];
          pendingChars = 0;
          if (skippingLongLine) {
            skippingLongLine = false;
            line += 1;
          } else handleLine(whole);
        } else handleLine(text.slice(start, newline));
        start = newline + 1;
      }
      if (start < text.length) {
        if (skippingLongLine) return;
        pending.push(text.slice(start));
        pendingChars += text.length - start;
        if (pendingChars > MAX_VALUE_CHARS) {
          problem('value-too-large', line + 1, `a line of more than ${MAX_VALUE_CHARS} characters is skipped`);
          pending = [''];
          pendingChars = 0;
          skippingLongLine = true;
        }
      }
    },
    end() {
      if (!skippingLongLine && (pendingChars > 0 || pending.some((piece) => piece !== ''))) handleLine(pending.join(''));
      pending = [];
      pendingChars = 0;
      if (open) abandon(open, 'the text ends inside a JSON value');
      if (format === 'yaml') flushYaml();
    },
  };
}
