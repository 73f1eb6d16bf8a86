import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Document, stringify } from 'yaml';
import { generateBundle } from '../../../scripts/bench/generate-bundle.mjs';
import { corpusFiles, describeCorpus } from '../../test/corpus';
import { nodeShape as shape } from '../../test/node-shape';
import { isFullyParsed, parseSimpleDocuments } from './fast-parse';
import { parseManifestFully, toPlainValue } from './parse';

function errorsOf(documents: readonly Document.Parsed[]): unknown[] {
  return documents.map((document) => document.errors.map((error) => [error.code, error.pos]));
}

function expectSameAsFullParser(text: string): boolean {
  const fast = parseSimpleDocuments(text);
  if (!fast) return false;
  const full = parseManifestFully(text).documents;
  expect(fast.map((document) => shape(document.contents))).toEqual(full.map((document) => shape(document.contents)));
  expect(errorsOf(fast)).toEqual(errorsOf(full));
  expect(fast.map(toPlainValue)).toEqual(full.map(toPlainValue));
  return true;
}

/** Whether every document went through the fast reader (none through the full parser). */
function isAllFast(text: string): boolean {
  const documents = parseSimpleDocuments(text);
  return documents !== undefined && !documents.some(isFullyParsed);
}

describe('the fast reader', () => {
  it('reads what the full parser reads, node for node', () => {
    const text = [
      '# leading comment',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: "quoted"',
      "  namespace: 'single ''quoted'''",
      '  labels: {app: web, "tier": front}',
      'spec:',
      '  automountServiceAccountToken: yes',
      '  containers:',
      '  - name: app # trailing comment',
      '    image: nginx:1.27',
      '    args: ["--port=8080", -v, 3]',
      '    env: []',
      '    ports:',
      '      - containerPort: 0x1F',
      '        protocol: TCP',
      '    resources: {}',
      '    empty:',
      '    dash:',
      '    -',
      '    - 0444',
      '  volumes:',
      '  - name: a',
      '    emptyDir: { }',
      '---',
      '---  # comment',
      'apiVersion: v1\r',
      'kind: ServiceAccount\r',
      '',
    ].join('\n');
    expect(expectSameAsFullParser(text)).toBe(true);
  });

  it.each([
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a tab', 'a:\t1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['an error', 'a: [1\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a nested compact sequence', '- - a\n'],
  ])('leaves %s to the full parser, with the same result', (_, text) => {
    expect(isAllFast(text)).toBe(false);
    expect(isAllFast(`a: 1\n---\n${text}`)).toBe(false);
    const documents = parseSimpleDocuments(`a: 1\n---\n${text}`);
    if (documents) expect(isFullyParsed(documents[0] as Document.Parsed)).toBe(false);
    expectSameAsFullParser(text);
    expectSameAsFullParser(`a: 1\n---\n${text}`);
  });

  it('reads plain scalars over several lines, as the full parser folds them', () => {
    const text = [
      'spec:',
      '  containers:',
      '    - name: app',
      '      command:',
      '        - /bin/cp /usr/local/bin/argocd /var/run/argocd/argocd && /bin/ln -sf',
      '          /var/run/argocd/argocd-cmp-server  ',
      '      args: [a]',
      '      description: yes',
      '        no',
      '         1 "two" [three] &four b:c',
      '    - name: second',
      '       continued',
      'list:',
      '- first',
      '  line',
      'end: 1',
      '',
    ].join('\n');
    expect(isAllFast(text)).toBe(true);
    expect(expectSameAsFullParser(text)).toBe(true);
  });

  it.each([
    ['a blank line', 'a: one\n\n  two\n'],
    ['a comment', 'a: one\n  # note\n  two\n'],
    ['a comment after the first line', 'a: one # note\n  two\n'],
    ['a key', 'a: one\n  b: two\n'],
    ['an item', 'a: one\n  - two\n'],
    ['too little indentation', '- a: one\n  two\n'],
  ])('leaves a plain scalar continued after %s to the full parser', (_, text) => {
    expect(isAllFast(text)).toBe(false);
    expectSameAsFullParser(text);
  });

  it('reads the benchmark bundle, all of it fast', () => {
    expect(isAllFast(generateBundle(50))).toBe(true);
    expect(expectSameAsFullParser(generateBundle(50))).toBe(true);
  });

  it('agrees with the full parser on generated manifests', () => {
    const scalar = fc.oneof(
      fc.constantFrom('yes', 'no', 'null', '~', '0444', '0o17', '1_000', '3.5', '.inf', 'true', 'on', 'x y', 'a:b', '-v', 'http://x', ''),
      fc.constantFrom('a long value of several words', 'yes no 1 2', 'x: y z and more words here', 'one two # three four five'),
      fc.string({ maxLength: 8 }),
      // Every letter first, before text a tag may read (`yes`, `null`, `1e3`, `.inf`).
      fc
        .tuple(
          fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
          fc.constantFrom('', 'es', 'ull', 'rue', 'alse', 'n', 'ff', 'o', 'x1', '1e3', '0', '+5', '_1'),
        )
        .map(([letter, rest]) => letter + rest),
      fc.integer(),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'name', 'on', '3'), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('kind', 'spec', 'metadata', 'x'), value, { minKeys: 1 }),
        fc.constantFrom(2, 4),
        fc.boolean(),
        fc.constantFrom('any', 'flow', 'block'),
        fc.constantFrom(0, 12, 80),
        (object, indent, indentSeq, collectionStyle, lineWidth) => {
          // A narrow line width folds long plain scalars over several lines.
          const text = stringify(object, { version: '1.1', indent, indentSeq, collectionStyle, lineWidth, minContentWidth: 0 });
          expectSameAsFullParser(text);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describeCorpus('the fast reader on the corpus', () => {
  it.each(corpusFiles().map((file) => [file.name, file.text]))('%s: same nodes, or left to the full parser', (_, text) => {
    const documents = parseSimpleDocuments(text);
    if (documents) expectSameAsFullParser(text);
    else expect(parseManifestFully(text).documents.length).toBeGreaterThan(0);
  });
});
