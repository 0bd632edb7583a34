/**
 * Index key encoding.
 *
 * Index keys are computed in JS (we already hold the parsed document on every write) and stored in
 * plain key columns `k<n>` of the collection table; SQLite B-tree indexes are built on those columns.
 * Hand-written rather than `json_extract` expression indexes because Mongo's ordering is type-aware
 * (null < numbers < strings < objects < arrays < ObjectId < bool < date) and dates/booleans have no
 * JSON scalar form; one JS pass gives a single SQLite value per field whose native ordering
 * (NULL < INTEGER/REAL < TEXT < BLOB, BLOBs by memcmp) equals Mongo's:
 *
 *   missing / null   → REAL -Infinity   (a real value, so UNIQUE treats two nulls as duplicates, as Mongo does)
 *   finite number    → INTEGER/REAL     (NaN/±Infinity are "complex", see below)
 *   string           → TEXT             (BINARY collation = Mongo's default byte-wise compare)
 *   object/array/…   → BLOB 0x00 + JSON (complex: whole-value equality only)
 *   ObjectId         → BLOB 0x01 + 12 bytes
 *   boolean          → BLOB 0x02 + 0|1
 *   Date             → BLOB 0x03 + 8-byte big-endian (ms + 2^63)
 *
 * A value is "complex" when it is not a scalar, or the path crosses an array (Mongo would build a
 * multikey index). Once a field has held a complex value the planner stops using indexes on it
 * (persisted flag), so index candidate sets are always a superset of the true matches.
 */
import { ObjectId } from 'bson';
import { encodeDoc } from './ejson';

export type KeyValue = number | string | Buffer;

export const NULL_KEY = -Infinity;

/** Type brackets for range predicates: [lower, upper) for values of one Mongo type. */
export const BRACKETS = {
  number: { lo: NULL_KEY, loIncl: false, hi: '' as KeyValue, hiIncl: false },
  string: { lo: '' as KeyValue, loIncl: true, hi: Buffer.alloc(0) as KeyValue, hiIncl: false },
  objectId: { lo: Buffer.from([0x01]) as KeyValue, loIncl: true, hi: Buffer.from([0x02]) as KeyValue, hiIncl: false },
  bool: { lo: Buffer.from([0x02]) as KeyValue, loIncl: true, hi: Buffer.from([0x03]) as KeyValue, hiIncl: false },
  date: { lo: Buffer.from([0x03]) as KeyValue, loIncl: true, hi: Buffer.from([0x04]) as KeyValue, hiIncl: false },
};
export type BracketName = keyof typeof BRACKETS;

export interface EncodedKey {
  key: KeyValue;
  complex: boolean;
}

const OFFSET = 2n ** 63n;

function encodeDate(d: Date): Buffer {
  const b = Buffer.alloc(9);
  b[0] = 0x03;
  const ms = Number.isNaN(d.getTime()) ? 0 : d.getTime();
  b.writeBigUInt64BE(BigInt(ms) + OFFSET, 1);
  return b;
}

/** Encodes a scalar value; returns undefined when it is not a simple scalar. */
export function encodeScalar(v: unknown): KeyValue | undefined {
  if (v === null || v === undefined) return NULL_KEY;
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? v : undefined;
    case 'string':
      return v;
    case 'boolean':
      return Buffer.from([0x02, v ? 1 : 0]);
    case 'object':
      if (v instanceof Date) return encodeDate(v);
      if (v instanceof ObjectId) return Buffer.concat([Buffer.from([0x01]), Buffer.from(v.id)]);
      return undefined;
    default:
      return undefined;
  }
}

/** Which type bracket a scalar range operand belongs to (undefined: not indexable). */
export function bracketOf(v: unknown): BracketName | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? 'number' : undefined;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Date) return 'date';
  if (v instanceof ObjectId) return 'objectId';
  return undefined;
}

function encodeComplex(v: unknown): Buffer {
  return Buffer.concat([Buffer.from([0x00]), Buffer.from(encodeDoc({ v }), 'utf8')]);
}

/** Key of `path` in `doc`. Crossing an array or reaching a non-scalar marks the key complex. */
export function keyAt(doc: Record<string, unknown>, path: string[]): EncodedKey {
  let cur: unknown = doc;
  for (const part of path) {
    if (Array.isArray(cur)) return { key: encodeComplex(cur), complex: true };
    if (cur === null || typeof cur !== 'object' || cur instanceof Date) return { key: NULL_KEY, complex: false };
    cur = (cur as Record<string, unknown>)[part];
    if (cur === undefined) return { key: NULL_KEY, complex: false };
  }
  const s = encodeScalar(cur);
  return s === undefined ? { key: encodeComplex(cur), complex: true } : { key: s, complex: false };
}

/** Plain value at a dotted path (no array traversal) — used for upsert seeds and geo fields. */
export function valueAt(doc: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = doc;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Stable string identity of an `_id` value for maps (transactions, locks). */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return `s${id}`;
  if (typeof id === 'number') return `n${id}`;
  return `j${encodeDoc({ id })}`;
}
