import { useEffect, useState } from 'react'
import type { TimelineItem } from '../../domain/timeline'
import { getTempFileURLs } from '../services/cloud'

/**
 * Timeline photos are file ids: the URLs the reply already carries (`known`), plus those fetched for
 * the rest. Returns the merged map.
 */
export function useTimelineUrls(timeline: TimelineItem[] | undefined, known: Record<string, string>): Record<string, string> {
  const [extra, setExtra] = useState<Record<string, string>>({})
  useEffect(() => {
    if (!timeline) return
    const missing = [...new Set(timeline.flatMap((t) => t.photos ?? []))].filter((id) => !known[id] && !extra[id])
    if (!missing.length) return
    getTempFileURLs(missing)
      .then((urls) => setExtra((u) => ({ ...u, ...urls })))
      .catch(() => undefined)
    // `known` comes with the timeline, and `extra` only grows: re-running on them would fetch nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeline])
  return { ...extra, ...known }
}
