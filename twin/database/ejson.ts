/**
 * EJSON in, EJSON out.
 *
 * - Wire input: the SDK sends canonical EJSON strings (`{"$numberInt":"1"}`, `{"$date":{"$numberLong":…}}`,
 *   `{"$regularExpression":…}`). They are decoded with relaxed semantics (plain JS numbers, Dates),
 *   regexes become JS RegExp (what mingo understands) and `{"$tcb_server_date":{"offset":N}}` becomes
 *   `new Date(now + N)` — the server resolves serverDate in inserts, updates and queries alike.
 * - Storage/wire output: plain JSON where non-JSON values use canonical EJSON wrappers
 *   (Date → `{"$date":{"$numberLong":"<ms>"}}`, NaN/±Infinity → `$numberDouble`, RegExp →
 *   `$regularExpression`, bson types → their canonical form). That text is valid EJSON in both relaxed
 *   and canonical parsing, so a stored document is sent to the SDK as-is (it runs bson@4
 *   `EJSON.parse(item)` on every `list` entry) without re-serialising.
 */
import { EJSON, BSONRegExp } from 'bson';
import { invalidParam, TwinError } from './errors';

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

const WRAPPERS = new Set([
  '$oid',
  '$binary',
  '$numberDecimal',
  '$timestamp',
  '$minKey',
  '$maxKey',
  '$symbol',
  '$code',
  '$dbPointer',
  '$uuid',
  '$undefined',
  '$numberLong',
  '$numberInt',
  '$numberDouble',
  '$date',
  '$regularExpression',
  '$regex',
]);

/**
 * In-place revival of JSON.parse output holding canonical/relaxed EJSON wrappers.
 * The frequent wrappers (numbers, dates, regexes, serverDate) are decoded inline — this is the hot
 * path of every request; the rare bson types ($oid, $binary, $numberDecimal, …) go to bson's
 * `EJSON.deserialize`, so the semantics stay bson's.
 */
function revive(v: unknown, now?: () => Date): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i], now);
    return v;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const k0 = keys[0];
  if (k0 !== undefined && k0.charCodeAt(0) === 36 /* $ */) {
    if (k0 === '$tcb_server_date' && now) {
      const spec = o.$tcb_server_date as { offset?: unknown } | null;
      const raw = spec && typeof spec === 'object' ? revive(spec.offset ?? 0) : 0;
      const offset = Number(raw);
      if (!Number.isFinite(offset)) throw invalidParam('serverDate offset must be a number');
      return new Date(now().getTime() + offset);
    }
    if (WRAPPERS.has(k0)) return unwrap(o, keys, k0, now);
  }
  for (const k of keys) o[k] = revive(o[k], now);
  return o;
}

function unwrap(o: Record<string, unknown>, keys: string[], k0: string, now?: () => Date): unknown {
  const x = o[k0];
  if (keys.length === 1) {
    if ((k0 === '$numberInt' || k0 === '$numberDouble' || k0 === '$numberLong') && typeof x === 'string') {
      const n = Number(x);
      if (Number.isNaN(n) && x !== 'NaN') throw new Error(`invalid ${k0} value ${JSON.stringify(x)}`);
      return n;
    }
    if (k0 === '$date') {
      let ms: number;
      if (typeof x === 'number') ms = x;
      else if (typeof x === 'string') ms = Date.parse(x);
      else if (x && typeof x === 'object' && typeof (x as { $numberLong?: unknown }).$numberLong === 'string') {
        ms = Number((x as { $numberLong: string }).$numberLong);
      } else ms = NaN;
      if (Number.isNaN(ms)) throw new Error(`invalid $date value ${JSON.stringify(x)}`);
      return new Date(ms);
    }
    if (k0 === '$regularExpression' && x && typeof x === 'object') {
      const r = x as { pattern?: unknown; options?: unknown };
      if (typeof r.pattern === 'string') return toRegExp(r.pattern, typeof r.options === 'string' ? r.options : '');
    }
    if (k0 === '$regex' && typeof x === 'string') return toRegExp(x, '');
  }
  if (k0 === '$regex' && typeof x === 'string' && keys.length === 2 && typeof o.$options === 'string') {
    return toRegExp(x, o.$options);
  }
  if (k0 === '$regex' || k0 === '$numberInt' || k0 === '$numberDouble' || k0 === '$numberLong' || k0 === '$date') {
    // e.g. a `$regex` query operator with extra keys: not a wrapper, keep walking.
    for (const k of keys) o[k] = revive(o[k], now);
    return o;
  }
  const d = EJSON.deserialize(o, { relaxed: true }) as unknown;
  return d instanceof BSONRegExp ? toRegExp(d.pattern, d.options) : d;
}

/** Parses one EJSON string from the request body (`what` names the field for error messages). */
export function parseWire(text: unknown, what: string, now: () => Date): unknown {
  if (typeof text !== 'string') throw invalidParam(`${what} must be an EJSON string`);
  try {
    return revive(JSON.parse(text), now);
  } catch (e) {
    if (e instanceof TwinError) throw e;
    throw invalidParam(`${what} is not valid EJSON: ${(e as Error).message}`);
  }
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
