import fc from 'fast-check';
import { applyPatch } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { hasProtoKey, jsonValue } from './json-arbitrary';

describe('jsonValue', () => {
  it('finds __proto__ keys at any depth', () => {
    expect(hasProtoKey(JSON.parse('[{},{"__proto__":false}]'))).toBe(true);
    expect(hasProtoKey(JSON.parse('{"a":[{"b":{"__proto__":1}}]}'))).toBe(true);
    expect(hasProtoKey({ proto: 1, a: [{ b: '__proto__' }] })).toBe(false);
  });

  it('is why the filter exists: fast-json-patch drops a __proto__ member', () => {
    const added = applyPatch({}, [{ op: 'add', path: '/__proto__', value: false }], true, true, false).newDocument;
    expect(JSON.stringify(added)).not.toBe('{"__proto__":false}');
  });

  it('never yields a __proto__ key, even under the seed that first found one', () => {
    fc.assert(
      fc.property(jsonValue(), (value) => {
        expect(hasProtoKey(value)).toBe(false);
      }),
      { numRuns: 300, seed: 1608801469 },
    );
  });
});
