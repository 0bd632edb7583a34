// Who may do what to a whistle: role AND jurisdiction, decided by the domain (canView + transition table),
// checked through the real function for every whistle action; requests (延期/退单), meetings and
// supervision (M-15, M-17, M-24); concurrent conflicting actions (one wins, the other STALE_VERSION).
import type { WhistleDetail } from '../../domain/api/whistles';
import { call, callRaw, errorCode, type Twin } from '../helpers/twin-harness';
import { seededTwinPerFile } from '../helpers/twin-per-file';
import { DY, LAND, LEADER, OFFICE, RESIDENT, approvedWhistle, caseAtTownship, dept, dispatchedLandWhistle, requestId, whistleAct } from '../helpers/whistle-flows';

let twin: Twin;
seededTwinPerFile((t) => (twin = t));

const WHO = {
  ownTownship: DY.township,
  otherTownship: 'demo-township-xh',
  office: OFFICE,
  leader: LEADER,
  leadDept: dept('zrzy'),
  otherDept: dept('jtys'),
  gridWorker: DY.gridWorker,
  resident: RESIDENT,
} as const;
type Who = keyof typeof WHO;

/** 'ok': allowed now (offered in availableActions, not executed); otherwise the error code. Refusals change nothing. */
type Expected = Partial<Record<Who, string>>;

const INPUTS: Record<string, Record<string, unknown>> = {
  collect: { caseIds: ['c-any'] },
  review: { decision: 'pass' },
  approve: {},
  dispatch: { lead: 'zrzy' },
  record_meeting: { attendees: ['自然资源局'], decision: '由自然资源局牵头', lead: 'zrzy', co: [], plan: '现场勘测', deadline: '2099-12-31' },
  supervise: { kind: 'other', reason: '群众多次反映' },
  check_in: { handler: '王科长', onSiteAt: '2026-03-03T09:00:00+08:00' },
  progress: { text: '进展' },
  complete: { result: '已办结' },
  request_extension: { workingDays: 5, reason: '需补充测绘' },
  approve_extension: { dept: 'zrzy' },
  refuse_extension: { dept: 'zrzy', reason: '理由不足' },
  return_whistle: { reason: '不属于本部门职责' },
  approve_return: { dept: 'zrzy' },
  refuse_return: { dept: 'zrzy', reason: '属于本部门职责' },
  flag_overdue: {},
  propose: {},
};

async function checkMatrix(w: WhistleDetail, matrix: Record<string, Expected>) {
  const problems: string[] = [];
  for (const [action, expected] of Object.entries(matrix)) {
    for (const [who, want] of Object.entries(expected) as [Who, string][]) {
      let got: string;
      if (want === 'ok') {
        const seen = await call(twin, WHO[who], 'whistles', 'get', { whistleId: w.whistle.id });
        got = seen.actions.some((a) => a.action === action) ? 'ok' : `not offered (${seen.actions.map((a) => a.action).join(',')})`;
      } else {
        got = await errorCode(whistleAct(twin, WHO[who], w, action, INPUTS[action]));
      }
      if (got !== want) problems.push(`${action} by ${who}: expected ${want}, got ${got}`);
    }
  }
  expect(problems).toEqual([]);
  // Nothing was changed by the refusals.
  expect((await call(twin, OFFICE, 'whistles', 'get', { whistleId: w.whistle.id })).whistle.version).toBe(w.whistle.version);
}

// Non-viewers never learn anything about the whistle; viewers in the wrong role are told who may act.
const OOJ = 'OUT_OF_JURISDICTION';
const ROLE = 'FORBIDDEN_ROLE';
const outsiders = { otherTownship: OOJ, otherDept: OOJ, gridWorker: OOJ, resident: OOJ } as const;

test('township steps: only the own township 党建办 (M-12)', async () => {
  const caseId = await caseAtTownship(twin, DY, LAND.matterType);
  const proposed = await call(twin, DY.township, 'whistles', 'propose', { clientRequestId: requestId('m'), ...LAND, caseIds: [caseId] });
  await checkMatrix(proposed, {
    collect: { ownTownship: 'ok', office: ROLE, leader: ROLE, ...outsiders },
    review: { ownTownship: 'ok', office: ROLE, leader: ROLE, ...outsiders },
    propose: { ownTownship: 'ILLEGAL_TRANSITION' },
    dispatch: { office: 'ILLEGAL_TRANSITION', ownTownship: 'ILLEGAL_TRANSITION' },
  });
  // Proposing: a township 党建办 for its own township only.
  const propose = (openid: string, extra: Record<string, unknown> = {}) =>
    errorCode(call(twin, openid, 'whistles', 'propose', { clientRequestId: requestId('p'), ...LAND, caseIds: [], ...extra }));
  expect(await propose(WHO.otherTownship, { township: 'dy' })).toBe(OOJ);
  expect(await propose(WHO.office)).toBe(ROLE);
  expect(await propose(WHO.office, { township: 'dy' })).toBe(ROLE);
  expect(await propose(WHO.leadDept)).toBe(ROLE);
  expect(await propose(WHO.resident)).toBe(ROLE);

  const reviewed = await whistleAct(twin, DY.township, proposed, 'review', { decision: 'pass' });
  await checkMatrix(reviewed, {
    approve: { ownTownship: 'ok', office: ROLE, leader: ROLE, ...outsiders },
    collect: { ownTownship: 'ILLEGAL_TRANSITION' },
  });
});

