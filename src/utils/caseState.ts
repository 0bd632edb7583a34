import type { CaseState } from '../../domain/types'
import type { ChipTone } from '../components/StatusChip'

/** Colour of a case's state chip: waiting for someone → orange, being handled → blue, done → green. */
export function caseStateTone(state: CaseState): ChipTone {
  if (state.endsWith('_pending')) return 'warning'
  if (state === 'resolved') return 'success'
  if (state === 'closed') return 'neutral'
  return 'info'
}
