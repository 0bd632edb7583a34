// stats: dashboards (M-28) and 一类事 hot spots with governance notes (M-29). Figures are sums of the
// per-day counter summaries kept in the events' own transactions (server/stats.ts) — never a scan of
// cases; "overdue now" is an indexed count. Read-only except addNote (audited).
import { randomUUID } from 'node:crypto';
import { daysBetween } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import type { Org } from '../../domain/org';
import { orgFor } from '../../domain/org';
import {
  UNCLASSIFIED,
  authoriseGovernanceNote,
  authoriseStatsArea,
  headline,
  ownStatsAreas,
  sumDays,
  sumHotSpots,
  type Counters,
  type StatsScope,
} from '../../domain/stats';
import { api } from '../../domain/api';
import { MAX_PERIOD_DAYS, type AreaRef, type Breakdown, type GovernanceNoteView } from '../../domain/api/stats';
import type { CountyConfig } from '../../domain/county';
import type { ActorRef } from '../../domain/types';
import { loadCounty } from '../../server/county';
import { countOf, readAll, runTransaction } from '../../server/db';
import { createFunction, type CallContext } from '../../server/handler';
import { readSummaries } from '../../server/stats';

const GOVERNANCE_NOTES = 'governance_notes';
const LIVE_WHISTLE = ['dispatched', 'in_progress'];

interface NoteDoc {
  _id: string;
  county: string;
  township: string;
  scope: StatsScope;
  area: string;
  matterType: string;
  note: string;
  from: string | null;
  to: string | null;
  by: ActorRef;
  byName: string;
  at: string;
}

function checkPeriod(from: string, to: string): void {
  if (from > to) throw new DomainError('VALIDATION', '开始日期不能晚于结束日期');
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) throw new DomainError('VALIDATION', `一次最多统计${MAX_PERIOD_DAYS}天`);
}

const typeName = (county: CountyConfig, code: string) =>
  code === UNCLASSIFIED ? '待分类' : (county.matterTypes.find((m) => m.code === code)?.name ?? code);

function breakdown(rows: Record<string, Counters>, name: (code: string) => string, order: keyof Counters): Breakdown[] {
  return Object.entries(rows)
    .map(([code, counts]) => {
      const h = headline(counts);
      return { code, name: name(code), counts, satisfaction: h.satisfaction, onTimeRate: h.onTimeRate };
    })
    .filter((b) => Object.values(b.counts).some((n) => n !== 0))
    .sort((a, b) => b.counts[order] - a.counts[order] || a.code.localeCompare(b.code));
}

const areaRef = (org: Org, scope: StatsScope, code: string): AreaRef => ({ scope, code, name: org.unitName(code) });

/** Open items past due now, through indexes (M-11 claim limits, M-18 completion deadlines). */
async function overdueNow(ctx: CallContext, scope: StatsScope, area: string): Promise<{ cases: number; whistles: number }> {
  const _ = ctx.db.command;
  const now = ctx.now.toISOString();
  // The county itself: the claim_due index, narrowed to the county on the few matching documents.
  const caseWhere: Record<string, unknown> = { [scope]: area, 'deadlines.claimDue': _.lt(now) };
  const cases = await countOf(ctx.db.collection('cases').where(caseWhere));
  if (scope === 'community' || scope === 'grid') return { cases, whistles: 0 };
  const whistles = await countOf(
    ctx.db.collection('whistles').where({ [scope]: area, state: _.in(LIVE_WHISTLE), 'deadlines.completionDue': _.lt(now) }),
  );
  return { cases, whistles };
}

function noteView(org: Org, county: CountyConfig, d: NoteDoc): GovernanceNoteView {
  return {
    id: d._id,
    scope: d.scope,
    area: d.area,
    areaName: org.unitName(d.area),
    matterType: d.matterType,
    typeName: typeName(county, d.matterType),
    note: d.note,
    from: d.from,
    to: d.to,
    by: d.byName,
    at: d.at,
  };
}

/** Recent notes of the county within `area` (newest first, bounded). */
async function notesWithin(ctx: CallContext, org: Org, area: string): Promise<NoteDoc[]> {
  const rows = await readAll<NoteDoc>(ctx.db.collection(GOVERNANCE_NOTES).where({ county: org.county.county.code }).orderBy('at', 'desc').limit(200));
  return rows.filter((n) => org.isWithin(n.area, area));
}

