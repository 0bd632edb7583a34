// What staff see of a whistle: township 党建办, the whistle office, leaders and the departments it was
// sent to (canView). People appear by role and unit, never by name; the 报到 handler is the person the
// department names on purpose (M-17).
import { ROLE_LABELS, WHISTLE_STATE_LABELS, describeDeadline, type DeadlineDisplay, type Route, type BoundaryCheck } from '..';
import { DUTY_LIST_LABELS } from '../county';
import type { ActorRef, Assignment, AssignmentState, Miss, WhistleDoc, WhistleRequest, WhistleState } from '../types';
import type { TimelineItem } from '../timeline';
import type { DispatchBasis, DispatchProposal } from '../dispatch-learning';
import type { CaseSummary, toCaseSummary } from './views';

type ViewEnv = Parameters<typeof toCaseSummary>[1];

export interface PhotoView {
  fileID: string;
  url: string;
}

/** An actor as shown to staff: "大垸乡 · 乡镇(街道)党建办" or "系统". */
export interface ActorView {
  role: ActorRef['role'];
  unit: string;
  label: string;
}

export const WHISTLE_KIND_LABELS: Record<WhistleDoc['kind'], string> = { normal: '平哨', urgent: '急哨' };
export const ASSIGNMENT_STATE_LABELS: Record<AssignmentState, string> = {
  dispatched: '待报到',
  checked_in: '已报到办理中',
  completed: '已办结',
  returned: '已退单',
};
export const ASSIGNMENT_ROLE_LABELS: Record<Assignment['role'], string> = { lead: '主办单位', co: '协办单位' };
const DEADLINE_KIND_LABELS: Record<Miss['kind'], string> = {
  claim: '认领',
  checkin_normal: '报到（平哨）',
  checkin_urgent: '报到（急哨）',
  completion: '办结',
  handle: '办理',
};

export interface WhistleSummary {
  id: string;
  no: string;
  kind: WhistleDoc['kind'];
  kindLabel: string;
  state: WhistleState;
  stateLabel: string;
  title: string;
  matterType: string;
  matterTypeName: string;
  township: string;
  townshipName: string;
  caseCount: number;
  createdAt: string;
  /** The earliest running deadline of the whistle (nextDue). */
  deadline: (DeadlineDisplay & { due: string }) | null;
  supervised: boolean;
  missCount: number;
}

export interface AssignmentView {
  dept: string;
  deptName: string;
  role: Assignment['role'];
  roleLabel: string;
  state: AssignmentState;
  stateLabel: string;
  dispatchedAt: string;
  checkInDue: string;
  completionDue: string;
  /** The department's running deadline (check-in, then completion). */
  deadline: (DeadlineDisplay & { due: string }) | null;
  checkIn: { handler: string; onSiteAt: string; at: string; onTime: boolean; note?: string; by: ActorView } | null;
  completion: { at: string; result: string; photos: PhotoView[]; onTime: boolean; by: ActorView } | null;
  returnedAt: string | null;
}

export interface StepView {
  by: ActorView;
  at: string;
  comment?: string;
}

export interface WhistleView extends WhistleSummary {
  version: number;
  county: string;
  description: string;
  caseIds: string[];
  stationedTried: string | null;
  steps: Partial<Record<'propose' | 'collect' | 'review' | 'approve', StepView>>;
  routing: (NonNullable<WhistleDoc['routing']> & { leadName: string; coNames: string[] }) | null;
  rejection: { code: string; rule?: string; message: string; at: string; by: ActorView } | null;
  registeredAt: string | null;
  assignments: AssignmentView[];
  requests: (Omit<WhistleRequest, 'by' | 'decidedBy'> & { kindLabel: string; deptName: string; by: ActorView; decidedBy?: ActorView })[];
  meetings: (Omit<WhistleDoc['meetings'][number], 'by'> & { by: ActorView; leadName: string; coNames: string[] })[];
  progress: { dept: string; deptName: string; at: string; text: string; photos: PhotoView[]; by: ActorView }[];
  supervision: { at: string; kind: string; reason: string; by: ActorView }[];
  misses: (Miss & { kindLabel: string; unitName: string })[];
  result: { dept: string; deptName: string; at: string; text: string; photos: PhotoView[] } | null;
  completionDue: string | null;
}

