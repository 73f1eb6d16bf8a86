import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { generatePodList } from '../../../scripts/bench/generate-pods.mjs';
import { corpusFiles, describeCorpus } from '../../test/corpus';
import { jsonValue } from '../../test/json-arbitrary';
import { nodeShape } from '../../test/node-shape';
import { eachItem, isJsonDocument, jsonNodeValue, parseJsonDocument } from './json-parse';
import { parseManifest, parseManifestFully, plainDocuments } from './parse';

/** Reads `text` with the JSON reader and expects what the full parser reads, node for node. */
function expectSameAsFullParser(text: string): void {
  const document = parseJsonDocument(text);
  expect(document).toBeDefined();
  const full = parseManifestFully(text).documents;
  expect(full).toHaveLength(1);
  expect(full[0]?.errors).toEqual([]);
  expect(nodeShape(document?.contents)).toEqual(nodeShape(full[0]?.contents));
  // Where the document ends is what the engine reads (to slice its text), as of the fast reader's documents.
  expect(document?.range[2]).toBe(full[0]?.range[2]);
}

/** JSON text of `value` with the spaces and line breaks between its tokens drawn from `spaces`. */
function printJson(value: unknown, spaces: readonly string[]): string {
  let next = 0;
  const space = (): string => spaces[next++ % spaces.length] ?? '';
  const print = (item: unknown): string => {
    if (Array.isArray(item)) return `[${space()}${item.map((entry) => print(entry) + space()).join(`,${space()}`)}]`;
    if (typeof item === 'object' && item !== null)
      return `{${space()}${Object.entries(item)
        .map(([key, entry]) => `${JSON.stringify(key)}${space()}:${space()}${print(entry)}${space()}`)
        .join(`,${space()}`)}}`;
    return JSON.stringify(item);
  };
  return `${space()}${print(value)}${space()}`;
}

describe('the JSON reader', () => {
  it('reads what the full parser reads, node for node, however the JSON is spaced', () => {
    const root = fc.oneof(fc.dictionary(fc.string(), jsonValue({ stringUnit: 'binary' })), fc.array(jsonValue({ stringUnit: 'binary' })));
    const spaces = fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '    ', '\n  '), { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(root, spaces, (value, between) => {
        expectSameAsFullParser(printJson(value, between));
        expectSameAsFullParser(JSON.stringify(value, null, 4));
      }),
      { numRuns: 400 },
    );
  });

  it('gives every node the plain value the YAML nodes give', () => {
    const root = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue()));
    const expectSameValues = (text: string): void => {
      const document = parseJsonDocument(text);
      if (!document) throw new Error(`not read: ${text}`);
      const pending: unknown[] = [document.contents];
      while (pending.length > 0) {
        const node = pending.pop() as Node;
        expect(jsonNodeValue(node, document)?.value).toEqual(node.toJS(document));
        if (isMap(node)) for (const pair of node.items) pending.push(pair.key, pair.value);
        if (isSeq(node)) pending.push(...node.items);
      }
    };
    fc.assert(
      fc.property(root, (value) => expectSameValues(JSON.stringify(value, null, 2))),
      { numRuns: 300 },
    );
    expectSameValues('[-0, 0, 1e5, 1E+5, 2.5e-3, 1.0, 12345678901234567890, 1e400, -1e400, 5e-324, true, null]');
    expectSameValues('{"__proto__": {"a": 1}, "constructor": [], "1": 2, "0": "x"}');
  });

  it('reads numbers, escapes and keys as the YAML parser does', () => {
    expectSameAsFullParser('[-0, 0, 1e5, 1E+5, 2.5e-3, 0.50, 1.0, 12345678901234567890, 1e400, -1.5, true, false, null]');
    expectSameAsFullParser('{"a\\"b": "\\/\\b\\f\\n\\r\\t\\u0000\\u00e9\\ud83d\\ude00\\ud800", "": {}, "<<": [], "~": "yes"}');
    expectSameAsFullParser(`{"${'k'.repeat(2000)}"\n: "\u2028\u0085\ufeff\u007f"}`);
  });

  it('builds the items of a lazily read list, their collections as they are read, as it builds them whole', () => {
    const item = fc.oneof(fc.dictionary(fc.string(), jsonValue({ stringUnit: 'binary' })), fc.array(jsonValue({ stringUnit: 'binary' })));
    const spaces = fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '    '), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 5 }), spaces, (items, between) => {
        for (const text of [printJson({ kind: 'List', items }, between), generatePodList(2)]) {
          const lazy = (parseJsonDocument(text, { lazyItems: true })?.contents as YAMLMap | undefined)?.get('items');
          const whole = (parseJsonDocument(text)?.contents as YAMLMap | undefined)?.get('items');
          if (!isSeq(lazy) || !isSeq(whole)) throw new Error('no items');
          const read: unknown[] = [];
          eachItem(lazy, (node) => read.push(nodeShape(node)));
          expect(read).toEqual(whole.items.map(nodeShape));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads a cluster dump as kubectl prints it, and on one line', () => {
    expectSameAsFullParser(generatePodList(3));
    expectSameAsFullParser(generatePodList(3, 0));
  });

  it.each([
    ['a scalar', '"text"'],
    ['a tab', '{"a":\t1}'],
    ['a carriage return without a line feed', '{"a":\r1}'],
    ['a duplicate key', '{"a": 1, "a": 2}'],
    ['a byte-order mark', '\ufeff{"a": 1}'],
    ['a trailing comma', '{"a": 1,}'],
    ['an unquoted key', '{a: 1}'],
    ['a hexadecimal number', '{"a": 0x258}'],
    ['a leading zero', '[0444]'],
    ['a comment', '{"a": 1} # note'],
    ['a YAML document', 'a: 1\n'],
    ['an unfinished string', '{"a": "x'],
    ['a control character in a string', '{"a": "x\u0001"}'],
    ['a bad escape', '{"a": "\\x41"}'],
  ])('leaves %s to the other readers, with the same result', (_, text) => {
    expect(parseJsonDocument(text)).toBeUndefined();
    const documents = parseManifest(text).documents;
    expect(documents.some(isJsonDocument)).toBe(false);
    expect(documents.map((document) => nodeShape(document.contents))).toEqual(
      parseManifestFully(text).documents.map((document) => nodeShape(document.contents)),
    );
  });

  it('leaves a stream of two objects to the stream reader: one document per value, as kubectl reads it', () => {
    const text = '{"a": 1}{"b": 2}';
    expect(parseJsonDocument(text)).toBeUndefined();
    const documents = parseManifest(text).documents;
    expect(documents.some(isJsonDocument)).toBe(false);
    expect(documents.map((document) => nodeShape(document.contents))).toEqual(
      // Each value as the full parser reads it where it stands in the text.
      ['{"a": 1}', ' '.repeat(8) + '{"b": 2}'].map((value) => nodeShape(parseManifestFully(value).documents[0]?.contents)),
    );
  });
});

describeCorpus('the JSON reader on the corpus, printed as JSON', () => {
  it.each(corpusFiles().map((file) => [file.name, file.text]))('%s', (_, text) => {
    let values: unknown[];
    try {
      values = plainDocuments(text).filter((value) => typeof value === 'object' && value !== null);
    } catch {
      return; // Not YAML (a Helm template): nothing to print.
    }
    for (const value of values) {
      expectSameAsFullParser(JSON.stringify(value, null, 4));
      expectSameAsFullParser(JSON.stringify(value));
    }
  });
});
