// Every row of the one transition table: allowed for its roles in its jurisdiction and states,
// refused for other roles (FORBIDDEN_ROLE), other units (OUT_OF_JURISDICTION) and other states.
import { TRANSITIONS, DomainError, type Actor, type CaseDoc, type CaseLevel, type CaseState, type TransitionRow, type WhistleDoc, type WhistleState } from '../../domain';
import { A, ACTOR_POOL, T0, act, caseAt, daysLater, whistleAt } from './fixtures';
import { initialContentCheck } from '../../domain/contentCheck';

const CASE_STATES: CaseState[] = ['grid_pending', 'grid_claimed', 'community_pending', 'community_claimed', 'township_pending', 'township_claimed', 'whistled', 'resolved', 'closed', 'follow_up', 'merged'];
const WHISTLE_STATES: WhistleState[] = ['draft', 'proposed', 'collected', 'reviewed', 'rejected', 'submitted', 'dispatched', 'in_progress', 'completed'];

const LATER = daysLater(T0, 30);

const SAMPLE_INPUT: Record<string, unknown> = {
  claim: {},
  resolve: { result: '已处理', photos: ['cloud://a.jpg'] },
  escalate: { reason: '超出网格处理能力' },
  return: { instructions: '请网格员上门核实' },
  auto_escalate: {},
  rate: { score: '满意' },
  auto_rate: {},
  attach_to_whistle: { whistleId: 'w1' },
  detach_from_whistle: { whistleId: 'w1', reason: '哨被退回' },
  whistle_closed: { whistleId: 'w1', result: '部门已办结', photos: [] },
  reclassify: { matterType: 'street_vending' },
  link_reporter: { openid: 'o-second', channel: 'hotline_12345' },
  unlink_reporter: { caseId: 'c9' },
  merge: { into: 'c0' },
  auto_merge: { into: 'c0', score: 0.9 },
  unmerge: { reason: '并非同一问题' },
  add_rating: { score: '满意' },
  propose: { township: 'dy', matterType: 'land_ownership_dispute', title: '土地纠纷', description: '屋后土地归属争执' },
  collect: { caseIds: ['c9'] },
  review: { decision: 'pass' },
  approve: {},
  dispatch: {},
  check_in: { handler: '王科长', onSiteAt: '2026-03-03T09:00:00+08:00' },
  progress: { text: '已召集双方', photos: [] },
  complete: { result: '已确权', photos: ['cloud://d.jpg'] },
  request_extension: { workingDays: 5, reason: '需测绘' },
  approve_extension: { dept: 'zrzy' },
  refuse_extension: { dept: 'zrzy', reason: '时限充足' },
  return_whistle: { reason: '不属本部门职责' },
  approve_return: { dept: 'nync' },
  refuse_return: { dept: 'nync', reason: '属于协办职责' },
  record_meeting: { attendees: ['自然资源局', '农业农村局'], decision: '自然资源局牵头', lead: 'zrzy', co: ['nync'], plan: '先测绘再调解', deadline: '2026-04-30' },
  supervise: { kind: 'overdue', reason: '超期未结' },
  flag_overdue: {},
  sla_alert: {},
  media_verdict: { traceId: 't1', suggest: 'pass' },
  attachment_verdict: { traceId: 't9', fileID: 'cloud://a.jpg', suggest: 'risky', label: 20002 },
  media_timeout: {},
  release_photos: {},
  hide_photos: {},
};

/** A document in `state` prepared so that `row` can apply, plus the time to apply it. */
function scenario(row: TransitionRow, state: string, prepare = true): { doc: CaseDoc | WhistleDoc; now: Date } {
  const systemNow = row.roles === 'system' ? LATER : T0;
  if (row.entity === 'case') {
    const level: CaseLevel = row.level ?? 'grid';
    const doc = caseAt(state as CaseState, level);
    // Photo content security rows: a photo awaiting its verdict ('t1'), or one left for the grid worker's review ('').
    if (prepare && ['media_verdict', 'media_timeout'].includes(row.action)) initialContentCheck(doc, { text: 'pass', photos: [{ fileID: 'cloud://p.jpg', traceId: 't1' }], now: T0 });
    if (prepare && ['release_photos', 'hide_photos'].includes(row.action)) initialContentCheck(doc, { text: 'pass', photos: [{ fileID: 'cloud://p.jpg', traceId: '' }], now: T0 });
    // add_rating: a further (merged) reporter who has not rated yet (M-6).
    if (prepare && row.action === 'add_rating') return { doc: { ...doc, linkedReporters: [{ openid: A.otherResident.openid, channel: 'qrcode', at: T0.toISOString() }] }, now: systemNow };
    return { doc, now: systemNow };
  }
  const s = state as WhistleState;
  let doc = whistleAt(s);
  if (!prepare) return { doc, now: systemNow };
  const needsCoOnSite = (row.action === 'complete' || row.action === 'flag_overdue' || row.action === 'sla_alert') && s === 'completed';
  if (needsCoOnSite) {
    doc = whistleAt('in_progress');
    doc = act('whistle', doc, 'check_in', A.nync, SAMPLE_INPUT.check_in).next;
    doc = act('whistle', doc, 'complete', A.zrzy, SAMPLE_INPUT.complete).next;
  }
  if (row.action === 'approve_extension' || row.action === 'refuse_extension') doc = act('whistle', doc, 'request_extension', A.zrzy, SAMPLE_INPUT.request_extension).next;
  if (row.action === 'approve_return' || row.action === 'refuse_return') doc = act('whistle', doc, 'return_whistle', A.nync, SAMPLE_INPUT.return_whistle).next;
  return { doc, now: systemNow };
}

