// Input schemas of every case / whistle action (the "requires" column of the transition table).
import { z } from 'zod';
import { ContentInputSchemas } from './contentCheck';

const text = (max = 2000) => z.string().trim().min(1).max(max);
/** A field whose absence is reported as REASON_REQUIRED rather than VALIDATION. */
const reason = () => z.string({ required_error: '请填写理由' }).trim().min(1, '请填写理由').max(1000);
const photos = z.array(z.string().min(1)).max(9).default([]);
const code = z.string().min(1);
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const isoDateTime = z.string().datetime({ offset: true });

export const CHANNELS = ['miniprogram', 'qrcode', 'grid_visit', 'party_visit', 'hotline_12345', 'suggestion', 'online_message'] as const;
export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  miniprogram: '随手拍',
  qrcode: '扫码上报',
  grid_visit: '网格员入户走访',
  party_visit: '党员走访',
  hotline_12345: '12345热线',
  suggestion: '人民建议征集',
  online_message: '网上留言',
};

export const RATING_SCORES = ['满意', '基本满意', '不满意'] as const;

export const PlaceSchema = z.object({
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  address: z.string().max(200).optional(),
  qrPoint: z.string().optional(),
});

export const NewCaseInputSchema = z.object({
  text: text(2000),
  grid: code,
  place: PlaceSchema.optional(),
  matterType: code.optional(),
  photos,
  channel: z.enum(CHANNELS),
  anonymous: z.boolean().default(false),
  reporter: z.object({ openid: z.string(), phone: z.string().max(32).optional() }),
});

export const CaseInputSchemas = {
  claim: z.object({ comment: z.string().max(500).optional() }),
  resolve: z.object({ result: text(), photos }),
  escalate: z.object({ reason: reason() }),
  return: z.object({ instructions: reason(), toLevel: z.enum(['grid', 'community']).optional() }),
  auto_escalate: z.object({}),
  rate: z.object({
    score: z.enum(RATING_SCORES),
    comment: z.string().trim().max(500).optional(),
    /** The reporter asks for more work ("还需要跟进") — reopens like 不满意 (M-21). */
    followUp: z.boolean().default(false),
  }),
  auto_rate: z.object({}),
  /** SLA clock (domain/sla.ts): 临期 notices and handle misses (M-11, M-24). */
  sla_alert: z.object({}),
  attach_to_whistle: z.object({ whistleId: code }),
  detach_from_whistle: z.object({ whistleId: code, reason: reason() }),
  whistle_closed: z.object({ whistleId: code, result: text(), photos }),
  reclassify: z.object({ matterType: code, comment: z.string().max(500).optional() }),
  /** Photo content security: verdict push, timeout, grid worker's review (domain/contentCheck.ts). */
  ...ContentInputSchemas,
  // openid '' = a report without an account (e.g. a visit registration, M-9): linked by its caseId.
  link_reporter: z
    .object({ openid: z.string(), channel: z.enum(CHANNELS), caseId: code.optional(), anonymous: z.boolean().default(false) })
    .refine((v) => v.openid || v.caseId, { message: '缺少反映人或事项编号', path: ['openid'] }),
  // Duplicate merge (M-6): the absorbed case names its primary; unmerge restores it.
  merge: z.object({ into: code, comment: z.string().max(500).optional() }),
  auto_merge: z.object({ into: code, score: z.number().min(0).max(1) }),
  unmerge: z.object({ reason: reason() }),
  unlink_reporter: z.object({ caseId: code }),
  add_rating: z.object({
    score: z.enum(RATING_SCORES),
    comment: z.string().trim().max(500).optional(),
    followUp: z.boolean().default(false),
  }),
} as const;

const deptList = z.array(code).default([]);

export const WhistleInputSchemas = {
  propose: z.object({
    township: code,
    matterType: code,
    title: text(100),
    description: text(),
    urgent: z.boolean().default(false),
    caseIds: z.array(code).default([]),
    /** What the stationed agency already tried, when the matter is one it could normally solve (M-3). */
    stationedTried: z.string().trim().max(1000).optional(),
    comment: z.string().max(1000).optional(),
  }),
  collect: z.object({ caseIds: z.array(code).min(1), comment: z.string().max(1000).optional() }),
  review: z
    .object({ decision: z.enum(['pass', 'reject']), comment: z.string().max(1000).optional(), reason: z.string().trim().max(1000).optional() })
    .superRefine((v, ctx) => {
      if (v.decision === 'reject' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '请填写理由' });
    }),
  approve: z.object({ comment: z.string().max(1000).optional(), lead: code.optional(), co: z.array(code).optional() }),
  dispatch: z.object({ lead: code.optional(), co: z.array(code).optional(), comment: z.string().max(1000).optional() }),
  check_in: z.object({ handler: text(50), onSiteAt: isoDateTime, note: z.string().max(1000).optional() }),
  progress: z.object({ text: text(), photos }),
  complete: z.object({ result: text(), photos }),
  request_extension: z.object({ workingDays: z.number().int().min(1).max(60), reason: reason() }),
  approve_extension: z.object({ dept: code, workingDays: z.number().int().min(1).max(60).optional(), comment: z.string().max(1000).optional() }),
  refuse_extension: z.object({ dept: code, reason: reason() }),
  return_whistle: z.object({ reason: reason() }),
  approve_return: z.object({ dept: code, comment: z.string().max(1000).optional() }),
  refuse_return: z.object({ dept: code, reason: reason() }),
  record_meeting: z.object({
    attendees: z.array(text(100)).min(1),
    decision: text(),
    lead: code,
    co: deptList,
    plan: text(),
    deadline: ymd,
  }),
  supervise: z.object({ kind: z.enum(['concentrated', 'near_due', 'overdue', 'other']), reason: reason() }),
  flag_overdue: z.object({}),
  /** SLA clock (domain/sla.ts): 临期 notices to departments (M-24). */
  sla_alert: z.object({}),
  /** The image check's verdict on a department's progress or completion photo (issue 5 §7). */
  attachment_verdict: ContentInputSchemas.attachment_verdict,
} as const;

export const CASE_ACTIONS = Object.keys(CaseInputSchemas) as (keyof typeof CaseInputSchemas)[];
export const WHISTLE_ACTIONS = Object.keys(WhistleInputSchemas) as (keyof typeof WhistleInputSchemas)[];

export type CaseActionInputs = { [K in keyof typeof CaseInputSchemas]: z.input<(typeof CaseInputSchemas)[K]> };
export type WhistleActionInputs = { [K in keyof typeof WhistleInputSchemas]: z.input<(typeof WhistleInputSchemas)[K]> };
export type NewCaseInput = z.input<typeof NewCaseInputSchema>;
export type NewWhistleInput = WhistleActionInputs['propose'];
