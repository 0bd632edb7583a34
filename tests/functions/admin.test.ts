// The admin function through the twin: only the 吹哨办 / administrators edit the county configuration and
// role bindings; edits are validated, versioned, recorded in history and drive routing (M-1, M-2, M-13).
import type { WhistleDetail } from '../../domain/api/whistles';
import { call, errorCode, type Twin } from '../helpers/twin-harness';
import { indexedTwinPerFile } from '../helpers/twin-per-file';
import { OFFICE, RESIDENT, XH, requestId, submitCase, whistleAct } from '../helpers/whistle-flows';

const ADMIN = 'demo-admin';

let twin: Twin;
const { unindexed } = indexedTwinPerFile((t) => (twin = t));

const version = async () => (await call(twin, ADMIN, 'admin', 'getCounty', {})).version;
const township = async (code: string) => (await call(twin, ADMIN, 'admin', 'getCounty', {})).county.townships.find((t) => t.code === code)!;

test('only the whistle office and administrators may read or edit the configuration and bindings', async () => {
  const v = await version();
  for (const who of [RESIDENT, XH.gridWorker, XH.township, 'demo-leader']) {
    expect(await errorCode(call(twin, who, 'admin', 'getCounty', {}))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(call(twin, who, 'admin', 'setUrgentList', { expectedVersion: v, matterTypes: [] }))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(call(twin, who, 'admin', 'bindRole', { targetOpenid: who, role: 'township', unit: 'xh' }))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(call(twin, who, 'admin', 'history', {}))).toBe('FORBIDDEN_ROLE');
  }
  expect((await call(twin, OFFICE, 'admin', 'getCounty', {})).county.county.code).toBe('hb');
  // Only an administrator grants the administrator role.
  expect(await errorCode(call(twin, OFFICE, 'admin', 'bindRole', { targetOpenid: 'someone-new', role: 'admin', unit: 'hb' }))).toBe('FORBIDDEN_ROLE');
  expect(await version()).toBe(v);
});

test('moving 垃圾乱堆乱放 in 浔湖街道 from basic to cooperative duties makes it whistleable (configuration drives routing)', async () => {
  const propose = () =>
    call(twin, XH.township, 'whistles', 'propose', { clientRequestId: requestId('w'), matterType: 'garbage_pile', title: '巷口垃圾', description: '巷口垃圾长期堆放', caseIds: [] });
  const before = await propose();
  expect(before.route).toMatchObject({ handler: 'township', list: 'basic', boundary: { ok: false, code: 'WHISTLE_BOUNDARY' } });

  const v = await version();
  const moved = await call(twin, ADMIN, 'admin', 'setDutyList', { township: 'xh', matterType: 'garbage_pile', list: 'cooperative', expectedVersion: v, reason: '环卫清运已划归城管局' });
  expect(moved).toMatchObject({ version: v + 1, changed: true });
  expect(moved.change?.summary).toBe('将浔湖街道「垃圾乱堆乱放」由基本履职事项调整为配合履职事项（M-2）');
  const xh = await township('xh');
  expect(xh.dutyLists.cooperative).toContain('garbage_pile');
  expect(xh.dutyLists.basic).not.toContain('garbage_pile');
  // 一地一策: other townships keep their own lists.
  expect((await township('dy')).dutyLists.basic).toContain('garbage_pile');

  // Other functions' warm instances pick the new version up within their 10 s cache.
  let after: WhistleDetail = await propose();
  for (const started = Date.now(); after.route?.list !== 'cooperative' && Date.now() - started < 15_000; ) {
    await new Promise((r) => setTimeout(r, 500));
    after = await call(twin, XH.township, 'whistles', 'get', { whistleId: after.whistle.id });
  }
  expect(after.route).toMatchObject({ handler: 'whistle', list: 'cooperative', lead: 'cgj', boundary: { ok: true } });
  const reviewed = await whistleAct(twin, XH.township, after, 'review', { decision: 'pass', comment: '符合吹哨条件' });
  expect(reviewed.whistle.state).toBe('reviewed');
}, 40_000);

