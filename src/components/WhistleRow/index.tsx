import type { WhistleInboxItem } from '../../../domain/api/whistle-views'
import { formatTime } from '../../utils/format'
import { assignmentStateTone, whistleKindTone, whistleStateTone } from '../../utils/whistleState'
import { DeadlineBadge } from '../DeadlineBadge'
import { ListRow } from '../ListRow'
import { StatusChip } from '../StatusChip'

export interface WhistleRowProps {
  item: WhistleInboxItem
  onOpen: (id: string) => void
}

/**
 * One whistle in an inbox: 平哨/急哨, where it stands (for a department: its own part), the running
 * deadline as the server describes it, title, number, township.
 */
export function WhistleRow({ item, onOpen }: WhistleRowProps) {
  const mine = item.assignment
  return (
    <ListRow
      id={`whistle-row-${item.id}`}
      className='whistle-row'
      head={
        <>
          <StatusChip label={item.kindLabel} tone={whistleKindTone(item.kind)} />
          {mine ? (
            <StatusChip label={`${mine.roleLabel} · ${mine.stateLabel}`} tone={assignmentStateTone(mine.state)} />
          ) : (
            <StatusChip label={item.stateLabel} tone={whistleStateTone(item.state)} />
          )}
          {item.supervised ? <StatusChip label='督办' tone='danger' /> : null}
          <DeadlineBadge deadline={mine ? mine.deadline : item.deadline} />
        </>
      }
      text={item.title}
      meta={[`${item.no} · ${item.townshipName} · ${item.matterTypeName}`, formatTime(item.createdAt)]}
      onOpen={() => onOpen(item.id)}
    />
  )
}

export default WhistleRow
