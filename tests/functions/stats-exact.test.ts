// Statistics are exact (issue 7 §8, M-28): a generated county-year (≈4,000 cases, ≈1,000 whistles) goes
// through the real transition table and the stats deltas the store's hook writes; its documents, audit
// log and counter summaries are loaded into the twin. The figures the `stats` function returns for
// several areas and periods must equal a separate, simple reducer over the raw audit log (kept in memory:
// the dashboards never read events, so loading 24,000 of them into the twin would only slow the test).
import type { Database } from '../../server/sdk';
import { accumulate, insertDays } from '../../server/stats';
import { COUNTER_KEYS, STATS_SHARDS, UNCLASSIFIED, type Counters } from '../../domain/stats';
import type { AuditEventDraft, CaseDoc, WhistleDoc } from '../../domain/types';
import type { DashboardView } from '../../domain/api/stats';
import { connectSdk } from '../../scripts/lib/sdk-client';
import { generateCountyYear, type CountyYear } from '../helpers/county-year';
import { call, startSeededTwin, type Twin } from '../helpers/twin-harness';
import { LEADER } from '../helpers/whistle-flows';

let twin: Twin;
let year: CountyYear;

async function insertMany(db: Database, collection: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) await db.collection(collection).add({ data: docs.slice(i, i + 500) });
}

beforeAll(async () => {
  year = generateCountyYear({ year: 2025, cases: 4000, whistles: 1000, casesToWhistle: 140 });
  twin = await startSeededTwin();
  const db = connectSdk(twin.url).database({ throwOnNotFound: false } as never) as unknown as Database;
  await insertMany(db, 'cases', year.cases);
  await insertMany(db, 'whistles', year.whistles);
  // Spread over the summary shards as concurrent transactions would (server/stats.ts); reads sum them all.
  const docs = new Map();
  for (let shard = 0; shard < STATS_SHARDS; shard++) await accumulate(year.deltas.filter((_, i) => i % STATS_SHARDS === shard), () => null, docs, shard);
  await insertDays(db, docs.values());
}, 120_000);
afterAll(async () => {
  await twin?.close();
});

// ---- the independent reducer: raw audit events (+ the documents' fixed places and deadlines) ----

type Fig = Counters;
const zero = (): Fig => Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as Fig;
const cstDay = (at: string) => new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10);

interface Area {
  scope: 'county' | 'township' | 'community' | 'grid';
  area: string;
  from: string;
  to: string;
}

function reduceLog(y: CountyYear, q: Area): { totals: Fig; byType: Record<string, Fig>; byDept: Record<string, Fig>; byMonth: Record<string, Fig> } {
  const cases = new Map(y.cases.map((c) => [c._id, c]));
  const whistles = new Map(y.whistles.map((w) => [w._id, w]));
  const out = { totals: zero(), byType: {} as Record<string, Fig>, byDept: {} as Record<string, Fig>, byMonth: {} as Record<string, Fig> };
  const typeOf = new Map<string, string>();
  const resolvedOnce = new Set<string>();
  const dispatchedOnce = new Set<string>();
  const add = (at: string, key: keyof Fig, type: string, dept?: string) => {
    const day = cstDay(at);
    if (day < q.from || day > q.to) return;
    out.totals[key]++;
    (out.byType[type] ??= zero())[key]++;
    if (dept) (out.byDept[dept] ??= zero())[key]++;
    (out.byMonth[day.slice(0, 7)] ??= zero())[key]++;
  };
  const caseIn = (c: CaseDoc) => q.scope === 'county' || c[q.scope] === q.area;
  const whistleIn = (w: WhistleDoc) => q.scope === 'county' || (q.scope === 'township' && w.township === q.area);
  const events = [...y.events].sort((a, b) => a.at.localeCompare(b.at));
  for (const e of events as (AuditEventDraft & { data: Record<string, string> })[]) {
    if (e.entity === 'case') {
      const c = cases.get(e.entityId)!;
      if (e.action === 'create') typeOf.set(c._id, String(e.data.matterType ?? UNCLASSIFIED));
      if (e.action === 'reclassify') typeOf.set(c._id, e.data.matterType);
      if (!caseIn(c)) continue;
      const type = typeOf.get(c._id)!;
      if ((e.action === 'resolve' || e.action === 'whistle_closed') && !resolvedOnce.has(c._id)) {
        resolvedOnce.add(c._id);
        add(e.at, 'resolved', type);
        if (e.action === 'whistle_closed') add(e.at, 'resolvedByWhistle', type);
      }
      if (e.action === 'rate') add(e.at, ({ 满意: 'satisfied', 基本满意: 'basicallySatisfied', 不满意: 'dissatisfied' } as const)[e.data.score as '满意']!, type);
      if (e.action === 'auto_rate') add(e.at, 'autoRated', type);
    } else {
      const w = whistles.get(e.entityId)!;
      if (!whistleIn(w)) continue;
      const lead = w.assignments.find((a) => a.role === 'lead')!;
      if (['dispatched', 'in_progress'].includes(e.after.state) && !dispatchedOnce.has(w._id)) {
        dispatchedOnce.add(w._id);
        add(e.at, 'dispatched', w.matterType, lead.dept);
      }
      if (e.action === 'check_in') {
        const a = w.assignments.find((x) => x.dept === e.actor.unit)!;
        add(e.at, 'checkIns', w.matterType, a.dept);
        if (e.at <= a.checkInDue) add(e.at, 'checkInsOnTime', w.matterType, a.dept);
      }
      if (e.action === 'complete' && e.after.state === 'completed' && e.before.state !== 'completed') {
        add(e.at, 'completed', w.matterType, lead.dept);
        if (e.at <= lead.completionDue) add(e.at, 'closedOnTime', w.matterType, lead.dept);
      }
    }
  }
  // Collected: every case created in the period, under its final matter type (no merges generated here).
  for (const c of y.cases) {
    if (!caseIn(c)) continue;
    const day = cstDay(c.createdAt);
    if (day < q.from || day > q.to) continue;
    out.totals.collected++;
    (out.byType[c.matterType ?? UNCLASSIFIED] ??= zero()).collected++;
    (out.byMonth[day.slice(0, 7)] ??= zero()).collected++;
  }
  return out;
}

