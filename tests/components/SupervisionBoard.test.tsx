// 挂牌督办 board (staff/supervision, M-24): listed items with their state and filters; the 吹哨办 gets
// 再次督办 / 督办办结 and a 挂牌督办 button on the automatic lists, a leader reads only; the respondent
// (?mine=1) gets 回复督办. Replaced: callFunction of our typed client, Taro.navigateTo and the router.
import Taro from '@tarojs/taro'
import TestUtils from '@tarojs/test-utils-react'
import type { SupervisionView } from '../../domain/api/supervision'
import * as cloud from '../../src/services/cloud'
import SupervisionPage from '../../src/staff/supervision/index'

type Call = [string, string, Record<string, unknown>]
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const item = (over: Partial<SupervisionView>): SupervisionView => ({
  id: 's1',
  version: 2,
  target: { entity: 'whistle', id: 'w1', no: 'W20260302-ABC', title: '村民屋后土地权属争议', page: '/staff/whistle/index?id=w1' },
  township: 'dy',
  townshipName: '大垸乡',
  kind: 'overdue',
  kindLabel: '超期未结',
  respondent: { role: 'department', unit: 'zrzy', name: '县自然资源局' },
  state: 'responded',
  stateLabel: '已回复',
  respondBy: '2026-03-06T15:59:59.000Z',
  steps: [
    { action: 'list', label: '挂牌督办', at: '2026-03-03T02:00:00.000Z', text: '报到迟缓', photos: [], by: { role: 'whistle_office', unit: 'hb', label: '湖滨县 · 吹哨办' } },
    { action: 'respond', label: '督办回复', at: '2026-03-04T02:00:00.000Z', text: '已到场测绘', photos: [], by: { role: 'department', unit: 'zrzy', label: '县自然资源局 · 部门' } },
  ],
  createdAt: '2026-03-03T02:00:00.000Z',
  updatedAt: '2026-03-04T02:00:00.000Z',
  actions: [],
  ...over,
})

describe('supervision board (staff/supervision)', () => {
  let testUtils: TestUtils
  let calls: Call[]
  let role: 'whistle_office' | 'leader' | 'department'

  beforeEach(() => {
    calls = []
    role = 'whistle_office'
    jest.spyOn(cloud, 'callFunction').mockImplementation((async (name: string, action: string, payload: Record<string, unknown>) => {
      calls.push([name, action, payload])
      if (name === 'account' && action === 'whoami') return { personId: 'p', name: '', bindings: [{ role, unit: role === 'department' ? 'zrzy' : 'hb', roleLabel: '', unitName: '' }] }
      if (name === 'supervision' && action === 'board') {
        const actions: SupervisionView['actions'] = role === 'whistle_office' ? [{ action: 'press', label: '再次督办' }, { action: 'close', label: '督办办结' }] : []
        return { items: [item({ actions }), item({ id: 's2', state: 'late', stateLabel: '逾期未回复', actions })], nextCursor: null, counts: { awaiting: 0, late: 1, responded: 1, closed: 0 } }
      }
      if (name === 'supervision' && action === 'flags') {
        return { flag: 'overdue', items: [{ entity: 'case', id: 'c9', no: '20260302-C9', title: '井盖缺失一个月', township: 'xh', townshipName: '浔湖街道', due: '2026-03-03T15:59:59.000Z', page: '/staff/case/index?id=c9' }] }
      }
      if (name === 'supervision' && action === 'mine') return { items: [item({ state: 'awaiting', stateLabel: '待回复', actions: [{ action: 'respond', label: '回复督办' }] })], open: 1 }
      throw new cloud.ApiError('UNEXPECTED', `unexpected call ${name}.${action}`)
    }) as typeof cloud.callFunction)
    jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' } as never)
    testUtils = new TestUtils()
  })

  afterEach(() => {
    testUtils.unmout()
    jest.restoreAllMocks()
  })

  async function settle() {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
  }
  async function mountPage(params: Record<string, string> = {}) {
    jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { params, path: '/staff/supervision/index' } } as never)
    await testUtils.act(async () => {
      await testUtils.mount(SupervisionPage)
      await settle()
    })
  }
  async function click(el: Element | null) {
    expect(el).toBeTruthy()
    await testUtils.act(async () => {
      testUtils.fireEvent.click(el as Element)
      await settle()
    })
  }

  it('lists every supervised item with its state and the state filters with counts', async () => {
    await mountPage()
    await testUtils.queries.waitForQuerySelector('#supervision-s1')
    expect(document.querySelector('#supervision-s1')?.textContent).toContain('已回复')
    expect(document.querySelector('#supervision-s2')?.textContent).toContain('逾期未回复')
    expect(document.querySelector('#supervision-state-late')?.textContent).toContain('逾期未回复 1')
    await click(document.querySelector('#supervision-state-late'))
    expect(calls.filter(([n, a]) => n === 'supervision' && a === 'board').at(-1)?.[2]).toEqual({ state: 'late' })
  })

  it('the 吹哨办 presses or closes; a leader only reads', async () => {
    await mountPage()
    await testUtils.queries.waitForQuerySelector('#supervision-s1')
    await click(document.querySelector('#supervision-s1 #supervision-action-press'))
    expect(document.querySelector('#supervision-form-press')).toBeTruthy()
    await click(document.querySelector('#supervision-submit'))
    expect(document.body.textContent).toContain('请至少写2个字')
    expect(calls.some(([, a]) => a === 'press')).toBe(false)

    testUtils.unmout()
    role = 'leader'
    testUtils = new TestUtils()
    await mountPage()
    await testUtils.queries.waitForQuerySelector('#supervision-s1')
    expect(document.querySelector('#supervision-action-press')).toBeNull()
    expect(document.querySelector('#supervision-action-close')).toBeNull()
  })

  it('超期未结 list: the 吹哨办 can list an item; a leader cannot', async () => {
    await mountPage()
    await click(document.querySelector('#supervision-tab-overdue'))
    await testUtils.queries.waitForQuerySelector('#flag-c9')
    expect(calls.some(([n, a, p]) => n === 'supervision' && a === 'flags' && p.flag === 'overdue')).toBe(true)
    await click(document.querySelector('#flag-list-c9'))
    expect(document.querySelector('#supervision-form-list')).toBeTruthy()

    testUtils.unmout()
    role = 'leader'
    testUtils = new TestUtils()
    await mountPage()
    await click(document.querySelector('#supervision-tab-overdue'))
    await testUtils.queries.waitForQuerySelector('#flag-c9')
    expect(document.querySelector('#flag-list-c9')).toBeNull()
  })

  it('the listed department sees its items and a 回复督办 button (?mine=1)', async () => {
    role = 'department'
    await mountPage({ mine: '1' })
    await testUtils.queries.waitForQuerySelector('#supervision-s1')
    expect(calls.some(([n, a]) => n === 'supervision' && a === 'mine')).toBe(true)
    expect(document.querySelector('#supervision-tabs')).toBeNull()
    await click(document.querySelector('#supervision-action-respond'))
    expect(document.querySelector('#supervision-form-respond')).toBeTruthy()
  })
})
