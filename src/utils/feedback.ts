import Taro from '@tarojs/taro'
import { ApiError } from '../services/cloud'

/** The sentence to show a person for a failure: the server's Chinese message when there is one. */
export function errorMessage(err: unknown): string {
  return err instanceof ApiError ? err.message : '操作没有成功，请稍后再试'
}

/** A short non-blocking notice (no icon, so up to two lines of text fit). */
export function toast(title: string): void {
  void Taro.showToast({ title, icon: 'none', duration: 2500 }).catch(() => undefined)
}

export function toastError(err: unknown): void {
  toast(errorMessage(err))
}
