// Statistics (M-28, M-29): what one audit event adds to the counters, and how counter documents sum up
// into dashboard figures. Pure: server/stats.ts applies the deltas inside the event's own transaction.
//
// Counting rules (every figure counts events that happened in the period, by their CST day):
// - collected: a case was created (merged-away duplicates, `mergedInto`, are taken out again: M-6);
//   a reclassification moves the case's collected count to its new matter type (M-5).
// - resolved / resolvedByWhistle: a case's FIRST resolution (a follow-up re-resolution is not a new
//   problem); byWhistle when that first resolution came from its whistle (whistle_closed).
// - dispatched: a whistle got its first assignments (平哨 dispatch or 急哨 approval; re-dispatch after a
//   return does not count again). completed / closedOnTime: the lead department completed it, on time
//   by the M-14a deadline. checkIns / checkInsOnTime per department.
// - satisfied / basicallySatisfied / dissatisfied: residents' ratings; autoRated separately — an
//   automatic close is never a 满意 (M-21).
import { addDays, cstYmd } from './calendar';
import { DomainError } from './errors';
import type { Org, UnitKind } from './org';
import { effectiveBindings } from './roles';
import type { Actor, AuditEventDraft, CaseDoc, Doc, Role, WhistleDoc } from './types';

export const COUNTER_KEYS = [
  'collected',
  'resolved',
  'resolvedByWhistle',
  'dispatched',
  'completed',
  'closedOnTime',
  'checkIns',
  'checkInsOnTime',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'autoRated',
] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];
export type Counters = Record<CounterKey, number>;

export const COUNTER_LABELS: Record<CounterKey, string> = {
  collected: '收集问题',
  resolved: '解决问题',
  resolvedByWhistle: '吹哨解决',
  dispatched: '派发哨单',
  completed: '哨单办结',
  closedOnTime: '按时办结',
  checkIns: '部门报到',
  checkInsOnTime: '按时报到',
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
  autoRated: '超期自动结案',
};

export type StatsScope = 'county' | 'township' | 'community' | 'grid';
export const STATS_SCOPES: readonly StatsScope[] = ['county', 'township', 'community', 'grid'];

/** Key for cases without a matter type yet (待分类). */
export const UNCLASSIFIED = '_none';

/** Where and when one change counts. Whistles count at county and township only. */
export interface StatsDelta {
  day: string; // YYYY-MM-DD (CST)
  hour: number; // 0-23 (CST)
  county: string;
  township: string;
  community?: string;
  grid?: string;
  matterType: string;
  dept?: string;
  /** QR place the case came from (M-29 hot spots). */
  place?: string;
  counts: Partial<Counters>;
}

/** Summaries per day, and per month so long periods read few documents. */
export type StatsSpan = 'day' | 'month';

/** One counter document: a (day or month, area) summary. */
export interface StatsDayDoc {
  _id: string;
  span: StatsSpan;
  /** YYYY-MM-DD for a day summary, YYYY-MM for a month summary. */
  day: string;
  month: string;
  scope: StatsScope;
  area: string;
  county: string;
  totals: Partial<Counters>;
  byType: Record<string, Partial<Counters>>;
  byDept: Record<string, Partial<Counters>>;
  /** Collected cases by CST hour of day (M-29 time pattern). */
  byHour: Record<string, number>;
  /** Collected cases by weekday, 0 = Monday. */
  byWeekday: Record<string, number>;
  /** Collected cases by QR place (grid docs only) and by matter type × grid, for hot spots. */
  byPlace: Record<string, number>;
  byGridType: Record<string, number>;
}

/**
 * Each summary may be split into shards: a transaction adds into shard 0, and after a commit conflict
 * its retry adds into another shard at random (server/stats.ts), so a burst of reports in one area does
 * not queue on one document. Shards exist only where conflicts happened; reads sum every shard.
 */
export const STATS_SHARDS = 8;

