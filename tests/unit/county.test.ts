import countyJson from '../../data/county.json';
import { DomainError, parseCounty, createOrg, integrityProblems, CountyConfigSchema } from '../../domain';
import { county } from './fixtures';

const clone = () => JSON.parse(JSON.stringify(countyJson));

function invalid(mutate: (c: ReturnType<typeof clone>) => void): DomainError {
  const c = clone();
  mutate(c);
  try {
    parseCounty(c);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('COUNTY_INVALID');
    return err as DomainError;
  }
  throw new Error('expected COUNTY_INVALID');
}

describe('county configuration', () => {
  test('the reference county validates as it is', () => {
    expect(county.county.name).toBe('湖滨县');
    expect(county.departments).toHaveLength(18);
    expect(county.matterTypes).toHaveLength(42);
    expect(county.townships.map((t) => t.code)).toEqual(['xh', 'dy', 'hh']);
    expect(integrityProblems(county)).toEqual([]);
  });

  test('defaults for the optional fields we add', () => {
    expect(county.ratingAutoCloseDays).toBe(7);
    expect(county.calendarOverrides).toBeUndefined();
    expect(county.slaDefaults.completionWorkingDays).toBeUndefined();
    expect(county.slaDefaults.levelClaimWorkingDays).toEqual({ grid: 1, community: 2, township: 3 });
  });

  test('accepts grid polygons, calendar overrides, completion defaults and rating days', () => {
    const c = clone();
    c.townships[0].communities[0].grids[0].polygon = [
      [116.0, 29.70],
      [116.002, 29.70],
      [116.002, 29.71],
      [116.0, 29.71],
    ];
    c.calendarOverrides = { workingDays: ['2026-03-07'], holidays: ['2026-03-09'] };
    c.slaDefaults.completionWorkingDays = { normal: 8, urgent: 2 };
    c.ratingAutoCloseDays = 5;
    const parsed = parseCounty(c);
    expect(parsed.townships[0].communities[0].grids[0].polygon).toHaveLength(4);
    expect(parsed.calendarOverrides?.holidays).toEqual(['2026-03-09']);
    expect(parsed.slaDefaults.completionWorkingDays).toEqual({ normal: 8, urgent: 2 });
    expect(parsed.ratingAutoCloseDays).toBe(5);
  });

  test('the QR point on grid dy-dy-03 refers to an existing grid', () => {
    const point = county.qrPoints.find((q) => q.code === 'pt-dy-pump')!;
    expect(point.grid).toBe('dy-dy-03');
    expect(createOrg(county).grid('dy-dy-03')?.name).toBe('大垸村三组网格');
  });

  test('schema problems are listed with their path', () => {
    const err = invalid((c) => {
      delete c.townships[1].dutyLists;
      c.matterTypes[0].kind = 'other';
    });
    expect(err.message).toContain('townships.1.dutyLists');
    expect(err.message).toContain('matterTypes.0.kind');
    expect(Array.isArray(err.details)).toBe(true);
  });

  test.each([
    ['unknown matter type in a duty list', (c: any) => c.townships[0].dutyLists.basic.push('ufo_sighting'), 'ufo_sighting'],
    ['matter type twice in one township', (c: any) => c.townships[2].dutyLists.cooperative.push('garbage_pile'), '出现不止一次'],
    ['unknown lead department', (c: any) => (c.matterTypes[0].leadDept = 'nasa'), 'nasa'],
    ['unknown co department', (c: any) => c.matterTypes[1].coDepts.push('nasa'), 'nasa'],
    ['unknown override department', (c: any) => (c.townships[1].leadOverrides.road_pothole = 'nasa'), 'nasa'],
    ['override for unknown matter', (c: any) => (c.townships[1].leadOverrides.ufo = 'zjj'), 'ufo'],
    ['unknown stationed agency department', (c: any) => (c.townships[0].stationedAgencies[0].dept = 'nasa'), 'nasa'],
    ['urgent list with unknown matter', (c: any) => c.urgentList.push('ufo'), 'ufo'],
    ['QR point on a missing grid', (c: any) => (c.qrPoints[1].grid = 'dy-dy-09'), 'dy-dy-09'],
    ['duplicate grid code', (c: any) => c.townships[0].communities[0].grids.push({ ...c.townships[0].communities[0].grids[0] }), '重复'],
  ])('referential integrity: %s', (_name, mutate, fragment) => {
    expect(invalid(mutate).message).toContain(fragment);
  });

  test('the same matter type may sit on different lists in different townships (一地一策, M-2)', () => {
    const lists = county.townships.map((t) => (t.dutyLists.basic.includes('streetlight_broken') ? 'basic' : 'other'));
    expect(lists).toEqual(['other', 'basic', 'basic']);
    expect(CountyConfigSchema.safeParse(countyJson).success).toBe(true);
  });
});
