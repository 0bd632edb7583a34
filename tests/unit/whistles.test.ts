// Whistle life: four township steps (M-12), boundary (M-3), 平哨/急哨 (M-13), dispatch & meetings (M-15, M-16),
// report-for-duty and handling (M-17), completion deadlines (M-18), supervision (M-24).
import { SYSTEM_ACTOR, availableActions, canView, newWhistle, type WhistleDoc } from '../../domain';
import { A, LAND, T0, act, calendar, county, cst, daysLater, person, whistleAt, refusal } from './fixtures';

const propose = (input: Record<string, unknown>, actor = A.dyTownship, now = T0) =>
  newWhistle({ id: 'w1', no: 'W-1', input: input as never, actor, now, county, calendar });

const endOf = (ymd: string) => cst(`${ymd}T23:59:59`).toISOString();
const CHECK_IN = { handler: '王科长', onSiteAt: '2026-03-03T09:00:00+08:00' };

describe('propose — township 党建办 (M-12 step 1)', () => {
  test('creates the whistle with routing prefilled from the duty lists (M-16) and attaches its cases', () => {
    const r = propose({ ...LAND, caseIds: ['c1', 'c2'], comment: '群众反映强烈' });
    expect(r.next).toMatchObject({ state: 'proposed', kind: 'normal', township: 'dy', county: 'hb', version: 1, caseIds: ['c1', 'c2'] });
    expect(r.next.routing).toEqual({ lead: 'zrzy', co: ['nync', 'mz'], rule: 'M-3', corrected: false });
    expect(r.next.steps.propose).toEqual({ by: { personId: A.dyTownship.personId, role: 'township', unit: 'dy' }, at: T0.toISOString(), comment: '群众反映强烈' });
    expect(r.effects).toEqual([{ kind: 'cascade', entity: 'case', ids: ['c1', 'c2'], action: 'attach_to_whistle', input: { whistleId: 'w1' } }]);
    expect(r.event).toMatchObject({ action: 'propose', before: { state: 'draft', version: 0 }, after: { state: 'proposed', version: 1 } });
  });

  test('only the township of the whistle; other roles are forbidden', () => {
    expect(refusal(() => propose(LAND, A.township)).code).toBe('OUT_OF_JURISDICTION');
    expect(refusal(() => propose(LAND, A.gridWorker)).code).toBe('FORBIDDEN_ROLE');
    expect(refusal(() => propose(LAND, A.office)).code).toBe('FORBIDDEN_ROLE');
    expect(refusal(() => propose({ ...LAND, township: 'zz' })).code).toBe('NOT_FOUND');
    expect(refusal(() => propose({ ...LAND, title: '' })).code).toBe('VALIDATION');
  });

  test('急哨 only for urgent-list matters (M-13)', () => {
    const e = refusal(() => propose({ ...LAND, urgent: true }));
    expect(e.code).toBe('URGENT_NOT_ALLOWED');
    expect(e.message).toContain('M-13');
  });
});

