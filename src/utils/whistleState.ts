import type { AssignmentState, WhistleState } from '../../domain/types'
import type { ChipTone } from '../components/StatusChip'

/** Colour of a whistle's state chip: waiting for the next desk → orange, being handled → blue, done → green. */
export function whistleStateTone(state: WhistleState): ChipTone {
  if (state === 'rejected') return 'danger'
  if (state === 'completed') return 'success'
  if (state === 'submitted' || state === 'dispatched') return 'warning'
  return 'info'
}

/** Colour of a department's own part of a whistle. */
export function assignmentStateTone(state: AssignmentState): ChipTone {
  if (state === 'dispatched') return 'warning'
  if (state === 'completed') return 'success'
  if (state === 'returned') return 'neutral'
  return 'info'
}

/** 急哨 stands out; 平哨 is the ordinary case. */
export const whistleKindTone = (kind: 'normal' | 'urgent'): ChipTone => (kind === 'urgent' ? 'danger' : 'neutral')

/**
 * Short names of the counts whistles.inbox returns: whistle states for the township and the whistle
 * office, assignment states for a department, `urgent` (急哨 in progress) for the whistle office.
 */
const WHISTLE_COUNT_LABELS: Record<string, string> = {
  proposed: '已提出',
  collected: '已收集',
  reviewed: '待审批',
  rejected: '未通过',
  submitted: '待派单',
  in_progress: '办理中',
  completed: '已办结',
  urgent: '急哨在办',
}
const ASSIGNMENT_COUNT_LABELS: Record<string, string> = {
  dispatched: '待报到',
  checked_in: '办理中',
  completed: '已办结',
  returned: '已退单',
}

export function whistleCountLabel(key: string, department: boolean): string {
  if (department) return ASSIGNMENT_COUNT_LABELS[key] ?? key
  if (key === 'dispatched') return '待报到'
  return WHISTLE_COUNT_LABELS[key] ?? key
}
