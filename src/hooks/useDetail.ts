import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { errorMessage, toast, toastError } from '../utils/feedback'

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

  /** quiet: keep what is shown; a failure then only shows a toast. */
  const load = useCallback(async (quiet = false) => {
    if (!quiet) setErrorText('')
    try {
      setDetail(await fetchRef.current())
      setErrorText('')
    } catch (err) {
      if (quiet) toastError(err)
      else setErrorText(errorMessage(err))
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
   * Runs an action the server offered on this record: its reply is the new record. On failure (e.g.
   * 已被他人处理) the message is shown and the record reloaded. Resolves whether it succeeded.
   */
  const perform = useCallback(
    async (label: string, send: () => Promise<T>): Promise<boolean> => {
      try {
        setDetail(await send())
        toast(`「${label}」已完成`)
        return true
      } catch (err) {
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
