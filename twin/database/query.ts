/**
 * Query planning and execution.
 *
 * The planner is hand-written (SQLite cannot see inside the Mongo filter): it pulls the indexable
 * conjuncts out of a filter — equality, `$in`, `$gt/$gte/$lt/$lte` on scalars, at top level or in a
 * top-level `$and` — translates them into SQL on index key columns (see keys.ts), picks the index with
 * the longest usable prefix (equalities, then one range), and notes whether that index also yields
 * the requested sort order. SQL candidates are always a superset of the matches; mingo then applies
 * the full filter, unless the SQL is known to be exact. Geo: `$nearSphere` needs a 2dsphere index
 * (RTREE bounding-box search, expanding until enough results, exact haversine, sorted by distance);
 * `$geoWithin`/`$geoIntersects` use the RTREE as a pre-filter when no better index applies.
 */
import type { Store, Coll, GeoIndex, Row } from './store';
import { decodeDoc, encodeDoc, isPlainObject, type Doc } from './ejson';
import { encodeScalar, bracketOf, BRACKETS, NULL_KEY, idKey, type KeyValue } from './keys';
import { compileQuery, sortDocs, projectDocs } from './mingo';
import {
  parseNear,
  parseWithin,
  parseIntersects,
  regionBBox,
  shapeBBox,
  capBBox,
  distanceTo,
  toShape,
  EARTH_RADIUS_M,
  type NearSpec,
  type BBox,
} from './geo';
import { requestFailed } from './errors';
import { resolve } from 'mingo/util';

export interface OrderEntry {
  path: string;
  dir: 1 | -1;
}

/** What the last query did — exposed as `engine.lastPlan` for tests, the scan warning and benches. */
export interface QueryPlan {
  collection: string;
  /** 'id' = _id lookup, 'index' = B-tree index, 'geo' = RTREE, 'scan' = full collection scan */
  kind: 'id' | 'index' | 'geo' | 'scan';
  /** index name ('_id_' for _id), null for a full scan */
  index: string | null;
  /** SQL alone decides the result (mingo not needed) */
  exact: boolean;
  /** the index delivers the requested order (no in-memory sort) */
  sortCovered: boolean;
  /** an index narrowed the candidates (false: full scan, or an index used only for its order) */
  filtered: boolean;
  /** rows read from SQLite */
  scanned: number;
  returned: number;
}

interface Cons {
  eq?: KeyValue[];
  lo?: { v: KeyValue; incl: boolean };
  hi?: { v: KeyValue; incl: boolean };
}

interface PathCons {
  list: Cons[];
  exact: boolean;
}

function translate(cond: unknown): { cons: Cons[]; exact: boolean } {
  if (cond instanceof RegExp) return { cons: [], exact: false };
  const s = encodeScalar(cond);
  if (s !== undefined) return { cons: [{ eq: [s] }], exact: true };
  if (!isPlainObject(cond)) return { cons: [], exact: false };
  const entries = Object.entries(cond);
  if (entries.length === 0 || !entries.every(([k]) => k.startsWith('$'))) return { cons: [], exact: false };
  const cons: Cons[] = [];
  let exact = true;
  for (const [op, v] of entries) {
    switch (op) {
      case '$eq': {
        const k = v instanceof RegExp ? undefined : encodeScalar(v);
        if (k === undefined) exact = false;
        else cons.push({ eq: [k] });
        break;
      }
      case '$in': {
        const ks: KeyValue[] = [];
        let ok = Array.isArray(v);
        if (ok) {
          for (const x of v as unknown[]) {
            const k = x instanceof RegExp ? undefined : encodeScalar(x);
            if (k === undefined) {
              ok = false;
              break;
            }
            ks.push(k);
          }
        }
        if (ok) cons.push({ eq: ks });
        else exact = false;
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        if (v === null) {
          // null/missing candidates; mingo decides (it matches only explicit nulls here)
          if (op === '$gte' || op === '$lte') cons.push({ eq: [NULL_KEY] });
          exact = false;
          break;
        }
        const b = bracketOf(v);
        if (!b) {
          exact = false;
          break;
        }
        const k = encodeScalar(v)!;
        const br = BRACKETS[b];
        if (op === '$gt' || op === '$gte') cons.push({ lo: { v: k, incl: op === '$gte' }, hi: { v: br.hi, incl: br.hiIncl } });
        else cons.push({ lo: { v: br.lo, incl: br.loIncl }, hi: { v: k, incl: op === '$lte' } });
        break;
      }
      default:
        exact = false;
    }
  }
  return { cons, exact };
}

