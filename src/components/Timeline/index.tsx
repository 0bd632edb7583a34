import { Text, View } from '@tarojs/components'
import './index.scss'

export interface TimelineEntry {
  id: string
  /** Epoch milliseconds. */
  at: number
  /** What happened, in plain Chinese (e.g. 已转交 城管执法局). */
  title: string
  detail?: string
}

function formatTime(at: number): string {
  const d = new Date(at)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A case's history, newest first, derived from its event log. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <View className='timeline'>
      {entries.map((entry) => (
        <View key={entry.id} className='timeline__entry'>
          <View className='timeline__dot' />
          <View className='timeline__content'>
            <Text className='timeline__title'>{entry.title}</Text>
            <Text className='timeline__time'>{formatTime(entry.at)}</Text>
            {entry.detail ? <Text className='timeline__detail'>{entry.detail}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  )
}

export default Timeline
