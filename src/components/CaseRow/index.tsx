import { Text, View } from '@tarojs/components'
import type { CaseSummary } from '../../../domain/api/views'
import { caseStateTone } from '../../utils/caseState'
import { excerpt, formatTime } from '../../utils/format'
import { DeadlineBadge } from '../DeadlineBadge'
import { StatusChip } from '../StatusChip'
import './index.scss'

export interface CaseRowProps {
  item: CaseSummary
  /** Staff lists show the running deadline; the resident's own list does not. */
  showDeadline?: boolean
  onOpen: (id: string) => void
}

/** One case in a list: state, a line of its text, where, when. The whole row is the tap target. */
export function CaseRow({ item, showDeadline, onOpen }: CaseRowProps) {
  return (
    <View className='case-row' onClick={() => onOpen(item.id)} role='button'>
      <View className='case-row__head'>
        <StatusChip label={item.stateLabel} tone={caseStateTone(item.state)} />
        {showDeadline ? <DeadlineBadge deadline={item.deadline} /> : null}
      </View>
      <Text className='case-row__text'>{excerpt(item.text)}</Text>
      <View className='case-row__meta'>
        <Text className='case-row__place'>{item.placeLabel}</Text>
        <Text className='case-row__time'>{formatTime(item.createdAt)}</Text>
      </View>
    </View>
  )
}

export default CaseRow
