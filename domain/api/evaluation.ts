// The evaluation function's actions: evaluations (M-19, M-20, M-22), the composite assessment (M-23, M-25)
// and XLSX exports of the assessment and of case lists (issue 7 §7).
import { z } from 'zod';
import { PERIOD_PATTERN, type DepartmentAssessment, type Period, type PersonLateCheckIns } from '../assessment';
import type { AssessmentConfig } from '../county';
import { DimensionGradesSchema, EVALUATION_GRADES, type EvaluationDimension, type EvaluationGrade, type EvaluationKind } from '../evaluation';
import { defineAction } from './spec';
import { codeSchema, idSchema } from './inputs';

const comment = z.string().trim().max(500, '意见请控制在500字以内').optional();
const grade = z.enum(EVALUATION_GRADES, { errorMap: () => ({ message: '请选择：非常满意、满意、基本满意或不满意' }) });
export const periodSchema = z.string().trim().regex(PERIOD_PATTERN, '考核周期格式应为 2026、2026-Q4 或 2026-11');

export const evaluateInput = z.object({ whistleId: idSchema, dept: codeSchema, grades: DimensionGradesSchema, comment }).strict();
export const scoreCoHandlerInput = z.object({ whistleId: idSchema, dept: codeSchema, cooperation: grade, comment }).strict();
export const thirdPartyInput = z
  .object({ whistleId: idSchema, dept: codeSchema, evaluator: z.string().trim().min(1, '请填写第三方名称').max(100), grades: DimensionGradesSchema, comment })
  .strict();
export const assessmentInput = z.object({ period: periodSchema }).strict();
export const caseListInput = z.object({ period: periodSchema, township: codeSchema.optional() }).strict();

export interface EvaluationView {
  id: string;
  kind: EvaluationKind;
  kindLabel: string;
  whistleId: string;
  dept: string;
  deptName: string;
  roleLabel: string;
  grades: { dimension: EvaluationDimension; label: string; grade: EvaluationGrade }[] | null;
  cooperation: EvaluationGrade | null;
  comment: string;
  evaluator: string | null;
  at: string;
  byLabel: string;
}

export interface WhistleEvaluations {
  evaluations: EvaluationView[];
  /** What the caller may still evaluate on this whistle. */
  pending: { kind: EvaluationKind; kindLabel: string; dept: string; deptName: string }[];
}

export type AssessmentRow = DepartmentAssessment & { deptName: string };

export interface AssessmentView {
  period: Period;
  config: AssessmentConfig;
  rows: AssessmentRow[];
  lateCheckIns: (PersonLateCheckIns & { deptName: string })[];
  /** Whistles behind the numbers (drill-down), by id. */
  whistles: Record<string, { no: string; title: string; townshipName: string }>;
}

export interface CaseListRow {
  id: string;
  no: string;
  /** 2026-11-23 09:30 (CST) */
  createdAt: string;
  townshipName: string;
  communityName: string;
  gridName: string;
  matterTypeName: string;
  channelLabel: string;
  stateLabel: string;
  /** 匿名 for anonymous reporters; otherwise 实名 with a masked phone when there is one. */
  reporter: string;
  reporterCount: number;
  whistled: string;
  rating: string;
  text: string;
}

export interface CaseListView {
  period: Period;
  rows: CaseListRow[];
  /** More cases than one list holds (CASE_LIST_MAX): narrow the period or the township. */
  truncated: boolean;
}

export interface ExportResult {
  fileID: string;
  url: string;
  fileName: string;
  rows: number;
}

export const evaluationApi = {
  /** Evaluations of one whistle the caller may see, and what the caller may still evaluate. */
  forWhistle: defineAction<WhistleEvaluations>()(z.object({ whistleId: idSchema }).strict()),
  /** Township 党建办 rates one department on four dimensions (M-19). */
  evaluate: defineAction<WhistleEvaluations>()(evaluateInput),
  /** The lead department scores one co-handler's cooperation (M-20). */
  scoreCoHandler: defineAction<WhistleEvaluations>()(scoreCoHandlerInput),
  /** The 吹哨办 records a third party's evaluation (M-22). */
  thirdParty: defineAction<WhistleEvaluations>()(thirdPartyInput),
  /** Composite score, breakdown, ranking and late check-ins per person for a period (M-23, M-25). */
  assessment: defineAction<AssessmentView>()(assessmentInput),
  exportAssessment: defineAction<ExportResult>()(assessmentInput),
  /** Cases registered in the period (county, or one township); anonymous reporters stay anonymous. */
  caseList: defineAction<CaseListView>()(caseListInput),
  exportCases: defineAction<ExportResult>()(caseListInput),
};