const dashboard = (q: Area): Promise<DashboardView> => call(twin, LEADER, 'stats', 'dashboard', { ...q, granularity: 'month' });
const pickCounters = (c: Counters) => Object.fromEntries(COUNTER_KEYS.map((k) => [k, c[k]]));

const QUERIES: Area[] = [
  { scope: 'county', area: 'hb', from: '2025-01-01', to: '2025-12-31' },
  { scope: 'county', area: 'hb', from: '2025-01-01', to: '2026-03-31' }, // completions spill into next year
  { scope: 'township', area: 'dy', from: '2025-04-01', to: '2025-06-30' },
  { scope: 'township', area: 'hh', from: '2025-01-01', to: '2025-12-31' },
  { scope: 'community', area: 'xh-fm', from: '2025-07-01', to: '2025-07-31' },
  { scope: 'grid', area: 'hh-wl-01', from: '2025-03-03', to: '2025-03-09' },
];

test('the generated year has the seed scale (M-10, M-28)', () => {
  const county = reduceLog(year, QUERIES[0]).totals;
  expect(year.cases).toHaveLength(4000);
  expect(year.whistles).toHaveLength(1000);
  expect(county.collected).toBe(4000);
  expect(county.resolved).toBeGreaterThan(3700);
  expect(county.resolvedByWhistle).toBeGreaterThan(100);
  expect(county.dispatched).toBeGreaterThan(950);
  expect(county.closedOnTime).toBeLessThan(county.completed); // some late completions
  expect(county.autoRated).toBeGreaterThan(0);
  expect(year.events.some((e) => e.action === 'reclassify')).toBe(true);
});

test.each(QUERIES)('dashboard figures equal the audit log for %o', async (q) => {
  const expected = reduceLog(year, q);
  const view = await dashboard(q);
  expect(pickCounters(view.headline)).toEqual(expected.totals);
  const rated = expected.totals.satisfied + expected.totals.basicallySatisfied + expected.totals.dissatisfied;
  expect(view.headline.satisfaction).toBe(rated ? (expected.totals.satisfied + expected.totals.basicallySatisfied) / rated : null);
  expect(Object.fromEntries(view.byType.map((b) => [b.code, pickCounters(b.counts)]))).toEqual(
    Object.fromEntries(Object.entries(expected.byType).filter(([, f]) => Object.values(f).some((n) => n !== 0))),
  );
  if (view.whistleFigures) expect(Object.fromEntries(view.byDept.map((b) => [b.code, pickCounters(b.counts)]))).toEqual(expected.byDept);
  const trend = view.trend.filter((t) => COUNTER_KEYS.some((k) => t.counts[k] !== 0));
  expect(Object.fromEntries(trend.map((t) => [t.bucket, pickCounters(t.counts)]))).toEqual(expected.byMonth);
  // "Overdue now": the indexed count equals the open cases past their claim limit.
  const now = new Date().toISOString();
  const open = year.cases.filter((c) => (q.scope === 'county' || c[q.scope] === q.area) && c.deadlines.claimDue && c.deadlines.claimDue < now);
  expect(view.overdue.cases).toBe(open.length);
  // Bounded reads: month summaries for whole months, day summaries for the edges (each in its shards).
  expect(view.summaries).toBeLessThanOrEqual(STATS_SHARDS * (12 * 2 + 62));
});