/** The duty-list answer for the matter in this township (M-2, M-3, M-16): shown to the reviewer and the dispatcher. */
export interface RouteView {
  handler: Route['handler'];
  list: Route['list'];
  listLabel: string | null;
  lead: string | null;
  leadName: string | null;
  co: string[];
  coNames: string[];
  stationedAgency: { code: string; name: string } | null;
  urgentEligible: boolean;
  rule: string;
  reason: string;
  /** Would review pass the 两不吹 boundary now (M-3)? */
  boundary: BoundaryCheck;
  /** Smart dispatch (M-16): the lists shifted by earlier dispatches of this matter type here; the dispatch form starts from it. */
  proposal?: { lead: string; leadName: string; co: string[]; coNames: string[]; basis: DispatchBasis };
}

export interface WhistleDetail {
  whistle: WhistleView;
  timeline: TimelineItem[];
  actions: { action: string; label: string }[];
  route: RouteView | null;
  /** The attached cases this viewer may see. */
  cases: CaseSummary[];
  /** Issue 5 §7: how many staff photos their image check hid. */
  attachmentNotice?: string;
}

/** A department's own part of a whistle, for its inbox. */
export interface WhistleInboxItem extends WhistleSummary {
  assignment?: { role: Assignment['role']; roleLabel: string; state: AssignmentState; stateLabel: string; deadline: (DeadlineDisplay & { due: string }) | null };
}

export function actorView(ref: ActorRef, env: ViewEnv): ActorView {
  if (ref.role === 'system') return { role: 'system', unit: '', label: '系统' };
  const unitName = env.org.unitName(ref.unit);
  return { role: ref.role, unit: ref.unit, label: unitName ? `${unitName} · ${ROLE_LABELS[ref.role]}` : ROLE_LABELS[ref.role] };
}

export function deadlineView(due: string | null, env: ViewEnv): (DeadlineDisplay & { due: string }) | null {
  return due ? { ...describeDeadline(due, env.now, env.calendar), due } : null;
}

const names = (codes: string[], env: ViewEnv) => codes.map((c) => env.org.unitName(c));

export function toWhistleSummary(doc: WhistleDoc, env: ViewEnv): WhistleSummary {
  const matter = env.org.county.matterTypes.find((m) => m.code === doc.matterType);
  return {
    id: doc._id,
    no: doc.no,
    kind: doc.kind,
    kindLabel: WHISTLE_KIND_LABELS[doc.kind],
    state: doc.state,
    stateLabel: WHISTLE_STATE_LABELS[doc.state],
    title: doc.title,
    matterType: doc.matterType,
    matterTypeName: matter?.name ?? doc.matterType,
    township: doc.township,
    townshipName: env.org.unitName(doc.township),
    caseCount: doc.caseIds.length,
    createdAt: doc.createdAt,
    deadline: deadlineView(doc.deadlines.nextDue, env),
    supervised: doc.supervision.length > 0,
    missCount: doc.misses.length,
  };
}

/** The running deadline of one department's assignment. */
export function assignmentDue(a: Assignment): string | null {
  return a.state === 'dispatched' ? a.checkInDue : a.state === 'checked_in' ? a.completionDue : null;
}

