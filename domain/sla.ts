// SLA bookkeeping shared by cases and whistles (M-11, M-14a, M-18, M-24, M-25), pure:
// - a claimed case's handling limit `deadlines.handleDue` (M-11 "handle"), per level from the county config;
// - 临期 notices, once per deadline (kind, unit, due), recorded in `warned`;
// - `deadlines.alertAt`: the next instant the SLA clock owes this document a notice or a handle miss —
//   the clock finds work through an index on it, so closed history (alertAt null) is never read;
// - `flags` (临期 / 超期未结) for the supervision board (M-24), recomputed after every action.
// Claim misses (auto_escalate), rating (auto_rate) and whistle misses (flag_overdue) keep their own
// deadline fields; this module only adds what they do not cover.
import { addDays, cstYmd, deadlineMet, endOfCstDay, type WorkCalendar } from './calendar';
import type { CountyConfig } from './county';
import { awaitingClaim } from './table';
import type { CaseDoc, CaseLevel, CaseState, IsoTime, Miss, SlaFlags, SlaKind, SlaWarning, WhistleDoc } from './types';

export interface RunningDeadline {
  kind: SlaKind;
  /** Who owes it: grid / community / township code (cases) or dept code (whistles). */
  unit: string;
  due: IsoTime;
  level?: CaseLevel;
}

type Tracked = { misses: Miss[]; warned?: SlaWarning[] };

const same = (a: { kind: string; unit: string; due: string }, b: { kind: string; unit: string; due: string }) =>
  a.kind === b.kind && a.unit === b.unit && a.due === b.due;

export const isMissed = (doc: Tracked, d: RunningDeadline) => doc.misses.some((m) => same(m, d));
export const isWarned = (doc: Tracked, d: RunningDeadline) => (doc.warned ?? []).some((w) => same(w, d));

export const isClaimedState = (s: CaseState) => s.endsWith('_claimed');

/** Claim limit while a level must claim; handling limit once it has (M-11). */
export function runningCaseDeadlines(doc: CaseDoc): RunningDeadline[] {
  const unit = doc[doc.level];
  const out: RunningDeadline[] = [];
  if (awaitingClaim(doc.state) && doc.deadlines.claimDue) out.push({ kind: 'claim', unit, due: doc.deadlines.claimDue, level: doc.level });
  if (isClaimedState(doc.state) && doc.deadlines.handleDue) out.push({ kind: 'handle', unit, due: doc.deadlines.handleDue, level: doc.level });
  return out;
}

/** M-11 handling limit: N working days (per level, county config) after the day of the claim (M-14a). */
export function handleDueFor(level: CaseLevel, from: Date, county: CountyConfig, calendar: WorkCalendar): IsoTime {
  return calendar.workingDaysDue(from, county.slaDefaults.levelHandleWorkingDays[level]).toISOString();
}

/**
 * Start of the 临期 window of a deadline (M-24): 00:00 CST of its N-th last working day, counting the day it
 * ends on when that is a working day (N = slaDefaults.nearDueWorkingDays, default 1). Example: due Friday →
 * near from Friday 00:00; due on 10-08 after National Day with N = 2 → near from 09-30, the last working day
 * before the holiday.
 */
export function nearFrom(due: IsoTime, county: CountyConfig, calendar: WorkCalendar): Date {
  let day = cstYmd(new Date(due));
  const back = () => {
    for (let i = 0; i < 366; i++) {
      day = addDays(day, -1);
      if (calendar.isWorkingDay(day)) return;
    }
  };
  if (!calendar.isWorkingDay(day)) back();
  for (let n = 1; n < county.slaDefaults.nearDueWorkingDays; n++) back();
  return new Date(endOfCstDay(addDays(day, -1)).getTime() + 1000);
}

/** Deadlines whose 临期 window is open at `now`, still running, not yet warned about. */
export function warningsDue(doc: Tracked, running: RunningDeadline[], now: Date, county: CountyConfig, calendar: WorkCalendar): RunningDeadline[] {
  return running.filter(
    (d) => !isWarned(doc, d) && !isMissed(doc, d) && deadlineMet(now, new Date(d.due)) && now.getTime() >= nearFrom(d.due, county, calendar).getTime(),
  );
}

/** Running deadlines of the kinds this module records as missed (a case's handling limit) that passed at `now`. */
export function missesDue(doc: Tracked, running: RunningDeadline[], now: Date, kinds: readonly SlaKind[]): RunningDeadline[] {
  return running.filter((d) => kinds.includes(d.kind) && !isMissed(doc, d) && !deadlineMet(now, new Date(d.due)));
}

/**
 * The next instant the clock has something to do for this document: the start of a 临期 window not yet
 * warned about (possibly already past — then the next run sends it), or the due time of a deadline of
 * `missKinds` not yet recorded as missed. Deadlines already past are left to their own jobs.
 */
export function nextAlertAt(
  doc: Tracked,
  running: RunningDeadline[],
  now: Date,
  county: CountyConfig,
  calendar: WorkCalendar,
  missKinds: readonly SlaKind[],
): IsoTime | null {
  const at: string[] = [];
  for (const d of running) {
    if (isMissed(doc, d)) continue;
    const pastDue = !deadlineMet(now, new Date(d.due));
    if (!pastDue && !isWarned(doc, d)) at.push(nearFrom(d.due, county, calendar).toISOString());
    if (missKinds.includes(d.kind)) at.push(new Date(Date.parse(d.due) + 1000).toISOString());
  }
  return at.sort()[0] ?? null;
}

