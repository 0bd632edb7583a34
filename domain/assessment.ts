// Composite assessment of departments per period (M-23) and accountability per person (M-25).
//
// Population: every (whistle, department) assignment dispatched to the department within the period
// (CST month, quarter or year). For each one the facts come from the audit log (deptFacts): check-in and
// completion times vs the M-14a deadlines recomputed with the county calendar, approved returns (退单)
// and extensions (延期); plus its evaluations (M-19, M-20, M-22), supervisions (M-24) and the resident
// ratings of the whistle's cases (M-21, counted for the lead department, whose result the residents rate).
//
// Formula (weights, points and deductions from county.assessment):
//   component scores, each 0–100 and only where the department has data:
//     township   = mean over township evaluations of the mean grade points of the four dimensions
//     coHandler  = mean grade points of the lead departments' cooperation scores (as co-handler)
//     thirdParty = same as township, over third-party evaluations
//     resident   = mean resident-rating points (auto-closed cases carry no rating and do not count)
//     timeliness = 100 × deadlines met / deadlines judged (check-in and completion; a deadline is judged
//                  once met, missed, or past without the action)
//   base  = Σ weight·score / Σ weight, over the components with data (a department is not penalised
//           for, e.g., never being a co-handler); null when no component has data
//   score = clamp(base − supervision·#supervisions − return·#returns − extension·#extensions, 0, 100),
//           rounded to 2 decimals; ranking by score (ties share a rank, 1, 2, 2, 4 …).
import { computeDeadline, deadlineMet, endOfCstDay } from './calendar';
import type { AssessmentConfig, CountyConfig } from './county';
import { DomainError } from './errors';
import { EVALUATION_DIMENSIONS, type EvaluationDimension, type EvaluationDoc, type EvaluationGrade } from './evaluation';
import type { WorkCalendar } from './calendar';
import type { AuditEventDraft, RatingScore, WhistleDoc } from './types';

// ---- periods (CST) ----

export type PeriodKind = 'month' | 'quarter' | 'year';
export const PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

export interface Period {
  /** 2026-11 | 2026-Q4 | 2026 */
  key: string;
  kind: PeriodKind;
  label: string;
  /** Inclusive start and exclusive end, ISO UTC. */
  from: string;
  to: string;
}

const cstStart = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - 8 * 3600 * 1000).toISOString();

export function parsePeriod(key: string): Period {
  const m = PERIOD_PATTERN.exec(key);
  if (!m) throw new DomainError('VALIDATION', '考核周期格式应为 2026、2026-Q4 或 2026-11');
  const year = Number(m[1]);
  if (m[2]) {
    const month = Number(m[2]);
    return { key, kind: 'month', label: `${year}年${month}月`, from: cstStart(year, month), to: month === 12 ? cstStart(year + 1, 1) : cstStart(year, month + 1) };
  }
  if (m[3]) {
    const q = Number(m[3]);
    return { key, kind: 'quarter', label: `${year}年第${q}季度`, from: cstStart(year, 3 * q - 2), to: q === 4 ? cstStart(year + 1, 1) : cstStart(year, 3 * q + 1) };
  }
  return { key, kind: 'year', label: `${year}年`, from: cstStart(year, 1), to: cstStart(year + 1, 1) };
}

/** The period of `kind` containing `at` (CST). */
export function periodContaining(at: Date, kind: PeriodKind): Period {
  const cst = new Date(at.getTime() + 8 * 3600 * 1000);
  const y = cst.getUTCFullYear();
  const month = cst.getUTCMonth() + 1;
  if (kind === 'year') return parsePeriod(String(y));
  if (kind === 'quarter') return parsePeriod(`${y}-Q${Math.ceil(month / 3)}`);
  return parsePeriod(`${y}-${String(month).padStart(2, '0')}`);
}

export const inPeriod = (p: Period, iso: string) => iso >= p.from && iso < p.to;