/** Collects per-path constraints from top-level fields and nested top-level `$and`s. */
function collect(filter: Doc, out: Map<string, PathCons>): boolean {
  let exact = true;
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) exact = (isPlainObject(sub) ? collect(sub, out) : false) && exact;
      continue;
    }
    if (key.startsWith('$')) {
      exact = false;
      continue;
    }
    const r = translate(cond);
    let e = out.get(key);
    if (!e) out.set(key, (e = { list: [], exact: true }));
    e.list.push(...r.cons);
    if (!r.exact) e.exact = false;
    exact = exact && r.exact;
  }
  return exact;
}

interface Candidate {
  name: string;
  sqlName: string;
  unique: boolean;
  fields: { path: string; col: string; dir: 1 | -1 }[];
}

interface SqlPlan {
  info: QueryPlan;
  from: string;
  where: string[];
  params: unknown[];
  orderBy: string;
  /** index used for filtering (not only for order) */
  filtered: boolean;
}

function consSql(col: string, list: Cons[], where: string[], params: unknown[]): void {
  for (const c of list) {
    if (c.eq) {
      if (c.eq.length === 0) where.push('0');
      else if (c.eq.length === 1) {
        where.push(`${col} = ?`);
        params.push(c.eq[0]);
      } else {
        where.push(`${col} IN (${c.eq.map(() => '?').join(', ')})`);
        params.push(...c.eq);
      }
    }
    if (c.lo) {
      where.push(`${col} ${c.lo.incl ? '>=' : '>'} ?`);
      params.push(c.lo.v);
    }
    if (c.hi) {
      where.push(`${col} ${c.hi.incl ? '<=' : '<'} ?`);
      params.push(c.hi.v);
    }
  }
}

interface Option {
  c: Candidate;
  used: number;
  full: boolean; // unique index, every field pinned to one value
  sortCovered: boolean;
  where: string[]; // conditions on the index's own columns
  params: unknown[];
}

const PROBE_CAP = 1000;

/**
 * Chooses the index. A unique index pinned by equalities wins outright; otherwise, when several
 * indexes can narrow the candidates, each is probed with a capped count of its matching index
 * entries (≤ PROBE_CAP entries read per index) and the cheapest wins — no statistics to go stale.
 */
