// The stats function (M-28, M-29): the real flows (submit → resolve → rate; whistle → check-in → complete)
// move the counters in their own transactions, dashboards are authorised by role and jurisdiction, and
// the 吹哨办's 治理一类事 notes are audited.
import { cstYmd } from '../../domain/calendar';
import { STATS_SHARDS } from '../../domain/stats';
import type { DashboardView } from '../../domain/api/stats';
import { call, errorCode, startSeededTwin, type Twin } from '../helpers/twin-harness';
import { DY, LAND, LEADER, OFFICE, RESIDENT, XH, dept, dispatchedLandWhistle, submitCase, whistleAct } from '../helpers/whistle-flows';

let twin: Twin;
const warnings: string[] = [];

beforeAll(async () => {
  twin = await startSeededTwin({
    scanWarnThreshold: 0,
    logger: (level, msg) => {
      if (level === 'warn' && msg.includes('unindexed')) warnings.push(msg);
    },
  });
}, 60_000);
afterAll(async () => {
  await twin?.close();
});

const today = () => cstYmd(new Date());
const board = (openid: string, scope: 'county' | 'township' | 'community' | 'grid', area?: string): Promise<DashboardView> =>
  call(twin, openid, 'stats', 'dashboard', { scope, area, from: today(), to: today(), granularity: 'day' });

test('a case submitted, resolved and rated moves the counters of its grid, community, township and county (M-28)', async () => {
  const before = await board(LEADER, 'county');
  const beforeTownship = await board(DY.township, 'township');
  const caseId = await submitCase(twin, { grid: DY.grid, matterType: LAND.matterType, text: '村口的路灯坏了一个多月，晚上很黑' });
  let d = await call(twin, DY.gridWorker, 'cases', 'act', { caseId, action: 'claim', expectedVersion: 1, input: {} });
  d = await call(twin, DY.gridWorker, 'cases', 'act', { caseId, action: 'resolve', expectedVersion: d.case.version, input: { result: '已协调村委会更换灯泡', photos: [] } });
  await call(twin, RESIDENT, 'cases', 'act', { caseId, action: 'rate', expectedVersion: d.case.version, input: { score: '满意' } });

  const after = await board(LEADER, 'county');
  expect(after.headline.collected - before.headline.collected).toBe(1);
  expect(after.headline.resolved - before.headline.resolved).toBe(1);
  expect(after.headline.satisfied - before.headline.satisfied).toBe(1);
  expect(after.headline.resolvedByWhistle).toBe(before.headline.resolvedByWhistle);
  const township = await board(DY.township, 'township');
  expect(township.headline.collected - beforeTownship.headline.collected).toBe(1);
  const grid = await board(LEADER, 'grid', DY.grid);
  expect(grid.headline).toMatchObject({ collected: expect.any(Number), satisfaction: 1 });
  expect(grid.byType.find((b) => b.code === LAND.matterType)?.counts.collected).toBeGreaterThanOrEqual(1);
  expect(after.trend).toHaveLength(1);
  expect(after.trend[0].bucket).toBe(today());
  expect(after.summaries).toBeLessThanOrEqual(STATS_SHARDS); // the day's summary shards — never the cases
});

test('a whistle dispatched and completed on time counts once, with its department and its resolved case (M-28)', async () => {
  const before = await board(OFFICE, 'county');
  const { w: dispatched, caseId } = await dispatchedLandWhistle(twin);
  const mid = await board(OFFICE, 'county');
  expect(mid.headline.dispatched - before.headline.dispatched).toBe(1);
  expect(mid.byDept.find((b) => b.code === 'zrzy')?.counts.dispatched).toBeGreaterThanOrEqual(1);

  let w = await whistleAct(twin, dept('zrzy'), dispatched, 'check_in', { handler: '王科长', onSiteAt: new Date().toISOString() });
  w = await whistleAct(twin, dept('zrzy'), w, 'complete', { result: '经勘测确权，界址已明确，双方签字认可' });
  expect(w.whistle.state).toBe('completed');

  const after = await board(OFFICE, 'county');
  expect(after.headline.dispatched - before.headline.dispatched).toBe(1);
  expect(after.headline.completed - before.headline.completed).toBe(1);
  expect(after.headline.closedOnTime - before.headline.closedOnTime).toBe(1);
  expect(after.headline.checkInsOnTime - before.headline.checkInsOnTime).toBe(1);
  expect(after.headline.resolvedByWhistle - before.headline.resolvedByWhistle).toBe(1);
  expect(after.headline.resolved - before.headline.resolved).toBe(1);
  expect(after.byDept.find((b) => b.code === 'zrzy')).toMatchObject({ name: '自然资源局', onTimeRate: 1 });
  expect(after.whistleFigures).toBe(true);

  // The case's community sees the case resolved through the whistle; whistle figures are township-level.
  const stored = twin.db.browse('cases', { limit: 100_000 }).find((c) => (c as { _id: string })._id === caseId) as { community: string };
  const community = await board(DY.community, 'community', stored.community);
  expect(community.whistleFigures).toBe(false);
  expect(community.headline.resolvedByWhistle).toBeGreaterThanOrEqual(1);
});

