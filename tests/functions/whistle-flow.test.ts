// The whistle through the real functions, the real wx-server-sdk and the twin over HTTP:
// 平哨 resident → grid → community → township → four steps (M-12) → 吹哨办 dispatch (M-15, M-16) → 报到 →
// 办结 (M-17) → cases resolved → resident rates (M-21); 急哨 straight to the department (M-13); the boundary (M-3).
import type { WhistleDetail } from '../../domain/api/whistles';
import { call, errorCode, type Twin } from '../helpers/twin-harness';
import { indexedTwinPerFile } from '../helpers/twin-per-file';
import {
  DY,
  FIRE_LANE,
  LAND,
  OFFICE,
  RESIDENT,
  RESIDENT_2,
  XH,
  approvedWhistle,
  caseAtTownship,
  dept,
  dispatchedLandWhistle,
  requestId,
  submitCase,
  whistleAct,
} from '../helpers/whistle-flows';

let twin: Twin;
const { unindexed } = indexedTwinPerFile((t) => (twin = t));

const notificationsOf = (entityId: string) =>
  (twin.db.browse('notifications', { limit: 10_000 }) as { entityId: string; to: string; unit: string; template: string; status: string }[]).filter(
    (n) => n.entityId === entityId,
  );

test('平哨: a land dispute goes from a resident to the county departments and back to the resident', async () => {
  const caseId = await caseAtTownship(twin, DY, LAND.matterType);
  const otherCaseId = await caseAtTownship(twin, DY, LAND.matterType, RESIDENT_2);

  // Step 1 提出事项: the case is attached in the same transaction (M-12).
  const proposed = await call(twin, DY.township, 'whistles', 'propose', { clientRequestId: requestId('w'), ...LAND, caseIds: [caseId], comment: '群众反映强烈' });
  expect(proposed.created).toBe(true);
  let w: WhistleDetail = proposed;
  expect(w.whistle).toMatchObject({ state: 'proposed', kind: 'normal', kindLabel: '平哨', township: 'dy', townshipName: '大垸乡', caseCount: 1, version: 1 });
  expect(w.whistle.no).toMatch(/^W\d{8}-[0-9A-F]{6}$/);
  expect(w.whistle.steps.propose?.by.label).toBe('大垸乡 · 乡镇(街道)党建办');
  // The duty-list answer for the reviewer (M-3) and the dispatcher (M-16).
  expect(w.route).toMatchObject({ handler: 'whistle', list: 'cooperative', lead: 'zrzy', co: ['nync', 'mz'], leadName: '自然资源局', boundary: { ok: true } });
  expect(w.cases.map((c) => c.id)).toEqual([caseId]);
  expect((await call(twin, DY.township, 'cases', 'get', { caseId })).case).toMatchObject({ state: 'whistled', whistleId: w.whistle.id });

  // Step 2 收集事项, step 3 审核把关, step 4 审批上报 → the whistle office (平哨).
  w = await whistleAct(twin, DY.township, w, 'collect', { caseIds: [otherCaseId] });
  expect(w.whistle).toMatchObject({ state: 'collected', caseCount: 2 });
  w = await whistleAct(twin, DY.township, w, 'review', { decision: 'pass', comment: '属配合履职事项，可吹哨' });
  expect(w.whistle.state).toBe('reviewed');
  expect(w.actions.map((a) => a.action)).toEqual(['approve']);
  w = await whistleAct(twin, DY.township, w, 'approve', { comment: '同意上报县吹哨办' });
  expect(w.whistle.state).toBe('submitted');
  expect(Object.keys(w.whistle.steps)).toEqual(['propose', 'collect', 'review', 'approve']);
  expect(await errorCode(whistleAct(twin, DY.township, w, 'dispatch', { lead: 'zrzy' }))).toBe('FORBIDDEN_ROLE');

  // The whistle office sees it awaiting dispatch and confirms the platform's proposal (M-16).
  const officeInbox = await call(twin, OFFICE, 'whistles', 'inbox', {});
  expect(officeInbox.scope).toMatchObject({ role: 'whistle_office', unit: 'hb' });
  expect(officeInbox.items.map((i) => i.id)).toContain(w.whistle.id);
  expect(officeInbox.counts.submitted).toBeGreaterThanOrEqual(1);
  w = await call(twin, OFFICE, 'whistles', 'get', { whistleId: w.whistle.id });
  expect(w.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['dispatch', 'record_meeting', 'supervise']));
  w = await whistleAct(twin, OFFICE, w, 'dispatch', { lead: 'zrzy', co: ['nync', 'mz'], comment: '请自然资源局牵头' });
  expect(w.whistle.state).toBe('dispatched');
  expect(w.whistle.routing).toMatchObject({ lead: 'zrzy', corrected: false });
  expect(w.whistle.assignments.map((a) => [a.dept, a.role, a.state])).toEqual([
    ['zrzy', 'lead', 'dispatched'],
    ['nync', 'co', 'dispatched'],
    ['mz', 'co', 'dispatched'],
  ]);
  expect(w.whistle.assignments[0].deadline?.tone).toBeDefined();
  const dispatchedAt = new Date(w.whistle.assignments[0].dispatchedAt);
  expect(new Date(w.whistle.assignments[0].checkInDue).getTime()).toBeGreaterThan(dispatchedAt.getTime() + 24 * 3600_000); // 2 working days (M-13)

  // Each department finds it in its own inbox (index-backed rows per department).
  for (const code of ['zrzy', 'nync', 'mz']) {
    const inbox = await call(twin, dept(code), 'whistles', 'inbox', {});
    const item = inbox.items.find((i) => i.id === w.whistle.id);
    expect(item?.assignment).toMatchObject({ role: code === 'zrzy' ? 'lead' : 'co', state: 'dispatched', stateLabel: '待报到' });
    expect(inbox.counts.dispatched).toBeGreaterThanOrEqual(1);
  }
  expect((await call(twin, dept('jtys'), 'whistles', 'inbox', {})).items.map((i) => i.id)).not.toContain(w.whistle.id);

  // 报到 → 办理 → 办结 (M-17).
  w = await whistleAct(twin, dept('zrzy'), w, 'check_in', { handler: '王科长', onSiteAt: new Date().toISOString() });
  expect(w.whistle.state).toBe('in_progress');
  expect(w.whistle.assignments[0].checkIn).toMatchObject({ handler: '王科长', onTime: true });
  w = await whistleAct(twin, dept('nync'), w, 'check_in', { handler: '李股长', onSiteAt: new Date().toISOString() });
  w = await whistleAct(twin, dept('zrzy'), w, 'progress', { text: '已到现场勘测界址' });
  expect(w.whistle.progress[0]).toMatchObject({ deptName: '自然资源局', text: '已到现场勘测界址' });
  // A department on site sees the attached cases through the whistle.
  expect(w.cases.map((c) => c.id).sort()).toEqual([caseId, otherCaseId].sort());
  w = await whistleAct(twin, dept('zrzy'), w, 'complete', { result: '经勘测确权，界址已明确，双方签字认可' });
  expect(w.whistle.state).toBe('completed');
  expect(w.whistle.result).toMatchObject({ dept: 'zrzy', text: '经勘测确权，界址已明确，双方签字认可' });
  w = await whistleAct(twin, dept('nync'), w, 'complete', { result: '配合完成土地台账核对' });
  expect(w.whistle.state).toBe('completed');
  expect(w.whistle.assignments.find((a) => a.dept === 'nync')?.state).toBe('completed');

  // The cases followed the whistle (cascade whistle_closed as the system): the resident sees the result and rates (M-21).
  const mine = await call(twin, RESIDENT, 'cases', 'get', { caseId });
  expect(mine.case).toMatchObject({ state: 'resolved', whistleId: w.whistle.id });
  expect(mine.case.resolution).toMatchObject({ result: '经勘测确权，界址已明确，双方签字认可', whistleId: w.whistle.id });
  expect(mine.timeline.map((t) => t.action)).toEqual(['create', 'escalate', 'escalate', 'attach_to_whistle', 'whistle_closed']);
  expect(mine.actions.map((a) => a.action)).toContain('rate');
  const rated = await call(twin, RESIDENT, 'cases', 'act', { caseId, action: 'rate', expectedVersion: mine.case.version, input: { score: '满意' } });
  expect(rated.case.state).toBe('closed');
  expect((await call(twin, RESIDENT_2, 'cases', 'get', { caseId: otherCaseId })).case.state).toBe('resolved');

  // Every step is audited on the whistle's timeline.
  expect(w.timeline.map((t) => t.action)).toEqual(['propose', 'collect', 'review', 'approve', 'dispatch', 'check_in', 'check_in', 'progress', 'complete', 'complete']);
  expect(w.timeline.find((t) => t.action === 'check_in')).toMatchObject({ actorLabel: '自然资源局 · 县直部门', text: '报到人：王科长' });

  // Notifications are queued for the sender, one per recipient unit.
  const sent = notificationsOf(w.whistle.id).map((n) => `${n.to}:${n.unit}:${n.template}`);
  expect(sent).toEqual(
    expect.arrayContaining([
      'whistle_office:hb:whistle_submitted',
      'department:zrzy:whistle_dispatched_lead',
      'department:nync:whistle_dispatched_co',
      'department:mz:whistle_dispatched_co',
      'township:dy:department_checked_in',
      'township:dy:whistle_completed',
    ]),
  );
  expect(notificationsOf(caseId).map((n) => `${n.to}:${n.template}`)).toEqual(expect.arrayContaining(['reporter:case_whistled', 'reporter:case_resolved']));

  // Inboxes by state: the township's whistle is completed; the department's part is done.
  const township = await call(twin, DY.township, 'whistles', 'inbox', { view: 'all' });
  expect(township.items.find((i) => i.id === w.whistle.id)?.state).toBe('completed');
  expect(township.counts.completed).toBeGreaterThanOrEqual(1);
  expect((await call(twin, DY.township, 'whistles', 'inbox', {})).items.map((i) => i.id)).not.toContain(w.whistle.id);
  expect((await call(twin, dept('zrzy'), 'whistles', 'inbox', { state: 'completed' })).items.map((i) => i.id)).toContain(w.whistle.id);
});

