import { Cron } from 'croner';
import { CLOUDBASE_TIMEZONE, cloudBaseYear, parseCloudBaseCron } from '../../twin/functions/cron';
import { timerEvent } from '../../twin/functions/triggers';

test('7-field CloudBase cron → croner pattern + year filter', () => {
  const every5 = parseCloudBaseCron('0 */5 * * * * *');
  expect(every5).toEqual({ ok: true, value: { pattern: '0 */5 * * * *', yearMatches: expect.any(Function) } });
  const y = parseCloudBaseCron('0 0 2 1 * * 2027,2030-2032');
  if (!y.ok) throw new Error(y.message);
  expect([2026, 2027, 2028, 2030, 2031, 2032, 2033].map((yr) => y.value.yearMatches(yr))).toEqual([false, true, false, true, true, true, false]);
  const stepped = parseCloudBaseCron('0 0 0 1 1 * 2026/2');
  if (!stepped.ok) throw new Error(stepped.message);
  expect([2026, 2027, 2028].map((yr) => stepped.value.yearMatches(yr))).toEqual([true, false, true]);
});

test('invalid expressions are reported, not scheduled', () => {
  expect(parseCloudBaseCron('0 */5 * * * *')).toMatchObject({ ok: false, message: expect.stringContaining('7 fields') });
  expect(parseCloudBaseCron('0 */5 * * * * 20x6')).toMatchObject({ ok: false, message: expect.stringContaining('year') });
  expect(parseCloudBaseCron('0 61 * * * * *')).toMatchObject({ ok: false });
});

test('schedules in UTC+8 (CloudBase time)', () => {
  const daily = parseCloudBaseCron('0 0 8 * * * *');
  if (!daily.ok) throw new Error(daily.message);
  const next = new Cron(daily.value.pattern, { timezone: CLOUDBASE_TIMEZONE, paused: true }).nextRun(new Date('2026-11-23T01:00:00Z'));
  expect(next?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
  expect(cloudBaseYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
});

test('timer event shape', () => {
  expect(timerEvent('clock', new Date('2026-11-23T02:05:00.123Z'))).toEqual({ Type: 'Timer', TriggerName: 'clock', Time: '2026-11-23T02:05:00Z', Message: '' });
});
