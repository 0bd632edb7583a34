import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { toast } from '../../utils/feedback'
import './index.scss'

/** Bump when what is collected changes, so everyone reads the notice again. */
export const PRIVACY_KEY = 'privacy.agreed'
const PRIVACY_VERSION = '1'
const AGREE_BUTTON_ID = 'privacy-agree'

type Resolve = Parameters<Parameters<typeof Taro.onNeedPrivacyAuthorization>[0]>[0]

/** WeChat's pending privacy request (weapp), and the notices waiting for it, by page. */
let pendingResolve: Resolve | null = null
const shownOn = new Map<string, () => void>()
let listening = false

const pagePath = (path: string | undefined) => (path ?? '').split('?')[0].replace(/^\//, '')

export function hasAgreed(): boolean {
  try {
    return Taro.getStorageSync(PRIVACY_KEY) === PRIVACY_VERSION
  } catch {
    return false
  }
}

/**
 * Weapp: answer WeChat's privacy check with our own notice instead of its dialog. The notice on the
 * page in front shows up with the agree button; a page without one cannot ask, so the call is declined.
 */
function listenForPrivacyRequests() {
  if (listening || process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  listening = true
  Taro.onNeedPrivacyAuthorization((resolve) => {
    const pages = Taro.getCurrentPages()
    const show = shownOn.get(pagePath(pages[pages.length - 1]?.route))
    if (!show) {
      resolve({ event: 'disagree' })
      toast('请先在首页阅读并同意隐私说明')
      return
    }
    pendingResolve = resolve
    resolve({ event: 'exposureAuthorization' })
    show()
  })
}

export interface PrivacyNoticeProps {
  /** Show only when WeChat asks for consent on this page (not as the first-run card). */
  onlyWhenAsked?: boolean
}

/**
 * What is collected and why, in plain words, with one big 同意并继续 button. An inline card at the
 * top of the page (no pop-up); once agreed it is remembered and not shown again.
 */
export function PrivacyNotice({ onlyWhenAsked }: PrivacyNoticeProps) {
  const [visible, setVisible] = useState(() => !onlyWhenAsked && !hasAgreed())

  useEffect(() => {
    listenForPrivacyRequests()
    const page = pagePath(Taro.getCurrentInstance().router?.path)
    shownOn.set(page, () => setVisible(true))
    return () => {
      shownOn.delete(page)
    }
  }, [])

  if (!visible) return null

  const agree = () => {
    try {
      Taro.setStorageSync(PRIVACY_KEY, PRIVACY_VERSION)
    } catch {
      // Not remembered: the notice shows again next time, nothing worse.
    }
    pendingResolve?.({ event: 'agree', buttonId: AGREE_BUTTON_ID })
    pendingResolve = null
    setVisible(false)
  }
  const weapp = process.env.TARO_ENV === 'weapp'

  return (
    <View className='card privacy-notice' id='privacy-notice'>
      <Text className='privacy-notice__title'>用前请看：我们会用到哪些信息</Text>
      <Text className='privacy-notice__item'>· 位置：把问题转给负责那一片的网格员。不给位置，也可以自己选网格。</Text>
      <Text className='privacy-notice__item'>· 照片：让处理的人看清是什么问题。</Text>
      <Text className='privacy-notice__item'>· 手机号（可不填）：工作人员需要时给您回电话。</Text>
      <Text className='privacy-notice__item'>· 可以匿名反映：处理的人看不到您是谁。</Text>
      <Text className='privacy-notice__item'>· 这些信息由县（区）政府保存，只用来处理您反映的问题。</Text>
      <Button
        id={AGREE_BUTTON_ID}
        className='privacy-notice__agree'
        openType='agreePrivacyAuthorization'
        {...(weapp ? { onAgreePrivacyAuthorization: agree } : { onClick: agree })}
      >
        同意并继续
      </Button>
      {weapp && typeof Taro.openPrivacyContract === 'function' ? (
        <Text className='privacy-notice__link' onClick={() => Taro.openPrivacyContract()}>
          查看完整的隐私保护指引
        </Text>
      ) : null}
    </View>
  )
}

export default PrivacyNotice
