// Deadlines are China Standard Time whatever the machine's time zone (M-14a). chinese-days' own functions
// give wrong answers west of UTC, which is why domain/calendar.ts reads its data instead. Jest cannot change
// TZ in-process, so the probe runs in a child process.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

test.each(['America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'])('same answers in TZ=%s', (tz) => {
  const tsx = require.resolve('tsx/cli');
  const out = execFileSync(process.execPath, [tsx, join(__dirname, 'tz-probe.ts')], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
  const r = JSON.parse(out);
  if (tz === 'America/Los_Angeles') expect(r.offset).toBeGreaterThan(0);
  expect(r.working).toEqual([true, false, true, false, true]);
  expect(r.dues).toEqual(['2026-03-04T15:59:59.000Z', '2026-02-25T15:59:59.000Z', '2026-10-09T15:59:59.000Z', '2026-03-07T15:59:59.000Z']);
  expect(r.ymd).toBe('2026-03-07');
});
