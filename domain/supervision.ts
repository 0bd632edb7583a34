// 挂牌督办 and 三个必督 (M-24), pure. A supervision lists one open case or whistle with a required response
// date; the named respondent (the township for a case, one assigned department for a whistle) responds
// with text and photos; the whistle office closes it (督办办结) or presses again (再次督办) with a new date.
// Every step is kept on the supervision document and written as an audit event on the supervised item.
// 集中反映 clusters are found among recent open cases: many distinct reporters on one matter type or one
// grid, or one matter type reported from many townships, within a window (county config `supervision`).
import { cstYmd, endOfCstDay, type WorkCalendar } from './calendar';
import { contentHoldRefusal } from './contentCheck';
import type { CountyConfig } from './county';
import { DomainError } from './errors';
import { effectiveBindings } from './roles';
import { activeAssignment } from './table';
import type { Actor, ActorRef, CaseDoc, Entity, IsoTime, Role, WhistleDoc } from './types';

export type SupervisionKind = 'concentrated' | 'near_due' | 'overdue' | 'other';
export type SupervisionState = 'awaiting' | 'responded' | 'closed';
export type SupervisionAction = 'list' | 'respond' | 'press' | 'close';
/** What the board shows: 待回复 / 已回复 / 已办结 / 逾期未回复. */
export type SupervisionBoardState = SupervisionState | 'late';

export const SUPERVISION_KIND_LABELS: Record<SupervisionKind, string> = {
  concentrated: '集中反映',
  near_due: '临期',
  overdue: '超期未结',
  other: '其他',
};
export const SUPERVISION_STATE_LABELS: Record<SupervisionBoardState, string> = {
  awaiting: '待回复',
  responded: '已回复',
  closed: '已办结',
  late: '逾期未回复',
};
export const SUPERVISION_STEP_LABELS: Record<SupervisionAction, string> = {
  list: '挂牌督办',
  respond: '督办回复',
  press: '再次督办',
  close: '督办办结',
};

export interface SupervisionStep {
  action: SupervisionAction;
  by: ActorRef;
  at: IsoTime;
  text: string;
  photos: string[];
  /** Response date set by list / press. */
  respondBy?: IsoTime;
}

