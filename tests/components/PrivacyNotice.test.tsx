// First-run privacy notice: shown until 同意并继续, then remembered and not shown again.
import Taro from '@tarojs/taro'
import TestUtils from '@tarojs/test-utils-react'
import { PRIVACY_KEY, PrivacyNotice } from '../../src/components/PrivacyNotice'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

describe('privacy notice (components/PrivacyNotice)', () => {
  let testUtils: TestUtils

  beforeEach(() => {
    Taro.clearStorageSync()
    testUtils = new TestUtils()
  })

  afterEach(() => {
    testUtils.unmout()
  })

  async function mount(props = {}) {
    await testUtils.act(async () => {
      await testUtils.mount(PrivacyNotice, { props })
    })
  }

  it('explains what is collected and why, and is shown once', async () => {
    await mount()
    const text = document.body.textContent ?? ''
    for (const word of ['位置', '照片', '手机号', '匿名', '政府保存']) expect(text).toContain(word)

    await testUtils.act(() => {
      testUtils.fireEvent.click(document.querySelector('#privacy-agree') as Element)
    })
    expect(document.querySelector('#privacy-notice')).toBeNull()
    expect(Taro.getStorageSync(PRIVACY_KEY)).toBeTruthy()

    // Opening home again: remembered.
    testUtils.unmout()
    testUtils = new TestUtils()
    await mount()
    expect(document.querySelector('#privacy-notice')).toBeNull()
  })

  it('stays out of the way where it only answers WeChat', async () => {
    await mount({ onlyWhenAsked: true })
    expect(document.querySelector('#privacy-notice')).toBeNull()
  })
})