export const main = createFunction(api.stats, {
  async areas(ctx) {
    const { county } = await loadCounty(ctx.db);
    const org = orgFor(county);
    const own = ownStatsAreas(ctx.actor, org);
    if (!own.length) authoriseStatsArea(ctx.actor, org, 'county'); // throws the role error
    const areas: AreaRef[] = [];
    const push = (scope: StatsScope, code: string) => {
      if (!areas.some((a) => a.code === code)) areas.push(areaRef(org, scope, code));
    };
    for (const o of own) {
      push(o.scope, o.area);
      for (const t of county.townships) {
        if (org.isWithin(t.code, o.area)) push('township', t.code);
        for (const c of t.communities) if (org.isWithin(c.code, o.area)) push('community', c.code);
      }
    }
    return { areas };
  },

  async dashboard(ctx, input) {
    checkPeriod(input.from, input.to);
    const { county } = await loadCounty(ctx.db);
    const org = orgFor(county);
    const { scope, area } = authoriseStatsArea(ctx.actor, org, input.scope, input.area);
    const [days, overdue] = await Promise.all([readSummaries(ctx.db, { scope, area, from: input.from, to: input.to, granularity: input.granularity }, { totals: true, byType: true, byDept: true }), overdueNow(ctx, scope, area)]);
    const sums = sumDays(days, input.granularity, input);
    return {
      area: areaRef(org, scope, area),
      from: input.from,
      to: input.to,
      headline: headline(sums.totals),
      whistleFigures: scope === 'county' || scope === 'township',
      trend: sums.trend,
      byType: breakdown(sums.byType, (c) => typeName(county, c), 'collected'),
      byDept: breakdown(sums.byDept, (c) => org.unitName(c), 'dispatched'),
      overdue,
      summaries: days.length,
    };
  },

  async hotspots(ctx, input) {
    checkPeriod(input.from, input.to);
    const { county } = await loadCounty(ctx.db);
    const org = orgFor(county);
    const { scope, area } = authoriseStatsArea(ctx.actor, org, input.scope, input.area);
    const [days, notes] = await Promise.all([
      readSummaries(ctx.db, { scope, area, from: input.from, to: input.to, granularity: 'month' }, { scope: true, area: true, byType: true, byHour: true, byWeekday: true, byGridType: true, byPlace: true }),
      notesWithin(ctx, org, area),
    ]);
    const sums = sumHotSpots(days);
    const grids = org.allGrids().filter((g) => org.isWithin(g.code, area));
    const gridCount = (code: string) => Object.values(sums.gridType[code] ?? {}).reduce((a, b) => a + b, 0);
    const clusters = Object.entries(sums.gridType)
      .flatMap(([grid, types]) => Object.entries(types).map(([matterType, count]) => ({ grid, matterType, count })))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count || a.grid.localeCompare(b.grid))
      .slice(0, 20)
      .map((c) => {
        const g = org.grid(c.grid);
        const path = g ? org.gridPath(c.grid) : null;
        const related = notes.filter((n) => n.matterType === c.matterType && (n.area === c.grid || (path && [path.community.code, path.township.code].includes(n.area))));
        return { ...c, gridName: org.unitName(c.grid), typeName: typeName(county, c.matterType), lat: g?.center.lat ?? null, lng: g?.center.lng ?? null, notes: related.length };
      });
    return {
      area: areaRef(org, scope, area),
      from: input.from,
      to: input.to,
      total: Object.values(sums.byType).reduce((a, b) => a + b, 0),
      types: Object.entries(sums.byType)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([code, count]) => ({ code, name: typeName(county, code), count })),
      byHour: sums.byHour,
      byWeekday: sums.byWeekday,
      clusters,
      grids: grids.map((g) => ({ code: g.code, name: g.name, lat: g.center.lat, lng: g.center.lng, count: gridCount(g.code) })).filter((g) => g.count > 0),
      places: county.qrPoints
        .filter((p) => (sums.byPlace[p.code] ?? 0) > 0)
        .map((p) => ({ code: p.code, name: p.name, lat: p.lat, lng: p.lng, count: sums.byPlace[p.code] }))
        .sort((a, b) => b.count - a.count),
    };
  },

  async addNote(ctx, input) {
    const { county } = await loadCounty(ctx.db);
    const org = orgFor(county);
    authoriseGovernanceNote(ctx.actor, org, input.area);
    authoriseStatsArea(ctx.actor, org, input.scope, input.area); // area must exist and be of that scope
    if (!county.matterTypes.some((m) => m.code === input.matterType)) throw new DomainError('NOT_FOUND', `未知事项类型：${input.matterType}`, { rule: 'M-5' });
    if (input.from && input.to) checkPeriod(input.from, input.to);
    const binding = ctx.actor.bindings.find((b) => b.role === 'whistle_office')!;
    const at = ctx.now.toISOString();
    const by: ActorRef = { personId: ctx.actor.personId, role: 'whistle_office', unit: binding.unit };
    const township = county.townships.find((t) => org.isWithin(input.area, t.code))?.code ?? '';
    const doc: NoteDoc = {
      _id: randomUUID().replace(/-/g, ''),
      county: county.county.code,
      township,
      scope: input.scope,
      area: input.area,
      matterType: input.matterType,
      note: input.note,
      from: input.from ?? null,
      to: input.to ?? null,
      by,
      byName: ctx.actor.name,
      at,
    };
    const { _id, ...data } = doc;
    await runTransaction(ctx.db, async (tx) => {
      await tx.collection(GOVERNANCE_NOTES).doc(_id).set({ data });
      await tx.collection('events').add({
        data: {
          entity: 'governance_note',
          entityId: _id,
          action: 'create',
          actor: by,
          at,
          before: { state: '', version: 0 },
          after: { state: 'active', version: 1 },
          data: { scope: input.scope, area: input.area, matterType: input.matterType, note: input.note, from: doc.from, to: doc.to },
          rule: 'M-29',
        },
      });
    });
    return noteView(org, county, doc);
  },

  async notes(ctx, input) {
    const { county } = await loadCounty(ctx.db);
    const org = orgFor(county);
    const { area } = authoriseStatsArea(ctx.actor, org, input.scope, input.area);
    const rows = await notesWithin(ctx, org, area);
    return { items: rows.filter((n) => !input.matterType || n.matterType === input.matterType).map((n) => noteView(org, county, n)) };
  },
});
