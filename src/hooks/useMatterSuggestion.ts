import { useEffect, useState } from 'react'
import { callFunction } from '../services/cloud'

export const SUGGEST_MIN_TEXT = 6
export const SUGGEST_DELAY_MS = 600

export interface MatterSuggestion {
  code: string
  name: string
}

/**
 * The classifier's top 3 matter types for a report text (cases.suggest), asked for once the text
 * has settled for SUGGEST_DELAY_MS; nothing while `enabled` is false or the text is too short.
 * A failed call just shows no suggestion: the field stays optional.
 */
export function useMatterSuggestion(text: string, qrPoint: string | null, enabled: boolean): MatterSuggestion[] {
  const [suggestions, setSuggestions] = useState<MatterSuggestion[]>([])
  const trimmed = text.trim()
  const active = enabled && trimmed.length >= SUGGEST_MIN_TEXT
  useEffect(() => {
    if (!active) {
      setSuggestions([])
      return
    }
    let current = true
    const timer = setTimeout(() => {
      callFunction('cases', 'suggest', { text: trimmed, ...(qrPoint ? { qrPoint } : {}) })
        .then((res) => {
          if (current) setSuggestions((res.candidates as { matterType: string; name: string }[]).slice(0, 3).map((c) => ({ code: c.matterType, name: c.name })))
        })
        .catch(() => {
          if (current) setSuggestions([])
        })
    }, SUGGEST_DELAY_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [active, trimmed, qrPoint])
  return suggestions
}
