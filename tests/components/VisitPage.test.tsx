// 走访登记 (src/staff/grid/visit): preset to the worker's grid, checks in Chinese, 当场解决 needs a result,
// and what intake.register is sent. Only callFunction from src/services/cloud is replaced.
import VisitPage from '../../src/staff/grid/visit'
import { canResolveOnSpot, visitGridGroups } from '../../src/staff/grid/visitDraft'
import { countyInfo } from './countyInfo'
import { usePageHarness } from './pageHarness'

const gridWorker = { personId: 'p1', name: '王网格', bindings: [{ role: 'grid_worker' as const, unit: 'xh-fm-06', roleLabel: '网格员', unitName: '富民社区第六网格' }] }
const partyMember = { personId: 'p2', name: '李党员', bindings: [{ role: 'party_member' as const, unit: 'xh-fm', roleLabel: '下沉党员', unitName: '富民社区' }] }

test('grids offered: the worker’s own grid; a party member’s community grids; only grid workers resolve on the spot', () => {
  expect(visitGridGroups(countyInfo, gridWorker).flatMap((g) => g.options.map((o) => o.value))).toEqual(['xh-fm-06'])
  expect(visitGridGroups(countyInfo, partyMember).flatMap((g) => g.options.map((o) => o.value))).toEqual(['xh-fm-01', 'xh-fm-02', 'xh-fm-06'])
  expect(canResolveOnSpot(gridWorker, 'xh-fm-06')).toBe(true)
  expect(canResolveOnSpot(partyMember, 'xh-fm-06')).toBe(false)
})

describe('visit page', () => {
  let sent: Record<string, unknown>[]
  const h = usePageHarness({
    'config.county': () => countyInfo,
    'account.whoami': () => gridWorker,
    'cases.suggest': () => ({ matterType: 'garbage_pile', confidence: 0.9, lowConfidence: false, candidates: [] }),
    'intake.register': (payload) => {
      sent.push(payload)
      return { caseId: 'c1', no: 'n1', created: true, state: payload.resolvedOnSpot ? 'resolved' : 'grid_pending' }
    },
  })
  const click = (selector: string) => h.click(selector, { waitFor: true, settle: 3 })
  const type = (id: string, value: string) => h.type(`#${id}`, value)

  beforeEach(() => {
    sent = []
  })

  it('registers 当场解决 with the result, in the worker’s grid', async () => {
    await h.mount(VisitPage)
    await h.testUtils.queries.waitForQuerySelector('#visit-on-spot')
    expect(document.querySelector('#visit-grid')?.textContent).toContain('富民社区第六网格')

    await click('#visit-submit')
    expect(document.body.textContent).toContain('请至少写5个字，说清楚发现的问题')
    expect(sent).toEqual([])

    await type('visit-text', '3栋楼道堆放杂物，堵住了消防通道')
    await click('#visit-on-spot')
    await click('#visit-submit')
    expect(document.body.textContent).toContain('请写明当场是怎么解决的')
    expect(sent).toEqual([])

    await type('visit-result', '已劝说住户搬走杂物，通道已畅通')
    await click('#visit-submit')
    expect(sent).toEqual([
      expect.objectContaining({ text: '3栋楼道堆放杂物，堵住了消防通道', grid: 'xh-fm-06', photos: [], resolvedOnSpot: true, result: '已劝说住户搬走杂物，通道已畅通', clientRequestId: expect.stringMatching(/^visit-/) }),
    ])
  })
})
