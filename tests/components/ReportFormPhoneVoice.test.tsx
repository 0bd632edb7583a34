// The 随手拍 report form, issue 5: the optional phone number (WeChat's getPhoneNumber code, never a typed
// number; none when anonymous) and hold-to-talk voice input appended to the description.
// The H5 voice path runs against a stand-in for the browser's webkitSpeechRecognition (a browser API, not
// the CloudBase SDK); the WeChat phone button is driven by the `getphonenumber` event WeChat dispatches.
import Taro from '@tarojs/taro'
import { ApiError } from '../../src/services/cloud'
import { DRAFT_KEY } from '../../src/pages/report/draft'
import { PhoneAuth, PHONE_GRANTED_TEXT } from '../../src/pages/report/PhoneAuth'
import { DEV_PHONE_NUMBER } from '../../src/pages/report/phone'
import { useReportForm } from './reportFormHarness'

/** The part of the Web Speech API the page uses, driven by the test. */
class FakeSpeechRecognition {
  static instances: FakeSpeechRecognition[] = []
  lang = ''
  continuous = false
  interimResults = true
  started = false
  stopped = false
  onresult: ((event: unknown) => void) | null = null
  onerror: ((event: { error: string }) => void) | null = null
  onend: (() => void) | null = null

  constructor() {
    FakeSpeechRecognition.instances.push(this)
  }

  start() {
    this.started = true
  }

  stop() {
    this.stopped = true
    this.onend?.()
  }

  /** The browser reports one recognised phrase (final or interim). */
  hear(transcript: string, isFinal = true) {
    const result = Object.assign([{ transcript }], { isFinal })
    this.onresult?.({ resultIndex: 0, results: [result] })
  }
}

type SpeechWindow = { webkitSpeechRecognition?: unknown }

describe('report form: phone number (issue 5)', () => {
  const form = useReportForm()
  const { submits, text, mountForm, click, typeText, chooseGrid, submitButton } = form
  const devLogin = process.env.TARO_APP_DEV_LOGIN

  afterEach(() => {
    if (devLogin === undefined) delete process.env.TARO_APP_DEV_LOGIN
    else process.env.TARO_APP_DEV_LOGIN = devLogin
  })

  const phoneButton = () => document.querySelector('#report-phone-button')

  it('H5 demo build: the demo button gives a one-time twin code, sent as phoneCode and never stored', async () => {
    process.env.TARO_APP_DEV_LOGIN = '1'
    await mountForm()
    expect(phoneButton()).toBeTruthy()
    expect(text()).not.toContain(PHONE_GRANTED_TEXT)
    // No field to type a phone number in.
    expect(document.querySelector('#report-phone input, input[type="tel"], input[type="number"]')).toBeNull()

    await click(phoneButton())
    expect(document.querySelector('#report-phone-granted')?.textContent).toBe('已授权手机号（提交后仅处理网格员可见完整号码）')
    expect(phoneButton()).toBeNull()

    await typeText('小区门口井盖丢了，晚上很危险')
    await chooseGrid()
    // The one-time code lives on the page only (it expires after 5 minutes).
    expect((Taro.getStorageSync(DRAFT_KEY) as Record<string, unknown>).phoneCode).toBeUndefined()
    await click(submitButton())
    // The twin's development code for the demo number (twin/openapi/phonenumber.ts), unique per tap.
    expect(submits()).toEqual([expect.objectContaining({ anonymous: false, phoneCode: expect.stringMatching(new RegExp(`^twin-phone-${DEV_PHONE_NUMBER}-[a-z0-9]{10}$`)) })])
  })

  it('a granted phone can be taken back before sending', async () => {
    process.env.TARO_APP_DEV_LOGIN = '1'
    await mountForm()
    await click(phoneButton())
    await click(document.querySelector('#report-phone-clear'))
    expect(text()).not.toContain(PHONE_GRANTED_TEXT)
    expect(phoneButton()).toBeTruthy()

    await typeText('路边垃圾桶满了三天没人清')
    await chooseGrid()
    await click(submitButton())
    expect(submits()).toHaveLength(1)
    expect(submits()[0]).not.toHaveProperty('phoneCode')
  })

  it('a spent or expired code refused by the server is dropped: grant again or send without', async () => {
    process.env.TARO_APP_DEV_LOGIN = '1'
    form.setSubmitReply(async () => {
      throw new ApiError('PHONE_CODE_INVALID', '手机号授权已失效或已使用，请重新点击「授权手机号」按钮，或不留手机号直接提交')
    })
    await mountForm()
    await click(phoneButton())
    await typeText('小区门口井盖丢了，晚上很危险')
    await chooseGrid()
    await click(submitButton())
    expect(submits()[0]).toHaveProperty('phoneCode')
    expect(text()).not.toContain(PHONE_GRANTED_TEXT)
    expect(phoneButton()).toBeTruthy()

    form.setSubmitReply(async () => ({ caseId: 'c-new', no: '20260302-ABCDEF', created: true }))
    await click(submitButton())
    expect(submits()[1]).not.toHaveProperty('phoneCode')
    expect(submits()[1].clientRequestId).toBe(submits()[0].clientRequestId)
  })

  it('anonymous: no phone button, and turning anonymity on drops a granted phone', async () => {
    process.env.TARO_APP_DEV_LOGIN = '1'
    await mountForm()
    await click(phoneButton())
    expect(text()).toContain(PHONE_GRANTED_TEXT)

    await click(document.querySelector('#report-anonymous'))
    expect(document.querySelector('#report-anonymous')?.getAttribute('aria-checked')).toBe('true')
    expect(phoneButton()).toBeNull()
    expect(text()).not.toContain(PHONE_GRANTED_TEXT)
    expect(document.querySelector('#report-phone-anonymous')?.textContent).toBe('匿名反映不留手机号')

    // Turning anonymity off again does not bring the old code back: the resident must grant again.
    await click(document.querySelector('#report-anonymous'))
    expect(phoneButton()).toBeTruthy()
    await click(document.querySelector('#report-anonymous'))

    await typeText('楼道里堆满杂物，堵住了消防通道')
    await chooseGrid()
    await click(submitButton())
    expect(submits()).toHaveLength(1)
    expect(submits()[0]).toMatchObject({ anonymous: true })
    expect(submits()[0]).not.toHaveProperty('phoneCode')
  })

  it('a production H5 build (no phone API, no dev sign-in) offers no phone option', async () => {
    delete process.env.TARO_APP_DEV_LOGIN
    await mountForm()
    expect(document.querySelector('#report-phone')).toBeNull()
    await typeText('路灯不亮，晚上看不清路')
    await chooseGrid()
    await click(submitButton())
    expect(submits()[0]).not.toHaveProperty('phoneCode')
  })

  describe('WeChat button (weapp)', () => {
    it('takes the code from the getphonenumber event, and explains a refusal', async () => {
      const codes: (string | null)[] = []
      const testUtils = form.testUtils
      const Host = () => <PhoneAuth mode='wechat' code={null} anonymous={false} onChange={(c) => codes.push(c)} />
      await testUtils.act(async () => {
        await testUtils.mount(Host)
      })
      const button = document.querySelector('#report-phone-button')
      expect(button).toBeTruthy()

      // The resident refuses: no code, a plain explanation, the report can still go.
      await form.dispatch(button, new CustomEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } }))
      expect(codes).toEqual([])
      expect(document.querySelector('#report-phone-notice')?.textContent).toContain('没有授权手机号也可以提交')

      await form.dispatch(button, new CustomEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: 'wx-one-time-code' } }))
      expect(codes).toEqual(['wx-one-time-code'])
    })
  })
})

