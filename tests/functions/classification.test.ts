// Classification inside the intake function (M-5): reports are typed automatically, weak guesses are left
// for staff, and a staff correction is kept and shifts later proposals.
import { call, type Twin } from '../helpers/twin-harness';
import { seededTwinPerFile } from '../helpers/twin-per-file';

const RESIDENT = 'demo-resident';
const GRID = 'demo-grid-xh-fm-02';

let twin: Twin;
seededTwinPerFile((t) => (twin = t));

test('a report without a chosen type is classified; suggest gives the top 3 with names', async () => {
  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', {
    clientRequestId: 'classify-fire-001',
    text: '我们楼下的消防通道又被几辆私家车堵死了，万一着火消防车根本开不进来',
    grid: 'xh-fm-02',
  });
  expect((await call(twin, GRID, 'cases', 'get', { caseId })).case.matterType).toBe('fire_lane_blocked');

  const s = await call(twin, RESIDENT, 'cases', 'suggest', { text: '小区门口的井盖不见了，晚上路过差点踩空' });
  expect(s.matterType).toBe('manhole_cover');
  expect(s.candidates).toHaveLength(3);
  expect(s.candidates[0]).toMatchObject({ matterType: 'manhole_cover', name: '井盖缺失、破损' });
});

test('a staff correction is stored and raises that type for later, similar reports', async () => {
  // Parcel lockers are a matter the shipped knowledge does not know; this county files them as 消费纠纷.
  const text = '快递柜坏了好几天，扫码一直打不开，包裹取不出来，打电话也没人管';
  const scoreOf = async (t: string) => (await call(twin, RESIDENT, 'cases', 'suggest', { text: t })).candidates.find((c) => c.matterType === 'consumer_dispute')?.score ?? 0;
  const later = '快递柜坏了取不了件';
  const before = await scoreOf(later);

  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', { clientRequestId: 'classify-locker-001', text, grid: 'xh-fm-02' });
  const c = await call(twin, GRID, 'cases', 'get', { caseId });
  await call(twin, GRID, 'cases', 'act', { caseId, action: 'reclassify', expectedVersion: c.case.version, input: { matterType: 'consumer_dispute' } });

  const after = await scoreOf(later);
  expect(after).toBeGreaterThan(before);
  const again = await call(twin, RESIDENT, 'cases', 'suggest', { text: later });
  expect(again.candidates.map((x) => x.matterType)).toContain('consumer_dispute');
});
