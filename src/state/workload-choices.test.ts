import { describe, expect, it } from 'vitest';
import { MAX_WORKLOAD_CHOICES, type WorkloadReport } from '../core';
import { DEFAULT_FIELDS } from './option-fields';
import { accessOf, applyRecommendations, matchesWorkload, withAccess } from './workload-choices';

function report(name: string, recommended: 'mount' | 'none', strong: boolean): WorkloadReport {
  return {
    key: { kind: 'Deployment', namespace: 'shop', name },
    serviceAccount: `${name}-sa`,
    apiAccess: 'mount',
    chosenBy: 'default',
    recommended,
    strong,
    reason: '',
    evidence: [],
  };
}

describe('per-workload choices', () => {
  const web = report('web', 'none', true).key;

  it('keep a choice only where it differs from the default', () => {
    const workloads = withAccess(DEFAULT_FIELDS, web, 'none');
    expect(workloads).toEqual([{ kind: 'Deployment', namespace: 'shop', name: 'web', apiAccess: 'none' }]);
    const fields = { ...DEFAULT_FIELDS, workloads };
    expect(accessOf(fields, web)).toBe('none');
    expect(withAccess(fields, web, 'mount')).toEqual([]);
  });

  it('leave out the namespace of an object that has none, as --workload KIND/NAME does', () => {
    const cluster = { kind: 'ClusterThing', namespace: undefined, name: 'web' };
    expect(withAccess(DEFAULT_FIELDS, cluster, 'none')).toEqual([{ kind: 'ClusterThing', name: 'web', apiAccess: 'none' }]);
  });

  it('follow the default when a workload has no choice of its own', () => {
    expect(accessOf({ ...DEFAULT_FIELDS, apiAccess: 'none' }, web)).toBe('none');
  });
});

describe('Apply recommendations', () => {
  it('applies strong recommendations only, as --api-access auto does', () => {
    const reports = [report('web', 'none', true), report('guess', 'none', false), report('operator', 'mount', true)];
    const applied = applyRecommendations(DEFAULT_FIELDS, reports);
    expect(applied.changed.map((changed) => changed.key.name)).toEqual(['web']);
    expect(applied.workloads).toEqual([{ kind: 'Deployment', namespace: 'shop', name: 'web', apiAccess: 'none' }]);
  });

  it('gives a workload chosen by hand against a strong recommendation the recommendation', () => {
    const fields = {
      ...DEFAULT_FIELDS,
      workloads: [{ kind: 'Deployment', namespace: 'shop', name: 'operator', apiAccess: 'none' as const }],
    };
    const applied = applyRecommendations(fields, [report('operator', 'mount', true)]);
    expect(applied.workloads).toEqual([]);
    expect(applied.changed).toHaveLength(1);
  });

  it('stops at the choices a link can hold, and counts the rest', () => {
    const reports = Array.from({ length: MAX_WORKLOAD_CHOICES + 5 }, (_, index) => report(`app-${index}`, 'none', true));
    const applied = applyRecommendations(DEFAULT_FIELDS, reports);
    expect(applied.workloads).toHaveLength(MAX_WORKLOAD_CHOICES);
    expect(applied.leftOut).toBe(5);
  });

  it('finds workloads by key or ServiceAccount, in any case', () => {
    expect(matchesWorkload(report('web', 'none', true), 'SHOP/W')).toBe(true);
    expect(matchesWorkload(report('web', 'none', true), 'web-sa')).toBe(true);
    expect(matchesWorkload(report('web', 'none', true), 'operator')).toBe(false);
  });
});
