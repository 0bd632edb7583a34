// Notifications end to end: actions queue them in their own transaction; the clock function's `notify`
// trigger pushes WeChat subscribe messages (the twin's outbox) and fills each recipient's notification centre.
import { call, type Twin } from '../helpers/twin-harness';
import { seededTwinPerFile } from '../helpers/twin-per-file';

const RESIDENT = 'demo-resident';
const GRID = 'demo-grid-xh-bh-01';
const COMMUNITY = 'demo-community-xh-bh';

let twin: Twin;
seededTwinPerFile((t) => (twin = t));

const pushesTo = (openid: string) =>
  twin.outbox().filter((o) => o.apiName === 'subscribeMessage.send' && o.payload.touser === openid && (o.result as { errcode?: number }).errcode === 0);

test('reporter and staff are notified as a case moves, once each', async () => {
  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', {
    clientRequestId: 'notify-case-0001',
    text: '滨湖社区2号楼下水道堵了，污水漫到路面上',
    grid: 'xh-bh-01',
    anonymous: true,
  });
  const before = { resident: pushesTo(RESIDENT).length, grid: pushesTo(GRID).length };
  const first = (await twin.fireTrigger('clock', 'notify')) as { ok: boolean; data: { delivered: number } };
  expect(first.ok).toBe(true);
  expect(first.data.delivered).toBeGreaterThanOrEqual(2);

  // The anonymous reporter is still told (anonymity hides them from staff, not from the system).
  const toResident = pushesTo(RESIDENT).slice(before.resident);
  expect(toResident).toHaveLength(1);
  expect(toResident[0].payload.data).toMatchObject({ phrase2: { value: '已登记' }, thing1: { value: expect.stringContaining('滨湖社区2号楼') } });
  expect(toResident[0].payload.page).toBe(`pages/case/index?id=${caseId}`);
  const toGrid = pushesTo(GRID).slice(before.grid);
  expect(toGrid).toHaveLength(1);
  expect(toGrid[0].payload.data).toMatchObject({ phrase2: { value: '待认领' } });

  // Running again sends nothing more.
  const again = (await twin.fireTrigger('clock', 'notify')) as { data: { delivered: number } };
  expect(again.data.delivered).toBe(0);
  expect(pushesTo(RESIDENT).length).toBe(before.resident + 1);

  await call(twin, GRID, 'cases', 'act', { caseId, action: 'escalate', expectedVersion: 1, input: { reason: '管网问题需社区协调' } });
  await twin.fireTrigger('clock', 'notify');
  expect(pushesTo(COMMUNITY).at(-1)?.payload.data).toMatchObject({ phrase2: { value: '待认领' } });
  expect(pushesTo(RESIDENT).at(-1)?.payload.data).toMatchObject({ phrase2: { value: '已转交' } });
});

test('the notification centre lists only the caller’s messages and marks them read', async () => {
  const mine = await call(twin, RESIDENT, 'account', 'messages', {});
  expect(mine.items.length).toBeGreaterThanOrEqual(2);
  expect(mine.unread).toBe(mine.items.filter((m) => !m.read).length);
  expect(mine.items[0].at >= mine.items[mine.items.length - 1].at).toBe(true);

  const someoneElse = await call(twin, 'demo-resident-2', 'account', 'markRead', { ids: [mine.items[0].id] });
  expect(someoneElse.updated).toBe(0);

  const marked = await call(twin, RESIDENT, 'account', 'markRead', { ids: mine.items.map((m) => m.id) });
  expect(marked.updated).toBe(mine.items.length);
  expect((await call(twin, RESIDENT, 'account', 'messages', {})).unread).toBe(0);
});
