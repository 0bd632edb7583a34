// The first vertical slice through real functions, the real wx-server-sdk and the twin over HTTP:
// resident reports → grid escalates → community escalates → township resolves → resident rates (M-8, M-21).
import { connectSdk } from '../../scripts/lib/sdk-client';
import { call, callRaw, errorCode, type Twin } from '../helpers/twin-harness';
import { seededTwinPerFile } from '../helpers/twin-per-file';

const RESIDENT = 'demo-resident';
const OTHER_RESIDENT = 'demo-resident-2';
const GRID = 'demo-grid-xh-fm-06';
const OTHER_GRID = 'demo-grid-xh-fm-01';
const COMMUNITY = 'demo-community-xh-fm';
const TOWNSHIP = 'demo-township-xh';

let twin: Twin;
seededTwinPerFile((t) => (twin = t));

async function submit(openid = RESIDENT, clientRequestId = `req-${Math.random().toString(36).slice(2, 12)}`) {
  return call(twin, openid, 'cases', 'submit', {
    clientRequestId,
    text: '富民社区3栋楼下垃圾堆了三天没人清理，味道很大',
    grid: 'xh-fm-06',
    matterType: 'garbage_pile',
    photos: [],
  });
}

test('a report travels grid → community → township and is rated by its reporter', async () => {
  const { caseId } = await submit();

  const gridInbox = await call(twin, GRID, 'cases', 'inbox', {});
  expect(gridInbox.items.map((c) => c.id)).toContain(caseId);
  expect(gridInbox.scope.unitName).toBe('富民社区第六网格');

  let detail = await call(twin, GRID, 'cases', 'get', { caseId });
  expect(detail.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['claim', 'escalate']));
  detail = await call(twin, GRID, 'cases', 'act', { caseId, action: 'escalate', expectedVersion: detail.case.version, input: { reason: '需社区协调物业' } });
  expect(detail.case.state).toBe('community_pending');
  expect((await call(twin, GRID, 'cases', 'inbox', {})).items.map((c) => c.id)).not.toContain(caseId);

  expect((await call(twin, COMMUNITY, 'cases', 'inbox', {})).items.map((c) => c.id)).toContain(caseId);
  detail = await call(twin, COMMUNITY, 'cases', 'act', { caseId, action: 'escalate', expectedVersion: detail.case.version, input: { reason: '物业拒不清理，需街道处理' } });
  expect(detail.case.state).toBe('township_pending');

  detail = await call(twin, TOWNSHIP, 'cases', 'act', { caseId, action: 'claim', expectedVersion: detail.case.version, input: {} });
  detail = await call(twin, TOWNSHIP, 'cases', 'act', {
    caseId,
    action: 'resolve',
    expectedVersion: detail.case.version,
    input: { result: '已协调环卫清运，垃圾已清理完毕' },
  });
  expect(detail.case.state).toBe('resolved');

  const mine = await call(twin, RESIDENT, 'cases', 'get', { caseId });
  expect(mine.case.resolution?.result).toBe('已协调环卫清运，垃圾已清理完毕');
  expect(mine.timeline.map((t) => t.action)).toEqual(['create', 'escalate', 'escalate', 'claim', 'resolve']);
  expect(mine.actions.map((a) => a.action)).toContain('rate');

  const rated = await call(twin, RESIDENT, 'cases', 'act', { caseId, action: 'rate', expectedVersion: mine.case.version, input: { score: '满意' } });
  expect(rated.case.state).toBe('closed');
  expect(rated.case.rating).toMatchObject({ score: '满意', auto: false });
  expect(await errorCode(call(twin, RESIDENT, 'cases', 'act', { caseId, action: 'rate', expectedVersion: rated.case.version, input: { score: '不满意' } }))).toMatch(
    /ILLEGAL_TRANSITION|ALREADY_RATED/,
  );
});

test('a retried submit with the same client request id creates one case', async () => {
  const first = await submit(RESIDENT, 'same-request-0001');
  const again = await submit(RESIDENT, 'same-request-0001');
  expect(again).toEqual({ ...first, created: false });
  const mine = await call(twin, RESIDENT, 'cases', 'mine', { limit: 50 });
  expect(mine.items.filter((c) => c.id === first.caseId)).toHaveLength(1);
});

test('jurisdiction: other grids and other residents cannot see or act on a case', async () => {
  const { caseId } = await submit();
  expect(await errorCode(call(twin, OTHER_GRID, 'cases', 'get', { caseId }))).toBe('OUT_OF_JURISDICTION');
  expect(await errorCode(call(twin, OTHER_RESIDENT, 'cases', 'get', { caseId }))).toBe('OUT_OF_JURISDICTION');
  expect((await call(twin, OTHER_GRID, 'cases', 'inbox', {})).items.map((c) => c.id)).not.toContain(caseId);
  expect(await errorCode(call(twin, OTHER_GRID, 'cases', 'act', { caseId, action: 'claim', expectedVersion: 1, input: {} }))).toBe('OUT_OF_JURISDICTION');
  // The reporter may see the case but not handle it.
  expect(await errorCode(call(twin, RESIDENT, 'cases', 'act', { caseId, action: 'claim', expectedVersion: 1, input: {} }))).toMatch(/FORBIDDEN_ROLE|OUT_OF_JURISDICTION/);
  expect(await errorCode(call(twin, RESIDENT, 'cases', 'inbox', {}))).toBe('FORBIDDEN_ROLE');
});

