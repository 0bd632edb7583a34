// Case life: intake (M-4), tiered handling (M-8), claim limits and auto-escalation (M-11), rating (M-21).
import { SYSTEM_ACTOR, applyAction, availableActions, canView, newCase, redactCaseFor, type CaseDoc } from '../../domain';
import { A, CASE_PLACE, REPORTER_OPENID, T0, act, calendar, caseAt, county, cst, daysLater, freshCase, person, whistleAt, refusal } from './fixtures';

describe('newCase (M-4, M-8, M-11)', () => {
  test('lands with the grid worker of its grid, claim due in 1 working day', () => {
    const c = freshCase();
    expect(c).toMatchObject({
      state: 'grid_pending',
      level: 'grid',
      county: 'hb',
      ...CASE_PLACE,
      channel: 'miniprogram',
      channels: ['miniprogram'],
      reporter: { openid: REPORTER_OPENID, anonymous: false, phone: '13800000000' },
      version: 1,
      misses: [],
      resolution: null,
      rating: null,
      whistleId: null,
    });
    expect(c.deadlines.claimDue).toBe(cst('2026-03-03T23:59:59').toISOString());
  });

  test('reported on the Friday before Spring Festival → claim due on the 调休 Saturday', () => {
    expect(freshCase({}, cst('2026-02-13T18:00:00')).deadlines.claimDue).toBe(cst('2026-02-14T23:59:59').toISOString());
  });

  test('QR-point report keeps its place and matter type', () => {
    const c = freshCase({ channel: 'qrcode', grid: 'dy-dy-03', matterType: 'irrigation_water', place: { qrPoint: 'pt-dy-pump', lat: 29.6391, lng: 116.2205 } });
    expect(c).toMatchObject({ township: 'dy', community: 'dy-dy', grid: 'dy-dy-03', matterType: 'irrigation_water', place: { qrPoint: 'pt-dy-pump' } });
  });

  test('refuses unknown grids, unknown matter types and empty text', () => {
    expect(refusal(() => freshCase({ grid: 'xh-fm-99' })).code).toBe('NOT_FOUND');
    expect(refusal(() => freshCase({ matterType: 'ufo' })).code).toBe('VALIDATION');
    expect(refusal(() => freshCase({ text: '  ' })).code).toBe('VALIDATION');
    expect(
      refusal(() => newCase({ id: 'x', no: 'x', input: { grid: 'xh-fm-06' } as never, now: T0, county, calendar })).message,
    ).toMatch(/填写的信息不完整或有误/);
  });
});