export const statsDocId = (key: string, scope: StatsScope, area: string, shard = 0) => `${key}|${scope}|${area}#${shard}`;

const cstHour = (at: string) => (new Date(at).getUTCHours() + 8) % 24;
/** Map keys must be safe document field names. */
export const safeKey = (s: string) => s.replace(/[.$]/g, '_');

function caseDelta(c: CaseDoc, at: string, counts: Partial<Counters>, matterType = c.matterType): StatsDelta {
  const delta: StatsDelta = {
    day: cstYmd(new Date(at)),
    hour: cstHour(at),
    county: c.county,
    township: c.township,
    community: c.community,
    grid: c.grid,
    matterType: matterType ?? UNCLASSIFIED,
    counts,
  };
  if (c.place?.qrPoint) delta.place = c.place.qrPoint;
  return delta;
}

const leadOf = (w: WhistleDoc) => w.assignments.find((a) => a.role === 'lead' && a.state !== 'returned') ?? w.assignments.find((a) => a.role === 'lead');

function whistleDelta(w: WhistleDoc, at: string, counts: Partial<Counters>, dept: string | undefined): StatsDelta {
  return { day: cstYmd(new Date(at)), hour: cstHour(at), county: w.county, township: w.township, matterType: w.matterType || UNCLASSIFIED, dept, counts };
}

const RATING_KEY: Record<string, CounterKey> = { 满意: 'satisfied', 基本满意: 'basicallySatisfied', 不满意: 'dissatisfied' };

function caseDeltas(event: AuditEventDraft, before: CaseDoc | null, after: CaseDoc): StatsDelta[] {
  const out: StatsDelta[] = [];
  const merged = (d: CaseDoc | null) => Boolean(d?.mergedInto);
  if (event.action === 'create' && !merged(after)) out.push(caseDelta(after, after.createdAt, { collected: 1 }));
  // Collected counts on the creation day under the case's current matter type; a merged-away
  // duplicate leaves the count, an un-merged one comes back (M-6).
  if (before && merged(after) && !merged(before)) out.push(caseDelta(before, before.createdAt, { collected: -1 }));
  if (before && merged(before) && !merged(after)) out.push(caseDelta(after, after.createdAt, { collected: 1 }));
  if (before && !merged(before) && !merged(after) && before.matterType !== after.matterType) {
    out.push(caseDelta(before, before.createdAt, { collected: -1 }), caseDelta(after, after.createdAt, { collected: 1 }));
  }
  const newlyResolved = after.state === 'resolved' && before?.state !== 'resolved' && after.resolution && after.history.length === 0;
  if (newlyResolved) out.push(caseDelta(after, event.at, after.resolution!.whistleId ? { resolved: 1, resolvedByWhistle: 1 } : { resolved: 1 }));
  if (event.action === 'rate' && after.rating && !after.rating.auto && after.rating.score) {
    out.push(caseDelta(after, event.at, { [RATING_KEY[after.rating.score]]: 1 }));
  }
  if (event.action === 'auto_rate') out.push(caseDelta(after, event.at, { autoRated: 1 }));
  return out;
}

function whistleDeltas(event: AuditEventDraft, before: WhistleDoc | null, after: WhistleDoc): StatsDelta[] {
  const out: StatsDelta[] = [];
  const lead = leadOf(after);
  if ((before?.assignments.length ?? 0) === 0 && after.assignments.length > 0) out.push(whistleDelta(after, event.at, { dispatched: 1 }, lead?.dept));
  if (!before) return out;
  for (const a of after.assignments) {
    const was = before.assignments.find((b) => b.dept === a.dept && b.dispatchedAt === a.dispatchedAt);
    if (a.checkIn && !was?.checkIn) out.push(whistleDelta(after, event.at, a.checkIn.onTime ? { checkIns: 1, checkInsOnTime: 1 } : { checkIns: 1 }, a.dept));
    if (a.role === 'lead' && a.completion && !was?.completion && after.state === 'completed' && before.state !== 'completed') {
      out.push(whistleDelta(after, event.at, a.completion.onTime ? { completed: 1, closedOnTime: 1 } : { completed: 1 }, a.dept));
    }
  }
  return out;
}

