import { useCallback, useEffect, useState } from 'react'
import type { CountyInfo } from '../../domain/api'
import { callFunction } from '../services/cloud'
import { errorMessage } from '../utils/feedback'

/** The county's public configuration (places, grids, matter types, departments) for forms and filters. */
export function useCountyInfo(enabled = true): { county: CountyInfo | null; error: string; reload: () => void } {
  const [county, setCounty] = useState<CountyInfo | null>(null)
  const [error, setError] = useState('')
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (!enabled) return
    let live = true
    setError('')
    callFunction('config', 'county', {})
      .then((c) => live && setCounty(c))
      .catch((err) => live && setError(errorMessage(err)))
    return () => {
      live = false
    }
  }, [enabled, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { county, error, reload }
}