describe('tiered handling (M-8)', () => {
  test('grid claims and resolves; the reporter is notified', () => {
    const claimed = act('case', freshCase(), 'claim', A.gridWorker);
    expect(claimed.next.state).toBe('grid_claimed');
    expect(claimed.next.deadlines.claimDue).toBeNull();
    expect(claimed.effects).toContainEqual({ kind: 'notify', to: 'reporter', template: 'case_claimed' });
    expect(claimed.effects).toContainEqual(expect.objectContaining({ kind: 'deadline_met', deadline: 'claim', unit: 'xh-fm-06' }));
    const resolved = act('case', claimed.next, 'resolve', A.gridWorker, { result: '已联系环卫清运', photos: ['cloud://after.jpg'] });
    expect(resolved.next.state).toBe('resolved');
    expect(resolved.next.resolution).toMatchObject({ level: 'grid', unit: 'xh-fm-06', result: '已联系环卫清运', by: { role: 'grid_worker', unit: 'xh-fm-06' } });
    expect(resolved.next.deadlines.rateDue).toBe(cst('2026-03-09T23:59:59').toISOString()); // 7 calendar days
  });

  test('escalation needs a reason (REASON_REQUIRED) and restarts the claim clock at the next level', () => {
    expect(refusal(() => act('case', freshCase(), 'escalate', A.gridWorker, {})).code).toBe('REASON_REQUIRED');
    expect(refusal(() => act('case', freshCase(), 'escalate', A.gridWorker, { reason: '   ' })).code).toBe('REASON_REQUIRED');
    const up = act('case', freshCase(), 'escalate', A.gridWorker, { reason: '涉及多个网格' });
    expect(up.next).toMatchObject({ state: 'community_pending', level: 'community' });
    expect(up.next.deadlines.claimDue).toBe(cst('2026-03-04T23:59:59').toISOString()); // community: 2 working days
    expect(up.effects).toContainEqual({ kind: 'notify', to: 'level', unit: 'xh-fm', template: 'case_escalated' });
    const top = act('case', up.next, 'escalate', A.community, { reason: '需街道协调' });
    expect(top.next).toMatchObject({ state: 'township_pending', level: 'township' });
    expect(top.next.deadlines.claimDue).toBe(cst('2026-03-05T23:59:59').toISOString()); // township: 3
  });

  test('township cannot escalate a case further — it whistles instead', () => {
    expect(refusal(() => act('case', caseAt('township_claimed'), 'escalate', A.township, { reason: 'x' })).code).toBe('ILLEGAL_TRANSITION');
  });

  test('return goes down with instructions, to the level below by default or to the grid', () => {
    const back = act('case', caseAt('township_claimed'), 'return', A.township, { instructions: '请社区先上门核实' });
    expect(back.next).toMatchObject({ state: 'community_pending', level: 'community' });
    const toGrid = act('case', caseAt('township_pending'), 'return', A.township, { instructions: '网格员核实', toLevel: 'grid' });
    expect(toGrid.next).toMatchObject({ state: 'grid_pending', level: 'grid' });
    expect(refusal(() => act('case', caseAt('community_claimed'), 'return', A.community, { instructions: 'x', toLevel: 'community' })).code).toBe('VALIDATION');
    expect(refusal(() => act('case', caseAt('community_claimed'), 'return', A.community, {})).code).toBe('REASON_REQUIRED');
  });

  test('staff of another grid or community are out of jurisdiction; other roles are forbidden', () => {
    expect(refusal(() => act('case', freshCase(), 'claim', A.otherGridWorker)).code).toBe('OUT_OF_JURISDICTION');
    expect(refusal(() => act('case', caseAt('community_pending'), 'claim', A.otherCommunity)).code).toBe('OUT_OF_JURISDICTION');
    const e = refusal(() => act('case', caseAt('community_pending'), 'claim', A.gridWorker));
    expect(e.code).toBe('FORBIDDEN_ROLE');
    expect(e.message).toContain('村(社区)工作人员');
  });

  test('illegal transitions explain themselves in Chinese', () => {
    const e = refusal(() => act('case', caseAt('closed'), 'claim', A.gridWorker));
    expect(e.code).toBe('ILLEGAL_TRANSITION');
    expect(e.message).toBe('当前状态「已结案」不能执行「认领」');
    expect(refusal(() => act('case', freshCase(), 'fly_away', A.gridWorker)).code).toBe('ILLEGAL_TRANSITION');
  });

  test('the input document is never mutated; version and updatedAt advance', () => {
    const c = freshCase();
    const before = JSON.stringify(c);
    const r = act('case', c, 'claim', A.gridWorker, {}, daysLater(T0, 0));
    expect(JSON.stringify(c)).toBe(before);
    expect(r.next.version).toBe(2);
    expect(r.next.updatedAt).toBe(T0.toISOString());
  });

  test('STALE_VERSION when the caller read an older version', () => {
    const c = freshCase();
    const e = refusal(() => applyAction({ entity: 'case', doc: c, action: 'claim', actor: A.gridWorker, input: {}, now: T0, county, calendar, expectedVersion: 0 }));
    expect(e.code).toBe('STALE_VERSION');
    expect(e.message).toBe('已被他人处理，请刷新后重试');
  });

  test('staff may correct the matter type; the correction is recorded (M-5)', () => {
    const r = act('case', freshCase({ matterType: 'garbage_pile' }), 'reclassify', A.gridWorker, { matterType: 'public_toilet' });
    expect(r.next.matterType).toBe('public_toilet');
    expect(r.event.data).toMatchObject({ matterType: 'public_toilet', previousMatterType: 'garbage_pile' });
    expect(r.next.state).toBe('grid_pending');
    expect(refusal(() => act('case', freshCase(), 'reclassify', A.gridWorker, { matterType: 'ufo' })).code).toBe('NOT_FOUND');
  });
});

