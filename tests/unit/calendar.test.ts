// Working-day arithmetic (M-14, M-14a) on the national calendar (chinese-days) with 调休, plus county overrides.
import { computeDeadline, createCalendar, cstYmd, deadlineMet, describeDeadline, NATIONAL_CALENDAR_YEARS } from '../../domain';
import { county, cst } from './fixtures';

const cal = createCalendar();
const iso = (d: Date) => d.toISOString();
/** 23:59:59 +08:00 of a day, as an ISO instant. */
const endOf = (ymd: string) => iso(cst(`${ymd}T23:59:59`));

describe('national calendar 2026 (chinese-days data)', () => {
  test('covers 2026', () => {
    expect(NATIONAL_CALENDAR_YEARS.to).toBeGreaterThanOrEqual(2026);
  });

  test.each([
    ['2026-02-13', true], // Friday before Spring Festival
    ['2026-02-14', true], // Saturday 调休 make-up working day
    ['2026-02-15', false], // Spring Festival holiday 2/15–2/23
    ['2026-02-17', false],
    ['2026-02-23', false], // Monday, still holiday
    ['2026-02-24', true],
    ['2026-02-28', true], // Saturday 调休
    ['2026-03-07', false], // ordinary Saturday
    ['2026-09-20', true], // Sunday 调休 before National Day
    ['2026-09-25', false], // Mid-autumn
    ['2026-09-30', true],
    ['2026-10-01', false], // National Day 10/1–10/7
    ['2026-10-07', false],
    ['2026-10-08', true],
    ['2026-10-10', true], // Saturday 调休
  ])('%s working day: %s', (ymd, working) => {
    expect(cal.isWorkingDay(ymd)).toBe(working);
  });
});

describe('workingDaysDue (M-14a)', () => {
  test('Monday 10:00 + 2 working days → Wednesday 23:59:59', () => {
    expect(iso(cal.workingDaysDue(cst('2026-03-02T10:00:00'), 2))).toBe(endOf('2026-03-04'));
  });

  test('Saturday + 2 → Tuesday (the day of T never counts)', () => {
    expect(iso(cal.workingDaysDue(cst('2026-03-07T15:00:00'), 2))).toBe(endOf('2026-03-10'));
    expect(iso(cal.workingDaysDue(cst('2026-03-08T09:00:00'), 2))).toBe(endOf('2026-03-10'));
  });

  test('last working day before the 2026 Spring Festival (Sat 2/14 调休) → end of the 2nd working day after', () => {
    expect(iso(cal.workingDaysDue(cst('2026-02-14T16:00:00'), 2))).toBe(endOf('2026-02-25'));
  });

  test('Friday 2/13 + 2: the 调休 Saturday 2/14 counts as a working day', () => {
    expect(iso(cal.workingDaysDue(cst('2026-02-13T10:00:00'), 2))).toBe(endOf('2026-02-24'));
    expect(iso(cal.workingDaysDue(cst('2026-02-13T10:00:00'), 1))).toBe(endOf('2026-02-14'));
  });

  test('last working day before the 2026 National Day holiday (9/30) → 10/9', () => {
    expect(iso(cal.workingDaysDue(cst('2026-09-30T17:30:00'), 2))).toBe(endOf('2026-10-09'));
  });

  test('dispatched during the holiday → counted from the first working days after it', () => {
    expect(iso(cal.workingDaysDue(cst('2026-10-03T10:00:00'), 2))).toBe(endOf('2026-10-09'));
    expect(iso(cal.workingDaysDue(cst('2026-02-18T10:00:00'), 1))).toBe(endOf('2026-02-24'));
  });

  test('the 调休 Saturday after National Day (10/10) counts', () => {
    expect(iso(cal.workingDaysDue(cst('2026-10-09T10:00:00'), 2))).toBe(endOf('2026-10-12'));
    expect(iso(cal.workingDaysDue(cst('2026-10-09T10:00:00'), 1))).toBe(endOf('2026-10-10'));
  });

  test('the calendar day is the China day even when UTC is on the previous date', () => {
    // 2026-03-02 04:00 +08:00 is 2026-03-01 20:00 UTC: still Monday in China.
    expect(cstYmd(new Date('2026-03-01T20:00:00Z'))).toBe('2026-03-02');
    expect(iso(cal.workingDaysDue(new Date('2026-03-01T20:00:00Z'), 2))).toBe(endOf('2026-03-04'));
    expect(iso(cal.workingDaysDue(cst('2026-03-02T23:59:59'), 2))).toBe(endOf('2026-03-04'));
  });
});

describe('sameDayDue and deadlineMet', () => {
  test('same day ends 23:59:59 of the calendar day, working day or not', () => {
    expect(iso(cal.sameDayDue(cst('2026-03-07T15:00:00')))).toBe(endOf('2026-03-07'));
    expect(iso(cal.sameDayDue(cst('2026-10-02T00:10:00')))).toBe(endOf('2026-10-02'));
  });

  test('met at or before the instant; the last second counts', () => {
    const due = cal.sameDayDue(cst('2026-03-07T15:00:00'));
    expect(deadlineMet(cst('2026-03-07T23:59:59'), due)).toBe(true);
    expect(deadlineMet(new Date(due.getTime() + 500), due)).toBe(true);
    expect(deadlineMet(cst('2026-03-08T00:00:00'), due)).toBe(false);
  });
});