test('急哨: an urgent-list matter goes straight to the departments, registered with the whistle office, check-in due the same day', async () => {
  const caseId = await submitCase(twin, { grid: XH.grid, matterType: FIRE_LANE.matterType, text: '小区3栋楼下消防通道被私家车堵死了，消防车进不来' });
  let w = await approvedWhistle(twin, XH.township, { ...FIRE_LANE, urgent: true }, [caseId]);
  expect(w.whistle).toMatchObject({ state: 'dispatched', kind: 'urgent', kindLabel: '急哨' });
  expect(w.whistle.registeredAt).toBe(w.whistle.steps.approve?.at);
  expect(w.whistle.assignments.map((a) => [a.dept, a.role])).toEqual([
    ['xfjy', 'lead'],
    ['gaj', 'co'],
  ]);
  // Same day (M-13, M-14a): 23:59:59 CST of the approval day.
  const cstDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const due = w.whistle.assignments[0].checkInDue;
  expect(cstDay(due)).toBe(cstDay(w.whistle.registeredAt!));
  expect(new Date(new Date(due).getTime() + 8 * 3600_000).toISOString().slice(11, 19)).toBe('23:59:59');

  const office = await call(twin, OFFICE, 'whistles', 'inbox', { kind: 'urgent' });
  expect(office.items.map((i) => i.id)).toContain(w.whistle.id);
  expect(office.counts.urgent).toBeGreaterThanOrEqual(1);
  expect(notificationsOf(w.whistle.id).map((n) => n.template)).toEqual(expect.arrayContaining(['urgent_whistle_registered', 'whistle_dispatched_lead']));
  expect((await call(twin, dept('xfjy'), 'whistles', 'inbox', {})).items.map((i) => i.id)).toContain(w.whistle.id);

  w = await whistleAct(twin, dept('xfjy'), w, 'check_in', { handler: '消防大队张队长', onSiteAt: new Date().toISOString() });
  expect(w.whistle.assignments[0].checkIn?.onTime).toBe(true);
  w = await whistleAct(twin, dept('xfjy'), w, 'complete', { result: '已联系车主挪车，通道畅通，设置禁停标识' });
  expect((await call(twin, RESIDENT, 'cases', 'get', { caseId })).case.state).toBe('resolved');
});