test('dispatch, meetings and supervision: only the whistle office of the county (M-15, M-24)', async () => {
  const caseId = await caseAtTownship(twin, DY, LAND.matterType);
  const submitted = await approvedWhistle(twin, DY.township, LAND, [caseId]);
  await checkMatrix(submitted, {
    dispatch: { office: 'ok', ownTownship: ROLE, leader: ROLE, leadDept: OOJ, ...outsiders },
    record_meeting: { office: 'ok', ownTownship: ROLE, leader: ROLE, ...outsiders },
    supervise: { office: 'ok', ownTownship: ROLE, leader: ROLE, ...outsiders },
    check_in: { leadDept: OOJ, office: 'ILLEGAL_TRANSITION' },
  });
});

test('report-for-duty and requests: only a department the whistle was sent to (M-17)', async () => {
  const { w } = await dispatchedLandWhistle(twin);
  await checkMatrix(w, {
    check_in: { leadDept: 'ok', ownTownship: ROLE, office: ROLE, leader: ROLE, ...outsiders },
    request_extension: { leadDept: 'ok', ownTownship: ROLE, office: ROLE, ...outsiders },
    return_whistle: { leadDept: 'ok', ownTownship: ROLE, office: ROLE, ...outsiders },
    // Decisions belong to the office; without a pending request there is nothing to decide.
    approve_extension: { office: 'ILLEGAL_TRANSITION', leadDept: ROLE, ownTownship: ROLE, ...outsiders },
    refuse_extension: { office: 'ILLEGAL_TRANSITION', leadDept: ROLE },
    approve_return: { office: 'ILLEGAL_TRANSITION', leadDept: ROLE },
    refuse_return: { office: 'ILLEGAL_TRANSITION', leadDept: ROLE },
    supervise: { office: 'ok', leadDept: ROLE, ownTownship: ROLE, ...outsiders },
    // Only after 报到; the system alone flags overdue deadlines.
    progress: { leadDept: 'ILLEGAL_TRANSITION' },
    complete: { leadDept: 'ILLEGAL_TRANSITION' },
    flag_overdue: { office: ROLE, leadDept: ROLE },
  });
  const checkedIn = await whistleAct(twin, dept('zrzy'), w, 'check_in', INPUTS.check_in);
  await checkMatrix(checkedIn, {
    progress: { leadDept: 'ok', office: ROLE, ownTownship: ROLE, ...outsiders },
    complete: { leadDept: 'ok', office: ROLE, ownTownship: ROLE, ...outsiders },
    check_in: { leadDept: 'ILLEGAL_TRANSITION' },
  });
});

