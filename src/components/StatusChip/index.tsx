import { Tag } from '@nutui/nutui-react-taro'
import './index.scss'

export type ChipTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger'

const tagTypeByTone = {
  neutral: 'default',
  info: 'info',
  success: 'success',
  warning: 'warning',
  danger: 'danger',
} as const

export interface StatusChipProps {
  /** Chinese label of the state, e.g. 处置中 (labels come from domain/). */
  label: string
  tone?: ChipTone
}

/** A case's or whistle's current state as a coloured tag. */
export function StatusChip({ label, tone = 'neutral' }: StatusChipProps) {
  return (
    <Tag className={`status-chip status-chip--${tone}`} type={tagTypeByTone[tone]} round>
      {label}
    </Tag>
  )
}

export default StatusChip