describe('claim time limits and auto-escalation (M-11)', () => {
  const afterGridDue = cst('2026-03-04T00:00:00');

  test('not before the deadline', () => {
    const e = refusal(() => act('case', freshCase(), 'auto_escalate', SYSTEM_ACTOR, {}, cst('2026-03-03T23:59:59')));
    expect(e.code).toBe('DEADLINE_NOT_REACHED');
  });

  test('only the system escalates automatically', () => {
    expect(refusal(() => act('case', freshCase(), 'auto_escalate', A.gridWorker, {}, afterGridDue)).code).toBe('FORBIDDEN_ROLE');
    expect(refusal(() => act('case', freshCase(), 'claim', SYSTEM_ACTOR)).code).toBe('FORBIDDEN_ROLE');
  });

  test('grid → community → township, recording each miss against the level', () => {
    const r1 = act('case', freshCase(), 'auto_escalate', SYSTEM_ACTOR, {}, afterGridDue);
    expect(r1.next).toMatchObject({ state: 'community_pending', level: 'community' });
    expect(r1.next.misses).toEqual([{ kind: 'claim', level: 'grid', unit: 'xh-fm-06', due: cst('2026-03-03T23:59:59').toISOString(), at: afterGridDue.toISOString() }]);
    expect(r1.effects).toContainEqual(expect.objectContaining({ kind: 'deadline_missed', deadline: 'claim', unit: 'xh-fm-06' }));
    expect(r1.event.actor).toEqual({ personId: 'system', role: 'system', unit: '' });
    // Community due: 2 working days after 3/4 → 3/6.
    expect(r1.next.deadlines.claimDue).toBe(cst('2026-03-06T23:59:59').toISOString());
    const r2 = act('case', r1.next, 'auto_escalate', SYSTEM_ACTOR, {}, cst('2026-03-07T08:00:00'));
    expect(r2.next).toMatchObject({ state: 'township_pending', level: 'township' });
    expect(r2.next.misses.map((m) => m.unit)).toEqual(['xh-fm-06', 'xh-fm']);
  });

  test('at the township a miss is recorded, the case flagged for supervision and the clock restarted', () => {
    const c = caseAt('township_pending');
    const due = c.deadlines.claimDue!;
    const r = act('case', c, 'auto_escalate', SYSTEM_ACTOR, {}, daysLater(T0, 10));
    expect(r.next).toMatchObject({ state: 'township_pending', level: 'township', supervised: true });
    expect(r.next.misses).toContainEqual(expect.objectContaining({ kind: 'claim', level: 'township', unit: 'xh', due }));
    expect(r.next.deadlines.claimDue! > due).toBe(true);
    expect(r.effects).toContainEqual({ kind: 'notify', to: 'whistle_office', template: 'case_claim_overdue' });
  });

  test('a late manual claim is allowed but the miss is recorded', () => {
    const r = act('case', freshCase(), 'claim', A.gridWorker, {}, afterGridDue);
    expect(r.next.state).toBe('grid_claimed');
    expect(r.next.misses).toHaveLength(1);
    expect(r.effects).toContainEqual(expect.objectContaining({ kind: 'deadline_missed' }));
  });

  test('a claimed case has no claim clock to miss', () => {
    expect(refusal(() => act('case', caseAt('grid_claimed'), 'auto_escalate', SYSTEM_ACTOR, {}, daysLater(T0, 30))).code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('resident rating (M-21)', () => {
  test('only the reporter rates; 满意 closes the case', () => {
    expect(refusal(() => act('case', caseAt('resolved'), 'rate', A.otherResident, { score: '满意' })).code).toBe('OUT_OF_JURISDICTION');
    expect(refusal(() => act('case', caseAt('resolved'), 'rate', A.gridWorker, { score: '满意' })).code).toBe('OUT_OF_JURISDICTION');
    const r = act('case', caseAt('resolved'), 'rate', A.reporter, { score: '满意', comment: '很及时' });
    expect(r.next.state).toBe('closed');
    expect(r.next.rating).toMatchObject({ score: '满意', comment: '很及时', auto: false, followUp: false, by: REPORTER_OPENID });
    expect(r.next.deadlines.rateDue).toBeNull();
  });

  test('only once: a second rating is ALREADY_RATED', () => {
    const e = refusal(() => act('case', caseAt('closed'), 'rate', A.reporter, { score: '不满意' }));
    expect(e.code).toBe('ALREADY_RATED');
    expect(e.rule).toBe('M-21');
    expect(refusal(() => act('case', caseAt('follow_up'), 'rate', A.reporter, { score: '满意' })).code).toBe('ALREADY_RATED');
  });

  test('scores are validated', () => {
    expect(refusal(() => act('case', caseAt('resolved'), 'rate', A.reporter, { score: '非常好' })).code).toBe('VALIDATION');
  });

  test('不满意 reopens follow-up at the level that resolved it, with a fresh claim clock', () => {
    const c = caseAt('resolved', 'community');
    const r = act('case', c, 'rate', A.reporter, { score: '不满意', comment: '只清了一半' }, cst('2026-03-05T10:00:00'));
    expect(r.next).toMatchObject({ state: 'follow_up', level: 'community' });
    expect(r.next.deadlines.claimDue).toBe(cst('2026-03-09T23:59:59').toISOString());
    expect(r.effects).toContainEqual({ kind: 'notify', to: 'level', unit: 'xh-fm', template: 'case_follow_up' });
    expect(availableActions('case', r.next, A.community).map((a) => a.action)).toEqual(['claim', 'resolve', 'escalate', 'reclassify', 'merge']);
    expect(availableActions('case', r.next, A.gridWorker)).toEqual([]);
  });

  test('a satisfied score with a follow-up request also reopens', () => {
    expect(act('case', caseAt('resolved'), 'rate', A.reporter, { score: '基本满意', comment: '希望定期巡查', followUp: true }).next.state).toBe('follow_up');
  });

  test('follow-up work resolves again and the new resolution can be rated; history keeps the first', () => {
    let c = caseAt('follow_up', 'grid');
    c = act('case', c, 'resolve', A.gridWorker, { result: '已全部清运并设置提示牌' }).next;
    expect(c.state).toBe('resolved');
    expect(c.rating).toBeNull();
    expect(c.history).toHaveLength(1);
    expect(c.history[0].rating?.score).toBe('不满意');
    expect(act('case', c, 'rate', A.reporter, { score: '满意' }).next.state).toBe('closed');
  });

  test('a merged reporter may rate too (M-6)', () => {
    const c: CaseDoc = { ...caseAt('resolved'), linkedReporters: [{ openid: 'o-other', channel: 'hotline_12345', at: T0.toISOString() }] };
    expect(act('case', c, 'rate', A.otherResident, { score: '满意' }).next.state).toBe('closed');
  });

  test('auto_rate after the configured days: closed, marked auto, never counted as 满意', () => {
    const c = caseAt('resolved');
    expect(refusal(() => act('case', c, 'auto_rate', SYSTEM_ACTOR, {}, cst('2026-03-09T23:00:00'))).code).toBe('DEADLINE_NOT_REACHED');
    const r = act('case', c, 'auto_rate', SYSTEM_ACTOR, {}, cst('2026-03-10T00:00:01'));
    expect(r.next.state).toBe('closed');
    expect(r.next.rating).toEqual({ score: null, followUp: false, auto: true, at: cst('2026-03-10T00:00:01').toISOString(), by: '' });
    expect(refusal(() => act('case', r.next, 'rate', A.reporter, { score: '满意' })).code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('cases in a whistle (M-12, M-17)', () => {
  test('township attaches any open case in its township; lower levels cannot', () => {
    const r = act('case', freshCase(), 'attach_to_whistle', A.township, { whistleId: 'w9' });
    expect(r.next).toMatchObject({ state: 'whistled', level: 'township', whistleId: 'w9' });
    expect(r.next.deadlines.claimDue).toBeNull();
    expect(refusal(() => act('case', freshCase(), 'attach_to_whistle', A.gridWorker, { whistleId: 'w9' })).code).toBe('FORBIDDEN_ROLE');
    expect(refusal(() => act('case', freshCase(), 'attach_to_whistle', A.dyTownship, { whistleId: 'w9' })).code).toBe('OUT_OF_JURISDICTION');
  });

  test('whistle closed → resolved at township level with the department result, then rated as usual', () => {
    const r = act('case', caseAt('whistled'), 'whistle_closed', SYSTEM_ACTOR, { whistleId: 'w1', result: '自然资源局现场确权', photos: ['cloud://x.jpg'] });
    expect(r.next.state).toBe('resolved');
    expect(r.next.resolution).toMatchObject({ level: 'township', unit: 'xh', whistleId: 'w1', result: '自然资源局现场确权' });
    const unhappy = act('case', r.next, 'rate', A.reporter, { score: '不满意' });
    expect(unhappy.next).toMatchObject({ state: 'follow_up', level: 'township' });
  });

  test('wrong whistle id is refused; detaching returns the case to the township', () => {
    expect(refusal(() => act('case', caseAt('whistled'), 'whistle_closed', SYSTEM_ACTOR, { whistleId: 'w2', result: 'x' })).code).toBe('VALIDATION');
    const r = act('case', caseAt('whistled'), 'detach_from_whistle', A.township, { whistleId: 'w1', reason: '哨未通过审核' });
    expect(r.next).toMatchObject({ state: 'township_claimed', whistleId: null });
  });
});

describe('duplicate reports (M-6)', () => {
  test('the system links a further reporter and channel once; the linked reporter is notified like the first', () => {
    const r = act('case', freshCase(), 'link_reporter', SYSTEM_ACTOR, { openid: 'o-other', channel: 'hotline_12345' });
    expect(r.next.linkedReporters).toEqual([{ openid: 'o-other', channel: 'hotline_12345', at: T0.toISOString() }]);
    expect(r.next.channels).toEqual(['miniprogram', 'hotline_12345']);
    expect(r.event.data.reporters).toBe(2);
    const again = act('case', r.next, 'link_reporter', SYSTEM_ACTOR, { openid: 'o-other', channel: 'hotline_12345' });
    expect(again.next.linkedReporters).toHaveLength(1);
    expect(canView('case', again.next, A.otherResident)).toBe(true);
    expect(refusal(() => act('case', caseAt('closed'), 'link_reporter', SYSTEM_ACTOR, { openid: 'o-x', channel: 'qrcode' })).code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('audit events', () => {
  test('carry before/after, the acting binding and the validated input — never phone numbers', () => {
    const r = act('case', freshCase(), 'escalate', A.gridWorker, { reason: '需社区协调' });
    expect(r.event).toEqual({
      entity: 'case',
      entityId: 'c1',
      action: 'escalate',
      actor: { personId: A.gridWorker.personId, role: 'grid_worker', unit: 'xh-fm-06' },
      at: T0.toISOString(),
      before: { state: 'grid_pending', level: 'grid', version: 1 },
      after: { state: 'community_pending', level: 'community', version: 2 },
      data: { reason: '需社区协调' },
      rule: 'M-8',
    });
    expect(JSON.stringify(r.event)).not.toContain('13800000000');
  });
});

describe('availableActions and canView', () => {
  test('buttons per actor', () => {
    const c = freshCase();
    expect(availableActions('case', c, A.gridWorker)).toEqual([
      { action: 'claim', label: '认领' },
      { action: 'escalate', label: '上报村(社区)' },
      { action: 'reclassify', label: '调整事项类型' },
      { action: 'merge', label: '合并到其他事项' },
    ]);
    expect(availableActions('case', c, A.community)).toEqual([]);
    expect(availableActions('case', c, A.reporter)).toEqual([]);
    expect(availableActions('case', caseAt('resolved'), A.reporter)).toEqual([{ action: 'rate', label: '评价' }]);
    expect(availableActions('case', caseAt('closed'), A.reporter)).toEqual([]);
    expect(availableActions('case', caseAt('township_claimed'), A.township).map((a) => a.action)).toEqual(['resolve', 'return', 'attach_to_whistle', 'reclassify', 'merge']);
  });

  test('who sees a case', () => {
    const c = freshCase();
    expect(canView('case', c, A.reporter)).toBe(true);
    expect(canView('case', c, A.otherResident)).toBe(false);
    expect(canView('case', c, A.gridWorker)).toBe(true);
    expect(canView('case', c, A.otherGridWorker)).toBe(false);
    expect(canView('case', c, A.community)).toBe(true);
    expect(canView('case', c, A.otherCommunity)).toBe(false);
    expect(canView('case', c, A.township)).toBe(true);
    expect(canView('case', c, A.dyTownship)).toBe(false);
    expect(canView('case', c, A.office)).toBe(true);
    expect(canView('case', c, A.leader)).toBe(true);
    expect(canView('case', c, A.zrzy)).toBe(false);
  });

  test('a department sees a case only through a whistle dispatched to it', () => {
    const w = whistleAt('dispatched');
    const c: CaseDoc = { ...caseAt('whistled'), whistleId: w._id };
    expect(canView('case', c, A.zrzy, { whistle: w })).toBe(true);
    expect(canView('case', c, A.jtys, { whistle: w })).toBe(false);
    expect(canView('case', { ...c, whistleId: 'other' }, A.zrzy, { whistle: w })).toBe(false);
  });

  test('redaction: anonymous reporters stay anonymous, phones in full only for the handling grid worker', () => {
    const c = freshCase();
    expect(redactCaseFor(c, A.gridWorker).reporter).toEqual({ openid: REPORTER_OPENID, anonymous: false, phone: '13800000000' });
    expect(redactCaseFor(c, A.office).reporter).toEqual({ openid: REPORTER_OPENID, anonymous: false, phone: '138****0000' });
    expect(redactCaseFor(c, person('grid_worker', 'xh-fm-01')).reporter.phone).toBe('138****0000');
    expect(redactCaseFor(c, A.reporter).reporter.phone).toBe('13800000000');
    const anon = freshCase({ anonymous: true });
    expect(redactCaseFor(anon, A.gridWorker).reporter).toEqual({ openid: '', anonymous: true });
    expect(redactCaseFor(anon, person('grid_worker', 'xh-fm-06')).reporter.phone).toBeUndefined();
  });
});
