// Evaluations (M-19, M-20, M-22), the assessment (M-23, M-25) and XLSX exports (issue 7 §7) through the
// real functions, the real wx-server-sdk and the twin: one per department per whistle, only the whistling
// township, only after completion; co-handler scoring only by the lead; export = screen; anonymity.
import ExcelJS from 'exceljs';
import { periodContaining } from '../../domain/assessment';
import { connectSdk } from '../../scripts/lib/sdk-client';
import type { AssessmentView, CaseListView } from '../../domain/api/evaluation';
import type { AuditEventDraft, WhistleDoc } from '../../domain/types';
import { call, errorCode, type Twin } from '../helpers/twin-harness';
import { indexedTwinPerFile } from '../helpers/twin-per-file';
import { DY, OFFICE, LEADER, RESIDENT, XH, dept, dispatchedLandWhistle, requestId, whistleAct } from '../helpers/whistle-flows';

let twin: Twin;
const { unindexed } = indexedTwinPerFile((t) => (twin = t));

const GRADES = { checkIn: '非常满意', handling: '满意', satisfaction: '满意', duty: '基本满意' } as const;
const period = periodContaining(new Date(), 'month').key;
let whistleId = '';
let whistleNo = '';

async function workbookAt(url: string): Promise<ExcelJS.Workbook> {
  const res = await fetch(encodeURI(url));
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return wb;
}

/** Sheet rows as objects keyed by the header row. */
function rowsOf(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null])));
  });
  return out;
}

test('evaluation rules: only the whistling township, only after completion, once per department', async () => {
  let { w } = await dispatchedLandWhistle(twin);
  whistleId = w.whistle.id;
  whistleNo = w.whistle.no;
  const evaluate = (openid: string, d: string) => call(twin, openid, 'evaluation', 'evaluate', { whistleId, dept: d, grades: GRADES, comment: '报到及时，处置得当' });

  expect(await errorCode(evaluate(DY.township, 'zrzy'))).toBe('ILLEGAL_TRANSITION'); // not completed yet (M-19)

  const now = new Date().toISOString();
  w = await whistleAct(twin, dept('zrzy'), w, 'check_in', { handler: '李工', onSiteAt: now });
  w = await whistleAct(twin, dept('nync'), w, 'check_in', { handler: '王工', onSiteAt: now });
  // 挂牌督办 on the supervision board, naming 民政局 (not yet on site) as the department to respond (M-24).
  await call(twin, OFFICE, 'supervision', 'list', { entity: 'whistle', id: whistleId, kind: 'other', reason: '民政局迟迟未到现场', dept: 'mz' });
  w = await call(twin, OFFICE, 'whistles', 'get', { whistleId });
  w = await whistleAct(twin, dept('zrzy'), w, 'complete', { result: '现场确权，双方签字认可', photos: [] });
  expect(w.whistle.state).toBe('completed');

  expect(await errorCode(evaluate(XH.township, 'zrzy'))).toBe('OUT_OF_JURISDICTION');
  expect(await errorCode(evaluate(OFFICE, 'zrzy'))).toBe('FORBIDDEN_ROLE');
  expect(await errorCode(evaluate(DY.township, 'nync'))).toBe('ILLEGAL_TRANSITION'); // checked in, not completed
  expect(await errorCode(call(twin, DY.township, 'evaluation', 'evaluate', { whistleId, dept: 'zrzy', grades: { ...GRADES, duty: '很好' } } as never))).toBe('VALIDATION');

  const before = await call(twin, DY.township, 'evaluation', 'forWhistle', { whistleId });
  expect(before.pending).toEqual([{ kind: 'township', kindLabel: '乡镇（街道）评价', dept: 'zrzy', deptName: '自然资源局' }]);
  const after = await evaluate(DY.township, 'zrzy');
  expect(after.pending).toEqual([]);
  expect(after.evaluations).toEqual([
    expect.objectContaining({
      kind: 'township',
      dept: 'zrzy',
      deptName: '自然资源局',
      roleLabel: '主办单位',
      byLabel: '大垸乡 · 乡镇(街道)党建办',
      grades: [
        { dimension: 'checkIn', label: '报到效率', grade: '非常满意' },
        { dimension: 'handling', label: '事项办理', grade: '满意' },
        { dimension: 'satisfaction', label: '群众满意度', grade: '满意' },
        { dimension: 'duty', label: '履职尽责', grade: '基本满意' },
      ],
    }),
  ]);
  // 一事一评、一部门一评: a second evaluation of the same department is refused and changes nothing.
  expect(await errorCode(evaluate(DY.township, 'zrzy'))).toBe('ALREADY_RATED');
  const stored = twin.db.browse('evaluations', { limit: 100 }) as { kind: string; whistleId: string; dept: string }[];
  expect(stored.filter((e) => e.whistleId === whistleId && e.kind === 'township')).toHaveLength(1);
  const events = twin.db.browse('events', { limit: 10_000 }) as { entity: string; action: string; data: { whistleId?: string } }[];
  expect(events.filter((e) => e.entity === 'evaluation' && e.data.whistleId === whistleId).map((e) => e.action)).toEqual(['township']);
});