describe('collect and review (M-12 steps 2–3, M-3)', () => {
  test('collect adds related cases once', () => {
    let w = propose({ ...LAND, caseIds: ['c1'] }).next;
    const r = act('whistle', w, 'collect', A.dyTownship, { caseIds: ['c1', 'c2', 'c2'] });
    expect(r.next.caseIds).toEqual(['c1', 'c2']);
    expect(r.effects).toEqual([{ kind: 'cascade', entity: 'case', ids: ['c2'], action: 'attach_to_whistle', input: { whistleId: 'w1' } }]);
    w = act('whistle', r.next, 'collect', A.dyTownship, { caseIds: ['c3'] }).next;
    expect(w.state).toBe('collected');
  });

  test('review passes a cooperative-list matter', () => {
    const r = act('whistle', whistleAt('collected'), 'review', A.dyTownship, { decision: 'pass', comment: '符合吹哨条件' });
    expect(r.next.state).toBe('reviewed');
    expect(r.event.data.boundary).toEqual({ ok: true });
    expect(r.next.steps.review?.comment).toBe('符合吹哨条件');
  });

  test('a basic-duty matter is rejected at review with the rule cited, and its cases detached', () => {
    const w = newWhistle({
      id: 'w2',
      no: 'W-2',
      input: { township: 'xh', matterType: 'garbage_pile', title: '垃圾', description: '巷口垃圾', caseIds: ['c1'] },
      actor: A.township,
      now: T0,
      county,
      calendar,
    }).next;
    const r = act('whistle', w, 'review', A.township, { decision: 'pass' });
    expect(r.next.state).toBe('rejected');
    expect(r.next.rejection).toMatchObject({ code: 'WHISTLE_BOUNDARY', rule: 'M-3' });
    expect(r.next.rejection!.message).toContain('基本履职事项');
    expect(r.effects).toContainEqual(expect.objectContaining({ kind: 'cascade', action: 'detach_from_whistle', ids: ['c1'] }));
    expect(refusal(() => act('whistle', r.next, 'approve', A.township)).code).toBe('ILLEGAL_TRANSITION');
  });

  test('a matter the stationed agency can solve is rejected unless it already tried', () => {
    const base = { township: 'hh', matterType: 'food_safety', title: '超市卖过期牛奶', description: '多次反映' };
    const w = newWhistle({ id: 'w3', no: 'W-3', input: base, actor: A.hhTownship, now: T0, county, calendar }).next;
    const r = act('whistle', w, 'review', A.hhTownship, { decision: 'pass' });
    expect(r.next.state).toBe('rejected');
    expect(r.next.rejection!.message).toContain('黄花市场监管所');
    const tried = newWhistle({ id: 'w4', no: 'W-4', input: { ...base, stationedTried: '市场监管所两次检查，商户拒不整改' }, actor: A.hhTownship, now: T0, county, calendar }).next;
    expect(act('whistle', tried, 'review', A.hhTownship, { decision: 'pass' }).next.state).toBe('reviewed');
  });

  test('a manual rejection needs a reason', () => {
    expect(refusal(() => act('whistle', whistleAt('collected'), 'review', A.dyTownship, { decision: 'reject' })).code).toBe('REASON_REQUIRED');
    const r = act('whistle', whistleAt('collected'), 'review', A.dyTownship, { decision: 'reject', reason: '村里可调解' });
    expect(r.next.rejection).toMatchObject({ code: 'REJECTED', message: '村里可调解' });
  });
});

describe('平哨: approve → whistle office dispatches (M-13, M-15, M-16)', () => {
  test('approve submits to the whistle office', () => {
    const r = act('whistle', whistleAt('reviewed'), 'approve', A.dyTownship, { comment: '同意上报' });
    expect(r.next.state).toBe('submitted');
    expect(r.next.steps.approve?.comment).toBe('同意上报');
    expect(r.effects).toEqual([{ kind: 'notify', to: 'whistle_office', template: 'whistle_submitted' }]);
    expect(Object.keys(r.next.steps)).toEqual(['propose', 'collect', 'review', 'approve']);
  });

  test('dispatch with the proposed departments: check-in in 2 working days, completion per matter type', () => {
    const r = act('whistle', whistleAt('submitted'), 'dispatch', A.office);
    expect(r.next.state).toBe('dispatched');
    expect(r.next.assignments.map((a) => [a.dept, a.role, a.state])).toEqual([
      ['zrzy', 'lead', 'dispatched'],
      ['nync', 'co', 'dispatched'],
      ['mz', 'co', 'dispatched'],
    ]);
    expect(r.next.assignments[0].checkInDue).toBe(endOf('2026-03-04'));
    expect(r.next.assignments[0].completionDue).toBe(endOf('2026-03-30')); // 20 working days
    // alertAt: the SLA clock's 临期 notice from 00:00 of the check-in's due day (domain/sla.ts, M-24).
    expect(r.next.deadlines).toEqual({ completionDue: endOf('2026-03-30'), nextDue: endOf('2026-03-04'), alertAt: cst('2026-03-04T00:00:00').toISOString() });
    expect(r.next.routing?.corrected).toBe(false);
    expect(r.effects.filter((e) => e.kind === 'notify').map((e) => (e as { unit?: string }).unit)).toEqual(['zrzy', 'nync', 'mz']);
  });

  test('the whistle office may correct the proposal; the correction is kept (M-16)', () => {
    const r = act('whistle', whistleAt('submitted'), 'dispatch', A.office, { lead: 'zrzy', co: ['nync'] });
    expect(r.next.assignments.map((a) => a.dept)).toEqual(['zrzy', 'nync']);
    expect(r.next.routing?.corrected).toBe(true);
  });

  test('dispatch validates departments', () => {
    expect(refusal(() => act('whistle', whistleAt('submitted'), 'dispatch', A.office, { lead: 'nasa' })).code).toBe('VALIDATION');
    expect(refusal(() => act('whistle', whistleAt('submitted'), 'dispatch', A.office, { lead: 'zrzy', co: ['zrzy'] })).code).toBe('VALIDATION');
    expect(refusal(() => act('whistle', whistleAt('submitted'), 'dispatch', person('whistle_office', 'other'))).code).toBe('OUT_OF_JURISDICTION');
  });

  test('dispatched on the last working day before Spring Festival → check-in due 2/25', () => {
    const r = act('whistle', whistleAt('submitted'), 'dispatch', A.office, {}, cst('2026-02-14T16:00:00'));
    expect(r.next.assignments[0].checkInDue).toBe(endOf('2026-02-25'));
    const onTime = act('whistle', r.next, 'check_in', A.zrzy, CHECK_IN, cst('2026-02-25T20:00:00'));
    expect(onTime.next.assignments[0].checkIn?.onTime).toBe(true);
    expect(onTime.effects[0]).toEqual({ kind: 'deadline_met', deadline: 'checkin_normal', due: endOf('2026-02-25'), unit: 'zrzy' });
  });

  test('dispatched on 9/30 before National Day → check-in due 10/9', () => {
    const r = act('whistle', whistleAt('submitted'), 'dispatch', A.office, {}, cst('2026-09-30T11:00:00'));
    expect(r.next.assignments.every((a) => a.checkInDue === endOf('2026-10-09'))).toBe(true);
  });
});

