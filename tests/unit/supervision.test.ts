// 挂牌督办 and 集中反映 rules (domain/supervision.ts, M-24): only the county's whistle office lists, presses
// and closes; only the listed department (or the case's township) responds; every step is kept; the board
// state 逾期未回复 follows the response date; 集中反映 thresholds come from the county config.
import countyJson from '../../data/county.json';
import { boardState, concentratedClusters, listSupervision, parseCounty, supervisionStep, type RecentCase, type SupervisionDoc } from '../../domain';
import { A, calendar, caseAt, county, cst, person, whistleAt } from './fixtures';

const NOW = cst('2026-03-03T10:00:00');
const endOf = (ymd: string) => cst(`${ymd}T23:59:59`).toISOString();

function listedWhistle(dept?: string): SupervisionDoc {
  return listSupervision({
    id: 's1',
    target: { entity: 'whistle', doc: whistleAt('in_progress') },
    input: { kind: 'overdue', reason: '报到超时，请说明原因', dept },
    actor: A.office,
    now: NOW,
    county,
    calendar,
    open: [],
  });
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'OK';
};

describe('挂牌督办 (M-24)', () => {
  test('the whistle office lists a whistle: the lead department must respond within 3 working days by default', () => {
    const s = listedWhistle();
    expect(s).toMatchObject({ state: 'awaiting', respondent: { role: 'department', unit: 'zrzy' }, target: { entity: 'whistle', id: 'w1' }, respondBy: endOf('2026-03-06') });
    expect(s.steps).toEqual([expect.objectContaining({ action: 'list', text: '报到超时，请说明原因', by: { personId: A.office.personId, role: 'whistle_office', unit: 'hb' } })]);
    expect(listedWhistle('nync').respondent.unit).toBe('nync');
  });

  test('only the county whistle office lists; only open items; one open supervision per respondent', () => {
    const base = { id: 's1', input: { kind: 'other' as const, reason: '请加快办理' }, now: NOW, county, calendar, open: [] };
    const w = { entity: 'whistle' as const, doc: whistleAt('in_progress') };
    for (const actor of [A.zrzy, A.leader, A.dyTownship, A.reporter]) expect(code(() => listSupervision({ ...base, target: w, actor }))).toBe('FORBIDDEN_ROLE');
    expect(code(() => listSupervision({ ...base, target: w, actor: person('whistle_office', 'other-county') }))).toBe('OUT_OF_JURISDICTION');
    expect(code(() => listSupervision({ ...base, target: { entity: 'whistle', doc: whistleAt('completed') }, actor: A.office }))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => listSupervision({ ...base, target: { entity: 'case', doc: caseAt('closed') }, actor: A.office }))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => listSupervision({ ...base, target: w, actor: A.office, input: { ...base.input, dept: 'jtys' } }))).toBe('VALIDATION');
    expect(code(() => listSupervision({ ...base, target: w, actor: A.office, open: [{ respondent: { role: 'department', unit: 'zrzy' } }] }))).toBe('ILLEGAL_TRANSITION');
    expect(code(() => listSupervision({ ...base, target: w, actor: A.office, input: { ...base.input, respondBy: '2026-03-01' } }))).toBe('VALIDATION');
  });

  test('only the listed department responds; the office presses or closes; every step is kept', () => {
    let s = listedWhistle();
    expect(code(() => supervisionStep(s, 'respond', { text: '我局已到场' }, A.nync, NOW, county, calendar))).toBe('OUT_OF_JURISDICTION');
    expect(code(() => supervisionStep(s, 'respond', { text: '我局已到场' }, A.dyTownship, NOW, county, calendar))).toBe('FORBIDDEN_ROLE');
    expect(code(() => supervisionStep(s, 'press', { text: '请加快' }, A.zrzy, NOW, county, calendar))).toBe('FORBIDDEN_ROLE');
    expect(code(() => supervisionStep(s, 'close', { text: '办结' }, A.leader, NOW, county, calendar))).toBe('FORBIDDEN_ROLE');
    expect(code(() => supervisionStep(s, 'respond', { text: '我局已到场' }, A.zrzy, NOW, county, calendar, 7))).toBe('STALE_VERSION');

    s = supervisionStep(s, 'respond', { text: '我局已到场测绘', photos: ['cloud://p.jpg'] }, A.zrzy, NOW, county, calendar, 1);
    expect(s.state).toBe('responded');
    expect(code(() => supervisionStep(s, 'respond', { text: '再补充' }, A.zrzy, NOW, county, calendar))).toBe('ILLEGAL_TRANSITION');
    s = supervisionStep(s, 'press', { text: '请一周内出确权结果', respondBy: '2026-03-10' }, A.office, NOW, county, calendar);
    expect(s).toMatchObject({ state: 'awaiting', respondBy: endOf('2026-03-10') });
    s = supervisionStep(s, 'respond', { text: '确权结果已送达' }, A.zrzy, NOW, county, calendar);
    s = supervisionStep(s, 'close', { text: '已办结，撤牌' }, A.office, NOW, county, calendar);
    expect(s.state).toBe('closed');
    expect(s.steps.map((x) => `${x.action}:${x.by.unit}`)).toEqual(['list:hb', 'respond:zrzy', 'press:hb', 'respond:zrzy', 'close:hb']);
    expect(s.steps[1].photos).toEqual(['cloud://p.jpg']);
    expect(s.version).toBe(5);
    for (const [action, actor] of [['respond', A.zrzy], ['press', A.office], ['close', A.office]] as const) {
      expect(code(() => supervisionStep(s, action, { text: '再次' }, actor, NOW, county, calendar))).toBe('ILLEGAL_TRANSITION');
    }
  });

  test('a case is answered by its township, not another', () => {
    const s = listSupervision({ id: 's2', target: { entity: 'case', doc: caseAt('township_pending') }, input: { kind: 'overdue', reason: '超期未认领' }, actor: A.office, now: NOW, county, calendar, open: [] });
    expect(s.respondent).toEqual({ role: 'township', unit: 'xh' });
    expect(code(() => supervisionStep(s, 'respond', { text: '已认领' }, A.dyTownship, NOW, county, calendar))).toBe('OUT_OF_JURISDICTION');
    expect(supervisionStep(s, 'respond', { text: '已认领并安排人员' }, A.township, NOW, county, calendar).state).toBe('responded');
  });

  test('a case still held by the photo content check cannot be listed (it is not visible beyond its grid)', () => {
    const held = { ...caseAt('township_pending'), visibleBeyondGrid: false };
    const args = { id: 's3', input: { kind: 'overdue' as const, reason: '超期未认领' }, actor: A.office, now: NOW, county, calendar, open: [] };
    expect(code(() => listSupervision({ ...args, target: { entity: 'case', doc: held } }))).toBe('CONTENT_PENDING');
    expect(listSupervision({ ...args, target: { entity: 'case', doc: { ...held, visibleBeyondGrid: true } } }).respondent.unit).toBe('xh');
  });

  test('the board shows 逾期未回复 once the response day has passed without a response', () => {
    const s = listedWhistle();
    expect(boardState(s, cst('2026-03-06T23:00:00'))).toBe('awaiting');
    expect(boardState(s, cst('2026-03-07T00:00:00'))).toBe('late');
    expect(boardState({ ...s, state: 'responded' }, cst('2026-03-09T00:00:00'))).toBe('responded');
  });
});