/** 临期: nearest warned running deadline; 超期未结: earliest missed running deadline (M-24). */
export function slaFlags(doc: Tracked, running: RunningDeadline[], extraOverdue: IsoTime[] = []): SlaFlags {
  const near = running.filter((d) => isWarned(doc, d) && !isMissed(doc, d)).map((d) => d.due).sort()[0] ?? null;
  const overdue = [...running.filter((d) => isMissed(doc, d)).map((d) => d.due), ...extraOverdue].sort()[0] ?? null;
  return { near, overdue };
}

/** Records a miss once; when the late action finally happens, who did it and when (M-25). */
export function recordMiss(doc: Tracked, d: RunningDeadline, at: IsoTime, done?: { personId: string }): void {
  const existing = doc.misses.find((m) => same(m, d));
  if (existing) {
    if (done && !existing.doneAt) Object.assign(existing, { doneAt: at, donePerson: done.personId });
    return;
  }
  const miss: Miss = { kind: d.kind, unit: d.unit, due: d.due, at };
  if (d.level) miss.level = d.level;
  if (done) Object.assign(miss, { doneAt: at, donePerson: done.personId });
  doc.misses.push(miss);
}

export function recordWarning(doc: Tracked, d: RunningDeadline, at: IsoTime): void {
  (doc.warned ??= []).push({ kind: d.kind, unit: d.unit, due: d.due, at });
}

export interface SlaContext {
  now: Date;
  at: IsoTime;
  county: CountyConfig;
  calendar: WorkCalendar;
  /** The person whose action stopped a deadline (null for the system). */
  personId: string | null;
}

/**
 * After any case action: starts the handling limit when a level claims the case (or a detached case comes
 * back to the township), stops it when the case leaves the claimed state — recording the miss if late —
 * then refreshes `alertAt` and `flags`.
 */
export function settleCaseSla(before: CaseDoc | null, next: CaseDoc, ctx: SlaContext): { missed: RunningDeadline | null } {
  let missed: RunningDeadline | null = null;
  const wasClaimed = before !== null && isClaimedState(before.state) && !!before.deadlines.handleDue;
  const isClaimed = isClaimedState(next.state);
  if (wasClaimed && (!isClaimed || before.level !== next.level)) {
    const d: RunningDeadline = { kind: 'handle', unit: before[before.level], due: before.deadlines.handleDue!, level: before.level };
    if (!deadlineMet(ctx.now, new Date(d.due))) {
      recordMiss(next, d, ctx.at, ctx.personId ? { personId: ctx.personId } : undefined);
      missed = d;
    }
    next.deadlines.handleDue = null;
  }
  if (isClaimed && (!before || !isClaimedState(before.state) || before.level !== next.level || !before.deadlines.handleDue)) {
    next.deadlines.handleDue = handleDueFor(next.level, ctx.now, ctx.county, ctx.calendar);
  }
  if (!isClaimed) next.deadlines.handleDue = null;
  refreshCaseSla(next, ctx);
  return { missed };
}

export function refreshCaseSla(doc: CaseDoc, ctx: Pick<SlaContext, 'now' | 'county' | 'calendar'>): void {
  const running = runningCaseDeadlines(doc);
  doc.deadlines.alertAt = nextAlertAt(doc, running, ctx.now, ctx.county, ctx.calendar, ['handle']);
  // A township that missed its claim (the top level, M-11) stays 超期未结 until someone acts on the case.
  const topClaimMiss = awaitingClaim(doc.state) && doc.level === 'township' ? doc.misses.filter((m) => m.kind === 'claim' && m.level === 'township').map((m) => m.due) : [];
  doc.flags = slaFlags(doc, running, topClaimMiss);
  doc.warned ??= [];
}

export function refreshWhistleSla(doc: WhistleDoc, running: RunningDeadline[], ctx: Pick<SlaContext, 'now' | 'county' | 'calendar'>): void {
  doc.deadlines.alertAt = nextAlertAt(doc, running, ctx.now, ctx.county, ctx.calendar, []);
  doc.flags = slaFlags(doc, running);
  doc.warned ??= [];
}

/** The clock's system row may run once the document's alertAt has come. */
export function alertDue(doc: { deadlines: { alertAt?: IsoTime | null } }, now: Date): boolean {
  return !!doc.deadlines.alertAt && now.getTime() >= Date.parse(doc.deadlines.alertAt);
}

/** Deadlines of a new case (M-11): the grid's claim limit, and the clock's first look at its 临期 window. */
export function newCaseDeadlines(claimDue: IsoTime, now: Date, county: CountyConfig, calendar: WorkCalendar): CaseDoc['deadlines'] {
  const alertAt = nextAlertAt({ misses: [] }, [{ kind: 'claim', unit: '', due: claimDue }], now, county, calendar, ['handle']);
  return { claimDue, rateDue: null, handleDue: null, alertAt };
}
