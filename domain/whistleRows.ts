// Whistle rows of the transition table: four township steps (M-12), 平哨/急哨 (M-13), dispatch and
// joint meetings (M-15, M-16), report-for-duty and handling (M-17), completion deadlines (M-18), supervision (M-24).
import { computeDeadline, cstYmd, deadlineMet, endOfCstDay } from './calendar';
import { checkWhistleBoundary, isUrgentEligible, matterTypeOf, routeMatter } from './dutyLists';
import { DomainError } from './errors';
import { WhistleInputSchemas as I } from './inputs';
import { J, WHISTLE_STATE_LABELS, activeAssignment, refuse, type RowContext, type WhistleRow } from './table';
import { attachmentVerdictRow } from './contentCheck';
import { alertDue, recordMiss, recordWarning, warningsDue, type RunningDeadline } from './sla';
import type { Actor, Assignment, DeadlineKind, Effect, RoleBinding, WhistleDoc, WhistleRequest, WhistleState } from './types';

type Ctx = RowContext<'whistle'>;

const TOWNSHIP = ['township'] as const;
const OFFICE = ['whistle_office'] as const;
const DEPT = ['department'] as const;
const LIVE: WhistleState[] = ['dispatched', 'in_progress'];

const checkInKind = (d: WhistleDoc): DeadlineKind => (d.kind === 'urgent' ? 'checkin_urgent' : 'checkin_normal');
const notify = (to: 'department' | 'whistle_office' | 'township', template: string, unit?: string): Effect =>
  unit === undefined ? { kind: 'notify', to, template } : { kind: 'notify', to, unit, template };
const cascade = (action: 'attach_to_whistle' | 'detach_from_whistle' | 'whistle_closed', ids: string[], input: Record<string, unknown>): Effect[] =>
  ids.length ? [{ kind: 'cascade', entity: 'case', ids, action, input }] : [];

/** dispatched, or in_progress once any department has checked in. */
const liveState = (d: WhistleDoc): WhistleState =>
  d.assignments.some((a) => a.state === 'checked_in' || a.state === 'completed') ? 'in_progress' : 'dispatched';

function myAssignment(doc: WhistleDoc, binding: RoleBinding | null): Assignment | undefined {
  return binding ? activeAssignment(doc, binding.unit) : undefined;
}

/** The department's own assignment must be in one of these states. */
function assignmentIn(states: Assignment['state'][], message: string) {
  return (doc: WhistleDoc, _a: Actor, binding: RoleBinding | null) => {
    const a = myAssignment(doc, binding);
    return a && states.includes(a.state) ? null : refuse('ILLEGAL_TRANSITION', message, 'M-17');
  };
}

const pendingRequest = (d: WhistleDoc, kind: WhistleRequest['kind'], dept?: string) =>
  d.requests.find((r) => r.status === 'pending' && r.kind === kind && (dept === undefined || r.dept === dept));

function noPendingRequest(doc: WhistleDoc, _a: Actor, binding: RoleBinding | null) {
  const a = myAssignment(doc, binding);
  if (!a || a.state === 'completed' || a.state === 'returned') return refuse('ILLEGAL_TRANSITION', '本部门已办结或已退单（M-17）', 'M-17');
  return doc.requests.some((r) => r.status === 'pending' && r.dept === a.dept)
    ? refuse('ILLEGAL_TRANSITION', '本部门已有待吹哨办审批的申请（M-17）', 'M-17')
    : null;
}

function validateDepartments(ctx: Ctx, lead: string | undefined, co: string[]): string {
  if (!lead) throw new DomainError('VALIDATION', '请指定主办单位（M-15）', { rule: 'M-15' });
  for (const dept of [lead, ...co]) {
    if (!ctx.org.department(dept)) throw new DomainError('VALIDATION', `未找到部门：${dept}`, { rule: 'M-15' });
  }
  if (co.includes(lead)) throw new DomainError('VALIDATION', '主办单位不能同时是协办单位（M-15）', { rule: 'M-15' });
  return lead;
}

