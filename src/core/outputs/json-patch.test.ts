import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { applyPatch, type Operation } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { corpusFiles, describeCorpus, isHelmTemplate } from '../../test/corpus';
import { jsonKey, jsonValue } from '../../test/json-arbitrary';
import { DEFAULT_OPTIONS, harden } from '../index';
import { escapePointerToken, jsonPatchesFor, jsonPatchFor, type JsonPatchOperation } from './json-patch';
import { parseManifestFully as parseManifest, toPlainValue } from '../read/parse';

const FIXTURES = join(import.meta.dirname, '../fixtures/formats');

function documentsOf(text: string): unknown[] {
  return parseManifest(text).documents.map(toPlainValue);
}

/** Applies the operations with the independent fast-json-patch, validating each one, to a copy of `before`. */
function applyWithLibrary(before: unknown, operations: readonly JsonPatchOperation[]): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(before));
  return applyPatch(copy, operations as Operation[], true, true, false).newDocument;
}

/** JSON's own notion of the value (`-0` is `0`), for comparisons. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function expectPatchReproduces(before: unknown, after: unknown): JsonPatchOperation[] {
  const operations = jsonPatchFor(before, after);
  expect(asJson(applyWithLibrary(before, operations))).toEqual(asJson(after));
  return operations;
}

describe('jsonPatchFor', () => {
  it('returns no operations for equal values, whatever the key order', () => {
    expect(jsonPatchFor({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
  });

  it('adds, removes and replaces object members', () => {
    const operations = expectPatchReproduces({ keep: 1, drop: 2, change: 'x' }, { keep: 1, change: 'y', add: { deep: true } });
    expect(operations).toEqual([
      { op: 'remove', path: '/drop' },
      { op: 'replace', path: '/change', value: 'y' },
      { op: 'add', path: '/add', value: { deep: true } },
    ]);
  });

  it('escapes ~ and / in keys (JSON Pointer)', () => {
    expect(escapePointerToken('a~b/c')).toBe('a~0b~1c');
    const before = { metadata: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:old', 'x~y': '1' } } };
    const after = { metadata: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:new', 'x~y': '2' } } };
    expect(expectPatchReproduces(before, after)).toEqual([
      { op: 'replace', path: '/metadata/annotations/eks.amazonaws.com~1role-arn', value: 'arn:new' },
      { op: 'replace', path: '/metadata/annotations/x~0y', value: '2' },
    ]);
  });

  it('replaces the whole document when its type changes', () => {
    expect(expectPatchReproduces({ a: 1 }, [1])).toEqual([{ op: 'replace', path: '', value: [1] }]);
    expect(expectPatchReproduces(null, { kind: 'ServiceAccount' })).toEqual([
      { op: 'replace', path: '', value: { kind: 'ServiceAccount' } },
    ]);
  });

  it('appends list items with /-', () => {
    expect(expectPatchReproduces({ volumes: [{ name: 'data' }] }, { volumes: [{ name: 'data' }, { name: 'token' }] })).toEqual([
      { op: 'add', path: '/volumes/-', value: { name: 'token' } },
    ]);
  });

  it('removes list items from the highest index down, then adds', () => {
    const before = { items: ['a', 'x', 'b', 'y', 'c'] };
    const after = { items: ['a', 'b', 'c', 'z'] };
    const operations = expectPatchReproduces(before, after);
    expect(operations).toEqual([
      { op: 'remove', path: '/items/3' },
      { op: 'remove', path: '/items/1' },
      { op: 'add', path: '/items/-', value: 'z' },
    ]);
  });

  it('diffs a changed list item in place when it is the same entry, replaces it when it is another', () => {
    const before = { containers: [{ name: 'app', image: 'a:1' }], volumeMounts: [{ mountPath: '/t', name: 'kube-api-access-x' }] };
    const after = { containers: [{ name: 'app', image: 'a:2' }], volumeMounts: [{ mountPath: '/t', name: 'token', readOnly: true }] };
    expect(expectPatchReproduces(before, after)).toEqual([
      { op: 'replace', path: '/containers/0/image', value: 'a:2' },
      { op: 'replace', path: '/volumeMounts/0', value: { mountPath: '/t', name: 'token', readOnly: true } },
    ]);
  });

  it('gives values that do not share objects with `after`', () => {
    const after = { volumes: [{ name: 'token', projected: { sources: [] } }] };
    const [operation] = jsonPatchFor({}, after);
    expect(operation).toEqual({ op: 'add', path: '/volumes', value: after.volumes });
    expect(operation && 'value' in operation ? operation.value : undefined).not.toBe(after.volumes);
  });

  it('reproduces any JSON value from any other (independent library)', () => {
    // fast-json-patch writes `__proto__` as an assignment, which changes the prototype instead of adding a member.
    const key = jsonKey;
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false, 0, 1, 'a', 'b', ''),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, json, (before, after) => {
        expectPatchReproduces(before, after);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(jsonValue(), jsonValue(), (before, after) => {
        expectPatchReproduces(before, after);
      }),
      { numRuns: 300 },
    );
  });

  it('reproduces lists of named entries edited like hardening edits them', () => {
    const entry = fc.record({ name: fc.constantFrom('a', 'b', 'c', 'd', 'token'), readOnly: fc.boolean() }, { requiredKeys: ['name'] });
    const entries = fc.array(entry, { maxLength: 6 });
    fc.assert(
      fc.property(entries, entries, (before, after) => {
        expectPatchReproduces({ spec: { volumes: before } }, { spec: { volumes: after } });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('jsonPatchesFor', () => {
  it('gives one list per document, in order, and creates extra output documents from null', () => {
    const patches = jsonPatchesFor(
      [{ kind: 'ConfigMap' }, { kind: 'Pod', spec: {} }],
      [{ kind: 'ConfigMap' }, { kind: 'Pod', spec: { automountServiceAccountToken: false } }, { kind: 'ServiceAccount' }],
    );
    expect(patches).toEqual([
      [],
      [{ op: 'add', path: '/spec/automountServiceAccountToken', value: false }],
      [{ op: 'replace', path: '', value: { kind: 'ServiceAccount' } }],
    ]);
  });

  const fixtures = readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.input.yaml'))
    .map((name) => name.replace(/\.input\.yaml$/, ''));

  it.each(fixtures)('fixture %s: applying each list to its input document gives the hardened document', (name) => {
    const input = documentsOf(readFileSync(join(FIXTURES, `${name}.input.yaml`), 'utf8'));
    const hardened = documentsOf(readFileSync(join(FIXTURES, `${name}.hardened.yaml`), 'utf8'));
    const patches = jsonPatchesFor(input, hardened);
    expect(patches).toHaveLength(input.length);
    expect(patches.flat().length).toBeGreaterThan(0);
    input.forEach((document, index) => expect(asJson(applyWithLibrary(document, patches[index] ?? []))).toEqual(asJson(hardened[index])));
  });

  it('turns the kube-api-access volume into the token volume with few operations', () => {
    const input = documentsOf(readFileSync(join(FIXTURES, 'deployment-kube-api-access.input.yaml'), 'utf8'));
    const hardened = documentsOf(readFileSync(join(FIXTURES, 'deployment-kube-api-access.hardened.yaml'), 'utf8'));
    const [operations = []] = jsonPatchesFor(input, hardened);
    expect(operations.filter((operation) => operation.path.startsWith('/spec/template/spec/volumes'))).toEqual([
      { op: 'remove', path: '/spec/template/spec/volumes/0' },
      {
        op: 'add',
        path: '/spec/template/spec/volumes/-',
        value: (hardened[0] as { spec: { template: { spec: { volumes: unknown[] } } } }).spec.template.spec.volumes[2],
      },
    ]);
  });
});

describe('jsonPatchesFor on the engine golden cases', () => {
  const golden = join(import.meta.dirname, '../fixtures/golden');
  const cases = readdirSync(golden)
    .sort()
    .flatMap((name) => {
      const files = readdirSync(join(golden, name));
      const input = files.find((file) => file.startsWith('input.'));
      const expected = files.find((file) => file.startsWith('expected.'));
      return input && expected ? [[name, join(golden, name, input), join(golden, name, expected)] as const] : [];
    });
  it.each(cases)('%s: the patches reproduce the expected documents', (_name, inputPath, expectedPath) => {
    const input = documentsOf(readFileSync(inputPath, 'utf8'));
    const expected = documentsOf(readFileSync(expectedPath, 'utf8'));
    const patches = jsonPatchesFor(input, expected);
    expect(patches).toHaveLength(expected.length);
    patches.forEach((operations, index) =>
      expect(asJson(applyWithLibrary(input[index] ?? null, operations))).toEqual(asJson(expected[index])),
    );
  });
});

describeCorpus('jsonPatchesFor on the corpus', () => {
  const files = corpusFiles().filter((file) => !isHelmTemplate(file.name));
  // Files the core refuses (with an error the corpus test checks): nothing to patch.
  const refused = ['k8s-examples__etcd-controller.yaml'];
  let checked = 0;
  it.each(files.map((file) => [file.name, file.text] as const))('%s: the patches reproduce the hardened documents', (name, text) => {
    const result = harden(text, DEFAULT_OPTIONS);
    expect(result.errors.length > 0).toBe(refused.includes(name));
    if (result.errors.length > 0) return;
    checked += 1;
    const input = documentsOf(text);
    const hardened = documentsOf(result.output);
    const patches = jsonPatchesFor(input, hardened);
    expect(patches).toHaveLength(hardened.length);
    patches.forEach((operations, index) =>
      expect(asJson(applyWithLibrary(index < input.length ? input[index] : null, operations))).toEqual(asJson(hardened[index])),
    );
  });

  it('checked every file but the refused ones', () => {
    expect(files.length).toBeGreaterThan(refused.length);
    expect(checked).toBe(files.length - refused.length);
  });
});