test('co-handler scoring only by the lead (M-20); third-party evaluation by the 吹哨办 (M-22)', async () => {
  const score = (openid: string, d: string) => call(twin, openid, 'evaluation', 'scoreCoHandler', { whistleId, dept: d, cooperation: '基本满意', comment: '配合一般' });
  expect(await errorCode(score(dept('nync'), 'mz'))).toBe('OUT_OF_JURISDICTION');
  expect(await errorCode(score(DY.township, 'nync'))).toBe('FORBIDDEN_ROLE');
  expect(await errorCode(score(dept('zrzy'), 'zrzy'))).toBe('VALIDATION');
  const lead = await call(twin, dept('zrzy'), 'evaluation', 'forWhistle', { whistleId });
  expect(lead.pending.map((p) => [p.kind, p.dept])).toEqual([
    ['co_handler', 'nync'],
    ['co_handler', 'mz'],
  ]);
  const scored = await score(dept('zrzy'), 'nync');
  expect(scored.evaluations.find((e) => e.kind === 'co_handler')).toMatchObject({ dept: 'nync', cooperation: '基本满意', roleLabel: '协办单位' });
  expect(await errorCode(score(dept('zrzy'), 'nync'))).toBe('ALREADY_RATED');

  const third = await call(twin, OFFICE, 'evaluation', 'thirdParty', { whistleId, dept: 'zrzy', evaluator: '县社情民意调查中心', grades: { checkIn: '满意', handling: '满意', satisfaction: '满意', duty: '满意' } });
  expect(third.evaluations.map((e) => e.kind).sort()).toEqual(['co_handler', 'third_party', 'township']);
  // Departments see evaluations of themselves (and the lead its co-handler scores), not the others'.
  const mzView = await call(twin, dept('nync'), 'evaluation', 'forWhistle', { whistleId });
  expect(mzView.evaluations.map((e) => [e.kind, e.dept])).toEqual([['co_handler', 'nync']]);
});

test('assessment: composite score, breakdown with drill-down, ranking, late check-ins per person (M-23, M-25)', async () => {
  expect(await errorCode(call(twin, RESIDENT, 'evaluation', 'assessment', { period }))).toBe('FORBIDDEN_ROLE');
  expect(await errorCode(call(twin, dept('zrzy'), 'evaluation', 'assessment', { period }))).toBe('FORBIDDEN_ROLE');
  expect(await errorCode(call(twin, OFFICE, 'evaluation', 'assessment', { period: '2026-13' }))).toBe('VALIDATION');

  const view: AssessmentView = await call(twin, LEADER, 'evaluation', 'assessment', { period });
  const zrzy = view.rows.find((r) => r.dept === 'zrzy')!;
  // township (100+90+90+75)/4 = 88.75; third party 90; timeliness 2 of 2 met; no resident rating yet.
  expect(zrzy).toMatchObject({
    deptName: '自然资源局',
    rank: 2,
    whistles: { count: 1, ids: [whistleId] },
    township: { value: 88.75, count: 1, ids: [whistleId] },
    thirdParty: { value: 90, count: 1 },
    timeliness: { value: 100, count: 2 },
    coHandler: { value: null, count: 0 },
  });
  // (0.4·88.75 + 0.1·90 + 0.3·100) / 0.8 = 74.5 / 0.8 = 93.125
  expect(zrzy).toMatchObject({ base: 93.13, deduction: 0, score: 93.13 });
  // 农业农村局: cooperation 基本满意 75, check-in on time (its completion still runs): (0.1·75 + 0.3·100) / 0.4.
  const nync = view.rows.find((r) => r.dept === 'nync')!;
  expect(nync).toMatchObject({ rank: 1, score: 93.75, coHandler: { value: 75, count: 1, ids: [whistleId] }, checkInOnTime: { count: 1 } });
  expect(view.rows[0].dept).toBe('nync');
  // The board's supervision counts against 民政局 only: no component yet, so no score, but the deduction shows.
  expect(view.rows.find((r) => r.dept === 'mz')).toMatchObject({ score: null, rank: null, deduction: 2, supervisions: { count: 1, ids: [whistleId] } });
  expect(zrzy.supervisions.count).toBe(0);
  expect(view.whistles[whistleId]).toEqual({ no: whistleNo, title: expect.any(String), townshipName: '大垸乡' });
  expect(view.rows.filter((r) => r.score === null).every((r) => r.rank === null)).toBe(true);
  expect(unindexed).toEqual([]);
});