test('a basic-duty matter is rejected at review citing M-3, and its case returns to the township', async () => {
  const caseId = await submitCase(twin, { grid: XH.grid, matterType: 'garbage_pile', text: '巷子口的垃圾好几天没人清运，臭气熏天' });
  let w: WhistleDetail = await call(twin, XH.township, 'whistles', 'propose', { clientRequestId: requestId('w'), matterType: 'garbage_pile', title: '巷口垃圾', description: '巷口垃圾长期堆放', caseIds: [caseId] });
  expect(w.route).toMatchObject({ handler: 'township', list: 'basic', boundary: { ok: false, code: 'WHISTLE_BOUNDARY', rule: 'M-3' } });
  w = await whistleAct(twin, XH.township, w, 'review', { decision: 'pass' });
  expect(w.whistle.state).toBe('rejected');
  expect(w.whistle.rejection).toMatchObject({ code: 'WHISTLE_BOUNDARY', rule: 'M-3' });
  expect(w.whistle.rejection?.message).toContain('基本履职事项');
  expect(w.actions).toEqual([]);
  const c = await call(twin, XH.township, 'cases', 'get', { caseId });
  expect(c.case).toMatchObject({ state: 'township_claimed', whistleId: null });
  expect(c.timeline.map((t) => t.action)).toEqual(['create', 'attach_to_whistle', 'detach_from_whistle']);
  expect(notificationsOf(w.whistle.id).map((n) => `${n.to}:${n.unit}:${n.template}`)).toContain('township:xh:whistle_rejected');
});