test('a duplicate merged into another case leaves the collected count, and comes back when un-merged (M-6)', async () => {
  const a = await submitCase(twin, { grid: DY.grid, matterType: 'garbage_pile', text: '菜市场后门的垃圾桶满了没人清运' });
  const b = await submitCase(twin, { grid: DY.grid, matterType: 'road_pothole', text: '学校门口的路面塌了一个大坑，孩子上学很危险' });
  const before = await board(LEADER, 'grid', DY.grid);
  let d = await call(twin, DY.gridWorker, 'cases', 'get', { caseId: b });
  d = await call(twin, DY.gridWorker, 'cases', 'act', { caseId: b, action: 'merge', expectedVersion: d.case.version, input: { into: a } });
  expect(d.case.state).toBe('merged');
  const merged = await board(LEADER, 'grid', DY.grid);
  expect(merged.headline.collected).toBe(before.headline.collected - 1);
  await call(twin, DY.gridWorker, 'cases', 'act', { caseId: b, action: 'unmerge', expectedVersion: d.case.version, input: { reason: '不是同一个问题，分开处理' } });
  expect((await board(LEADER, 'grid', DY.grid)).headline.collected).toBe(before.headline.collected);
});

test('dashboards are authorised by role and jurisdiction; bad periods are refused', async () => {
  expect((await board(DY.township, 'township')).area).toMatchObject({ scope: 'township', code: 'dy' });
  expect(await errorCode(board(DY.township, 'township', 'xh'))).toBe('OUT_OF_JURISDICTION');
  expect(await errorCode(board(DY.township, 'county'))).toBe('OUT_OF_JURISDICTION');
  expect(await errorCode(board(XH.community, 'community', 'dy-dy'))).toBe('OUT_OF_JURISDICTION');
  expect(await errorCode(board(RESIDENT, 'county'))).toBe('FORBIDDEN_ROLE');
  expect(await errorCode(board(LEADER, 'township', 'dy-dy'))).toBe('NOT_FOUND'); // a community is not a township
  expect(await errorCode(call(twin, LEADER, 'stats', 'dashboard', { scope: 'county', from: '2026-05-01', to: '2026-04-01' }))).toBe('VALIDATION');
  expect(await errorCode(call(twin, LEADER, 'stats', 'dashboard', { scope: 'county', from: '2020-01-01', to: '2026-04-01' }))).toBe('VALIDATION');
  const { areas } = await call(twin, DY.township, 'stats', 'areas', {});
  expect(areas.map((a) => a.code)).toEqual(['dy', 'dy-dy', 'dy-hk']);
  expect((await call(twin, LEADER, 'stats', 'areas', {})).areas[0]).toMatchObject({ scope: 'county', code: 'hb' });
});

test('一类事: hot spots by grid, matter type and hour; the 吹哨办 attaches an audited governance note (M-29)', async () => {
  for (let i = 0; i < 3; i++) await submitCase(twin, { grid: XH.grid, matterType: 'garbage_pile', text: `小区门口垃圾乱堆乱放第${i + 1}次反映` });
  const hot = await call(twin, OFFICE, 'stats', 'hotspots', { scope: 'township', area: 'xh', from: today(), to: today() });
  const cluster = hot.clusters.find((c) => c.grid === XH.grid && c.matterType === 'garbage_pile');
  expect(cluster).toMatchObject({ count: 3, notes: 0, lat: expect.any(Number) });
  expect(hot.byHour.reduce((a, b) => a + b, 0)).toBe(hot.total);
  expect(hot.byWeekday.reduce((a, b) => a + b, 0)).toBe(hot.total);
  expect(hot.grids.find((g) => g.code === XH.grid)?.count).toBe(3);

  const input = { scope: 'grid' as const, area: XH.grid, matterType: 'garbage_pile', note: '增设分类垃圾亭，物业每日两次清运，网格员每周巡查' };
  expect(await errorCode(call(twin, XH.township, 'stats', 'addNote', input))).toBe('FORBIDDEN_ROLE');
  expect(await errorCode(call(twin, OFFICE, 'stats', 'addNote', { ...input, note: '短' }))).toBe('VALIDATION');
  const note = await call(twin, OFFICE, 'stats', 'addNote', input);
  expect(note).toMatchObject({ areaName: expect.any(String), typeName: expect.any(String), note: input.note });
  const again = await call(twin, OFFICE, 'stats', 'hotspots', { scope: 'township', area: 'xh', from: today(), to: today() });
  expect(again.clusters.find((c) => c.grid === XH.grid && c.matterType === 'garbage_pile')?.notes).toBe(1);
  expect((await call(twin, XH.township, 'stats', 'notes', { scope: 'township' })).items.map((n) => n.id)).toContain(note.id);
  expect((await call(twin, DY.township, 'stats', 'notes', { scope: 'township' })).items.map((n) => n.id)).not.toContain(note.id);
  const events = twin.db.browse('events', { limit: 100_000 }) as { entity: string; entityId: string; rule?: string }[];
  expect(events.filter((e) => e.entity === 'governance_note' && e.entityId === note.id)).toEqual([expect.objectContaining({ rule: 'M-29' })]);
});

test('no statistics query scans unindexed documents', () => {
  expect(warnings.filter((w) => /stats_summaries|governance_notes/.test(w))).toEqual([]);
});
