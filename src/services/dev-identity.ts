// The development sign-in identity (H5 demo builds only). Production weapp builds never read it.
import Taro from '@tarojs/taro';

const KEY = 'shaosheng.devOpenid';

export const devIdentity = {
  enabled: process.env.TARO_APP_DEV_LOGIN === '1',
  get(): string {
    if (!devIdentity.enabled) return '';
    try {
      return (Taro.getStorageSync(KEY) as string) || '';
    } catch {
      return '';
    }
  },
  set(openid: string): void {
    if (devIdentity.enabled) Taro.setStorageSync(KEY, openid);
  },
  clear(): void {
    Taro.removeStorageSync(KEY);
  },
};
