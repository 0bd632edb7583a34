/**
 * EJSON in, EJSON out.
 *
 * - Wire input: the SDK sends canonical EJSON strings (`{"$numberInt":"1"}`, `{"$date":{"$numberLong":…}}`,
 *   `{"$regularExpression":…}`); we parse them with bson's EJSON (relaxed → plain JS numbers/Dates),
 *   turn BSONRegExp into RegExp (what mingo understands) and resolve `{"$tcb_server_date":{"offset":N}}`
 *   to `new Date(now + N)`.
 * - Storage/wire output: plain JSON where non-JSON values use canonical EJSON wrappers
 *   (Date → `{"$date":{"$numberLong":"<ms>"}}`, NaN/±Infinity → `$numberDouble`, RegExp →
 *   `$regularExpression`, bson types → their canonical form). That text is valid EJSON in both relaxed
 *   and canonical parsing, so a stored document is sent to the SDK as-is (it runs bson@4
 *   `EJSON.parse(item)` on every `list` entry) without re-serialising.
 */
import { EJSON, BSONRegExp } from 'bson';
import { invalidParam } from './errors';

export type Doc = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const hasBsonType = (v: object): boolean => '_bsontype' in v;

/** JS RegExp from Mongo/BSON options (drops flags JS lacks, e.g. `x`, `l`). */
export function toRegExp(pattern: string, options: string): RegExp {
  const flags = [...new Set(options.split(''))].filter((f) => 'imsu'.includes(f)).join('');
  return new RegExp(pattern, flags);
}

/** In-place normalisation of a freshly EJSON-parsed value. */
function normalizeParsed(v: unknown, now: () => Date): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalizeParsed(v[i], now);
    return v;
  }
  if (v instanceof Date) return v;
  if (v instanceof BSONRegExp) return toRegExp(v.pattern, v.options);
  if (hasBsonType(v)) return v; // ObjectId, Long, Decimal128, Binary… kept as bson values
  const o = v as Record<string, unknown>;
  if ('$tcb_server_date' in o) {
    const spec = o.$tcb_server_date as { offset?: unknown } | null;
    const offset = Number(spec && typeof spec === 'object' ? (spec.offset ?? 0) : 0);
    if (!Number.isFinite(offset)) throw invalidParam('serverDate offset must be a number');
    return new Date(now().getTime() + offset);
  }
  for (const k of Object.keys(o)) o[k] = normalizeParsed(o[k], now);
  return o;
}

/** Parses one EJSON string from the request body (`what` names the field for error messages). */
export function parseWire(text: unknown, what: string, now: () => Date): unknown {
  if (typeof text !== 'string') throw invalidParam(`${what} must be an EJSON string`);
  let parsed: unknown;
  try {
    parsed = EJSON.parse(text, { relaxed: true });
  } catch (e) {
    throw invalidParam(`${what} is not valid EJSON: ${(e as Error).message}`);
  }
  return normalizeParsed(parsed, now);
}

/** Like parseWire but requires a JSON object (query, update data, documents, projections). */
export function parseWireObject(text: unknown, what: string, now: () => Date): Doc {
  const v = parseWire(text, what, now);
  if (!isPlainObject(v)) throw invalidParam(`${what} must be an EJSON object`);
  return v;
}

/** Normalises values that arrive as already-parsed JSON (tolerated instead of EJSON strings). */
export function normalizeValue(v: unknown, now: () => Date): unknown {
  if (typeof v === 'string') return parseWire(v, 'value', now);
  // Round-trip through EJSON so `$date`/`$numberInt` wrappers in plain JSON are understood.
  return parseWire(JSON.stringify(v), 'value', now);
}

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) {
    const ms = raw.getTime();
    return { $date: { $numberLong: String(Number.isNaN(ms) ? 0 : ms) } };
  }
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? raw : { $numberDouble: String(raw) };
  }
  if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: raw.flags } };
  if (raw !== null && typeof raw === 'object' && hasBsonType(raw)) {
    return EJSON.serialize(raw, { relaxed: false });
  }
  return value;
}

/** Document → stored/wire text (see header). */
export function encodeDoc(doc: unknown): string {
  return JSON.stringify(doc, replacer);
}

function revive(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  const d = o.$date;
  if (d !== undefined) {
    if (d !== null && typeof d === 'object' && '$numberLong' in d) {
      return new Date(Number((d as { $numberLong: string }).$numberLong));
    }
    if (typeof d === 'number') return new Date(d);
    if (typeof d === 'string') return new Date(d);
  }
  if (typeof o.$numberDouble === 'string') return Number(o.$numberDouble);
  const rx = o.$regularExpression as { pattern: string; options: string } | undefined;
  if (rx && typeof rx === 'object') return toRegExp(rx.pattern, rx.options);
  const keys = Object.keys(o);
  if (keys.length > 0 && keys[0].startsWith('$')) {
    // Other canonical wrappers ($oid, $numberLong, $numberDecimal, $binary…): let bson decide.
    try {
      return EJSON.deserialize(o, { relaxed: true });
    } catch {
      /* not a wrapper: fall through */
    }
  }
  for (const k of keys) o[k] = revive(o[k]);
  return o;
}

/** Stored text → document. Fast path: no `"$` in the text means plain JSON. */
export function decodeDoc(text: string): Doc {
  const v = JSON.parse(text) as Doc;
  return text.includes('"$') ? (revive(v) as Doc) : v;
}

/** Deep copy through the storage codec (keeps Dates, RegExps, bson values). */
export function cloneDoc<T>(doc: T): T {
  return decodeDoc(encodeDoc(doc)) as T;
}

export { isPlainObject };
