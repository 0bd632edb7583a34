import { createOrg, parseCounty, haversine, pointInPolygon, DomainError } from '../../domain';
import countyJson from '../../data/county.json';
import { county } from './fixtures';

const org = createOrg(county);

describe('org tree (M-1)', () => {
  test('lookups by code', () => {
    expect(org.township('dy')?.name).toBe('大垸乡');
    expect(org.community('xh-fm')?.name).toBe('富民社区');
    expect(org.grid('hh-wl-01')?.name).toBe('五柳村第一网格');
    expect(org.department('zrzy')?.shortName).toBe('自然资源局');
    expect(org.grid('nope')).toBeUndefined();
  });

  test('gridPath walks grid → community → township', () => {
    const p = org.gridPath('dy-dy-03');
    expect([p.township.code, p.community.code, p.grid.code]).toEqual(['dy', 'dy-dy', 'dy-dy-03']);
    expect(() => org.gridPath('dy-dy-09')).toThrow(DomainError);
  });

  test('allGrids lists every grid with its parents', () => {
    const grids = org.allGrids();
    expect(grids).toHaveLength(13);
    expect(grids.find((g) => g.code === 'xh-bh-02')).toMatchObject({ community: 'xh-bh', township: 'xh' });
  });

  test('unitName for every kind of unit', () => {
    expect(org.unitName('hb')).toBe('湖滨县');
    expect(org.unitName('hb-csb')).toBe('湖滨县吹哨办');
    expect(org.unitName('xh')).toBe('浔湖街道');
    expect(org.unitName('dy-pcs')).toBe('大垸派出所');
    expect(org.unitName('mz')).toBe('民政局');
    expect(org.unitName('')).toBe('');
    expect(org.unitName('zzz')).toBe('zzz');
  });

  test('isWithin: grid ⊂ community ⊂ township ⊂ county', () => {
    expect(org.isWithin('xh-fm-06', 'xh-fm')).toBe(true);
    expect(org.isWithin('xh-fm-06', 'xh')).toBe(true);
    expect(org.isWithin('xh-fm-06', 'hb')).toBe(true);
    expect(org.isWithin('xh-fm', 'xh-fm')).toBe(true);
    expect(org.isWithin('xh-fm-06', 'dy')).toBe(false);
    expect(org.isWithin('xh', 'xh-fm')).toBe(false);
    expect(org.isWithin('dy-scjgs', 'dy')).toBe(true);
    expect(org.isWithin('nope', 'hb')).toBe(false);
  });

  test('nearestGrid by centre (no polygons in the reference county)', () => {
    const pump = county.qrPoints.find((q) => q.code === 'pt-dy-pump')!;
    expect(org.nearestGrid(pump.lat, pump.lng)?.code).toBe('dy-dy-03');
    for (const q of county.qrPoints) expect(org.nearestGrid(q.lat, q.lng)?.code).toBe(q.grid);
  });

  test('nearestGrid prefers a polygon that contains the point', () => {
    const c = JSON.parse(JSON.stringify(countyJson));
    // A big polygon for xh-fm-01 that covers the 滨湖公园 QR point, which is nearer to xh-bh-02's centre.
    c.townships[0].communities[0].grids[0].polygon = [
      [116.0, 29.70],
      [116.02, 29.70],
      [116.02, 29.72],
      [116.0, 29.72],
    ];
    const withPolygon = createOrg(parseCounty(c));
    expect(withPolygon.nearestGrid(29.712, 116.0141)?.code).toBe('xh-fm-01');
    expect(withPolygon.nearestGrid(29.6391, 116.2205)?.code).toBe('dy-dy-03'); // outside: nearest centre
  });

  test('geometry helpers', () => {
    expect(pointInPolygon(0.5, 0.5, [[0, 0], [1, 0], [1, 1], [0, 1]])).toBe(true);
    expect(pointInPolygon(1.5, 0.5, [[0, 0], [1, 0], [1, 1], [0, 1]])).toBe(false);
    expect(haversine({ lat: 29.7, lng: 116 }, { lat: 29.71, lng: 116 })).toBeCloseTo(1112, -1);
  });
});