test('two staff acting on the same version at once: exactly one wins, the other is told 已被他人处理', async () => {
  const { caseId } = await submit();
  const results = await Promise.allSettled([
    call(twin, GRID, 'cases', 'act', { caseId, action: 'claim', expectedVersion: 1, input: {} }),
    call(twin, GRID, 'cases', 'act', { caseId, action: 'escalate', expectedVersion: 1, input: { reason: '需要社区处理' } }),
  ]);
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect(lost[0].reason.code).toBe('STALE_VERSION');
  expect(lost[0].reason.message).toContain('已被他人处理');
});

test('bad input changes nothing and gets a clear error', async () => {
  const before = (await call(twin, RESIDENT, 'cases', 'mine', { limit: 50 })).items.length;
  const short = await callRaw(twin, RESIDENT, 'cases', { action: 'submit', payload: { clientRequestId: 'bad-input-01', text: '短', grid: 'xh-fm-06' } });
  expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  const unknownGrid = await callRaw(twin, RESIDENT, 'cases', { action: 'submit', payload: { clientRequestId: 'bad-input-02', text: '这里的路灯坏了好几天', grid: 'no-such-grid' } });
  expect(unknownGrid).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await callRaw(twin, RESIDENT, 'cases', { action: 'dropTables', payload: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  expect(await callRaw(twin, RESIDENT, 'cases', { action: 'submit', payload: 'not-an-object' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect((await call(twin, RESIDENT, 'cases', 'mine', { limit: 50 })).items.length).toBe(before);
});

test('identity only comes from the platform', async () => {
  const spoof = await callRaw(twin, RESIDENT, 'cases', { action: 'inbox', payload: {}, openid: GRID });
  expect(spoof).toMatchObject({ ok: false, error: { code: 'IDENTITY_IN_REQUEST' } });
  expect(await callRaw(twin, '', 'cases', { action: 'mine', payload: {} })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
});

test('inbox filters: by state, by matter type, and overdue only', async () => {
  const a = await submit();
  const b = await call(twin, RESIDENT, 'cases', 'submit', {
    clientRequestId: `req-lamp-${Date.now()}`,
    text: '6栋门口路灯一到晚上就不亮，出门很不方便',
    grid: 'xh-fm-06',
    matterType: 'streetlight_broken',
    photos: [],
  });
  await call(twin, GRID, 'cases', 'act', { caseId: b.caseId, action: 'claim', expectedVersion: 1, input: {} });

  const claimed = await call(twin, GRID, 'cases', 'inbox', { state: 'grid_claimed', limit: 50 });
  expect(claimed.items.map((c) => c.id)).toContain(b.caseId);
  expect(claimed.items.map((c) => c.id)).not.toContain(a.caseId);
  expect(claimed.items.every((c) => c.state === 'grid_claimed')).toBe(true);

  const lamps = await call(twin, GRID, 'cases', 'inbox', { view: 'all', matterType: 'streetlight_broken', limit: 50 });
  expect(lamps.items.map((c) => c.id)).toEqual([b.caseId]);

  // Nothing reported today is past its claim deadline (end of the next working day, M-11)…
  const none = await call(twin, GRID, 'cases', 'inbox', { overdue: true, limit: 50 });
  expect(none.items).toEqual([]);
  expect(none.counts.overdue).toBe(0);
  // …until a deadline lies in the past (written directly, as a clock run long after would find it).
  await connectSdk(twin.url).database().collection('cases').doc(a.caseId).update({ data: { 'deadlines.claimDue': '2026-11-02T15:59:59.000Z' } });
  const overdue = await call(twin, GRID, 'cases', 'inbox', { overdue: true, limit: 50 });
  expect(overdue.items.map((c) => c.id)).toEqual([a.caseId]);
  expect(overdue.items[0].deadline?.tone).toBe('overdue');
  expect(overdue.counts.overdue).toBe(1);
});

test('content security: risky text is refused with a reason and stores nothing (msgSecCheck)', async () => {
  const before = (await call(twin, RESIDENT, 'cases', 'mine', { limit: 50 })).items.length;
  const refused = await callRaw(twin, RESIDENT, 'cases', {
    action: 'submit',
    payload: { clientRequestId: 'risky-text-0001', text: '有人在小区群里发刷单返利的广告，还贴在电梯里', grid: 'xh-fm-06' },
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED', message: expect.stringContaining('欺诈') } });
  expect((await call(twin, RESIDENT, 'cases', 'mine', { limit: 50 })).items.length).toBe(before);
  const checks = twin.outbox().filter((o) => o.apiName === 'security.msgSecCheck');
  expect(checks.at(-1)?.payload).toMatchObject({ openid: RESIDENT, scene: 2, version: 2 });
});

test('a report from an unknown QR place code is refused; a known one records the code (M-4)', async () => {
  const bad = await callRaw(twin, RESIDENT, 'cases', {
    action: 'submit',
    payload: { clientRequestId: 'qr-unknown-0001', text: '扫码反映：公园东门的垃圾桶满了', grid: 'xh-bh-02', channel: 'qrcode', qrPoint: 'pt-nowhere' },
  });
  expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  const ok = await call(twin, RESIDENT, 'cases', 'submit', {
    clientRequestId: 'qr-known-0001',
    text: '扫码反映：公园东门的垃圾桶满了，周围很脏',
    grid: 'xh-bh-02',
    channel: 'qrcode',
    qrPoint: 'pt-bh-park',
  });
  const seen = await call(twin, RESIDENT, 'cases', 'get', { caseId: ok.caseId });
  expect(seen.case.place?.qrPoint).toBe('pt-bh-park');
  expect(seen.case.channelLabel).toBe('扫码上报');
});