test('the assessment export holds the same numbers as the screen', async () => {
  const view: AssessmentView = await call(twin, OFFICE, 'evaluation', 'assessment', { period });
  const exported = await call(twin, OFFICE, 'evaluation', 'exportAssessment', { period });
  expect(exported).toMatchObject({ fileID: expect.stringMatching(/^cloud:\/\/.+\.xlsx$/), fileName: `部门综合考核-${period}.xlsx`, rows: view.rows.length });
  const wb = await workbookAt(exported.url);
  const ranking = rowsOf(wb.getWorksheet('综合考核排名')!);
  expect(ranking).toHaveLength(view.rows.length);
  ranking.forEach((cells, i) => {
    const r = view.rows[i];
    expect(cells).toEqual({
      排名: r.rank,
      部门: r.deptName,
      综合得分: r.score,
      加权分: r.base,
      扣分: r.deduction,
      派单数: r.whistles.count,
      乡镇评价: r.township.value,
      报到效率: r.dimensions.checkIn.value,
      事项办理: r.dimensions.handling.value,
      群众满意度: r.dimensions.satisfaction.value,
      履职尽责: r.dimensions.duty.value,
      协办配合: r.coHandler.value,
      第三方评价: r.thirdParty.value,
      群众评价: r.resident.value,
      按时率得分: r.timeliness.value,
      报到超时: r.checkInLate.count,
      办结超时: r.completionLate.count,
      督办次数: r.supervisions.count,
      退单: r.returns.count,
      延期: r.extensions.count,
    });
  });
  // Drill-down: the whistle behind 自然资源局's township evaluation, by its number.
  const detail = rowsOf(wb.getWorksheet('明细')!);
  expect(detail).toContainEqual({ 部门: '自然资源局', 项目: '乡镇评价', 数值: 88.75, 件数: 1, '哨单（诉求）编号': whistleNo });
});

test('case lists export the screen’s rows; anonymous reporters stay anonymous', async () => {
  const anonymousText = '匿名反映：夜里有人往河里倾倒建筑垃圾，请查处';
  await call(twin, 'demo-resident-2', 'cases', 'submit', { clientRequestId: requestId('anon'), text: anonymousText, grid: DY.grid, photos: [], anonymous: true });
  expect(await errorCode(call(twin, DY.township, 'evaluation', 'caseList', { period }))).toBe('FORBIDDEN_ROLE');

  const view: CaseListView = await call(twin, OFFICE, 'evaluation', 'caseList', { period });
  const anon = view.rows.find((r) => r.text === anonymousText)!;
  expect(anon.reporter).toBe('匿名');
  expect(view.rows.length).toBeGreaterThanOrEqual(2);

  const exported = await call(twin, OFFICE, 'evaluation', 'exportCases', { period });
  expect(exported.rows).toBe(view.rows.length);
  const wb = await workbookAt(exported.url);
  const ws = wb.worksheets[0];
  const rows = rowsOf(ws);
  expect(rows.map((r) => [r['编号'], r['登记时间'], r['事项类型'], r['状态'], r['反映人'], r['反映人数'], r['是否吹哨'], r['问题描述']])).toEqual(
    view.rows.map((r) => [r.no, r.createdAt, r.matterTypeName, r.stateLabel, r.reporter, r.reporterCount, r.whistled, r.text]),
  );
  // No cell anywhere in the workbook carries a reporter's identity.
  const everything = JSON.stringify(wb.worksheets.map((s) => s.getSheetValues()));
  expect(everything).not.toContain('demo-resident');
  expect(everything).toContain('匿名');
  // One township's list only holds that township's cases.
  const dy = await call(twin, LEADER, 'evaluation', 'caseList', { period, township: 'dy' });
  expect(dy.rows.every((r) => r.townshipName === '大垸乡')).toBe(true);
  expect(unindexed).toEqual([]);
});

