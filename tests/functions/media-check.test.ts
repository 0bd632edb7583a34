// Photo content security (issue 5 §7): each photo of a report goes to WeChat's asynchronous image check
// (security.mediaCheckAsync v2); until every verdict is in the case stays with its reporter and the grid
// worker — not in community / township inboxes, not readable by them, not escalatable. The verdict arrives
// as the platform's `wxa_media_check` push (the twin delivers it like WeChat) to the `content` function.
// Time: the twin's clock stamps the timeout timer's event (`Time`), the "now" of the timeout run.
import ExcelJS from 'exceljs';
import { periodContaining } from '../../domain/assessment';
import type { CaseDetail } from '../../domain/api';
import type { WhistleDetail } from '../../domain/api/whistles';
import { call, callRaw, errorCode, type Twin } from '../helpers/twin-harness';
import { indexedTwinPerFile, shiftedClock } from '../helpers/twin-per-file';
import { DY, LEADER, OFFICE, RESIDENT, XH, dept, dispatchedLandWhistle, requestId, uploadPhoto, whistleAct } from '../helpers/whistle-flows';
import { ENV, pointSdkAt, type WxCloud } from '../twin/harness';

const clock = shiftedClock();
let twin: Twin;
const { unindexed } = indexedTwinPerFile((t) => (twin = t), { now: clock.now });

const upload = (name: string) => uploadPhoto(twin, name);

/** Distinct problems, so intake de-duplication (M-6) keeps each report its own case. */
const REPORTS = [
  { matterType: 'garbage_pile', text: '富民社区3栋楼下垃圾堆了三天没人清理' },
  { matterType: 'streetlight_broken', text: '富民路北段路灯一到晚上就不亮，老人走路害怕' },
  { matterType: 'manhole_cover', text: '菜市场门口井盖缺了一角，电动车容易摔' },
  { matterType: 'stray_dogs', text: '小广场最近有几条流浪狗追咬小孩' },
  { matterType: 'sewage_overflow', text: '五号楼后面下水道堵了，污水流到路上' },
  { matterType: 'outdoor_ads', text: '沿街新挂了一块很大的广告牌，看着摇摇欲坠' },
  { matterType: 'public_toilet', text: '公园东侧公厕的水龙头坏了一直在漏水' },
];
let reports = 0;

async function reportWithPhotos(n: number): Promise<{ caseId: string; photos: string[]; traces: string[] }> {
  const photos = await Promise.all(Array.from({ length: n }, (_, i) => upload(`p${i}.jpg`)));
  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', {
    clientRequestId: requestId('media'),
    ...REPORTS[reports++ % REPORTS.length],
    grid: XH.grid,
    photos,
  });
  const calls = twin.outbox().filter((o) => o.apiName === 'security.mediaCheckAsync').slice(-n);
  return { caseId, photos, traces: calls.map((c) => String(c.result.trace_id)) };
}

