// A generated county-year (M-28 scale: ≈4,000 cases, ≈1,000 whistles) for the exact-statistics test and the
// dashboard bench. Every change goes through the domain's real transition table (applyAction, cascades as
// server/effects.ts settles them) and the same stats deltas the store's hook writes (domain/stats.ts);
// only the persistence is in memory, because ≈30,000 actions through the functions would take minutes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SYSTEM_ACTOR,
  applyAction,
  calendarForCounty,
  checkWhistleBoundary,
  creationEvent,
  newCase,
  newWhistle,
  parseCounty,
  routeMatter,
  type Actor,
  type AuditEventDraft,
  type CaseDoc,
  type CountyConfig,
  type DocOf,
  type Effect,
  type Entity,
  type WhistleDoc,
  type WorkCalendar,
} from '../../domain';
import { statsDeltas, type StatsDelta } from '../../domain/stats';
import { cascadeActor } from '../../server/effects';

/** Deterministic PRNG (mulberry32) so a failing run can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const person = (id: string, role: Actor['bindings'][number]['role'], unit: string): Actor => ({ personId: id, openid: `gen-${id}`, name: id, bindings: [{ role, unit }] });

export interface CountyYear {
  county: CountyConfig;
  cases: CaseDoc[];
  whistles: WhistleDoc[];
  events: AuditEventDraft[];
  deltas: StatsDelta[];
}

/** In-memory stand-in for server/store.ts: apply → audit event → stats deltas → cascades. */
class Ledger {
  readonly docs = { case: new Map<string, CaseDoc>(), whistle: new Map<string, WhistleDoc>() };
  readonly events: AuditEventDraft[] = [];
  readonly deltas: StatsDelta[] = [];
  constructor(
    private county: CountyConfig,
    private calendar: WorkCalendar,
  ) {}

  private record(event: AuditEventDraft, before: CaseDoc | WhistleDoc | null, after: CaseDoc | WhistleDoc): void {
    this.events.push(event);
    this.deltas.push(...statsDeltas(event, before, after));
  }

  create<E extends Entity>(entity: E, doc: DocOf<E>, event: AuditEventDraft, actor: Actor, now: Date, effects: Effect[] = []): void {
    (this.docs[entity] as Map<string, DocOf<E>>).set(doc._id, doc);
    this.record(event, null, doc);
    this.settle(effects, actor, now);
  }

  act<E extends Entity>(entity: E, id: string, action: string, actor: Actor, input: unknown, now: Date): DocOf<E> {
    const doc = (this.docs[entity] as Map<string, DocOf<E>>).get(id)!;
    const r = applyAction({ entity, doc, action: action as never, actor, input, now, county: this.county, calendar: this.calendar });
    (this.docs[entity] as Map<string, DocOf<E>>).set(id, r.next as DocOf<E>);
    this.record(r.event, doc, r.next);
    this.settle(r.effects, actor, now);
    return r.next as DocOf<E>;
  }

  private settle(effects: Effect[], cause: Actor, now: Date): void {
    for (const e of effects) {
      if (e.kind !== 'cascade') continue;
      for (const id of new Set(e.ids)) this.act(e.entity, id, e.action, cascadeActor(e.entity, e.action, cause), e.input, now);
    }
  }
}

export function loadDemoCounty(): CountyConfig {
  return parseCounty(JSON.parse(readFileSync(join(__dirname, '..', '..', 'data', 'county.json'), 'utf8')));
}

/**
 * One year of cases and whistles starting at `year`-01-01 (CST). `cases` problems: most are resolved at grid
 * level, some climb to community and township, `casesToWhistle` of them are resolved through a whistle;
 * `whistles` whistles in all (the rest without attached cases). Ratings, follow-ups, auto-ratings,
 * reclassifications, late check-ins and late completions are mixed in.
 */
