/** JSON values for property tests that every JSON library in the suite reads the same way. */
import fc from 'fast-check';

/**
 * Whether a value holds a `__proto__` key anywhere. fast-json-patch (and any reader that
 * assigns members) sets the prototype instead of adding the member, so such a value is not
 * the same JSON to it: a property that compared them would fail on the oracle, not the code.
 */
export function hasProtoKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasProtoKey);
  if (typeof value !== 'object' || value === null) return false;
  return Object.keys(value).some((key) => key === '__proto__' || hasProtoKey((value as Record<string, unknown>)[key]));
}

/** `fc.jsonValue` without `__proto__` keys. */
export function jsonValue(constraints: fc.JsonSharedConstraints = {}): fc.Arbitrary<fc.JsonValue> {
  return fc.jsonValue(constraints).filter((value) => !hasProtoKey(value));
}

/** Short object keys without `__proto__`. */
export const jsonKey: fc.Arbitrary<string> = fc.string({ maxLength: 4 }).filter((text) => text !== '__proto__');
