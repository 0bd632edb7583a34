/**
 * `database.aggregateDocuments`: stages arrive as `[{stageKey: '$match', stageValue: '<EJSON>'}]`
 * (strings/numbers as JSON text: `"\"$tags\""`, `"10"`).
 *
 * Leading `$match` stages (plus a directly following simple `$sort`/`$skip`/`$limit`) run through the
 * query planner so they use indexes; the rest runs in mingo. `$geoNear` (first stage only, as in
 * MongoDB) uses the 2dsphere RTREE. CloudBase returns at most 20 documents when the pipeline has no
 * `$limit`, which is reproduced by appending `{$limit: 20}`.
 */
import { resolve, setValue } from 'mingo/util';
import type { Store, Coll } from './store';
import { parseWire, normalizeValue, isPlainObject, encodeDoc, decodeDoc, type Doc } from './ejson';
import { invalidParam, requestFailed, TwinError } from './errors';
import { find, nearSearch, geoIndexFor, noGeoIndexError, docOf, type OrderEntry, type QueryPlan } from './query';
import { compileQuery, runPipeline } from './mingo';
import { parseNear } from './geo';

export const DEFAULT_AGGREGATE_LIMIT = 20;

const UNSUPPORTED = new Set(['$out', '$merge', '$documents', '$unionWith', '$collStats', '$indexStats', '$currentOp']);

export function parseStages(raw: unknown, now: () => Date): Doc[] {
  if (!Array.isArray(raw)) throw invalidParam('stages must be an array of {stageKey, stageValue}');
  return raw.flatMap((s, i) => {
    if (!isPlainObject(s) || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) {
      throw invalidParam(`stages[${i}] must be {stageKey: '$<stage>', stageValue: '<EJSON>'}`);
    }
    const key = s.stageKey;
    if (UNSUPPORTED.has(key)) throw new TwinError('DATABASE_INVALID_OPERRATOR', `aggregate stage ${key} is not supported`);
    const value =
      typeof s.stageValue === 'string'
        ? parseWire(s.stageValue, `stages[${i}].stageValue`, now)
        : normalizeValue(s.stageValue ?? null, now);
    return key === '$bucket' ? bucketAsGroup(value, i) : [{ [key]: value }];
  });
}

/**
 * MongoDB's $bucket as the $group/$sort it is defined by: buckets are [lower, upper), _id is the lower
 * boundary, values outside go to `default`. Written out because mingo 7.2.7's own $bucket puts a value
 * equal to a boundary into the bucket below.
 */
function bucketAsGroup(spec: unknown, i: number): Doc[] {
  if (!isPlainObject(spec) || !Array.isArray(spec.boundaries) || spec.boundaries.length < 2 || spec.groupBy === undefined) {
    throw invalidParam(`stages[${i}]: $bucket needs groupBy and at least two boundaries`);
  }
  const { groupBy, boundaries, output } = spec as { groupBy: unknown; boundaries: unknown[]; output?: Doc };
  const branches = boundaries.slice(0, -1).map((lower, b) => ({
    case: { $and: [{ $gte: [groupBy, lower] }, { $lt: [groupBy, boundaries[b + 1]] }] },
    then: lower,
  }));
  const _id = { $switch: 'default' in spec ? { branches, default: spec.default } : { branches } };
  return [{ $group: { _id, ...(output ?? { count: { $sum: 1 } }) } }, { $sort: { _id: 1 } }];
}

const stageKey = (s: Doc) => Object.keys(s)[0];

