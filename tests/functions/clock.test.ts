// The SLA clock (cloudfunctions/clock): claim deadlines escalate automatically with the miss recorded against
// the level (M-11), unrated resolutions close automatically (M-21), overdue whistles are flagged (M-24, M-25);
// a second run at the same instant changes nothing. Time: the twin's clock stamps the timer event's `Time`,
// which is the "now" of a timer run; people act at real time through the functions.
import type { CaseDetail } from '../../domain/api';
import { call, callRaw, errorCode, startSeededTwin, type Twin } from '../helpers/twin-harness';
import { DY, OFFICE, RESIDENT, dispatchedLandWhistle, submitCase } from '../helpers/whistle-flows';

const DAY = 24 * 3600_000;
let offset = 0;
let twin: Twin;

beforeAll(async () => {
  twin = await startSeededTwin({ now: () => new Date(Date.now() + offset) });
}, 60_000);
afterAll(async () => {
  await twin?.close();
});

interface ClockRun {
  at: string;
  escalated: number;
  autoRated: number;
  flagged: number;
  skipped: number;
  more: boolean;
}

/** Moves the twin's clock to `days` after the real now and fires the timer trigger, as CloudBase would. */
async function runClockAt(days: number): Promise<ClockRun> {
  offset = days * DAY;
  const reply = (await twin.fireTrigger('clock', 'clock')) as { ok: boolean; data: ClockRun };
  expect(reply.ok).toBe(true);
  expect(Math.abs(Date.parse(reply.data.at) - (Date.now() + offset))).toBeLessThan(60_000);
  return reply.data;
}

const NOTHING = { escalated: 0, autoRated: 0, flagged: 0, skipped: 0, more: false };
const caseAs = (openid: string, caseId: string): Promise<CaseDetail> => call(twin, openid, 'cases', 'get', { caseId });
const stored = <T>(collection: string, id: string) => twin.db.browse(collection, { limit: 10_000 }).find((d) => (d as { _id: string })._id === id) as T;
const landCase = () => submitCase(twin, { grid: DY.grid, matterType: 'land_ownership_dispute', text: '村里两户人家为屋后一块地的归属吵了半年' });

test('an unclaimed case climbs grid → community → township; each miss is recorded against its level (M-11)', async () => {
  const caseId = await landCase();
  const gridDue = stored<{ deadlines: { claimDue: string } }>('cases', caseId).deadlines.claimDue;
  expect(await runClockAt(0)).toMatchObject(NOTHING); // nothing is due yet

  const first = await runClockAt(10);
  expect(first.escalated).toBeGreaterThanOrEqual(1);
  let c = await caseAs(DY.township, caseId);
  expect(c.case).toMatchObject({ state: 'community_pending', level: 'community' });
  expect(c.timeline.at(-1)).toMatchObject({ action: 'auto_escalate', actorLabel: '系统' });
  expect(await runClockAt(10)).toMatchObject(NOTHING); // idempotent

  await runClockAt(20);
  await runClockAt(30);
  c = await caseAs(DY.township, caseId);
  // The top level keeps the case; the miss is recorded and the whistle office is told (M-11, M-24).
  expect(c.case).toMatchObject({ state: 'township_pending', level: 'township' });
  expect(c.timeline.map((t) => t.action)).toEqual(['create', 'auto_escalate', 'auto_escalate', 'auto_escalate']);
  const doc = stored<{ supervised: boolean; misses: { kind: string; level: string; unit: string; due: string }[] }>('cases', caseId);
  expect(doc.supervised).toBe(true);
  expect(doc.misses.map((m) => [m.kind, m.level, m.unit])).toEqual([
    ['claim', 'grid', 'dy-dy-01'],
    ['claim', 'community', 'dy-dy'],
    ['claim', 'township', 'dy'],
  ]);
  expect(doc.misses[0].due).toBe(gridDue);
  const notes = twin.db.browse('notifications', { limit: 10_000 }) as { entityId: string; to: string; unit: string; template: string }[];
  expect(notes.filter((n) => n.entityId === caseId).map((n) => `${n.to}:${n.unit}:${n.template}`)).toEqual(
    expect.arrayContaining(['level:dy-dy:case_auto_escalated', 'level:dy:case_auto_escalated', 'whistle_office:hb:case_claim_overdue']),
  );
  expect(await runClockAt(30)).toMatchObject(NOTHING);
});

test('a resolution nobody rates closes automatically after rateDue, never as 满意 (M-21)', async () => {
  const caseId = await landCase();
  let c = await call(twin, DY.gridWorker, 'cases', 'act', { caseId, action: 'claim', expectedVersion: 1, input: {} });
  c = await call(twin, DY.gridWorker, 'cases', 'act', { caseId, action: 'resolve', expectedVersion: c.case.version, input: { result: '已调解，双方达成协议' } });
  expect(c.case.state).toBe('resolved');

  // Before rateDue (7 calendar days after the day of resolution) nothing happens.
  expect((await runClockAt(1)).autoRated).toBe(0);
  const run = await runClockAt(40);
  expect(run.autoRated).toBeGreaterThanOrEqual(1);
  const mine = await caseAs(RESIDENT, caseId);
  expect(mine.case.state).toBe('closed');
  expect(mine.case.rating).toMatchObject({ score: null, auto: true });
  expect(mine.timeline.at(-1)).toMatchObject({ action: 'auto_rate', label: '超期未评价，系统自动结案' });
  expect(await errorCode(call(twin, RESIDENT, 'cases', 'act', { caseId, action: 'rate', expectedVersion: mine.case.version, input: { score: '满意' } }))).toBe(
    'ILLEGAL_TRANSITION',
  );
  expect(await runClockAt(40)).toMatchObject(NOTHING);
});

test('a whistle past its check-in and completion deadlines is flagged once per miss (M-13, M-18, M-24)', async () => {
  const { w } = await dispatchedLandWhistle(twin);
  const run = await runClockAt(60);
  expect(run.flagged).toBeGreaterThanOrEqual(1);
  const seen = await call(twin, OFFICE, 'whistles', 'get', { whistleId: w.whistle.id });
  // Three departments missed 报到 (2 working days) and 办结 (20 working days for 土地权属纠纷).
  expect(seen.whistle.misses.map((m) => `${m.kind}:${m.unit}`).sort()).toEqual(
    ['checkin_normal:mz', 'checkin_normal:nync', 'checkin_normal:zrzy', 'completion:mz', 'completion:nync', 'completion:zrzy'].sort(),
  );
  expect(seen.whistle.misses[0]).toMatchObject({ kindLabel: expect.any(String), unitName: expect.any(String) });
  expect(seen.whistle.deadline).toBeNull(); // every running deadline is recorded as missed
  expect(seen.timeline.at(-1)).toMatchObject({ action: 'flag_overdue', actorLabel: '系统' });
  expect(await runClockAt(60)).toMatchObject(NOTHING);
  expect((await call(twin, OFFICE, 'whistles', 'get', { whistleId: w.whistle.id })).whistle.version).toBe(seen.whistle.version);
});

test('only the platform timer runs the clock: a client cannot forge a timer event or pick the time', async () => {
  const forged = await callRaw(twin, RESIDENT, 'clock', { Type: 'Timer', TriggerName: 'clock', Time: '2099-01-01T00:00:00Z' });
  expect(forged).toMatchObject({ ok: false, error: { code: 'TRIGGER_ONLY' } });
  expect(await callRaw(twin, OFFICE, 'clock', { action: 'clock', payload: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
});
