// Timeline display items derived from the append-only audit events.
// Staff see who acted by role and unit (never names or phone numbers); the public audience (the reporter)
// sees what happened to their case without internal comments.
import type { Org } from './org';
import { ROLE_LABELS } from './roles';
import { LEVEL_LABELS, stateLabel } from './table';
import type { AuditEventDraft, CaseLevel } from './types';

export interface TimelineItem {
  at: string;
  action: string;
  label: string;
  actorLabel: string;
  text?: string;
  photos?: string[];
  state: string;
  stateLabel: string;
}

export interface TimelineOptions {
  audience: 'public' | 'staff';
  /** Resolves unit codes to names; without it units are shown by role only. */
  org?: Org;
}

const STAFF_LABELS: Record<string, string> = {
  create: '登记诉求',
  claim: '认领',
  resolve: '办结',
  escalate: '上报上级',
  return: '退回下级',
  auto_escalate: '超时未认领，自动上报',
  rate: '群众评价',
  auto_rate: '超期未评价，自动结案',
  attach_to_whistle: '纳入吹哨',
  detach_from_whistle: '撤出吹哨',
  whistle_closed: '随哨办结',
  reclassify: '调整事项类型',
  link_reporter: '合并重复反映',
  unlink_reporter: '撤销合并反映',
  merge: '合并到其他事项',
  auto_merge: '自动合并重复反映',
  unmerge: '撤销合并',
  add_rating: '群众评价（合并反映人）',
  propose: '提出事项',
  collect: '收集事项',
  review: '审核把关',
  approve: '审批上报',
  dispatch: '派单',
  check_in: '部门报到',
  progress: '办理进展',
  complete: '办结',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  refuse_extension: '不同意延期',
  return_whistle: '申请退单',
  approve_return: '同意退单',
  refuse_return: '不同意退单',
  record_meeting: '会商',
  supervise: '挂牌督办',
  flag_overdue: '超时预警',
  attachment_verdict: '办理照片审核结果',
  sla_alert: '临期提醒 / 超期未办结',
  supervision_list: '挂牌督办',
  supervision_respond: '督办回复',
  supervision_press: '再次督办',
  supervision_close: '督办办结',
  media_verdict: '照片内容安全审核结果',
  media_timeout: '照片审核超时，转网格员审核',
  release_photos: '网格员审核后放行照片',
  hide_photos: '网格员审核后隐藏照片',
};

/** What the reporter sees; actions missing here are internal and hidden from the public. */
const PUBLIC_LABELS: Record<string, string> = {
  create: '诉求已提交',
  claim: '已受理',
  resolve: '已办结',
  escalate: '已转交上级处理',
  return: '已转交处理',
  auto_escalate: '已转交上级处理',
  rate: '已评价',
  auto_rate: '超期未评价，系统自动结案',
  attach_to_whistle: '已"吹哨"，县直部门协同办理',
  detach_from_whistle: '继续由乡镇（街道）办理',
  whistle_closed: '县直部门已办结',
  merge: '与他人反映的同一问题合并办理',
  auto_merge: '与他人反映的同一问题合并办理',
  unmerge: '改为单独办理',
  add_rating: '已评价',
  link_reporter: '又有群众反映了同一问题',
  dispatch: '已派单至县直部门',
  check_in: '部门已报到',
  complete: '已办结',
};

/** Input fields shown as the item's text: staff see comments and reasons; the public only results. */
const STAFF_TEXT_FIELDS = ['text', 'result', 'reason', 'instructions', 'comment', 'decision', 'plan', 'title'];
const PUBLIC_TEXT_FIELDS = ['text', 'result'];

function actorLabel(e: AuditEventDraft, opts: TimelineOptions): string {
  const { role, unit } = e.actor;
  if (role === 'system') return '系统';
  if (role === 'resident' || role === 'rider' || role === 'party_member') return ROLE_LABELS[role];
  const unitName = unit && opts.org ? opts.org.unitName(unit) : '';
  if (opts.audience === 'public') return unitName || ROLE_LABELS[role];
  return unitName ? `${unitName} · ${ROLE_LABELS[role]}` : ROLE_LABELS[role];
}

function itemText(e: AuditEventDraft, opts: TimelineOptions): string | undefined {
  const d = e.data;
  if (e.action === 'rate' || e.action === 'add_rating') {
    return [d.score, d.comment].filter((v) => typeof v === 'string' && v).join('：');
  }
  if (opts.audience === 'public' && (e.action === 'escalate' || e.action === 'auto_escalate' || e.action === 'return')) {
    const level = e.after.level as CaseLevel | undefined;
    return level ? `由${LEVEL_LABELS[level]}处理` : undefined;
  }
  if (opts.audience === 'staff' && e.action === 'check_in') return `报到人：${String(d.handler ?? '')}`;
  const fields = opts.audience === 'staff' ? STAFF_TEXT_FIELDS : PUBLIC_TEXT_FIELDS;
  const parts = fields.map((f) => d[f]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  return parts.length ? parts.join('；') : undefined;
}

/** The timeline without the files content security hid (issue 5 §7). */
export function withoutHiddenPhotos(items: TimelineItem[], hidden: ReadonlySet<string>): TimelineItem[] {
  return items.map((item) => (item.photos?.some((f) => hidden.has(f)) ? { ...item, photos: item.photos.filter((f) => !hidden.has(f)) } : item));
}

/** Every photo the events list (their timeline entries show them). */
export function eventPhotos(events: AuditEventDraft[]): string[] {
  return events.flatMap((e) => (Array.isArray(e.data.photos) ? (e.data.photos as unknown[]).filter((f): f is string => typeof f === 'string') : []));
}

export function timelineFromEvents(events: AuditEventDraft[], opts: TimelineOptions): TimelineItem[] {
  return [...events]
    .sort((a, b) => (a.at === b.at ? a.after.version - b.after.version : a.at < b.at ? -1 : 1))
    .filter((e) => opts.audience === 'staff' || e.action in PUBLIC_LABELS)
    .map((e) => {
      const labels = opts.audience === 'staff' ? STAFF_LABELS : PUBLIC_LABELS;
      const item: TimelineItem = {
        at: e.at,
        action: e.action,
        label: labels[e.action] ?? e.action,
        actorLabel: actorLabel(e, opts),
        state: e.after.state,
        stateLabel: stateLabel(e.entity, e.after.state),
      };
      const text = itemText(e, opts);
      if (text) item.text = text;
      const photos = e.data.photos;
      if (Array.isArray(photos) && photos.length) item.photos = photos as string[];
      return item;
    });
}
