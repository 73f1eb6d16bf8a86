import { describe, expect, it } from 'vitest';
import { OPTION_TABLE } from '../core';
import { DEFAULT_FIELDS, inactiveReason } from './option-fields';

describe('inactiveReason', () => {
  it("greys the token's own options, and only those, while no token is mounted", () => {
    const none = { ...DEFAULT_FIELDS, apiAccess: 'none' as const };
    const inactive = OPTION_TABLE.filter((row) => inactiveReason(row, none) !== undefined).map((row) => row.name);
    expect(inactive).toEqual(['expirationSeconds', 'audience', 'defaultMode']);
    for (const name of inactive)
      expect(
        inactiveReason(
          OPTION_TABLE.find((row) => row.name === name)!,
          none,
        ),
      ).toMatch(/No token/);
  });

  it('greys nothing while the token is mounted', () => {
    expect(OPTION_TABLE.filter((row) => inactiveReason(row, DEFAULT_FIELDS) !== undefined)).toEqual([]);
  });
});
