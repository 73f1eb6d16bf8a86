import { describe, expect, it } from 'vitest';
import { groupByObject, matchesObject, objectsOf, rankFindings } from './change-groups';

describe('change groups', () => {
  it('groups consecutive changes of one object, in order', () => {
    const changes = [{ object: 'Pod/a' }, { object: 'Pod/a' }, { object: 'Deployment/ns/b' }, { object: 'Pod/a' }];
    expect(groupByObject(changes, (change) => change.object)).toEqual([
      { object: 'Pod/a', items: [changes[0], changes[1]] },
      { object: 'Deployment/ns/b', items: [changes[2]] },
      { object: 'Pod/a', items: [changes[3]] },
    ]);
    expect(groupByObject([], String)).toEqual([]);
  });

  it('ranks findings to review before notes, keeping their order and index', () => {
    const findings = [
      { severity: 'info', code: 'a' },
      { severity: 'warning', code: 'b' },
      { severity: 'info', code: 'c' },
      { severity: 'warning', code: 'd' },
    ] as const;
    expect(rankFindings(findings).map(({ index, item }) => `${index}${item.code}`)).toEqual(['1b', '3d', '0a', '2c']);
  });

  it('matches every word of the filter anywhere in the object, in any case', () => {
    expect(matchesObject('Deployment/team-8/shop-59', '')).toBe(true);
    expect(matchesObject('Deployment/team-8/shop-59', 'shop-59')).toBe(true);
    expect(matchesObject('Deployment/team-8/shop-59', 'deployment SHOP')).toBe(true);
    expect(matchesObject('Deployment/team-8/shop-59', ' team-8 ')).toBe(true);
    expect(matchesObject('Deployment/team-8/shop-59', 'shop-5 pod')).toBe(false);
    expect(matchesObject('Pod/foo-pod', 'bar')).toBe(false);
  });

  it('lists each object once, leaving out the input as a whole', () => {
    expect(
      objectsOf([
        [{ object: 'Pod/a' }, { object: '' }],
        [{ object: 'Pod/b' }, { object: 'Pod/a' }],
      ]),
    ).toEqual(['Pod/a', 'Pod/b']);
  });
});
