import { describe, expect, it } from 'vitest';
import { harden } from '../harden/harden';
import { MAX_NESTING_DEPTH, readingError } from './input-errors';
import { hasLazyItems, parseJsonDocument } from './json-parse';
import { DEFAULT_OPTIONS } from '../harden/options';
import { plainDocuments } from './parse';
import { createPositionLookup, escapeForTerminal, utf8Length } from '../source-text';
import { isSeq, type YAMLMap } from 'yaml';

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';

function firstError(text: string) {
  return harden(text, DEFAULT_OPTIONS).errors[0];
}

describe('line breaks kubectl sees and the yaml package does not', () => {
  // What `kubectl annotate --local -o json` (go-yaml) does with each, recorded in input-errors.ts.
  const BREAKS = [
    ['CR', '\r'],
    ['NEL', '\u0085'],
    ['LINE SEPARATOR', '\u2028'],
    ['PARAGRAPH SEPARATOR', '\u2029'],
  ] as const;

  it.each(BREAKS)('%s in a comment hides a key from this tool: refused at its position', (_, char) => {
    const text = `${POD_HEAD}spec:\n  containers: []\n  # reviewed${char}  automountServiceAccountToken: true\n`;
    const error = firstError(text);
    expect(error?.code).toBe('line-break');
    expect(error?.start).toEqual({ line: 7, col: 13 });
  });

  it.each(BREAKS)('%s in a plain scalar is refused', (_, char) => {
    expect(firstError(`${POD_HEAD}  labels:\n    a: x${char}y\nspec: {}\n`)?.code).toBe('line-break');
  });

  it.each([
    ['CR', '\r'],
    ['NEL', '\u0085'],
  ])('%s in a quoted scalar is folded by kubectl: refused', (_, char) => {
    expect(firstError(`${POD_HEAD}  labels:\n    a: "x${char}y"\nspec: {}\n`)?.code).toBe('line-break');
    expect(firstError(`${POD_HEAD}  labels:\n    a: 'x${char}y'\nspec: {}\n`)?.code).toBe('line-break');
  });

  it.each([
    ['LINE SEPARATOR', '\u2028'],
    ['PARAGRAPH SEPARATOR', '\u2029'],
  ])('%s in a quoted scalar is kept by both readers: accepted', (_, char) => {
    const result = harden(`${POD_HEAD}  labels:\n    a: "x${char}y"\n    b: 'x${char}y'\nspec:\n  containers: []\n`, DEFAULT_OPTIONS);
    expect(result.errors).toEqual([]);
    expect(result.output).toContain(`a: "x${char}y"`);
  });

  it('NEL in a JSON string is kept by kubectl, which decodes JSON as JSON: accepted', () => {
    const text = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"x\u0085y"}},"spec":{"containers":[]}}';
    expect(harden(text, DEFAULT_OPTIONS).errors).toEqual([]);
  });

  it('CRLF line endings are not lone carriage returns', () => {
    expect(harden(`${POD_HEAD}spec:\n  containers: []\n`.replace(/\n/g, '\r\n'), DEFAULT_OPTIONS).errors).toEqual([]);
  });
});