describe('急哨 (M-13)', () => {
  const urgentInput = { township: 'dy', matterType: 'road_pothole', title: '村道塌陷', description: '学生必经之路', urgent: true };

  test('approve sends it straight to the department, same-day check-in, registered with the whistle office', () => {
    let w = propose(urgentInput, A.dyTownship, cst('2026-03-07T15:00:00')).next;
    expect(w.kind).toBe('urgent');
    w = act('whistle', w, 'review', A.dyTownship, { decision: 'pass' }, cst('2026-03-07T15:10:00')).next;
    const r = act('whistle', w, 'approve', A.dyTownship, {}, cst('2026-03-07T15:20:00'));
    expect(r.next.state).toBe('dispatched');
    expect(r.next.registeredAt).toBe(cst('2026-03-07T15:20:00').toISOString());
    // 大垸乡 overrides the road_pothole lead to 交通运输局.
    expect(r.next.assignments.map((a) => [a.dept, a.role])).toEqual([
      ['jtys', 'lead'],
      ['zjj', 'co'],
    ]);
    expect(r.next.assignments[0].checkInDue).toBe(endOf('2026-03-07')); // Saturday, same day
    expect(r.next.assignments[0].completionDue).toBe(endOf('2026-03-20')); // road_pothole: 10 working days
    expect(r.effects).toContainEqual({ kind: 'notify', to: 'whistle_office', template: 'urgent_whistle_registered' });
    expect(r.effects).toContainEqual({ kind: 'notify', to: 'department', unit: 'jtys', template: 'whistle_dispatched_lead' });
  });

  test('checking in the next morning misses the same-day deadline', () => {
    const w = whistleAt('dispatched', { urgent: true });
    const r = act('whistle', w, 'check_in', A.jtys, CHECK_IN, cst('2026-03-03T08:00:00'));
    expect(r.next.assignments[0].checkIn?.onTime).toBe(false);
    const at = cst('2026-03-03T08:00:00').toISOString();
    // The miss names who finally checked in, and when (per-person accountability, M-25).
    expect(r.next.misses).toEqual([{ kind: 'checkin_urgent', unit: 'jtys', due: endOf('2026-03-02'), at, doneAt: at, donePerson: A.jtys.personId }]);
    expect(r.effects[0]).toMatchObject({ kind: 'deadline_missed', deadline: 'checkin_urgent' });
  });
});

