import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'

const STORAGE_KEY = 'ui.largeText'
/** WeChat's default font setting is 17; from 20 on the user has asked for bigger text. */
const SYSTEM_LARGE_FONT = 20

function attempt<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}

/** The user's own choice if saved, else WeChat's font-size setting. */
export function readLargeText(): boolean {
  const saved: unknown = attempt(() => Taro.getStorageSync(STORAGE_KEY))
  if (saved === '1') return true
  if (saved === '0') return false
  // WeChat returns fontSizeSetting from getAppBaseInfo; Taro's typings only list it on getSystemInfoSync.
  const fontSize = attempt(() => (Taro.getAppBaseInfo() as { fontSizeSetting?: number }).fontSizeSetting)
  return typeof fontSize === 'number' && fontSize >= SYSTEM_LARGE_FONT
}

export function saveLargeText(on: boolean): void {
  attempt(() => Taro.setStorageSync(STORAGE_KEY, on ? '1' : '0'))
}

/** Large-text (elderly) mode, re-read whenever the page shows so a change on one page reaches the others. */
export function useLargeText(): [boolean, (on: boolean) => void] {
  const [largeText, setLargeText] = useState(readLargeText)
  useDidShow(() => setLargeText(readLargeText()))
  const update = useCallback((on: boolean) => {
    saveLargeText(on)
    setLargeText(on)
  }, [])
  return [largeText, update]
}