test('a late check-in shows per person, is listed for supervision and lowers the department’s score (M-24, M-25)', async () => {
  // Functions stamp actions with the real clock, so this whistle's dispatch is moved back to Monday
  // 2026-03-02 10:00 CST in the store (document and audit event): check-in was due Wednesday 03-04 23:59:59.
  let { w } = await dispatchedLandWhistle(twin);
  const id = w.whistle.id;
  const db = connectSdk(twin.url).database();
  const stored = ((await db.collection('whistles').doc(id).get()) as unknown as { data: WhistleDoc }).data;
  const dispatchedAt = '2026-03-02T02:00:00.000Z';
  for (const a of stored.assignments) Object.assign(a, { dispatchedAt, checkInDue: '2026-03-04T15:59:59.000Z', completionDue: '2026-03-30T15:59:59.000Z' });
  stored.deadlines.completionDue = '2026-03-30T15:59:59.000Z';
  const { _id, ...rest } = stored;
  void _id;
  await db.collection('whistles').doc(id).set({ data: rest });
  const dispatch = ((await db.collection('events').where({ entity: 'whistle', entityId: id, action: 'dispatch' }).get()) as unknown as { data: (AuditEventDraft & { _id: string })[] }).data;
  await db.collection('events').doc(dispatch[0]._id).update({ data: { at: dispatchedAt } });

  w = await call(twin, OFFICE, 'whistles', 'get', { whistleId: id });
  w = await whistleAct(twin, dept('zrzy'), w, 'check_in', { handler: '张工', onSiteAt: new Date().toISOString() });
  expect(w.whistle.misses.map((m) => [m.kind, m.unit])).toContainEqual(['checkin_normal', 'zrzy']); // flagged late (M-25)
  await call(twin, OFFICE, 'supervision', 'list', { entity: 'whistle', id, kind: 'overdue', reason: '报到超时，督促加快办理', dept: 'zrzy' });
  w = await call(twin, OFFICE, 'whistles', 'get', { whistleId: id });
  w = await whistleAct(twin, dept('zrzy'), w, 'complete', { result: '已调解结案', photos: [] });
  await call(twin, DY.township, 'evaluation', 'evaluate', { whistleId: id, dept: 'zrzy', grades: { checkIn: '不满意', handling: '满意', satisfaction: '满意', duty: '满意' } });

  const march: AssessmentView = await call(twin, OFFICE, 'evaluation', 'assessment', { period: '2026-03' });
  const zrzy = march.rows.find((r) => r.dept === 'zrzy')!;
  // township (50+90+90+90)/4 = 80; timeliness 0 of 2 (check-in and completion late);
  // (0.4·80 + 0.3·0) / 0.7 = 45.714…, minus 2 for the supervision.
  expect(zrzy).toMatchObject({
    checkInLate: { count: 1, ids: [id] },
    completionLate: { count: 1, ids: [id] },
    supervisions: { count: 1, ids: [id] },
    timeliness: { value: 0, count: 2 },
    base: 45.71,
    score: 43.71,
  });
  expect(march.lateCheckIns).toContainEqual({ dept: 'zrzy', deptName: '自然资源局', handler: '张工', count: 1, whistleIds: [id] });
  const now: AssessmentView = await call(twin, OFFICE, 'evaluation', 'assessment', { period });
  expect(zrzy.score!).toBeLessThan(now.rows.find((r) => r.dept === 'zrzy')!.score!);
  expect(unindexed).toEqual([]);
});