describe('report for duty and handling (M-17)', () => {
  test('check-in names the handler and on-site time; only assigned departments; once', () => {
    const w = whistleAt('dispatched');
    const r = act('whistle', w, 'check_in', A.zrzy, { ...CHECK_IN, note: '已到现场' });
    expect(r.next.state).toBe('in_progress');
    expect(r.next.assignments[0]).toMatchObject({ state: 'checked_in', checkIn: { handler: '王科长', onSiteAt: '2026-03-03T01:00:00.000Z', onTime: true, note: '已到现场' } });
    expect(r.effects).toContainEqual({ kind: 'notify', to: 'township', unit: 'dy', template: 'department_checked_in' });
    expect(refusal(() => act('whistle', w, 'check_in', A.zjj, CHECK_IN)).code).toBe('OUT_OF_JURISDICTION');
    expect(refusal(() => act('whistle', r.next, 'check_in', A.zrzy, CHECK_IN)).message).toContain('已报到');
    expect(refusal(() => act('whistle', w, 'check_in', A.zrzy, { handler: '' })).code).toBe('VALIDATION');
  });

  test('progress and completion need a check-in first', () => {
    const w = whistleAt('in_progress');
    expect(refusal(() => act('whistle', w, 'progress', A.nync, { text: '已联系' })).message).toContain('请先报到');
    const p = act('whistle', w, 'progress', A.zrzy, { text: '已组织测绘', photos: ['cloud://m.jpg'] });
    expect(p.next.progress).toEqual([{ dept: 'zrzy', at: T0.toISOString(), by: expect.objectContaining({ unit: 'zrzy' }), text: '已组织测绘', photos: ['cloud://m.jpg'] }]);
  });

  test('co-handlers report their part; the lead closes the whistle and its cases', () => {
    let w = whistleAt('in_progress');
    w = act('whistle', w, 'check_in', A.nync, CHECK_IN).next;
    const co = act('whistle', w, 'complete', A.nync, { result: '已核实承包合同' });
    expect(co.next.state).toBe('in_progress');
    expect(co.next.assignments.find((a) => a.dept === 'nync')?.state).toBe('completed');
    expect(co.effects).toContainEqual({ kind: 'notify', to: 'department', unit: 'zrzy', template: 'co_part_completed' });
    const lead = act('whistle', co.next, 'complete', A.zrzy, { result: '现场确权', photos: ['cloud://ok.jpg'] }, cst('2026-03-20T10:00:00'));
    expect(lead.next.state).toBe('completed');
    expect(lead.next.result).toEqual({ dept: 'zrzy', at: cst('2026-03-20T10:00:00').toISOString(), text: '现场确权', photos: ['cloud://ok.jpg'] });
    expect(lead.effects).toContainEqual({ kind: 'deadline_met', deadline: 'completion', due: endOf('2026-03-30'), unit: 'zrzy' });
    expect(lead.effects).toContainEqual({
      kind: 'cascade',
      entity: 'case',
      ids: ['c7', 'c8'],
      action: 'whistle_closed',
      input: { whistleId: 'w1', result: '现场确权', photos: ['cloud://ok.jpg'] },
    });
    expect(refusal(() => act('whistle', lead.next, 'complete', A.zrzy, { result: 'again' })).code).toBe('ILLEGAL_TRANSITION');
  });

  test('late completion is recorded as a miss (M-18, M-25)', () => {
    const r = act('whistle', whistleAt('in_progress'), 'complete', A.zrzy, { result: '办结' }, cst('2026-03-31T09:00:00'));
    expect(r.next.assignments[0].completion?.onTime).toBe(false);
    expect(r.next.misses).toContainEqual(expect.objectContaining({ kind: 'completion', unit: 'zrzy', due: endOf('2026-03-30') }));
  });
});

