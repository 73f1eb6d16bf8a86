import { describe, expect, it } from 'vitest';
import { CRASH_TEST_ENABLED } from './protocol';

describe('the crash-test hook', () => {
  it('exists only in the e2e build mode', () => {
    // Vitest runs in mode "test"; `npm run build` in "production": neither may stop the worker.
    expect(import.meta.env.MODE).not.toBe('e2e');
    expect(CRASH_TEST_ENABLED).toBe(false);
  });
});
