/**
 * Geo support: GeoJSON parsing, spherical distance, containment/intersection, bounding boxes and
 * the mingo query operators `$nearSphere`/`$near`, `$geoWithin`, `$geoIntersects`.
 *
 * Hand-written because mingo has no geo operators and no small dependency covers exactly Mongo's
 * 2dsphere subset. Distances are great-circle (haversine) on a sphere of radius 6378.1 km, which is
 * the radius MongoDB uses. Containment/intersection tests treat edges as straight lines in lng/lat
 * (planar) — MongoDB uses geodesic edges; the difference only matters for very large polygons.
 */
import { resolve } from 'mingo/util';
import type { Options } from 'mingo/types';
import { requestFailed } from './errors';

export const EARTH_RADIUS_M = 6378100;
const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;

export type Pos = [number, number]; // [lng, lat]
export type Ring = Pos[];

/** Geometry decomposed into primitives (points, segments' polylines, polygons with holes). */
export interface Shape {
  points: Pos[];
  lines: Pos[][];
  polygons: Ring[][];
}

export interface BBox {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function pos(v: unknown): Pos | null {
  if (Array.isArray(v) && v.length >= 2 && isNum(v[0]) && isNum(v[1])) {
    if (v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90) return null;
    return [v[0], v[1]];
  }
  return null;
}

function posList(v: unknown): Pos[] | null {
  if (!Array.isArray(v)) return null;
  const out: Pos[] = [];
  for (const p of v) {
    const q = pos(p);
    if (!q) return null;
    out.push(q);
  }
  return out;
}

function polygon(v: unknown): Ring[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const rings: Ring[] = [];
  for (const r of v) {
    const ring = posList(r);
    if (!ring || ring.length < 4) return null; // closed ring: ≥4 positions, first == last
    rings.push(ring);
  }
  return rings;
}

/**
 * Parses a GeoJSON geometry (or a legacy `[lng, lat]` pair / `{lng, lat}`-less array) into a Shape.
 * Returns null when the value is not a valid geometry.
 */
export function toShape(v: unknown): Shape | null {
  const direct = pos(v);
  if (direct) return { points: [direct], lines: [], polygons: [] };
  if (v === null || typeof v !== 'object') return null;
  const g = v as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const shape: Shape = { points: [], lines: [], polygons: [] };
  switch (g.type) {
    case 'Point': {
      const p = pos(g.coordinates);
      if (!p) return null;
      shape.points.push(p);
      return shape;
    }
    case 'MultiPoint': {
      const ps = posList(g.coordinates);
      if (!ps || ps.length === 0) return null;
      shape.points.push(...ps);
      return shape;
    }
    case 'LineString': {
      const l = posList(g.coordinates);
      if (!l || l.length < 2) return null;
      shape.lines.push(l);
      return shape;
    }
    case 'MultiLineString': {
      if (!Array.isArray(g.coordinates)) return null;
      for (const c of g.coordinates) {
        const l = posList(c);
        if (!l || l.length < 2) return null;
        shape.lines.push(l);
      }
      return shape;
    }
    case 'Polygon': {
      const p = polygon(g.coordinates);
      if (!p) return null;
      shape.polygons.push(p);
      return shape;
    }
    case 'MultiPolygon': {
      if (!Array.isArray(g.coordinates)) return null;
      for (const c of g.coordinates) {
        const p = polygon(c);
        if (!p) return null;
        shape.polygons.push(p);
      }
      return shape;
    }
    case 'GeometryCollection': {
      if (!Array.isArray(g.geometries)) return null;
      for (const sub of g.geometries) {
        const s = toShape(sub);
        if (!s) return null;
        shape.points.push(...s.points);
        shape.lines.push(...s.lines);
        shape.polygons.push(...s.polygons);
      }
      return shape;
    }
    default:
      return null;
  }
}

export function shapeBBox(s: Shape): BBox {
  const b = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  const add = (p: Pos) => {
    if (p[0] < b.minX) b.minX = p[0];
    if (p[0] > b.maxX) b.maxX = p[0];
    if (p[1] < b.minY) b.minY = p[1];
    if (p[1] > b.maxY) b.maxY = p[1];
  };
  s.points.forEach(add);
  s.lines.forEach((l) => l.forEach(add));
  s.polygons.forEach((p) => p[0].forEach(add)); // outer ring bounds the polygon
  return b;
}

/** Great-circle distance in meters. */
export function haversine(a: Pos, b: Pos): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const s =
    Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Initial bearing from a to b (radians). */
function bearing(a: Pos, b: Pos): number {
  const φ1 = a[1] * RAD;
  const φ2 = b[1] * RAD;
  const Δλ = (b[0] - a[0]) * RAD;
  return Math.atan2(
    Math.sin(Δλ) * Math.cos(φ2),
    Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ),
  );
}

