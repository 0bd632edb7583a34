import type { CaseSummary } from '../../../domain/api/views'
import { caseStateTone } from '../../utils/caseState'
import { excerpt, formatTime } from '../../utils/format'
import { DeadlineBadge } from '../DeadlineBadge'
import { ListRow } from '../ListRow'
import { StatusChip } from '../StatusChip'

export interface CaseRowProps {
  item: CaseSummary
  /** Staff lists show the running deadline; the resident's own list does not. */
  showDeadline?: boolean
  onOpen: (id: string) => void
}

/** One case in a list: state, a line of its text, where, when. */
export function CaseRow({ item, showDeadline, onOpen }: CaseRowProps) {
  return (
    <ListRow
      className='case-row'
      head={
        <>
          <StatusChip label={item.stateLabel} tone={caseStateTone(item.state)} />
          {showDeadline ? <DeadlineBadge deadline={item.deadline} /> : null}
        </>
      }
      text={excerpt(item.text)}
      meta={[item.placeLabel, formatTime(item.createdAt)]}
      onOpen={() => onOpen(item.id)}
    />
  )
}

export default CaseRow