function tryAct(row: TransitionRow, doc: CaseDoc | WhistleDoc, actor: Actor, now: Date): DomainError | null {
  try {
    act(row.entity, doc as never, row.action, actor, SAMPLE_INPUT[row.action], now);
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
}

/** Same role, a different unit of the same kind. */
function elsewhere(actor: Actor): Actor {
  const other: Record<string, string> = {
    grid_worker: 'xh-bh-01',
    community: 'dy-hk',
    township: 'hh',
    whistle_office: 'other-county',
    department: 'kx',
    resident: '',
  };
  const b = actor.bindings[0];
  return { ...actor, personId: 'p-elsewhere', openid: 'o-elsewhere', bindings: [{ role: b.role, unit: other[b.role] ?? 'nowhere' }] };
}

const cases = TRANSITIONS.flatMap((row) => (row.from as string[]).map((state) => [`${row.entity}.${row.action}${row.level ? `@${row.level}` : ''} from ${state}`, row, state] as const));

describe('transition table', () => {
  test('rows never overlap on (entity, action, state, level)', () => {
    const seen = new Set<string>();
    for (const row of TRANSITIONS)
      for (const state of row.from) {
        const key = `${row.entity}.${row.action}.${state}.${row.level ?? '*'}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
  });

  test('every row cites a rule and has a Chinese label and an input schema', () => {
    for (const row of TRANSITIONS) {
      expect(row.rule).toMatch(/^M-\d+a?$/);
      expect(row.label).toMatch(/[\u4e00-\u9fa5]/);
      expect(row.requires.safeParse(SAMPLE_INPUT[row.action]).success).toBe(true);
    }
  });

  describe.each(cases)('%s', (_name, row, state) => {
    const { doc, now } = scenario(row, state);
    const allowed = ACTOR_POOL.filter((a) => tryAct(row, doc, a, now) === null);

    test('allowed for its roles in its jurisdiction', () => {
      expect(allowed.length).toBeGreaterThan(0);
      for (const a of allowed) {
        if (row.roles === 'system') expect(a.system).toBe(true);
        else expect(a.bindings.some((b) => (row.roles as string[]).includes(b.role)) || row.roles.includes('resident')).toBe(true);
      }
    });

    test('refused for other roles (FORBIDDEN_ROLE)', () => {
      const outsiders = ACTOR_POOL.filter((a) =>
        row.roles === 'system' ? !a.system : a.system || (!row.roles.includes('resident') && !a.bindings.some((b) => (row.roles as string[]).includes(b.role))),
      );
      expect(outsiders.length).toBeGreaterThan(0);
      for (const a of outsiders) expect(tryAct(row, doc, a, now)?.code).toBe('FORBIDDEN_ROLE');
    });

    if (row.roles !== 'system') {
      test('refused outside its jurisdiction (OUT_OF_JURISDICTION)', () => {
        expect(tryAct(row, doc, elsewhere(allowed[0]), now)?.code).toBe('OUT_OF_JURISDICTION');
      });
    }

    test('refused in states outside the row (ILLEGAL_TRANSITION)', () => {
      const sameAction = TRANSITIONS.filter((r) => r.entity === row.entity && r.action === row.action);
      const covered = new Set(sameAction.flatMap((r) => r.from as string[]));
      const others = (row.entity === 'case' ? CASE_STATES : WHISTLE_STATES).filter((s) => !covered.has(s));
      for (const other of others.slice(0, 3)) {
        const { doc: wrong } = scenario(row, other, false);
        const err = tryAct(row, wrong, allowed[0], now);
        expect(err).toBeInstanceOf(DomainError);
        expect(['ILLEGAL_TRANSITION', 'ALREADY_RATED']).toContain(err!.code);
        expect(err!.message).toMatch(/[\u4e00-\u9fa5]/);
      }
    });
  });
});
