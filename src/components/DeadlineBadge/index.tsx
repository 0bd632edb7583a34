import { Text } from '@tarojs/components'
import type { CaseSummary } from '../../../domain/api/views'
import './index.scss'

/** The server's description of a deadline (domain/calendar describeDeadline, working days included). */
export type Deadline = NonNullable<CaseSummary['deadline']>
export type DeadlineTone = Deadline['tone']

export interface DeadlineBadgeProps {
  /** As the server sent it; nothing is shown for null (no deadline running). */
  deadline: Deadline | null | undefined
}

/** A deadline as a coloured badge: green in time, orange due soon, red overdue. The text is the server's. */
export function DeadlineBadge({ deadline }: DeadlineBadgeProps) {
  if (!deadline) return null
  return <Text className={`deadline-badge deadline-badge--${deadline.tone}`}>{deadline.text}</Text>
}

export default DeadlineBadge
