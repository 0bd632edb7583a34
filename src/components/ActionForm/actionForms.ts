// What each case or whistle action asks for before it is sent (domain/inputs.ts CaseInputSchemas and
// WhistleInputSchemas, client side). The server validates again; this only catches the obvious before a
// round trip. Kept free of zod and domain runtime code so page bundles stay small.
import type { RatingScore } from '../../../domain/types'

/**
 * text: several lines; line: one short line; number: a whole number; datetime: 「2026-03-02 09:30」 sent as
 * ISO time with +08:00; lines: one entry per line, sent as a list; choice: one of `options` (buttons);
 * multi: any of `options` (toggle buttons), sent as a list.
 */
export type FieldKind = 'text' | 'line' | 'number' | 'datetime' | 'lines' | 'choice' | 'multi'

export interface FieldOption {
  value: string
  label: string
  /** Element id of the option button, when it must differ from `<prefix>-<key>-<value>`. */
  id?: string
}

export interface FieldSpec {
  key: string
  label: string
  placeholder?: string
  kind?: FieldKind
  required?: boolean
  /** The message when a required field is empty (default 请填写/请选择 + label). */
  requiredMessage?: string
  /** choice / multi: fixed options, or the name of a list the page supplies (ActionFormContext.options). */
  options?: FieldOption[] | string
  /** Shown (and sent) only while another choice field has this value, e.g. the reason of a rejection. */
  when?: { key: string; value: string }
  /** number: inclusive bounds. */
  min?: number
  max?: number
}

export interface ActionFormSpec {
  fields: FieldSpec[]
  /** Optional photos, sent as `photos: fileID[]`. */
  photos?: boolean
  /** A check across fields on the built input; returns the message to show, or null. */
  check?: (input: Record<string, unknown>) => string | null
}

/** What the page knows that a form needs: option lists (departments, cases…) and prefilled values. */
export interface ActionFormContext {
  options?: Record<string, FieldOption[]>
  defaults?: Record<string, FieldValue>
}

export type FieldValue = string | string[]

/** The satisfaction scores, worst last (domain/inputs RATING_SCORES; not imported to keep zod out of the page bundle). */
export const RATING_SCORES: readonly RatingScore[] = ['满意', '基本满意', '不满意']
const SCORE_IDS: Record<RatingScore, string> = { 满意: 'rate-satisfied', 基本满意: 'rate-fair', 不满意: 'rate-unsatisfied' }

const comment = (label = '备注（选填）'): FieldSpec => ({ key: 'comment', label, placeholder: '可以补充说明' })
const reason = (label: string, placeholder: string): FieldSpec => ({ key: 'reason', label, placeholder, required: true })
/** The department whose pending request is decided (options: the departments with such a request). */
const requestDept = (list: 'extensionDepts' | 'returnDepts'): FieldSpec => ({
  key: 'dept',
  label: '申请部门',
  kind: 'choice',
  options: list,
  required: true,
})
const leadNotCo = (input: Record<string, unknown>) =>
  Array.isArray(input.co) && input.co.includes(input.lead) ? '主办单位不能同时是协办单位' : null

const CASE_FORMS: Record<string, ActionFormSpec> = {
  claim: { fields: [] },
  escalate: { fields: [reason('上报理由', '说明为什么本级处理不了，需要上级处理')] },
  resolve: { fields: [{ key: 'result', label: '办理结果', placeholder: '写清怎么处理的、现在是什么情况', required: true }], photos: true },
  return: { fields: [{ key: 'instructions', label: '退回说明', placeholder: '告诉下级还需要怎么处理', required: true }] },
  rate: {
    fields: [
      {
        key: 'score',
        label: '您对办理结果是否满意',
        kind: 'choice',
        required: true,
        requiredMessage: '请选择您对办理结果是否满意',
        options: RATING_SCORES.map((s) => ({ value: s, label: s, id: SCORE_IDS[s] })),
      },
      { key: 'comment', label: '您的意见（选填）', placeholder: '还有什么想说的，可以写在这里' },
    ],
  },
}