/** Distance from p to the great-circle segment a–b (meters). */
function segmentDistance(p: Pos, a: Pos, b: Pos): number {
  const dAP = haversine(a, p);
  const dAB = haversine(a, b);
  if (dAB === 0) return dAP;
  const δ13 = dAP / EARTH_RADIUS_M;
  const θ13 = bearing(a, p);
  const θ12 = bearing(a, b);
  const xt = Math.asin(Math.sin(δ13) * Math.sin(θ13 - θ12)); // cross-track (rad)
  const at = Math.acos(Math.min(1, Math.max(-1, Math.cos(δ13) / Math.cos(xt)))); // along-track (rad)
  if (Math.cos(θ13 - θ12) < 0 || at * EARTH_RADIUS_M > dAB) return Math.min(dAP, haversine(b, p));
  return Math.abs(xt) * EARTH_RADIUS_M;
}

/** Planar point-in-ring (ray casting); boundary counts as inside. */
function inRing(p: Pos, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (onSegment(p, ring[j], ring[i])) return true;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(p: Pos, poly: Ring[]): boolean {
  if (!inRing(p, poly[0])) return false;
  for (let h = 1; h < poly.length; h++) {
    if (inRing(p, poly[h]) && !onRingBoundary(p, poly[h])) return false;
  }
  return true;
}

function onRingBoundary(p: Pos, ring: Ring): boolean {
  for (let i = 1; i < ring.length; i++) if (onSegment(p, ring[i - 1], ring[i])) return true;
  return false;
}

const EPS = 1e-12;

function cross(o: Pos, a: Pos, b: Pos): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function onSegment(p: Pos, a: Pos, b: Pos): boolean {
  if (Math.abs(cross(a, b, p)) > EPS) return false;
  return (
    p[0] >= Math.min(a[0], b[0]) - EPS &&
    p[0] <= Math.max(a[0], b[0]) + EPS &&
    p[1] >= Math.min(a[1], b[1]) - EPS &&
    p[1] <= Math.max(a[1], b[1]) + EPS
  );
}

function segmentsIntersect(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > EPS && d2 < -EPS) || (d1 < -EPS && d2 > EPS)) && ((d3 > EPS && d4 < -EPS) || (d3 < -EPS && d4 > EPS))) {
    return true;
  }
  return onSegment(a, c, d) || onSegment(b, c, d) || onSegment(c, a, b) || onSegment(d, a, b);
}

function polylineSegments(l: Pos[]): [Pos, Pos][] {
  const out: [Pos, Pos][] = [];
  for (let i = 1; i < l.length; i++) out.push([l[i - 1], l[i]]);
  return out;
}

function shapeSegments(s: Shape): [Pos, Pos][] {
  const out: [Pos, Pos][] = [];
  s.lines.forEach((l) => out.push(...polylineSegments(l)));
  s.polygons.forEach((p) => p.forEach((r) => out.push(...polylineSegments(r))));
  return out;
}

function shapeVertices(s: Shape): Pos[] {
  const out: Pos[] = [...s.points];
  s.lines.forEach((l) => out.push(...l));
  s.polygons.forEach((p) => out.push(...p[0]));
  return out;
}

/** Does a point lie in/on any polygon of s, on any line of s, or equal a point of s? */
function pointTouches(p: Pos, s: Shape): boolean {
  if (s.points.some((q) => Math.abs(q[0] - p[0]) <= EPS && Math.abs(q[1] - p[1]) <= EPS)) return true;
  if (s.lines.some((l) => polylineSegments(l).some(([a, b]) => onSegment(p, a, b)))) return true;
  return s.polygons.some((poly) => inPolygon(p, poly));
}

