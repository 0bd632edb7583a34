// Shapes of the transition table rows and the helpers rows share.
import type { z } from 'zod';
import type { CountyConfig } from './county';
import type { WorkCalendar } from './calendar';
import { DomainError } from './errors';
import type { Org } from './org';
import type {
  Actor,
  ActorRef,
  ActionOf,
  CaseDoc,
  CaseLevel,
  CaseState,
  DeadlineKind,
  DocOf,
  Effect,
  Entity,
  Role,
  RoleBinding,
  StateOf,
  WhistleDoc,
  WhistleState,
} from './types';

export interface RowContext<E extends Entity = Entity> {
  entity: E;
  /** The document before the action (read-only). */
  doc: DocOf<E>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  input: any; // validated by row.requires
  actor: Actor;
  /** The binding the actor acts with (null for the system actor). */
  binding: RoleBinding | null;
  by: ActorRef;
  now: Date;
  at: string;
  county: CountyConfig;
  calendar: WorkCalendar;
  org: Org;
  /** Target state, resolved before apply runs. */
  to: StateOf<E>;
  /** Extra facts apply() wants recorded in the audit event's data. */
  data: Record<string, unknown>;
}

export interface Jurisdiction<E extends Entity = Entity> {
  id: string;
  /** Chinese description, used in OUT_OF_JURISDICTION messages. */
  label: string;
  test(binding: RoleBinding, doc: DocOf<E>, actor: Actor): boolean;
}

export interface TransitionRow<E extends Entity = Entity> {
  entity: E;
  action: ActionOf<E>;
  from: StateOf<E>[];
  /** Case rows only: the row applies when the case sits at this level. */
  level?: CaseLevel;
  to: StateOf<E> | ((ctx: Omit<RowContext<E>, 'to' | 'data'>) => StateOf<E>);
  /** Roles allowed, or 'system' for scheduled actions by SYSTEM_ACTOR. */
  roles: readonly Role[] | 'system';
  jurisdiction: Jurisdiction<E>;
  requires: z.ZodTypeAny;
  deadline?: { starts?: DeadlineKind[]; stops?: DeadlineKind[] };
  /** Chinese button label. */
  label: string;
  rule: string;
  /** Preconditions beyond state/role/jurisdiction that do not depend on input (shown in availableActions). */
  precondition?: (doc: DocOf<E>, actor: Actor, binding: RoleBinding | null, now: Date) => DomainError | null;
  /** Input-dependent checks; throw or return an error. */
  guard?: (ctx: RowContext<E>) => DomainError | null;
  /** Explains a refusal better than "wrong state" (e.g. ALREADY_RATED). */
  refuseOutsideFrom?: (doc: DocOf<E>) => DomainError | null;
  /** Mutates the cloned document; returns side effects. */
  apply?: (draft: DocOf<E>, ctx: RowContext<E>) => Effect[] | void;
}

export type CaseRow = TransitionRow<'case'>;
export type WhistleRow = TransitionRow<'whistle'>;

// ---- levels ----
export const LEVELS: readonly CaseLevel[] = ['grid', 'community', 'township'];
export const LEVEL_ROLE: Record<CaseLevel, Role> = { grid: 'grid_worker', community: 'community', township: 'township' };
export const LEVEL_LABELS: Record<CaseLevel, string> = { grid: '网格', community: '村(社区)', township: '乡镇(街道)' };

export const pendingState = (l: CaseLevel) => `${l}_pending` as CaseState;
export const claimedState = (l: CaseLevel) => `${l}_claimed` as CaseState;
export const nextLevel = (l: CaseLevel): CaseLevel | undefined => LEVELS[LEVELS.indexOf(l) + 1];
export const levelUnit = (doc: CaseDoc, l: CaseLevel): string => doc[l];