/** What one audited change adds to the counters (empty for changes that count nothing). */
export function statsDeltas(event: Pick<AuditEventDraft, 'entity' | 'action' | 'at'>, before: Doc | null, after: Doc): StatsDelta[] {
  const ev = event as AuditEventDraft;
  if (event.entity === 'case') return caseDeltas(ev, before as CaseDoc | null, after as CaseDoc);
  if (event.entity === 'whistle') return whistleDeltas(ev, before as WhistleDoc | null, after as WhistleDoc);
  return [];
}

/** The (scope, area) summaries one delta touches — each as a day and as a month summary. */
export function deltaAreas(d: StatsDelta): { scope: StatsScope; area: string }[] {
  const areas: { scope: StatsScope; area: string }[] = [
    { scope: 'county', area: d.county },
    { scope: 'township', area: d.township },
  ];
  if (d.community) areas.push({ scope: 'community', area: d.community });
  if (d.grid) areas.push({ scope: 'grid', area: d.grid });
  return areas;
}

function addInto(target: Partial<Counters>, counts: Partial<Counters>): void {
  for (const [k, v] of Object.entries(counts) as [CounterKey, number][]) target[k] = (target[k] ?? 0) + v;
}

/** `key`: YYYY-MM-DD (day summary) or YYYY-MM (month summary). */
export function emptyDayDoc(key: string, scope: StatsScope, area: string, county: string, shard = 0): StatsDayDoc {
  const span: StatsSpan = key.length === 7 ? 'month' : 'day';
  return { _id: statsDocId(key, scope, area, shard), span, day: key, month: key.slice(0, 7), scope, area, county, totals: {}, byType: {}, byDept: {}, byHour: {}, byWeekday: {}, byPlace: {}, byGridType: {} };
}

/** Day (Monday = 0) of the week of a YYYY-MM-DD day. */
export const weekdayOf = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

/** Adds one delta to a day document (mutates and returns it). */
export function applyDelta(doc: StatsDayDoc, d: StatsDelta): StatsDayDoc {
  addInto(doc.totals, d.counts);
  const type = safeKey(d.matterType);
  addInto((doc.byType[type] ??= {}), d.counts);
  if (d.dept) addInto((doc.byDept[safeKey(d.dept)] ??= {}), d.counts);
  const collected = d.counts.collected ?? 0;
  if (collected) {
    doc.byHour[String(d.hour)] = (doc.byHour[String(d.hour)] ?? 0) + collected;
    const wd = String(weekdayOf(d.day));
    doc.byWeekday[wd] = (doc.byWeekday[wd] ?? 0) + collected;
    if (d.place) doc.byPlace[safeKey(d.place)] = (doc.byPlace[safeKey(d.place)] ?? 0) + collected;
    if (doc.scope !== 'grid' && d.grid) {
      const key = `${safeKey(d.grid)}~${type}`;
      doc.byGridType[key] = (doc.byGridType[key] ?? 0) + collected;
    }
  }
  return doc;
}

// ---- reading: summaries → dashboard figures ----

export const zeroCounters = (): Counters => Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as Counters;

function sumInto(target: Counters, part: Partial<Counters> | undefined): void {
  if (part) for (const k of COUNTER_KEYS) target[k] += part[k] ?? 0;
}

export type Granularity = 'day' | 'week' | 'month';

/** Headline figures (M-28). Satisfaction counts real ratings only; null when nobody rated. */
export interface Headline extends Counters {
  satisfaction: number | null;
  onTimeRate: number | null;
}

export function headline(c: Counters): Headline {
  const rated = c.satisfied + c.basicallySatisfied + c.dissatisfied;
  return {
    ...c,
    satisfaction: rated ? (c.satisfied + c.basicallySatisfied) / rated : null,
    onTimeRate: c.completed ? c.closedOnTime / c.completed : null,
  };
}

