// 我的反映 (src/pages/my-cases): a resident sees only their reports; grid workers and party members also get
// 我登记的走访, the cases they registered on visits (M-4). Only callFunction from src/services/cloud is replaced.
import type { CaseSummary } from '../../domain/api'
import MyCases from '../../src/pages/my-cases'
import { usePageHarness } from './pageHarness'

const row = (id: string, text: string): CaseSummary => ({
  id,
  no: `N-${id}`,
  state: 'grid_pending',
  stateLabel: '待网格员处理',
  text,
  matterTypeName: '垃圾乱堆乱放',
  placeLabel: '富民社区第六网格',
  createdAt: '2026-11-20T09:00:00+08:00',
  deadline: null,
})

let who: { personId: string; name: string; bindings: { role: string; unit: string; roleLabel: string; unitName: string }[] }
const resident = { personId: 'p0', name: '张居民', bindings: [{ role: 'resident', unit: '', roleLabel: '居民', unitName: '' }] }
const partyMember = { personId: 'p2', name: '李党员', bindings: [{ role: 'party_member', unit: 'xh-fm', roleLabel: '下沉党员', unitName: '富民社区' }] }

const h = usePageHarness({
  'account.whoami': () => who,
  'cases.mine': (payload) => ({ items: payload.registered ? [row('v1', '走访登记：楼道堆满杂物')] : [row('r1', '我反映的：路灯不亮')], nextCursor: null }),
})

test('a resident sees their reports without the visit tab', async () => {
  who = resident
  await h.mount(MyCases)
  await h.testUtils.queries.waitForQuerySelector('.case-row')
  expect(h.text()).toContain('我反映的：路灯不亮')
  expect(h.$('#mine-tab-registered')).toBeNull()
  expect(h.sent('cases', 'mine')).toEqual([{ cursor: undefined, registered: false }])
})

test('a party member switches to 我登记的走访 and sees the registered cases', async () => {
  who = partyMember
  await h.mount(MyCases)
  await h.click('#mine-tab-registered', { waitFor: true, settle: 3 })
  expect(h.text()).toContain('走访登记：楼道堆满杂物')
  expect(h.text()).not.toContain('我反映的：路灯不亮')
  expect(h.sent('cases', 'mine').at(-1)).toEqual({ cursor: undefined, registered: true })
})
