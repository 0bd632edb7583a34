// evaluation: township, co-handler and third-party evaluations (M-19, M-20, M-22), the departments'
// composite assessment with ranking and drill-down (M-23, M-25), and XLSX exports (issue 7 §7).
// Thin: validate → identity from OPENID → the domain decides (domain/evaluation.ts, domain/assessment.ts)
// → the evaluation and its audit event are written in one transaction.
import { CASE_STATE_LABELS, CHANNEL_LABELS, ROLE_LABELS, canView, effectiveBindings, maskPhone, type Actor, type CaseDoc, type WhistleDoc } from '../../domain';
import { CLEARED_BEYOND_GRID } from '../../domain/contentCheck';
import { assessDepartments, lateCheckInsByPerson, parsePeriod } from '../../domain/assessment';
import { DomainError } from '../../domain/errors';
import {
  DIMENSION_LABELS,
  EVALUATION_DIMENSIONS,
  EVALUATION_KIND_LABELS,
  alreadyEvaluated,
  coHandlerScore,
  pendingEvaluations,
  thirdPartyEvaluation,
  townshipEvaluation,
  type EvaluationDoc,
  type EvaluationRequest,
} from '../../domain/evaluation';
import { api } from '../../domain/api';
import type { AssessmentView, CaseListRow, CaseListView, EvaluationView, WhistleEvaluations } from '../../domain/api/evaluation';
import { loadCounty, type CountyContext } from '../../server/county';
import { COLLECTIONS, readAll, readOne, runTransaction } from '../../server/db';
import { createFunction, type CallContext } from '../../server/handler';
import { requireById } from '../../server/store';
import { EVALUATIONS, readEvery, readPeriod } from './read';
import { assessmentWorkbook, caseWorkbook, storeWorkbook } from './xlsx';

/** At most this many cases in one list or export. */
const CASE_LIST_MAX = 5000;
const ASSIGNMENT_ROLE = { lead: '主办单位', co: '协办单位' } as const;

function toView(e: EvaluationDoc, env: CountyContext): EvaluationView {
  const unit = env.org.unitName(e.by.unit);
  return {
    id: e._id,
    kind: e.kind,
    kindLabel: EVALUATION_KIND_LABELS[e.kind],
    whistleId: e.whistleId,
    dept: e.dept,
    deptName: env.org.unitName(e.dept),
    roleLabel: ASSIGNMENT_ROLE[e.role],
    grades: e.grades ? EVALUATION_DIMENSIONS.map((d) => ({ dimension: d, label: DIMENSION_LABELS[d], grade: e.grades![d] })) : null,
    cooperation: e.cooperation,
    comment: e.comment,
    evaluator: e.evaluator,
    at: e.at,
    byLabel: e.by.role === 'system' ? '系统' : `${unit} · ${ROLE_LABELS[e.by.role]}`,
  };
}

/** Departments see their own evaluations; the township, the whistle office and leaders see all of the whistle's. */
function visibleEvaluations(w: WhistleDoc, actor: Actor, all: EvaluationDoc[]): EvaluationDoc[] {
  const bs = effectiveBindings(actor);
  const wide = bs.some((b) => (b.role === 'township' && b.unit === w.township) || (['whistle_office', 'leader', 'admin'].includes(b.role) && b.unit === w.county));
  if (wide) return all;
  const depts = new Set(bs.filter((b) => b.role === 'department').map((b) => b.unit));
  const lead = w.assignments.find((a) => a.role === 'lead' && a.state !== 'returned')?.dept;
  return all.filter((e) => depts.has(e.dept) || (e.kind === 'co_handler' && lead !== undefined && depts.has(lead)));
}

async function visibleWhistle(ctx: CallContext, whistleId: string): Promise<WhistleDoc> {
  const w = await requireById(ctx.db, 'whistle', whistleId);
  if (!canView('whistle', w, ctx.actor)) throw new DomainError('OUT_OF_JURISDICTION', '该哨单不在您的管辖范围内');
  return w;
}