describe('extension and return need whistle-office approval (M-17)', () => {
  test('extension: request → approve moves the completion deadline by working days', () => {
    const req = act('whistle', whistleAt('in_progress'), 'request_extension', A.zrzy, { workingDays: 5, reason: '需等待测绘结果' });
    expect(req.next.requests).toEqual([expect.objectContaining({ kind: 'extension', dept: 'zrzy', status: 'pending', workingDays: 5 })]);
    expect(refusal(() => act('whistle', req.next, 'request_extension', A.zrzy, { workingDays: 2, reason: 'x' })).message).toContain('待吹哨办审批');
    expect(refusal(() => act('whistle', req.next, 'approve_extension', A.zrzy, { dept: 'zrzy' })).code).toBe('FORBIDDEN_ROLE');
    const ok = act('whistle', req.next, 'approve_extension', A.office, { dept: 'zrzy', comment: '同意' });
    expect(ok.next.requests[0]).toMatchObject({ status: 'approved', decisionComment: '同意' });
    expect(ok.next.assignments[0].completionDue).toBe(endOf('2026-04-07')); // 3/30 + 5 working days (4/4–4/6 清明)
    expect(ok.next.deadlines.completionDue).toBe(endOf('2026-04-07'));
    expect(refusal(() => act('whistle', ok.next, 'approve_extension', A.office, { dept: 'zrzy' })).code).toBe('ILLEGAL_TRANSITION');
  });

  test('extension refused needs a reason and leaves the deadline', () => {
    const req = act('whistle', whistleAt('in_progress'), 'request_extension', A.zrzy, { workingDays: 5, reason: '需测绘' }).next;
    expect(refusal(() => act('whistle', req, 'refuse_extension', A.office, { dept: 'zrzy' })).code).toBe('REASON_REQUIRED');
    expect(refusal(() => act('whistle', req, 'refuse_extension', A.office, { dept: 'nync', reason: 'x' })).code).toBe('ILLEGAL_TRANSITION');
    const no = act('whistle', req, 'refuse_extension', A.office, { dept: 'zrzy', reason: '时限充足' });
    expect(no.next.requests[0].status).toBe('refused');
    expect(no.next.assignments[0].completionDue).toBe(endOf('2026-03-30'));
  });

  test('a co-handler returned with approval drops out; the whistle carries on', () => {
    const req = act('whistle', whistleAt('in_progress'), 'return_whistle', A.mz, { reason: '不涉及民政职责' }).next;
    const ok = act('whistle', req, 'approve_return', A.office, { dept: 'mz' });
    expect(ok.next.state).toBe('in_progress');
    expect(ok.next.assignments.find((a) => a.dept === 'mz')).toMatchObject({ state: 'returned', returnedAt: T0.toISOString() });
    expect(refusal(() => act('whistle', ok.next, 'check_in', A.mz, CHECK_IN)).code).toBe('OUT_OF_JURISDICTION');
    expect(canView('whistle', ok.next, A.mz)).toBe(true); // history stays visible
  });

  test('a returned lead sends the whistle back for re-dispatch', () => {
    const req = act('whistle', whistleAt('dispatched'), 'return_whistle', A.zrzy, { reason: '属于农业农村局职责' }).next;
    const ok = act('whistle', req, 'approve_return', A.office, { dept: 'zrzy' });
    expect(ok.next.state).toBe('submitted');
    expect(ok.next.deadlines).toEqual({ completionDue: null, nextDue: null, alertAt: null });
    expect(ok.effects).toContainEqual({ kind: 'notify', to: 'whistle_office', template: 'whistle_needs_redispatch' });
    const again = act('whistle', ok.next, 'dispatch', A.office, { lead: 'nync', co: ['mz'] }, daysLater(T0, 1));
    expect(again.next.state).toBe('dispatched');
    expect(again.next.assignments.map((a) => [a.dept, a.role, a.state])).toEqual([
      ['zrzy', 'lead', 'returned'],
      ['nync', 'lead', 'dispatched'],
      ['mz', 'co', 'dispatched'],
    ]);
    expect(again.next.routing?.corrected).toBe(true);
  });

  test('refused return keeps the department on the whistle', () => {
    const req = act('whistle', whistleAt('dispatched'), 'return_whistle', A.nync, { reason: '不属本部门' }).next;
    const no = act('whistle', req, 'refuse_return', A.office, { dept: 'nync', reason: '承包地属于农业农村局职责' });
    expect(no.next.assignments.find((a) => a.dept === 'nync')?.state).toBe('dispatched');
    expect(no.effects).toEqual([{ kind: 'notify', to: 'department', unit: 'nync', template: 'return_refused' }]);
  });
});

describe('joint meeting (会商, M-15)', () => {
  const meeting = { attendees: ['自然资源局', '农业农村局', '住建局'], decision: '自然资源局牵头，住建局参与', lead: 'zrzy', co: ['nync', 'zjj'], plan: '先测绘后调解', deadline: '2026-04-15' };

  test('on a submitted whistle it fixes lead, co-handlers and deadline and dispatches', () => {
    const r = act('whistle', whistleAt('submitted'), 'record_meeting', A.office, meeting);
    expect(r.next.state).toBe('dispatched');
    expect(r.next.meetings).toEqual([expect.objectContaining({ ...meeting, at: T0.toISOString() })]);
    expect(r.next.assignments.map((a) => [a.dept, a.role, a.completionDue])).toEqual([
      ['zrzy', 'lead', endOf('2026-04-15')],
      ['nync', 'co', endOf('2026-04-15')],
      ['zjj', 'co', endOf('2026-04-15')],
    ]);
  });

  test('during handling it adds departments and resets the deadline', () => {
    const r = act('whistle', whistleAt('in_progress'), 'record_meeting', A.office, { ...meeting, lead: 'nync', co: ['zrzy', 'zjj'] });
    expect(r.next.state).toBe('in_progress');
    expect(r.next.assignments.map((a) => [a.dept, a.role])).toEqual([
      ['zrzy', 'co'],
      ['nync', 'lead'],
      ['mz', 'co'],
      ['zjj', 'co'],
    ]);
    expect(r.next.deadlines.completionDue).toBe(endOf('2026-04-15'));
  });

  test('the deadline cannot be in the past', () => {
    expect(refusal(() => act('whistle', whistleAt('submitted'), 'record_meeting', A.office, { ...meeting, deadline: '2026-03-01' })).code).toBe('VALIDATION');
  });
});

