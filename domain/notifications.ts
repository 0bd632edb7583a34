// Notifications: which WeChat subscribe-message template each domain notification uses, and what it says.
// Residents get progress and rating requests; staff get new tasks and deadline warnings (M-9, M-13, M-21, M-24).
// Values respect WeChat's keyword rules: thing ≤ 20 chars, phrase ≤ 5 Chinese characters, time as a date-time.
import { cstYmd } from './calendar';

/** The few subscribe-message templates the mini-program asks consent for. */
export type MessageKind = 'case_progress' | 'rate_request' | 'new_task' | 'deadline_warning';

export const MESSAGE_KINDS: readonly MessageKind[] = ['case_progress', 'rate_request', 'new_task', 'deadline_warning'];

interface TemplateSpec {
  kind: MessageKind;
  /** Short status word (phrase, ≤ 5 Chinese characters). */
  status: string;
  /** One line for the notification centre. */
  title: string;
}

const T = (kind: MessageKind, status: string, title: string): TemplateSpec => ({ kind, status, title });

export const NOTIFICATION_TEMPLATES: Record<string, TemplateSpec> = {
  case_received: T('case_progress', '已登记', '您反映的问题已登记，网格员会尽快处理'),
  case_claimed: T('case_progress', '已受理', '您反映的问题已有人受理'),
  case_escalated: T('case_progress', '已转交', '您反映的问题已转交上级处理'),
  case_whistled: T('case_progress', '已吹哨', '您反映的问题已吹哨，相关部门将到场处理'),
  case_resolved: T('rate_request', '待评价', '您反映的问题已办结，请评价处理结果'),
  case_merged: T('case_progress', '已合并', '已有人反映同一问题，您的反映已合并办理'),
  case_unmerged: T('case_progress', '单独办理', '您反映的问题改为单独办理'),
  case_new: T('new_task', '待认领', '有新的群众反映待认领'),
  case_returned: T('new_task', '已退回', '上级退回了一件事项，请按要求处理'),
  case_auto_escalated: T('new_task', '超时上报', '下级超时未认领的事项已转到您处'),
  case_follow_up: T('new_task', '需回访', '群众对处理结果不满意，请跟进'),
  case_claim_overdue: T('deadline_warning', '已超期', '有事项超期未认领，已列入督办'),
  photo_rejected: T('case_progress', '照片隐藏', '您上传的照片未通过审核已隐藏，问题照常处理'),
  photo_review: T('new_task', '待审照片', '有事项的照片需要您审核后放行或隐藏'),
  whistle_dispatched_lead: T('new_task', '请报到', '新的哨单派给您单位（主办），请按时报到'),
  whistle_dispatched_co: T('new_task', '请报到', '新的哨单派给您单位（协办），请按时报到'),
  whistle_submitted: T('new_task', '待派单', '乡镇（街道）上报了新的哨单，请派单'),
  urgent_whistle_registered: T('new_task', '急哨', '乡镇（街道）吹响急哨，已同步登记'),
  whistle_rejected: T('new_task', '未通过', '哨单审核未通过'),
  department_checked_in: T('new_task', '已报到', '部门已到场报到'),
  co_part_completed: T('new_task', '协办完成', '协办单位已完成其办理部分'),
  whistle_completed: T('new_task', '已办结', '哨单已办结，请评价部门'),
  extension_requested: T('new_task', '申请延期', '部门申请延期，请审批'),
  extension_approved: T('new_task', '延期通过', '延期申请已批准'),
  extension_refused: T('new_task', '延期驳回', '延期申请未获批准'),
  return_requested: T('new_task', '申请退单', '部门申请退单，请审批'),
  return_approved: T('new_task', '退单通过', '退单申请已批准'),
  return_refused: T('new_task', '退单驳回', '退单申请未获批准，请继续办理'),
  whistle_needs_redispatch: T('new_task', '待派单', '主办单位退单，请重新派单'),
  whistle_supervised: T('deadline_warning', '督办', '哨单已被挂牌督办，请尽快办理'),
  whistle_overdue: T('deadline_warning', '已超期', '有哨单超期，请督办'),
  deadline_near: T('deadline_warning', '临期', '有事项临近办理时限，请抓紧办理'),
  case_handle_overdue: T('deadline_warning', '已超期', '有事项超过办理时限仍未办结'),
  case_supervised: T('deadline_warning', '督办', '有事项被挂牌督办，请按时回复'),
  supervision_pressed: T('deadline_warning', '再次督办', '督办事项被再次督办，请按时回复'),
  supervision_closed: T('new_task', '督办办结', '督办事项已办结'),
  supervision_responded: T('new_task', '已回复', '被督办单位已回复，请审阅'),
};

/** The same event worded for the staff who receive the work (e.g. an escalation is news to the
 *  reporter but a new task for the next level). */
const STAFF_TEMPLATES: Record<string, TemplateSpec> = {
  case_escalated: T('new_task', '待认领', '下级上报了一件事项，请认领'),
};

const FALLBACK: TemplateSpec = T('new_task', '待处理', '有新的待办事项');

export type Audience = 'reporter' | 'staff';

export function templateSpec(template: string, audience: Audience = 'reporter'): TemplateSpec {
  return (audience === 'staff' ? STAFF_TEMPLATES[template] : undefined) ?? NOTIFICATION_TEMPLATES[template] ?? FALLBACK;
}

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
}

/** "2026-11-23 10:05" in China Standard Time. */
export function cstMinute(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return `${cstYmd(at)} ${t.slice(11, 16)}`;
}

export interface OutgoingMessage {
  kind: MessageKind;
  title: string;
  /** Subscribe-message data: thing1 subject, phrase2 status, time3 when, thing4 note. */
  data: Record<string, { value: string }>;
}

/** The message for one notification about a subject (case text or whistle title). */
export function composeMessage(template: string, audience: Audience, subject: string, at: Date): OutgoingMessage {
  const spec = templateSpec(template, audience);
  return {
    kind: spec.kind,
    title: spec.title,
    data: {
      thing1: { value: clip(subject || '群众反映事项', 20) },
      phrase2: { value: spec.status },
      time3: { value: cstMinute(at) },
      thing4: { value: clip(spec.title, 20) },
    },
  };
}