// M-6: a further reporter of a merged case rates like the first; un-merge needs a reason.
CASE_FORMS.add_rating = CASE_FORMS.rate
CASE_FORMS.unmerge = { fields: [reason('撤销合并理由', '说明为什么这不是同一问题')] }

export const SUPERVISE_KINDS: FieldOption[] = [
  { value: 'concentrated', label: '集中督办' },
  { value: 'near_due', label: '临期督办' },
  { value: 'overdue', label: '超期督办' },
  { value: 'other', label: '其他' },
]

const WHISTLE_FORMS: Record<string, ActionFormSpec> = {
  collect: {
    fields: [
      { key: 'caseIds', label: '选择要并入的诉求', kind: 'multi', options: 'cases', required: true, requiredMessage: '请至少选择一件诉求' },
      comment(),
    ],
  },
  review: {
    fields: [
      {
        key: 'decision',
        label: '审核意见',
        kind: 'choice',
        required: true,
        options: [
          { value: 'pass', label: '通过' },
          { value: 'reject', label: '不通过' },
        ],
      },
      { ...reason('不通过的理由', '说明为什么不符合吹哨条件'), when: { key: 'decision', value: 'reject' } },
      comment('审核说明（选填）'),
    ],
  },
  approve: { fields: [comment('审批意见（选填）')] },
  dispatch: {
    fields: [
      { key: 'lead', label: '主办单位', kind: 'choice', options: 'departments', required: true },
      { key: 'co', label: '协办单位（可多选，可不选）', kind: 'multi', options: 'departments' },
      comment('派单说明（选填）'),
    ],
    check: leadNotCo,
  },
  check_in: {
    fields: [
      { key: 'handler', label: '报到人', kind: 'line', placeholder: '到乡镇（街道）的人员姓名和职务', required: true },
      { key: 'onSiteAt', label: '到达现场时间', kind: 'datetime', placeholder: '例如 2026-03-02 09:30', required: true },
      { key: 'note', label: '备注（选填）', placeholder: '可以补充说明' },
    ],
  },
  progress: { fields: [{ key: 'text', label: '办理进展', placeholder: '写清做了什么、下一步怎么办', required: true }], photos: true },
  complete: { fields: [{ key: 'result', label: '办结情况', placeholder: '写清怎么解决的、现在是什么情况', required: true }], photos: true },
  request_extension: {
    fields: [
      { key: 'workingDays', label: '延期天数（工作日）', kind: 'number', placeholder: '1 到 60', min: 1, max: 60, required: true },
      reason('延期理由', '说明为什么不能按期办结'),
    ],
  },
  approve_extension: {
    fields: [
      requestDept('extensionDepts'),
      { key: 'workingDays', label: '同意延期天数（工作日，不填按申请）', kind: 'number', placeholder: '1 到 60', min: 1, max: 60 },
      comment(),
    ],
  },
  refuse_extension: { fields: [requestDept('extensionDepts'), reason('不同意的理由', '说明为什么不同意延期')] },
  return_whistle: { fields: [reason('退单理由', '说明为什么不属于本部门职责')] },
  approve_return: { fields: [requestDept('returnDepts'), comment()] },
  refuse_return: { fields: [requestDept('returnDepts'), reason('不同意的理由', '说明为什么应由该部门办理')] },
  record_meeting: {
    fields: [
      { key: 'attendees', label: '参会单位和人员（一行一个）', kind: 'lines', placeholder: '例如：自然资源局 张科长', required: true },
      { key: 'decision', label: '会商决定', placeholder: '会上议定的事项', required: true },
      { key: 'lead', label: '主办单位', kind: 'choice', options: 'departments', required: true },
      { key: 'co', label: '协办单位（可多选，可不选）', kind: 'multi', options: 'departments' },
      { key: 'plan', label: '办理方案', placeholder: '谁、怎么办、分几步', required: true },
      { key: 'deadline', label: '办结时限', kind: 'line', placeholder: '日期，例如 2026-03-20', required: true },
    ],
    check: (input) => leadNotCo(input) ?? (/^\d{4}-\d{2}-\d{2}$/.test(String(input.deadline)) ? null : '办结时限请按 2026-03-20 的格式填写'),
  },
  supervise: {
    fields: [
      { key: 'kind', label: '督办类型', kind: 'choice', options: SUPERVISE_KINDS, required: true },
      reason('督办事由', '说明为什么督办、要求什么时候办好'),
    ],
  },
}