describe('workingDaysBetween', () => {
  test('counts working days after a up to and including b', () => {
    expect(cal.workingDaysBetween(cst('2026-03-02T10:00:00'), cst('2026-03-04T23:59:59'))).toBe(2);
    expect(cal.workingDaysBetween(cst('2026-02-13T10:00:00'), cst('2026-02-25T10:00:00'))).toBe(3);
    expect(cal.workingDaysBetween(cst('2026-03-04T10:00:00'), cst('2026-03-02T10:00:00'))).toBe(-2);
    expect(cal.workingDaysBetween(cst('2026-03-04T10:00:00'), cst('2026-03-04T20:00:00'))).toBe(0);
  });
});

describe('county overrides (M-14)', () => {
  test('an extra county holiday pushes deadlines; an extra working day pulls them', () => {
    const local = createCalendar({ holidays: ['2026-03-03'], workingDays: ['2026-03-07'] });
    expect(local.isWorkingDay('2026-03-03')).toBe(false);
    expect(local.isWorkingDay('2026-03-07')).toBe(true);
    expect(iso(local.workingDaysDue(cst('2026-03-02T10:00:00'), 2))).toBe(endOf('2026-03-05'));
    expect(iso(local.workingDaysDue(cst('2026-03-06T10:00:00'), 1))).toBe(endOf('2026-03-07'));
  });
});

describe('computeDeadline — one function for every deadline', () => {
  const ctx = { county, calendar: cal };
  const monday = cst('2026-03-02T10:00:00');

  test.each([
    ['grid', '2026-03-03'],
    ['community', '2026-03-04'],
    ['township', '2026-03-05'],
  ] as const)('claim at %s level (M-11)', (level, due) => {
    expect(iso(computeDeadline('claim', monday, { ...ctx, level }))).toBe(endOf(due));
  });

  test('平哨 check-in 2 working days, 急哨 same day (M-13)', () => {
    expect(iso(computeDeadline('checkin_normal', monday, ctx))).toBe(endOf('2026-03-04'));
    expect(iso(computeDeadline('checkin_urgent', cst('2026-03-07T21:00:00'), ctx))).toBe(endOf('2026-03-07'));
  });

  test('completion per matter type, defaults 10 (平哨) / 3 (急哨) (M-18)', () => {
    expect(iso(computeDeadline('completion', monday, { ...ctx, matterType: 'land_ownership_dispute' }))).toBe(endOf('2026-03-30')); // 20
    expect(iso(computeDeadline('completion', monday, { ...ctx, matterType: 'gas_safety' }))).toBe(endOf('2026-03-03')); // 1
    expect(iso(computeDeadline('completion', monday, { ...ctx, matterType: 'service_childcare' }))).toBe(endOf('2026-03-16')); // default 10
    expect(iso(computeDeadline('completion', monday, { ...ctx, matterType: null, urgent: true }))).toBe(endOf('2026-03-05')); // default 3
    const tuned = { ...county, slaDefaults: { ...county.slaDefaults, completionWorkingDays: { normal: 5, urgent: 1 } } };
    expect(iso(computeDeadline('completion', monday, { county: tuned, calendar: cal }))).toBe(endOf('2026-03-09'));
  });

  test('claim without a level is a programming error', () => {
    expect(() => computeDeadline('claim', monday, ctx)).toThrow();
  });
});

describe('describeDeadline', () => {
  const due = cal.workingDaysDue(cst('2026-03-02T10:00:00'), 2); // Wed 3/4 23:59:59

  test.each([
    ['2026-03-02T11:00:00', '剩余 2 个工作日', 'ok'],
    ['2026-03-03T11:00:00', '剩余 1 个工作日', 'warn'],
    ['2026-03-04T08:00:00', '今天到期', 'warn'],
    ['2026-03-05T08:00:00', '已超期 1 天', 'overdue'],
    ['2026-03-09T08:00:00', '已超期 5 天', 'overdue'],
  ])('at %s → %s', (now, text, tone) => {
    expect(describeDeadline(due, cst(now), cal)).toEqual({ text, tone });
  });

  test('accepts the ISO strings stored in documents', () => {
    expect(describeDeadline(due.toISOString(), cst('2026-03-04T08:00:00'), cal).text).toBe('今天到期');
  });

  test('across the Spring Festival holiday only working days are counted', () => {
    const d = cal.workingDaysDue(cst('2026-02-13T10:00:00'), 3); // 2/14, 2/24, 2/25
    expect(describeDeadline(d, cst('2026-02-15T10:00:00'), cal)).toEqual({ text: '剩余 2 个工作日', tone: 'ok' });
  });

  test('a deadline on a non-working day with no working day left', () => {
    const d = cal.sameDayDue(cst('2026-03-08T10:00:00')); // Sunday
    expect(describeDeadline(d, cst('2026-03-07T10:00:00'), cal)).toEqual({ text: '剩余 1 天', tone: 'warn' });
  });
});
