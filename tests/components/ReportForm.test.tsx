// The 随手拍 report form: validation before submit, the draft kept in storage, and what is sent.
// Only the transport boundary is replaced: callFunction from src/services/cloud (our own typed client).
import Taro from '@tarojs/taro'
import { ApiError } from '../../src/services/cloud'
import { DRAFT_KEY, type ReportDraft } from '../../src/pages/report/draft'
import { grid, township, useReportForm } from './reportFormHarness'

describe('report form (pages/report)', () => {
  const { submits, text, mountForm, click, typeText, chooseGrid, submitButton, setSubmitReply } = useReportForm()

  it('explains in Chinese what is missing and sends nothing', async () => {
    await mountForm()
    await click(submitButton())

    expect(text()).toContain('请至少写5个字，说清楚问题')
    expect(text()).toContain('请选择问题所在的网格')
    expect(submits()).toHaveLength(0)

    // Four characters are still too few; choosing the grid clears its message.
    await typeText('井盖丢了')
    await chooseGrid()
    expect(text()).toContain('请至少写5个字，说清楚问题')
    expect(text()).not.toContain('请选择问题所在的网格')
    await click(submitButton())
    expect(submits()).toHaveLength(0)
  })

  it('restores the kept draft when the page opens again', async () => {
    const draft: ReportDraft = {
      clientRequestId: 'rkeptdraft0001',
      text: '小区门口井盖丢了，晚上很危险',
      grid: grid.code,
      matterType: null,
      anonymous: true,
      photos: [],
    }
    Taro.setStorageSync(DRAFT_KEY, draft)
    await mountForm()

    expect((document.querySelector('#report-text textarea') as HTMLTextAreaElement).value).toBe(draft.text)
    expect(document.querySelector('#report-grid')?.textContent).toContain(`${township.name} · ${grid.name}`)
    expect(document.querySelector('#report-anonymous')?.getAttribute('aria-checked')).toBe('true')

    // Sending it uses the draft's request id, then forgets the draft.
    await click(submitButton())
    expect(submits()).toEqual([expect.objectContaining({ clientRequestId: 'rkeptdraft0001', text: draft.text, grid: grid.code, anonymous: true })])
    expect(Taro.getStorageSync(DRAFT_KEY)).toBeFalsy()
  })

  it('keeps what is typed in storage as it is entered', async () => {
    await mountForm()
    await typeText('路灯不亮，晚上看不清路')
    await chooseGrid()

    const kept = Taro.getStorageSync(DRAFT_KEY) as ReportDraft
    expect(kept.text).toBe('路灯不亮，晚上看不清路')
    expect(kept.grid).toBe(grid.code)
    expect(kept.clientRequestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
  })

  it('sends the anonymous choice with the report', async () => {
    await mountForm()
    await typeText('  楼道里堆满杂物，堵住了消防通道  ')
    await chooseGrid()
    expect(document.querySelector('#report-anonymous')?.getAttribute('aria-checked')).toBe('false')
    await click(document.querySelector('#report-anonymous'))
    expect(document.querySelector('#report-anonymous')?.getAttribute('aria-checked')).toBe('true')

    await click(submitButton())
    expect(submits()).toEqual([
      {
        clientRequestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
        text: '楼道里堆满杂物，堵住了消防通道',
        grid: grid.code,
        photos: [],
        anonymous: true,
        channel: 'miniprogram',
      },
    ])
  })

  it('sends not-anonymous unless the switch is turned on', async () => {
    await mountForm()
    await typeText('路边垃圾桶满了三天没人清')
    await chooseGrid()
    await click(submitButton())
    expect(submits()).toEqual([expect.objectContaining({ anonymous: false })])
  })

  it('retries a failed submit with the same request id, so no second case is created', async () => {
    setSubmitReply(async () => {
      throw new ApiError('NETWORK', '网络不稳定，请检查网络后重试')
    })
    await mountForm()
    await typeText('路边垃圾桶满了三天没人清')
    await chooseGrid()
    await click(submitButton())

    // The draft survives the failure.
    const kept = Taro.getStorageSync(DRAFT_KEY) as ReportDraft
    expect(kept.text).toBe('路边垃圾桶满了三天没人清')

    setSubmitReply(async () => ({ caseId: 'c-new', no: '20260302-ABCDEF', created: true }))
    await click(submitButton())
    const [first, second] = submits()
    expect(second.clientRequestId).toBe(first.clientRequestId)
    expect(second.clientRequestId).toBe(kept.clientRequestId)
    expect(Taro.getStorageSync(DRAFT_KEY)).toBeFalsy()
  })
})
