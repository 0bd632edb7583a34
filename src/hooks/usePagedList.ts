import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { ListStatus } from '../components/ListState'
import { errorMessage, toastError } from '../utils/feedback'

export interface PageResult<T> {
  items: T[]
  nextCursor: string | null
}

type ItemOf<P extends PageResult<unknown>> = P['items'][number]

interface ListData<P extends PageResult<unknown>> {
  items: ItemOf<P>[]
  /** The latest first-page reply (carries extras such as an inbox's counts). */
  first: P | null
  nextCursor: string | null
  status: ListStatus
  errorText?: string
  loadingMore: boolean
}

/**
 * A cursor-paginated list bound to the page: loads when `deps` change, refreshes on pull-down and
 * when the page shows again (e.g. back from a case), loads more at the bottom or on demand.
 */
export function usePagedList<P extends PageResult<unknown>>(fetchPage: (cursor?: string) => Promise<P>, deps: unknown[]) {
  const [data, setData] = useState<ListData<P>>({ items: [], first: null, nextCursor: null, status: 'loading', loadingMore: false })
  const fetchRef = useRef(fetchPage)
  fetchRef.current = fetchPage
  const seq = useRef(0)
  const hidden = useRef(false)
  const dataRef = useRef(data)
  dataRef.current = data

  /** quiet: keep what is shown while refreshing; a failure then only shows a toast. */
  const reload = useCallback(async (quiet = false) => {
    const id = ++seq.current
    // `first` stays until the new reply arrives, so extras (counts, title) do not flicker.
    if (!quiet) setData((d) => ({ ...d, items: [], nextCursor: null, status: 'loading', loadingMore: false }))
    try {
      const page = await fetchRef.current(undefined)
      if (id !== seq.current) return
      setData({ items: page.items, first: page, nextCursor: page.nextCursor, status: page.items.length ? 'ready' : 'empty', loadingMore: false })
    } catch (err) {
      if (id !== seq.current) return
      if (quiet && dataRef.current.status !== 'error' && dataRef.current.status !== 'loading') toastError(err)
      else setData((d) => ({ ...d, items: [], status: 'error', errorText: errorMessage(err), loadingMore: false }))
    }
  }, [])

  const loadMore = useCallback(async () => {
    const { nextCursor, loadingMore } = dataRef.current
    if (!nextCursor || loadingMore) return
    const id = seq.current
    setData((d) => ({ ...d, loadingMore: true }))
    try {
      const page = await fetchRef.current(nextCursor)
      if (id !== seq.current) return
      setData((d) => ({ ...d, items: [...d.items, ...page.items], nextCursor: page.nextCursor, loadingMore: false }))
    } catch (err) {
      if (id !== seq.current) return
      setData((d) => ({ ...d, loadingMore: false }))
      toastError(err)
    }
  }, [])

  useEffect(() => {
    void reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)

  useDidHide(() => {
    hidden.current = true
  })
  useDidShow(() => {
    if (!hidden.current) return
    hidden.current = false
    void reload(true)
  })
  usePullDownRefresh(() => {
    void reload(true).finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void loadMore()
  })

  return { ...data, reload, loadMore }
}