test('an urgent whistle for a matter not on the urgent list is refused (M-13); a retried propose creates one whistle', async () => {
  const caseId = await caseAtTownship(twin, DY, LAND.matterType);
  expect(await errorCode(call(twin, DY.township, 'whistles', 'propose', { clientRequestId: requestId('w'), ...LAND, urgent: true, caseIds: [caseId] }))).toBe(
    'URGENT_NOT_ALLOWED',
  );
  // Refused atomically: the case was not attached.
  expect((await call(twin, DY.township, 'cases', 'get', { caseId })).case.state).toBe('township_pending');

  const clientRequestId = requestId('same');
  const first = await call(twin, DY.township, 'whistles', 'propose', { clientRequestId, ...LAND, caseIds: [caseId] });
  const again = await call(twin, DY.township, 'whistles', 'propose', { clientRequestId, ...LAND, caseIds: [caseId] });
  expect(again.created).toBe(false);
  expect(again.whistle.id).toBe(first.whistle.id);
  expect(again.whistle.version).toBe(1);
});

test('a case outside the township cannot be attached, and nothing is written', async () => {
  const xhCase = await submitCase(twin, { grid: XH.grid, matterType: LAND.matterType, text: '富民社区有两户人家为一块地吵了半年' });
  const before = (await call(twin, DY.township, 'whistles', 'inbox', { view: 'all' })).counts;
  expect(await errorCode(call(twin, DY.township, 'whistles', 'propose', { clientRequestId: requestId('w'), ...LAND, caseIds: [xhCase] }))).toBe('OUT_OF_JURISDICTION');
  expect(await errorCode(call(twin, DY.township, 'whistles', 'propose', { clientRequestId: requestId('w'), ...LAND, caseIds: ['c-no-such-case'] }))).toBe('NOT_FOUND');
  expect((await call(twin, DY.township, 'whistles', 'inbox', { view: 'all' })).counts).toEqual(before);
  expect((await call(twin, XH.township, 'cases', 'get', { caseId: xhCase })).case.state).toBe('grid_pending');
});

test('inboxes page in a stable order: nearest deadline first, then the oldest', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const w = await call(twin, DY.township, 'whistles', 'propose', { clientRequestId: requestId('page'), ...LAND, title: `分页测试${i}`, caseIds: [] });
    ids.push(w.whistle.id);
  }
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(twin, DY.township, 'whistles', 'inbox', { state: 'proposed', limit: 2, ...(cursor ? { cursor } : {}) });
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.filter((id) => ids.includes(id))).toEqual(ids); // no deadline yet: oldest first

  expect(await errorCode(call(twin, DY.township, 'whistles', 'inbox', { state: 'checked_in' }))).toBe('VALIDATION');
  expect(await errorCode(call(twin, RESIDENT, 'whistles', 'inbox', {}))).toBe('FORBIDDEN_ROLE');
  expect(await errorCode(call(twin, DY.gridWorker, 'whistles', 'inbox', {}))).toBe('FORBIDDEN_ROLE');
});

test('a department reads the cases of a whistle dispatched to it, and only those (M-17)', async () => {
  const { caseId } = await dispatchedLandWhistle(twin);
  const seen = await call(twin, dept('zrzy'), 'cases', 'get', { caseId });
  expect(seen.case.id).toBe(caseId);
  expect(seen.actions).toEqual([]);
  expect(await errorCode(call(twin, dept('jtys'), 'cases', 'get', { caseId }))).toBe('OUT_OF_JURISDICTION');
});

test('every query above was answered by an index', () => {
  expect(unindexed).toEqual([]);
});
