import { routeMatter, checkWhistleBoundary, DomainError } from '../../domain';
import { county } from './fixtures';

describe('routing by the three lists (M-2, M-3, M-7)', () => {
  test.each(['xh', 'dy', 'hh'])('garbage_pile in %s → township basic duty, no whistle', (t) => {
    const r = routeMatter(county, 'garbage_pile', t);
    expect(r).toMatchObject({ handler: 'township', list: 'basic', urgentEligible: false });
    expect(r.reason).toContain('基本履职事项');
    expect(r.reason).toContain('M-3');
    expect(checkWhistleBoundary(county, 'garbage_pile', t)).toMatchObject({ ok: false, code: 'WHISTLE_BOUNDARY', rule: 'M-3' });
  });

  test('land_ownership_dispute in 大垸乡 → whistle, lead 自然资源局, co 农业农村局 + 民政局', () => {
    const r = routeMatter(county, 'land_ownership_dispute', 'dy');
    expect(r).toMatchObject({ handler: 'whistle', list: 'cooperative', lead: 'zrzy', co: ['nync', 'mz'] });
    expect(r.reason).toContain('自然资源局主办');
    expect(checkWhistleBoundary(county, 'land_ownership_dispute', 'dy')).toEqual({ ok: true });
  });

  test.each(['xh', 'dy', 'hh'])('food_safety in %s → the stationed 市场监管所 first', (t) => {
    const r = routeMatter(county, 'food_safety', t);
    expect(r.handler).toBe('stationed');
    expect(r.stationedAgency?.dept).toBe('scjg');
    expect(r.stationedAgency?.name).toMatch(/市场监管所$/);
    const b = checkWhistleBoundary(county, 'food_safety', t);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.message).toContain(r.stationedAgency!.name);
    // Once the stationed agency has tried and failed, the whistle is allowed.
    expect(checkWhistleBoundary(county, 'food_safety', t, { stationedTried: '市场监管所已约谈，商户拒不整改' })).toEqual({ ok: true });
  });

  test('farmland_occupation → 自然资源所; noise_social → 派出所', () => {
    expect(routeMatter(county, 'farmland_occupation', 'dy').stationedAgency?.code).toBe('dy-zrzys');
    expect(routeMatter(county, 'noise_social', 'xh').stationedAgency?.code).toBe('xh-pcs');
  });

  test('per-township lead overrides apply (一地一策)', () => {
    expect(routeMatter(county, 'road_pothole', 'dy')).toMatchObject({ lead: 'jtys', co: ['zjj'] });
    expect(routeMatter(county, 'road_pothole', 'hh')).toMatchObject({ lead: 'zjj', co: ['jtys'] });
    expect(routeMatter(county, 'illegal_construction', 'xh')).toMatchObject({ lead: 'cgj', co: ['zjj', 'zrzy'] });
    expect(routeMatter(county, 'illegal_construction', 'dy')).toMatchObject({ lead: 'zrzy', co: ['zjj', 'cgj'] });
  });

  test('the same matter sits on different lists in different townships', () => {
    expect(routeMatter(county, 'streetlight_broken', 'xh')).toMatchObject({ handler: 'whistle', list: 'cooperative' });
    expect(routeMatter(county, 'streetlight_broken', 'dy')).toMatchObject({ handler: 'township', list: 'basic' });
    expect(routeMatter(county, 'park_facility', 'hh').handler).toBe('township');
    expect(routeMatter(county, 'park_facility', 'dy')).toMatchObject({ handler: 'whistle', list: 'takenBack' });
  });

  test.each(['service_childcare', 'service_home_medical', 'service_elder_meals', 'service_science'])('%s → service scheduling (M-7)', (m) => {
    const r = routeMatter(county, m, 'xh');
    expect(r).toMatchObject({ handler: 'service', list: null, rule: 'M-7' });
    expect(checkWhistleBoundary(county, m, 'xh')).toMatchObject({ ok: false, rule: 'M-7' });
  });

  test('urgent list matters are urgent-eligible and may always whistle urgently (M-3, M-13)', () => {
    expect(routeMatter(county, 'gas_safety', 'xh').urgentEligible).toBe(true);
    expect(routeMatter(county, 'street_vending', 'xh').urgentEligible).toBe(false);
    expect(checkWhistleBoundary(county, 'gas_safety', 'xh', { urgent: true })).toEqual({ ok: true });
  });

  test('unknown matter type or township → NOT_FOUND', () => {
    expect(() => routeMatter(county, 'ufo', 'xh')).toThrow(DomainError);
    expect(() => routeMatter(county, 'garbage_pile', 'zz')).toThrow(/未找到/);
  });

  test('every issue matter type in every township routes somewhere with a reason citing a rule', () => {
    for (const t of county.townships)
      for (const m of county.matterTypes) {
        const r = routeMatter(county, m.code, t.code);
        expect(r.reason).toMatch(/（M-\d+/);
        if (r.handler === 'whistle') expect(r.lead).toBeTruthy();
      }
  });
});
