// 挂牌督办 through the twin (cloudfunctions/supervision, M-24): the whistle office lists a whistle (its own
// `supervise` row records it and tells the departments) and a case; only the listed department / the case's
// township responds; the office presses again and closes; every step lands on the supervision document and
// as an audit event on the item's timeline; the board and the respondent's inbox show it; the automatic
// lists (超期未结 after the SLA clock, 集中反映 across townships) are answered through indexes only.
import { call, errorCode, type Twin } from '../helpers/twin-harness';
import { indexedTwinPerFile, shiftedClock } from '../helpers/twin-per-file';
import { DY, LEADER, OFFICE, RESIDENT, XH, dept, dispatchedLandWhistle, caseAtTownship, submitCase } from '../helpers/whistle-flows';

const clock = shiftedClock();
let twin: Twin;
const { unindexed } = indexedTwinPerFile((t) => (twin = t), { now: clock.now });

const notes = (entityId: string, template: string) =>
  (twin.db.browse('notifications', { limit: 100_000 }) as { entityId: string; template: string; unit: string }[]).filter((n) => n.entityId === entityId && n.template === template);
const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

test('a whistle listed, answered by its department only, pressed and closed — every step recorded (M-24)', async () => {
  const { w } = await dispatchedLandWhistle(twin);
  const whistleId = w.whistle.id;
  const listing = { entity: 'whistle' as const, id: whistleId, kind: 'overdue' as const, reason: '报到迟缓，请说明情况', respondBy: inDays(3) };
  for (const who of [dept('zrzy'), LEADER, DY.township]) expect(await errorCode(call(twin, who, 'supervision', 'list', listing))).toBe('FORBIDDEN_ROLE');

  let s = await call(twin, OFFICE, 'supervision', 'list', listing);
  expect(s).toMatchObject({ state: 'awaiting', stateLabel: '待回复', respondent: { role: 'department', unit: 'zrzy' }, kindLabel: '超期未结' });
  expect(await errorCode(call(twin, OFFICE, 'supervision', 'list', listing))).toBe('ILLEGAL_TRANSITION'); // already listed
  // Built on the whistle's own 挂牌督办 row: recorded on the whistle, its departments told.
  const seen = await call(twin, OFFICE, 'whistles', 'get', { whistleId });
  expect(seen.whistle.supervision).toEqual([expect.objectContaining({ kind: 'overdue', reason: '报到迟缓，请说明情况' })]);
  expect(notes(whistleId, 'whistle_supervised').map((n) => n.unit).sort()).toEqual(['mz', 'nync', 'zrzy']);

  // The listed department sees it in its inbox section; another department may not answer.
  const mine = await call(twin, dept('zrzy'), 'supervision', 'mine', {});
  expect(mine.open).toBe(1);
  expect(mine.items[0]).toMatchObject({ id: s.id, actions: [{ action: 'respond' }] });
  const answer = { supervisionId: s.id, expectedVersion: s.version, text: '我局已派人到场测绘，三日内出结果', photos: [] };
  expect(await errorCode(call(twin, dept('nync'), 'supervision', 'respond', answer))).toBe('OUT_OF_JURISDICTION');
  expect(await errorCode(call(twin, OFFICE, 'supervision', 'respond', answer))).toBe('FORBIDDEN_ROLE');
  s = await call(twin, dept('zrzy'), 'supervision', 'respond', answer);
  expect(s.state).toBe('responded');
  expect(notes(whistleId, 'supervision_responded')).toHaveLength(1);

  expect(await errorCode(call(twin, dept('zrzy'), 'supervision', 'close', { supervisionId: s.id, expectedVersion: s.version, text: '自行办结' }))).toBe('FORBIDDEN_ROLE');
  s = await call(twin, OFFICE, 'supervision', 'press', { supervisionId: s.id, expectedVersion: s.version, text: '请尽快出具确权结果', respondBy: inDays(5) });
  expect(s.state).toBe('awaiting');
  expect(await errorCode(call(twin, OFFICE, 'supervision', 'close', { supervisionId: s.id, expectedVersion: 1, text: '办结' }))).toBe('STALE_VERSION');
  s = await call(twin, dept('zrzy'), 'supervision', 'respond', { ...answer, expectedVersion: s.version, text: '确权结果已送达双方' });
  s = await call(twin, OFFICE, 'supervision', 'close', { supervisionId: s.id, expectedVersion: s.version, text: '已办结，撤牌' });
  expect(s).toMatchObject({ state: 'closed', stateLabel: '已办结', actions: [] });
  expect(s.steps.map((x) => `${x.label}:${x.by.unit}`)).toEqual(['挂牌督办:hb', '督办回复:zrzy', '再次督办:hb', '督办回复:zrzy', '督办办结:hb']);

  const timeline = (await call(twin, OFFICE, 'whistles', 'get', { whistleId })).timeline.map((t) => t.action);
  expect(timeline.filter((a) => a.startsWith('supervis'))).toEqual(['supervise', 'supervision_respond', 'supervision_press', 'supervision_respond', 'supervision_close']);
  expect((await call(twin, dept('zrzy'), 'supervision', 'mine', {})).open).toBe(0);

  // The board: the whistle office acts, the leader reads, a department may not look.
  const board = await call(twin, OFFICE, 'supervision', 'board', {});
  expect(board.items.map((i) => i.id)).toContain(s.id);
  expect(board.counts.closed).toBeGreaterThanOrEqual(1);
  const closedOnly = await call(twin, LEADER, 'supervision', 'board', { state: 'closed' });
  expect(closedOnly.items.every((i) => i.state === 'closed' && i.actions.length === 0)).toBe(true);
  expect(await errorCode(call(twin, dept('zrzy'), 'supervision', 'board', {}))).toBe('FORBIDDEN_ROLE');
  expect(await call(twin, dept('zrzy'), 'supervision', 'forTarget', { entity: 'whistle', id: whistleId })).toHaveLength(1);
  expect(await errorCode(call(twin, dept('jtys'), 'supervision', 'forTarget', { entity: 'whistle', id: whistleId }))).toBe('OUT_OF_JURISDICTION');
  expect(unindexed).toEqual([]);
});

