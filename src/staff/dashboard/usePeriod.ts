import { useEffect, useMemo, useState } from 'react'
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
