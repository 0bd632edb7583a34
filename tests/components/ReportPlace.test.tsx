// The 随手拍 form's place and matter-type helpers: a QR place code on entry, the classifier's chips,
// 使用当前位置, and the nearest-grid helper. Only callFunction (our typed client) and the Taro APIs
// the page calls (getCurrentInstance for the router, getLocation) are replaced.
import Taro from '@tarojs/taro'
import TestUtils from '@tarojs/test-utils-react'
import * as cloud from '../../src/services/cloud'
import Report from '../../src/pages/report/index'
import { sceneCode } from '../../src/pages/report/place'
import { nearestGrid } from '../../src/utils/location'
import { subscribeTemplateIds } from '../../src/pages/report/subscribe'
import { countyInfo as county } from './countyInfo'

type Call = [string, string, Record<string, unknown>]
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const point = county.qrPoints.find((p) => p.code === 'pt-fm-b3')!
const matterName = (code: string) => county.matterTypes.find((m) => m.code === code)!.name
const allGrids = county.townships.flatMap((t) => t.communities.flatMap((c) => c.grids))

describe('nearest grid from config.county (utils/location) and the scene code (pages/report/place)', () => {
  it('picks the grid whose centre is nearest', () => {
    for (const g of allGrids.slice(0, 5)) {
      expect(nearestGrid(county, { lat: g.center.lat + 0.0001, lng: g.center.lng - 0.0001 })?.code).toBe(g.code)
    }
    expect(nearestGrid(county, { lat: point.lat, lng: point.lng })?.distance).toBeGreaterThanOrEqual(0)
  })

  it('has no answer without grids', () => {
    expect(nearestGrid({ ...county, townships: [] }, { lat: 29.7, lng: 116 })).toBeNull()
  })

  it('reads a scene as a QR point code', () => {
    expect(sceneCode('pt-fm-b3')).toBe('pt-fm-b3')
    expect(sceneCode('p%3Dpt-fm-b3')).toBe('pt-fm-b3')
    expect(sceneCode('p=pt-fm-b3')).toBe('pt-fm-b3')
    expect(sceneCode('')).toBeNull()
    expect(sceneCode('x'.repeat(33))).toBeNull()
    expect(sceneCode('富民')).toBeNull()
  })

  it('takes subscribe template ids from the build constant, at most 3', () => {
    expect(subscribeTemplateIds('{}')).toEqual([])
    expect(subscribeTemplateIds(undefined)).toEqual([])
    expect(subscribeTemplateIds('not json')).toEqual([])
    expect(subscribeTemplateIds('{"a":"t1","b":"t2","c":"t3","d":"t4"}')).toEqual(['t1', 't2', 't3'])
  })
})

