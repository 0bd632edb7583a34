// Times are shown in China Standard Time whatever the device's zone (deadlines are defined in +08:00, M-14a).
import { formatTime, yearMonth } from '../../src/utils/format'

test('a deadline at 23:59:59+08:00 reads as 23:59 on that day', () => {
  expect(formatTime('2026-12-21T15:59:59.000Z', new Date('2026-11-23T04:00:00Z'))).toBe('12月21日 23:59')
})

test('the year is shown only when it differs, by the CST calendar', () => {
  expect(formatTime('2026-12-31T16:30:00.000Z', new Date('2026-12-31T10:00:00Z'))).toBe('2027年1月1日 00:30')
  expect(yearMonth(new Date('2026-12-31T16:30:00.000Z'))).toBe('2027-01')
})
