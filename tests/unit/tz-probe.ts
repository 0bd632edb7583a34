// Run by calendar.tz.test.ts in a child process with a negative-offset TZ; prints JSON results.
import { createCalendar, cstYmd } from '../../domain';

const cal = createCalendar();
const cst = (s: string) => new Date(`${s}+08:00`);
const days = ['2026-02-14', '2026-02-23', '2026-03-02', '2026-03-07', '2026-10-10'];
process.stdout.write(
  JSON.stringify({
    offset: new Date(2026, 0, 15).getTimezoneOffset(),
    working: days.map((d) => cal.isWorkingDay(d)),
    dues: [
      cal.workingDaysDue(cst('2026-03-02T10:00:00'), 2).toISOString(),
      cal.workingDaysDue(cst('2026-02-14T10:00:00'), 2).toISOString(),
      cal.workingDaysDue(cst('2026-09-30T10:00:00'), 2).toISOString(),
      cal.sameDayDue(cst('2026-03-07T01:00:00')).toISOString(),
    ],
    ymd: cstYmd(cst('2026-03-07T01:00:00')),
  }),
);
