// 一键报隐患: one tap on a hazard → camera → location → cases.submit, with the nearest grid.
// Replaced: the camera and location (Taro.chooseMedia / getLocation) and our typed client's callFunction / uploadFile.
import Taro from '@tarojs/taro'
import TestUtils from '@tarojs/test-utils-react'
import * as cloud from '../../src/services/cloud'
import Hazard from '../../src/pages/hazard/index'
import { countyInfo as county } from './countyInfo'

type Call = [string, string, Record<string, unknown>]
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const township = county.townships[0]
const grid = township.communities[0].grids[township.communities[0].grids.length - 1]
const FILE_ID = 'cloud://env-test/reports/2026-11/photo.jpg'

/** Taro's H5 API object may lack a method in jsdom: make sure there is one to spy on. */
function spyTaro<K extends keyof typeof Taro>(name: K) {
  if (typeof Taro[name] !== 'function') (Taro as unknown as Record<string, unknown>)[name as string] = () => undefined
  return jest.spyOn(Taro, name as never) as unknown as jest.SpyInstance
}

describe('one-tap hazard report (pages/hazard)', () => {
  let testUtils: TestUtils
  let calls: Call[]
  let getLocation: jest.SpyInstance
  let redirectTo: jest.SpyInstance

  beforeEach(() => {
    Taro.clearStorageSync()
    calls = []
    jest.spyOn(cloud, 'callFunction').mockImplementation((async (name: string, action: string, payload: Record<string, unknown>) => {
      calls.push([name, action, payload])
      if (name === 'config' && action === 'county') return county
      if (name === 'cases' && action === 'submit') return { caseId: 'c-hazard', no: '20261123-HAZARD', created: true }
      throw new cloud.ApiError('UNEXPECTED', `unexpected call ${name}.${action}`)
    }) as typeof cloud.callFunction)
    jest.spyOn(cloud, 'uploadFile').mockResolvedValue(FILE_ID)
    spyTaro('chooseMedia').mockResolvedValue({ type: 'image', tempFiles: [{ tempFilePath: 'blob:photo-1', size: 1000, fileType: 'image' }] })
    // A little off the grid's centre.
    getLocation = spyTaro('getLocation').mockResolvedValue({ latitude: grid.center.lat + 0.0003, longitude: grid.center.lng - 0.0002, accuracy: 20 })
    redirectTo = spyTaro('redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' })
    testUtils = new TestUtils()
  })

  afterEach(() => {
    testUtils.unmout()
    jest.restoreAllMocks()
  })

  const submits = () => calls.filter(([name, action]) => name === 'cases' && action === 'submit').map(([, , payload]) => payload)

  async function mountPage() {
    await testUtils.act(async () => {
      await testUtils.mount(Hazard)
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
    await testUtils.queries.waitForQuerySelector('#hazard-fire_lane_blocked')
  }

  async function click(el: Element | null | undefined) {
    expect(el).toBeTruthy()
    // The tap starts camera → upload and location → submit: let all of it land inside act.
    await testUtils.act(async () => {
      testUtils.fireEvent.click(el as Element)
      for (let i = 0; i < 6; i++) await new Promise((resolve) => setTimeout(resolve, 0))
    })
  }

  const row = (label: string) =>
    Array.from(document.querySelectorAll('.option-picker__label'))
      .find((el) => el.textContent === label)
      ?.closest('.option-picker__row')

  it('lists the urgent hazards as big buttons, fire lanes first', async () => {
    await mountPage()
    const buttons = Array.from(document.querySelectorAll('.hazard__button'))
    const urgent = county.matterTypes.filter((m) => m.urgentEligible)
    expect(buttons).toHaveLength(urgent.length)
    expect(buttons[0].id).toBe('hazard-fire_lane_blocked')
    expect(buttons[0].textContent).toContain('消防通道')
  })

  it('one tap: takes a photo, finds the nearest grid and submits', async () => {
    await mountPage()
    await click(document.querySelector('#hazard-fire_lane_blocked'))

    expect(Taro.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 1, sourceType: ['camera'], mediaType: ['image'] }))
    expect(getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }))
    expect(cloud.uploadFile).toHaveBeenCalledWith('blob:photo-1', expect.stringMatching(/^reports\//))
    expect(submits()).toEqual([
      expect.objectContaining({
        matterType: 'fire_lane_blocked',
        grid: grid.code,
        photos: [FILE_ID],
        channel: 'miniprogram',
        text: expect.stringMatching(/^随手拍：占用、堵塞消防通道/),
        clientRequestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      }),
    ])
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/case/index?id=c-hazard' })
  })

  it('asks for the grid when location is refused, then submits with it', async () => {
    getLocation.mockRejectedValue(new Error('getLocation:fail auth deny'))
    await mountPage()
    await click(document.querySelector('#hazard-manhole_cover'))

    expect(submits()).toHaveLength(0)
    expect(document.body.textContent).toContain('没能根据位置确定网格')
    await click(row(township.name))
    await click(row(grid.name))
    await click(document.querySelector('#hazard-submit'))

    expect(submits()).toEqual([expect.objectContaining({ matterType: 'manhole_cover', grid: grid.code, photos: [FILE_ID] })])
    expect(submits()[0]).not.toHaveProperty('place')
  })

  it('sends nothing when the camera is closed', async () => {
    ;(Taro.chooseMedia as unknown as jest.SpyInstance).mockRejectedValue(new Error('chooseMedia:fail cancel'))
    await mountPage()
    await click(document.querySelector('#hazard-fire_lane_blocked'))
    expect(cloud.uploadFile).not.toHaveBeenCalled()
    expect(submits()).toHaveLength(0)
    expect(document.querySelector('#hazard-fire_lane_blocked')).toBeTruthy()
  })
})
