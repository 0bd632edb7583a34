// Who may do what to a case: role AND jurisdiction, decided by the domain (canView + transition table,
// domain/caseRows.ts), checked through the real `cases` function for every human case action × every role ×
// own/other jurisdiction. Each row gets a fresh case, driven by the functions into a state where the action
// is legal; every refusal must leave the case untouched (version, state, timeline), then the allowed actor acts.
import type { CaseDetail } from '../../domain/api/views';
import { call, callRaw, errorCode, type Twin } from '../helpers/twin-harness';
import { seededTwinPerFile } from '../helpers/twin-per-file';
import { RESIDENT, RESIDENT_2, dept, dispatchedLandWhistle, requestId } from '../helpers/whistle-flows';

let twin: Twin;
seededTwinPerFile((t) => (twin = t));

// Every case below is reported by RESIDENT in 浔湖街道 (xh) › 富民社区 (xh-fm) › 第六网格 (xh-fm-06).
const GRID = 'xh-fm-06';
const WHO = {
  reporter: RESIDENT,
  otherResident: RESIDENT_2,
  rider: 'demo-rider',
  partyMember: 'demo-party-member', // bound to xh-fm, the case's own community
  ownGrid: `demo-grid-${GRID}`,
  otherGrid: 'demo-grid-xh-fm-01', // same community, other grid
  ownCommunity: 'demo-community-xh-fm',
  otherCommunity: 'demo-community-xh-bh', // same township, other community
  ownTownship: 'demo-township-xh',
  otherTownship: 'demo-township-dy',
  office: 'demo-whistle-office',
  dept: dept('cgj'),
  leader: 'demo-leader',
  admin: 'demo-admin', // admin + whistle_office bindings
} as const;
type Who = keyof typeof WHO;
const EVERYONE = Object.keys(WHO) as Who[];

const OOJ = 'OUT_OF_JURISDICTION';
const ROLE = 'FORBIDDEN_ROLE';
const ILLEGAL = 'ILLEGAL_TRANSITION';

/** Cannot see the case at all (canView): refused with OUT_OF_JURISDICTION before any action is considered. */
const OUTSIDERS = ['otherResident', 'rider', 'partyMember', 'otherGrid', 'otherCommunity', 'otherTownship', 'dept'] as const satisfies readonly Who[];
type Outsider = (typeof OUTSIDERS)[number];
type Viewer = Exclude<Who, Outsider>;
const VIEWERS = EVERYONE.filter((w): w is Viewer => !(OUTSIDERS as readonly string[]).includes(w));
const all = (code: string) => Object.fromEntries(VIEWERS.map((w) => [w, code])) as Record<Viewer, string>;

// ---- getting a fresh case into a state, through the functions ----
type Step = [Who, string, Record<string, unknown>];
const claim = (w: Who): Step => [w, 'claim', {}];
const escalate = (w: Who): Step => [w, 'escalate', { reason: '需上级协调处理' }];
const resolve = (w: Who): Step => [w, 'resolve', { result: '已协调清理完毕' }];
const STEPS = {
  grid_pending: [],
  grid_claimed: [claim('ownGrid')],
  community_pending: [escalate('ownGrid')],
  community_claimed: [escalate('ownGrid'), claim('ownCommunity')],
  township_pending: [escalate('ownGrid'), escalate('ownCommunity')],
  township_claimed: [escalate('ownGrid'), escalate('ownCommunity'), claim('ownTownship')],
  resolved: [claim('ownGrid'), resolve('ownGrid')],
  follow_up: [claim('ownGrid'), resolve('ownGrid'), ['reporter', 'rate', { score: '不满意' }]], // reopened at the grid (M-21)
  closed: [claim('ownGrid'), resolve('ownGrid'), ['reporter', 'rate', { score: '满意' }]],
} satisfies Record<string, Step[]>;
type Setup = keyof typeof STEPS;

async function caseIn(state: Setup, matterType = 'garbage_pile'): Promise<CaseDetail> {
  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', {
    clientRequestId: requestId('auth'),
    text: '富民社区3栋楼下垃圾堆了三天没人清理，味道很大',
    grid: GRID,
    matterType,
    photos: [],
  });
  let d = await call(twin, WHO.office, 'cases', 'get', { caseId });
  for (const [who, action, input] of STEPS[state] as Step[]) {
    d = await call(twin, WHO[who], 'cases', 'act', { caseId, action, expectedVersion: d.case.version, input });
  }
  expect(d.case.state).toBe(state);
  return call(twin, WHO.office, 'cases', 'get', { caseId }); // staff view of the timeline, as the checks below read it
}

