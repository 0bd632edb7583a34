// Administrative tree lookups (M-1): county → township → village/community → grid.
import type { Community, CountyConfig, Department, Grid, Township } from './county';
import { DomainError } from './errors';

export interface GridPath {
  township: Township;
  community: Community;
  grid: Grid;
}

export type UnitKind = 'county' | 'whistle_office' | 'township' | 'community' | 'grid' | 'department' | 'stationed_agency';

export interface Org {
  county: CountyConfig;
  grid(code: string): Grid | undefined;
  community(code: string): Community | undefined;
  township(code: string): Township | undefined;
  department(code: string): Department | undefined;
  /** Throws NOT_FOUND for an unknown grid. */
  gridPath(gridCode: string): GridPath;
  allGrids(): (Grid & { community: string; township: string })[];
  /** Grid whose polygon contains the point; else (or without polygons) the grid with the nearest centre. */
  nearestGrid(lat: number, lng: number): Grid | undefined;
  /** Display name of any unit code ('' → ''); falls back to the code itself. */
  unitName(code: string): string;
  unitKind(code: string): UnitKind | undefined;
  /** Jurisdiction: grid ⊂ community ⊂ township ⊂ county (reflexive: a unit is within itself). */
  isWithin(unitCode: string, ancestorCode: string): boolean;
}

/** Ray casting over [lng, lat] vertices. */
export function pointInPolygon(lat: number, lng: number, polygon: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Great-circle distance in metres. */
export function haversine(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

export function createOrg(county: CountyConfig): Org {
  const townships = new Map<string, Township>();
  const communities = new Map<string, Community>();
  const grids = new Map<string, Grid>();
  const parent = new Map<string, string>(); // unit → parent unit
  const kinds = new Map<string, UnitKind>();
  const names = new Map<string, string>();
  const gridList: (Grid & { community: string; township: string })[] = [];

  const add = (code: string, kind: UnitKind, name: string, parentCode?: string) => {
    kinds.set(code, kind);
    names.set(code, name);
    if (parentCode) parent.set(code, parentCode);
  };
  add(county.county.code, 'county', county.county.name);
  add(county.county.whistleOffice.code, 'whistle_office', county.county.whistleOffice.name, county.county.code);
  for (const d of county.departments) add(d.code, 'department', d.shortName, county.county.code);
  for (const t of county.townships) {
    townships.set(t.code, t);
    add(t.code, 'township', t.name, county.county.code);
    for (const a of t.stationedAgencies) add(a.code, 'stationed_agency', a.name, t.code);
    for (const c of t.communities) {
      communities.set(c.code, c);
      add(c.code, 'community', c.name, t.code);
      for (const g of c.grids) {
        grids.set(g.code, g);
        add(g.code, 'grid', g.name, c.code);
        gridList.push({ ...g, community: c.code, township: t.code });
      }
    }
  }
  const departments = new Map(county.departments.map((d) => [d.code, d]));

  const gridPath = (gridCode: string): GridPath => {
    const grid = grids.get(gridCode);
    const community = communities.get(parent.get(gridCode) ?? '');
    const township = townships.get(parent.get(community?.code ?? '') ?? '');
    if (!grid || !community || !township) throw new DomainError('NOT_FOUND', `未找到网格：${gridCode}`, { rule: 'M-1' });
    return { township, community, grid };
  };

  return {
    county,
    grid: (c) => grids.get(c),
    community: (c) => communities.get(c),
    township: (c) => townships.get(c),
    department: (c) => departments.get(c),
    gridPath,
    allGrids: () => gridList.slice(),
    nearestGrid(lat, lng) {
      const containing = gridList.find((g) => g.polygon && pointInPolygon(lat, lng, g.polygon));
      if (containing) return grids.get(containing.code);
      let best: Grid | undefined;
      let bestDistance = Infinity;
      for (const g of gridList) {
        const d = haversine({ lat, lng }, g.center);
        if (d < bestDistance) [best, bestDistance] = [grids.get(g.code), d];
      }
      return best;
    },
    unitName: (c) => (c === '' ? '' : (names.get(c) ?? c)),
    unitKind: (c) => kinds.get(c),
    isWithin(unitCode, ancestorCode) {
      for (let u: string | undefined = unitCode; u !== undefined; u = parent.get(u)) if (u === ancestorCode) return true;
      return false;
    },
  };
}

const orgCache = new WeakMap<CountyConfig, Org>();

/** createOrg, memoised per county object. */
export function orgFor(county: CountyConfig): Org {
  let org = orgCache.get(county);
  if (!org) orgCache.set(county, (org = createOrg(county)));
  return org;
}
