// How this build lets a resident share a phone number with a report (issue 5). Never typed in: only
// WeChat's getPhoneNumber button, whose one-time code the cases function exchanges (cases.submit phoneCode).
import { randomToken } from '../../utils/format'

/** The demo number the H5 demo button stands for. */
export const DEV_PHONE_NUMBER = '13800138000'

/**
 * The code the H5 demo build sends instead of WeChat's: H5 has no phone-number API, so a dev/demo build
 * (dev sign-in on, TARO_APP_DEV_LOGIN=1) offers a button producing a code that only the local CloudBase
 * twin's phonenumber.getPhoneNumber accepts (twin/openapi/phonenumber.ts: `twin-phone-<number>-<tag>` →
 * that number). Codes are single-use there as on WeChat, hence a fresh tag per tap. A production H5
 * build offers no phone button; real CloudBase refuses such a code anyway (errcode 40029).
 */
export function devPhoneCode(): string {
  return `twin-phone-${DEV_PHONE_NUMBER}-${randomToken(10)}`
}

/** 'wechat': the real button; 'dev': the H5 demo button (devPhoneCode); 'none': no phone option. */
export type PhoneAuthMode = 'wechat' | 'dev' | 'none'

/** Read at render time (build constants in Taro builds; process.env in component tests). */
export function phoneAuthMode(): PhoneAuthMode {
  if (process.env.TARO_ENV === 'weapp') return 'wechat'
  return process.env.TARO_APP_DEV_LOGIN === '1' ? 'dev' : 'none'
}