async function forWhistle(ctx: CallContext, env: CountyContext, w: WhistleDoc): Promise<WhistleEvaluations> {
  const all = await readAll<EvaluationDoc>(ctx.db.collection(EVALUATIONS).where({ whistleId: w._id }).limit(100));
  return {
    evaluations: visibleEvaluations(w, ctx.actor, all).map((e) => toView(e, env)),
    pending: pendingEvaluations(w, ctx.actor, all).map((p) => ({ ...p, kindLabel: EVALUATION_KIND_LABELS[p.kind], deptName: env.org.unitName(p.dept) })),
  };
}

/** Stores a new evaluation with its audit event; the deterministic id and the unique index keep it one per kind, whistle and department. */
async function record(ctx: CallContext, env: CountyContext, w: WhistleDoc, doc: EvaluationDoc): Promise<WhistleEvaluations> {
  const exists = () => readOne<EvaluationDoc>(ctx.db.collection(EVALUATIONS), doc._id);
  if (await exists()) throw alreadyEvaluated(doc.kind);
  const { _id, ...data } = doc;
  const event = {
    entity: 'evaluation',
    entityId: _id,
    action: doc.kind,
    actor: doc.by,
    at: doc.at,
    before: { state: '', version: 0 },
    after: { state: 'recorded', version: 1 },
    data: { whistleId: doc.whistleId, dept: doc.dept, grades: doc.grades, cooperation: doc.cooperation, comment: doc.comment, evaluator: doc.evaluator },
    rule: doc.kind === 'co_handler' ? 'M-20' : doc.kind === 'township' ? 'M-19' : 'M-22',
  };
  try {
    await runTransaction(ctx.db, async (tx) => {
      await tx.collection(EVALUATIONS).add({ data: { _id, ...data } });
      await tx.collection('events').add({ data: event });
    });
  } catch (err) {
    if (await exists()) throw alreadyEvaluated(doc.kind);
    throw err;
  }
  return forWhistle(ctx, env, w);
}

/** evaluate / scoreCoHandler / thirdParty: one department's evaluation of a whistle the caller may see. */
async function evaluateWhistle(ctx: CallContext, input: { whistleId: string; dept: string }, build: (r: EvaluationRequest) => EvaluationDoc): Promise<WhistleEvaluations> {
  const env = await loadCounty(ctx.db);
  const w = await visibleWhistle(ctx, input.whistleId);
  return record(ctx, env, w, build({ whistle: w, dept: input.dept, actor: ctx.actor, now: ctx.now }));
}

/** The assessment and the case lists are for the county's 吹哨办 and leaders. */
function requireCountyReader(actor: Actor, env: CountyContext): void {
  const county = env.county.county.code;
  if (!effectiveBindings(actor).some((b) => ['whistle_office', 'leader', 'admin'].includes(b.role) && b.unit === county)) {
    throw new DomainError('FORBIDDEN_ROLE', '只有县吹哨办和县领导可以查看考核与导出（M-23）', { rule: 'M-23' });
  }
}

async function assessment(ctx: CallContext, env: CountyContext, periodKey: string): Promise<AssessmentView> {
  requireCountyReader(ctx.actor, env);
  const period = parsePeriod(periodKey);
  const config = env.county.assessment;
  const data = await readPeriod(ctx.db, env, period, ctx.now);
  const rows = assessDepartments(
    env.county.departments.map((d) => d.code),
    data.facts,
    data.evaluations,
    config,
  ).map((r) => ({ ...r, deptName: env.org.unitName(r.dept) }));
  const whistles: AssessmentView['whistles'] = {};
  for (const w of data.whistles) whistles[w._id] = { no: w.no, title: w.title, townshipName: env.org.unitName(w.township) };
  return {
    period,
    config,
    rows,
    lateCheckIns: lateCheckInsByPerson(data.facts).map((p) => ({ ...p, deptName: env.org.unitName(p.dept) })),
    whistles,
  };
}

const CST_MS = 8 * 3600 * 1000;
const cstMinute = (iso: string) => new Date(new Date(iso).getTime() + CST_MS).toISOString().slice(0, 16).replace('T', ' ');