async function verdict(traceId: string, suggest: 'pass' | 'risky' | 'review', label?: number) {
  const res = await fetch(`${twin.url}/_twin/media-checks/${traceId}/verdict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ function: 'content', suggest, ...(label ? { label } : {}) }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: { ok: boolean; data?: Record<string, unknown>; error?: { code: string } } }).result;
}

const get = (openid: string, caseId: string): Promise<CaseDetail> => call(twin, openid, 'cases', 'get', { caseId });
const inboxIds = async (openid: string, view: 'todo' | 'all' = 'all') => (await call(twin, openid, 'cases', 'inbox', { view, limit: 50 })).items.map((c) => c.id);
const stored = (caseId: string) => twin.db.browse('cases', { limit: 10_000 }).find((d) => (d as { _id: string })._id === caseId) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

test('every photo is sent to mediaCheckAsync (v2, scene 2, the reporter, a temporary URL of the file)', async () => {
  const { caseId, photos, traces } = await reportWithPhotos(2);
  const calls = twin.outbox().filter((o) => o.apiName === 'security.mediaCheckAsync').slice(-2);
  for (const c of calls) {
    expect(c.payload).toMatchObject({ version: 2, scene: 2, media_type: 2, openid: RESIDENT, media_url: expect.stringMatching(/^http/) });
    expect(c.caller?.functionName).toBe('cases');
  }
  expect(stored(caseId)).toMatchObject({
    visibleBeyondGrid: false,
    contentCheck: { text: 'pass', images: 'pending', pending: traces, photos: photos.map((fileID, i) => ({ fileID, traceId: traces[i], status: 'pending' })) },
  });
});

test('pending → invisible beyond the grid, cannot be escalated; all pass → visible; every step audited', async () => {
  const { caseId, traces } = await reportWithPhotos(2);
  // The reporter and the grid worker see it (the grid worker with a note); the others do not.
  expect((await get(RESIDENT, caseId)).case.contentNotice).toContain('审核');
  const forGrid = await get(XH.gridWorker, caseId);
  expect(forGrid.case.contentNotice).toContain('仅反映人和本网格员可见');
  expect(forGrid.actions.map((a) => a.action)).not.toContain('escalate');
  expect(await inboxIds(XH.gridWorker, 'todo')).toContain(caseId);
  for (const staff of [XH.community, XH.township, OFFICE]) expect(await errorCode(get(staff, caseId))).toBe('OUT_OF_JURISDICTION');
  for (const staff of [XH.community, XH.township]) expect(await inboxIds(staff)).not.toContain(caseId);
  const escalate = () => call(twin, XH.gridWorker, 'cases', 'act', { caseId, action: 'escalate', expectedVersion: stored(caseId).version, input: { reason: '需社区协调' } });
  expect(await errorCode(escalate())).toBe('CONTENT_PENDING');

  expect(await verdict(traces[0], 'pass')).toMatchObject({ ok: true, data: { caseId, images: 'pending' } });
  expect(await errorCode(get(XH.community, caseId))).toBe('OUT_OF_JURISDICTION'); // one photo still pending
  expect(await verdict(traces[1], 'pass')).toMatchObject({ ok: true, data: { caseId, images: 'pass' } });

  expect(stored(caseId)).toMatchObject({ visibleBeyondGrid: true, contentCheck: { images: 'pass', pending: [], reviewDue: null } });
  for (const staff of [XH.community, XH.township]) expect(await inboxIds(staff)).toContain(caseId);
  const seen = await get(XH.community, caseId);
  expect(seen.case.photos).toHaveLength(2);
  expect((await get(XH.gridWorker, caseId)).case.contentNotice).toBeUndefined();
  expect((await escalate()).case.state).toBe('community_pending');
  expect(await inboxIds(XH.community, 'todo')).toContain(caseId);

  const events = twin.db.browse('events', { limit: 10_000 }).filter((e) => (e as { entityId: string }).entityId === caseId) as { action: string; actor: { role: string }; data: Record<string, unknown> }[];
  expect(events.map((e) => e.action)).toEqual(['create', 'media_verdict', 'media_verdict', 'escalate']);
  expect(events[1]).toMatchObject({ actor: { role: 'system' }, data: { traceId: traces[0], suggest: 'pass', images: 'pending', visibleBeyondGrid: false } });
  // A repeated push (WeChat retries) changes nothing.
  expect(await verdict(traces[1], 'pass')).toMatchObject({ ok: true, data: { duplicate: true } });
});

test('risky → that photo is hidden everywhere (timeline too), the reporter is told why; the text stays', async () => {
  const { caseId, photos, traces } = await reportWithPhotos(2);
  await verdict(traces[0], 'risky', 20002);
  await verdict(traces[1], 'pass');
  expect(stored(caseId)).toMatchObject({ photos: [photos[1]], visibleBeyondGrid: true, contentCheck: { images: 'rejected' } });

  const mine = await get(RESIDENT, caseId);
  expect(mine.case.text).toBe(stored(caseId).text);
  expect(mine.case.contentNotice).toBe('您上传的1张照片未通过内容安全审核（含有色情内容），已隐藏，其他人看不到。文字描述不受影响，问题会照常处理。');
  for (const viewer of [RESIDENT, XH.gridWorker, XH.community, XH.township]) {
    const reply = JSON.stringify(await get(viewer, caseId));
    expect(reply).not.toContain(photos[0]);
    expect(reply).toContain(photos[1]);
  }
  // Told through the notification queue → the reporter's notification centre.
  const queued = twin.db.browse('notifications', { limit: 10_000 }).filter((n) => (n as { entityId: string }).entityId === caseId);
  expect(queued).toContainEqual(expect.objectContaining({ to: 'reporter', template: 'photo_rejected' }));
  await twin.fireTrigger('clock', 'notify');
  const messages = await call(twin, RESIDENT, 'account', 'messages', { limit: 50 });
  expect(messages.items.map((m) => m.title)).toContain('您上传的照片未通过审核已隐藏，问题照常处理');
});

test('verdicts that never arrive → review by the grid worker after the timeout; release or hide', async () => {
  const a = await reportWithPhotos(1);
  const b = await reportWithPhotos(1);
  const reviewDue = Date.parse(stored(a.caseId).contentCheck.reviewDue);
  expect(reviewDue - Date.now()).toBeGreaterThan(29 * 60_000);

  const early = (await twin.fireTrigger('content', 'mediaTimeout')) as { ok: boolean; data: { toReview: number } };
  expect(early).toMatchObject({ ok: true, data: { toReview: 0 } });
  clock.offset = 31 * 60_000;
  const late = (await twin.fireTrigger('content', 'mediaTimeout')) as { ok: boolean; data: { toReview: number } };
  expect(late.ok).toBe(true);
  expect(late.data.toReview).toBeGreaterThanOrEqual(2);
  expect(stored(a.caseId)).toMatchObject({ visibleBeyondGrid: false, contentCheck: { images: 'review', pending: [], reviewDue: null } });

  // Still hidden from the community; the grid worker is told and offered release / hide.
  expect(await errorCode(get(XH.community, a.caseId))).toBe('OUT_OF_JURISDICTION');
  const forGrid = await get(XH.gridWorker, a.caseId);
  expect(forGrid.case.contentNotice).toContain('放行照片');
  expect(forGrid.actions.map((x) => x.action)).toEqual(expect.arrayContaining(['release_photos', 'hide_photos']));
  expect(forGrid.actions.map((x) => x.action)).not.toContain('escalate');
  expect(twin.db.browse('notifications', { limit: 10_000 })).toContainEqual(expect.objectContaining({ entityId: a.caseId, to: 'level', unit: XH.grid, template: 'photo_review' }));
  // Only the grid worker of the grid decides.
  expect(await errorCode(call(twin, RESIDENT, 'cases', 'act', { caseId: a.caseId, action: 'release_photos', expectedVersion: forGrid.case.version, input: {} }))).toBe('FORBIDDEN_ROLE');

  const released = await call(twin, XH.gridWorker, 'cases', 'act', { caseId: a.caseId, action: 'release_photos', expectedVersion: forGrid.case.version, input: { comment: '照片是垃圾堆，无不当内容' } });
  expect(released.actions.map((x) => x.action)).toContain('escalate');
  expect((await get(XH.community, a.caseId)).case.photos).toHaveLength(1);

  const bView = await get(XH.gridWorker, b.caseId);
  await call(twin, XH.gridWorker, 'cases', 'act', { caseId: b.caseId, action: 'hide_photos', expectedVersion: bView.case.version, input: {} });
  expect(stored(b.caseId)).toMatchObject({ photos: [], visibleBeyondGrid: true, contentCheck: { images: 'rejected' } });
  expect((await get(RESIDENT, b.caseId)).case.contentNotice).toContain('经网格员审核不宜公开');

  // A late risky verdict still hides a released photo.
  await verdict(a.traces[0], 'risky', 10001);
  expect(stored(a.caseId).photos).toEqual([]);
  expect((await get(RESIDENT, a.caseId)).case.contentNotice).toContain('含有广告');
});

test('a verdict is accepted only from the platform push, never from a client call', async () => {
  const { caseId, traces } = await reportWithPhotos(1);
  const forged = { MsgType: 'event', Event: 'wxa_media_check', FromUserName: RESIDENT, trace_id: traces[0], version: 2, result: { suggest: 'pass', label: 100 } };
  expect(await callRaw(twin, RESIDENT, 'content', forged)).toMatchObject({ ok: false, error: { code: 'PUSH_ONLY' } });
  expect(await callRaw(twin, '', 'content', forged)).toMatchObject({ ok: false, error: { code: 'PUSH_ONLY' } });
  expect(await callRaw(twin, RESIDENT, 'content', { Type: 'Timer', TriggerName: 'mediaTimeout' })).toMatchObject({ ok: false, error: { code: 'TRIGGER_ONLY' } });
  expect(stored(caseId)).toMatchObject({ visibleBeyondGrid: false, contentCheck: { images: 'pending' } });
  expect(await errorCode(get(XH.community, caseId))).toBe('OUT_OF_JURISDICTION');
});

test('a verdict pushed before its case is inserted is kept, then applied once by submit (M-4)', async () => {
  const photo = await upload('early.jpg');
  const input = { clientRequestId: requestId('early'), ...REPORTS[reports++ % REPORTS.length], grid: XH.grid, photos: [photo] };
  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', input);
  const traceId = stored(caseId).contentCheck.photos[0].traceId as string;
  // Back to the moment inside submit between recording the trace ids and inserting the case: the check
  // exists, the case does not (the real SDK of this process, over HTTP, as inside a function).
  pointSdkAt(twin.url);
  const cloud: WxCloud = require('wx-server-sdk'); // eslint-disable-line @typescript-eslint/no-require-imports
  cloud.init({ env: ENV });
  const cases = cloud.database().collection('cases');
  const { _id, ...inserted } = stored(caseId);
  await cases.doc(_id).remove();
  const check = () => twin.db.browse('media_checks', { limit: 10_000 }).find((d) => (d as { _id: string })._id === traceId) as Record<string, unknown>;

  // The push finds no case: the verdict is kept on its check instead of being lost.
  expect(await verdict(traceId, 'risky', 20002)).toMatchObject({ ok: true, data: { caseId, waiting: true } });
  expect(check()).toMatchObject({ caseId, verdict: { suggest: 'risky', label: 20002, receivedAt: expect.any(String) } });
  expect(check().appliedAt).toBeUndefined();
  // A repeated push before the insert keeps the first verdict.
  expect(await verdict(traceId, 'pass')).toMatchObject({ ok: true, data: { caseId, waiting: true } });
  expect(check()).toMatchObject({ verdict: { suggest: 'risky' } });

  // The insert lands; submit (here its retry with the same request id) applies the stored verdict.
  await cases.doc(_id).set({ data: inserted });
  expect(await call(twin, RESIDENT, 'cases', 'submit', input)).toMatchObject({ caseId, created: false });
  const applied = stored(caseId);
  expect(applied).toMatchObject({ photos: [], version: inserted.version + 1, visibleBeyondGrid: true, contentCheck: { images: 'rejected', pending: [] } });
  expect(check().appliedAt).toEqual(expect.any(String));
  expect((await get(RESIDENT, caseId)).case.contentNotice).toContain('色情');
  const verdictEvents = () => twin.db.browse('events', { limit: 10_000 }).filter((e) => (e as { entityId: string; action: string }).entityId === caseId && (e as { action: string }).action === 'media_verdict');
  expect(verdictEvents()).toHaveLength(1);

  // Idempotent: another push, another retried submit change nothing.
  expect(await verdict(traceId, 'risky', 20002)).toMatchObject({ ok: true, data: { caseId, duplicate: true } });
  await call(twin, RESIDENT, 'cases', 'submit', input);
  expect(stored(caseId).version).toBe(applied.version);
  expect(verdictEvents()).toHaveLength(1);
});

test('the 吹哨办 / leader lists, the XLSX export and 集中反映 leave out a held case until its verdict (issue 5 §7)', async () => {
  const period = periodContaining(new Date(), 'month').key;
  // One matter type from three townships (集中反映, M-24): two cleared reports and one with a pending photo.
  const text = '浔湖街道菜市场门口占道经营，早上车过不去';
  const photo = await upload('vending.jpg');
  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', { clientRequestId: requestId('held'), matterType: 'street_vending', text, grid: XH.grid, photos: [photo] });
  const traceId = stored(caseId).contentCheck.photos[0].traceId as string;
  const others = [
    { grid: DY.grid, text: '大垸乡集镇路口摆摊卖菜，堵住了半条路' },
    { grid: 'hh-hh-01', text: '黄花镇学校门口小摊贩占道，接孩子很挤' },
  ];
  for (const o of others) await call(twin, RESIDENT, 'cases', 'submit', { clientRequestId: requestId('vend'), matterType: 'street_vending', ...o, photos: [] });

  const listed = async () => {
    const view = await call(twin, OFFICE, 'evaluation', 'caseList', { period });
    const leader = await call(twin, LEADER, 'evaluation', 'caseList', { period, township: 'xh' });
    const exported = await call(twin, OFFICE, 'evaluation', 'exportCases', { period });
    const res = await fetch(encodeURI(exported.url));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const cells = JSON.stringify(wb.worksheets.map((ws) => ws.getSheetValues()));
    const hot = await call(twin, LEADER, 'supervision', 'flags', { flag: 'concentrated' });
    const cluster = hot.flag === 'concentrated' ? hot.clusters.find((c) => c.by === 'matterType' && c.key === 'street_vending') : undefined;
    return {
      list: view.rows.some((r) => r.id === caseId),
      township: leader.rows.some((r) => r.id === caseId),
      xlsx: cells.includes(text),
      concentrated: Boolean(cluster?.cases.some((c) => c.id === caseId)),
      others: others.every((o) => view.rows.some((r) => r.text === o.text) && cells.includes(o.text)),
    };
  };
  expect(await listed()).toEqual({ list: false, township: false, xlsx: false, concentrated: false, others: true });
  await verdict(traceId, 'pass');
  expect(await listed()).toEqual({ list: true, township: true, xlsx: true, concentrated: true, others: true });
});

describe('staff attachments (issue 5 §7): checked as the uploader, shown at once, hidden by a risky or review verdict', () => {
  const traceOf = (fileID: string) => String((twin.db.browse('media_checks', { limit: 10_000 }) as { _id: string; fileID: string }[]).find((c) => c.fileID === fileID)?._id);
  const fileIds = (photos: { fileID: string }[] | undefined) => (photos ?? []).map((p) => p.fileID);

  test('a resolution’s photos: the risky one leaves the resolution and the timeline for everyone; pass changes nothing', async () => {
    const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', { clientRequestId: requestId('att'), text: '富民社区5栋门口的垃圾桶满了没人清', matterType: 'garbage_pile', grid: XH.grid });
    let d = await call(twin, XH.gridWorker, 'cases', 'act', { caseId, action: 'claim', expectedVersion: stored(caseId).version, input: {} });
    const [good, bad] = [await upload('cleaned.jpg'), await upload('bad.jpg')];
    d = await call(twin, XH.gridWorker, 'cases', 'act', { caseId, action: 'resolve', expectedVersion: d.case.version, input: { result: '已清运干净', photos: [good, bad] } });
    const checks = twin.outbox().filter((o) => o.apiName === 'security.mediaCheckAsync' && o.caller?.functionName === 'cases').slice(-2);
    expect(checks.map((c) => c.payload)).toEqual([expect.objectContaining({ version: 2, scene: 2, openid: XH.gridWorker }), expect.objectContaining({ openid: XH.gridWorker })]);
    // Not held: the resident sees both photos at once, and the case stays visible beyond the grid.
    expect(fileIds((await get(RESIDENT, caseId)).case.resolution?.photos)).toEqual([good, bad]);
    expect(stored(caseId).visibleBeyondGrid).toBe(true);

    expect(await verdict(traceOf(bad), 'risky', 20002)).toMatchObject({ ok: true, data: { entity: 'case', id: caseId, images: 'hidden' } });
    expect(await verdict(traceOf(good), 'pass')).toMatchObject({ ok: true, data: { entity: 'case', id: caseId, images: 'pass' } });
    expect(await verdict(traceOf(bad), 'pass')).toMatchObject({ ok: true, data: { duplicate: true } }); // a repeated push changes nothing
    for (const viewer of [RESIDENT, XH.gridWorker, XH.community]) {
      const view = await get(viewer, caseId);
      expect(fileIds(view.case.resolution?.photos)).toEqual([good]);
      expect(view.timeline.find((t) => t.action === 'resolve')?.photos).toEqual([good]);
    }
    // Staff are told a photo was hidden (they may upload another); the resident is not.
    const forStaff = await get(XH.gridWorker, caseId);
    expect(forStaff.attachmentNotice).toContain('1 张办理照片未通过内容安全审核');
    expect((await get(RESIDENT, caseId)).attachmentNotice).toBeUndefined();
    // Each verdict is an audited system step on the case (staff timeline only).
    expect(forStaff.timeline.filter((t) => t.action === 'attachment_verdict').map((t) => [t.actorLabel, t.text])).toEqual([
      ['系统', expect.stringContaining('照片已隐藏')],
      ['系统', '照片审核通过'],
    ]);
    expect((await get(RESIDENT, caseId)).timeline.map((t) => t.action)).not.toContain('attachment_verdict');
  });

  test('a department’s progress photo judged review is out of the whistle page and its timeline', async () => {
    let { w } = await dispatchedLandWhistle(twin);
    w = await whistleAct(twin, dept('zrzy'), w, 'check_in', { handler: '王科长', onSiteAt: new Date().toISOString() });
    const [site, doubtful] = [await upload('site.jpg'), await upload('doubtful.jpg')];
    w = await whistleAct(twin, dept('zrzy'), w, 'progress', { text: '已到现场勘测界址', photos: [site, doubtful] });
    expect(w.whistle.progress[0].photos.map((p) => p.fileID)).toEqual([site, doubtful]);
    expect(await verdict(traceOf(doubtful), 'review')).toMatchObject({ ok: true, data: { entity: 'whistle', id: w.whistle.id, images: 'hidden' } });
    for (const viewer of [dept('zrzy'), OFFICE, DY.township]) {
      const view: WhistleDetail = await call(twin, viewer, 'whistles', 'get', { whistleId: w.whistle.id });
      expect(view.whistle.progress[0].photos.map((p) => p.fileID)).toEqual([site]);
      expect(view.timeline.find((t) => t.action === 'progress')?.photos).toEqual([site]);
      expect(view.attachmentNotice).toContain('1 张办理照片');
    }
  });
});

test('held cases past their claim deadline never hold up the SLA clock: it pages past them (M-11)', async () => {
  // More held cases than one clock batch (50), all due before a visible case.
  const held: string[] = [];
  for (let i = 0; i < 52; i++) held.push((await reportWithPhotos(1)).caseId);
  const { caseId: visible } = await call(twin, RESIDENT, 'cases', 'submit', { clientRequestId: requestId('clock'), text: '小区南门的路灯坏了一个星期', matterType: 'streetlight_broken', grid: XH.grid });
  expect(stored(visible).visibleBeyondGrid).toBe(true);

  clock.offset = 10 * 24 * 3600_000;
  const run = (await twin.fireTrigger('clock', 'clock')) as { ok: boolean; data: { escalated: number; skipped: number; more: boolean } };
  expect(run.ok).toBe(true);
  expect(run.data.skipped).toBeGreaterThanOrEqual(held.length);
  expect(stored(visible)).toMatchObject({ state: 'community_pending', level: 'community' });
  for (const id of held) expect(stored(id)).toMatchObject({ state: 'grid_pending', visibleBeyondGrid: false });
}, 60_000);

test('inbox and timeout queries stay index-backed', () => {
  expect(unindexed).toEqual([]);
});