describe('report form: voice input (issue 5, H5 Web Speech API)', () => {
  const { text, mountForm, typeText, textValue, dispatch, inAct } = useReportForm()
  const w = window as unknown as SpeechWindow

  beforeEach(() => {
    FakeSpeechRecognition.instances = []
  })
  afterEach(() => {
    delete w.webkitSpeechRecognition
  })

  const voiceButton = () => document.querySelector('#report-voice')
  const press = () => dispatch(voiceButton(), new Event('pointerdown', { bubbles: true }))
  const release = () => dispatch(voiceButton(), new Event('pointerup', { bubbles: true }))

  it('is hidden where the browser cannot recognise speech', async () => {
    await mountForm()
    expect(voiceButton()).toBeNull()
  })

  it('hold to talk: recognised Chinese text is appended to the description', async () => {
    w.webkitSpeechRecognition = FakeSpeechRecognition
    await mountForm()
    expect(voiceButton()?.textContent).toBe('按住 说话')
    await typeText('小区门口')

    await press()
    const [rec] = FakeSpeechRecognition.instances
    expect(rec).toMatchObject({ started: true, lang: 'zh-CN', interimResults: false })
    expect(voiceButton()?.textContent).toBe('正在听…说完松开')
    expect(voiceButton()?.getAttribute('aria-pressed')).toBe('true')

    // Interim guesses are not written; final phrases are, in order.
    await inAct(() => {
      rec.hear('井盖', false)
      rec.hear('井盖丢了')
      rec.hear('晚上很危险')
    })
    expect(textValue()).toBe('小区门口井盖丢了晚上很危险')

    await release()
    expect(rec.stopped).toBe(true)
    expect(voiceButton()?.textContent).toBe('按住 说话')
    expect(text()).not.toContain('麦克风')
  })

  it('explains a refused microphone in plain Chinese and keeps the text', async () => {
    w.webkitSpeechRecognition = FakeSpeechRecognition
    await mountForm()
    await typeText('路灯不亮')
    await press()
    const [rec] = FakeSpeechRecognition.instances
    await inAct(() => {
      rec.onerror?.({ error: 'not-allowed' })
      rec.onend?.()
    })
    expect(text()).toContain('没有获得麦克风权限，请在浏览器设置里允许使用麦克风')
    expect(textValue()).toBe('路灯不亮')
    expect(voiceButton()?.textContent).toBe('按住 说话')
  })
})
