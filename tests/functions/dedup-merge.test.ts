// Duplicate merge (M-6) through the real cases function and the twin: automatic merge of a located
// duplicate, staff suggestions below the threshold, staff merge and un-merge with every reporter's
// bookkeeping (notifications, rating, counted once), and a new case after the place's problem was fixed.
import type { CaseDetail } from '../../domain/api';
import { call, errorCode, type Twin } from '../helpers/twin-harness';
import { indexedTwinPerFile } from '../helpers/twin-per-file';
import { RESIDENT, RESIDENT_2, XH, requestId } from '../helpers/whistle-flows';

const RIDER = 'demo-rider';
/** 富民社区第六网格 centre; 0.0004° of latitude ≈ 45 m. */
const SPOT = { lat: 29.7079, lng: 116.0031 };
const near = (dLat: number) => ({ lat: SPOT.lat + dLat, lng: SPOT.lng });

let twin: Twin;
const { unindexed } = indexedTwinPerFile((t) => (twin = t));

async function report(openid: string, text: string, place?: { lat: number; lng: number }, grid: string = XH.grid) {
  return call(twin, openid, 'cases', 'submit', { clientRequestId: requestId('dup'), text, grid, matterType: 'garbage_pile', photos: [], ...(place ? { place } : {}) });
}

const act = (openid: string, d: CaseDetail, action: string, input: Record<string, unknown> = {}) =>
  call(twin, openid, 'cases', 'act', { caseId: d.case.id, action, expectedVersion: d.case.version, input });

async function messagesOf(openid: string) {
  await twin.fireTrigger('clock', 'notify');
  return (await call(twin, openid, 'account', 'messages', { limit: 50 })).items;
}