describe('anchors kubectl refuses or would expand too far', () => {
  it.each([
    ['a sequence', 'data:\n  x: &a [*a]\n', { line: 6, col: 10 }],
    ['a mapping', 'data: &a\n  x: *a\n', { line: 6, col: 6 }],
    ['a merge key', 'spec: &a\n  <<: *a\n', { line: 6, col: 7 }],
  ])('an anchor that contains itself (%s) is refused at the alias', (_, body, start) => {
    const error = firstError(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n${body}`);
    expect(error?.code).toBe('self-alias');
    expect(error?.start).toEqual(start);
  });

  it.each([
    ['in another document', 'data:\n  a: &a x\n---\nb: *a\n', 1, { line: 8, col: 4 }],
    ['before its anchor', 'data:\n  b: *a\n  a: &a x\n', 0, { line: 6, col: 6 }],
  ])('an alias to an anchor not set before it (%s) is refused as kubectl refuses it', (_, body, document, start) => {
    const error = firstError(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n${body}`);
    expect(error?.code).toBe('unknown-alias');
    expect(error?.document).toBe(document);
    expect(error?.start).toEqual(start);
  });

  it('an alias to an earlier sibling is fine', () => {
    expect(harden('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: &a x\n  b: *a\n', DEFAULT_OPTIONS).errors).toEqual(
      [],
    );
  });

  it('more than 1,000 aliases outside any pod spec are refused, not half read', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: &x y\n  b: [${Array(1001).fill('*x').join(', ')}]\n`;
    expect(firstError(text)?.code).toBe('alias-limit');
    expect(firstError(text)?.start).toEqual({ line: 7, col: 7 });
  });
});

describe('!!binary', () => {
  it.each([
    ['a key', `${POD_HEAD}spec:\n  containers: []\n  !!binary YXV0b21vdW50U2VydmljZUFjY291bnRUb2tlbg==: true\n`, { line: 7, col: 3 }],
    ['a value', `${POD_HEAD}  labels:\n    a: !!binary eA==\nspec: {}\n`, { line: 6, col: 8 }],
  ])('on %s is refused with a position (kubectl decodes it)', (_, text, start) => {
    const error = firstError(text);
    expect(error?.code).toBe('binary-tag');
    expect(error?.start).toEqual(start);
  });
});

describe('a cluster dump read an item at a time', () => {
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'admin' } };
  const rules = [{ apiGroups: ['*'], resources: ['*'], verbs: ['get?'] }];
  const items = (text: string) => {
    const document = parseJsonDocument(text, { lazyItems: true });
    const seq = (document?.contents as YAMLMap | undefined)?.get('items');
    return { document, seq: isSeq(seq) ? seq : undefined };
  };

  it('is checked for what kubectl cannot read without building its items', () => {
    // A `*` or `?` sends YAML documents through a walk of their nodes; a JSON one needs none.
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ ...role, rules }] }, null, 2);
    const { document, seq } = items(text);
    expect(document && readingError([document], text, true, createPositionLookup(text))).toBeUndefined();
    expect(seq && hasLazyItems(seq)).toBe(true);
  });

  it('holds no number too large for JSON: such a number stays text, as kubectl reads it', () => {
    const big = `1${'0'.repeat(400)}`;
    for (const number of ['1e400', '-2.5E+999', '2e308', big]) {
      const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ ...role, rules }] }).replace(
        '"rules"',
        `"n":${number},"rules"`,
      );
      const { document, seq } = items(text);
      expect(document && readingError([document], text, true, createPositionLookup(text))).toBeUndefined();
      expect(seq && hasLazyItems(seq)).toBe(true);
      expect((seq?.items[0] as YAMLMap | undefined)?.get('n')).toBe(number);
    }
  });
});

describe('nesting', () => {
  const blockNest = (levels: number) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${Array.from({ length: levels - 1 }, (_, level) => `${' '.repeat(level + 2)}k${level}:\n`).join('')}`;

  it.each([MAX_NESTING_DEPTH - 1, MAX_NESTING_DEPTH])('%i levels of block mappings are read', (levels) => {
    expect(firstError(blockNest(levels))?.code).not.toBe('too-deep');
  });

  it.each([MAX_NESTING_DEPTH + 1, 950, 3000])('%i levels of block mappings are refused with the documented error', (levels) => {
    const error = firstError(blockNest(levels));
    expect(error?.code).toBe('too-deep');
    expect(error?.message).toBe(`collections nest more than ${MAX_NESTING_DEPTH} levels deep`);
    // The mapping of level 201 starts at the key on line 205 (five header lines, one key a line).
    expect(error?.start.line).toBe(MAX_NESTING_DEPTH + 5);
  });

  it.each([
    ['one-space sequences', `a:\n${Array.from({ length: 3000 }, (_, level) => `${' '.repeat(level)}-\n`).join('')}`],
    ['compact sequences', `a:\n  ${'- '.repeat(3000)}x\n`],
    [
      'flow inside block',
      `a:\n${Array.from({ length: 150 }, (_, level) => `${' '.repeat(level + 1)}b${level}:\n`).join('')}${' '.repeat(152)}c: ${'['.repeat(60)}${']'.repeat(60)}\n`,
    ],
    ['flow maps', `a: ${'{b: '.repeat(300)}x${'}'.repeat(300)}\n`],
  ])('%s nested too deep are refused, never a stack overflow', (_, text) => {
    expect(firstError(text)?.code).toBe('too-deep');
  });
});

describe('the size limit counts bytes', () => {
  it('refuses 4 million three-byte characters (12 MB) though they are 4 million UTF-16 units', () => {
    const text = `a: "${'€'.repeat(4 * 1024 * 1024)}"\n`;
    expect(text.length).toBeLessThan(10 * 1024 * 1024);
    expect(firstError(text)?.code).toBe('too-large');
  });

  it('utf8Length counts UTF-8 bytes', () => {
    expect(utf8Length('a€😀é')).toBe(new TextEncoder().encode('a€😀é').length);
  });
});

describe('escapeForTerminal', () => {
  it('escapes ESC, BEL, C1 controls, line breaks and bidirectional overrides, and keeps the rest', () => {
    expect(escapeForTerminal('a\u001b]0;pwned\u0007b\u009bc\nd\u202ee\tf é')).toBe('a\\x1b]0;pwned\\x07b\\x9bc\\x0ad\\u202ee\tf é');
  });
});

describe('one reading for every format', () => {
  it('plainDocuments reads what harden accepted, merge keys applied', () => {
    expect(plainDocuments('a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n')).toEqual([{ a: { b: 1 }, c: { b: 1, d: 2 } }]);
  });
});