/** Name lead + co-handlers; new departments get check-in and completion deadlines from now (M-13, M-15, M-18). */
function assign(d: WhistleDoc, ctx: Ctx, leadInput: string | undefined, co: string[], completionDue?: Date): Effect[] {
  const lead = validateDepartments(ctx, leadInput, co);
  const deadlineCtx = { county: ctx.county, calendar: ctx.calendar, matterType: d.matterType, urgent: d.kind === 'urgent' };
  const effects: Effect[] = [];
  for (const a of d.assignments) if (a.role === 'lead' && a.state !== 'returned' && a.dept !== lead) a.role = 'co';
  for (const dept of [lead, ...co]) {
    const role = dept === lead ? 'lead' : 'co';
    const existing = activeAssignment(d, dept);
    if (existing) {
      existing.role = role;
      continue;
    }
    d.assignments.push({
      dept,
      role,
      state: 'dispatched',
      dispatchedAt: ctx.at,
      checkInDue: computeDeadline(checkInKind(d), ctx.now, deadlineCtx).toISOString(),
      completionDue: (completionDue ?? computeDeadline('completion', ctx.now, deadlineCtx)).toISOString(),
    });
    effects.push(notify('department', role === 'lead' ? 'whistle_dispatched_lead' : 'whistle_dispatched_co', dept));
  }
  if (completionDue) for (const a of d.assignments) if (a.state === 'dispatched' || a.state === 'checked_in') a.completionDue = completionDue.toISOString();
  d.deadlines.completionDue = activeAssignment(d, lead)!.completionDue;
  if (d.routing) d.routing.corrected = d.routing.corrected || d.routing.lead !== lead; // M-16: corrections are kept
  return effects;
}

/** Record a met or missed deadline when the required action happens (M-14a, M-25). */
function stopDeadline(d: WhistleDoc, ctx: Ctx, kind: DeadlineKind, dept: string, due: string): { onTime: boolean; effect: Effect } {
  const onTime = deadlineMet(ctx.now, new Date(due));
  // A late action names who finally did it (per-person late check-ins, M-25); the clock's flag names nobody.
  if (!onTime) recordMiss(d, { kind, unit: dept, due }, ctx.at, ctx.actor.system ? undefined : { personId: ctx.by.personId });
  return { onTime, effect: { kind: onTime ? 'deadline_met' : 'deadline_missed', deadline: kind, due, unit: dept } };
}

/** Deadlines still running on a live whistle. */
export function openWhistleDeadlines(d: WhistleDoc): { kind: DeadlineKind; dept: string; due: string }[] {
  if (d.state === 'completed') {
    // After the lead closes the whistle only co-handlers already on site still owe their part.
    return d.assignments.filter((a) => a.state === 'checked_in').map((a) => ({ kind: 'completion', dept: a.dept, due: a.completionDue }));
  }
  if (!LIVE.includes(d.state)) return [];
  return d.assignments.flatMap((a) => {
    const open: { kind: DeadlineKind; dept: string; due: string }[] = [];
    if (a.state === 'dispatched') open.push({ kind: checkInKind(d), dept: a.dept, due: a.checkInDue });
    if (a.state === 'dispatched' || a.state === 'checked_in') open.push({ kind: 'completion', dept: a.dept, due: a.completionDue });
    return open;
  });
}

/** The same deadlines in the SLA module's shape (domain/sla.ts). */
export const runningWhistleDeadlines = (d: WhistleDoc): RunningDeadline[] => openWhistleDeadlines(d).map((o) => ({ kind: o.kind, unit: o.dept, due: o.due }));

const isMissed = (d: WhistleDoc, o: { kind: DeadlineKind; dept: string; due: string }) =>
  d.misses.some((m) => m.kind === o.kind && m.unit === o.dept && m.due === o.due);

/** Earliest running deadline not yet recorded as missed — the overdue job's index. */
export function nextWhistleDue(d: WhistleDoc): string | null {
  const dues = openWhistleDeadlines(d)
    .filter((o) => !isMissed(d, o))
    .map((o) => o.due)
    .sort();
  return dues[0] ?? null;
}

function decideRequest(kind: WhistleRequest['kind'], status: 'approved' | 'refused') {
  return (d: WhistleDoc, ctx: Ctx): WhistleRequest => {
    const r = pendingRequest(d, kind, ctx.input.dept)!;
    r.status = status;
    r.decidedAt = ctx.at;
    r.decidedBy = ctx.by;
    const comment = ctx.input.reason ?? ctx.input.comment;
    if (comment) r.decisionComment = comment;
    return r;
  };
}