describe('a located duplicate is merged automatically; staff merge and un-merge (M-6)', () => {
  let primary: string;
  let second: string;
  let third: string;

  test('the second report at the same spot joins the first: one case, two reporters (集中反映)', async () => {
    const first = await report(RESIDENT, '富民社区6栋楼下垃圾堆了好几天没人清理，臭味很大', SPOT);
    primary = first.caseId;
    expect(first.mergedInto).toBeUndefined();

    const dup = await report(RESIDENT_2, '6栋楼下面垃圾成堆，好几天了，味道很难闻', near(0.0004));
    second = dup.caseId;
    expect(dup).toMatchObject({ created: true, mergedInto: primary });

    const staffView = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: primary });
    expect(staffView.case.reporterCount).toBe(2);
    expect(staffView.mergedReports?.map((r) => r.id)).toEqual([second]);

    const absorbed = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: second });
    expect(absorbed.case).toMatchObject({ state: 'merged', mergedInto: primary });
    expect(absorbed.timeline.map((t) => t.action)).toEqual(['create', 'auto_merge']);
    expect(absorbed.actions.map((a) => a.action)).toContain('unmerge');
  });

  test('counted once: inboxes list only the primary; the second reporter follows the primary', async () => {
    const todo = await call(twin, XH.gridWorker, 'cases', 'inbox', {});
    expect(todo.items.map((c) => c.id)).toContain(primary);
    expect(todo.items.map((c) => c.id)).not.toContain(second);
    const all = await call(twin, XH.gridWorker, 'cases', 'inbox', { view: 'all', limit: 50 });
    expect(all.items.map((c) => c.id)).not.toContain(second);

    const mine = await call(twin, RESIDENT_2, 'cases', 'mine', {});
    expect(mine.items.map((c) => c.id)).toEqual([primary]);
    const followed = await call(twin, RESIDENT_2, 'cases', 'get', { caseId: second });
    expect(followed.case).toMatchObject({ id: primary, reporterCount: 2 });
    expect(followed.case.reporter.isMe).toBe(true);

    const told = await messagesOf(RESIDENT_2);
    expect(told.filter((m) => m.subject.includes('6栋楼下面垃圾')).map((m) => m.title)).toContain('已有人反映同一问题，您的反映已合并办理');
    // No new task for the grid worker about the merged report.
    const gridMessages = await messagesOf(XH.gridWorker);
    expect(gridMessages.filter((m) => m.subject.includes('6栋楼下面垃圾'))).toEqual([]);
  });

  test('an unlocated report of the same problem is only suggested; the level holding it merges it', async () => {
    const hotline = await report(RIDER, '富民社区6栋楼下垃圾堆了好几天没人清理');
    third = hotline.caseId;
    expect(hotline.mergedInto).toBeUndefined();

    const view = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: third });
    const suggestion = view.duplicates?.find((s) => s.id === primary);
    expect(suggestion).toMatchObject({ kind: 'suggest', canMergeInto: true, distance: null });
    expect(view.actions.map((a) => a.action)).not.toContain('merge'); // merged from the suggestion list, which names the target

    // Another grid's worker may not merge it; nor into a case they cannot see.
    expect(await errorCode(act('demo-grid-xh-fm-01', view, 'merge', { into: primary }))).toBe('OUT_OF_JURISDICTION');
    const merged = await act(XH.gridWorker, view, 'merge', { into: primary, comment: '同一处垃圾' });
    expect(merged.case).toMatchObject({ state: 'merged', mergedInto: primary });

    const staffView = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: primary });
    expect(staffView.case.reporterCount).toBe(3);
    expect(staffView.mergedReports?.map((r) => r.id)).toEqual([second, third]);
  });

  test('un-merge restores the separate case with its reporter, notifications and state', async () => {
    const absorbed = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: second });
    expect(await errorCode(act(XH.gridWorker, absorbed, 'unmerge', {}))).toBe('REASON_REQUIRED');
    const restored = await act(XH.gridWorker, absorbed, 'unmerge', { reason: '现场核实是两处不同的垃圾点' });
    expect(restored.case).toMatchObject({ state: 'grid_pending', mergedInto: null, reporterCount: 1 });

    const staffView = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: primary });
    expect(staffView.case.reporterCount).toBe(2);
    expect(staffView.mergedReports?.map((r) => r.id)).toEqual([third]);
    expect((await call(twin, XH.gridWorker, 'cases', 'inbox', {})).items.map((c) => c.id)).toContain(second);
    expect((await call(twin, RESIDENT_2, 'cases', 'mine', {})).items.map((c) => c.id)).toEqual([second]);
    expect((await messagesOf(RESIDENT_2)).map((m) => m.title)).toContain('您反映的问题改为单独办理');
  });

  test('every reporter of the primary hears it is resolved, and each of them may rate it', async () => {
    let resolved = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: primary });
    resolved = await act(XH.gridWorker, await act(XH.gridWorker, resolved, 'claim'), 'resolve', { result: '已联系环卫清运，垃圾已清理' });
    expect(resolved.case.state).toBe('resolved');
    const resolvedTitle = '您反映的问题已办结，请评价处理结果';
    expect((await messagesOf(RESIDENT)).filter((m) => m.page.includes(primary)).map((m) => m.title)).toContain(resolvedTitle);
    expect((await messagesOf(RIDER)).filter((m) => m.page.includes(primary)).map((m) => m.title)).toContain(resolvedTitle);

    const riderView = await call(twin, RIDER, 'cases', 'get', { caseId: third });
    expect(riderView.case.id).toBe(primary);
    expect(riderView.actions.map((a) => a.action)).toContain('rate');
    const rated = await act(RIDER, riderView, 'rate', { score: '满意' });
    expect(rated.case.state).toBe('closed');

    // Each reporter may rate: the first reporter still can, and 不满意 reopens follow-up work (M-21).
    const firstView = await call(twin, RESIDENT, 'cases', 'get', { caseId: primary });
    expect(firstView.actions.map((a) => a.action)).toEqual(['add_rating']);
    expect((await call(twin, RIDER, 'cases', 'get', { caseId: primary })).actions).toEqual([]);
    const reopened = await act(RESIDENT, firstView, 'add_rating', { score: '不满意', comment: '旁边还有一堆没清' });
    expect(reopened.case.state).toBe('follow_up');
    expect(await errorCode(act(RESIDENT, reopened, 'add_rating', { score: '满意' }))).toBe('ALREADY_RATED');
    // Fixed again for the follow-up: a fresh resolution, rated afresh.
    let d = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: primary });
    d = await act(XH.gridWorker, await act(XH.gridWorker, d, 'claim'), 'resolve', { result: '旁边的垃圾也已清运' });
    const again = await call(twin, RESIDENT, 'cases', 'get', { caseId: primary });
    expect((await act(RESIDENT, again, 'rate', { score: '满意' })).case.state).toBe('closed');
  });

  test('a report at the same place after the fix starts a new case; staff see the earlier one as related', async () => {
    // The un-merged second case is fixed too: nothing open is left at the spot.
    let d = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: second });
    d = await act(XH.gridWorker, await act(XH.gridWorker, d, 'claim'), 'resolve', { result: '另一处垃圾点也已清运' });
    expect(d.case.state).toBe('resolved');

    const again = await report(RESIDENT_2, '富民社区6栋楼下垃圾又堆起来了，没人清理，臭味很大', near(0.0002));
    expect(again.mergedInto).toBeUndefined();
    const view = await call(twin, XH.gridWorker, 'cases', 'get', { caseId: again.caseId });
    expect(view.case.state).toBe('grid_pending');
    expect(view.duplicates?.find((s) => s.id === primary)).toMatchObject({ kind: 'recurrence', canMergeInto: false });
    expect(await errorCode(act(XH.gridWorker, view, 'merge', { into: primary }))).toBe('ILLEGAL_TRANSITION');
  });

  test('the duplicate search is index-backed', () => {
    expect(unindexed).toEqual([]);
  });
});
