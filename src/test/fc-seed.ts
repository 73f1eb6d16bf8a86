/**
 * One fast-check seed per test run: fixed in CI so a run can be repeated, random elsewhere so
 * runs explore, and printed either way so a failure can be replayed with `FC_SEED=... npx vitest run`.
 */

/** The seed fixed for CI runs that do not name one. */
export const CI_SEED = 42;

/** The seed to use: `FC_SEED` when set, `CI_SEED` on CI, otherwise a fresh random one. */
export function chooseSeed(env: Readonly<Record<string, string | undefined>>, random: () => number = Math.random): number {
  const chosen = env['FC_SEED']?.trim();
  if (chosen) {
    const seed = Number(chosen);
    if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, not "${chosen}"`);
    return seed | 0;
  }
  if (env['CI'] && env['CI'] !== 'false' && env['CI'] !== '0') return CI_SEED;
  return (random() * 0x1_0000_0000) | 0;
}