const act = (who: Who, d: CaseDetail, action: string, input: Record<string, unknown>) =>
  call(twin, WHO[who], 'cases', 'act', { caseId: d.case.id, action, expectedVersion: d.case.version, input });

// ---- the matrix ----
const INPUTS: Record<string, Record<string, unknown>> = {
  claim: {},
  resolve: { result: '已协调环卫清运' },
  escalate: { reason: '需上级协调' },
  return: { instructions: '属本级职责，请继续处理' },
  rate: { score: '满意' },
  reclassify: { matterType: 'streetlight_broken' },
  auto_escalate: {},
  auto_rate: {},
  link_reporter: { openid: 'o-someone', channel: 'miniprogram' },
};

interface Row {
  name: string;
  action: string;
  state: Setup;
  /** Expected outcome for each viewer: 'ok' or the error code. Outsiders always get OUT_OF_JURISDICTION. */
  viewers: Record<Viewer, string>;
  /** Who then performs the action (must be 'ok' above), and the state it leads to. */
  by?: Viewer;
  to?: string;
}

/** Only `ok` may act; every other viewer holds a role the row does not accept. */
const onlyBy = (ok: Viewer, others: Partial<Record<Viewer, string>> = {}): Record<Viewer, string> => ({ ...all(ROLE), ...others, [ok]: 'ok' });
// `rate` accepts the resident role, and every person implicitly holds it (domain/roles.ts effectiveBindings):
// staff who can see the case are therefore refused by jurisdiction (本人反映的事项), not by role.
const rateBy = { ...all(OOJ), reporter: 'ok' };
// reclassify: grid_worker / community / township of the level currently responsible, or the whistle office (M-5).
const reclassifyAt = (level: 'ownGrid' | 'ownCommunity' | 'ownTownship') => ({
  ...all(OOJ),
  reporter: ROLE,
  leader: ROLE,
  office: 'ok',
  admin: 'ok', // via its whistle_office binding
  [level]: 'ok',
});

const ROWS: Row[] = [
  // claim / resolve / escalate / return: the staff of the case's own unit at its current level (M-8).
  { name: 'claim at the grid', action: 'claim', state: 'grid_pending', viewers: onlyBy('ownGrid'), by: 'ownGrid', to: 'grid_claimed' },
  { name: 'claim at the community', action: 'claim', state: 'community_pending', viewers: onlyBy('ownCommunity'), by: 'ownCommunity', to: 'community_claimed' },
  { name: 'claim at the township', action: 'claim', state: 'township_pending', viewers: onlyBy('ownTownship'), by: 'ownTownship', to: 'township_claimed' },
  { name: 'claim a follow-up at the level that resolved it', action: 'claim', state: 'follow_up', viewers: onlyBy('ownGrid'), by: 'ownGrid', to: 'grid_claimed' },
  { name: 'resolve at the grid', action: 'resolve', state: 'grid_claimed', viewers: onlyBy('ownGrid'), by: 'ownGrid', to: 'resolved' },
  { name: 'resolve at the community', action: 'resolve', state: 'community_claimed', viewers: onlyBy('ownCommunity'), by: 'ownCommunity', to: 'resolved' },
  { name: 'resolve at the township', action: 'resolve', state: 'township_claimed', viewers: onlyBy('ownTownship'), by: 'ownTownship', to: 'resolved' },
  { name: 'escalate from the grid', action: 'escalate', state: 'grid_pending', viewers: onlyBy('ownGrid'), by: 'ownGrid', to: 'community_pending' },
  { name: 'escalate from the community', action: 'escalate', state: 'community_claimed', viewers: onlyBy('ownCommunity'), by: 'ownCommunity', to: 'township_pending' },
  { name: 'return from the community', action: 'return', state: 'community_pending', viewers: onlyBy('ownCommunity'), by: 'ownCommunity', to: 'grid_pending' },
  { name: 'return from the township', action: 'return', state: 'township_claimed', viewers: onlyBy('ownTownship'), by: 'ownTownship', to: 'community_pending' },
  // rate: only the person who reported it (M-21).
  { name: 'rate a resolved case', action: 'rate', state: 'resolved', viewers: rateBy, by: 'reporter', to: 'closed' },
  // reclassify: the level currently responsible, or the whistle office (M-5).
  { name: 'reclassify at the grid (grid worker)', action: 'reclassify', state: 'grid_pending', viewers: reclassifyAt('ownGrid'), by: 'ownGrid', to: 'grid_pending' },
  { name: 'reclassify at the grid (whistle office)', action: 'reclassify', state: 'grid_pending', viewers: reclassifyAt('ownGrid'), by: 'office', to: 'grid_pending' },
  { name: 'reclassify at the grid (admin)', action: 'reclassify', state: 'grid_pending', viewers: reclassifyAt('ownGrid'), by: 'admin', to: 'grid_pending' },
  { name: 'reclassify at the community', action: 'reclassify', state: 'community_claimed', viewers: reclassifyAt('ownCommunity'), by: 'ownCommunity', to: 'community_claimed' },
  { name: 'reclassify at the township', action: 'reclassify', state: 'township_pending', viewers: reclassifyAt('ownTownship'), by: 'ownTownship', to: 'township_pending' },
  // Wrong state: refused as such for every viewer, whoever they are (state is checked before role).
  { name: 'claim an already claimed case', action: 'claim', state: 'grid_claimed', viewers: all(ILLEGAL) },
  { name: 'resolve an unclaimed case', action: 'resolve', state: 'grid_pending', viewers: all(ILLEGAL) },
  { name: 'escalate beyond the township', action: 'escalate', state: 'township_pending', viewers: all(ILLEGAL) },
  { name: 'return below the grid', action: 'return', state: 'grid_pending', viewers: all(ILLEGAL) },
  { name: 'rate an open case', action: 'rate', state: 'grid_pending', viewers: all(ILLEGAL) },
  { name: 'rate a case already rated', action: 'rate', state: 'closed', viewers: all('ALREADY_RATED') },
  // System-only actions: refused for every human (M-11, M-21, M-6).
  { name: 'auto_escalate', action: 'auto_escalate', state: 'grid_pending', viewers: all(ROLE) },
  { name: 'auto_escalate at the township', action: 'auto_escalate', state: 'township_pending', viewers: all(ROLE) },
  { name: 'auto_rate', action: 'auto_rate', state: 'resolved', viewers: all(ROLE) },
  { name: 'link_reporter', action: 'link_reporter', state: 'grid_pending', viewers: all(ROLE) },
];