/** $geoIntersects semantics (planar edges). */
export function intersects(a: Shape, b: Shape): boolean {
  if (shapeVertices(a).some((p) => pointTouches(p, b))) return true;
  if (shapeVertices(b).some((p) => pointTouches(p, a))) return true;
  const sa = shapeSegments(a);
  const sb = shapeSegments(b);
  return sa.some(([p, q]) => sb.some(([r, t]) => segmentsIntersect(p, q, r, t)));
}

/** $geoWithin with a polygon region: every vertex inside and no edge leaving the region. */
export function withinShape(g: Shape, region: Shape): boolean {
  if (region.polygons.length === 0) return false;
  const verts = shapeVertices(g);
  if (verts.length === 0) return false;
  const inAny = (p: Pos) => region.polygons.some((poly) => inPolygon(p, poly));
  if (!verts.every(inAny)) return false;
  // An edge may still exit a concave region: check edge midpoints as a cheap refinement.
  return shapeSegments(g).every(([p, q]) => inAny([(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]));
}

/** Minimum distance in meters from point c to shape s (0 when inside a polygon). */
export function distanceTo(c: Pos, s: Shape): number {
  let best = Infinity;
  for (const p of s.points) best = Math.min(best, haversine(c, p));
  for (const l of s.lines) for (const [a, b] of polylineSegments(l)) best = Math.min(best, segmentDistance(c, a, b));
  for (const poly of s.polygons) {
    if (inPolygon(c, poly)) return 0;
    for (const r of poly) for (const [a, b] of polylineSegments(r)) best = Math.min(best, segmentDistance(c, a, b));
  }
  return best;
}

/** Bounding box (degrees) of the spherical cap of `radiusM` around c; may span all longitudes. */
export function capBBox(c: Pos, radiusM: number): BBox {
  const ang = radiusM / EARTH_RADIUS_M;
  if (!Number.isFinite(ang) || ang >= Math.PI) return { minX: -180, maxX: 180, minY: -90, maxY: 90 };
  const dLat = ang * DEG;
  const minY = c[1] - dLat;
  const maxY = c[1] + dLat;
  if (minY <= -90 || maxY >= 90) {
    return { minX: -180, maxX: 180, minY: Math.max(-90, minY), maxY: Math.min(90, maxY) };
  }
  const s = Math.sin(ang) / Math.cos(c[1] * RAD);
  const dLng = s >= 1 ? 180 : Math.asin(s) * DEG;
  let minX = c[0] - dLng;
  let maxX = c[0] + dLng;
  if (minX < -180 || maxX > 180) {
    minX = -180; // crosses the antimeridian: widen to all longitudes (still a correct superset)
    maxX = 180;
  }
  return { minX, maxX, minY, maxY };
}

// ---------------------------------------------------------------------------------------------
// Query specs

export interface NearSpec {
  center: Pos;
  minDistance: number;
  maxDistance: number;
}

const num = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) throw requestFailed(`${what} must be a non-negative number`);
  return v;
};

/** Parses the operand of `$nearSphere`/`$near` (GeoJSON form, as the SDK emits). */
export function parseNear(value: unknown): NearSpec {
  if (value === null || typeof value !== 'object') throw requestFailed('$nearSphere requires a GeoJSON point');
  const v = value as Record<string, unknown>;
  const geometry = '$geometry' in v ? v.$geometry : v;
  const shape = toShape(geometry);
  if (!shape || shape.points.length !== 1 || shape.lines.length || shape.polygons.length) {
    throw requestFailed('invalid point in geo near query $geometry argument');
  }
  return {
    center: shape.points[0],
    minDistance: v.$minDistance === undefined ? 0 : num(v.$minDistance, '$minDistance'),
    maxDistance: v.$maxDistance === undefined ? Infinity : num(v.$maxDistance, '$maxDistance'),
  };
}

export type Region =
  | { kind: 'shape'; shape: Shape }
  | { kind: 'cap'; center: Pos; radiusM: number };