/** The period `delta` steps before (negative) or after a period of the same kind. */
export function shiftPeriod(p: Period, delta: number): Period {
  const m = PERIOD_PATTERN.exec(p.key)!;
  const year = Number(m[1]);
  if (p.kind === 'year') return parsePeriod(String(year + delta));
  const per = p.kind === 'month' ? 12 : 4;
  const index = year * per + (Number(m[2] ?? m[3]) - 1) + delta;
  const [y, n] = [Math.floor(index / per), (index % per) + 1];
  return parsePeriod(p.kind === 'month' ? `${y}-${String(n).padStart(2, '0')}` : `${y}-Q${n}`);
}

// ---- facts from the audit log ----

/** on_time / late: the action is recorded; overdue: not recorded and the deadline passed; running: not yet due. */
export type DeadlineStatus = 'on_time' | 'late' | 'overdue' | 'running' | 'not_applicable';

export interface DeadlineOutcome {
  due: string;
  at: string | null;
  status: DeadlineStatus;
}

export interface DeptWhistleFacts {
  whistleId: string;
  whistleNo: string;
  title: string;
  dept: string;
  role: 'lead' | 'co';
  dispatchedAt: string;
  checkIn: DeadlineOutcome;
  completion: DeadlineOutcome;
  /** The person the department named at check-in (M-17, M-25). */
  handler: string | null;
  returned: boolean;
  extensions: number;
  supervisions: number;
  /** Resident ratings of the whistle's cases (lead department only). */
  residentRatings: { caseId: string; score: RatingScore }[];
}

function outcome(due: Date, at: string | null, now: Date, applicable = true): DeadlineOutcome {
  const dueIso = due.toISOString();
  if (at) return { due: dueIso, at, status: deadlineMet(new Date(at), due) ? 'on_time' : 'late' };
  if (!applicable) return { due: dueIso, at: null, status: 'not_applicable' };
  return { due: dueIso, at: null, status: deadlineMet(now, due) ? 'running' : 'overdue' };
}

export interface FactsContext {
  county: CountyConfig;
  calendar: WorkCalendar;
  now: Date;
}

/**
 * One whistle's facts per department dispatched within the period, from its audit events (M-14a, M-17):
 * check-in due = the M-13 deadline from the dispatch time; completion due = the M-18 deadline from the
 * dispatch time, moved by approved extensions (their recorded new deadline) and joint meetings (their
 * deadline day). Timestamps are the events' own, never typed-in times.
 */
export function deptFacts(
  w: WhistleDoc,
  events: Pick<AuditEventDraft, 'action' | 'actor' | 'at' | 'data'>[],
  period: Period,
  ctx: FactsContext,
  extra: { supervisions?: { at: string; dept?: string }[]; residentRatings?: { caseId: string; score: RatingScore }[] } = {},
): DeptWhistleFacts[] {
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const deadlineCtx = { county: ctx.county, calendar: ctx.calendar, matterType: w.matterType, urgent: w.kind === 'urgent' };
  return w.assignments
    .filter((a) => inPeriod(period, a.dispatchedAt))
    .map((a) => {
      const end = a.returnedAt ?? '\uffff';
      const mine = sorted.filter((e) => e.at >= a.dispatchedAt && e.at <= end);
      const by = (action: string) => mine.find((e) => e.action === action && e.actor.unit === a.dept);
      const about = (action: string) => mine.filter((e) => e.action === action && e.data.dept === a.dept);
      const checkInEvent = by('check_in');
      const completeEvent = by('complete');
      const returned = about('approve_return').length > 0;
      const dispatched = new Date(a.dispatchedAt);
      const checkInDue = computeDeadline(w.kind === 'urgent' ? 'checkin_urgent' : 'checkin_normal', dispatched, deadlineCtx);
      let completionDue = computeDeadline('completion', dispatched, deadlineCtx);
      for (const e of mine) {
        if (e.action === 'approve_extension' && e.data.dept === a.dept && typeof e.data.completionDue === 'string') completionDue = new Date(e.data.completionDue);
        if (e.action === 'record_meeting' && typeof e.data.deadline === 'string' && (e.data.lead === a.dept || (Array.isArray(e.data.co) && e.data.co.includes(a.dept)))) {
          completionDue = endOfCstDay(e.data.deadline);
        }
      }
      const supervisions = (extra.supervisions ?? []).filter((s) =>
        s.dept ? s.dept === a.dept && s.at >= a.dispatchedAt && s.at <= end : s.at >= a.dispatchedAt && (!completeEvent || s.at < completeEvent.at) && s.at <= end,
      ).length;
      return {
        whistleId: w._id,
        whistleNo: w.no,
        title: w.title,
        dept: a.dept,
        role: a.role,
        dispatchedAt: a.dispatchedAt,
        checkIn: outcome(checkInDue, checkInEvent?.at ?? null, ctx.now, !returned),
        completion: outcome(completionDue, completeEvent?.at ?? null, ctx.now, !returned),
        handler: typeof checkInEvent?.data.handler === 'string' ? checkInEvent.data.handler : null,
        returned,
        extensions: about('approve_extension').length,
        supervisions,
        residentRatings: a.role === 'lead' ? (extra.residentRatings ?? []) : [],
      };
    });
}