test('an invalid configuration is refused and nothing changes', async () => {
  const before = await call(twin, ADMIN, 'admin', 'getCounty', {});
  expect(
    await errorCode(call(twin, ADMIN, 'admin', 'setLeadOverride', { township: 'xh', matterType: 'garbage_pile', dept: 'no_such_dept', expectedVersion: before.version })),
  ).toBe('COUNTY_INVALID');
  const broken = { ...before.county, matterTypes: before.county.matterTypes.map((m, i) => (i === 0 ? { ...m, leadDept: 'no_such_dept' } : m)) };
  expect(await errorCode(call(twin, ADMIN, 'admin', 'updateCounty', { expectedVersion: before.version, county: broken }))).toBe('COUNTY_INVALID');
  expect(await errorCode(call(twin, ADMIN, 'admin', 'setUrgentList', { expectedVersion: before.version, matterTypes: ['no_such_matter'] }))).toBe('COUNTY_INVALID');
  expect(await errorCode(call(twin, ADMIN, 'admin', 'setDutyList', { township: 'nowhere', matterType: 'garbage_pile', list: 'basic', expectedVersion: before.version }))).toBe(
    'NOT_FOUND',
  );
  expect(await call(twin, ADMIN, 'admin', 'getCounty', {})).toEqual(before);
});

test('concurrent edits: the second editor with the same version gets STALE_VERSION; history records who and when', async () => {
  const v = await version();
  const urgent = (await call(twin, ADMIN, 'admin', 'getCounty', {})).county.urgentList;
  const [a, b] = await Promise.allSettled([
    call(twin, ADMIN, 'admin', 'setUrgentList', { expectedVersion: v, matterTypes: [...urgent, 'garbage_pile'], reason: '汛期垃圾堵塞排水' }),
    call(twin, OFFICE, 'admin', 'setLeadOverride', { township: 'xh', matterType: 'garbage_pile', dept: 'sthj', expectedVersion: v }),
  ]);
  const outcomes = [a, b].map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code)).sort();
  expect(outcomes).toEqual(['STALE_VERSION', 'ok']);
  expect(await version()).toBe(v + 1);
  // A late edit against the old version is stale too.
  expect(await errorCode(call(twin, ADMIN, 'admin', 'setDutyList', { township: 'xh', matterType: 'garbage_pile', list: 'basic', expectedVersion: v }))).toBe('STALE_VERSION');

  const history = await call(twin, OFFICE, 'admin', 'history', { limit: 10 });
  expect(history.items.map((h) => h.version)).toEqual([...history.items.map((h) => h.version)].sort((x, y) => y - x));
  const latest = history.items[0];
  expect(latest.version).toBe(v + 1);
  expect(latest.by.role).toMatch(/admin|whistle_office/);
  expect(latest.by.unit).toBe('hb');
  expect(Date.now() - Date.parse(latest.at)).toBeLessThan(60_000);
  const dutyChange = history.items.find((h) => h.action === 'setDutyList');
  expect(dutyChange).toMatchObject({
    by: { role: 'admin', unit: 'hb' },
    reason: '环卫清运已划归城管局',
    before: { township: 'xh', matterType: 'garbage_pile', list: 'basic' },
    after: { township: 'xh', matterType: 'garbage_pile', list: 'cooperative' },
  });
  const events = (twin.db.browse('events', { limit: 10_000 }) as { entity: string; action: string; after: { version: number } }[]).filter((e) => e.entity === 'config');
  expect(events.map((e) => e.after.version)).toContain(v + 1);
});

