// Evaluations of departments on a whistle, kept separately by who evaluates (M-22):
// - township: the whistling township's 党建办 rates each department on four dimensions (M-19),
//   one matter one evaluation, one department one evaluation (一事一评、一部门一评);
// - co_handler: the lead department scores each co-handler's cooperation (M-20);
// - third_party: an optional third-party evaluation, entered by the 吹哨办 on the third party's behalf (M-22).
// Resident ratings (M-21) stay on the cases. Pure rules: no clock, ids and time are passed in.
import { z } from 'zod';
import { DomainError } from './errors';
import { effectiveBindings } from './roles';
import type { Actor, ActorRef, Assignment, IsoTime, RoleBinding, WhistleDoc } from './types';

export const EVALUATION_GRADES = ['非常满意', '满意', '基本满意', '不满意'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];

/** The four dimensions of M-19. */
export const EVALUATION_DIMENSIONS = ['checkIn', 'handling', 'satisfaction', 'duty'] as const;
export type EvaluationDimension = (typeof EVALUATION_DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<EvaluationDimension, string> = {
  checkIn: '报到效率',
  handling: '事项办理',
  satisfaction: '群众满意度',
  duty: '履职尽责',
};

export const EVALUATION_KINDS = ['township', 'co_handler', 'third_party'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];
export const EVALUATION_KIND_LABELS: Record<EvaluationKind, string> = {
  township: '乡镇（街道）评价',
  co_handler: '主办单位对协办单位评分',
  third_party: '第三方评价',
};

const grade = z.enum(EVALUATION_GRADES, { errorMap: () => ({ message: '请选择：非常满意、满意、基本满意或不满意' }) });
const comment = z.string().trim().max(500, '意见请控制在500字以内').optional();

export const DimensionGradesSchema = z.object({ checkIn: grade, handling: grade, satisfaction: grade, duty: grade });
export type DimensionGrades = z.infer<typeof DimensionGradesSchema>;

export interface EvaluationDoc {
  /** `${kind}_${whistleId}_${dept}`: one evaluation per kind, whistle and department (M-19). */
  _id: string;
  kind: EvaluationKind;
  whistleId: string;
  whistleNo: string;
  county: string;
  township: string;
  dept: string;
  /** The department's role on the whistle when evaluated. */
  role: Assignment['role'];
  /** township / third_party: the four dimensions (M-19, M-22). */
  grades: DimensionGrades | null;
  /** co_handler: the cooperation grade (M-20). */
  cooperation: EvaluationGrade | null;
  comment: string;
  /** third_party: who evaluated (e.g. 某第三方评估机构). */
  evaluator: string | null;
  by: ActorRef;
  at: IsoTime;
}

export const evaluationId = (kind: EvaluationKind, whistleId: string, dept: string) => `${kind}_${whistleId}_${dept}`;

/** The department's current (not returned) assignment on the whistle. */
function assignmentOf(w: WhistleDoc, dept: string): Assignment {
  const a = w.assignments.find((x) => x.dept === dept && x.state !== 'returned');
  if (!a) throw new DomainError('VALIDATION', '该部门不是本哨单的主办或协办单位（M-15）', { rule: 'M-15' });
  return a;
}

function binding(actor: Actor, role: RoleBinding['role']): RoleBinding | undefined {
  return effectiveBindings(actor).find((b) => b.role === role);
}

function ref(b: RoleBinding, actor: Actor): ActorRef {
  return { personId: actor.personId, role: b.role, unit: b.unit };
}

const notCompleted = (rule: string, message: string) => new DomainError('ILLEGAL_TRANSITION', message, { rule });

export interface EvaluationRequest {
  whistle: WhistleDoc;
  dept: string;
  actor: Actor;
  now: Date;
}

function base(kind: EvaluationKind, r: EvaluationRequest, a: Assignment, by: ActorRef): Omit<EvaluationDoc, 'grades' | 'cooperation' | 'comment' | 'evaluator'> {
  const w = r.whistle;
  return { _id: evaluationId(kind, w._id, r.dept), kind, whistleId: w._id, whistleNo: w.no, county: w.county, township: w.township, dept: r.dept, role: a.role, by, at: r.now.toISOString() };
}

/** M-19: only the 党建办 of the township that blew the whistle, only after that department completed its part. */
export function townshipEvaluation(r: EvaluationRequest, input: { grades: DimensionGrades; comment?: string }): EvaluationDoc {
  const b = binding(r.actor, 'township');
  if (!b) throw new DomainError('FORBIDDEN_ROLE', '只有乡镇（街道）党建办可以评价部门（M-19）', { rule: 'M-19' });
  const own = effectiveBindings(r.actor).find((x) => x.role === 'township' && x.unit === r.whistle.township);
  if (!own) throw new DomainError('OUT_OF_JURISDICTION', '只有吹哨的乡镇（街道）可以评价本哨单的部门（M-19）', { rule: 'M-19' });
  const a = assignmentOf(r.whistle, r.dept);
  if (a.state !== 'completed') throw notCompleted('M-19', '该部门办结后才能评价（M-19）');
  return { ...base('township', r, a, ref(own, r.actor)), grades: input.grades, cooperation: null, comment: input.comment ?? '', evaluator: null };
}

/** M-20: the lead department, after it completed the whistle, scores each co-handling department. */
export function coHandlerScore(r: EvaluationRequest, input: { cooperation: EvaluationGrade; comment?: string }): EvaluationDoc {
  const depts = effectiveBindings(r.actor).filter((b) => b.role === 'department');
  if (!depts.length) throw new DomainError('FORBIDDEN_ROLE', '只有主办单位可以为协办单位评分（M-20）', { rule: 'M-20' });
  const lead = r.whistle.assignments.find((x) => x.role === 'lead' && x.state !== 'returned');
  const own = depts.find((b) => b.unit === lead?.dept);
  if (!lead || !own) throw new DomainError('OUT_OF_JURISDICTION', '只有本哨单的主办单位可以为协办单位评分（M-20）', { rule: 'M-20' });
  const a = assignmentOf(r.whistle, r.dept);
  if (a.role !== 'co') throw new DomainError('VALIDATION', '只能为协办单位评分（M-20）', { rule: 'M-20' });
  if (lead.state !== 'completed') throw notCompleted('M-20', '主办单位办结后才能为协办单位评分（M-20）');
  return { ...base('co_handler', r, a, ref(own, r.actor)), grades: null, cooperation: input.cooperation, comment: input.comment ?? '', evaluator: null };
}

/** M-22: the county's 吹哨办 records a third party's evaluation of a department that completed its part. */
export function thirdPartyEvaluation(r: EvaluationRequest, input: { grades: DimensionGrades; evaluator: string; comment?: string }): EvaluationDoc {
  const own = effectiveBindings(r.actor).find((b) => b.role === 'whistle_office' && b.unit === r.whistle.county);
  if (!own) throw new DomainError('FORBIDDEN_ROLE', '只有县吹哨办可以录入第三方评价（M-22）', { rule: 'M-22' });
  const a = assignmentOf(r.whistle, r.dept);
  if (a.state !== 'completed') throw notCompleted('M-22', '该部门办结后才能录入第三方评价（M-22）');
  return { ...base('third_party', r, a, ref(own, r.actor)), grades: input.grades, cooperation: null, comment: input.comment ?? '', evaluator: input.evaluator };
}

export const alreadyEvaluated = (kind: EvaluationKind) =>
  new DomainError(
    'ALREADY_RATED',
    kind === 'co_handler' ? '已为该协办单位评分，不能重复评分（M-20）' : '该部门在本哨单已评价，一事一评、一部门一评（M-19）',
    { rule: kind === 'co_handler' ? 'M-20' : 'M-19' },
  );

/** What the caller may still evaluate on this whistle (for the whistle page). */
export function pendingEvaluations(w: WhistleDoc, actor: Actor, done: Pick<EvaluationDoc, 'kind' | 'dept'>[]): { kind: EvaluationKind; dept: string }[] {
  const has = (kind: EvaluationKind, dept: string) => done.some((e) => e.kind === kind && e.dept === dept);
  const live = w.assignments.filter((a) => a.state !== 'returned');
  const bs = effectiveBindings(actor);
  const out: { kind: EvaluationKind; dept: string }[] = [];
  if (bs.some((b) => b.role === 'township' && b.unit === w.township)) {
    for (const a of live) if (a.state === 'completed' && !has('township', a.dept)) out.push({ kind: 'township', dept: a.dept });
  }
  const lead = live.find((a) => a.role === 'lead');
  if (lead?.state === 'completed' && bs.some((b) => b.role === 'department' && b.unit === lead.dept)) {
    for (const a of live) if (a.role === 'co' && !has('co_handler', a.dept)) out.push({ kind: 'co_handler', dept: a.dept });
  }
  if (bs.some((b) => b.role === 'whistle_office' && b.unit === w.county)) {
    for (const a of live) if (a.state === 'completed' && !has('third_party', a.dept)) out.push({ kind: 'third_party', dept: a.dept });
  }
  return out;
}
