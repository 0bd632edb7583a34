/**
 * Update semantics on top of mingo's update operators.
 *
 * What the SDK sends (verified in @cloudbase/database@1.4.3 serializer/update.ts + operator-map.ts):
 * - `doc.update(obj)` / `where.update(obj)`: `merge: true`, data is an operator document; nested
 *   plain objects are flattened into `$set` with dotted paths; `_.remove()` → `$unset: {f: ''}`;
 *   `_.push(x)` → `$push: {f: {$each: [x]}}`; `_.unshift(x)` → `$push: {f: {$each: [x], $position: 0}}`;
 *   `_.pop()` → `$pop: {f: 1}`; `_.shift()` → `$pop: {f: -1}`; pull/pullAll/addToSet/inc/mul/
 *   rename/min/max/bit map to the `$`-operator of the same name.
 * - `doc.set(obj)`: `merge: false, upsert: true`, data is a replacement document (no operators).
 */
import { randomBytes } from 'node:crypto';
import { isEqual } from 'mingo/util';
import { applyOperators } from './mingo';
import { isPlainObject, type Doc } from './ejson';
import { requestFailed, TwinError } from './errors';
import { encodeScalar } from './keys';

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$push',
  '$pop',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$rename',
  '$min',
  '$max',
  '$bit',
  '$currentDate',
]);

/** Splits plain top-level fields into `$set` and validates operator names. */
export function normalizeModifier(data: Doc): Doc {
  const mod: Doc = {};
  const set: Doc = {};
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith('$')) {
      if (!OPERATORS.has(k)) throw new TwinError('DATABASE_INVALID_OPERRATOR', `Unknown modifier: ${k}`);
      if (!isPlainObject(v)) throw requestFailed(`Modifiers operate on fields but we found type ${typeof v} instead (${k})`);
      mod[k] = k === '$set' ? { ...(mod.$set as Doc | undefined), ...v } : v;
    } else {
      set[k] = v;
    }
  }
  if (Object.keys(set).length) mod.$set = { ...(mod.$set as Doc | undefined), ...set };
  return mod;
}

/**
 * Returns the updated document. `doc` may be mutated (callers pass a private copy).
 * merge=false replaces everything but `_id`.
 */
export function applyUpdate(doc: Doc, data: Doc, merge: boolean): Doc {
  if (!merge) {
    const out: Doc = { _id: doc._id };
    for (const [k, v] of Object.entries(data)) {
      if (k === '_id') {
        if (!isEqual(v, doc._id)) throw immutableId();
        continue;
      }
      if (k.startsWith('$')) throw requestFailed('update operator complicit: a replacement document cannot contain operators');
      out[k] = v;
    }
    return out;
  }
  const mod = normalizeModifier(data);
  if (Object.keys(mod).length === 0) return doc;
  const id = doc._id;
  for (const op of Object.values(mod)) {
    for (const path of Object.keys(op as Doc)) {
      if (path === '_id' || path.startsWith('_id.')) throw immutableId();
    }
  }
  if (mod.$rename) for (const to of Object.values(mod.$rename as Doc)) if (to === '_id') throw immutableId();
  applyOperators(doc, mod);
  if (!isEqual(doc._id, id)) throw immutableId();
  return doc;
}

const immutableId = () =>
  requestFailed("Performing an update on the path '_id' would modify the immutable field '_id'");

/** Equality fields of a filter, used to seed an upserted document (Mongo semantics). */
export function seedFromQuery(filter: Doc): Doc {
  const seed: Doc = {};
  const visit = (f: Doc) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        v.forEach((s) => isPlainObject(s) && visit(s));
        continue;
      }
      if (k.startsWith('$')) continue;
      let val: unknown = v;
      if (isPlainObject(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1 && keys[0] === '$eq') val = v.$eq;
        else if (keys.some((x) => x.startsWith('$'))) continue;
      }
      if (val instanceof RegExp) continue;
      setPath(seed, k, val);
    }
  };
  visit(filter);
  return seed;
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (!isPlainObject(next)) cur[parts[i]] = {};
    cur = cur[parts[i]] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}

// CloudBase document ids are 32 lowercase hex chars. Ours: 8 hex of unix seconds (keeps the `_id`
// B-tree append-mostly), 10 hex of per-process randomness, 14 hex of a counter seeded randomly.
const PROCESS = randomBytes(5).toString('hex');
let counter = randomBytes(6).readUIntBE(0, 6);

export function newId(nowMs: number): string {
  counter = (counter + 1) % 2 ** 48;
  const secs = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return secs + PROCESS + counter.toString(16).padStart(14, '0');
}

/** `_id` values the engine accepts (CloudBase ids are strings; numbers and ObjectIds also work). */
export function validId(id: unknown): boolean {
  if (typeof id === 'string') return id.length > 0;
  return encodeScalar(id) !== undefined && id !== null && typeof id !== 'boolean';
}
