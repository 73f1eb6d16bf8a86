import { describe, expect, it } from 'vitest';
import { CI_SEED, chooseSeed } from './fc-seed';

describe('chooseSeed', () => {
  it('takes FC_SEED first, on CI too', () => {
    expect(chooseSeed({ FC_SEED: '1608801469', CI: 'true' })).toBe(1608801469);
    expect(chooseSeed({ FC_SEED: '-7' })).toBe(-7);
  });

  it('is fixed on CI', () => {
    expect(chooseSeed({ CI: 'true' }, () => 0.5)).toBe(CI_SEED);
    expect(chooseSeed({ CI: '1' }, () => 0.5)).toBe(CI_SEED);
  });

  it('is random elsewhere', () => {
    expect(chooseSeed({}, () => 0.25)).toBe(0x4000_0000);
    expect(chooseSeed({ CI: 'false' }, () => 0.75)).toBe(0xc000_0000 | 0);
    expect(chooseSeed({ FC_SEED: ' ' }, () => 0)).toBe(0);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => chooseSeed({ FC_SEED: 'abc' })).toThrow(/FC_SEED/);
    expect(() => chooseSeed({ FC_SEED: '1.5' })).toThrow(/FC_SEED/);
  });
});