// ---- scoring ----

export interface Component {
  /** 0–100, rounded to 2 decimals; null without data. */
  value: number | null;
  count: number;
  /** Drill-down: whistle ids (case ids for `resident`). */
  ids: string[];
}

export interface Tally {
  count: number;
  ids: string[];
}

export interface DepartmentAssessment {
  dept: string;
  rank: number | null;
  score: number | null;
  base: number | null;
  deduction: number;
  whistles: Tally;
  township: Component;
  dimensions: Record<EvaluationDimension, Component>;
  coHandler: Component;
  thirdParty: Component;
  resident: Component;
  timeliness: Component;
  checkInOnTime: Tally;
  checkInLate: Tally;
  completionOnTime: Tally;
  completionLate: Tally;
  supervisions: Tally;
  returns: Tally;
  extensions: Tally;
}

export interface PersonLateCheckIns {
  dept: string;
  handler: string;
  count: number;
  whistleIds: string[];
}

export const round2 = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
const uniq = (xs: string[]) => [...new Set(xs)];

function component(samples: { id: string; points: number }[]): Component {
  const m = mean(samples.map((s) => s.points));
  return { value: m === null ? null : round2(m), count: samples.length, ids: uniq(samples.map((s) => s.id)) };
}

const tally = (ids: string[]): Tally => ({ count: ids.length, ids: uniq(ids) });

type Weighted = keyof AssessmentConfig['weights'];