export function parseWithin(value: unknown): Region {
  const v = (value ?? {}) as Record<string, unknown>;
  if ('$centerSphere' in v) {
    const cs = v.$centerSphere;
    const c = Array.isArray(cs) ? toShape(cs[0]) : null;
    if (!Array.isArray(cs) || !c || c.points.length !== 1 || !isNum(cs[1]) || cs[1] < 0) {
      throw requestFailed('$centerSphere expects [[lng, lat], radiusInRadians]');
    }
    return { kind: 'cap', center: c.points[0], radiusM: cs[1] * EARTH_RADIUS_M };
  }
  if ('$geometry' in v) {
    const s = toShape(v.$geometry);
    if (!s || s.polygons.length === 0) throw requestFailed('$geoWithin $geometry must be a Polygon or MultiPolygon');
    return { kind: 'shape', shape: s };
  }
  if ('$box' in v) {
    const b = v.$box as unknown[];
    const lo = Array.isArray(b) ? toShape(b[0]) : null;
    const hi = Array.isArray(b) ? toShape(b[1]) : null;
    if (!lo || !hi) throw requestFailed('$box expects [[minLng, minLat], [maxLng, maxLat]]');
    const [x0, y0] = lo.points[0];
    const [x1, y1] = hi.points[0];
    const ring: Ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
    return { kind: 'shape', shape: { points: [], lines: [], polygons: [[ring]] } };
  }
  if ('$polygon' in v) {
    const ps = posList(v.$polygon);
    if (!ps || ps.length < 3) throw requestFailed('$polygon expects at least 3 points');
    return { kind: 'shape', shape: { points: [], lines: [], polygons: [[[...ps, ps[0]]]] } };
  }
  throw requestFailed('$geoWithin requires $geometry, $centerSphere, $box or $polygon');
}

export function parseIntersects(value: unknown): Shape {
  const v = (value ?? {}) as Record<string, unknown>;
  const s = toShape(v.$geometry);
  if (!s) throw requestFailed('$geoIntersects requires a valid GeoJSON $geometry');
  return s;
}

export function regionBBox(r: Region): BBox {
  return r.kind === 'cap' ? capBBox(r.center, r.radiusM) : shapeBBox(r.shape);
}

export function inRegion(s: Shape, r: Region): boolean {
  if (r.kind === 'shape') return withinShape(s, r.shape);
  const verts = shapeVertices(s);
  if (verts.length === 0) return false;
  return verts.every((p) => haversine(r.center, p) <= r.radiusM);
}

// ---------------------------------------------------------------------------------------------
// mingo query operators (signature: (selector, operand, options) => (doc) => boolean)

type Predicate = (o: Record<string, unknown>) => boolean;

/** The value(s) stored at a path: arrays of geometries (via arrays of subdocuments) are expanded. */
function shapesAt(o: Record<string, unknown>, selector: string): Shape[] {
  const v = resolve(o, selector);
  const direct = toShape(v);
  if (direct) return [direct];
  if (Array.isArray(v)) return v.map(toShape).filter((s): s is Shape => s !== null);
  return [];
}

function $nearSphere(selector: string, value: unknown, _options: Options): Predicate {
  const spec = parseNear(value);
  return (o) =>
    shapesAt(o, selector).some((s) => {
      const d = distanceTo(spec.center, s);
      return d >= spec.minDistance && d <= spec.maxDistance;
    });
}

function $geoWithin(selector: string, value: unknown, _options: Options): Predicate {
  const region = parseWithin(value);
  return (o) => shapesAt(o, selector).some((s) => inRegion(s, region));
}

function $geoIntersects(selector: string, value: unknown, _options: Options): Predicate {
  const shape = parseIntersects(value);
  return (o) => shapesAt(o, selector).some((s) => intersects(s, shape));
}

/** `$maxDistance`/`$minDistance` next to `$nearSphere` are folded into it by the planner. */
const alwaysTrue = (): Predicate => () => true;

export const geoQueryOperators = {
  $nearSphere,
  $near: $nearSphere,
  $geoWithin,
  $geoIntersects,
  $maxDistance: alwaysTrue,
  $minDistance: alwaysTrue,
};