// One fresh case per row, all created up front in parallel.
let fresh: Promise<CaseDetail[]>;
beforeAll(() => {
  fresh = Promise.all(ROWS.map((r) => caseIn(r.state)));
  return fresh;
}, 60_000);

test.each(ROWS.map((r, i) => [r.name, i] as const))('%s', async (_name, i) => {
  const row = ROWS[i];
  const d = (await fresh)[i];
  const expected: Record<Who, string> = { ...(Object.fromEntries(OUTSIDERS.map((w) => [w, OOJ])) as Record<Outsider, string>), ...row.viewers };
  const input = INPUTS[row.action];

  const problems: string[] = [];
  for (const who of EVERYONE) {
    const want = expected[who];
    let got: string;
    if (want === 'ok') {
      const seen = await call(twin, WHO[who], 'cases', 'get', { caseId: d.case.id });
      got = seen.actions.some((a) => a.action === row.action) ? 'ok' : `not offered (${seen.actions.map((a) => a.action).join(',')})`;
    } else {
      got = await errorCode(act(who, d, row.action, input)).catch((e: Error) => `succeeded (${e.message})`);
    }
    if (got !== want) problems.push(`${row.action} by ${who}: expected ${want}, got ${got}`);
  }
  expect(problems).toEqual([]);

  // The refusals changed nothing.
  const after = await call(twin, WHO.office, 'cases', 'get', { caseId: d.case.id });
  expect({ version: after.case.version, state: after.case.state, matterType: after.case.matterType }).toEqual({
    version: d.case.version,
    state: d.case.state,
    matterType: d.case.matterType,
  });
  expect(after.timeline).toEqual(d.timeline);

  if (row.by) {
    expect(row.viewers[row.by]).toBe('ok');
    const done = await act(row.by, d, row.action, input);
    expect(done.case).toMatchObject({ version: d.case.version + 1, state: row.to });
    const timeline = (await call(twin, WHO.office, 'cases', 'get', { caseId: d.case.id })).timeline;
    expect(timeline.map((t) => t.action)).toEqual([...d.timeline.map((t) => t.action), row.action]);
  }
});

