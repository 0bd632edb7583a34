// Composite assessment (M-23, M-25): periods in CST, timeliness from the audit log (M-14a), the score
// arithmetic, ranking and late check-ins per person.
import {
  assessDepartment,
  assessDepartments,
  deptFacts,
  lateCheckInsByPerson,
  parsePeriod,
  periodContaining,
  rankDepartments,
  shiftPeriod,
  type DepartmentAssessment,
  type DeptWhistleFacts,
} from '../../domain/assessment';
import { AssessmentConfigSchema } from '../../domain/county';
import countyJson from '../../data/county.json';
import { newWhistle, parseCounty, type AuditEventDraft, type WhistleDoc } from '../../domain';
import type { EvaluationDoc, EvaluationGrade } from '../../domain/evaluation';
import { A, LAND, act, calendar, county, cst } from './fixtures';

const DEFAULTS = AssessmentConfigSchema.parse({});

describe('periods (CST)', () => {
  test('month, quarter and year boundaries are CST midnights', () => {
    expect(parsePeriod('2026-11')).toMatchObject({ kind: 'month', label: '2026年11月', from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
    expect(parsePeriod('2026-12')).toMatchObject({ to: '2026-12-31T16:00:00.000Z' });
    expect(parsePeriod('2026-Q4')).toMatchObject({ kind: 'quarter', label: '2026年第4季度', from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', label: '2026年', from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(() => parsePeriod('2026-13')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  test('the period containing an instant follows the CST calendar day', () => {
    const newYear = new Date('2026-12-31T16:30:00Z'); // 2027-01-01 00:30 CST
    expect(periodContaining(newYear, 'month').key).toBe('2027-01');
    expect(periodContaining(newYear, 'quarter').key).toBe('2027-Q1');
    expect(periodContaining(new Date('2026-12-31T15:59:59Z'), 'year').key).toBe('2026');
  });

  test('previous and next periods of the same kind', () => {
    expect(shiftPeriod(parsePeriod('2026-01'), -1).key).toBe('2025-12');
    expect(shiftPeriod(parsePeriod('2026-12'), 1).key).toBe('2027-01');
    expect(shiftPeriod(parsePeriod('2026-Q1'), -1).key).toBe('2025-Q4');
    expect(shiftPeriod(parsePeriod('2026-Q4'), 2).key).toBe('2027-Q2');
    expect(shiftPeriod(parsePeriod('2026'), -1).key).toBe('2025');
  });
});

describe('facts from the audit log (M-14a, M-17)', () => {
  // 平哨 dispatched Monday 2026-03-02 10:00 to 自然资源局 (lead), 农业农村局 and 民政局.
  const events: AuditEventDraft[] = [];
  let w: WhistleDoc = newWhistle({ id: 'w1', no: 'W-1', input: LAND, actor: A.dyTownship, now: cst('2026-03-02T09:00:00'), county, calendar }).next;
  const go = (action: string, actor: typeof A.office, at: string, input: unknown = {}) => {
    const r = act('whistle', w, action, actor, input, cst(at));
    events.push(r.event);
    w = r.next;
  };
  go('review', A.dyTownship, '2026-03-02T09:10:00', { decision: 'pass' });
  go('approve', A.dyTownship, '2026-03-02T09:20:00');
  go('dispatch', A.office, '2026-03-02T10:00:00', { lead: 'zrzy', co: ['nync', 'mz'] });
  // Typed arrival on Tuesday, but the check-in is recorded Thursday: late (due Wednesday 23:59:59).
  go('check_in', A.zrzy, '2026-03-05T09:00:00', { handler: '李工', onSiteAt: '2026-03-03T09:00:00+08:00' });
  go('check_in', A.nync, '2026-03-04T23:59:59', { handler: '王工', onSiteAt: '2026-03-04T20:00:00+08:00' });
  go('request_extension', A.nync, '2026-03-05T10:00:00', { workingDays: 5, reason: '需补充测绘' });
  go('approve_extension', A.office, '2026-03-05T11:00:00', { dept: 'nync' });
  go('supervise', A.office, '2026-03-10T09:00:00', { kind: 'overdue', reason: '民政局未报到' });
  go('complete', A.zrzy, '2026-03-16T20:00:00', { result: '现场确权', photos: [] });
  const supervisions = w.supervision.map((s) => ({ at: s.at }));
  const march = parsePeriod('2026-03');
  const factsAt = (now: string) => deptFacts(w, events, march, { county, calendar, now: cst(now) }, { supervisions });

  test('check-in timeliness is judged by the recorded time, not the typed arrival', () => {
    const [zrzy, nync, mz] = factsAt('2026-03-20T12:00:00');
    expect(zrzy).toMatchObject({ dept: 'zrzy', role: 'lead', handler: '李工', checkIn: { due: '2026-03-04T15:59:59.000Z', at: cst('2026-03-05T09:00:00').toISOString(), status: 'late' } });
    // 土地权属纠纷 has its own 20-working-day completion limit (M-18): due Monday 2026-03-30.
    expect(zrzy.completion).toMatchObject({ due: '2026-03-30T15:59:59.000Z', status: 'on_time' });
    expect(nync.checkIn.status).toBe('on_time'); // 23:59:59 of the due day still counts
    expect(mz).toMatchObject({ handler: null, checkIn: { at: null, status: 'overdue' } });
  });

  test('an approved extension moves the completion deadline (延期), counted once', () => {
    const [, nync, mz] = factsAt('2026-03-20T12:00:00');
    expect(mz.completion.due).toBe('2026-03-30T15:59:59.000Z');
    expect(nync.extensions).toBe(1);
    // 5 working days after 2026-03-30, skipping the 清明 holiday (04-04 … 04-06).
    expect(nync.completion).toEqual({ due: '2026-04-07T15:59:59.000Z', at: null, status: 'running' });
    expect(factsAt('2026-04-08T00:00:00')[1].completion.status).toBe('overdue');
  });

  test('a supervision counts against departments not yet completed at that time', () => {
    expect(factsAt('2026-03-20T12:00:00').map((f) => [f.dept, f.supervisions])).toEqual([
      ['zrzy', 1],
      ['nync', 1],
      ['mz', 1],
    ]);
  });

  test('only assignments dispatched within the period', () => {
    expect(deptFacts(w, events, parsePeriod('2026-04'), { county, calendar, now: cst('2026-04-20T00:00:00') })).toEqual([]);
  });

  test('late check-ins per person named at check-in; a missing check-in names nobody (M-25)', () => {
    expect(lateCheckInsByPerson(factsAt('2026-03-20T12:00:00'))).toEqual([
      { dept: 'mz', handler: '（未报到）', count: 1, whistleIds: ['w1'] },
      { dept: 'zrzy', handler: '李工', count: 1, whistleIds: ['w1'] },
    ]);
  });
});

const outcome = (status: DeptWhistleFacts['checkIn']['status']) => ({ due: '2026-03-04T15:59:59.000Z', at: null, status });
function fact(over: Partial<DeptWhistleFacts> & Pick<DeptWhistleFacts, 'whistleId' | 'dept'>): DeptWhistleFacts {
  return {
    whistleNo: over.whistleId.toUpperCase(),
    title: '哨单',
    role: 'lead',
    dispatchedAt: '2026-03-02T02:00:00.000Z',
    checkIn: outcome('on_time'),
    completion: outcome('on_time'),
    handler: null,
    returned: false,
    extensions: 0,
    supervisions: 0,
    residentRatings: [],
    ...over,
  };
}
function evaluation(kind: EvaluationDoc['kind'], whistleId: string, dept: string, g: EvaluationGrade[] | EvaluationGrade): EvaluationDoc {
  const grades = Array.isArray(g) ? { checkIn: g[0], handling: g[1], satisfaction: g[2], duty: g[3] } : null;
  return {
    _id: `${kind}_${whistleId}_${dept}`,
    kind,
    whistleId,
    whistleNo: whistleId,
    county: 'hb',
    township: 'dy',
    dept,
    role: 'lead',
    grades,
    cooperation: Array.isArray(g) ? null : g,
    comment: '',
    evaluator: null,
    by: { personId: 'p', role: 'township', unit: 'dy' },
    at: '2026-03-20T00:00:00.000Z',
  };
}

describe('composite score arithmetic (M-23)', () => {
  const facts = [
    fact({ whistleId: 'w1', dept: 'zrzy', completion: outcome('late'), extensions: 1, supervisions: 1, residentRatings: [{ caseId: 'c1', score: '满意' }, { caseId: 'c2', score: '不满意' }] }),
    fact({ whistleId: 'w2', dept: 'zrzy', role: 'co', checkIn: outcome('late') }),
    fact({ whistleId: 'w3', dept: 'nync', returned: true, checkIn: outcome('not_applicable'), completion: outcome('not_applicable') }),
  ];
  const evaluations = [
    evaluation('township', 'w1', 'zrzy', ['非常满意', '满意', '基本满意', '不满意']),
    evaluation('township', 'w2', 'zrzy', ['满意', '满意', '满意', '满意']),
    evaluation('co_handler', 'w2', 'zrzy', '基本满意'),
    evaluation('township', 'w9', 'zrzy', ['不满意', '不满意', '不满意', '不满意']), // another period's whistle: ignored
  ];

  test('components, weighted mean over components with data, deductions', () => {
    const r = assessDepartment('zrzy', facts, evaluations, DEFAULTS);
    // township: w1 (100+90+75+50)/4 = 78.75, w2 90 → 84.375
    expect(r.township).toEqual({ value: 84.38, count: 2, ids: ['w1', 'w2'] });
    expect(r.dimensions.checkIn.value).toBe(95);
    expect(r.dimensions.handling.value).toBe(90);
    expect(r.dimensions.satisfaction.value).toBe(82.5);
    expect(r.dimensions.duty.value).toBe(70);
    expect(r.coHandler).toEqual({ value: 75, count: 1, ids: ['w2'] });
    expect(r.thirdParty).toEqual({ value: null, count: 0, ids: [] });
    expect(r.resident).toEqual({ value: 75, count: 2, ids: ['c1', 'c2'] }); // (100 + 50) / 2
    expect(r.timeliness).toEqual({ value: 50, count: 4, ids: ['w1', 'w2'] }); // 2 of 4 deadlines met
    // base = (0.4·84.375 + 0.1·75 + 0.1·75 + 0.3·50) / (0.4 + 0.1 + 0.1 + 0.3) = 63.75 / 0.9
    expect(r.base).toBe(70.83);
    // deductions: 1 supervision × 2 + 1 extension × 0.5
    expect(r.deduction).toBe(2.5);
    expect(r.score).toBe(68.33); // 63.75 / 0.9 − 2.5 = 68.333…
    expect(r.checkInLate).toEqual({ count: 1, ids: ['w2'] });
    expect(r.completionLate).toEqual({ count: 1, ids: ['w1'] });
    expect(r.supervisions).toEqual({ count: 1, ids: ['w1'] });
    expect(r.extensions).toEqual({ count: 1, ids: ['w1'] });
    expect(r.whistles).toEqual({ count: 2, ids: ['w1', 'w2'] });
  });

  test('the county configuration carries the weights; data/county.json gets the defaults', () => {
    expect(county.assessment).toEqual(DEFAULTS);
    expect(DEFAULTS.weights).toEqual({ township: 0.4, coHandler: 0.1, thirdParty: 0.1, resident: 0.1, timeliness: 0.3 });
    const tuned = parseCounty({ ...countyJson, assessment: { weights: { township: 0.5, coHandler: 0, thirdParty: 0, resident: 0.2, timeliness: 0.3 } } });
    expect(tuned.assessment.weights.township).toBe(0.5);
    expect(tuned.assessment.gradePoints).toEqual(DEFAULTS.gradePoints);
    expect(() => parseCounty({ ...countyJson, assessment: { deductions: { supervision: -1, return: 1, extension: 1 } } })).toThrow(expect.objectContaining({ code: 'COUNTY_INVALID' }));
  });

  test('weights come from configuration', () => {
    const onlyTownship = AssessmentConfigSchema.parse({ weights: { township: 1, coHandler: 0, thirdParty: 0, resident: 0, timeliness: 0 }, deductions: { supervision: 0, return: 0, extension: 0 } });
    expect(assessDepartment('zrzy', facts, evaluations, onlyTownship).score).toBe(84.38);
  });

  test('a returned whistle only deducts; without any component there is no score', () => {
    const r = assessDepartment('nync', facts, evaluations, DEFAULTS);
    expect(r).toMatchObject({ base: null, score: null, deduction: 1, returns: { count: 1, ids: ['w3'] }, timeliness: { value: null, count: 0 } });
  });

  test('scores stay within 0–100', () => {
    const heavy = AssessmentConfigSchema.parse({ deductions: { supervision: 500, return: 0, extension: 0 } });
    expect(assessDepartment('zrzy', facts, evaluations, heavy).score).toBe(0);
  });

  test('ranking: ties share a rank, unscored departments come last', () => {
    const row = (dept: string, score: number | null) => ({ ...assessDepartment(dept, [], [], DEFAULTS), score }) as DepartmentAssessment;
    const ranked = rankDepartments([row('a', 80), row('b', 90), row('c', null), row('d', 90), row('e', 70)]);
    expect(ranked.map((r) => [r.dept, r.rank])).toEqual([
      ['b', 1],
      ['d', 1],
      ['a', 3],
      ['e', 4],
      ['c', null],
    ]);
    expect(assessDepartments(['zrzy', 'nync'], facts, evaluations, DEFAULTS).map((r) => [r.dept, r.rank, r.score])).toEqual([
      ['zrzy', 1, 68.33],
      ['nync', null, null],
    ]);
  });
});
