// The reporter's identity through the real functions (issue 5 §1): the phone number comes only from WeChat's
// phone-number button (a one-time code exchanged by the cases function), a typed number is refused; an
// anonymous reporter's openid, person id, name and phone never reach any staff member — checked on every
// reply of every staff role after every step of a case's life; a named reporter's phone is masked
// (138****1234) for everyone but the reporter and the grid worker handling the case.
import ExcelJS from 'exceljs';
import type { CaseDetail } from '../../domain/api';
import type { WhistleDetail } from '../../domain/api/whistles';
import { personIdFor } from '../../server/person-id';
import { connectSdk } from '../twin/harness';
import { call, callRaw, errorCode, type Twin } from '../helpers/twin-harness';
import { seededTwinPerFile } from '../helpers/twin-per-file';
import { DY, LAND, LEADER, OFFICE, XH, dept, requestId } from '../helpers/whistle-flows';

let twin: Twin;

/** A reporter whose every identifying string is distinctive, so a leak cannot hide behind a label. */
const REPORTER = { openid: `o-privacy-${Date.now().toString(36)}`, name: '甄隐名', phone: '13812341234' };
const REPORTER_ID = personIdFor(REPORTER.openid);
const SECRETS = [REPORTER.openid, REPORTER_ID, REPORTER.name, REPORTER.phone, '138****1234'];

seededTwinPerFile(async (t) => {
  twin = t;
  await connectSdk(t.url)
    .database()
    .collection('people')
    .doc(REPORTER_ID)
    .set({ data: { openid: REPORTER.openid, name: REPORTER.name, phone: REPORTER.phone, bindings: [{ role: 'resident', unit: '' }] } });
});

const stored = (caseId: string) => twin.db.browse('cases', { limit: 10_000 }).find((d) => (d as { _id: string })._id === caseId) as { reporter: Record<string, unknown> } | undefined;
const casesCount = () => twin.db.browse('cases', { limit: 10_000 }).length;

function cstMonth(at = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

/** Every cell of an exported workbook, as text. */
async function workbookText(url: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await (await fetch(url)).arrayBuffer()) as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.text)))));
  return cells.join('\n');
}

