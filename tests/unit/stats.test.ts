// Counting rules of the dashboards (domain/stats.ts, M-28): what one audited change adds to the counters.
import { calendarForCounty, newCase, orgFor, type Actor, type CaseDoc, type WhistleDoc } from '../../domain';
import {
  applyDelta,
  authoriseGovernanceNote,
  authoriseStatsArea,
  deltaAreas,
  emptyDayDoc,
  headline,
  statsDeltas,
  sumDays,
  bucketsBetween,
  summaryPlan,
  weekOf,
  zeroCounters,
} from '../../domain/stats';
import { loadDemoCounty } from '../helpers/county-year';

const county = loadDemoCounty();
const calendar = calendarForCounty(county);
const org = orgFor(county);
const at = '2025-03-05T02:00:00.000Z'; // 10:00 CST

const aCase = (over: Partial<CaseDoc> = {}): CaseDoc => ({
  ...newCase({
    id: 'c1',
    no: 'c1',
    input: { text: '路灯坏了很久没人修', grid: 'dy-dy-01', matterType: 'land_ownership_dispute', photos: [], anonymous: false, channel: 'miniprogram', reporter: { openid: 'r' } } as never,
    now: new Date(at),
    county,
    calendar,
  }),
  ...over,
});
const ev = (action: string, entity: 'case' | 'whistle' = 'case', when = at) => ({ entity, action: action as never, at: when });
const person = (role: Actor['bindings'][number]['role'], unit: string): Actor => ({ personId: 'p', openid: 'o', name: 'n', bindings: [{ role, unit }] });

test('a created case counts once at its grid, community, township and county, on its CST day and hour', () => {
  const [d] = statsDeltas(ev('create'), null, aCase());
  expect(d).toMatchObject({ day: '2025-03-05', hour: 10, matterType: 'land_ownership_dispute', counts: { collected: 1 } });
  expect(deltaAreas(d)).toEqual([
    { scope: 'county', area: 'hb' },
    { scope: 'township', area: 'dy' },
    { scope: 'community', area: 'dy-dy' },
    { scope: 'grid', area: 'dy-dy-01' },
  ]);
});

test('merged-away duplicates leave the count and come back when un-merged (M-6)', () => {
  const open = aCase();
  const merged = aCase({ state: 'merged', mergedInto: 'c0' });
  expect(statsDeltas(ev('merge_into'), open, merged).map((d) => d.counts)).toEqual([{ collected: -1 }]);
  expect(statsDeltas(ev('unmerge'), merged, open).map((d) => d.counts)).toEqual([{ collected: 1 }]);
  expect(statsDeltas(ev('create'), null, merged)).toEqual([]);
});

test('a reclassification moves the collected count to the new matter type on the creation day (M-5)', () => {
  const before = aCase();
  const after = aCase({ matterType: 'garbage_pile' });
  const deltas = statsDeltas(ev('reclassify', 'case', '2025-03-09T02:00:00.000Z'), before, after);
  expect(deltas.map((d) => [d.day, d.matterType, d.counts])).toEqual([
    ['2025-03-05', 'land_ownership_dispute', { collected: -1 }],
    ['2025-03-05', 'garbage_pile', { collected: 1 }],
  ]);
});

test('only the first resolution counts as resolved; through a whistle it also counts as resolvedByWhistle', () => {
  const resolution = { level: 'grid' as const, unit: 'dy-dy-01', by: { personId: 'p', role: 'grid_worker' as const, unit: 'dy-dy-01' }, at, result: '修好了', photos: [] };
  const first = statsDeltas(ev('resolve'), aCase({ state: 'grid_claimed' }), aCase({ state: 'resolved', resolution }));
  expect(first.map((d) => d.counts)).toEqual([{ resolved: 1 }]);
  const again = aCase({ state: 'resolved', resolution, history: [{ resolution, rating: null }] });
  expect(statsDeltas(ev('resolve'), aCase({ state: 'follow_up' }), again)).toEqual([]);
  const byWhistle = statsDeltas(ev('whistle_closed'), aCase({ state: 'whistled' }), aCase({ state: 'resolved', resolution: { ...resolution, whistleId: 'w1' } }));
  expect(byWhistle.map((d) => d.counts)).toEqual([{ resolved: 1, resolvedByWhistle: 1 }]);
});

