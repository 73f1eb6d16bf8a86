import { describe, expect, it } from 'vitest';
import { formatPath } from './change-path';

describe('formatPath', () => {
  it('writes keys with dots and indexes in brackets', () => {
    expect(formatPath(['spec', 'containers', 0, 'volumeMounts', 12])).toBe('spec.containers[0].volumeMounts[12]');
    expect(formatPath(['items', 3, 'spec', 'volumes', 0, 'projected', 'sources', 1])).toBe('items[3].spec.volumes[0].projected.sources[1]');
    expect(formatPath(['automountServiceAccountToken'])).toBe('automountServiceAccountToken');
    expect(formatPath([])).toBe('');
  });
});