describe('phone number only through the platform button (issue 5 §1)', () => {
  const report = (extra: Record<string, unknown>) => ({
    clientRequestId: requestId('phone'),
    text: '浔湖街道富民社区3栋楼道里堆满了旧家具',
    grid: XH.grid,
    matterType: 'fire_lane_blocked',
    ...extra,
  });

  test('a valid code is exchanged once; the number is stored, shown in full to the reporter and the grid worker, masked to others', async () => {
    const openid = `o-phone-${Date.now().toString(36)}`;
    const { caseId } = await call(twin, openid, 'cases', 'submit', report({ phoneCode: 'twin-phone-13812345678-a' }));
    expect(stored(caseId)?.reporter).toEqual({ openid, anonymous: false, phone: '13812345678' });
    const exchange = twin.outbox().filter((o) => o.apiName === 'phonenumber.getPhoneNumber');
    expect(exchange).toEqual([]); // not an outgoing message: nothing for the outbox
    expect((await call(twin, openid, 'cases', 'get', { caseId })).case.reporter).toMatchObject({ isMe: true, phone: '13812345678' });
    expect((await call(twin, XH.gridWorker, 'cases', 'get', { caseId })).case.reporter.phone).toBe('13812345678');
    expect((await call(twin, XH.community, 'cases', 'get', { caseId })).case.reporter.phone).toBe('138****5678');
    expect((await call(twin, OFFICE, 'cases', 'get', { caseId })).case.reporter.phone).toBe('138****5678');
    const events = twin.db.browse('events', { limit: 10_000 }).filter((e) => (e as { entityId: string }).entityId === caseId);
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain('13812345678');
  });

  test('an invalid or spent code is refused with a clear message and stores nothing', async () => {
    const before = casesCount();
    const forged = await callRaw(twin, 'o-phone-forged', 'cases', { action: 'submit', payload: report({ phoneCode: 'made-up-code' }) });
    expect(forged).toMatchObject({ ok: false, error: { code: 'PHONE_CODE_INVALID', message: expect.stringContaining('重新点击「授权手机号」') } });
    await call(twin, 'o-phone-once', 'cases', 'submit', report({ phoneCode: 'twin-phone-once' }));
    const spent = await callRaw(twin, 'o-phone-once', 'cases', { action: 'submit', payload: report({ text: '同一个授权码再用一次提交别的问题', phoneCode: 'twin-phone-once' }) });
    expect(spent).toMatchObject({ ok: false, error: { code: 'PHONE_CODE_INVALID' } });
    expect(casesCount()).toBe(before + 1);
  });

  test('a typed phone number is refused', async () => {
    const before = casesCount();
    for (const typed of [{ phone: '13900001111' }, { reporter: { phone: '13900001111' } }, { phoneCode: '139 0000 1111' }]) {
      const reply = await callRaw(twin, 'o-phone-typed', 'cases', { action: 'submit', payload: report(typed) });
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(casesCount()).toBe(before);
  });
});

test('an anonymous reporter stays anonymous in every staff reply through the whole life of the case', async () => {
  const { caseId } = await call(twin, REPORTER.openid, 'cases', 'submit', {
    clientRequestId: requestId('anon'),
    text: '村里两户人家为屋后一块地的归属吵了半年，希望有人来调解',
    grid: DY.grid,
    matterType: LAND.matterType,
    anonymous: true,
    phoneCode: `twin-phone-${REPORTER.phone}`,
  });
  expect(stored(caseId)?.reporter).toMatchObject({ anonymous: true, phone: REPORTER.phone });
  let whistleId: string | null = null;
  let seenByStaff = 0;

  /** Every read a staff member can make about this case (and its whistle), as each staff role. */
  async function sweep(step: string): Promise<void> {
    const reads: { who: string; fn: string; action: string; payload: Record<string, unknown> }[] = [];
    const read = (who: string, fn: string, action: string, payload: Record<string, unknown> = {}) => reads.push({ who, fn, action, payload });
    for (const who of [DY.gridWorker, DY.community, DY.township]) {
      read(who, 'cases', 'get', { caseId });
      read(who, 'cases', 'inbox', { view: 'all', limit: 50 });
      read(who, 'cases', 'inbox', { view: 'todo', limit: 50 });
    }
    for (const who of [DY.township, OFFICE, LEADER, dept('zrzy'), dept('nync'), dept('mz')]) {
      read(who, 'cases', 'get', { caseId });
      read(who, 'whistles', 'inbox', { view: 'all', limit: 50 });
      read(who, 'whistles', 'inbox', { view: 'todo', limit: 50 });
      if (whistleId) read(who, 'whistles', 'get', { whistleId });
    }
    for (const who of [OFFICE, LEADER]) read(who, 'evaluation', 'caseList', { period: cstMonth() });
    for (const r of reads) {
      const reply = await callRaw(twin, r.who, r.fn, { action: r.action, payload: r.payload });
      const text = JSON.stringify(reply);
      for (const secret of SECRETS) {
        if (text.includes(secret)) throw new Error(`${step}: ${r.fn}.${r.action} as ${r.who} leaks "${secret}": ${text.slice(0, 400)}`);
      }
      if (reply.ok && r.action === 'get' && r.fn === 'cases') seenByStaff++;
    }
    const exported = await callRaw(twin, OFFICE, 'evaluation', { action: 'exportCases', payload: { period: cstMonth() } });
    expect(exported.ok).toBe(true);
    const sheet = await workbookText((exported as { data: { url: string } }).data.url);
    expect(sheet).toContain('村里两户人家为屋后一块地的归属吵了半年');
    for (const secret of SECRETS) expect(sheet).not.toContain(secret);
  }

  const caseAct = async (who: string, action: string, input: Record<string, unknown>) => {
    const current = await call(twin, who, 'cases', 'get', { caseId });
    const next: CaseDetail = await call(twin, who, 'cases', 'act', { caseId, action, expectedVersion: current.case.version, input });
    expect(JSON.stringify(next)).not.toContain(REPORTER.phone);
    await sweep(`${action} by ${who}`);
    return next;
  };
  let w: WhistleDetail;
  const whistleStep = async (who: string, action: string, input: Record<string, unknown> = {}) => {
    w = await call(twin, who, 'whistles', 'act', { whistleId: w.whistle.id, action, expectedVersion: w.whistle.version, input });
    await sweep(`${action} by ${who}`);
  };

  await sweep('submitted');
  await caseAct(DY.gridWorker, 'claim', {});
  await caseAct(DY.gridWorker, 'escalate', { reason: '涉及土地权属，需村里协调' });
  await caseAct(DY.community, 'claim', {});
  await caseAct(DY.community, 'escalate', { reason: '村里调解无果，需乡镇处理' });
  await caseAct(DY.township, 'claim', {});
  w = await call(twin, DY.township, 'whistles', 'propose', { clientRequestId: requestId('w'), ...LAND, caseIds: [caseId] });
  whistleId = w.whistle.id;
  await sweep('propose');
  await whistleStep(DY.township, 'review', { decision: 'pass' });
  await whistleStep(DY.township, 'approve', {});
  await whistleStep(OFFICE, 'dispatch', { lead: 'zrzy', co: ['nync', 'mz'] });
  for (const code of ['zrzy', 'nync', 'mz']) await whistleStep(dept(code), 'check_in', { handler: '王科长', onSiteAt: new Date().toISOString() });
  await whistleStep(dept('zrzy'), 'progress', { text: '已到现场勘测界址' });
  for (const code of ['zrzy', 'nync', 'mz']) await whistleStep(dept(code), 'complete', { result: '经勘测确权，界址已明确' });
  const mine = await call(twin, REPORTER.openid, 'cases', 'get', { caseId });
  expect(mine.case).toMatchObject({ state: 'resolved', reporter: { anonymous: true, isMe: true, phone: REPORTER.phone } });
  await call(twin, REPORTER.openid, 'cases', 'act', { caseId, action: 'rate', expectedVersion: mine.case.version, input: { score: '满意', comment: '谢谢' } });
  await sweep('rated and closed');
  expect(stored(caseId)).toBeDefined();
  expect((await call(twin, REPORTER.openid, 'cases', 'get', { caseId })).case.state).toBe('closed');

  // Not vacuous: staff did read the case many times (the sweep saw real replies).
  expect(seenByStaff).toBeGreaterThan(40);
  expect(await errorCode(call(twin, 'o-someone-else', 'cases', 'get', { caseId }))).toBe('OUT_OF_JURISDICTION');
}, 240_000);