describe('report form place and type (pages/report)', () => {
  let testUtils: TestUtils
  let calls: Call[]
  let scene: string | undefined

  beforeEach(() => {
    Taro.clearStorageSync()
    calls = []
    scene = undefined
    jest.spyOn(cloud, 'callFunction').mockImplementation((async (name: string, action: string, payload: Record<string, unknown>) => {
      calls.push([name, action, payload])
      if (name === 'config' && action === 'county') return county
      if (name === 'cases' && action === 'submit') return { caseId: 'c-new', no: '20260302-ABCDEF', created: true }
      if (name === 'cases' && action === 'suggest') {
        const candidates = ['fire_lane_blocked', 'road_pothole', 'garbage_overflow'].filter((c) => county.matterTypes.some((m) => m.code === c))
        return { matterType: candidates[0], confidence: 0.6, lowConfidence: false, candidates: candidates.map((c) => ({ matterType: c, score: 0.3, name: matterName(c) })) }
      }
      throw new cloud.ApiError('UNEXPECTED', `unexpected call ${name}.${action}`)
    }) as typeof cloud.callFunction)
    const real = Taro.getCurrentInstance.bind(Taro)
    jest.spyOn(Taro, 'getCurrentInstance').mockImplementation(() => {
      const instance = real()
      if (!scene) return instance
      const router = { path: '/pages/report/index', onReady: '', onHide: '', onShow: '', shareTicket: undefined, scene: undefined, ...instance?.router, params: { scene } }
      return { ...instance, router } as Taro.getCurrentInstance.Current
    })
    testUtils = new TestUtils()
  })

  afterEach(() => {
    testUtils.unmout()
    jest.restoreAllMocks()
  })

  const submits = () => calls.filter(([name, action]) => name === 'cases' && action === 'submit').map(([, , payload]) => payload)
  const suggests = () => calls.filter(([name, action]) => name === 'cases' && action === 'suggest').map(([, , payload]) => payload)
  const wait = (ms = 0) => testUtils.act(async () => new Promise((resolve) => setTimeout(resolve, ms)))

  async function mountForm() {
    await testUtils.act(async () => {
      await testUtils.mount(Report)
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
    await testUtils.queries.waitForQuerySelector('#report-grid, .report__place .option-picker')
    await testUtils.queries.waitForQuerySelector('#report-text textarea')
    await wait()
  }

  async function click(el: Element | null) {
    expect(el).toBeTruthy()
    // Async act: handlers that await a Taro API (getLocation) settle inside it.
    await testUtils.act(async () => {
      testUtils.fireEvent.click(el as Element)
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
  }

  async function typeText(value: string) {
    const textarea = document.querySelector('#report-text textarea') as HTMLTextAreaElement
    await testUtils.act(() => {
      textarea.value = value
      testUtils.fireEvent.input(textarea)
    })
    await wait()
  }

  it('prefills place, grid and quick-pick types from a QR scene and sends channel qrcode', async () => {
    scene = encodeURIComponent('pt-fm-b3')
    await mountForm()

    expect(document.querySelector('#report-place')?.textContent).toContain(point.name)
    const gridName = allGrids.find((g) => g.code === point.grid)!.name
    expect(document.querySelector('#report-grid')?.textContent).toContain(gridName)
    const chips = Array.from(document.querySelectorAll('#report-qr-types .quick-chips__chip')).map((el) => el.textContent)
    expect(chips).toEqual(point.suggestedMatterTypes.map(matterName))

    await click(document.querySelector(`#report-qr-types-${point.suggestedMatterTypes[0]}`))
    await typeText('消防通道被电动车堵住了')
    await click(document.querySelector('#report-submit'))
    expect(submits()).toEqual([
      expect.objectContaining({
        grid: point.grid,
        matterType: point.suggestedMatterTypes[0],
        channel: 'qrcode',
        qrPoint: 'pt-fm-b3',
        place: { lat: point.lat, lng: point.lng, address: point.name, qrPoint: 'pt-fm-b3' },
      }),
    ])
  })

  it('says so when the scene is unknown, and the form still works', async () => {
    scene = 'pt-nowhere'
    await mountForm()
    expect(document.querySelector('#report-place-notice')?.textContent).toContain('没有找到这个二维码对应的地点')
    expect(document.querySelector('#report-place')).toBeNull()
    expect(document.querySelector('#report-qr-types')).toBeNull()
  })

  it('offers the classifier’s top 3 as chips; a tap sets the matter type in the payload', async () => {
    await mountForm()
    await typeText('消防通道被电动车堵住了')
    await wait(700)
    expect(suggests()).toEqual([{ text: '消防通道被电动车堵住了' }])
    const chips = Array.from(document.querySelectorAll('#report-suggest .quick-chips__chip'))
    expect(chips.map((el) => el.textContent)).toEqual(expect.arrayContaining([`可能是：${matterName('fire_lane_blocked')}`]))
    expect(chips.length).toBeLessThanOrEqual(3)

    await click(document.querySelector('#report-suggest-fire_lane_blocked'))
    expect(document.querySelector('#report-suggest')).toBeNull()
    expect(document.querySelector('#report-matter')?.textContent).toContain(matterName('fire_lane_blocked'))

    // Choose the grid via 使用当前位置 (the browser's geolocation, replaced here).
    const g = allGrids[2]
    jest.spyOn(Taro, 'getLocation').mockResolvedValue({ latitude: g.center.lat, longitude: g.center.lng } as Taro.getLocation.SuccessCallbackResult)
    await click(document.querySelector('#report-locate'))
    await wait()
    expect(document.querySelector('#report-grid')?.textContent).toContain(g.name)

    await click(document.querySelector('#report-submit'))
    expect(submits()).toEqual([
      expect.objectContaining({ matterType: 'fire_lane_blocked', grid: g.code, channel: 'miniprogram', place: expect.objectContaining({ lat: g.center.lat, lng: g.center.lng }) }),
    ])
    expect(submits()[0]).not.toHaveProperty('qrPoint')
  })

  it('explains a refused location in Chinese and keeps the grid list', async () => {
    jest.spyOn(Taro, 'getLocation').mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    await mountForm()
    await click(document.querySelector('#report-locate'))
    await wait()
    expect(document.querySelector('#report-place-notice')?.textContent).toContain('没有获得位置权限')
    expect(document.querySelector('.report__place .option-picker, #report-grid')).toBeTruthy()
  })
})
