// The SLA clock through the twin (cloudfunctions/clock, domain/sla.ts): a claimed case's handling limit
// (M-11 "handle"), 临期 notices once per deadline to the level / departments that owe it (M-24), the handle
// miss recorded with an audit event and the whistle office told, the detached case's clock, and runs that
// change nothing the second time. Every clock query is answered by an index (scanWarnThreshold 0).
// People act at real time through the functions; the twin's clock (`now`) stamps the timer's `Time`.
import type { ClockRun } from '../../cloudfunctions/clock/index';
import type { WhistleDetail } from '../../domain/api/whistles';
import { call, type Twin } from '../helpers/twin-harness';
import { indexedTwinPerFile, shiftedClock } from '../helpers/twin-per-file';
import { connectSdk } from '../../scripts/lib/sdk-client';
import { A, act, cst, whistleAt } from '../unit/fixtures';
import { DY, LAND, caseAtTownship, dispatchedLandWhistle, submitCase, whistleAct } from '../helpers/whistle-flows';

const clock = shiftedClock();
let twin: Twin;
const { unindexed } = indexedTwinPerFile((t) => (twin = t), { now: clock.now });

const NOTHING = { escalated: 0, autoRated: 0, flagged: 0, alerted: 0, skipped: 0, more: false };

async function runClockAt(at: Date | string): Promise<ClockRun> {
  clock.offset = new Date(at).getTime() - Date.now();
  const reply = (await twin.fireTrigger('clock', 'clock')) as { ok: boolean; data: ClockRun };
  expect(reply.ok).toBe(true);
  return reply.data;
}

const plusMinutes = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();
const all = <T>(collection: string) => twin.db.browse(collection, { limit: 100_000 }) as T[];
const stored = <T>(collection: string, id: string) => all<T & { _id: string }>(collection).find((d) => d._id === id) as T;
type Stored = {
  state: string;
  version: number;
  grid: string;
  deadlines: { handleDue: string | null; alertAt: string | null; claimDue: string | null };
  misses: { kind: string; level?: string; unit: string; due: string }[];
  warned: { kind: string; unit: string; due: string }[];
  flags: { near: string | null; overdue: string | null };
};
const notes = (entityId: string, template: string) =>
  all<{ entityId: string; template: string; to: string; unit: string }>('notifications').filter((n) => n.entityId === entityId && n.template === template);
const eventsOf = (entityId: string, action: string) => all<{ entityId: string; action: string; data: Record<string, unknown> }>('events').filter((e) => e.entityId === entityId && e.action === action);

test('a claimed case: one 临期 notice, then the handling miss recorded against its grid; idempotent (M-11, M-24)', async () => {
  const caseId = await submitCase(twin, { grid: DY.grid, matterType: 'land_ownership_dispute', text: '东头水沟堵了一个多月，下雨就漫到路上（处置时限测试）' });
  await call(twin, DY.gridWorker, 'cases', 'act', { caseId, action: 'claim', expectedVersion: stored<Stored>('cases', caseId).version, input: {} });
  let doc = stored<Stored>('cases', caseId);
  expect(doc.state).toBe('grid_claimed');
  expect(doc.deadlines.handleDue).toEqual(expect.any(String));
  expect(doc.deadlines.alertAt).toEqual(expect.any(String));

  const nearFrom = doc.deadlines.alertAt!;
  // Before the 临期 window nothing happens to this case.
  await runClockAt(plusMinutes(nearFrom, -30));
  expect(stored<Stored>('cases', caseId).version).toBe(doc.version);

  const near = await runClockAt(plusMinutes(nearFrom, 1));
  expect(near.alerted).toBeGreaterThanOrEqual(1);
  doc = stored<Stored>('cases', caseId);
  expect(doc.warned).toEqual([expect.objectContaining({ kind: 'handle', unit: DY.grid, due: doc.deadlines.handleDue })]);
  expect(doc.flags.near).toBe(doc.deadlines.handleDue);
  expect(notes(caseId, 'deadline_near')).toEqual([expect.objectContaining({ to: 'level', unit: DY.grid })]);

  // Same instant, and later the same day: no second notice for the same deadline.
  expect(await runClockAt(plusMinutes(nearFrom, 1))).toMatchObject(NOTHING);
  await runClockAt(plusMinutes(doc.deadlines.handleDue!, -5));
  expect(notes(caseId, 'deadline_near')).toHaveLength(1);
  expect(stored<Stored>('cases', caseId).version).toBe(doc.version);

  const late = await runClockAt(plusMinutes(doc.deadlines.handleDue!, 60));
  expect(late.alerted).toBeGreaterThanOrEqual(1);
  doc = stored<Stored>('cases', caseId);
  expect(doc.state).toBe('grid_claimed'); // the grid keeps the case; the miss is on its record
  expect(doc.misses).toEqual([expect.objectContaining({ kind: 'handle', level: 'grid', unit: DY.grid, due: doc.deadlines.handleDue })]);
  expect(doc.flags).toEqual({ near: null, overdue: doc.deadlines.handleDue });
  expect(doc.deadlines.alertAt).toBeNull();
  expect(notes(caseId, 'case_handle_overdue').map((n) => `${n.to}:${n.unit}`).sort()).toEqual(['level:dy-dy-01', 'whistle_office:hb']);
  expect(eventsOf(caseId, 'sla_alert')).toHaveLength(2);
  expect(eventsOf(caseId, 'sla_alert')[1].data.missed).toEqual([expect.objectContaining({ kind: 'handle' })]);

  expect(await runClockAt(plusMinutes(doc.deadlines.handleDue!, 60))).toMatchObject(NOTHING);
  expect(await runClockAt(plusMinutes(doc.deadlines.handleDue!, 24 * 60))).toMatchObject(NOTHING);
  expect(stored<Stored>('cases', caseId).version).toBe(doc.version);

  const seen = await call(twin, DY.township, 'cases', 'get', { caseId });
  expect(seen.timeline.map((t) => t.action)).toEqual(['create', 'claim', 'sla_alert', 'sla_alert']);
  expect(unindexed).toEqual([]);
});

