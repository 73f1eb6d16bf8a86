import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkloadKey } from './types';
import { applyOverrides, formatWorkloadKey, isSameWorkload, parseWorkloadKey, parseWorkloadOverride, workloadKeyOf } from './workload-key';

const web: WorkloadKey = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const db: WorkloadKey = { kind: 'StatefulSet', namespace: 'shop', name: 'db' };
const bare: WorkloadKey = { kind: 'Deployment', namespace: undefined, name: 'web' };

function codeOf(text: string): string | undefined {
  const parsed = parseWorkloadOverride(text);
  return parsed.ok ? undefined : parsed.problem.code;
}

describe('workload keys', () => {
  it('are written KIND/NAMESPACE/NAME, or KIND/NAME without a namespace', () => {
    expect(formatWorkloadKey(web)).toBe('Deployment/shop/web');
    expect(formatWorkloadKey(bare)).toBe('Deployment/web');
  });

  it('read back what they write, and take kubectl short names and plurals for the kind', () => {
    expect(parseWorkloadKey('Deployment/shop/web')).toEqual({ ok: true, value: web });
    expect(parseWorkloadKey('Deployment/web')).toEqual({ ok: true, value: bare });
    for (const kind of ['deployment', 'deployments', 'deploy', 'DEPLOYMENT'])
      expect(parseWorkloadKey(`${kind}/shop/web`)).toEqual({ ok: true, value: web });
    expect(parseWorkloadKey('sts/shop/db')).toEqual({ ok: true, value: db });
    expect(parseWorkloadKey('cj/nightly')).toEqual({ ok: true, value: { kind: 'CronJob', namespace: undefined, name: 'nightly' } });
  });

  it('match across an unknown namespace, never across kinds or names', () => {
    expect(isSameWorkload(web, bare)).toBe(true);
    expect(isSameWorkload(web, { ...web, namespace: 'other' })).toBe(false);
    expect(isSameWorkload(web, { ...web, kind: 'StatefulSet' })).toBe(false);
    expect(isSameWorkload(web, { ...web, name: 'api' })).toBe(false);
  });
});

describe('--workload overrides', () => {
  it('read KEY=mount and KEY=none', () => {
    expect(parseWorkloadOverride('Deployment/shop/web=none')).toEqual({ ok: true, value: { key: web, apiAccess: 'none' } });
    expect(parseWorkloadOverride('Deployment/web=mount')).toEqual({ ok: true, value: { key: bare, apiAccess: 'mount' } });
  });

  it('say what is wrong', () => {
    expect(codeOf('Deployment/shop/web')).toBe('override-syntax');
    expect(codeOf('Deployment/shop/web=off')).toBe('invalid-access');
    expect(codeOf('web=none')).toBe('override-syntax');
    expect(codeOf('Deployment/a/b/c=none')).toBe('override-syntax');
    expect(codeOf('Deployment//web=none')).toBe('override-syntax');
    expect(codeOf('Service/shop/web=none')).toBe('unknown-kind');
    expect(codeOf('Deployment/Shop/web=none')).toBe('invalid-namespace');
    expect(codeOf('Deployment/shop/Web_1=none')).toBe('invalid-name');
    const access = parseWorkloadOverride('Deployment/shop/web=off');
    expect(access.ok ? '' : access.problem.message).toContain('"mount" (mount the token) or "none" (no token), not "off"');
    const kind = parseWorkloadOverride('Service/shop/web=none');
    expect(kind.ok ? '' : kind.problem.message).toContain('Deployment, ReplicaSet');
  });

  it('check the parts of a config entry the same way', () => {
    expect(workloadKeyOf('StatefulSet', 'shop', 'db')).toEqual({ ok: true, value: db });
    const wrong = workloadKeyOf('StatefulSet', 'shop', '');
    expect(wrong.ok ? undefined : wrong.problem.code).toBe('invalid-name');
  });

  it('apply to the one workload they name', () => {
    const { access, problems } = applyOverrides([{ key: web, apiAccess: 'none' }], [db, web, bare]);
    expect(problems).toEqual([]);
    expect(access).toEqual([undefined, 'none', undefined]);
  });

  it('refuse one that names nothing, listing what there is and what was probably meant', () => {
    const { problems } = applyOverrides([{ key: { ...web, namespace: 'other' }, apiAccess: 'none' }], [db, web]);
    expect(problems).toEqual([
      {
        code: 'no-such-workload',
        message:
          'Deployment/other/web names no workload in the input (did you mean Deployment/shop/web?); it has StatefulSet/shop/db, Deployment/shop/web',
      },
    ]);
    expect(applyOverrides([{ key: web, apiAccess: 'none' }], [])).toEqual({
      access: [],
      problems: [{ code: 'no-such-workload', message: 'Deployment/shop/web names no workload: the input has none' }],
    });
  });

  it('refuse two that disagree about one workload, and accept two that agree', () => {
    const conflicting = applyOverrides(
      [
        { key: web, apiAccess: 'none' },
        { key: web, apiAccess: 'mount' },
      ],
      [web],
    );
    expect(conflicting.problems.map((problem) => problem.code)).toEqual(['conflicting-overrides']);
    const agreeing = applyOverrides(
      [
        { key: web, apiAccess: 'none' },
        { key: web, apiAccess: 'none' },
      ],
      [web],
    );
    expect(agreeing).toEqual({ access: ['none'], problems: [] });
  });

  it('change exactly the workloads with the named key (property)', () => {
    const key = fc.record({
      kind: fc.constantFrom('Deployment', 'StatefulSet', 'CronJob'),
      namespace: fc.constantFrom(undefined, 'shop', 'ops'),
      name: fc.constantFrom('web', 'db', 'report'),
    });
    fc.assert(
      fc.property(
        fc.array(key, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom('mount' as const, 'none' as const),
        (workloads, pick, apiAccess) => {
          const chosen = workloads[pick % workloads.length] as WorkloadKey;
          const { access, problems } = applyOverrides([{ key: chosen, apiAccess }], workloads);
          expect(problems).toEqual([]);
          workloads.forEach((workload, index) => {
            expect(access[index]).toBe(formatWorkloadKey(workload) === formatWorkloadKey(chosen) ? apiAccess : undefined);
          });
          // It reads back from its own text to the same choice.
          const parsed = parseWorkloadOverride(`${formatWorkloadKey(chosen)}=${apiAccess}`);
          expect(parsed).toEqual({ ok: true, value: { key: chosen, apiAccess } });
        },
      ),
    );
  });
});
