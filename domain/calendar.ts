// Working-day calendar and deadline arithmetic (M-11, M-13, M-14, M-14a, M-18).
// All arithmetic is in China Standard Time (UTC+08:00, no DST) whatever the machine's TZ.
// chinese-days' own functions read local-time date fields and give wrong answers in negative-offset
// time zones, so we use its published data (national holidays + 调休 make-up days) directly.
import chineseDays from 'chinese-days/dist/chinese-days.json';
import type { CountyConfig } from './county';
import type { CaseLevel, DeadlineKind } from './types';

const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Calendar day (YYYY-MM-DD) of an instant in China Standard Time. */
export function cstYmd(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

function ymdToUtcMs(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

export function addDays(ymd: string, n: number): string {
  return new Date(ymdToUtcMs(ymd) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 23:59:59 (+08:00) of a calendar day — the instant a day-granular deadline ends (M-14a). */
export function endOfCstDay(ymd: string): Date {
  return new Date(ymdToUtcMs(ymd) + DAY_MS - 1000 - CST_OFFSET_MS);
}

/** Calendar days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((ymdToUtcMs(b) - ymdToUtcMs(a)) / DAY_MS);
}

/** A deadline is met when the action is recorded at or before 23:59:59 of its day (second granularity). */
export function deadlineMet(at: Date, due: Date): boolean {
  return Math.floor(at.getTime() / 1000) <= Math.floor(due.getTime() / 1000);
}

export interface CalendarOverrides {
  workingDays?: string[];
  holidays?: string[];
}

export interface WorkCalendar {
  isWorkingDay(ymd: string): boolean;
  /** 23:59:59 +08:00 of the n-th working day after the calendar day of `from` (that day never counts). */
  workingDaysDue(from: Date, n: number): Date;
  /** 23:59:59 +08:00 of the calendar day of `from`, working day or not. */
  sameDayDue(from: Date): Date;
  /** Working days d with day(a) < d ≤ day(b); negative when b is before a. */
  workingDaysBetween(a: Date, b: Date): number;
  /** Same as workingDaysDue but counting from a calendar day. */
  addWorkingDays(ymd: string, n: number): string;
}

const NATIONAL: { holidays: Record<string, string>; workdays: Record<string, string> } = chineseDays;

/** Years covered by the national calendar data; later years fall back to Monday–Friday plus county overrides. */
export const NATIONAL_CALENDAR_YEARS = (() => {
  const years = Object.keys(NATIONAL.holidays).map((d) => Number(d.slice(0, 4)));
  return { from: Math.min(...years), to: Math.max(...years) };
})();

const MAX_SCAN_DAYS = 366 * 2;

/** National holidays and 调休 make-up days from chinese-days, then county overrides (M-14). */
export function createCalendar(overrides: CalendarOverrides = {}): WorkCalendar {
  const extraWork = new Set(overrides.workingDays ?? []);
  const extraHoliday = new Set(overrides.holidays ?? []);

  const isWorkingDay = (ymd: string): boolean => {
    if (extraHoliday.has(ymd)) return false;
    if (extraWork.has(ymd)) return true;
    if (ymd in NATIONAL.workdays) return true;
    if (ymd in NATIONAL.holidays) return false;
    const weekday = new Date(ymdToUtcMs(ymd)).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  };

  const addWorkingDays = (ymd: string, n: number): string => {
    let day = ymd;
    let left = n;
    for (let i = 0; left > 0; i++) {
      if (i > MAX_SCAN_DAYS * Math.max(1, n)) throw new Error(`no working day found after ${ymd}`);
      day = addDays(day, 1);
      if (isWorkingDay(day)) left--;
    }
    return day;
  };

  const countBetween = (a: string, b: string): number => {
    if (a === b) return 0;
    const sign = a < b ? 1 : -1;
    const [from, to] = sign > 0 ? [a, b] : [b, a];
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) count++;
    return sign * count;
  };

  return {
    isWorkingDay,
    addWorkingDays,
    workingDaysDue: (from, n) => endOfCstDay(addWorkingDays(cstYmd(from), n)),
    sameDayDue: (from) => endOfCstDay(cstYmd(from)),
    workingDaysBetween: (a, b) => countBetween(cstYmd(a), cstYmd(b)),
  };
}

export function calendarForCounty(county: Pick<CountyConfig, 'calendarOverrides'>): WorkCalendar {
  return createCalendar(county.calendarOverrides ?? {});
}

export interface DeadlineContext {
  county: CountyConfig;
  calendar: WorkCalendar;
  level?: CaseLevel;
  matterType?: string | null;
  urgent?: boolean;
}

const DEFAULT_COMPLETION = { normal: 10, urgent: 3 };

/** The one function for every deadline in the system. */
export function computeDeadline(kind: DeadlineKind, from: Date, ctx: DeadlineContext): Date {
  const { county, calendar } = ctx;
  const sla = county.slaDefaults;
  switch (kind) {
    case 'claim': {
      if (!ctx.level) throw new Error('computeDeadline(claim) needs a level');
      return calendar.workingDaysDue(from, sla.levelClaimWorkingDays[ctx.level]); // M-11
    }
    case 'checkin_normal':
      return calendar.workingDaysDue(from, sla.normalWhistleCheckInWorkingDays); // M-13 平哨
    case 'checkin_urgent':
      return calendar.sameDayDue(from); // M-13 急哨
    case 'completion': {
      // M-18: per matter type, else the county default for 平哨 / 急哨.
      const matter = ctx.matterType ? county.matterTypes.find((m) => m.code === ctx.matterType) : undefined;
      const defaults = { ...DEFAULT_COMPLETION, ...sla.completionWorkingDays };
      const n = matter?.completionWorkingDays ?? (ctx.urgent ? defaults.urgent : defaults.normal);
      return calendar.workingDaysDue(from, n);
    }
  }
}

export interface DeadlineDisplay {
  text: string;
  tone: 'ok' | 'warn' | 'overdue';
}

/** '剩余 X 个工作日' | '今天到期' | '已超期 X 天' for lists and detail pages. */
export function describeDeadline(dueAt: Date | string, now: Date, calendar: WorkCalendar): DeadlineDisplay {
  const due = typeof dueAt === 'string' ? new Date(dueAt) : dueAt;
  const today = cstYmd(now);
  const dueDay = cstYmd(due);
  if (!deadlineMet(now, due)) {
    return { text: `已超期 ${Math.max(1, daysBetween(dueDay, today))} 天`, tone: 'overdue' };
  }
  if (today === dueDay) return { text: '今天到期', tone: 'warn' };
  const left = calendar.workingDaysBetween(now, due);
  if (left <= 0) return { text: `剩余 ${daysBetween(today, dueDay)} 天`, tone: 'warn' };
  return { text: `剩余 ${left} 个工作日`, tone: left <= 1 ? 'warn' : 'ok' };
}