export interface SupervisionDoc {
  _id: string;
  county: string;
  township: string;
  target: { entity: Entity; id: string; no: string; title: string };
  kind: SupervisionKind;
  /** Who must respond: the case's township, or one department assigned to the whistle. */
  respondent: { role: 'township' | 'department'; unit: string };
  state: SupervisionState;
  /** 23:59:59 +08:00 of the required response day. */
  respondBy: IsoTime;
  steps: SupervisionStep[];
  version: number;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

const OPEN_CASE_STATES = ['grid_pending', 'grid_claimed', 'community_pending', 'community_claimed', 'township_pending', 'township_claimed', 'follow_up', 'whistled'];
const OPEN_WHISTLE_STATES = ['submitted', 'dispatched', 'in_progress'];

export function boardState(doc: Pick<SupervisionDoc, 'state' | 'respondBy'>, now: Date): SupervisionBoardState {
  return doc.state === 'awaiting' && now.getTime() > Date.parse(doc.respondBy) ? 'late' : doc.state;
}

function refuse(code: ConstructorParameters<typeof DomainError>[0], message: string): DomainError {
  return new DomainError(code, message, { rule: 'M-24' });
}

function binding(actor: Actor, role: Role, unit: string | ((u: string) => boolean)) {
  const test = typeof unit === 'string' ? (u: string) => u === unit : unit;
  const mine = effectiveBindings(actor).filter((b) => b.role === role);
  return { any: mine.length > 0, match: mine.find((b) => test(b.unit)) };
}

/** The whistle office of the item's county, or why not. */
function officeOf(actor: Actor, county: string, label: string): ActorRef {
  const b = binding(actor, 'whistle_office', county);
  if (!b.any) throw refuse('FORBIDDEN_ROLE', `只有县吹哨办可以${label}`);
  if (!b.match) throw refuse('OUT_OF_JURISDICTION', `只能对本县的事项${label}`);
  return { personId: actor.personId, role: 'whistle_office', unit: county };
}

/** Required response day: the given YYYY-MM-DD, else responseWorkingDays working days from now (M-14a). */
export function responseDue(now: Date, ymd: string | undefined, county: CountyConfig, calendar: WorkCalendar): IsoTime {
  if (ymd === undefined) return calendar.workingDaysDue(now, county.supervision.responseWorkingDays).toISOString();
  if (ymd < cstYmd(now)) throw refuse('VALIDATION', '要求回复日期不能早于今天（M-24）');
  return endOfCstDay(ymd).toISOString();
}

export interface ListInput {
  kind: SupervisionKind;
  reason: string;
  respondBy?: string;
  /** Whistles: the department that must respond (default the lead). */
  dept?: string;
}

/** 挂牌: only the county's whistle office, only open items, one open supervision per item and respondent. */
export function listSupervision(args: {
  id: string;
  target: { entity: 'case'; doc: CaseDoc } | { entity: 'whistle'; doc: WhistleDoc };
  input: ListInput;
  actor: Actor;
  now: Date;
  county: CountyConfig;
  calendar: WorkCalendar;
  /** Open supervisions of the same item (state awaiting / responded). */
  open: Pick<SupervisionDoc, 'respondent'>[];
}): SupervisionDoc {
  const { target, input, actor, now } = args;
  const by = officeOf(actor, target.doc.county, '挂牌督办');
  let respondent: SupervisionDoc['respondent'];
  let title: string;
  if (target.entity === 'case') {
    if (!OPEN_CASE_STATES.includes(target.doc.state)) throw refuse('ILLEGAL_TRANSITION', '该事项已办结或已合并，不能挂牌督办（M-24）');
    if (target.doc.state === 'whistled') throw refuse('ILLEGAL_TRANSITION', '该事项已吹哨，请对哨单挂牌督办（M-24）');
    // A case whose photos are still under content check is not visible beyond its grid (issue 5), so not listable.
    const held = contentHoldRefusal(target.doc);
    if (held) throw held;
    respondent = { role: 'township', unit: target.doc.township };
    title = target.doc.text.slice(0, 40);
  } else {
    if (!OPEN_WHISTLE_STATES.includes(target.doc.state)) throw refuse('ILLEGAL_TRANSITION', '只能对待派单或办理中的哨单挂牌督办（M-24）');
    const lead = target.doc.assignments.find((a) => a.role === 'lead' && a.state !== 'returned');
    const dept = input.dept ?? lead?.dept;
    const a = dept ? activeAssignment(target.doc, dept) : undefined;
    if (!dept || !a) throw refuse('VALIDATION', '请选择派给该哨单的部门作为督办对象（M-24）');
    respondent = { role: 'department', unit: dept };
    title = target.doc.title;
  }
  if (args.open.some((s) => s.respondent.unit === respondent.unit)) throw refuse('ILLEGAL_TRANSITION', '该事项已在挂牌督办中，可在督办台再次督办（M-24）');
  const respondBy = responseDue(now, input.respondBy, args.county, args.calendar);
  const at = now.toISOString();
  return {
    _id: args.id,
    county: target.doc.county,
    township: target.doc.township,
    target: { entity: target.entity, id: target.doc._id, no: target.doc.no, title },
    kind: input.kind,
    respondent,
    state: 'awaiting',
    respondBy,
    steps: [{ action: 'list', by, at, text: input.reason, photos: [], respondBy }],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

export interface StepInput {
  text: string;
  photos?: string[];
  respondBy?: string;
}

/** 回复 (respondent), 再次督办 / 督办办结 (whistle office). Returns the next version. */
export function supervisionStep(
  doc: SupervisionDoc,
  action: Exclude<SupervisionAction, 'list'>,
  input: StepInput,
  actor: Actor,
  now: Date,
  county: CountyConfig,
  calendar: WorkCalendar,
  expectedVersion?: number,
): SupervisionDoc {
  if (expectedVersion !== undefined && expectedVersion !== doc.version) throw new DomainError('STALE_VERSION');
  let by: ActorRef;
  let state: SupervisionState;
  let respondBy: IsoTime | undefined;
  if (action === 'respond') {
    const { role, unit } = doc.respondent;
    const b = binding(actor, role, unit);
    if (!b.any) throw refuse('FORBIDDEN_ROLE', role === 'department' ? '只有被督办的部门可以回复' : '只有被督办的乡镇（街道）可以回复');
    if (!b.match) throw refuse('OUT_OF_JURISDICTION', '只能回复督办本单位的事项（M-24）');
    if (doc.state !== 'awaiting') throw refuse('ILLEGAL_TRANSITION', doc.state === 'closed' ? '督办已办结（M-24）' : '已回复，等待吹哨办处理（M-24）');
    by = { personId: actor.personId, role, unit };
    state = 'responded';
  } else {
    by = officeOf(actor, doc.county, action === 'press' ? '再次督办' : '督办办结');
    if (doc.state === 'closed') throw refuse('ILLEGAL_TRANSITION', '督办已办结（M-24）');
    if (action === 'press') {
      respondBy = responseDue(now, input.respondBy, county, calendar);
      state = 'awaiting';
    } else {
      state = 'closed';
    }
  }
  const step: SupervisionStep = { action, by, at: now.toISOString(), text: input.text, photos: input.photos ?? [] };
  if (respondBy) step.respondBy = respondBy;
  return {
    ...doc,
    state,
    respondBy: respondBy ?? doc.respondBy,
    steps: [...doc.steps, step],
    version: doc.version + 1,
    updatedAt: step.at,
  };
}

// ---- 集中反映 (M-24) ----

export interface RecentCase {
  _id: string;
  no: string;
  matterType: string | null;
  township: string;
  grid: string;
  state: string;
  reporter: { openid: string };
  linkedReporters: { openid: string }[];
  createdAt: IsoTime;
}

export interface Cluster {
  by: 'matterType' | 'grid';
  key: string;
  reporters: number;
  townships: number;
  caseIds: string[];
  /** Why it counts: reporters ≥ minReporters and/or townships ≥ minTownships. */
  reasons: ('reporters' | 'townships')[];
}

const CLOSED = new Set(['resolved', 'closed', 'merged']);

/** Start of the 集中反映 window (windowDays calendar days back from now). */
export function concentratedSince(now: Date, county: CountyConfig): IsoTime {
  return new Date(now.getTime() - county.supervision.concentrated.windowDays * 86_400_000).toISOString();
}

/**
 * Open cases created in the window, grouped by matter type and by grid; a group is 集中反映 when it has at
 * least minReporters distinct reporters (linked reporters of merged duplicates count, M-6), or — for a
 * matter type — reports from at least minTownships townships. Largest first.
 */
export function concentratedClusters(cases: RecentCase[], now: Date, county: CountyConfig): Cluster[] {
  const { minReporters, minTownships } = county.supervision.concentrated;
  const since = concentratedSince(now, county);
  const groups = new Map<string, { by: Cluster['by']; key: string; reporters: Set<string>; townships: Set<string>; caseIds: string[] }>();
  for (const c of cases) {
    if (CLOSED.has(c.state) || c.createdAt < since) continue;
    const keys: [Cluster['by'], string | null][] = [
      ['matterType', c.matterType],
      ['grid', c.grid],
    ];
    for (const [by, key] of keys) {
      if (!key) continue;
      const id = `${by}:${key}`;
      const g = groups.get(id) ?? { by, key, reporters: new Set<string>(), townships: new Set<string>(), caseIds: [] };
      [c.reporter.openid, ...c.linkedReporters.map((r) => r.openid)].filter(Boolean).forEach((o) => g.reporters.add(o));
      g.townships.add(c.township);
      g.caseIds.push(c._id);
      groups.set(id, g);
    }
  }
  const out: Cluster[] = [];
  for (const g of groups.values()) {
    const reasons: Cluster['reasons'] = [];
    if (g.reporters.size >= minReporters) reasons.push('reporters');
    if (g.by === 'matterType' && g.townships.size >= minTownships) reasons.push('townships');
    if (reasons.length) out.push({ by: g.by, key: g.key, reporters: g.reporters.size, townships: g.townships.size, caseIds: g.caseIds, reasons });
  }
  return out.sort((a, b) => b.reporters - a.reporters || b.townships - a.townships || a.key.localeCompare(b.key));
}
