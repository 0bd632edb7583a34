// The case inbox's filters (src/staff/shared/StaffInbox): 「只看超期」 and the matter-type picker, and
// what cases.inbox is sent after tapping them. Only callFunction from src/services/cloud is replaced.
import type { CountyInfo } from '../../domain/api'
import { StaffInbox } from '../../src/staff/shared/StaffInbox'
import { usePageHarness } from './pageHarness'

const county: CountyInfo = {
  county: { code: 'c', name: '示例县' },
  departments: [],
  townships: [],
  matterTypes: [
    { code: 'road_damage', name: '道路破损', group: '市容', kind: 'normal', urgentEligible: false },
    { code: 'garbage', name: '垃圾堆放', group: '市容', kind: 'normal', urgentEligible: false },
    { code: 'gas_leak', name: '燃气泄漏', group: '安全', kind: 'normal', urgentEligible: true },
  ],
  qrPoints: [],
}

describe('case inbox filters (StaffInbox)', () => {
  const h = usePageHarness({
    'account.whoami': () => ({ personId: 'p1', name: '张网格', bindings: [] }),
    'config.county': () => county,
    'cases.inbox': () => ({
      items: [],
      nextCursor: null,
      counts: { grid_pending: 2, grid_claimed: 1, follow_up: 0, overdue: 3 },
      scope: { role: 'grid_worker', unit: 'g1', unitName: '富民社区第一网格' },
    }),
  })
  const { flush, $, click, rowWithText: rowLabelled } = h

  const inboxCalls = () => h.sent('cases', 'inbox')
  const lastInbox = () => inboxCalls()[inboxCalls().length - 1]

  async function mount() {
    await h.mount(StaffInbox, { role: 'grid' })
    await h.testUtils.queries.waitForQuerySelector('#inbox-filter-matter')
    await flush()
  }

  it('sends overdue: true after 只看超期, and drops it when tapped again', async () => {
    await mount()
    expect(lastInbox()).not.toHaveProperty('overdue')
    expect(lastInbox()).not.toHaveProperty('matterType')
    // The overdue count is on the toggle, not among the state chips.
    expect($('#inbox-filter-overdue')?.textContent).toContain('3')
    expect($('#inbox-count-overdue')).toBeNull()

    await click($('#inbox-filter-overdue'))
    expect(lastInbox()).toMatchObject({ role: 'grid_worker', view: 'todo', overdue: true })
    expect($('#inbox-filter-overdue')?.getAttribute('aria-pressed')).toBe('true')

    await click($('#inbox-filter-overdue'))
    expect(lastInbox()).not.toHaveProperty('overdue')
  })

  it('sends the chosen matterType, combined with overdue; 全部类型 clears it', async () => {
    await mount()
    await click($('#inbox-filter-overdue'))

    await click($('#inbox-filter-matter'))
    await click(rowLabelled('市容'))
    await click(rowLabelled('道路破损'))
    expect(lastInbox()).toMatchObject({ overdue: true, matterType: 'road_damage' })
    expect($('#inbox-filter-matter')?.textContent).toContain('道路破损')

    await click($('#inbox-filter-matter'))
    await click(rowLabelled('全部类型'))
    expect(lastInbox()).toMatchObject({ overdue: true })
    expect(lastInbox()).not.toHaveProperty('matterType')
  })

  it('a state chip narrows the list to that state', async () => {
    await mount()
    await click($('#inbox-count-grid_pending'))
    expect(lastInbox()).toMatchObject({ state: 'grid_pending' })
  })
})