export function aggregate(store: Store, coll: Coll, stages: Doc[]): { docs: Doc[]; plan: QueryPlan } {
  stages.forEach((s, i) => {
    if (i > 0 && stageKey(s) === '$geoNear') throw requestFailed('$geoNear is only valid as the first stage in a pipeline');
  });
  const hasLimit = stages.some((s) => stageKey(s) === '$limit');
  let docs: Doc[];
  let rest: Doc[];
  let plan: QueryPlan;

  if (stages.length && stageKey(stages[0]) === '$geoNear') {
    rest = stages.slice(1);
    const next = rest[0];
    const needed = next && stageKey(next) === '$limit' && typeof next.$limit === 'number' ? next.$limit : Infinity;
    ({ docs, plan } = geoNear(store, coll, stages[0].$geoNear, needed));
  } else {
    let i = 0;
    const matches: Doc[] = [];
    while (i < stages.length && stageKey(stages[i]) === '$match') {
      const m = stages[i].$match;
      if (!isPlainObject(m)) throw requestFailed('the match filter must be an expression in an object');
      matches.push(m);
      i++;
    }
    const filter = matches.length === 0 ? {} : matches.length === 1 ? matches[0] : { $and: matches };
    // Push a simple `$sort` [`$skip`] [`$limit`] that follows the match into the planner.
    let order: OrderEntry[] | undefined;
    let skip: number | undefined;
    let limit: number | undefined;
    const sort = stages[i]?.$sort;
    if (isPlainObject(sort) && Object.values(sort).every((d) => d === 1 || d === -1)) {
      order = Object.entries(sort).map(([path, dir]) => ({ path, dir: dir as 1 | -1 }));
      i++;
      if (stages[i] && stageKey(stages[i]) === '$skip' && typeof stages[i].$skip === 'number') skip = stages[i++].$skip as number;
      if (stages[i] && stageKey(stages[i]) === '$limit' && typeof stages[i].$limit === 'number') limit = stages[i++].$limit as number;
    }
    const r = find(store, coll, filter, { order, skip, limit });
    docs = r.hits.map(docOf);
    plan = r.plan;
    rest = stages.slice(i);
  }
  if (!hasLimit) rest = [...rest, { $limit: DEFAULT_AGGREGATE_LIMIT }];
  if (rest.length === 0) return { docs, plan };

  const cache = new Map<string, Doc[]>();
  const collectionResolver = (name: string): Doc[] => {
    let list = cache.get(name);
    if (!list) {
      const c = store.get(name);
      list = c ? (store.prepare(`SELECT doc FROM ${c.table}`).all() as { doc: string }[]).map((r) => decodeDoc(r.doc)) : [];
      cache.set(name, list);
    }
    return list;
  };
  return { docs: runPipeline(docs, rest, { collectionResolver }), plan };
}

function geoNear(store: Store, coll: Coll, spec: unknown, needed: number): { docs: Doc[]; plan: QueryPlan } {
  if (!isPlainObject(spec)) throw requestFailed('$geoNear argument must be an object');
  const { near, distanceField, key, includeLocs } = spec;
  if (typeof distanceField !== 'string' || !distanceField) {
    throw requestFailed("$geoNear requires a 'distanceField' option as a String");
  }
  let gi = undefined;
  if (typeof key === 'string') gi = geoIndexFor(coll, key);
  else {
    const all = [...coll.indexes.values()].filter((i) => i.kind === 'geo');
    if (all.length > 1) throw requestFailed('There is more than one 2dsphere index; unsure which to use for $geoNear');
    gi = geoIndexFor(coll);
  }
  if (!gi) throw noGeoIndexError();
  const nearSpec = parseNear({ $geometry: near, $maxDistance: spec.maxDistance, $minDistance: spec.minDistance });
  const multiplier = typeof spec.distanceMultiplier === 'number' ? spec.distanceMultiplier : 1;
  const query = spec.query === undefined ? {} : spec.query;
  if (!isPlainObject(query)) throw requestFailed('$geoNear query must be an object');
  const q = compileQuery(query);
  const plan: QueryPlan = {
    collection: coll.name,
    kind: 'geo',
    index: gi.spec.name,
    exact: false,
    sortCovered: true,
    filtered: true,
    scanned: 0,
    returned: 0,
  };
  const hits = nearSearch(store, coll, gi, nearSpec, (d) => q.test(d), needed, plan);
  const docs = hits.map((h) => {
    const d = docOf(h);
    setValue(d, distanceField, h.dist * multiplier);
    if (typeof includeLocs === 'string' && includeLocs) setValue(d, includeLocs, resolve(d, gi!.path));
    return d;
  });
  plan.returned = docs.length;
  return { docs, plan };
}

export const encodeList = (docs: Doc[]): string[] => docs.map((d) => encodeDoc(d));