/** States in which a level must claim the case within its time limit (M-11). */
export function awaitingClaim(state: CaseState): boolean {
  return state.endsWith('_pending') || state === 'follow_up';
}

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  grid_pending: '待网格认领',
  grid_claimed: '网格处理中',
  community_pending: '待村(社区)认领',
  community_claimed: '村(社区)处理中',
  township_pending: '待乡镇(街道)认领',
  township_claimed: '乡镇(街道)处理中',
  whistled: '已吹哨',
  resolved: '已办结待评价',
  closed: '已结案',
  follow_up: '回访跟进中',
  merged: '已合并',
};

export const WHISTLE_STATE_LABELS: Record<WhistleState, string> = {
  draft: '草稿',
  proposed: '已提出',
  collected: '已收集',
  reviewed: '已审核',
  rejected: '审核未通过',
  submitted: '待派单',
  dispatched: '已派单待报到',
  in_progress: '办理中',
  completed: '已办结',
};

export function stateLabel(entity: Entity, state: string): string {
  return entity === 'case' ? (CASE_STATE_LABELS[state as CaseState] ?? state) : (WHISTLE_STATE_LABELS[state as WhistleState] ?? state);
}

// ---- jurisdiction rules ----
const ROLE_UNIT_OF_CASE: Partial<Record<Role, (doc: CaseDoc) => string>> = {
  grid_worker: (d) => d.grid,
  community: (d) => d.community,
  township: (d) => d.township,
  whistle_office: (d) => d.county,
  leader: (d) => d.county,
  admin: (d) => d.county,
};

export function isCaseReporter(doc: CaseDoc, actor: Actor): boolean {
  return !!actor.openid && (doc.reporter.openid === actor.openid || doc.linkedReporters.some((r) => r.openid === actor.openid));
}

/** The staff member who registered the case on a visit (M-4): they may follow it, not act on it. */
export function isCaseRegistrar(doc: CaseDoc, actor: Actor): boolean {
  return !!actor.personId && doc.registeredBy === actor.personId;
}

export const J = {
  /** Staff of the case's own grid / community / township (by the binding's role). */
  caseUnit: {
    id: 'case_unit',
    label: '本辖区',
    test: (b, doc) => ROLE_UNIT_OF_CASE[b.role]?.(doc) === b.unit,
  } satisfies Jurisdiction<'case'>,
  /** Staff of the level currently responsible for the case, or the whistle office. */
  caseCurrentLevel: {
    id: 'case_current_level',
    label: '当前由本级负责的事项',
    test: (b, doc) => (b.role === 'whistle_office' || LEVEL_ROLE[doc.level] === b.role) && ROLE_UNIT_OF_CASE[b.role]?.(doc) === b.unit,
  } satisfies Jurisdiction<'case'>,
  reporter: {
    id: 'reporter',
    label: '本人反映的事项',
    test: (_b, doc, actor) => isCaseReporter(doc, actor),
  } satisfies Jurisdiction<'case'>,
  whistleTownship: {
    id: 'whistle_township',
    label: '本乡镇(街道)',
    test: (b, doc) => b.unit === doc.township,
  } satisfies Jurisdiction<'whistle'>,
  whistleCounty: {
    id: 'whistle_county',
    label: '本县',
    test: (b, doc) => b.unit === doc.county,
  } satisfies Jurisdiction<'whistle'>,
  assignedDept: {
    id: 'assigned_dept',
    label: '派给本部门的哨',
    test: (b, doc) => activeAssignment(doc, b.unit) !== undefined,
  } satisfies Jurisdiction<'whistle'>,
  system: { id: 'system', label: '系统', test: () => true } satisfies Jurisdiction,
};

export function activeAssignment(doc: WhistleDoc, dept: string) {
  return doc.assignments.find((a) => a.dept === dept && a.state !== 'returned');
}

export function refuse(code: ConstructorParameters<typeof DomainError>[0], message: string, rule?: string): DomainError {
  return new DomainError(code, message, { rule });
}
