// Shared fixtures for domain unit tests — built from the reference county (data/county.json).
import countyJson from '../../data/county.json';
import {
  DomainError,
  SYSTEM_ACTOR,
  applyAction,
  calendarForCounty,
  draftWhistle,
  newCase,
  newWhistle,
  parseCounty,
  type Actor,
  type CaseDoc,
  type CaseLevel,
  type CaseState,
  type Role,
  type WhistleDoc,
  type WhistleState,
} from '../../domain';

export const county = parseCounty(countyJson);
export const calendar = calendarForCounty(county);

/** Monday 2026-03-02 10:00 CST — an ordinary working week. */
export const T0 = new Date('2026-03-02T10:00:00+08:00');
export const cst = (s: string) => new Date(`${s}+08:00`);
export const daysLater = (d: Date, n: number) => new Date(d.getTime() + n * 86400000);

let seq = 0;
export const person = (role: Role, unit: string, openid = `${role}-${unit}-${++seq}`): Actor => ({
  personId: `p-${openid}`,
  openid,
  name: '测试',
  bindings: [{ role, unit }],
});

/** The case fixture lives in 浔湖街道 富民社区 第六网格. */
export const CASE_PLACE = { township: 'xh', community: 'xh-fm', grid: 'xh-fm-06' } as const;
export const REPORTER_OPENID = 'o-reporter';

export const A = {
  reporter: { personId: 'p-reporter', openid: REPORTER_OPENID, name: '', bindings: [{ role: 'resident', unit: '' }] } as Actor,
  otherResident: person('resident', '', 'o-other'),
  gridWorker: person('grid_worker', CASE_PLACE.grid),
  otherGridWorker: person('grid_worker', 'xh-fm-01'),
  community: person('community', CASE_PLACE.community),
  otherCommunity: person('community', 'xh-bh'),
  township: person('township', 'xh'),
  dyTownship: person('township', 'dy'),
  hhTownship: person('township', 'hh'),
  office: person('whistle_office', 'hb'),
  leader: person('leader', 'hb'),
  zrzy: person('department', 'zrzy'),
  nync: person('department', 'nync'),
  mz: person('department', 'mz'),
  jtys: person('department', 'jtys'),
  zjj: person('department', 'zjj'),
  scjg: person('department', 'scjg'),
  system: SYSTEM_ACTOR,
};

/** Everyone who might try an action — used to check that only the right roles/units succeed. */
export const ACTOR_POOL: Actor[] = Object.values(A);

export function act<E extends 'case' | 'whistle'>(
  entity: E,
  doc: E extends 'case' ? CaseDoc : WhistleDoc,
  action: string,
  actor: Actor,
  input: unknown = {},
  now = T0,
) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return applyAction({ entity, doc, action: action as any, actor, input, now, county, calendar } as any) as {
    next: E extends 'case' ? CaseDoc : WhistleDoc;
    event: import('../../domain').AuditEventDraft;
    effects: import('../../domain').Effect[];
  };
}

export function freshCase(overrides: Partial<Parameters<typeof newCase>[0]['input']> = {}, now = T0): CaseDoc {
  return newCase({
    id: 'c1',
    no: 'HB-2026-0001',
    input: {
      text: '巷子口的垃圾好几天没人清运',
      grid: CASE_PLACE.grid,
      photos: ['cloud://p1.jpg'],
      channel: 'miniprogram',
      reporter: { openid: REPORTER_OPENID, phone: '13800000000' },
      ...overrides,
    },
    now,
    county,
    calendar,
  });
}

const LEVEL_ACTOR: Record<CaseLevel, Actor> = { grid: A.gridWorker, community: A.community, township: A.township };
export const levelActor = (l: CaseLevel) => LEVEL_ACTOR[l];

/** A case brought to `state` (at `level` where it matters) through the real transitions. */
export function caseAt(state: CaseState, level: CaseLevel = 'grid'): CaseDoc {
  let doc = freshCase();
  const go = (action: string, actor: Actor, input: unknown = {}) => (doc = act('case', doc, action, actor, input).next);
  const reach = (l: CaseLevel) => {
    if (l !== 'grid') go('escalate', A.gridWorker, { reason: '需社区协调' });
    if (l === 'township') go('escalate', A.community, { reason: '需街道协调' });
  };
  switch (state) {
    case 'grid_pending':
    case 'community_pending':
    case 'township_pending':
      reach(state.split('_')[0] as CaseLevel);
      return doc;
    case 'grid_claimed':
    case 'community_claimed':
    case 'township_claimed': {
      const l = state.split('_')[0] as CaseLevel;
      reach(l);
      return go('claim', levelActor(l));
    }
    case 'resolved':
    case 'closed':
    case 'follow_up':
      reach(level);
      go('claim', levelActor(level));
      go('resolve', levelActor(level), { result: '已清运', photos: ['cloud://after.jpg'] });
      if (state === 'closed') go('rate', A.reporter, { score: '满意' });
      if (state === 'follow_up') go('rate', A.reporter, { score: '不满意', comment: '又堆起来了' });
      return doc;
    case 'whistled':
      reach('township');
      go('claim', A.township);
      return go('attach_to_whistle', A.township, { whistleId: 'w1' });
    case 'merged':
      // Absorbed as a duplicate of case c0 by its level (M-6).
      reach(level);
      return go('merge', levelActor(level), { into: 'c0' });
  }
}

export const LAND = { township: 'dy', matterType: 'land_ownership_dispute', title: '屋后土地权属纠纷', description: '两户村民对屋后一块地归属争执半年' };

/** A whistle brought to `state` through the real transitions (大垸乡 土地权属纠纷 by default). */
export function whistleAt(state: WhistleState, opts: { urgent?: boolean } = {}): WhistleDoc {
  if (state === 'draft') return draftWhistle('w1', 'W-1', 'dy', county, T0);
  const input = opts.urgent
    ? { township: 'dy', matterType: 'road_pothole', title: '村道塌陷大坑', description: '学生上学必经之路塌陷', urgent: true }
    : LAND;
  let doc = newWhistle({ id: 'w1', no: 'W-1', input, actor: A.dyTownship, now: T0, county, calendar }).next;
  const go = (action: string, actor: Actor, inp: unknown = {}) => (doc = act('whistle', doc, action, actor, inp).next);
  if (state === 'proposed') return doc;
  go('collect', A.dyTownship, { caseIds: ['c7', 'c8'] });
  if (state === 'collected') return doc;
  if (state === 'rejected') return go('review', A.dyTownship, { decision: 'reject', reason: '村里可自行调解' });
  go('review', A.dyTownship, { decision: 'pass' });
  if (state === 'reviewed') return doc;
  go('approve', A.dyTownship);
  if (state === 'submitted' || (opts.urgent && state === 'dispatched')) return doc;
  if (!opts.urgent) go('dispatch', A.office);
  if (state === 'dispatched') return doc;
  const lead = opts.urgent ? A.jtys : A.zrzy;
  go('check_in', lead, { handler: '李工', onSiteAt: '2026-03-03T09:00:00+08:00' });
  if (state === 'in_progress') return doc;
  go('complete', lead, { result: '现场确权，双方签字认可', photos: ['cloud://done.jpg'] });
  return doc;
}

/** The DomainError a call throws (M-rule refusals); fails when it throws nothing or something else. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}
