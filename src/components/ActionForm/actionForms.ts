// What each case action asks for before it is sent (domain/inputs.ts CaseInputSchemas, client side).
// The server validates again; this only catches the obvious before a round trip.
import type { RatingScore } from '../../../domain/types'

export interface FieldSpec {
  key: string
  label: string
  placeholder: string
  required?: boolean
}

export interface ActionFormSpec {
  fields: FieldSpec[]
  /** Optional photos, sent as `photos: fileID[]`. */
  photos?: boolean
  /** The three satisfaction buttons, sent as `score`. */
  score?: boolean
}

/** The satisfaction scores, worst last (domain/inputs RATING_SCORES; not imported to keep zod out of the page bundle). */
export const RATING_SCORES: readonly RatingScore[] = ['满意', '基本满意', '不满意']

const ACTION_FORMS: Record<string, ActionFormSpec> = {
  claim: { fields: [] },
  escalate: { fields: [{ key: 'reason', label: '上报理由', placeholder: '说明为什么本级处理不了，需要上级处理', required: true }] },
  resolve: { fields: [{ key: 'result', label: '办理结果', placeholder: '写清怎么处理的、现在是什么情况', required: true }], photos: true },
  return: { fields: [{ key: 'instructions', label: '退回说明', placeholder: '告诉下级还需要怎么处理', required: true }] },
  rate: { score: true, fields: [{ key: 'comment', label: '您的意见（选填）', placeholder: '还有什么想说的，可以写在这里' }] },
}

/** Any other action the server offers: a confirmation with an optional comment. */
const GENERIC_FORM: ActionFormSpec = { fields: [{ key: 'comment', label: '备注（选填）', placeholder: '可以补充说明' }] }

export function actionFormFor(action: string): ActionFormSpec {
  return ACTION_FORMS[action] ?? GENERIC_FORM
}

export interface ActionFormValues {
  fields: Record<string, string>
  score: RatingScore | null
  photos: string[]
}

export type ActionInputResult = { ok: true; input: Record<string, unknown> } | { ok: false; message: string }

/** The `input` of cases.act from what was filled in: trimmed text, empty optional fields left out. */
export function buildActionInput(spec: ActionFormSpec, values: ActionFormValues): ActionInputResult {
  const input: Record<string, unknown> = {}
  if (spec.score) {
    if (!values.score) return { ok: false, message: '请选择您对办理结果是否满意' }
    input.score = values.score
  }
  for (const field of spec.fields) {
    const text = (values.fields[field.key] ?? '').trim()
    if (text) input[field.key] = text
    else if (field.required) return { ok: false, message: `请填写${field.label}` }
  }
  if (spec.photos) input.photos = values.photos
  return { ok: true, input }
}
