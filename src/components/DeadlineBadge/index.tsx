import { Text } from '@tarojs/components'
import './index.scss'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export type DeadlineTone = 'ok' | 'soon' | 'overdue'

/** Plain-Chinese remaining time, e.g. 剩 2 天 3 小时 / 剩不到 1 小时 / 已超期 5 小时. */
export function describeDeadline(dueAt: number, now: number, soonWithinMs = DAY): { text: string; tone: DeadlineTone } {
  const left = dueAt - now
  const span = (ms: number) => {
    const days = Math.floor(ms / DAY)
    const hours = Math.floor((ms % DAY) / HOUR)
    if (days > 0) return hours > 0 ? `${days} 天 ${hours} 小时` : `${days} 天`
    return hours > 0 ? `${hours} 小时` : '不到 1 小时'
  }
  if (left < 0) return { text: `已超期 ${span(-left)}`, tone: 'overdue' }
  return { text: `剩 ${span(left)}`, tone: left <= soonWithinMs ? 'soon' : 'ok' }
}

export interface DeadlineBadgeProps {
  /** Deadline, epoch milliseconds (computed by domain/, working days included). */
  dueAt: number
  /** Current time, passed in so the badge is deterministic. */
  now: number
  /** Below this remaining time the badge turns orange. Default one day. */
  soonWithinMs?: number
}

export function DeadlineBadge({ dueAt, now, soonWithinMs }: DeadlineBadgeProps) {
  const { text, tone } = describeDeadline(dueAt, now, soonWithinMs)
  return <Text className={`deadline-badge deadline-badge--${tone}`}>{text}</Text>
}

export default DeadlineBadge