test('a case is answered by its own township; the step shows on the case timeline (M-24)', async () => {
  const caseId = await caseAtTownship(twin, XH, 'street_vending');
  const s = await call(twin, OFFICE, 'supervision', 'list', { entity: 'case', id: caseId, kind: 'other', reason: '群众多次反映，请尽快处理' });
  expect(s.respondent).toMatchObject({ role: 'township', unit: 'xh' });
  expect(notes(caseId, 'case_supervised').map((n) => n.unit)).toEqual(['xh']);
  const answer = { supervisionId: s.id, expectedVersion: s.version, text: '已认领并安排城管队员处置', photos: [] };
  expect(await errorCode(call(twin, DY.township, 'supervision', 'respond', answer))).toBe('OUT_OF_JURISDICTION');
  expect(await errorCode(call(twin, XH.gridWorker, 'supervision', 'respond', answer))).toBe('FORBIDDEN_ROLE');
  expect((await call(twin, XH.township, 'supervision', 'respond', answer)).state).toBe('responded');
  const c = await call(twin, XH.township, 'cases', 'get', { caseId });
  expect(c.timeline.slice(-2).map((t) => t.action)).toEqual(['supervision_list', 'supervision_respond']);
  expect(unindexed).toEqual([]);
});

test('三个必督 lists: 超期未结 after the clock, 集中反映 across three townships (M-24)', async () => {
  const { w } = await dispatchedLandWhistle(twin);
  clock.offset = 60 * 86_400_000;
  expect(((await twin.fireTrigger('clock', 'clock')) as { ok: boolean }).ok).toBe(true);
  clock.offset = 0;
  const overdue = await call(twin, OFFICE, 'supervision', 'flags', { flag: 'overdue' });
  expect(overdue.flag === 'overdue' && overdue.items.map((i) => i.id)).toContain(w.whistle.id);

  // One matter type reported from three townships within the window (default minTownships 3).
  const texts = ['浔湖街道某路段井盖缺失，夜里很危险', '大垸乡村口井盖被人偷走了，车辆经过危险', '黄花镇集镇主街井盖松动，一踩就翻'];
  const grids = ['xh-fm-01', 'dy-dy-01', 'hh-hh-01'];
  for (let i = 0; i < 3; i++) await submitCase(twin, { grid: grids[i], matterType: 'manhole_cover', text: texts[i], reporter: RESIDENT });
  const hot = await call(twin, LEADER, 'supervision', 'flags', { flag: 'concentrated' });
  expect(hot.flag).toBe('concentrated');
  if (hot.flag !== 'concentrated') return;
  const cluster = hot.clusters.find((c) => c.by === 'matterType' && c.key === 'manhole_cover');
  expect(cluster).toMatchObject({ townships: 3, reasons: ['3个乡镇（街道）反映'] });
  expect(cluster!.cases).toHaveLength(3);
  expect(await errorCode(call(twin, dept('zrzy'), 'supervision', 'flags', { flag: 'near_due' }))).toBe('FORBIDDEN_ROLE');
  expect(unindexed).toEqual([]);
});
