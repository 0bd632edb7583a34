// Index-backed reads for the assessment: whistles dispatched in a period are found through the audit log
// (events index `action_time`), then their documents, events, evaluations, supervisions and cases by id
// (indexes `_id`, `entity_timeline`, `whistle_dept_kind`, supervisions `target`) — nothing is scanned, and
// the cost follows the period's whistles, not the whole history.
import { deptFacts, type DeptWhistleFacts, type Period } from '../../domain/assessment';
import type { EvaluationDoc } from '../../domain/evaluation';
import type { SupervisionDoc } from '../../domain/supervision';
import type { AuditEventDraft, CaseDoc, RatingScore, WhistleDoc } from '../../domain/types';
import type { CountyContext } from '../../server/county';
import { COLLECTIONS, readAll } from '../../server/db';
import type { Database } from '../../server/sdk';

export const EVALUATIONS = 'evaluations';
/** CloudBase returns at most 1000 documents per server-side query. */
const PAGE = 1000;
const BATCH = 100;
/** Whistle actions that dispatch departments (M-13 急哨 at approval, M-15 dispatch and joint meetings). */
const DISPATCHING = ['dispatch', 'approve', 'record_meeting'];

/** The whistle events deptFacts reads (domain/assessment.ts). */
const FACT_ACTIONS = ['check_in', 'complete', 'approve_return', 'approve_extension', 'record_meeting'];

type Query = { skip(n: number): { limit(n: number): { get(): Promise<unknown> } } };

/** Every row of an (indexed, ordered) query, page by page, up to `max`. */
export async function readEvery<T>(query: Query, max = Infinity): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; offset < max; offset += PAGE) {
    const rows = await readAll<T>(query.skip(offset).limit(Math.min(PAGE, max - offset)) as never);
    out.push(...rows);
    if (rows.length < Math.min(PAGE, max - offset)) break;
  }
  return out;
}

function chunks<T>(xs: T[], n = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Documents by id, in batches of `in` queries. */
export async function byIds<T>(db: Database, collection: string, ids: string[]): Promise<T[]> {
  const _ = db.command;
  const parts = await Promise.all(chunks([...new Set(ids)]).map((part) => readAll<T>(db.collection(collection).where({ _id: _.in(part) }).limit(part.length))));
  return parts.flat();
}

async function whereIn<T>(db: Database, collection: string, field: string, ids: string[], extra: Record<string, unknown> = {}): Promise<T[]> {
  const _ = db.command;
  const parts = await Promise.all(chunks([...new Set(ids)]).map((part) => readEvery<T>(db.collection(collection).where({ ...extra, [field]: _.in(part) }).orderBy('_id', 'asc') as never)));
  return parts.flat();
}

export interface PeriodData {
  whistles: WhistleDoc[];
  facts: DeptWhistleFacts[];
  evaluations: EvaluationDoc[];
}

/** The supervision board's documents (cloudfunctions/supervision, index `target`). */
export const SUPERVISIONS = 'supervisions';

/**
 * Supervisions of a whistle (M-24): each 挂牌 and 再次督办 step on the board counts against the department
 * that must respond; a 挂牌 recorded only on the whistle (whistles.act supervise, no board document — the
 * board's own 挂牌 also leaves one at the same instant) counts against the departments still at work then.
 */
export function supervisionsOf(w: WhistleDoc, board: Pick<SupervisionDoc, 'target' | 'respondent' | 'steps'>[]): { at: string; dept?: string }[] {
  const listed = board
    .filter((d) => d.target.entity === 'whistle' && d.target.id === w._id && d.respondent.role === 'department')
    .flatMap((d) => d.steps.filter((s) => s.action === 'list' || s.action === 'press').map((s) => ({ at: s.at, dept: d.respondent.unit })));
  const onBoard = new Set(listed.map((s) => s.at));
  return [...listed, ...w.supervision.filter((s) => !onBoard.has(s.at)).map((s) => ({ at: s.at }))];
}

export async function readPeriod(db: Database, env: CountyContext, period: Period, now: Date): Promise<PeriodData> {
  const _ = db.command;
  const county = env.county.county.code;
  const dispatchEvents = (
    await Promise.all(
      DISPATCHING.map((action) =>
        readEvery<Pick<AuditEventDraft, 'entityId'>>(
          db.collection('events').where({ entity: 'whistle', action, at: _.gte(period.from).and(_.lt(period.to)) }).orderBy('at', 'asc') as never,
        ),
      ),
    )
  ).flat();
  // Everything keyed by whistle id is read at once; only the cases wait for the whistles' case lists.
  const ids = [...new Set(dispatchEvents.map((e) => e.entityId))];
  const [all, events, evaluations, board] = await Promise.all([
    byIds<WhistleDoc>(db, COLLECTIONS.whistle, ids),
    whereIn<AuditEventDraft>(db, 'events', 'entityId', ids, { entity: 'whistle', action: _.in(FACT_ACTIONS) }),
    whereIn<EvaluationDoc>(db, EVALUATIONS, 'whistleId', ids),
    whereIn<SupervisionDoc>(db, SUPERVISIONS, 'target.id', ids),
  ]);
  const whistles = all.filter((w) => w.county === county);
  const cases = await byIds<CaseDoc>(db, COLLECTIONS.case, whistles.flatMap((w) => w.caseIds));
  const eventsOf = new Map<string, AuditEventDraft[]>();
  for (const e of events) eventsOf.set(e.entityId, [...(eventsOf.get(e.entityId) ?? []), e]);
  const ratingOf = new Map(cases.map((c) => [c._id, c]));
  const ctx = { county: env.county, calendar: env.calendar, now };
  const facts = whistles
    .sort((a, b) => a._id.localeCompare(b._id))
    .flatMap((w) => {
      const residentRatings = w.caseIds.flatMap((id) => {
        const score = ratingOf.get(id)?.rating?.score;
        return score ? [{ caseId: id, score: score as RatingScore }] : [];
      });
      return deptFacts(w, eventsOf.get(w._id) ?? [], period, ctx, { supervisions: supervisionsOf(w, board), residentRatings });
    });
  return { whistles, facts, evaluations };
}