test('ratings count by level; an automatic close is counted apart and never as 满意 (M-21)', () => {
  const rated = (score: '满意' | '基本满意' | '不满意') => aCase({ state: 'closed', rating: { score, followUp: false, auto: false, at, by: 'r' } });
  expect(statsDeltas(ev('rate'), aCase({ state: 'resolved' }), rated('基本满意'))[0].counts).toEqual({ basicallySatisfied: 1 });
  const auto = statsDeltas(ev('auto_rate'), aCase({ state: 'resolved' }), aCase({ state: 'closed', rating: { score: null, followUp: false, auto: true, at, by: '' } }));
  expect(auto.map((d) => d.counts)).toEqual([{ autoRated: 1 }]);
  const h = headline({ ...zeroCounters(), satisfied: 95, basicallySatisfied: 3, dissatisfied: 2, autoRated: 50 });
  expect(h.satisfaction).toBeCloseTo(0.98);
});

test('a whistle counts as dispatched once, even when re-dispatched after a return; completion counts on time per M-14a', () => {
  const a = { dept: 'zrzy', role: 'lead' as const, state: 'dispatched' as const, dispatchedAt: at, checkInDue: at, completionDue: at };
  const w = { _id: 'w1', county: 'hb', township: 'dy', matterType: 'land_ownership_dispute', state: 'submitted', assignments: [] } as unknown as WhistleDoc;
  const dispatched = { ...w, state: 'dispatched', assignments: [a] } as WhistleDoc;
  expect(statsDeltas(ev('dispatch', 'whistle'), w, dispatched).map((d) => [d.counts, d.dept, d.grid])).toEqual([[{ dispatched: 1 }, 'zrzy', undefined]]);
  const returned = { ...w, state: 'submitted', assignments: [{ ...a, state: 'returned' as const }] } as WhistleDoc;
  const again = { ...w, state: 'dispatched', assignments: [{ ...a, state: 'returned' as const }, { ...a, dept: 'nync', dispatchedAt: '2025-03-06T00:00:00.000Z' }] } as WhistleDoc;
  expect(statsDeltas(ev('dispatch', 'whistle'), returned, again)).toEqual([]);
  const checkedIn = { ...a, state: 'checked_in' as const, checkIn: { handler: 'h', onSiteAt: at, at, by: { personId: 'p', role: 'department' as const, unit: 'zrzy' }, onTime: true } };
  const late = { ...checkedIn, state: 'completed' as const, completion: { at, by: checkedIn.checkIn.by, result: 'r', photos: [], onTime: false } };
  const done = statsDeltas(ev('complete', 'whistle'), { ...w, state: 'in_progress', assignments: [checkedIn] } as WhistleDoc, { ...w, state: 'completed', assignments: [late] } as WhistleDoc);
  expect(done.map((d) => d.counts)).toEqual([{ completed: 1 }]);
});

test('day documents sum into totals, weekly / monthly trends and breakdowns', () => {
  const doc1 = applyDelta(emptyDayDoc('2025-03-03', 'county', 'hb', 'hb'), { day: '2025-03-03', hour: 9, county: 'hb', township: 'dy', matterType: 'x', dept: 'zrzy', counts: { dispatched: 1 } });
  const doc2 = applyDelta(emptyDayDoc('2025-03-09', 'county', 'hb', 'hb'), { day: '2025-03-09', hour: 9, county: 'hb', township: 'dy', grid: 'dy-dy-01', matterType: 'x', counts: { collected: 2 } });
  expect(weekOf('2025-03-09')).toBe('2025-03-03'); // Sunday belongs to the week starting Monday
  const sums = sumDays([doc1, doc2], 'week');
  expect(sums.trend).toHaveLength(1);
  expect(sums.totals).toMatchObject({ dispatched: 1, collected: 2 });
  expect(sums.byDept.zrzy.dispatched).toBe(1);
  expect(doc2.byGridType).toEqual({ 'dy-dy-01~x': 2 });
  expect(doc2.byHour).toEqual({ '9': 2 });
});

