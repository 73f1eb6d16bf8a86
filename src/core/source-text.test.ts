import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, hasCorpus, isHelmTemplate } from '../test/corpus';
import { harden } from './harden/harden';
import { DEFAULT_OPTIONS, type HardenOptions } from './harden/options';
import { createIdTable, diffSequences } from './sequence-diff';
import {
  applyEdits,
  applyEditsMarkingLines,
  columnOf,
  createPositionLookup,
  escapeForTerminal,
  escapeJsonText,
  isFirstOnLine,
  LineIndex,
  lineEndAfter,
  type LineRange,
  lineStart,
  type TextEdit,
  utf8Length,
} from './source-text';

/** 1-based numbers of the lines in ranges. */
function numbers(ranges: readonly LineRange[]): number[] {
  return ranges.flatMap(({ start, end }) => Array.from({ length: end - start + 1 }, (_, index) => start + index));
}

/** Lines split at `\n`; a final line break ends the last line rather than starting an empty one. */
function lines(text: string): string[] {
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all;
}

/** The lines of `after` a line diff marks `+`, by an independent Myers diff on lines split at `\n`. */
function diffInsertedLines(before: string, after: string): number[] {
  const id = createIdTable<string>();
  const { inserted } = diffSequences(Int32Array.from(lines(before), id), Int32Array.from(lines(after), id));
  return [...inserted].flatMap((flag, index) => (flag === 1 ? [index + 1] : []));
}

/** Inserted lines compare by content: where equal lines sit side by side, a diff may pick either. */
function contents(text: string, lines: readonly number[]): string[] {
  const all = text.split('\n');
  return lines.map((line) => all[line - 1] ?? '').sort();
}

describe('LineIndex', () => {
  it('answers as the functions that scan the line do, at every offset', () => {
    const text = fc.string({ unit: fc.constantFrom('\n', '\r', ' ', '\t', '\u00a0', '\ufeff', 'a', '#', '-') });
    fc.assert(
      fc.property(text, (source) => {
        const lines = new LineIndex(source);
        const position = createPositionLookup(source);
        for (let offset = 0; offset <= source.length + 1; offset += 1) {
          expect(lines.lineStart(offset)).toBe(lineStart(source, offset));
          expect(lines.lineEndAfter(offset)).toBe(lineEndAfter(source, offset));
          expect(lines.columnOf(offset)).toBe(columnOf(source, offset));
          expect(lines.isFirstOnLine(offset)).toBe(isFirstOnLine(source, offset));
          const before = source.slice(0, offset).split('\n');
          if (offset <= source.length) expect(position(offset)).toEqual({ line: before.length, col: (before.at(-1)?.length ?? 0) + 1 });
        }
      }),
    );
  });
});

describe('utf8Length', () => {
  it('counts what TextEncoder writes, after ASCII of any length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), fc.string({ unit: 'grapheme' }), (ascii, rest) => {
        expect(utf8Length(ascii + rest)).toBe(new TextEncoder().encode(ascii + rest).length);
      }),
    );
  });
});

describe('applyEditsMarkingLines', () => {
  const source = 'a: 1\nb: 2\nc: 3\n';
  it.each<[string, TextEdit[], number[]]>([
    ['whole lines at a line start', [{ start: 5, end: 5, text: 'x: 0\ny: 0\n' }], [2, 3]],
    ['lines after a line end', [{ start: 9, end: 9, text: '\n  x: 0' }], [3]],
    ['text inside a line', [{ start: 3, end: 3, text: '0' }], [1]],
    ['a line split by a piece', [{ start: 3, end: 3, text: '[\n  0\n]' }], [1, 2, 3]],
    ['a value replaced', [{ start: 8, end: 9, text: '20' }], [2]],
    ['whole lines replaced', [{ start: 5, end: 10, text: 'b: 3\nb2: 4\n' }], [2, 3]],
    ['whole lines removed', [{ start: 5, end: 10, text: '' }], []],
    ['a piece at the end of a text without a final newline', [{ start: 4, end: 4, text: '\n---\nd: 4\n' }], [2, 3]],
    [
      'several edits',
      [
        { start: 0, end: 0, text: 'top: 0\n' },
        { start: 5, end: 5, text: 'x: 0\n' },
        { start: 15, end: 15, text: 'end: 0\n' },
      ],
      [1, 3, 6],
    ],
  ])('marks %s', (_, edits, expected) => {
    const text = name(_) === 'a piece at the end of a text without a final newline' ? 'a: 1' : source;
    const marked = applyEditsMarkingLines(text, edits);
    expect(marked.text).toBe(applyEdits(text, edits));
    expect(numbers(marked.insertedLines)).toEqual(expected);
    expect(numbers(marked.insertedLines)).toEqual(diffInsertedLines(text, marked.text));
  });
});

function name(value: string): string {
  return value;
}