/** One exported case. Anonymous reporters stay anonymous: no openid, no phone, only 匿名. */
function caseRow(c: CaseDoc, env: CountyContext): CaseListRow {
  const matter = c.matterType ? env.county.matterTypes.find((m) => m.code === c.matterType) : undefined;
  const reporter = c.reporter.anonymous ? '匿名' : c.reporter.phone ? `实名（${maskPhone(c.reporter.phone)}）` : '实名';
  return {
    id: c._id,
    no: c.no,
    createdAt: cstMinute(c.createdAt),
    townshipName: env.org.unitName(c.township),
    communityName: env.org.unitName(c.community),
    gridName: env.org.unitName(c.grid),
    matterTypeName: matter?.name ?? '待分类',
    channelLabel: CHANNEL_LABELS[c.channel],
    stateLabel: CASE_STATE_LABELS[c.state],
    reporter,
    reporterCount: 1 + c.linkedReporters.length,
    whistled: c.whistleId ? '是' : '否',
    rating: c.rating ? (c.rating.score ?? '超期未评价') : '',
    text: c.text,
  };
}

async function caseList(ctx: CallContext, env: CountyContext, input: { period: string; township?: string }): Promise<CaseListView> {
  requireCountyReader(ctx.actor, env);
  const period = parsePeriod(input.period);
  if (input.township && !env.org.township(input.township)) throw new DomainError('NOT_FOUND', `未找到乡镇（街道）：${input.township}`);
  const _ = ctx.db.command;
  // Only cases cleared by the content check (issue 5 §7): photos still pending or in review stay in the grid.
  const scope = input.township ? { township: input.township } : { county: env.county.county.code };
  const where = { ...scope, ...CLEARED_BEYOND_GRID, createdAt: _.gte(period.from).and(_.lt(period.to)) };
  // Indexes county_created / township_created (area, visibleBeyondGrid, createdAt).
  const docs = await readEvery<CaseDoc>(ctx.db.collection(COLLECTIONS.case).where(where).orderBy('createdAt', 'asc').orderBy('_id', 'asc') as never, CASE_LIST_MAX + 1);
  return { period, rows: docs.slice(0, CASE_LIST_MAX).map((c) => caseRow(c, env)), truncated: docs.length > CASE_LIST_MAX };
}

const stamp = (now: Date) => new Date(now.getTime() + CST_MS).toISOString().slice(0, 19).replace(/[-:T]/g, '');

export const main = createFunction(api.evaluation, {
  async forWhistle(ctx, input) {
    const env = await loadCounty(ctx.db);
    return forWhistle(ctx, env, await visibleWhistle(ctx, input.whistleId));
  },

  async evaluate(ctx, input) {
    return evaluateWhistle(ctx, input, (r) => townshipEvaluation(r, input));
  },

  async scoreCoHandler(ctx, input) {
    return evaluateWhistle(ctx, input, (r) => coHandlerScore(r, input));
  },

  async thirdParty(ctx, input) {
    return evaluateWhistle(ctx, input, (r) => thirdPartyEvaluation(r, input));
  },

  async assessment(ctx, input) {
    const env = await loadCounty(ctx.db);
    return assessment(ctx, env, input.period);
  },

  async exportAssessment(ctx, input) {
    const env = await loadCounty(ctx.db);
    const view = await assessment(ctx, env, input.period);
    const fileName = `部门综合考核-${view.period.key}.xlsx`;
    return storeWorkbook(assessmentWorkbook(view), `exports/assessment/${view.period.key}-${stamp(ctx.now)}-${ctx.requestId.slice(0, 8)}.xlsx`, fileName, view.rows.length);
  },

  async caseList(ctx, input) {
    const env = await loadCounty(ctx.db);
    return caseList(ctx, env, input);
  },

  async exportCases(ctx, input) {
    const env = await loadCounty(ctx.db);
    const view = await caseList(ctx, env, input);
    const scope = input.township ? `${input.township}-` : '';
    const fileName = `诉求清单-${scope}${view.period.key}.xlsx`;
    return storeWorkbook(caseWorkbook(view), `exports/cases/${scope}${view.period.key}-${stamp(ctx.now)}-${ctx.requestId.slice(0, 8)}.xlsx`, fileName, view.rows.length);
  },
});