function planBtree(store: Store, coll: Coll, filter: Doc, order: OrderEntry[], want: number): SqlPlan {
  const cons = new Map<string, PathCons>();
  const allExact = collect(filter, cons);
  const cands: Candidate[] = [{ name: '_id_', sqlName: `${coll.table}_id`, unique: true, fields: [{ path: '_id', col: 'id', dir: 1 }] }];
  for (const ix of coll.indexes.values()) {
    if (ix.kind !== 'btree') continue;
    const usable = ix.fields.every((f) => !coll.fields.find((x) => x.col === f.col)!.complex);
    if (usable) cands.push({ name: ix.spec.name, sqlName: ix.sqlName, unique: ix.unique, fields: ix.fields });
  }
  const options: Option[] = [];
  for (const c of cands) {
    let i = 0;
    let single = true;
    const fixed = new Set<string>();
    while (i < c.fields.length) {
      const pc = cons.get(c.fields[i].path);
      const eqs = pc?.list.filter((x) => x.eq) ?? [];
      if (eqs.length === 0) break;
      if (eqs.every((x) => x.eq!.length === 1)) fixed.add(c.fields[i].path);
      else single = false;
      i++;
    }
    const eqLen = i;
    const range = i < c.fields.length && !!cons.get(c.fields[i].path)?.list.some((x) => x.lo || x.hi);
    const used = eqLen + (range ? 1 : 0);
    const sortRest = order.filter((e) => !fixed.has(e.path));
    let sortCovered = sortRest.length === 0;
    if (!sortCovered && single) {
      const start = c.fields.findIndex((f) => !fixed.has(f.path));
      const slice = start < 0 ? [] : c.fields.slice(start, start + sortRest.length);
      const same = slice.length === sortRest.length && sortRest.every((e, j) => slice[j].path === e.path);
      if (same) {
        const flips = sortRest.map((e, j) => e.dir === slice[j].dir);
        sortCovered = flips.every((f) => f) || flips.every((f) => !f);
      }
    }
    if (used === 0 && !(order.length && sortCovered)) continue;
    const where: string[] = [];
    const params: unknown[] = [];
    for (const f of c.fields) {
      const pc = cons.get(f.path);
      if (pc) consSql(f.col, pc.list, where, params);
    }
    options.push({ c, used, full: c.unique && eqLen === c.fields.length && single, sortCovered, where, params });
  }

  const filtering = options.filter((o) => o.used > 0);
  let best: Option | undefined = options.find((o) => o.full);
  if (!best && filtering.length === 1) best = filtering[0];
  if (!best && filtering.length > 1) {
    let bestCost = Infinity;
    for (const o of filtering) {
      const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${coll.table} INDEXED BY ${o.c.sqlName} WHERE ${o.where.join(
        ' AND ',
      )} LIMIT ${PROBE_CAP + 1})`;
      const n = (store.prepare(sql).get(...o.params) as { n: number }).n;
      // An index that alone decides the filter, in the right order, stops after `want` rows;
      // otherwise all its candidates may have to be examined.
      const alone = allExact && [...cons.keys()].every((p) => o.c.fields.some((f) => f.path === p));
      const cost = (alone && o.sortCovered ? Math.min(n, want) : n) + (o.sortCovered ? 0 : 0.5) - o.used * 0.01;
      if (cost < bestCost) {
        bestCost = cost;
        best = o;
      }
    }
  }
  if (!best && order.length) best = options.find((o) => o.sortCovered); // index used for its order only

  if (!best) {
    // Full scan: documents are parsed and counted as scanned (feeds the unindexed-scan warning).
    return {
      info: baseInfo(coll, 'scan', null, allExact && cons.size === 0, order.length === 0, false),
      from: coll.table,
      where: [],
      params: [],
      orderBy: '',
      filtered: false,
    };
  }
  // Constraints on other indexed (non-multikey) fields are checked in SQL too, on the row's key
  // columns: rows are then rejected without parsing the document, and if every conjunct is covered
  // this way the SQL is exact (LIMIT/OFFSET/count pushed down, mingo skipped).
  const where = [...best.where];
  const params = [...best.params];
  const inIndex = new Set(best.c.fields.map((f) => f.path));
  let exact = allExact;
  for (const [path, pc] of cons) {
    if (inIndex.has(path)) continue;
    const col = path === '_id' ? 'id' : coll.fields.find((f) => f.path === path && !f.complex)?.col;
    if (!col || !pc.exact) exact = false;
    if (col) consSql(col, pc.list, where, params);
  }

  const { c } = best;
  const colOf = (p: string) => c.fields.find((f) => f.path === p)!.col;
  const orderBy =
    order.length && best.sortCovered
      ? `ORDER BY ${order.map((e) => `${colOf(e.path)} ${e.dir === -1 ? 'DESC' : 'ASC'}`).join(', ')}`
      : '';
  return {
    info: baseInfo(coll, c.name === '_id_' ? 'id' : 'index', c.name, exact, best.sortCovered, best.used > 0),
    from: `${coll.table} INDEXED BY ${c.sqlName}`,
    where,
    params,
    orderBy,
    filtered: best.used > 0,
  };
}

function baseInfo(
  coll: Coll,
  kind: QueryPlan['kind'],
  index: string | null,
  exact: boolean,
  sortCovered: boolean,
  filtered: boolean,
): QueryPlan {
  return { collection: coll.name, kind, index, exact, sortCovered, filtered, scanned: 0, returned: 0 };
}

/** Top-level geo operators (also inside top-level `$and`). `$nearSphere` siblings are folded in. */
function findGeo(filter: Doc): { near?: { path: string; spec: NearSpec }; region?: { path: string; bbox: BBox } } {
  const out: ReturnType<typeof findGeo> = {};
  const visit = (f: Doc) => {
    for (const [key, cond] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(cond)) {
        cond.forEach((s) => isPlainObject(s) && visit(s));
        continue;
      }
      if (key.startsWith('$') || !isPlainObject(cond)) continue;
      for (const op of ['$nearSphere', '$near'] as const) {
        if (!(op in cond)) continue;
        const operand = cond[op];
        if (isPlainObject(operand)) {
          for (const m of ['$maxDistance', '$minDistance'] as const) {
            if (m in cond && !(m in operand)) operand[m] = cond[m];
          }
        }
        if (out.near) throw requestFailed('Too many geoNear expressions');
        out.near = { path: key, spec: parseNear(operand) };
      }
      if (!out.region && '$geoWithin' in cond) out.region = { path: key, bbox: regionBBox(parseWithin(cond.$geoWithin)) };
      if (!out.region && '$geoIntersects' in cond) {
        out.region = { path: key, bbox: shapeBBox(parseIntersects(cond.$geoIntersects)) };
      }
    }
  };
  visit(filter);
  return out;
}

export function geoIndexFor(coll: Coll, path?: string): GeoIndex | undefined {
  for (const ix of coll.indexes.values()) if (ix.kind === 'geo' && (path === undefined || ix.path === path)) return ix;
  return undefined;
}

export function noGeoIndexError(): Error {
  return requestFailed(
    'error processing query: planner returned error :: caused by :: unable to find index for $geoNear query',
  );
}

// -------------------------------------------------------------------------------------------------
// Execution

export interface Hit {
  rid: number; // -1 for documents that only exist in a transaction's write set
  text: string;
  doc?: Doc;
}

export interface FindOptions {
  order?: OrderEntry[];
  skip?: number;
  limit?: number;
  /** A transaction's pending writes for this collection: idKey → doc (null = deleted). */
  overlay?: Map<string, Doc | null>;
}

export interface FindResult {
  hits: Hit[];
  plan: QueryPlan;
  /** distance (m) per hit for geo-near queries */
  distances?: number[];
}

const docOf = (h: Hit): Doc => (h.doc ??= decodeDoc(h.text));

function* rows(store: Store, sql: string, params: unknown[]): Generator<Row> {
  yield* store.prepare(sql).iterate(...params) as IterableIterator<Row>;
}

export function find(store: Store, coll: Coll, filter: Doc, opts: FindOptions = {}): FindResult {
  const order = opts.order ?? [];
  const skip = opts.skip ?? 0;
  const limit = opts.limit ?? Infinity;
  const overlay = opts.overlay && opts.overlay.size ? opts.overlay : undefined;
  const geo = findGeo(filter);

  if (geo.near) return findNear(store, coll, filter, geo.near, order, skip, limit, overlay);

  let plan = planBtree(store, coll, filter, order, skip + limit);
  if (geo.region && !plan.filtered) {
    const gi = geoIndexFor(coll, geo.region.path);
    if (gi) {
      const b = geo.region.bbox;
      plan = {
        info: baseInfo(coll, 'geo', gi.spec.name, false, order.length === 0, true),
        from: `${gi.sqlName} AS g JOIN ${coll.table} AS t ON t.rid = g.rid`,
        where: ['g.maxX >= ?', 'g.minX <= ?', 'g.maxY >= ?', 'g.minY <= ?'],
        params: [b.minX, b.maxX, b.minY, b.maxY],
        orderBy: '',
        filtered: true,
      };
    }
  }
  const info = plan.info;
  const cols = plan.from.includes(' JOIN ') ? 't.rid AS rid, t.doc AS doc' : 'rid, doc';
  const base = `SELECT ${cols} FROM ${plan.from}${plan.where.length ? ` WHERE ${plan.where.join(' AND ')}` : ''}${
    plan.orderBy ? ` ${plan.orderBy}` : ''
  }`;
  const hits: Hit[] = [];
  const streaming = !overlay && (info.sortCovered || order.length === 0);

  if (streaming && info.exact) {
    // SQL is the whole answer: page in SQLite, never parse documents.
    const sql = `${base} LIMIT ? OFFSET ?`;
    for (const r of rows(store, sql, [...plan.params, Number.isFinite(limit) ? limit : -1, skip])) {
      hits.push({ rid: r.rid, text: r.doc });
    }
    info.scanned = hits.length;
  } else if (streaming) {
    const q = compileQuery(filter);
    let skipped = 0;
    if (limit > 0) {
      for (const r of rows(store, base, plan.params)) {
        info.scanned++;
        const h: Hit = { rid: r.rid, text: r.doc };
        if (!q.test(docOf(h))) continue;
        if (skipped < skip) {
          skipped++;
          continue;
        }
        hits.push(h);
        if (hits.length >= limit) break;
      }
    }
  } else {
    const q = compileQuery(filter);
    let all: Hit[] = [];
    for (const r of rows(store, base, plan.params)) {
      info.scanned++;
      const h: Hit = { rid: r.rid, text: r.doc };
      const d = docOf(h);
      if (overlay && overlay.has(idKey(d._id))) continue;
      if (info.exact || q.test(d)) all.push(h);
    }
    if (overlay) all.push(...overlayHits(overlay, q));
    if (order.length) all = sortHits(all, order);
    hits.push(...all.slice(skip, skip + limit));
  }
  info.returned = hits.length;
  return { hits, plan: info };
}

function overlayHits(overlay: Map<string, Doc | null>, q: { test(d: Doc): boolean }): Hit[] {
  const out: Hit[] = [];
  for (const d of overlay.values()) if (d && q.test(d)) out.push({ rid: -1, text: encodeDoc(d), doc: d });
  return out;
}

function sortHits(hits: Hit[], order: OrderEntry[]): Hit[] {
  const byDoc = new Map<Doc, Hit>();
  const docs = hits.map((h) => {
    const d = docOf(h);
    byDoc.set(d, h);
    return d;
  });
  const spec: Doc = {};
  for (const e of order) spec[e.path] = e.dir;
  return sortDocs(docs, spec).map((d) => byDoc.get(d)!);
}

/** Minimum distance from the near point to any geometry stored at `path` (Infinity if none). */
function docDistance(doc: Doc, path: string, spec: NearSpec): number {
  const v = resolve(doc, path);
  const shapes = [toShape(v)].concat(Array.isArray(v) ? v.map(toShape) : []).filter((s) => s !== null);
  let best = Infinity;
  for (const s of shapes) best = Math.min(best, distanceTo(spec.center, s!));
  return best;
}

export interface NearHit extends Hit {
  dist: number;
}

/**
 * Geo-near candidate search: RTREE bounding box of the search cap, exact distance, filter; the cap
 * grows ×4 until `needed` matches are inside it (then every closer document has been seen).
 */
export function nearSearch(
  store: Store,
  coll: Coll,
  gi: GeoIndex,
  spec: NearSpec,
  test: (d: Doc) => boolean,
  needed: number,
  info: QueryPlan,
  overlay?: Map<string, Doc | null>,
): NearHit[] {
  const sql = `SELECT t.rid AS rid, t.doc AS doc FROM ${gi.sqlName} AS g JOIN ${coll.table} AS t ON t.rid = g.rid
    WHERE g.maxX >= ? AND g.minX <= ? AND g.maxY >= ? AND g.minY <= ?`;
  const maxR = Math.min(spec.maxDistance, Math.PI * EARTH_RADIUS_M);
  let radius = Number.isFinite(needed) ? Math.min(Math.max(spec.minDistance * 2, 2000), maxR) : maxR;
  let out: NearHit[] = [];
  for (;;) {
    out = [];
    const b = capBBox(spec.center, radius);
    for (const r of rows(store, sql, [b.minX, b.maxX, b.minY, b.maxY])) {
      info.scanned++;
      const h: NearHit = { rid: r.rid, text: r.doc, dist: 0 };
      const d = docOf(h);
      if (overlay && overlay.has(idKey(d._id))) continue;
      h.dist = docDistance(d, gi.path, spec);
      if (h.dist > radius || h.dist < spec.minDistance || h.dist > spec.maxDistance) continue;
      if (test(d)) out.push(h);
    }
    if (out.length >= needed || radius >= maxR) break;
    radius = Math.min(radius * 4, maxR);
  }
  if (overlay) {
    for (const d of overlay.values()) {
      if (!d) continue;
      const dist = docDistance(d, gi.path, spec);
      if (dist >= spec.minDistance && dist <= spec.maxDistance && test(d)) {
        out.push({ rid: -1, text: encodeDoc(d), doc: d, dist });
      }
    }
  }
  return out.sort((a, b) => a.dist - b.dist);
}

function findNear(
  store: Store,
  coll: Coll,
  filter: Doc,
  near: { path: string; spec: NearSpec },
  order: OrderEntry[],
  skip: number,
  limit: number,
  overlay?: Map<string, Doc | null>,
): FindResult {
  const gi = geoIndexFor(coll, near.path);
  if (!gi) throw noGeoIndexError();
  const info = baseInfo(coll, 'geo', gi.spec.name, false, order.length === 0, true);
  const q = compileQuery(filter);
  const needed = order.length || overlay ? Infinity : skip + limit;
  let hits: NearHit[] = nearSearch(store, coll, gi, near.spec, (d) => q.test(d), needed, info, overlay);
  // An explicit sort overrides distance order (ties keep distance order: the sort is stable).
  if (order.length) hits = sortHits(hits, order) as NearHit[];
  hits = hits.slice(skip, skip + limit);
  info.returned = hits.length;
  return { hits, plan: info, distances: hits.map((h) => h.dist) };
}

/** Counts matches; uses SQL count(*) when the plan is exact. */
export function count(store: Store, coll: Coll, filter: Doc, overlay?: Map<string, Doc | null>): { n: number; plan: QueryPlan } {
  if (!overlay?.size && !findGeo(filter).near) {
    const plan = planBtree(store, coll, filter, [], Infinity);
    if (plan.info.exact) {
      const sql = `SELECT count(*) AS n FROM ${plan.from}${plan.where.length ? ` WHERE ${plan.where.join(' AND ')}` : ''}`;
      const n = (store.prepare(sql).get(...plan.params) as { n: number }).n;
      plan.info.returned = n;
      return { n, plan: plan.info };
    }
  }
  const r = find(store, coll, filter, { overlay });
  return { n: r.hits.length, plan: r.plan };
}

/** Applies a projection; returns wire texts. */
export function project(hits: Hit[], projection: Doc | undefined): string[] {
  if (!projection || Object.keys(projection).length === 0) return hits.map((h) => h.text);
  return projectDocs(hits.map(docOf), projection).map((d) => encodeDoc('_id' in d ? { _id: d._id, ...d } : d));
}

export { docOf };