test('延期 and 退单 need the whistle office; a returned lead sends the whistle back for re-dispatch (M-17)', async () => {
  let { w } = await dispatchedLandWhistle(twin);
  w = await whistleAct(twin, dept('zrzy'), w, 'check_in', INPUTS.check_in);
  const due = w.whistle.assignments[0].completionDue;

  w = await whistleAct(twin, dept('zrzy'), w, 'request_extension', { workingDays: 5, reason: '需补充测绘' });
  expect(await errorCode(whistleAct(twin, dept('zrzy'), w, 'request_extension', { workingDays: 2, reason: '再延' }))).toBe('ILLEGAL_TRANSITION'); // one pending at a time
  const stale = { whistleId: w.whistle.id, action: 'approve_extension', expectedVersion: w.whistle.version - 1, input: { dept: 'zrzy' } };
  expect(await errorCode(call(twin, OFFICE, 'whistles', 'act', stale))).toBe('STALE_VERSION');
  w = await whistleAct(twin, OFFICE, w, 'approve_extension', { dept: 'zrzy', comment: '同意' });
  expect(w.whistle.requests[0]).toMatchObject({ kind: 'extension', status: 'approved', deptName: '自然资源局' });
  expect(w.whistle.assignments[0].completionDue > due).toBe(true);
  expect(w.whistle.completionDue).toBe(w.whistle.assignments[0].completionDue);

  w = await whistleAct(twin, dept('mz'), w, 'return_whistle', { reason: '不属于民政职责' });
  w = await whistleAct(twin, OFFICE, w, 'refuse_return', { dept: 'mz', reason: '涉及五保户宅基地，需民政配合' });
  expect(w.whistle.requests[1]).toMatchObject({ kind: 'return', status: 'refused' });
  expect(await errorCode(whistleAct(twin, dept('mz'), w, 'return_whistle', {}))).toBe('REASON_REQUIRED');

  w = await whistleAct(twin, dept('zrzy'), w, 'return_whistle', { reason: '系集体土地承包纠纷，应由农业农村局主办' });
  w = await whistleAct(twin, OFFICE, w, 'approve_return', { dept: 'zrzy' });
  expect(w.whistle.state).toBe('submitted');
  expect(w.whistle.assignments.find((a) => a.dept === 'zrzy')?.state).toBe('returned');
  expect((await call(twin, dept('zrzy'), 'whistles', 'inbox', { state: 'returned' })).items.map((i) => i.id)).toContain(w.whistle.id);

  // Joint meeting (会商) re-dispatches with a new lead and a fixed deadline (M-15); supervision is recorded (M-24).
  w = await whistleAct(twin, OFFICE, w, 'record_meeting', {
    attendees: ['农业农村局', '民政局', '大垸乡'],
    decision: '由农业农村局主办',
    lead: 'nync',
    co: ['mz'],
    plan: '先核对承包台账再现场调解',
    deadline: '2099-06-30',
  });
  expect(w.whistle.state).toBe('dispatched');
  expect(w.whistle.assignments.filter((a) => a.state !== 'returned').map((a) => [a.dept, a.role])).toEqual([
    ['nync', 'lead'],
    ['mz', 'co'],
  ]);
  expect(w.whistle.routing?.corrected).toBe(true);
  expect(w.whistle.meetings[0]).toMatchObject({ leadName: '农业农村局', coNames: ['民政局'] });
  // A department whose part was returned still sees the whistle but may no longer act on it.
  expect(await errorCode(whistleAct(twin, dept('zrzy'), w, 'check_in', INPUTS.check_in))).toBe('OUT_OF_JURISDICTION');
  w = await whistleAct(twin, OFFICE, w, 'supervise', { kind: 'near_due', reason: '临期未办结' });
  expect(w.whistle.supervised).toBe(true);
  const nync = await call(twin, dept('nync'), 'whistles', 'inbox', {});
  expect(nync.items.find((i) => i.id === w.whistle.id)?.assignment).toMatchObject({ role: 'lead', state: 'dispatched' });
});

test('two conflicting actions on the same version: one wins, the other is told 已被他人处理', async () => {
  const { w } = await dispatchedLandWhistle(twin);
  const results = await Promise.allSettled([
    whistleAct(twin, dept('zrzy'), w, 'check_in', INPUTS.check_in),
    whistleAct(twin, dept('nync'), w, 'check_in', INPUTS.check_in),
    whistleAct(twin, OFFICE, w, 'supervise', { kind: 'other', reason: '督办' }),
  ]);
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(won).toHaveLength(1);
  expect(lost.map((r) => r.reason.code)).toEqual(['STALE_VERSION', 'STALE_VERSION']);
  expect(lost[0].reason.message).toContain('已被他人处理');
  const after = await call(twin, OFFICE, 'whistles', 'get', { whistleId: w.whistle.id });
  expect(after.whistle.version).toBe(w.whistle.version + 1);
  expect(after.timeline).toHaveLength(w.timeline.length + 1);
});

test('leaders read the county whistle inbox but can act on nothing; reporters have no whistle inbox', async () => {
  const { w } = await dispatchedLandWhistle(twin);
  const inbox = await call(twin, LEADER, 'whistles', 'inbox', { view: 'all', limit: 50 });
  expect(inbox.scope.role).toBe('leader');
  expect(inbox.items.map((i) => i.id)).toContain(w.whistle.id);
  expect((await call(twin, LEADER, 'whistles', 'get', { whistleId: w.whistle.id })).actions).toEqual([]);
  const refused = await callRaw(twin, LEADER, 'whistles', {
    action: 'act',
    payload: { whistleId: w.whistle.id, action: 'dispatch', expectedVersion: w.whistle.version, input: {} },
  });
  expect(refused).toMatchObject({ ok: false });
  expect(await errorCode(call(twin, RESIDENT, 'whistles', 'inbox', {}))).toBe('FORBIDDEN_ROLE');
});
