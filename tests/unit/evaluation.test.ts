// Evaluation rules (M-19, M-20, M-22): only the whistling township rates, only after the department
// completed; only the lead scores co-handlers, after its own completion; the 吹哨办 records third parties.
import { coHandlerScore, pendingEvaluations, thirdPartyEvaluation, townshipEvaluation, type DimensionGrades } from '../../domain/evaluation';
import { A, T0, person, whistleAt } from './fixtures';

const GRADES: DimensionGrades = { checkIn: '非常满意', handling: '满意', satisfaction: '满意', duty: '基本满意' };
const completed = whistleAt('completed'); // 大垸乡: lead 自然资源局 completed; 农业农村局, 民政局 dispatched
const inProgress = whistleAt('in_progress');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  throw new Error('expected a refusal');
}

describe('township evaluation (M-19)', () => {
  test('the whistling township rates a completed department on four dimensions', () => {
    const e = townshipEvaluation({ whistle: completed, dept: 'zrzy', actor: A.dyTownship, now: T0 }, { grades: GRADES, comment: '处置及时' });
    expect(e).toMatchObject({ _id: 'township_w1_zrzy', kind: 'township', whistleId: 'w1', dept: 'zrzy', role: 'lead', township: 'dy', grades: GRADES, comment: '处置及时', cooperation: null });
    expect(e.by).toEqual({ personId: A.dyTownship.personId, role: 'township', unit: 'dy' });
    expect(e.at).toBe(T0.toISOString());
  });

  test('one matter one evaluation: the id is fixed per kind, whistle and department', () => {
    const a = townshipEvaluation({ whistle: completed, dept: 'zrzy', actor: A.dyTownship, now: T0 }, { grades: GRADES });
    const b = townshipEvaluation({ whistle: completed, dept: 'zrzy', actor: person('township', 'dy'), now: new Date(T0.getTime() + 1000) }, { grades: GRADES });
    expect(b._id).toBe(a._id);
  });

  test('only the right township, only the township role', () => {
    expect(codeOf(() => townshipEvaluation({ whistle: completed, dept: 'zrzy', actor: A.township, now: T0 }, { grades: GRADES }))).toBe('OUT_OF_JURISDICTION');
    expect(codeOf(() => townshipEvaluation({ whistle: completed, dept: 'zrzy', actor: A.office, now: T0 }, { grades: GRADES }))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(() => townshipEvaluation({ whistle: completed, dept: 'zrzy', actor: A.zrzy, now: T0 }, { grades: GRADES }))).toBe('FORBIDDEN_ROLE');
  });

  test('only after the department completed, only departments on the whistle', () => {
    expect(codeOf(() => townshipEvaluation({ whistle: inProgress, dept: 'zrzy', actor: A.dyTownship, now: T0 }, { grades: GRADES }))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => townshipEvaluation({ whistle: completed, dept: 'nync', actor: A.dyTownship, now: T0 }, { grades: GRADES }))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => townshipEvaluation({ whistle: completed, dept: 'jtys', actor: A.dyTownship, now: T0 }, { grades: GRADES }))).toBe('VALIDATION');
  });
});

describe('co-handler scoring (M-20)', () => {
  test('the lead scores a co-handler after completing', () => {
    const e = coHandlerScore({ whistle: completed, dept: 'nync', actor: A.zrzy, now: T0 }, { cooperation: '满意', comment: '配合到位' });
    expect(e).toMatchObject({ _id: 'co_handler_w1_nync', kind: 'co_handler', dept: 'nync', role: 'co', cooperation: '满意', grades: null });
    expect(e.by).toMatchObject({ role: 'department', unit: 'zrzy' });
  });

  test('only the lead, only co-handlers, only after the lead completed', () => {
    expect(codeOf(() => coHandlerScore({ whistle: completed, dept: 'mz', actor: A.nync, now: T0 }, { cooperation: '满意' }))).toBe('OUT_OF_JURISDICTION');
    expect(codeOf(() => coHandlerScore({ whistle: completed, dept: 'nync', actor: A.dyTownship, now: T0 }, { cooperation: '满意' }))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(() => coHandlerScore({ whistle: completed, dept: 'zrzy', actor: A.zrzy, now: T0 }, { cooperation: '满意' }))).toBe('VALIDATION');
    expect(codeOf(() => coHandlerScore({ whistle: inProgress, dept: 'nync', actor: A.zrzy, now: T0 }, { cooperation: '满意' }))).toBe('ILLEGAL_TRANSITION');
  });
});

describe('third-party evaluation (M-22)', () => {
  test('the county 吹哨办 records it, kept apart from the township’s', () => {
    const e = thirdPartyEvaluation({ whistle: completed, dept: 'zrzy', actor: A.office, now: T0 }, { grades: GRADES, evaluator: '县社情民意调查中心' });
    expect(e).toMatchObject({ _id: 'third_party_w1_zrzy', kind: 'third_party', evaluator: '县社情民意调查中心' });
    expect(codeOf(() => thirdPartyEvaluation({ whistle: completed, dept: 'zrzy', actor: A.leader, now: T0 }, { grades: GRADES, evaluator: 'x' }))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(() => thirdPartyEvaluation({ whistle: completed, dept: 'nync', actor: A.office, now: T0 }, { grades: GRADES, evaluator: 'x' }))).toBe('ILLEGAL_TRANSITION');
  });
});

test('pending evaluations: what each caller may still do on the whistle', () => {
  expect(pendingEvaluations(completed, A.dyTownship, [])).toEqual([{ kind: 'township', dept: 'zrzy' }]);
  expect(pendingEvaluations(completed, A.dyTownship, [{ kind: 'township', dept: 'zrzy' }])).toEqual([]);
  expect(pendingEvaluations(completed, A.zrzy, [{ kind: 'co_handler', dept: 'mz' }])).toEqual([{ kind: 'co_handler', dept: 'nync' }]);
  expect(pendingEvaluations(completed, A.office, [])).toEqual([{ kind: 'third_party', dept: 'zrzy' }]);
  expect(pendingEvaluations(completed, A.township, [])).toEqual([]);
  expect(pendingEvaluations(inProgress, A.zrzy, [])).toEqual([]);
});