/** Monday of the ISO week of a YYYY-MM-DD day. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86400000).toISOString().slice(0, 10);
}

export const bucketOf = (day: string, g: Granularity) => (g === 'day' ? day : g === 'week' ? weekOf(day) : day.slice(0, 7));

export interface DashboardSums {
  totals: Counters;
  trend: { bucket: string; counts: Counters }[];
  byType: Record<string, Counters>;
  byDept: Record<string, Counters>;
}

/** Every trend bucket from the one holding `from` to the one holding `to` (YYYY-MM-DD), in order. */
export function bucketsBetween(from: string, to: string, g: Granularity): string[] {
  const out: string[] = [];
  for (let day = g === 'week' ? weekOf(from) : g === 'month' ? `${from.slice(0, 7)}-01` : from; day <= to; ) {
    out.push(bucketOf(day, g));
    day = g === 'day' ? addDays(day, 1) : g === 'week' ? addDays(day, 7) : `${nextMonth(day.slice(0, 7))}-01`;
  }
  return out;
}

/**
 * Sums day (and month) documents of one area into totals, a trend and breakdowns. With `range`, the
 * trend has every bucket of the period, quiet ones as zeros (a chart must not skip a month without cases).
 */
export function sumDays(docs: Pick<StatsDayDoc, 'day' | 'totals' | 'byType' | 'byDept'>[], g: Granularity, range?: { from: string; to: string }): DashboardSums {
  const totals = zeroCounters();
  const buckets = new Map<string, Counters>(range ? bucketsBetween(range.from, range.to, g).map((b) => [b, zeroCounters()]) : []);
  const byType: Record<string, Counters> = {};
  const byDept: Record<string, Counters> = {};
  for (const d of docs) {
    sumInto(totals, d.totals);
    const b = bucketOf(d.day, g);
    if (!buckets.has(b)) buckets.set(b, zeroCounters());
    sumInto(buckets.get(b)!, d.totals);
    for (const [k, v] of Object.entries(d.byType ?? {})) sumInto((byType[k] ??= zeroCounters()), v);
    for (const [k, v] of Object.entries(d.byDept ?? {})) sumInto((byDept[k] ??= zeroCounters()), v);
  }
  const trend = [...buckets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([bucket, counts]) => ({ bucket, counts }));
  return { totals, trend, byType, byDept };
}

export interface HotSpotSums {
  byType: Record<string, number>;
  byHour: number[];
  byWeekday: number[]; // 0 = Monday
  /** grid → matter type → collected */
  gridType: Record<string, Record<string, number>>;
  byPlace: Record<string, number>;
}

/** M-29: where and when problems recur — sums of one area's day documents. */
export function sumHotSpots(docs: Pick<StatsDayDoc, 'scope' | 'area' | 'byType' | 'byHour' | 'byWeekday' | 'byGridType' | 'byPlace'>[]): HotSpotSums {
  const out: HotSpotSums = { byType: {}, byHour: Array(24).fill(0), byWeekday: Array(7).fill(0), gridType: {}, byPlace: {} };
  const addGridType = (grid: string, type: string, n: number) => {
    const row = (out.gridType[grid] ??= {});
    row[type] = (row[type] ?? 0) + n;
  };
  for (const d of docs) {
    for (const [k, v] of Object.entries(d.byType ?? {})) {
      out.byType[k] = (out.byType[k] ?? 0) + (v.collected ?? 0);
      if (d.scope === 'grid') addGridType(d.area, k, v.collected ?? 0);
    }
    for (const [h, n] of Object.entries(d.byHour ?? {})) out.byHour[Number(h)] += n;
    for (const [w, n] of Object.entries(d.byWeekday ?? {})) out.byWeekday[Number(w)] += n;
    for (const [key, n] of Object.entries(d.byGridType ?? {})) {
      const [grid, type] = key.split('~');
      addGridType(grid, type, n);
    }
    for (const [p, n] of Object.entries(d.byPlace ?? {})) out.byPlace[p] = (out.byPlace[p] ?? 0) + n;
  }
  return out;
}

