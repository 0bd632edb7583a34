import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { ApiError } from '../services/cloud'
import { errorMessage, toast, toastError } from '../utils/feedback'

/** Shown when an action was refused because the record changed since the page loaded (STALE_VERSION). */
export const STALE_REFRESHED = '内容刚有更新，已为您刷新，请确认后再操作'

/**
 * One record bound to the page (a case, a whistle): loads when `key` changes, refreshes quietly on
 * pull-down and when the page shows again (e.g. back from a linked page).
 */
export function useDetail<T>(fetch: () => Promise<T>, key: string) {
  const [detail, setDetail] = useState<T | null>(null)
  const [errorText, setErrorText] = useState('')
  const hidden = useRef(false)
  const fetchRef = useRef(fetch)
  fetchRef.current = fetch

  /** quiet: keep what is shown; a failure then only shows a toast. Resolves whether it loaded. */
  const load = useCallback(async (quiet = false): Promise<boolean> => {
    if (!quiet) setErrorText('')
    try {
      setDetail(await fetchRef.current())
      setErrorText('')
      return true
    } catch (err) {
      if (quiet) toastError(err)
      else setErrorText(errorMessage(err))
      return false
    }
  }, [])

  useEffect(() => {
    setDetail(null)
    void load()
  }, [key, load])
  useDidHide(() => {
    hidden.current = true
  })
  useDidShow(() => {
    if (!hidden.current) return
    hidden.current = false
    void load(true)
  })
  usePullDownRefresh(() => {
    void load(true).finally(() => Taro.stopPullDownRefresh())
  })

  /**
   * Runs an action the server offered on this record: its reply is the new record. On failure the
   * message is shown and the record reloaded. STALE_VERSION (someone else or the system — e.g. a photo
   * verdict — changed the record since it was shown) only reloads and says so: the action is not retried,
   * because the reloaded record may no longer offer it. Resolves whether it succeeded.
   */
  const perform = useCallback(
    async (label: string, send: () => Promise<T>): Promise<boolean> => {
      try {
        setDetail(await send())
        toast(`「${label}」已完成`)
        return true
      } catch (err) {
        if (err instanceof ApiError && err.code === 'STALE_VERSION') {
          if (await load(true)) toast(STALE_REFRESHED)
          return false
        }
        toastError(err)
        await load(true)
        return false
      }
    },
    [load],
  )

  return { detail, setDetail, errorText, load, perform }
}

export default useDetail
