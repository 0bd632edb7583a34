import { Text, View } from '@tarojs/components'
import type { TimelineItem } from '../../../domain/timeline'
import { formatTime } from '../../utils/format'
import { ListState } from '../ListState'
import { PhotoGrid } from '../PhotoGrid'
import './index.scss'

export interface TimelineEntry {
  key: string
  /** ISO time. */
  at: string
  /** What happened, in plain Chinese (e.g. 已转交上级处理). */
  title: string
  /** Who did it (e.g. 富民社区第一网格 · 网格员). */
  actor?: string
  detail?: string
  /** Photo URLs. */
  photos?: string[]
}

/** The server's timeline (oldest first) as entries, newest first; `urls` maps photo file ids to URLs. */
export function toTimelineEntries(items: TimelineItem[], urls: Record<string, string>): TimelineEntry[] {
  return items
    .map((item, i) => ({
      key: `${i}-${item.action}-${item.at}`,
      at: item.at,
      title: item.label,
      actor: item.actorLabel,
      detail: item.text,
      photos: item.photos?.map((id) => urls[id] ?? ''),
    }))
    .reverse()
}

/** A case's or whistle's history; entries are shown in the order given (callers pass newest first). */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <View className='timeline'>
      {entries.map((entry) => (
        <View key={entry.key} className='timeline__entry'>
          <View className='timeline__dot' />
          <View className='timeline__content'>
            <Text className='timeline__title'>{entry.title}</Text>
            <Text className='timeline__time'>
              {formatTime(entry.at)}
              {entry.actor ? ` · ${entry.actor}` : ''}
            </Text>
            {entry.detail ? <Text className='timeline__detail'>{entry.detail}</Text> : null}
            {entry.photos?.length ? <PhotoGrid urls={entry.photos} small /> : null}
          </View>
        </View>
      ))}
    </View>
  )
}

export default Timeline

/** A titled card holding a history, with its empty state and an optional notice (case and whistle pages). */
export function TimelineSection({ id, title, emptyText, entries, notice }: { id: string; title: string; emptyText: string; entries: TimelineEntry[]; notice?: string }) {
  return (
    <>
      <Text className='section-title'>{title}</Text>
      {notice ? (
        <Text className='hint' id={`${id}-notice`}>
          {notice}
        </Text>
      ) : null}
      <View className='card' id={id}>
        <ListState status={entries.length ? 'ready' : 'empty'} emptyText={emptyText}>
          <Timeline entries={entries} />
        </ListState>
      </View>
    </>
  )
}