test('a trend over a period has every bucket, quiet ones as zeros', () => {
  expect(bucketsBetween('2025-11-15', '2026-02-03', 'month')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  expect(bucketsBetween('2025-03-05', '2025-03-17', 'week')).toEqual(['2025-03-03', '2025-03-10', '2025-03-17']);
  expect(bucketsBetween('2024-02-28', '2024-03-01', 'day')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  const doc = applyDelta(emptyDayDoc('2025-03-09', 'county', 'hb', 'hb'), { day: '2025-03-09', hour: 9, county: 'hb', township: 'dy', matterType: 'x', counts: { collected: 2 } });
  const sums = sumDays([doc], 'month', { from: '2025-01-01', to: '2025-12-31' });
  expect(sums.trend.map((t) => t.bucket)).toEqual(bucketsBetween('2025-01-01', '2025-12-31', 'month'));
  expect(sums.trend).toHaveLength(12);
  expect(sums.trend.map((t) => t.counts.collected)).toEqual([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test('statistics are read by leaders and the 吹哨办 county-wide, by townships and communities for their own area', () => {
  expect(authoriseStatsArea(person('leader', 'hb'), org, 'county')).toEqual({ scope: 'county', area: 'hb' });
  expect(authoriseStatsArea(person('whistle_office', 'hb'), org, 'community', 'xh-fm')).toEqual({ scope: 'community', area: 'xh-fm' });
  expect(authoriseStatsArea(person('township', 'dy'), org, 'township')).toEqual({ scope: 'township', area: 'dy' });
  expect(authoriseStatsArea(person('township', 'dy'), org, 'grid', 'dy-dy-01')).toEqual({ scope: 'grid', area: 'dy-dy-01' });
  expect(() => authoriseStatsArea(person('township', 'dy'), org, 'township', 'xh')).toThrow(expect.objectContaining({ code: 'OUT_OF_JURISDICTION' }));
  expect(() => authoriseStatsArea(person('community', 'dy-dy'), org, 'township', 'dy')).toThrow(expect.objectContaining({ code: 'OUT_OF_JURISDICTION' }));
  expect(() => authoriseStatsArea(person('department', 'zrzy'), org, 'county')).toThrow(expect.objectContaining({ code: 'FORBIDDEN_ROLE' }));
  expect(() => authoriseGovernanceNote(person('leader', 'hb'), org, 'dy')).toThrow(expect.objectContaining({ code: 'FORBIDDEN_ROLE' }));
  expect(() => authoriseGovernanceNote(person('whistle_office', 'hb'), org, 'dy')).not.toThrow();
});

test('a period reads month summaries for its whole months and day summaries for the edges', () => {
  expect(summaryPlan('2025-01-01', '2025-12-31', 'month')).toEqual({ months: ['2025-01', '2025-12'], days: [] });
  expect(summaryPlan('2024-11-24', '2025-11-23', 'month')).toEqual({
    months: ['2024-12', '2025-10'],
    days: [
      ['2024-11-24', '2024-11-30'],
      ['2025-11-01', '2025-11-23'],
    ],
  });
  expect(summaryPlan('2025-03-03', '2025-03-20', 'month')).toEqual({ months: null, days: [['2025-03-03', '2025-03-20']] });
  expect(summaryPlan('2025-01-01', '2025-03-31', 'week')).toEqual({ months: null, days: [['2025-01-01', '2025-03-31']] });
  expect(summaryPlan('2024-02-01', '2024-02-29', 'month')).toEqual({ months: ['2024-02', '2024-02'], days: [] });
});