test('get: the reporter, the case’s own grid/community/township, the whistle office, leader and admin see it; no one else', async () => {
  const d = await caseIn('grid_pending', 'road_pothole');
  const problems: string[] = [];
  for (const who of EVERYONE) {
    const want = (OUTSIDERS as readonly string[]).includes(who) ? OOJ : 'ok';
    const got = await call(twin, WHO[who], 'cases', 'get', { caseId: d.case.id }).then(
      (seen) => (seen.case.id === d.case.id ? 'ok' : 'wrong case'),
      (e: { code?: string }) => e.code ?? String(e),
    );
    if (got !== want) problems.push(`get by ${who}: expected ${want}, got ${got}`);
  }
  expect(problems).toEqual([]);

  // Staff inboxes are scoped the same way.
  const inbox = async (who: Who) => (await call(twin, WHO[who], 'cases', 'inbox', { view: 'all', matterType: 'road_pothole', limit: 50 })).items.map((c) => c.id);
  for (const who of ['ownGrid', 'ownCommunity', 'ownTownship'] as const) expect(await inbox(who)).toContain(d.case.id);
  for (const who of ['otherGrid', 'otherCommunity', 'otherTownship'] as const) expect(await inbox(who)).not.toContain(d.case.id);
});

test('get: a department sees a case only through a whistle dispatched to it, and may not act on it', async () => {
  const { caseId } = await dispatchedLandWhistle(twin); // 大垸乡 land dispute → 自然资源局 lead, 农业农村局 + 民政局 co
  const seen = await call(twin, dept('zrzy'), 'cases', 'get', { caseId });
  expect(seen.case.state).toBe('whistled');
  expect(seen.actions).toEqual([]);
  expect((await call(twin, dept('mz'), 'cases', 'get', { caseId })).case.id).toBe(caseId); // co-department: visible too
  expect(await errorCode(call(twin, dept('jtys'), 'cases', 'get', { caseId }))).toBe(OOJ);
  expect(await errorCode(call(twin, WHO.ownTownship, 'cases', 'get', { caseId }))).toBe(OOJ); // xh, not dy
  expect(await errorCode(act('dept', seen, 'reclassify', INPUTS.reclassify))).toBe(OOJ); // cgj: not sent to it
  expect(await errorCode(call(twin, dept('zrzy'), 'cases', 'act', { caseId, action: 'reclassify', expectedVersion: seen.case.version, input: INPUTS.reclassify }))).toBe(ROLE);
  expect(await errorCode(call(twin, dept('zrzy'), 'cases', 'act', { caseId, action: 'resolve', expectedVersion: seen.case.version, input: INPUTS.resolve }))).toBe(ILLEGAL);
  expect((await call(twin, WHO.office, 'cases', 'get', { caseId })).case.version).toBe(seen.case.version);
});

test.each(['reporter', 'otherResident', 'rider', 'partyMember', 'dept', 'leader', 'office', 'admin'] as const)(
  'inbox: %s has no case inbox → FORBIDDEN_ROLE',
  async (who) => {
    expect(await errorCode(call(twin, WHO[who], 'cases', 'inbox', {}))).toBe(ROLE);
  },
);

// Attaching a case to a whistle is the whistle's business (收集事项 cascades attach_to_whistle from the whistle,
// domain/whistleRows.ts); `cases.get` hides it from availableActions. Through `cases.act` a township must not be
// able to hang its case on any whistle id — e.g. another township's whistle — and thereby show it to departments
// the whistle was sent to (canView lets a department see a case whose whistleId is a whistle dispatched to it).
test('attach_to_whistle cannot be done through cases.act (another township’s whistle would leak the case)', async () => {
  const { w } = await dispatchedLandWhistle(twin); // 大垸乡 (dy), sent to 自然资源局
  const d = await caseIn('township_pending'); // 浔湖街道 (xh)
  const reply = await callRaw(twin, WHO.ownTownship, 'cases', {
    action: 'act',
    payload: { caseId: d.case.id, action: 'attach_to_whistle', expectedVersion: d.case.version, input: { whistleId: w.whistle.id } },
  });
  expect(reply.ok).toBe(false);
  const after = await call(twin, WHO.office, 'cases', 'get', { caseId: d.case.id });
  expect({ version: after.case.version, state: after.case.state }).toEqual({ version: d.case.version, state: d.case.state });
  expect(await errorCode(call(twin, dept('zrzy'), 'cases', 'get', { caseId: d.case.id }))).toBe(OOJ);
});
