import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { devPhoneCode, type PhoneAuthMode } from './phone'

export const PHONE_GRANTED_TEXT = '已授权手机号（提交后仅处理网格员可见完整号码）'

interface Props {
  mode: PhoneAuthMode
  /** The one-time code from WeChat (or the H5 demo's devPhoneCode()), null while none is given. */
  code: string | null
  anonymous: boolean
  onChange: (code: string | null) => void
}

/**
 * Optional phone number for a report: WeChat's getPhoneNumber button yields a one-time code that the
 * server exchanges on submit. Anonymous reports carry no phone (the page clears the code when the switch
 * turns on). No input field: a typed number is never accepted.
 */
export function PhoneAuth({ mode, code, anonymous, onChange }: Props) {
  const [notice, setNotice] = useState('')
  if (mode === 'none') return null

  const onGetPhoneNumber = (e: { detail?: { code?: string; errMsg?: string } }) => {
    const got = e.detail?.code
    if (got) {
      setNotice('')
      onChange(got)
    } else {
      // Refused, or an account that cannot use the API: the report goes ahead without a phone.
      setNotice('没有授权手机号也可以提交，处理人员会在“我的反映”里回复您')
    }
  }

  return (
    <View id='report-phone' className='card report__phone'>
      <View className='report__phone-text'>
        <Text>联系电话（选填）</Text>
        {anonymous ? (
          <Text id='report-phone-anonymous' className='hint'>匿名反映不留手机号</Text>
        ) : code ? (
          <Text id='report-phone-granted' className='report__phone-granted'>{PHONE_GRANTED_TEXT}</Text>
        ) : (
          <Text className='hint'>用微信绑定的手机号，网格员需要时可以联系您</Text>
        )}
      </View>
      {anonymous ? null : code ? (
        <Button id='report-phone-clear' className='report__phone-button' size='large' fill='outline' onClick={() => onChange(null)}>
          不留手机号
        </Button>
      ) : mode === 'wechat' ? (
        <Button id='report-phone-button' className='report__phone-button' size='large' fill='outline' type='primary' openType='getPhoneNumber' onGetPhoneNumber={onGetPhoneNumber}>
          授权手机号
        </Button>
      ) : (
        <Button id='report-phone-button' className='report__phone-button' size='large' fill='outline' type='primary' onClick={() => onChange(devPhoneCode())}>
          授权手机号（演示）
        </Button>
      )}
      {notice && !code && !anonymous ? (
        <Text id='report-phone-notice' className='report__notice'>
          {notice}
        </Text>
      ) : null}
    </View>
  )
}
