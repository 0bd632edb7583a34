// SLA bookkeeping (domain/sla.ts) through the transition table: the 临期 window across National Day and
// 调休 make-up days (M-14, M-14a), 临期 notices once per deadline, a claimed case's handling limit per
// level (M-11 "handle") and its miss, the detached case's clock, the 超期未结 / 临期 flags (M-24), and a
// clock pass that — run twice at the same instant — changes nothing the second time.
import { SYSTEM_ACTOR, applyAction, nearFrom, parseCounty, type CaseDoc, type Entity, type WhistleDoc } from '../../domain';
import { calendarForCounty } from '../../domain/calendar';
import countyJson from '../../data/county.json';
import { A, act, calendar, caseAt, county, cst, freshCase, whistleAt } from './fixtures';

const endOf = (ymd: string) => cst(`${ymd}T23:59:59`).toISOString();
const startOf = (ymd: string) => cst(`${ymd}T00:00:00`).toISOString();

/** What the clock does to one document at `now`: its system rows in the clock's order, each only when due. */
function clockPass<D extends CaseDoc | WhistleDoc>(entity: Entity, doc: D, now: Date): { doc: D; actions: string[] } {
  const actions: string[] = [];
  const jobs = entity === 'case' ? ['auto_escalate', 'auto_rate', 'sla_alert'] : ['flag_overdue', 'sla_alert'];
  for (const action of jobs) {
    const field = { auto_escalate: 'claimDue', auto_rate: 'rateDue', flag_overdue: 'nextDue', sla_alert: 'alertAt' }[action] as string;
    const due = (doc.deadlines as Record<string, string | null | undefined>)[field];
    if (!due || Date.parse(due) >= now.getTime()) continue;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    doc = applyAction({ entity, doc, action: action as any, actor: SYSTEM_ACTOR, input: {}, now, county, calendar } as any).next as D;
    actions.push(action);
  }
  return { doc, actions };
}

describe('临期 window (M-14, M-14a, M-24)', () => {
  test('defaults to 00:00 of the working day the deadline ends on', () => {
    expect(nearFrom(endOf('2026-03-04'), county, calendar).toISOString()).toBe(startOf('2026-03-04'));
  });

  test('a same-day deadline on a holiday is near from the last working day before it', () => {
    expect(nearFrom(endOf('2026-10-03'), county, calendar).toISOString()).toBe(startOf('2026-09-30'));
  });

  test('N = 2 reaches back over National Day to 9/30; over a 调休 weekend it stops on the make-up Sunday', () => {
    const two = parseCounty({ ...countyJson, slaDefaults: { ...countyJson.slaDefaults, nearDueWorkingDays: 2 } });
    const cal = calendarForCounty(two);
    expect(nearFrom(endOf('2026-10-08'), two, cal).toISOString()).toBe(startOf('2026-09-30'));
    // 2026-09-20 (Sunday) is a make-up working day: the working day before Monday 9/21.
    expect(nearFrom(endOf('2026-09-21'), two, cal).toISOString()).toBe(startOf('2026-09-20'));
  });
});

describe('whistle dispatched before National Day (M-13, M-14a, M-24)', () => {
  const dispatched = () => act('whistle', whistleAt('submitted'), 'dispatch', A.office, {}, cst('2026-09-30T11:00:00')).next;

  test('no notice during the holiday; one 临期 notice per department on 10/9; a second pass changes nothing', () => {
    let w = dispatched();
    expect(w.deadlines.alertAt).toBe(startOf('2026-10-09'));
    expect(clockPass('whistle', w, cst('2026-10-05T10:00:00')).actions).toEqual([]);

    const run = clockPass('whistle', w, cst('2026-10-09T08:00:00'));
    expect(run.actions).toEqual(['sla_alert']);
    w = run.doc;
    expect(w.warned?.map((x) => `${x.kind}:${x.unit}`).sort()).toEqual(['checkin_normal:mz', 'checkin_normal:nync', 'checkin_normal:zrzy']);
    expect(w.flags).toEqual({ near: endOf('2026-10-09'), overdue: null });
    // The completion deadline's window is next (20 working days later).
    expect(Date.parse(w.deadlines.alertAt!)).toBeGreaterThan(Date.parse(endOf('2026-10-09')));

    const again = clockPass('whistle', w, cst('2026-10-09T08:00:00'));
    expect(again.actions).toEqual([]);
    expect(again.doc).toBe(w);
  });

  test('missed on 10/10 (a 调休 Saturday, still past due): flagged 超期未结; a late check-in names the person', () => {
    let w = clockPass('whistle', dispatched(), cst('2026-10-09T08:00:00')).doc;
    const run = clockPass('whistle', w, cst('2026-10-10T09:00:00'));
    expect(run.actions).toEqual(['flag_overdue']);
    w = run.doc;
    expect(w.flags?.overdue).toBe(endOf('2026-10-09'));
    const late = act('whistle', w, 'check_in', A.zrzy, { handler: '王科长', onSiteAt: '2026-10-10T09:30:00+08:00' }, cst('2026-10-10T10:00:00')).next;
    const miss = late.misses.find((m) => m.unit === 'zrzy' && m.kind === 'checkin_normal');
    expect(miss).toMatchObject({ at: cst('2026-10-10T09:00:00').toISOString(), doneAt: cst('2026-10-10T10:00:00').toISOString(), donePerson: A.zrzy.personId });
    // The two other departments still owe their check-in: the whistle stays 超期未结.
    expect(late.flags?.overdue).toBe(endOf('2026-10-09'));
  });
});

