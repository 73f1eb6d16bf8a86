import { isMap, isSeq, visit, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseManifestFully } from '../read/parse';
import { detectDocumentStyle } from './render';
import { applyEdits } from '../source-text';
import { SourceEditor } from './yaml-edit';

/** Removes the items named `drop` from the flow sequence under `list:` and appends `values`. */
function editList(source: string, drop: readonly string[], values: readonly unknown[] = []): string {
  const [document] = parseManifestFully(source).documents;
  if (!document) throw new Error('no document');
  expect(document.errors).toEqual([]);
  const seq: unknown = (document.contents as YAMLMap).get('list', true);
  if (!isSeq(seq)) throw new Error('no list');
  const editor = new SourceEditor(source, detectDocumentStyle(document, source, { lineEnding: '\n', json: source.startsWith('{') }));
  for (const item of seq.items) {
    const name = isMap(item) ? item.get('name') : String(item);
    if (drop.includes(String(name))) editor.removeItem(seq, item as YAMLMap);
  }
  if (values.length > 0) editor.appendItems(seq, values);
  return applyEdits(source, editor.finish());
}

describe('removing items from a flow sequence', () => {
  it.each([
    ['the first of three, side by side', 'list: [a, b, c]\n', ['a'], 'list: [b, c]\n'],
    ['the middle one, side by side', 'list: [a, b, c]\n', ['b'], 'list: [a, c]\n'],
    ['the last one, side by side', 'list: [a, b, c]\n', ['c'], 'list: [a, b]\n'],
    ['the last two, side by side', 'list: [a, b, c]\n', ['b', 'c'], 'list: [a]\n'],
    ['all of them', 'list: [a, b]\n', ['a', 'b'], 'list: []\n'],
    ['the last one, with a trailing comma', 'list: [\n  a,\n  b,\n]\n', ['b'], 'list: [\n  a,\n]\n'],
    ['the first one, cuddled', 'list: [{\n    name: web,\n  }, {\n    name: data,\n  }]\n', ['web'], 'list: [{\n    name: data,\n  }]\n'],
    ['the last one, cuddled', 'list: [{\n    name: web,\n  }, {\n    name: data,\n  }]\n', ['data'], 'list: [{\n    name: web,\n  }]\n'],
    [
      'the last one of JSON',
      '{\n  "list": [\n    {\n      "name": "web"\n    },\n    {\n      "name": "data"\n    }\n  ]\n}\n',
      ['data'],
      '{\n  "list": [\n    {\n      "name": "web"\n    }\n  ]\n}\n',
    ],
    [
      'the middle one, keeping the comments of the others',
      'list: [\n  # first\n  {name: web}, # x\n  # second\n  {name: data}, # y\n  # third\n  {name: cache}, # z\n]\n',
      ['data'],
      'list: [\n  # first\n  {name: web}, # x\n  # second\n  # third\n  {name: cache}, # z\n]\n',
    ],
    [
      'the last one without a trailing comma, keeping the comments before it',
      'list: [\n  {name: web}, # x\n  # about y\n  {name: data}\n]\n',
      ['data'],
      'list: [\n  {name: web} # x\n  # about y\n]\n',
    ],
  ])('%s', (_case, source, drop, expected) => {
    const output = editList(source, drop);
    expect(output).toBe(expected);
    expect(parseManifestFully(output).documents[0]?.errors).toEqual([]);
  });

  it.each([
    ['side by side', 'list: [{name: web}, {name: data}]\n', 'list: [{name: web}, {name: cache}]\n'],
    [
      'one per line, with comments',
      'list: [\n  # keep x\n  {name: web}, # x\n  # about y\n  {name: data}, # y\n]\n',
      'list: [\n  # keep x\n  {name: web}, # x\n  # about y\n  {\n    name: cache,\n  }, # y\n]\n',
    ],
    ['minified JSON', '{"list":[{"name":"web"},{"name":"data"}]}', '{"list":[{"name":"web"},{"name":"cache"}]}'],
  ])('puts the added items where the removed last one stood: %s', (_case, source, expected) => {
    expect(editList(source, ['data'], [{ name: 'cache' }])).toBe(expected);
  });

  it.each([
    [
      'added to a list that keeps its items',
      [],
      '{\n  "list": [\n    {\n      "name": "cache"\n    },\n    {\n      "name": "web"\n    },\n    {\n      "name": "data"\n    }\n  ]\n}\n',
    ],
    [
      'added where the last item goes',
      ['data'],
      '{\n  "list": [\n    {\n      "name": "cache"\n    },\n    {\n      "name": "web"\n    }\n  ]\n}\n',
    ],
    [
      'added where the first item goes',
      ['web'],
      '{\n  "list": [\n    {\n      "name": "cache"\n    },\n    {\n      "name": "data"\n    }\n  ]\n}\n',
    ],
    ['added where every item goes', ['web', 'data'], '{\n  "list": [\n    {\n      "name": "cache"\n    }\n  ]\n}\n'],
  ])('indented JSON puts added items first, so no line before them changes: %s', (_case, drop, expected) => {
    const source = '{\n  "list": [\n    {\n      "name": "web"\n    },\n    {\n      "name": "data"\n    }\n  ]\n}\n';
    const output = editList(source, drop, [{ name: 'cache' }]);
    expect(output).toBe(expected);
    const kept = ['web', 'data'].filter((name) => !(drop as readonly string[]).includes(name));
    expect(JSON.parse(output)).toEqual({ list: [{ name: 'cache' }, ...kept.map((name) => ({ name }))] });
  });

  it('adds after the last item when it stays', () => {
    expect(editList('list: [\n  {name: web}, # x\n  {name: data}, # y\n]\n', ['web'], [{ name: 'cache' }])).toBe(
      'list: [\n  {name: data}, # y\n  {\n    name: cache,\n  },\n]\n',
    );
  });
});

describe('a frozen value (the token volume, made once per options)', () => {
  /** Appends `value` to every flow sequence of the document, with one editor. */
  function appendEverywhere(source: string, value: unknown): string {
    const [document] = parseManifestFully(source).documents;
    if (!document) throw new Error('no document');
    const editor = new SourceEditor(source, detectDocumentStyle(document, source, { lineEnding: '\n', json: source.startsWith('{') }));
    visit(document, {
      Seq(_, seq) {
        editor.appendItems(seq, [value]);
      },
    });
    return applyEdits(source, editor.finish());
  }

  it('is written in each place as the same value not frozen is, at every depth', () => {
    const value = { name: 'cache', items: [{ key: 'a', path: 'a' }] };
    const frozen = Object.freeze({ ...value, items: Object.freeze([Object.freeze({ key: 'a', path: 'a' })]) });
    const json = JSON.stringify({ a: [{ b: [1] }, { c: [{ d: [2] }] }], e: [] }, null, 2);
    for (const source of [json, JSON.stringify(JSON.parse(json), null, 4), 'a: [1, {b: [2]}]\nc: [\n  3,\n]\n']) {
      expect(appendEverywhere(source, frozen)).toBe(appendEverywhere(source, value));
    }
  });
});