test('org tree edits: a new grid in 富民社区 with a centre and polygon', async () => {
  const v = await version();
  const grid = { code: 'xh-fm-99', name: '富民社区第九十九网格', center: { lat: 29.7, lng: 116.0 }, polygon: [[116, 29.7], [116.01, 29.7], [116.01, 29.71]] as [number, number][] };
  const added = await call(twin, ADMIN, 'admin', 'upsertGrid', { community: 'xh-fm', grid, expectedVersion: v });
  expect(added.change?.summary).toContain('新增网格');
  const renamed = await call(twin, ADMIN, 'admin', 'upsertGrid', { community: 'xh-fm', grid: { ...grid, name: '富民社区新网格' }, expectedVersion: added.version });
  expect(renamed.change).toMatchObject({ before: { name: '富民社区第九十九网格' }, after: { name: '富民社区新网格' } });
  // A grid code belongs to one community.
  expect(await errorCode(call(twin, ADMIN, 'admin', 'upsertGrid', { community: 'dy-dy', grid, expectedVersion: renamed.version }))).toBe('VALIDATION');
  const community = await call(twin, ADMIN, 'admin', 'upsertCommunity', {
    township: 'xh',
    community: { code: 'xh-new', name: '新城社区', kind: '社区' },
    grids: [{ code: 'xh-new-01', name: '新城社区第一网格', center: { lat: 29.72, lng: 116.02 } }],
    expectedVersion: renamed.version,
  });
  expect(community.changed).toBe(true);
  const xh = await township('xh');
  expect(xh.communities.map((c) => c.code)).toEqual(expect.arrayContaining(['xh-fm', 'xh-new']));
  expect(xh.communities.find((c) => c.code === 'xh-fm')?.grids.map((g) => g.name)).toContain('富民社区新网格');
});

test('bindRole lets a new person work their grid inbox; unbindRole takes it away; both audited', async () => {
  const NEWCOMER = 'newcomer-grid-worker';
  expect(await errorCode(call(twin, NEWCOMER, 'cases', 'inbox', {}))).toBe('FORBIDDEN_ROLE');
  const caseId = await submitCase(twin, { grid: XH.grid, matterType: 'garbage_pile', text: '小区门口垃圾桶满溢' });

  // The unit must be of the role's kind (a grid for a grid worker).
  expect(await errorCode(call(twin, ADMIN, 'admin', 'bindRole', { targetOpenid: NEWCOMER, role: 'grid_worker', unit: 'xh-fm' }))).toBe('VALIDATION');
  expect(await errorCode(call(twin, ADMIN, 'admin', 'bindRole', { targetOpenid: NEWCOMER, role: 'department', unit: 'xh' }))).toBe('VALIDATION');
  const bound = await call(twin, ADMIN, 'admin', 'bindRole', { targetOpenid: NEWCOMER, role: 'grid_worker', unit: XH.grid, reason: '新聘网格员' });
  expect(bound.changed).toBe(true);
  expect(bound.person.bindings).toContainEqual(expect.objectContaining({ role: 'grid_worker', unit: XH.grid, roleLabel: '网格员', unitName: '富民社区第六网格' }));
  expect((await call(twin, ADMIN, 'admin', 'bindRole', { targetPersonId: bound.person.personId, role: 'grid_worker', unit: XH.grid })).changed).toBe(false);

  const inbox = await call(twin, NEWCOMER, 'cases', 'inbox', {});
  expect(inbox.items.map((c) => c.id)).toContain(caseId);
  const listed = await call(twin, OFFICE, 'admin', 'listPeople', { unit: XH.grid });
  expect(listed.items.map((p) => p.personId)).toEqual(expect.arrayContaining([bound.person.personId]));
  expect(listed.items.length).toBe(2); // the seeded grid worker and the newcomer
  const gridWorkers = await call(twin, OFFICE, 'admin', 'listPeople', { role: 'grid_worker', limit: 50 });
  expect(gridWorkers.items.every((p) => p.bindings.some((b) => b.role === 'grid_worker'))).toBe(true);

  const unbound = await call(twin, ADMIN, 'admin', 'unbindRole', { targetPersonId: bound.person.personId, role: 'grid_worker', unit: XH.grid });
  expect(unbound.changed).toBe(true);
  expect(await errorCode(call(twin, NEWCOMER, 'cases', 'inbox', {}))).toBe('FORBIDDEN_ROLE');
  expect((await call(twin, OFFICE, 'admin', 'listPeople', { unit: XH.grid })).items.map((p) => p.personId)).not.toContain(bound.person.personId);

  const audit = (twin.db.browse('events', { limit: 10_000 }) as { entity: string; entityId: string; action: string; actor: { role: string } }[]).filter(
    (e) => e.entity === 'person' && e.entityId === bound.person.personId,
  );
  expect(audit.map((e) => e.action)).toEqual(['bind_role', 'unbind_role']);
  expect(audit[0].actor.role).toBe('admin');
});

test('every list query is index-backed', () => {
  expect(unindexed).toEqual([]);
});