test('a case detached after a rejected whistle waits at the township with a clock (M-11, M-12)', async () => {
  const caseId = await caseAtTownship(twin, DY, LAND.matterType);
  let w: WhistleDetail = await call(twin, DY.township, 'whistles', 'propose', {
    clientRequestId: `detach-${Date.now()}`,
    ...LAND,
    title: '村民宅基地边界争议（退回测试）',
    caseIds: [caseId],
  });
  w = await whistleAct(twin, DY.township, w, 'review', { decision: 'reject', reason: '村里可先行调解' });
  expect(w.whistle.state).toBe('rejected');
  const doc = stored<Stored>('cases', caseId);
  expect(doc.state).toBe('township_claimed');
  expect(doc.deadlines.handleDue).toEqual(expect.any(String));
  expect(doc.deadlines.alertAt).toEqual(expect.any(String));

  await runClockAt(plusMinutes(doc.deadlines.handleDue!, 1));
  expect(stored<Stored>('cases', caseId).misses).toEqual([expect.objectContaining({ kind: 'handle', level: 'township', unit: 'dy' })]);
  expect(unindexed).toEqual([]);
});

test('a dispatched whistle: each department gets one 临期 notice for its check-in (M-13, M-24)', async () => {
  const { w } = await dispatchedLandWhistle(twin);
  const doc = stored<Stored & { deadlines: { nextDue: string } }>('whistles', w.whistle.id);
  expect(doc.deadlines.alertAt).toEqual(expect.any(String));

  const run = await runClockAt(plusMinutes(doc.deadlines.alertAt!, 1));
  expect(run.alerted).toBeGreaterThanOrEqual(1);
  expect(notes(w.whistle.id, 'deadline_near').map((n) => n.unit).sort()).toEqual(['mz', 'nync', 'zrzy']);
  const after = stored<Stored>('whistles', w.whistle.id);
  expect(after.flags.near).toBe(doc.deadlines.nextDue);
  expect(await runClockAt(plusMinutes(doc.deadlines.alertAt!, 1))).toMatchObject(NOTHING);
  expect(notes(w.whistle.id, 'deadline_near')).toHaveLength(3);

  // Past the check-in deadline the flag job records the misses; the whistle is 超期未结, no further 临期 notice.
  await runClockAt(plusMinutes(doc.deadlines.nextDue, 10));
  const missed = stored<Stored>('whistles', w.whistle.id);
  expect(missed.flags).toEqual({ near: null, overdue: doc.deadlines.nextDue });
  expect(notes(w.whistle.id, 'deadline_near')).toHaveLength(3);
  expect(unindexed).toEqual([]);
});

test('a whistle dispatched before National Day: quiet through the holiday, one notice on 10/9, flagged on the 调休 Saturday (M-14, M-14a)', async () => {
  // Dispatched 2026-09-30 11:00 (built through the transition table, stored as the function would store it):
  // 2 working days → check-in due 10/9 23:59:59 (10/1–10/7 holiday, 10/8 and 10/9 working days).
  const doc = act('whistle', whistleAt('submitted'), 'dispatch', A.office, {}, cst('2026-09-30T11:00:00')).next;
  const id = `w-national-day-${Date.now()}`;
  const { _id, ...data } = { ...doc, _id: id, no: `W-ND-${Date.now()}` };
  void _id;
  await connectSdk(twin.url).database().collection('whistles').doc(id).set({ data });
  const version = () => stored<Stored>('whistles', id).version;

  await runClockAt(cst('2026-10-03T10:00:00'));
  await runClockAt(cst('2026-10-08T10:00:00'));
  expect(version()).toBe(doc.version);
  expect(notes(id, 'deadline_near')).toEqual([]);

  const near = await runClockAt(cst('2026-10-09T08:00:00'));
  expect(near).toMatchObject({ alerted: 1, flagged: 0 });
  expect(notes(id, 'deadline_near').map((n) => n.unit).sort()).toEqual(['mz', 'nync', 'zrzy']);
  expect(await runClockAt(cst('2026-10-09T08:00:00'))).toMatchObject(NOTHING);

  // 10/10 is a 调休 working Saturday, but the deadline (10/9) has passed: each department's miss is recorded.
  const late = await runClockAt(cst('2026-10-10T09:00:00'));
  expect(late).toMatchObject({ flagged: 1, alerted: 0 });
  const after = stored<Stored>('whistles', id);
  expect(after.misses.map((m) => `${m.kind}:${m.unit}`).sort()).toEqual(['checkin_normal:mz', 'checkin_normal:nync', 'checkin_normal:zrzy']);
  expect(after.flags.overdue).toBe(cst('2026-10-09T23:59:59').toISOString());
  expect(await runClockAt(cst('2026-10-10T09:00:00'))).toMatchObject(NOTHING);
  expect(eventsOf(id, 'sla_alert')).toHaveLength(1);
  expect(eventsOf(id, 'flag_overdue')).toHaveLength(1);
  expect(unindexed).toEqual([]);
});