// ---- who may look at which area ----

const COUNTY_WIDE: readonly Role[] = ['leader', 'whistle_office', 'admin'];
const SCOPED: Partial<Record<Role, StatsScope>> = { township: 'township', community: 'community', grid_worker: 'grid' };

/** The caller's own top areas: the county for leaders and 吹哨办, else their township / community / grid. */
export function ownStatsAreas(actor: Actor, org: Org): { scope: StatsScope; area: string }[] {
  const out: { scope: StatsScope; area: string }[] = [];
  for (const b of effectiveBindings(actor)) {
    const scope = COUNTY_WIDE.includes(b.role) ? 'county' : SCOPED[b.role];
    const area = scope === 'county' ? org.county.county.code : b.unit;
    if (scope && !out.some((x) => x.scope === scope && x.area === area)) out.push({ scope, area });
  }
  return out.sort((a, b) => STATS_SCOPES.indexOf(a.scope) - STATS_SCOPES.indexOf(b.scope));
}

const SCOPE_KIND: Record<StatsScope, UnitKind> = { county: 'county', township: 'township', community: 'community', grid: 'grid' };

/** Authorises a statistics read (role AND jurisdiction); `area` defaults to the caller's own area of that scope. */
export function authoriseStatsArea(actor: Actor, org: Org, scope: StatsScope, area?: string): { scope: StatsScope; area: string } {
  const own = ownStatsAreas(actor, org);
  if (!own.length) throw new DomainError('FORBIDDEN_ROLE', '只有领导、吹哨办和乡镇、村(社区)工作人员可以查看统计', { rule: 'M-28' });
  const code = area ?? (scope === 'county' ? org.county.county.code : own.find((o) => o.scope === scope)?.area);
  if (!code || org.unitKind(code) !== SCOPE_KIND[scope]) throw new DomainError('NOT_FOUND', '未找到该区域', { rule: 'M-1' });
  if (!own.some((o) => org.isWithin(code, o.area))) throw new DomainError('OUT_OF_JURISDICTION', '只能查看本辖区的统计', { rule: 'M-28' });
  return { scope, area: code };
}

/** 治理一类事 notes are written by the 吹哨办 (M-29). */
export function authoriseGovernanceNote(actor: Actor, org: Org, area: string): void {
  const office = effectiveBindings(actor).some((b) => b.role === 'whistle_office');
  if (!office) throw new DomainError('FORBIDDEN_ROLE', '只有县吹哨办可以添加"治理一类事"说明', { rule: 'M-29' });
  if (!org.isWithin(area, org.county.county.code)) throw new DomainError('OUT_OF_JURISDICTION', '只能为本县的区域添加说明', { rule: 'M-29' });
}

// ---- which summaries cover a period ----

const lastDayOfMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
};

/**
 * The summaries that cover [from, to] exactly: month summaries for the whole months inside it, day
 * summaries for the partial months at its edges. Weekly and daily trends need day summaries throughout.
 */
export function summaryPlan(from: string, to: string, g: Granularity): { months: [string, string] | null; days: [string, string][] } {
  if (g !== 'month') return { months: null, days: [[from, to]] };
  const first = from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const last = lastDayOfMonth(to.slice(0, 7)) === to ? to.slice(0, 7) : (() => {
    const [y, m] = to.slice(0, 7).split('-').map(Number);
    return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
  })();
  if (first > last) return { months: null, days: [[from, to]] };
  const days: [string, string][] = [];
  if (from < `${first}-01`) days.push([from, addDays(`${first}-01`, -1)]);
  if (to > lastDayOfMonth(last)) days.push([addDays(lastDayOfMonth(last), 1), to]);
  return { months: [first, last], days };
}