describe('overdue flagging and supervision (M-24, M-25)', () => {
  test('flag_overdue records each missed check-in once and moves nextDue on', () => {
    const w = whistleAt('dispatched');
    expect(refusal(() => act('whistle', w, 'flag_overdue', SYSTEM_ACTOR, {}, cst('2026-03-04T23:00:00'))).code).toBe('DEADLINE_NOT_REACHED');
    const r = act('whistle', w, 'flag_overdue', SYSTEM_ACTOR, {}, cst('2026-03-05T00:00:00'));
    expect(r.next.misses.map((m) => [m.kind, m.unit])).toEqual([
      ['checkin_normal', 'zrzy'],
      ['checkin_normal', 'nync'],
      ['checkin_normal', 'mz'],
    ]);
    expect(r.next.deadlines.nextDue).toBe(endOf('2026-03-30'));
    expect(r.effects.filter((e) => e.kind === 'deadline_missed')).toHaveLength(3);
    expect(refusal(() => act('whistle', r.next, 'flag_overdue', SYSTEM_ACTOR, {}, cst('2026-03-05T01:00:00'))).code).toBe('DEADLINE_NOT_REACHED');
    // A late check-in afterwards does not record the miss twice.
    const late = act('whistle', r.next, 'check_in', A.zrzy, CHECK_IN, cst('2026-03-05T09:00:00'));
    expect(late.next.misses).toHaveLength(3);
    expect(late.next.assignments[0].checkIn?.onTime).toBe(false);
  });

  test('supervision is recorded and the departments notified', () => {
    const r = act('whistle', whistleAt('in_progress'), 'supervise', A.office, { kind: 'near_due', reason: '临期未结' });
    expect(r.next.supervision).toEqual([expect.objectContaining({ kind: 'near_due', reason: '临期未结' })]);
    expect(r.effects.map((e) => (e as { unit?: string }).unit)).toEqual(['zrzy', 'nync', 'mz']);
    expect(refusal(() => act('whistle', whistleAt('in_progress'), 'supervise', A.leader, { kind: 'other', reason: 'x' })).code).toBe('FORBIDDEN_ROLE');
  });
});

describe('availableActions and canView for whistles', () => {
  test('buttons per actor', () => {
    const w = whistleAt('dispatched');
    expect(availableActions('whistle', w, A.zrzy).map((a) => a.label)).toEqual(['报到', '申请延期', '申请退单']);
    expect(availableActions('whistle', w, A.zjj)).toEqual([]);
    expect(availableActions('whistle', w, A.office).map((a) => a.action)).toEqual(['record_meeting', 'supervise']);
    expect(availableActions('whistle', whistleAt('proposed'), A.dyTownship).map((a) => a.action)).toEqual(['collect', 'review']);
    const withRequest = act('whistle', w, 'request_extension', A.zrzy, { workingDays: 2, reason: '需测绘' }).next;
    expect(availableActions('whistle', withRequest, A.office).map((a) => a.action)).toEqual(['approve_extension', 'refuse_extension', 'record_meeting', 'supervise']);
    expect(availableActions('whistle', withRequest, A.zrzy).map((a) => a.action)).toEqual(['check_in']);
  });

  test('who sees a whistle', () => {
    const w: WhistleDoc = whistleAt('dispatched');
    expect(canView('whistle', w, A.dyTownship)).toBe(true);
    expect(canView('whistle', w, A.township)).toBe(false);
    expect(canView('whistle', w, A.zrzy)).toBe(true);
    expect(canView('whistle', w, A.mz)).toBe(true);
    expect(canView('whistle', w, A.zjj)).toBe(false);
    expect(canView('whistle', w, A.office)).toBe(true);
    expect(canView('whistle', w, A.leader)).toBe(true);
    expect(canView('whistle', w, A.gridWorker)).toBe(false);
    expect(canView('whistle', w, A.reporter)).toBe(false);
    expect(canView('whistle', whistleAt('proposed'), A.zrzy)).toBe(false);
  });
});
