import { byName, compareNames } from '../../src/domain/by-name';

describe('compareNames', () => {
  it('sorts as an admin reads: case and accents aside first, then exactly', () => {
    const sorted = ['svc_b', 'SVC_A', 'Éva', 'eva', 'svc_a', 'Eva', 'zeta', 'Alpha'].sort(compareNames);
    expect(sorted).toEqual(['Alpha', 'Eva', 'eva', 'Éva', 'SVC_A', 'svc_a', 'svc_b', 'zeta']);
    expect(compareNames('svc_a', 'svc_a')).toBe(0);
    expect([{ name: 'b' }, { name: 'A' }].sort(byName).map((x) => x.name)).toEqual(['A', 'b']);
  });

  it("orders every pair as localeCompare('en', base) then code units did (the collator is made once)", () => {
    const words = [
      'a',
      'A',
      'á',
      'b',
      'B',
      'svc-1',
      'svc_1',
      'svc1',
      'SVC10',
      'svc2',
      'Zoë',
      'zoe',
      'ß',
      'ss',
      '',
    ];
    for (const a of words)
      for (const b of words) {
        const before = a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
        expect({ a, b, order: Math.sign(compareNames(a, b)) }).toEqual({ a, b, order: Math.sign(before) });
      }
  });
});