export function generateCountyYear(opts: { year?: number; cases?: number; whistles?: number; casesToWhistle?: number; seed?: number } = {}): CountyYear {
  const { year = 2025, cases: caseCount = 4000, whistles: whistleCount = 1000, casesToWhistle = 140, seed = 7 } = opts;
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const county = loadDemoCounty();
  const calendar = calendarForCounty(county);
  const ledger = new Ledger(county, calendar);
  const start = Date.parse(`${year}-01-01T00:00:00+08:00`);
  const grids = county.townships.flatMap((t) => t.communities.flatMap((c) => c.grids.map((g) => ({ township: t.code, community: c.code, grid: g.code }))));
  const types = county.matterTypes.map((m) => m.code);
  const whistleTypes = new Map(
    county.townships.map((t) => [t.code, types.filter((m) => checkWhistleBoundary(county, m, t.code).ok && routeMatter(county, m, t.code).lead)]),
  );
  const office = person('office', 'whistle_office', county.county.code);
  const resident = person('resident', 'resident', '');
  const dayTime = () => start + Math.floor(rnd() * 365) * DAY + (7 + Math.floor(rnd() * 14)) * HOUR + Math.floor(rnd() * 60) * 60_000;

  const rate = (id: string, at: number) => {
    const r = rnd();
    if (r < 0.35) {
      const c = ledger.docs.case.get(id)!;
      ledger.act('case', id, 'auto_rate', SYSTEM_ACTOR, {}, new Date(Date.parse(c.deadlines.rateDue!) + 60_000));
      return;
    }
    const score = r < 0.88 ? '满意' : r < 0.97 ? '基本满意' : '不满意';
    const c = ledger.act('case', id, 'rate', resident, { score }, new Date(at));
    if (c.state === 'follow_up') {
      const handler = person(`h-${c.level}`, c.level === 'grid' ? 'grid_worker' : c.level, c[c.level]);
      ledger.act('case', id, 'resolve', handler, { result: '跟进处理，已再次办结', photos: [] }, new Date(at + DAY));
      ledger.act('case', id, 'rate', resident, { score: '基本满意' }, new Date(at + 2 * DAY));
    }
  };

  /** A whistle through the four steps, dispatch, check-in and completion; sometimes late (M-14a). */
  const runWhistle = (township: string, matterType: string, at: number, caseIds: string[]) => {
    const tship = person(`t-${township}`, 'township', township);
    const id = `w${String(ledger.docs.whistle.size + 1).padStart(5, '0')}`;
    const input = { township, matterType, title: '需要部门协同处置的问题', description: '乡镇无法单独解决，需要县直部门报到处置', caseIds };
    const created = newWhistle({ id, no: id, input, actor: tship, now: new Date(at), county, calendar });
    ledger.create('whistle', created.next, created.event, tship, new Date(at), created.effects);
    ledger.act('whistle', id, 'review', tship, { decision: 'pass' }, new Date(at + HOUR));
    ledger.act('whistle', id, 'approve', tship, {}, new Date(at + 2 * HOUR));
    const dispatchAt = at + 3 * HOUR + Math.floor(rnd() * 2) * DAY;
    const w = ledger.act('whistle', id, 'dispatch', office, { co: [] }, new Date(dispatchAt));
    const lead = w.assignments[0].dept;
    const dept = person(`d-${lead}`, 'department', lead);
    const checkInAt = dispatchAt + Math.floor(rnd() * (rnd() < 0.9 ? 2 : 6)) * DAY + HOUR;
    ledger.act('whistle', id, 'check_in', dept, { handler: '承办人', onSiteAt: new Date(checkInAt).toISOString() }, new Date(checkInAt));
    const doneAt = checkInAt + Math.floor(rnd() * (rnd() < 0.9 ? 9 : 25)) * DAY + 2 * HOUR;
    ledger.act('whistle', id, 'complete', dept, { result: '已处置完毕', photos: [] }, new Date(doneAt));
    return doneAt;
  };

  for (let i = 0; i < caseCount; i++) {
    const g = pick(grids);
    const toWhistle = i < casesToWhistle;
    const matterType = toWhistle ? pick(whistleTypes.get(g.township)!) : pick(types);
    const t = dayTime();
    const id = `c${String(i + 1).padStart(6, '0')}`;
    const gridWorker = person(`gw-${g.grid}`, 'grid_worker', g.grid);
    const doc = newCase({ id, no: id, input: { text: '生成的测试问题描述', grid: g.grid, matterType, photos: [], anonymous: false, channel: 'miniprogram', reporter: { openid: resident.openid } } as never, now: new Date(t), county, calendar });
    ledger.create('case', doc, creationEvent('case', doc, { personId: resident.personId, role: 'resident', unit: '' }), resident, new Date(t));
    if (!toWhistle && rnd() < 0.05) ledger.act('case', id, 'reclassify', gridWorker, { matterType: pick(types.filter((m) => m !== matterType)) }, new Date(t + HOUR / 2));
    const r = rnd();
    if (!toWhistle && r < 0.02) continue; // still open, unclaimed
    let at = t + HOUR;
    if (toWhistle || r > 0.78) {
      const community = person(`c-${g.community}`, 'community', g.community);
      ledger.act('case', id, 'escalate', gridWorker, { reason: '需要社区协调处理' }, new Date(at));
      if (toWhistle || r > 0.9) {
        ledger.act('case', id, 'escalate', community, { reason: '需要乡镇协调处理' }, new Date((at += HOUR)));
        const tship = person(`t-${g.township}`, 'township', g.township);
        ledger.act('case', id, 'claim', tship, {}, new Date((at += HOUR)));
        if (toWhistle) {
          const doneAt = runWhistle(g.township, matterType, at + HOUR, [id]);
          rate(id, doneAt + DAY);
          continue;
        }
        ledger.act('case', id, 'resolve', tship, { result: '乡镇协调处理完毕', photos: [] }, new Date((at += DAY)));
      } else {
        ledger.act('case', id, 'claim', community, {}, new Date((at += HOUR)));
        ledger.act('case', id, 'resolve', community, { result: '社区协调处理完毕', photos: [] }, new Date((at += DAY)));
      }
    } else {
      ledger.act('case', id, 'claim', gridWorker, {}, new Date(at));
      ledger.act('case', id, 'resolve', gridWorker, { result: '网格员现场处理完毕', photos: [] }, new Date((at += 3 * HOUR)));
    }
    rate(id, at + DAY);
  }
  for (let i = ledger.docs.whistle.size; i < whistleCount; i++) {
    const township = pick(county.townships).code;
    runWhistle(township, pick(whistleTypes.get(township)!), dayTime(), []);
  }
  return { county, cases: [...ledger.docs.case.values()], whistles: [...ledger.docs.whistle.values()], events: ledger.events, deltas: ledger.deltas };
}
