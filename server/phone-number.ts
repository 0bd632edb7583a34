// The reporter's phone number comes only from WeChat (issue 5 §1): the mini-program's
// <Button openType="getPhoneNumber"> yields a one-time code, exchanged here through
// openapi.phonenumber.getPhoneNumber. A typed number is never accepted (submitCaseInput has no such field).
import { DomainError } from '../domain/errors';
import { sdk } from './sdk';

/** errcode 40029 = the code is wrong, expired (5 min) or already used. */
const INVALID_CODE = 40029;

export async function exchangePhoneCode(code: string): Promise<string> {
  let res: { phoneInfo?: { purePhoneNumber?: string; phoneNumber?: string; countryCode?: string } };
  try {
    res = (await sdk().openapi.phonenumber.getPhoneNumber({ code })) as typeof res;
  } catch (err) {
    const errCode = (err as { errCode?: number }).errCode;
    if (errCode === INVALID_CODE) throw new DomainError('PHONE_CODE_INVALID', '手机号授权已失效或已使用，请重新点击「授权手机号」按钮，或不留手机号直接提交');
    console.warn('getPhoneNumber failed', errCode, (err as Error).message);
    throw new DomainError('PHONE_CODE_INVALID', '暂时无法获取手机号，请稍后重试，或不留手机号直接提交');
  }
  const phone = res.phoneInfo?.purePhoneNumber ?? res.phoneInfo?.phoneNumber;
  if (!phone || !/^\+?[\d-]{5,20}$/.test(phone)) throw new DomainError('PHONE_CODE_INVALID', '未能获取手机号，请重新授权，或不留手机号直接提交');
  return phone;
}