export function toWhistleView(doc: WhistleDoc, env: ViewEnv, urls: Record<string, string> = {}): WhistleView {
  const photos = (ids: string[]) => ids.map((fileID) => ({ fileID, url: urls[fileID] ?? '' }));
  const by = (ref: ActorRef) => actorView(ref, env);
  const step = (s: WhistleDoc['steps']['propose']) => (s ? { ...s, by: by(s.by) } : undefined);
  const steps: WhistleView['steps'] = {};
  for (const k of ['propose', 'collect', 'review', 'approve'] as const) {
    const s = step(doc.steps[k]);
    if (s) steps[k] = s;
  }
  return {
    ...toWhistleSummary(doc, env),
    version: doc.version,
    county: doc.county,
    description: doc.description,
    caseIds: doc.caseIds,
    stationedTried: doc.stationedTried,
    steps,
    routing: doc.routing ? { ...doc.routing, leadName: env.org.unitName(doc.routing.lead), coNames: names(doc.routing.co, env) } : null,
    rejection: doc.rejection ? { ...doc.rejection, by: by(doc.rejection.by) } : null,
    registeredAt: doc.registeredAt,
    assignments: doc.assignments.map((a) => ({
      dept: a.dept,
      deptName: env.org.unitName(a.dept),
      role: a.role,
      roleLabel: ASSIGNMENT_ROLE_LABELS[a.role],
      state: a.state,
      stateLabel: ASSIGNMENT_STATE_LABELS[a.state],
      dispatchedAt: a.dispatchedAt,
      checkInDue: a.checkInDue,
      completionDue: a.completionDue,
      deadline: deadlineView(assignmentDue(a), env),
      checkIn: a.checkIn ? { ...a.checkIn, by: by(a.checkIn.by) } : null,
      completion: a.completion ? { ...a.completion, photos: photos(a.completion.photos), by: by(a.completion.by) } : null,
      returnedAt: a.returnedAt ?? null,
    })),
    requests: doc.requests.map((r) => ({
      ...r,
      kindLabel: r.kind === 'extension' ? '延期申请' : '退单申请',
      deptName: env.org.unitName(r.dept),
      by: by(r.by),
      decidedBy: r.decidedBy ? by(r.decidedBy) : undefined,
    })),
    meetings: doc.meetings.map((m) => ({ ...m, by: by(m.by), leadName: env.org.unitName(m.lead), coNames: names(m.co, env) })),
    progress: doc.progress.map((p) => ({ ...p, deptName: env.org.unitName(p.dept), photos: photos(p.photos), by: by(p.by) })),
    supervision: doc.supervision.map((s) => ({ ...s, by: by(s.by) })),
    misses: doc.misses.map((m) => ({ ...m, kindLabel: DEADLINE_KIND_LABELS[m.kind], unitName: env.org.unitName(m.unit) })),
    result: doc.result ? { ...doc.result, deptName: env.org.unitName(doc.result.dept), photos: photos(doc.result.photos) } : null,
    completionDue: doc.deadlines.completionDue,
  };
}

export function toRouteView(route: Route, boundary: BoundaryCheck, env: ViewEnv, proposal?: DispatchProposal | null): RouteView {
  return {
    ...(proposal ? { proposal: { lead: proposal.lead, leadName: env.org.unitName(proposal.lead), co: proposal.co, coNames: names(proposal.co, env), basis: proposal.basis } } : {}),
    handler: route.handler,
    list: route.list,
    listLabel: route.list ? DUTY_LIST_LABELS[route.list] : null,
    lead: route.lead ?? null,
    leadName: route.lead ? env.org.unitName(route.lead) : null,
    co: route.co ?? [],
    coNames: names(route.co ?? [], env),
    stationedAgency: route.stationedAgency ? { code: route.stationedAgency.code, name: route.stationedAgency.name } : null,
    urgentEligible: route.urgentEligible,
    rule: route.rule,
    reason: route.reason,
    boundary,
  };
}

/** Every file a whistle view shows, so the function can fetch temp URLs in one call. */
export function whistlePhotoIds(doc: WhistleDoc): string[] {
  return [...doc.progress.flatMap((p) => p.photos), ...doc.assignments.flatMap((a) => a.completion?.photos ?? []), ...(doc.result?.photos ?? [])];
}
