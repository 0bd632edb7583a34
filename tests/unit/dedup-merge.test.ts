// Duplicate merge rows and ranking (M-6): merge keeps the absorbed case for un-merge; ranking decides
// auto-merge / suggestion / recurrence.
import { SYSTEM_ACTOR, rankDuplicates, redactCaseFor, type CaseDoc, type DedupCandidate } from '../../domain';
import { reporterCountOf } from '../../domain/mergeRows';
import { A, T0, act, caseAt, freshCase } from './fixtures';

const at = (h: number) => new Date(T0.getTime() + h * 3_600_000).toISOString();
const cand = (id: string, over: Partial<DedupCandidate> = {}): DedupCandidate => ({
  _id: id,
  state: 'grid_pending',
  text: '富民社区6栋楼下垃圾堆了好几天没人清理',
  matterType: 'garbage_pile',
  createdAt: at(0),
  place: { lat: 29.7079, lng: 116.0031 },
  ...over,
});

describe('rankDuplicates', () => {
  const subject = cand('new', { createdAt: at(2), text: '6栋楼下面垃圾成堆好几天了', place: { lat: 29.7082, lng: 116.0031 } });

  test('an earlier open located case above the auto threshold is a merge', () => {
    expect(rankDuplicates(subject, [cand('a')])).toEqual([expect.objectContaining({ caseId: 'a', kind: 'merge' })]);
  });

  test('without a location on either side it is only a suggestion', () => {
    expect(rankDuplicates(subject, [cand('a', { place: null })])[0]).toMatchObject({ caseId: 'a', kind: 'suggest' });
  });

  test('a fixed case at the place is a recurrence, merged documents and the subject itself are skipped', () => {
    const ranked = rankDuplicates(subject, [cand('fixed', { state: 'closed' }), cand('m', { state: 'merged', mergedInto: 'x' }), cand('new')]);
    expect(ranked.map((r) => [r.caseId, r.kind])).toEqual([['fixed', 'recurrence']]);
  });

  test('another matter type or a far place never qualifies', () => {
    expect(rankDuplicates(subject, [cand('t', { matterType: 'road_damage' }), cand('far', { place: { lat: 29.72, lng: 116.0031 } })])).toEqual([]);
  });
});

describe('merge and unmerge rows', () => {
  test('merge keeps where the case stood and links its reporter to the primary; unmerge restores it', () => {
    const c = caseAt('grid_claimed');
    const merged = act('case', c, 'merge', A.gridWorker, { into: 'c0' });
    expect(merged.next).toMatchObject({ state: 'merged', mergedInto: 'c0', mergedFrom: { state: 'grid_claimed', level: 'grid', auto: false } });
    expect(merged.next.deadlines.claimDue).toBeNull();
    expect(merged.effects).toContainEqual({ kind: 'cascade', entity: 'case', ids: ['c0'], action: 'link_reporter', input: { openid: c.reporter.openid, channel: 'miniprogram', caseId: c._id, anonymous: false } });
    expect(() => act('case', c, 'merge', A.gridWorker, { into: c._id })).toThrow(/不能与自身合并/);

    const back = act('case', merged.next, 'unmerge', A.community, { reason: '不是同一处' });
    expect(back.next).toMatchObject({ state: 'grid_claimed', level: 'grid', mergedInto: null, mergedFrom: null });
    expect(back.effects).toContainEqual({ kind: 'cascade', entity: 'case', ids: ['c0'], action: 'unlink_reporter', input: { caseId: c._id } });
  });

  test('auto_merge is the system’s, at intake only', () => {
    expect(act('case', freshCase(), 'auto_merge', SYSTEM_ACTOR, { into: 'c0', score: 0.8 }).next.mergedFrom).toMatchObject({ auto: true, score: 0.8 });
    expect(() => act('case', freshCase(), 'auto_merge', A.gridWorker, { into: 'c0', score: 0.8 })).toThrow();
  });

  test('the primary counts people once and forgets an un-merged report; anonymous reporters stay hidden', () => {
    let p: CaseDoc = freshCase();
    p = act('case', p, 'link_reporter', SYSTEM_ACTOR, { openid: 'o-2', channel: 'hotline_12345', caseId: 'c2', anonymous: true }).next;
    p = act('case', p, 'link_reporter', SYSTEM_ACTOR, { openid: 'o-2', channel: 'qrcode', caseId: 'c3' }).next;
    expect(reporterCountOf(p)).toBe(2);
    expect(p.reporterCount).toBe(2);
    expect(p.channels).toEqual(['miniprogram', 'hotline_12345', 'qrcode']);
    expect(redactCaseFor(p, A.gridWorker).linkedReporters.map((r) => r.openid)).toEqual(['', 'o-2']);
    // A visit registration has no account: linked by its case, counted as one more person.
    p = act('case', p, 'link_reporter', SYSTEM_ACTOR, { openid: '', channel: 'grid_visit', caseId: 'c4' }).next;
    expect(p.reporterCount).toBe(3);
    expect(() => act('case', p, 'link_reporter', SYSTEM_ACTOR, { openid: '', channel: 'grid_visit' })).toThrow();
    p = act('case', p, 'unlink_reporter', SYSTEM_ACTOR, { caseId: 'c4' }).next;
    p = act('case', p, 'unlink_reporter', SYSTEM_ACTOR, { caseId: 'c2' }).next;
    expect(p.linkedReporters.map((r) => r.caseId)).toEqual(['c3']);
    expect(p.channels).toEqual(['miniprogram', 'qrcode']);
  });
});

describe('further reporters rate too (M-6, M-21)', () => {
  const withSecond = (c: CaseDoc): CaseDoc => ({ ...c, linkedReporters: [{ openid: A.otherResident.openid, channel: 'hotline_12345', at: T0.toISOString() }] });

  test('after the first rating each other reporter rates once; 不满意 reopens a closed case', () => {
    const closed = act('case', withSecond(caseAt('resolved')), 'rate', A.reporter, { score: '满意' }).next;
    expect(closed.state).toBe('closed');
    expect(() => act('case', closed, 'add_rating', A.reporter, { score: '满意' })).toThrow(expect.objectContaining({ code: 'ALREADY_RATED' }));
    const r = act('case', closed, 'add_rating', A.otherResident, { score: '不满意', comment: '还有味道' });
    expect(r.next).toMatchObject({ state: 'follow_up', otherRatings: [expect.objectContaining({ score: '不满意', by: A.otherResident.openid })] });
    expect(r.effects).toContainEqual({ kind: 'notify', to: 'level', unit: 'xh-fm-06', template: 'case_follow_up' });
    // A new resolution keeps the earlier ratings in history and starts afresh.
    const resolved = act('case', act('case', r.next, 'claim', A.gridWorker, {}).next, 'resolve', A.gridWorker, { result: '再次清理', photos: [] }).next;
    expect(resolved.history.at(-1)?.otherRatings).toHaveLength(1);
    expect(resolved.otherRatings).toEqual([]);
  });

  test('not before a real first rating, and never for an auto-closed case', () => {
    const auto = act('case', withSecond(caseAt('resolved')), 'auto_rate', SYSTEM_ACTOR, {}, new Date(T0.getTime() + 30 * 86_400_000)).next;
    expect(() => act('case', auto, 'add_rating', A.otherResident, { score: '满意' })).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
  });
});