export const ACTION_FORMS = { case: CASE_FORMS, whistle: WHISTLE_FORMS } as const
export type ActionEntity = keyof typeof ACTION_FORMS

/** Any other action the server offers: a confirmation with an optional comment. */
const GENERIC_FORM: ActionFormSpec = { fields: [comment()] }

export function actionFormFor(action: string, entity: ActionEntity = 'case'): ActionFormSpec {
  return ACTION_FORMS[entity][action] ?? GENERIC_FORM
}

/** The options a choice or multi field offers, fixed or from the page's context. */
export function optionsOf(field: FieldSpec, context: ActionFormContext = {}): FieldOption[] {
  if (Array.isArray(field.options)) return field.options
  return field.options ? (context.options?.[field.options] ?? []) : []
}

/** Whether a field is shown (and sent) given the current values. */
export function fieldShown(field: FieldSpec, values: Record<string, FieldValue>): boolean {
  return !field.when || values[field.when.key] === field.when.value
}

export interface ActionFormValues {
  fields: Record<string, FieldValue>
  photos: string[]
}

export type ActionInputResult = { ok: true; input: Record<string, unknown> } | { ok: false; message: string }

const pad = (n: number) => String(n).padStart(2, '0')

/** 「2026-03-02 09:30」 for a time, in China Standard Time (what the datetime fields show and accept). */
export function cstDateTime(at: Date = new Date()): string {
  const d = new Date(at.getTime() + 8 * 3600_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** 「2026-03-02 09:30」 (China Standard Time) → 2026-03-02T09:30:00+08:00, or null if not a real time. */
export function cstIso(text: string): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$/.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h, mi] = m.map(Number)
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi))
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23) return null
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:00+08:00`
}

function missing(field: FieldSpec): string {
  if (field.requiredMessage) return field.requiredMessage
  const choose = field.kind === 'choice' || field.kind === 'multi'
  return `${choose ? '请选择' : '请填写'}${field.label.replace(/（.*）$/, '')}`
}

/** The `input` of cases.act / whistles.act from what was filled in: trimmed text, empty optional fields left out. */
export function buildActionInput(spec: ActionFormSpec, values: ActionFormValues): ActionInputResult {
  const input: Record<string, unknown> = {}
  for (const field of spec.fields) {
    if (!fieldShown(field, values.fields)) continue
    const raw = values.fields[field.key]
    const kind = field.kind ?? 'text'
    if (kind === 'multi') {
      const list = Array.isArray(raw) ? raw : []
      if (list.length) input[field.key] = list
      else if (field.required) return { ok: false, message: missing(field) }
      else if (raw !== undefined) input[field.key] = []
      continue
    }
    const text = (typeof raw === 'string' ? raw : '').trim()
    if (!text) {
      if (field.required) return { ok: false, message: missing(field) }
      continue
    }
    if (kind === 'number') {
      const n = Number(text)
      const { min = -Infinity, max = Infinity } = field
      if (!Number.isInteger(n) || n < min || n > max) {
        return { ok: false, message: `${field.label.replace(/（.*）$/, '')}请填写${Number.isFinite(min) && Number.isFinite(max) ? ` ${min} 到 ${max} 之间的` : ''}整数` }
      }
      input[field.key] = n
    } else if (kind === 'datetime') {
      const iso = cstIso(text)
      if (!iso) return { ok: false, message: `${field.label}请按 2026-03-02 09:30 的格式填写` }
      input[field.key] = iso
    } else if (kind === 'lines') {
      const list = text.split(/\n+/).map((s) => s.trim()).filter(Boolean)
      input[field.key] = list
    } else {
      input[field.key] = text
    }
  }
  if (spec.photos) input.photos = values.photos
  const problem = spec.check?.(input)
  return problem ? { ok: false, message: problem } : { ok: true, input }
}
