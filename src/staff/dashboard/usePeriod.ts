import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { AreaRef } from '../../../domain/api/stats'
import { addDays, cstYmd } from '../../../domain/calendar'
import type { Granularity } from '../../../domain/stats'
import { callFunction } from '../../services/cloud'
import { errorMessage } from '../../utils/feedback'

export interface PeriodPreset {
  key: string
  label: string
  from: string
  to: string
  granularity: Granularity
}

/** The periods a leader asks about, ending today (CST). */
export function periodPresets(now = new Date()): PeriodPreset[] {
  const today = cstYmd(now)
  const [y, m] = today.split('-').map(Number)
  const quarterStart = `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`
  return [
    { key: 'month', label: '本月', from: `${today.slice(0, 7)}-01`, to: today, granularity: 'day' },
    { key: 'quarter', label: '本季度', from: quarterStart, to: today, granularity: 'week' },
    { key: 'year', label: '本年', from: `${y}-01-01`, to: today, granularity: 'month' },
    { key: 'last12', label: '近12个月', from: addDays(today, -364), to: today, granularity: 'month' },
  ]
}

/** The areas the caller may look at (stats.areas) and the chosen area and period. */
export function useAreaPeriod() {
  const presets = useMemo(() => periodPresets(), [])
  const [period, setPeriod] = useState(presets[2])
  const [areas, setAreas] = useState<AreaRef[] | null>(null)
  const [area, setArea] = useState<AreaRef | null>(null)
  const [areasError, setAreasError] = useState('')
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    setAreasError('')
    callFunction('stats', 'areas', {})
      .then(({ areas: list }) => {
        setAreas(list)
        setArea((current) => current ?? list[0] ?? null)
      })
      .catch((err) => setAreasError(errorMessage(err)))
  }, [attempt])

  return { presets, period, setPeriod, areas, area, setArea, areasError, retryAreas: () => setAttempt((n) => n + 1) }
}

/** Loads one report for the chosen area and period: reloads when either changes and on pull-down;
 *  `data` is null while loading, `errorText` set when the load failed. */
export function useAreaReport<T>(area: AreaRef | null, period: PeriodPreset, fetch: (area: AreaRef, period: PeriodPreset) => Promise<T>) {
  const [data, setData] = useState<T | null>(null)
  const [errorText, setErrorText] = useState('')
  const fetchRef = useRef(fetch)
  fetchRef.current = fetch
  const load = useCallback(async () => {
    if (!area) return
    setErrorText('')
    try {
      setData(await fetchRef.current(area, period))
    } catch (err) {
      setErrorText(errorMessage(err))
    }
  }, [area, period])
  useEffect(() => {
    setData(null)
    void load()
  }, [load])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })
  return { data, errorText, load }
}