const requestPending = (kind: WhistleRequest['kind']) => ({
  precondition: (doc: WhistleDoc) =>
    pendingRequest(doc, kind) ? null : refuse('ILLEGAL_TRANSITION', `没有待审批的${kind === 'extension' ? '延期' : '退单'}申请（M-17）`, 'M-17'),
  guard: (ctx: Ctx) =>
    pendingRequest(ctx.doc, kind, ctx.input.dept)
      ? null
      : refuse('ILLEGAL_TRANSITION', `该部门没有待审批的${kind === 'extension' ? '延期' : '退单'}申请（M-17）`, 'M-17'),
});

function boundaryOf(ctx: Omit<Ctx, 'to' | 'data'>) {
  const d = ctx.doc;
  return checkWhistleBoundary(ctx.county, d.matterType, d.township, { urgent: d.kind === 'urgent', stationedTried: d.stationedTried });
}

const step = (ctx: Ctx) => (ctx.input.comment ? { by: ctx.by, at: ctx.at, comment: ctx.input.comment as string } : { by: ctx.by, at: ctx.at });

export const WHISTLE_ROWS: WhistleRow[] = [
  {
    entity: 'whistle',
    action: 'propose',
    from: ['draft'],
    to: 'proposed',
    roles: TOWNSHIP,
    jurisdiction: J.whistleTownship,
    requires: I.propose,
    label: '提出事项',
    rule: 'M-12',
    guard: (ctx) => {
      matterTypeOf(ctx.county, ctx.input.matterType);
      if (ctx.input.township !== ctx.doc.township) return refuse('VALIDATION', '乡镇（街道）与草稿不一致', 'M-12');
      return ctx.input.urgent && !isUrgentEligible(ctx.county, ctx.input.matterType)
        ? refuse('URGENT_NOT_ALLOWED', '该事项不在急哨清单内，不能吹急哨，请按平哨办理（M-13）', 'M-13')
        : null;
    },
    apply: (d, ctx) => {
      const { input } = ctx;
      d.matterType = input.matterType;
      d.title = input.title;
      d.description = input.description;
      d.kind = input.urgent ? 'urgent' : 'normal';
      d.caseIds = [...new Set<string>(input.caseIds)];
      d.stationedTried = input.stationedTried ?? null;
      d.steps.propose = step(ctx);
      const route = routeMatter(ctx.county, input.matterType, d.township);
      d.routing = route.lead ? { lead: route.lead, co: route.co ?? [], rule: route.rule, corrected: false } : null;
      return cascade('attach_to_whistle', d.caseIds, { whistleId: d._id });
    },
  },
  {
    entity: 'whistle',
    action: 'collect',
    from: ['proposed', 'collected'],
    to: 'collected',
    roles: TOWNSHIP,
    jurisdiction: J.whistleTownship,
    requires: I.collect,
    label: '收集事项',
    rule: 'M-12',
    apply: (d, ctx) => {
      const added = [...new Set<string>(ctx.input.caseIds)].filter((id) => !d.caseIds.includes(id));
      d.caseIds.push(...added);
      d.steps.collect = step(ctx);
      return cascade('attach_to_whistle', added, { whistleId: d._id });
    },
  },
  {
    entity: 'whistle',
    action: 'review',
    from: ['proposed', 'collected'],
    // M-3: a request outside the boundary is rejected at review with the rule cited, never silently.
    to: (ctx) => (ctx.input.decision === 'reject' || !boundaryOf(ctx).ok ? 'rejected' : 'reviewed'),
    roles: TOWNSHIP,
    jurisdiction: J.whistleTownship,
    requires: I.review,
    label: '审核把关',
    rule: 'M-12',
    apply: (d, ctx) => {
      d.steps.review = step(ctx);
      const boundary = boundaryOf(ctx);
      ctx.data.boundary = boundary;
      if (ctx.to !== 'rejected') return [];
      d.rejection =
        ctx.input.decision === 'reject'
          ? { code: 'REJECTED', message: ctx.input.reason, rule: 'M-12', at: ctx.at, by: ctx.by }
          : { code: boundary.ok ? 'REJECTED' : boundary.code, message: boundary.ok ? '' : boundary.message, rule: boundary.ok ? 'M-12' : boundary.rule, at: ctx.at, by: ctx.by };
      return [
        ...cascade('detach_from_whistle', d.caseIds, { whistleId: d._id, reason: d.rejection.message }),
        notify('township', 'whistle_rejected', d.township),
      ];
    },
  },
  {
    entity: 'whistle',
    action: 'approve',
    from: ['reviewed'],
    // M-13: 平哨 goes to the whistle office; 急哨 goes straight to the department and is registered at once.
    to: (ctx) => (ctx.doc.kind === 'urgent' ? 'dispatched' : 'submitted'),
    roles: TOWNSHIP,
    jurisdiction: J.whistleTownship,
    requires: I.approve,
    deadline: { starts: ['checkin_urgent', 'completion'] },
    label: '审批上报',
    rule: 'M-12',
    apply: (d, ctx) => {
      d.steps.approve = step(ctx);
      if (d.kind !== 'urgent') return [notify('whistle_office', 'whistle_submitted')];
      d.registeredAt = ctx.at;
      const lead = ctx.input.lead ?? d.routing?.lead;
      const co: string[] = ctx.input.co ?? (d.routing?.co ?? []).filter((x) => x !== lead);
      return [...assign(d, ctx, lead, co), notify('whistle_office', 'urgent_whistle_registered')];
    },
  },
  {
    entity: 'whistle',
    action: 'dispatch',
    from: ['submitted'],
    to: (ctx) => liveState(ctx.doc),
    roles: OFFICE,
    jurisdiction: J.whistleCounty,
    requires: I.dispatch,
    deadline: { starts: ['checkin_normal', 'completion'] },
    label: '派单',
    rule: 'M-15',
    apply: (d, ctx) => {
      const lead = ctx.input.lead ?? d.routing?.lead;
      const co: string[] = ctx.input.co ?? (d.routing?.co ?? []).filter((x) => x !== lead);
      const effects = assign(d, ctx, lead, co);
      if (d.routing && ctx.input.co) {
        const proposed = [...d.routing.co].sort().join();
        d.routing.corrected = d.routing.corrected || proposed !== [...co].sort().join();
      }
      return effects;
    },
  },
  {
    entity: 'whistle',
    action: 'check_in',
    from: LIVE,
    to: 'in_progress',
    roles: DEPT,
    jurisdiction: J.assignedDept,
    requires: I.check_in,
    deadline: { stops: ['checkin_normal', 'checkin_urgent'] },
    label: '报到',
    rule: 'M-17',
    precondition: assignmentIn(['dispatched'], '本部门已报到（M-17）'),
    apply: (d, ctx) => {
      const a = activeAssignment(d, ctx.binding!.unit)!;
      const { onTime, effect } = stopDeadline(d, ctx, checkInKind(d), a.dept, a.checkInDue);
      a.state = 'checked_in';
      a.checkIn = { handler: ctx.input.handler, onSiteAt: new Date(ctx.input.onSiteAt).toISOString(), at: ctx.at, by: ctx.by, onTime };
      if (ctx.input.note) a.checkIn.note = ctx.input.note;
      return [effect, notify('township', 'department_checked_in', d.township)];
    },
  },
  {
    entity: 'whistle',
    action: 'progress',
    from: ['in_progress'],
    to: 'in_progress',
    roles: DEPT,
    jurisdiction: J.assignedDept,
    requires: I.progress,
    label: '报告进展',
    rule: 'M-17',
    precondition: assignmentIn(['checked_in'], '请先报到，办结后不能再报告进展（M-17）'),
    apply: (d, ctx) => {
      d.progress.push({ dept: ctx.binding!.unit, at: ctx.at, by: ctx.by, text: ctx.input.text, photos: ctx.input.photos });
    },
  },
  {
    entity: 'whistle',
    action: 'complete',
    from: ['in_progress', 'completed'],
    // The lead closes the whistle; co-handlers report their part (M-15, M-17).
    to: (ctx) => (activeAssignment(ctx.doc, ctx.binding!.unit)?.role === 'lead' ? 'completed' : ctx.doc.state),
    roles: DEPT,
    jurisdiction: J.assignedDept,
    requires: I.complete,
    deadline: { stops: ['completion'] },
    label: '办结',
    rule: 'M-17',
    precondition: assignmentIn(['checked_in'], '请先报到；已办结的不能重复办结（M-17）'),
    apply: (d, ctx) => {
      const a = activeAssignment(d, ctx.binding!.unit)!;
      const { onTime, effect } = stopDeadline(d, ctx, 'completion', a.dept, a.completionDue);
      a.state = 'completed';
      a.completion = { at: ctx.at, by: ctx.by, result: ctx.input.result, photos: ctx.input.photos, onTime };
      if (a.role !== 'lead') return [effect, notify('department', 'co_part_completed', d.assignments.find((x) => x.role === 'lead' && x.state !== 'returned')?.dept)];
      d.result = { dept: a.dept, at: ctx.at, text: ctx.input.result, photos: ctx.input.photos };
      return [
        effect,
        ...cascade('whistle_closed', d.caseIds, { whistleId: d._id, result: ctx.input.result, photos: ctx.input.photos }),
        notify('township', 'whistle_completed', d.township),
        notify('whistle_office', 'whistle_completed'),
      ];
    },
  },
  {
    entity: 'whistle',
    action: 'request_extension',
    from: LIVE,
    to: (ctx) => ctx.doc.state,
    roles: DEPT,
    jurisdiction: J.assignedDept,
    requires: I.request_extension,
    label: '申请延期',
    rule: 'M-17',
    precondition: noPendingRequest,
    apply: (d, ctx) => {
      d.requests.push({ kind: 'extension', dept: ctx.binding!.unit, at: ctx.at, by: ctx.by, reason: ctx.input.reason, workingDays: ctx.input.workingDays, status: 'pending' });
      return [notify('whistle_office', 'extension_requested')];
    },
  },
  {
    entity: 'whistle',
    action: 'approve_extension',
    from: LIVE,
    to: (ctx) => ctx.doc.state,
    roles: OFFICE,
    jurisdiction: J.whistleCounty,
    requires: I.approve_extension,
    label: '同意延期',
    rule: 'M-17',
    ...requestPending('extension'),
    apply: (d, ctx) => {
      const r = decideRequest('extension', 'approved')(d, ctx);
      const a = activeAssignment(d, r.dept);
      if (a) {
        const days: number = ctx.input.workingDays ?? r.workingDays ?? 1;
        a.completionDue = endOfCstDay(ctx.calendar.addWorkingDays(cstYmd(new Date(a.completionDue)), days)).toISOString();
        if (a.role === 'lead') d.deadlines.completionDue = a.completionDue;
        ctx.data.completionDue = a.completionDue;
      }
      return [notify('department', 'extension_approved', r.dept)];
    },
  },
  {
    entity: 'whistle',
    action: 'refuse_extension',
    from: LIVE,
    to: (ctx) => ctx.doc.state,
    roles: OFFICE,
    jurisdiction: J.whistleCounty,
    requires: I.refuse_extension,
    label: '不同意延期',
    rule: 'M-17',
    ...requestPending('extension'),
    apply: (d, ctx) => [notify('department', 'extension_refused', decideRequest('extension', 'refused')(d, ctx).dept)],
  },
  {
    entity: 'whistle',
    action: 'return_whistle',
    from: LIVE,
    to: (ctx) => ctx.doc.state,
    roles: DEPT,
    jurisdiction: J.assignedDept,
    requires: I.return_whistle,
    label: '申请退单',
    rule: 'M-17',
    precondition: noPendingRequest,
    apply: (d, ctx) => {
      d.requests.push({ kind: 'return', dept: ctx.binding!.unit, at: ctx.at, by: ctx.by, reason: ctx.input.reason, status: 'pending' });
      return [notify('whistle_office', 'return_requested')];
    },
  },
  {
    entity: 'whistle',
    action: 'approve_return',
    from: LIVE,
    // A returned lead sends the whistle back to the whistle office for re-dispatch.
    to: (ctx) => (activeAssignment(ctx.doc, ctx.input.dept)?.role === 'lead' ? 'submitted' : ctx.doc.state),
    roles: OFFICE,
    jurisdiction: J.whistleCounty,
    requires: I.approve_return,
    label: '同意退单',
    rule: 'M-17',
    ...requestPending('return'),
    apply: (d, ctx) => {
      const r = decideRequest('return', 'approved')(d, ctx);
      const a = activeAssignment(d, r.dept)!;
      a.state = 'returned';
      a.returnedAt = ctx.at;
      const effects: Effect[] = [notify('department', 'return_approved', r.dept)];
      if (a.role === 'lead') {
        d.deadlines.completionDue = null;
        effects.push(notify('whistle_office', 'whistle_needs_redispatch'));
      }
      return effects;
    },
  },
  {
    entity: 'whistle',
    action: 'refuse_return',
    from: LIVE,
    to: (ctx) => ctx.doc.state,
    roles: OFFICE,
    jurisdiction: J.whistleCounty,
    requires: I.refuse_return,
    label: '不同意退单',
    rule: 'M-17',
    ...requestPending('return'),
    apply: (d, ctx) => [notify('department', 'return_refused', decideRequest('return', 'refused')(d, ctx).dept)],
  },
  {
    entity: 'whistle',
    action: 'record_meeting',
    from: ['submitted', ...LIVE],
    to: (ctx) => (ctx.doc.state === 'submitted' ? liveState(ctx.doc) : ctx.doc.state),
    roles: OFFICE,
    jurisdiction: J.whistleCounty,
    requires: I.record_meeting,
    deadline: { starts: ['completion'] },
    label: '会商',
    rule: 'M-15',
    guard: (ctx) =>
      ctx.input.deadline < cstYmd(ctx.now) ? refuse('VALIDATION', '会商确定的办结时限不能早于今天（M-15）', 'M-15') : null,
    apply: (d, ctx) => {
      const { attendees, decision, lead, co, plan, deadline } = ctx.input;
      d.meetings.push({ at: ctx.at, by: ctx.by, attendees, decision, lead, co, plan, deadline });
      return assign(d, ctx, lead, co, endOfCstDay(deadline));
    },
  },
  {
    entity: 'whistle',
    action: 'supervise',
    from: ['submitted', ...LIVE],
    to: (ctx) => ctx.doc.state,
    roles: OFFICE,
    jurisdiction: J.whistleCounty,
    requires: I.supervise,
    label: '挂牌督办',
    rule: 'M-24',
    apply: (d, ctx) => {
      d.supervision.push({ at: ctx.at, by: ctx.by, kind: ctx.input.kind, reason: ctx.input.reason });
      return d.assignments.filter((a) => a.state === 'dispatched' || a.state === 'checked_in').map((a) => notify('department', 'whistle_supervised', a.dept));
    },
  },
  {
    entity: 'whistle',
    action: 'flag_overdue',
    from: [...LIVE, 'completed'],
    to: (ctx) => ctx.doc.state,
    roles: 'system',
    jurisdiction: J.system,
    requires: I.flag_overdue,
    label: '超时预警',
    rule: 'M-24',
    precondition: (doc, _a, _b, now) =>
      openWhistleDeadlines(doc).some((o) => !isMissed(doc, o) && !deadlineMet(now, new Date(o.due)))
        ? null
        : refuse('DEADLINE_NOT_REACHED', '没有超时未处理的时限（M-24）', 'M-24'),
    apply: (d, ctx) => {
      const overdue = openWhistleDeadlines(d).filter((o) => !isMissed(d, o) && !deadlineMet(ctx.now, new Date(o.due)));
      const effects: Effect[] = overdue.map((o) => stopDeadline(d, ctx, o.kind, o.dept, o.due).effect);
      ctx.data.missed = overdue;
      return [...effects, notify('whistle_office', 'whistle_overdue')];
    },
  },
  {
    entity: 'whistle',
    action: 'sla_alert',
    from: [...LIVE, 'completed'],
    to: (ctx) => ctx.doc.state,
    roles: 'system',
    jurisdiction: J.system,
    requires: I.sla_alert,
    label: '临期提醒',
    rule: 'M-24',
    precondition: (doc, _a, _b, now) => (alertDue(doc, now) ? null : refuse('DEADLINE_NOT_REACHED', '没有临近时限的事项（M-24）', 'M-24')),
    apply: (d, ctx) => {
      // 临期 once per deadline: each department is told about its own running deadline (M-24).
      const near = warningsDue(d, runningWhistleDeadlines(d), ctx.now, ctx.county, ctx.calendar);
      near.forEach((o) => recordWarning(d, o, ctx.at));
      ctx.data.warned = near;
      return [...new Set(near.map((o) => o.unit))].map((dept) => notify('department', 'deadline_near', dept));
    },
  },
  attachmentVerdictRow('whistle', Object.keys(WHISTLE_STATE_LABELS) as WhistleState[]),
];
