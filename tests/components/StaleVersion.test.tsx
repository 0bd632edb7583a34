// A case changed since the staff page loaded (another person acted, or the system — e.g. a photo verdict,
// which bumps the version like every change) → the action comes back STALE_VERSION. The page
// (src/hooks/useDetail `perform`) reloads the case and says so in plain words; it never re-sends the action
// by itself. Only the transport boundary is replaced: callFunction from src/services/cloud (our own client).
import Taro from '@tarojs/taro'
import TestUtils from '@tarojs/test-utils-react'
import type { CaseDetail, CaseView } from '../../domain/api/views'
import { CaseDetailView } from '../../src/components/CaseDetail'
import { STALE_REFRESHED } from '../../src/hooks/useDetail'
import * as cloud from '../../src/services/cloud'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

type Call = [string, string, Record<string, unknown>]

function caseView(patch: Partial<CaseView>): CaseView {
  return {
    id: 'c-1',
    no: 'C20261123-ABCDEF',
    state: 'grid_pending',
    stateLabel: '待网格认领',
    text: '富民社区3栋楼下垃圾堆了三天没人清理',
    matterTypeName: '垃圾堆放',
    placeLabel: '富民社区第一网格',
    createdAt: '2026-11-23T02:00:00.000Z',
    deadline: null,
    version: 1,
    level: 'grid',
    levelLabel: '网格',
    grid: 'g1',
    matterType: 'garbage_pile',
    photos: [],
    place: null,
    channelLabel: '随手拍',
    reporter: { anonymous: false, isMe: false },
    reporterCount: 1,
    resolution: null,
    rating: null,
    whistleId: null,
    mergedInto: null,
    ...patch,
  } as CaseView
}

const detail = (c: Partial<CaseView>, actions: CaseDetail['actions']): CaseDetail => ({ case: caseView(c), timeline: [], actions })

describe('stale page: STALE_VERSION reloads the case and asks to confirm', () => {
  let testUtils: TestUtils
  let calls: Call[]
  let toasts: string[]
  /** What cases.get returns now. */
  let current: CaseDetail
  /** How cases.act answers. */
  let onAct: (payload: Record<string, unknown>) => CaseDetail

  beforeEach(() => {
    calls = []
    toasts = []
    jest.spyOn(cloud, 'callFunction').mockImplementation((async (name: string, action: string, payload: Record<string, unknown>) => {
      calls.push([name, action, payload])
      if (name === 'cases' && action === 'get') return current
      if (name === 'cases' && action === 'act') return onAct(payload)
      throw new cloud.ApiError('UNEXPECTED', `unexpected call ${name}.${action}`)
    }) as typeof cloud.callFunction)
    jest.spyOn(Taro, 'showToast').mockImplementation((async (opts: { title: string }) => {
      toasts.push(opts.title)
    }) as never)
    testUtils = new TestUtils()
  })

  afterEach(() => {
    testUtils.unmout()
    jest.restoreAllMocks()
  })

  const $ = (selector: string) => document.querySelector(selector)
  const text = () => document.body.textContent ?? ''
  const flush = () => testUtils.act(async () => new Promise((resolve) => setTimeout(resolve, 0)))
  const of = (action: string) => calls.filter(([name, a]) => name === 'cases' && a === action).map(([, , payload]) => payload)

  async function mountCase() {
    await testUtils.act(async () => {
      await testUtils.mount(CaseDetailView, { props: { caseId: 'c-1', audience: 'staff' } })
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
    await testUtils.queries.waitForQuerySelector('#case-text')
    await flush()
  }

  async function click(selector: string) {
    const el = $(selector)
    expect(el).toBeTruthy()
    await testUtils.act(async () => {
      testUtils.fireEvent.click(el as Element)
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
    await flush()
  }

  const stale = () => {
    throw new cloud.ApiError('STALE_VERSION', '已被他人处理，请刷新后重试')
  }

  it('the case moved on meanwhile: the new state is shown, the action no longer offered, nothing re-sent', async () => {
    current = detail({}, [{ action: 'claim', label: '认领' }])
    await mountCase()
    // Someone else claimed it after this page loaded.
    onAct = () => {
      current = detail({ state: 'grid_claimed', stateLabel: '网格办理中', version: 2 }, [])
      return stale()
    }
    await click('#case-action-claim')
    await click('#case-action-submit')

    expect(of('act')).toEqual([{ caseId: 'c-1', action: 'claim', expectedVersion: 1, input: {} }])
    expect(of('get')).toHaveLength(2)
    expect(toasts).toEqual([STALE_REFRESHED])
    expect(text()).toContain('网格办理中')
    expect($('#case-action-submit')).toBeNull()
    expect($('#case-action-claim')).toBeNull()
  })

  it('a system change (photo verdict) bumped the version: the form stays, the confirmed action carries the new version', async () => {
    current = detail({}, [{ action: 'claim', label: '认领' }])
    await mountCase()
    onAct = () => {
      current = detail({ version: 2 }, [{ action: 'claim', label: '认领' }])
      return stale()
    }
    await click('#case-action-claim')
    await click('#case-action-submit')
    expect(toasts).toEqual([STALE_REFRESHED])
    expect(of('act')).toHaveLength(1)
    expect($('#case-action-submit')).toBeTruthy()

    onAct = () => (current = detail({ state: 'grid_claimed', stateLabel: '网格办理中', version: 3 }, []))
    await click('#case-action-submit')
    expect(of('act').map((p) => p.expectedVersion)).toEqual([1, 2])
    expect(toasts).toEqual([STALE_REFRESHED, '「认领」已完成'])
    expect(text()).toContain('网格办理中')
  })

  it('other refusals keep showing the server message', async () => {
    current = detail({}, [{ action: 'claim', label: '认领' }])
    await mountCase()
    onAct = () => {
      throw new cloud.ApiError('FORBIDDEN_ROLE', '您没有处理事项的岗位')
    }
    await click('#case-action-claim')
    await click('#case-action-submit')
    expect(toasts).toEqual(['您没有处理事项的岗位'])
    expect(of('get')).toHaveLength(2)
  })
})