/** Scores one department from its facts and evaluations (see the formula at the top). Unrounded maths, rounded outputs. */
export function assessDepartment(dept: string, facts: DeptWhistleFacts[], evaluations: EvaluationDoc[], config: AssessmentConfig): DepartmentAssessment {
  const f = facts.filter((x) => x.dept === dept);
  const keys = new Set(f.map((x) => x.whistleId));
  const evals = evaluations.filter((e) => e.dept === dept && keys.has(e.whistleId));
  const gp = (g: EvaluationGrade) => config.gradePoints[g];
  const dimsMean = (e: EvaluationDoc) => EVALUATION_DIMENSIONS.reduce((s, d) => s + gp(e.grades![d]), 0) / EVALUATION_DIMENSIONS.length;
  const township = evals.filter((e) => e.kind === 'township' && e.grades);
  const third = evals.filter((e) => e.kind === 'third_party' && e.grades);
  const co = evals.filter((e) => e.kind === 'co_handler' && e.cooperation);

  const judged = f.flatMap((x) =>
    (['checkIn', 'completion'] as const)
      .map((k) => x[k].status)
      .filter((s) => s === 'on_time' || s === 'late' || s === 'overdue')
      .map((s) => ({ id: x.whistleId, points: s === 'on_time' ? 100 : 0 })),
  );
  const parts: Record<Weighted, Component> = {
    township: component(township.map((e) => ({ id: e.whistleId, points: dimsMean(e) }))),
    coHandler: component(co.map((e) => ({ id: e.whistleId, points: gp(e.cooperation!) }))),
    thirdParty: component(third.map((e) => ({ id: e.whistleId, points: dimsMean(e) }))),
    resident: component(f.flatMap((x) => x.residentRatings.map((r) => ({ id: r.caseId, points: config.residentPoints[r.score] })))),
    timeliness: component(judged),
  };
  // Weighted mean over components with data, from unrounded means so rounding happens once.
  const raw: Record<Weighted, number | null> = {
    township: mean(township.map(dimsMean)),
    coHandler: mean(co.map((e) => gp(e.cooperation!))),
    thirdParty: mean(third.map(dimsMean)),
    resident: mean(f.flatMap((x) => x.residentRatings.map((r) => config.residentPoints[r.score]))),
    timeliness: mean(judged.map((j) => j.points)),
  };
  let weight = 0;
  let sum = 0;
  for (const k of Object.keys(raw) as Weighted[]) {
    const v = raw[k];
    if (v === null || config.weights[k] <= 0) continue;
    weight += config.weights[k];
    sum += config.weights[k] * v;
  }
  const base = weight > 0 ? sum / weight : null;
  const supervisions = f.flatMap((x) => Array<string>(x.supervisions).fill(x.whistleId));
  const returns = f.filter((x) => x.returned).map((x) => x.whistleId);
  const extensions = f.flatMap((x) => Array<string>(x.extensions).fill(x.whistleId));
  const d = config.deductions;
  const deduction = supervisions.length * d.supervision + returns.length * d.return + extensions.length * d.extension;
  const status = (k: 'checkIn' | 'completion', ...ss: DeadlineStatus[]) => tally(f.filter((x) => ss.includes(x[k].status)).map((x) => x.whistleId));
  return {
    dept,
    rank: null,
    score: base === null ? null : round2(Math.min(100, Math.max(0, base - deduction))),
    base: base === null ? null : round2(base),
    deduction: round2(deduction),
    whistles: tally(f.map((x) => x.whistleId)),
    township: parts.township,
    dimensions: Object.fromEntries(
      EVALUATION_DIMENSIONS.map((dim) => [dim, component(township.map((e) => ({ id: e.whistleId, points: gp(e.grades![dim]) })))]),
    ) as Record<EvaluationDimension, Component>,
    coHandler: parts.coHandler,
    thirdParty: parts.thirdParty,
    resident: parts.resident,
    timeliness: parts.timeliness,
    checkInOnTime: status('checkIn', 'on_time'),
    checkInLate: status('checkIn', 'late', 'overdue'),
    completionOnTime: status('completion', 'on_time'),
    completionLate: status('completion', 'late', 'overdue'),
    supervisions: { count: supervisions.length, ids: uniq(supervisions) },
    returns: tally(returns),
    extensions: { count: extensions.length, ids: uniq(extensions) },
  };
}

/** Competition ranking by score (desc): ties share a rank; departments without a score are unranked, listed last. */
export function rankDepartments(rows: DepartmentAssessment[]): DepartmentAssessment[] {
  const scored = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score! || a.dept.localeCompare(b.dept));
  const ranked = scored.map((r, i) => ({ ...r, rank: i > 0 && scored[i - 1].score === r.score ? 0 : i + 1 }));
  for (let i = 0; i < ranked.length; i++) if (ranked[i].rank === 0) ranked[i].rank = ranked[i - 1].rank;
  const rest = rows.filter((r) => r.score === null).sort((a, b) => a.dept.localeCompare(b.dept)).map((r) => ({ ...r, rank: null }));
  return [...ranked, ...rest];
}

/** Every department of the county, assessed and ranked. */
export function assessDepartments(depts: string[], facts: DeptWhistleFacts[], evaluations: EvaluationDoc[], config: AssessmentConfig): DepartmentAssessment[] {
  return rankDepartments(depts.map((d) => assessDepartment(d, facts, evaluations, config)));
}

/** Late or missed check-ins per person named at check-in (M-25); a missed check-in names nobody. */
export function lateCheckInsByPerson(facts: DeptWhistleFacts[]): PersonLateCheckIns[] {
  const byKey = new Map<string, PersonLateCheckIns>();
  for (const x of facts) {
    if (x.checkIn.status !== 'late' && x.checkIn.status !== 'overdue') continue;
    const handler = x.handler ?? '（未报到）';
    const key = `${x.dept}\u0000${handler}`;
    const row = byKey.get(key) ?? { dept: x.dept, handler, count: 0, whistleIds: [] };
    row.count++;
    if (!row.whistleIds.includes(x.whistleId)) row.whistleIds.push(x.whistleId);
    byKey.set(key, row);
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.dept.localeCompare(b.dept) || a.handler.localeCompare(b.handler));
}