describe('a claimed case has a handling limit (M-11 "handle")', () => {
  const claimedOn = (at: string) => act('case', freshCase({}, cst(at)), 'claim', A.gridWorker, {}, cst(at)).next;

  test('claim starts it per level from the county config (grid 5 working days, across National Day)', () => {
    const c = claimedOn('2026-09-29T10:00:00');
    // 9/30, 10/8, 10/9, 10/10 (调休 Saturday), 10/12.
    expect(c.deadlines.handleDue).toBe(endOf('2026-10-12'));
    expect(c.deadlines.claimDue).toBeNull();
    expect(c.deadlines.alertAt).toBe(startOf('2026-10-12'));
  });

  test('near → one notice to the grid; past → miss recorded against the grid, 超期未结, whistle office told; idempotent', () => {
    let c = claimedOn('2026-09-29T10:00:00');
    let run = clockPass('case', c, cst('2026-10-12T07:00:00'));
    expect(run.actions).toEqual(['sla_alert']);
    c = run.doc;
    expect(c.warned).toEqual([{ kind: 'handle', unit: c.grid, due: endOf('2026-10-12'), at: cst('2026-10-12T07:00:00').toISOString() }]);
    expect(c.flags).toEqual({ near: endOf('2026-10-12'), overdue: null });
    expect(clockPass('case', c, cst('2026-10-12T20:00:00')).actions).toEqual([]); // once per deadline

    const t = cst('2026-10-13T00:10:00');
    const r = applyAction({ entity: 'case', doc: c, action: 'sla_alert', actor: SYSTEM_ACTOR, input: {}, now: t, county, calendar });
    expect(r.next.misses).toEqual([{ kind: 'handle', level: 'grid', unit: c.grid, due: endOf('2026-10-12'), at: t.toISOString() }]);
    expect(r.next.flags).toEqual({ near: null, overdue: endOf('2026-10-12') });
    expect(r.next.deadlines.alertAt).toBeNull();
    expect(r.effects).toEqual(
      expect.arrayContaining([
        { kind: 'deadline_missed', deadline: 'handle', due: endOf('2026-10-12'), unit: c.grid },
        { kind: 'notify', to: 'level', unit: c.grid, template: 'case_handle_overdue' },
        { kind: 'notify', to: 'whistle_office', template: 'case_handle_overdue' },
      ]),
    );
    expect(r.event).toMatchObject({ action: 'sla_alert', actor: { role: 'system' }, data: { missed: [expect.objectContaining({ kind: 'handle' })] } });
    expect(clockPass('case', r.next, t).actions).toEqual([]);

    // Resolving late stops the limit, names the person, and clears 超期未结.
    const done = act('case', r.next, 'resolve', A.gridWorker, { result: '已清运', photos: [] }, cst('2026-10-13T09:00:00')).next;
    expect(done.misses).toHaveLength(1);
    expect(done.misses[0]).toMatchObject({ doneAt: cst('2026-10-13T09:00:00').toISOString(), donePerson: A.gridWorker.personId });
    expect(done.deadlines.handleDue).toBeNull();
    expect(done.flags).toEqual({ near: null, overdue: null });
  });

  test('resolving late without a clock run still records the miss once', () => {
    const c = claimedOn('2026-03-02T10:00:00');
    const done = act('case', c, 'resolve', A.gridWorker, { result: '已清运', photos: [] }, cst('2026-03-20T09:00:00'));
    expect(done.next.misses).toEqual([expect.objectContaining({ kind: 'handle', level: 'grid', donePerson: A.gridWorker.personId })]);
    expect(done.effects).toContainEqual(expect.objectContaining({ kind: 'deadline_missed', deadline: 'handle' }));
  });

  test('escalating hands over: the next level gets a claim limit, then its own handling limit', () => {
    let c = claimedOn('2026-03-02T10:00:00');
    c = act('case', c, 'escalate', A.gridWorker, { reason: '需社区协调' }, cst('2026-03-03T10:00:00')).next;
    expect(c.deadlines.handleDue).toBeNull();
    c = act('case', c, 'claim', A.community, {}, cst('2026-03-04T10:00:00')).next;
    expect(c.deadlines.handleDue).toBe(endOf('2026-03-18')); // community: 10 working days
  });

  test('a case detached after a rejected whistle waits at the township with its own handling limit', () => {
    const whistled = caseAt('whistled');
    const back = act('case', whistled, 'detach_from_whistle', A.township, { whistleId: 'w1', reason: '哨被退回' }, cst('2026-03-05T10:00:00')).next;
    expect(back.state).toBe('township_claimed');
    expect(back.deadlines.handleDue).toBe(endOf('2026-03-26')); // township: 15 working days
    expect(back.deadlines.alertAt).toBe(startOf('2026-03-26'));
  });
});