const golden = join(import.meta.dirname, 'fixtures/golden');
const formats = join(import.meta.dirname, 'fixtures/formats');
const fixtureInputs = [
  ...readdirSync(golden).flatMap((folder) =>
    readdirSync(join(golden, folder))
      .filter((file) => file.startsWith('input.'))
      .map((file) => ({ name: `${folder}/${file}`, text: readFileSync(join(golden, folder, file), 'utf8') })),
  ),
  ...readdirSync(formats)
    .filter((file) => file.endsWith('.input.yaml'))
    .map((file) => ({ name: file, text: readFileSync(join(formats, file), 'utf8') })),
];

/** Whether `lines` appear in `within` in order (not necessarily side by side). */
function isSubsequence(lines: readonly string[], within: readonly string[]): boolean {
  let at = 0;
  for (const line of within) if (at < lines.length && lines[at] === line) at += 1;
  return at === lines.length;
}

/**
 * Where hardening only inserts, the marked lines are exactly the diff's `+` lines. Where it also
 * removes or rewrites, a diff may pair a new line with an equal one removed elsewhere, so it can
 * mark fewer: then every unmarked line must still be a line of the input, in order.
 */
function expectDiffAgrees(text: string, options: HardenOptions): number {
  const result = harden(text, options);
  const marked = numbers(result.insertedLines);
  const diffed = diffInsertedLines(text, result.output);
  const id = createIdTable<string>();
  const removed = diffSequences(Int32Array.from(lines(text), id), Int32Array.from(lines(result.output), id)).deleted.some(
    (flag) => flag === 1,
  );
  if (!removed) {
    expect(marked.length).toBe(diffed.length);
    expect(contents(result.output, marked)).toEqual(contents(result.output, diffed));
  } else {
    expect(marked.length).toBeGreaterThanOrEqual(diffed.length);
    const markedSet = new Set(marked);
    const kept = lines(result.output).filter((_, index) => !markedSet.has(index + 1));
    expect(isSubsequence(kept, lines(text))).toBe(true);
  }
  return marked.length;
}

describe('HardenResult.insertedLines says what a diff says', () => {
  it.each(fixtureInputs.map((input) => [input.name, input.text]))('on %s', (_, text) => {
    expectDiffAgrees(text, DEFAULT_OPTIONS);
  });

  it('with emitted ServiceAccounts at the end', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: web\n  containers:\n    - name: a\n';
    expect(expectDiffAgrees(pod, { ...DEFAULT_OPTIONS, emitServiceAccount: true })).toBeGreaterThan(0);
    expect(expectDiffAgrees(pod.trimEnd(), { ...DEFAULT_OPTIONS, emitServiceAccount: true })).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasCorpus)('HardenResult.insertedLines on the corpus', () => {
  const files = corpusFiles().filter((file) => !isHelmTemplate(file.name));
  it.each(files.map((file) => [file.name, file.text]))('%s', (_, text) => {
    expectDiffAgrees(text, DEFAULT_OPTIONS);
  });
});

describe('lineStart on long texts', () => {
  it('agrees with a search back from the offset, on one long line and on many lines', () => {
    const oneLine = `{"items":[${Array.from({ length: 20_000 }, (_, index) => `{"n":${index}}`).join(',')}]}`;
    const manyLines = Array.from({ length: 20_000 }, (_, index) => `line ${index}`).join('\n');
    for (const text of [oneLine, manyLines, `\n${manyLines}\n`]) {
      expect(text.length).toBeGreaterThan(1 << 16);
      for (const offset of [0, 1, 2, 5, 99, 4096, text.length >> 1, text.length - 1, text.length]) {
        expect(lineStart(text, offset), `${offset}`).toBe(text.lastIndexOf('\n', offset - 1) + 1);
      }
    }
  });
});

/** What neither a terminal nor a JSON reader's screen should get raw: controls but tab and line feed, format characters, line separators. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the test
const SHOWN_OTHERWISE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/u;

describe('escapes for what is printed', () => {
  it('escapeForTerminal shows invisible format characters too: zero-width, isolates, tags (past U+FFFF as YAML writes them)', () => {
    expect(escapeForTerminal('a\u200bb\u2067c\u00add\u{e0041}e \u{1f600}')).toBe('a\\u200bb\\u2067c\\xadd\\U000e0041e \u{1f600}');
  });

  it('escapeJsonText leaves JSON that parses to the same value, with none of those characters raw', () => {
    const unicode = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({
        unit: fc.constantFrom('\u202e', '\u2066', '\u200b', '\u{e0041}', '\u0085', '\u007f', '\u2028', '\ufeff', 'a', '"', '\\', '\n'),
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(unicode, fc.oneof(unicode, fc.array(unicode))), (value) => {
        for (const json of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
          const escaped = escapeJsonText(json);
          expect(JSON.parse(escaped)).toEqual(value);
          expect(escaped).not.toMatch(SHOWN_OTHERWISE);
        }
      }),
    );
  });

  it('escapeJsonText writes each as \\u escapes, a pair past U+FFFF', () => {
    expect(escapeJsonText(JSON.stringify(['\u202eab\u{e0041}\u0085']))).toBe('["\\u202eab\\udb40\\udc41\\u0085"]');
  });
});
