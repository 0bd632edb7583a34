// The county configuration lives in the store (collection `config`, doc `county`); the reference
// county is only the seed. A warm instance keeps the parsed config for a short while.
import { calendarForCounty, createOrg, parseCounty, type CountyConfig, type Org, type WorkCalendar } from '../domain';
import { DomainError } from '../domain/errors';
import type { Database } from './sdk';
import { readOne } from './db';

export interface CountyContext {
  county: CountyConfig;
  org: Org;
  calendar: WorkCalendar;
}

const TTL_MS = 10_000;
let cached: { at: number; version: number; value: CountyContext } | null = null;

export async function loadCounty(db: Database, now = Date.now()): Promise<CountyContext> {
  if (cached && now - cached.at < TTL_MS) return cached.value;
  const doc = await readOne<{ value: unknown; version?: number }>(db.collection('config'), 'county');
  if (!doc) throw new DomainError('NOT_FOUND', '县级配置尚未导入，请联系管理员');
  if (cached && cached.version === doc.version) {
    cached.at = now;
    return cached.value;
  }
  const county = parseCounty(doc.value);
  const value = { county, org: createOrg(county), calendar: calendarForCounty(county) };
  cached = { at: now, version: doc.version ?? 0, value };
  return value;
}

/** Drop this instance's cached configuration (after a configuration write), so the next call reads it afresh. */
export function invalidateCounty(): void {
  cached = null;
}