describe('集中反映 thresholds (M-24)', () => {
  let n = 0;
  const rc = (over: Partial<RecentCase>): RecentCase => ({
    _id: `c${++n}`,
    no: `N${n}`,
    matterType: 'road_pothole',
    township: 'xh',
    grid: 'xh-fm-01',
    state: 'grid_pending',
    reporter: { openid: `o-${n}` },
    linkedReporters: [],
    createdAt: cst('2026-03-02T09:00:00').toISOString(),
    ...over,
  });

  test('5 distinct reporters on one matter type within 7 days (linked reporters count); 4 do not', () => {
    const four = [rc({}), rc({}), rc({ grid: 'xh-fm-02' }), rc({ grid: 'xh-fm-03', reporter: { openid: 'o-same' } })];
    expect(concentratedClusters(four, NOW, county)).toEqual([]);
    const five = [...four, rc({ grid: 'xh-fm-04', reporter: { openid: 'o-same' }, linkedReporters: [{ openid: 'o-y' }] })];
    const clusters = concentratedClusters(five, NOW, county);
    expect(clusters).toEqual([expect.objectContaining({ by: 'matterType', key: 'road_pothole', reporters: 5, townships: 1, reasons: ['reporters'] })]);
    expect(clusters[0].caseIds).toHaveLength(5);
  });

  test('old, resolved and merged cases do not count; one matter type from 3 townships counts whatever the reporters', () => {
    const outside = [
      rc({ createdAt: cst('2026-02-20T09:00:00').toISOString() }),
      rc({ state: 'resolved' }),
      rc({ state: 'merged' }),
      rc({}),
      rc({}),
      rc({}),
      rc({}),
    ];
    expect(concentratedClusters(outside, NOW, county)).toEqual([]);
    const spread = [rc({ township: 'xh', reporter: { openid: 'o-1' } }), rc({ township: 'dy', grid: 'dy-dy-01', reporter: { openid: 'o-1' } }), rc({ township: 'hh', grid: 'hh-hh-01', reporter: { openid: 'o-1' } })];
    expect(concentratedClusters(spread, NOW, county)).toEqual([expect.objectContaining({ by: 'matterType', townships: 3, reporters: 1, reasons: ['townships'] })]);
  });

  test('thresholds and window come from the county config; a grid can be the hot spot', () => {
    const strict = parseCounty({ ...countyJson, supervision: { concentrated: { windowDays: 30, minReporters: 2, minTownships: 5 } } });
    const cases = [rc({ matterType: 'garbage_pile', createdAt: cst('2026-02-20T09:00:00').toISOString() }), rc({ matterType: 'street_vending' })];
    const clusters = concentratedClusters(cases, NOW, strict);
    expect(clusters.map((c) => `${c.by}:${c.key}:${c.reporters}`)).toEqual(['grid:xh-fm-01:2']);
    expect(parseCounty(countyJson).supervision).toEqual({ concentrated: { windowDays: 7, minReporters: 5, minTownships: 3 }, responseWorkingDays: 3 });
  });
});
