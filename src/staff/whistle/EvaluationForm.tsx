import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import type { EvaluationView, WhistleEvaluations } from '../../../domain/api/evaluation'
import { DIMENSION_LABELS, EVALUATION_DIMENSIONS, EVALUATION_GRADES, type EvaluationDimension, type EvaluationGrade, type EvaluationKind } from '../../../domain/evaluation'
import { FormError } from '../../components/FormError'
import { InfoRow } from '../../components/InfoRow'
import { ListState } from '../../components/ListState'
import { callFunction } from '../../services/cloud'
import { errorMessage, toast } from '../../utils/feedback'
import { formatTime } from '../../utils/format'
import '../../components/ActionForm/index.scss'

type Pending = WhistleEvaluations['pending'][number]
type Grades = Partial<Record<EvaluationDimension, EvaluationGrade>>

/** Four big buttons, one per grade (非常满意 … 不满意). */
function GradeChoice({ id, value, onChange }: { id: string; value?: EvaluationGrade; onChange: (g: EvaluationGrade) => void }) {
  return (
    <View id={id} className='action-form__options' role='radiogroup'>
      {EVALUATION_GRADES.map((g) => (
        <Button key={g} id={`${id}-${g}`} type={value === g ? 'primary' : 'default'} size='large' block aria-checked={value === g} onClick={() => onChange(g)}>
          {g}
        </Button>
      ))}
    </View>
  )
}

const TITLES: Record<EvaluationKind, (deptName: string) => string> = {
  township: (d) => `评价${d}（M-19）`,
  co_handler: (d) => `为协办单位${d}的配合评分（M-20）`,
  third_party: (d) => `录入对${d}的第三方评价（M-22）`,
}

/** One pending evaluation: township / third party rate four dimensions, the lead rates a co-handler's cooperation. */
function PendingForm({ item, whistleId, onDone }: { item: Pending; whistleId: string; onDone: (next: WhistleEvaluations) => void }) {
  const [open, setOpen] = useState(false)
  const [grades, setGrades] = useState<Grades>({})
  const [cooperation, setCooperation] = useState<EvaluationGrade>()
  const [evaluator, setEvaluator] = useState('')
  const [comment, setComment] = useState('')
  const [error, setError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const prefix = `evaluation-${item.kind}-${item.dept}`

  const submit = async () => {
    const missing = EVALUATION_DIMENSIONS.find((d) => !grades[d])
    if (item.kind !== 'co_handler' && missing) return setError(`请选择「${DIMENSION_LABELS[missing]}」的评价`)
    if (item.kind === 'co_handler' && !cooperation) return setError('请选择配合情况的评价')
    if (item.kind === 'third_party' && !evaluator.trim()) return setError('请填写第三方名称')
    setError('')
    setSubmitting(true)
    try {
      const base = { whistleId, dept: item.dept, comment: comment.trim() || undefined }
      const all = grades as Record<EvaluationDimension, EvaluationGrade>
      const next =
        item.kind === 'township'
          ? await callFunction('evaluation', 'evaluate', { ...base, grades: all })
          : item.kind === 'co_handler'
            ? await callFunction('evaluation', 'scoreCoHandler', { ...base, cooperation: cooperation! })
            : await callFunction('evaluation', 'thirdParty', { ...base, grades: all, evaluator: evaluator.trim() })
      toast('评价已提交')
      onDone(next)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setSubmitting(false)
    }
  }

  if (!open) {
    return (
      <Button id={`${prefix}-open`} type='primary' size='large' block onClick={() => setOpen(true)}>
        {TITLES[item.kind](item.deptName)}
      </Button>
    )
  }
  return (
    <View className='action-form' id={prefix}>
      <Text className='action-form__title'>{TITLES[item.kind](item.deptName)}</Text>
      {item.kind === 'third_party' ? (
        <View className='action-form__field'>
          <Text className='action-form__label'>第三方名称</Text>
          <TextArea id={`${prefix}-evaluator`} className='text-box action-form__line' value={evaluator} onChange={setEvaluator} maxLength={100} placeholder='如：县社情民意调查中心' />
        </View>
      ) : null}
      {item.kind === 'co_handler' ? (
        <View className='action-form__field'>
          <Text className='action-form__label'>配合情况</Text>
          <GradeChoice id={`${prefix}-cooperation`} value={cooperation} onChange={setCooperation} />
        </View>
      ) : (
        EVALUATION_DIMENSIONS.map((d) => (
          <View key={d} className='action-form__field'>
            <Text className='action-form__label'>{DIMENSION_LABELS[d]}</Text>
            <GradeChoice id={`${prefix}-${d}`} value={grades[d]} onChange={(g) => setGrades((x) => ({ ...x, [d]: g }))} />
          </View>
        ))
      )}
      <View className='action-form__field'>
        <Text className='action-form__label'>意见（选填）</Text>
        <TextArea id={`${prefix}-comment`} className='text-box' value={comment} onChange={setComment} maxLength={500} placeholder='说说报到、办理的情况' />
      </View>
      <FormError text={error} />
      <View className='action-form__buttons'>
        <Button id={`${prefix}-submit`} type='primary' size='large' block loading={submitting} disabled={submitting} onClick={() => void submit()}>
          提交评价
        </Button>
        <Button id={`${prefix}-cancel`} type='default' size='large' block disabled={submitting} onClick={() => setOpen(false)}>
          取消
        </Button>
      </View>
    </View>
  )
}

function EvaluationEntry({ e }: { e: EvaluationView }) {
  const grades = e.grades ? e.grades.map((g) => `${g.label} ${g.grade}`).join('，') : `配合情况 ${e.cooperation ?? ''}`
  return (
    <View className='whistle-detail__entry' id={`evaluation-${e.id}`}>
      <View className='detail-head'>
        <Text className='whistle-detail__name'>
          {e.deptName}（{e.roleLabel}）
        </Text>
      </View>
      <InfoRow label={e.kindLabel} value={grades} />
      {e.evaluator ? <InfoRow label='评价方' value={e.evaluator} /> : null}
      {e.comment ? <InfoRow label='意见' value={e.comment} /> : null}
      <Text className='hint'>
        {e.byLabel} · {formatTime(e.at)}
      </Text>
    </View>
  )
}

/**
 * Evaluations on the whistle page (M-19, M-20, M-22): what has been evaluated, and the forms the caller may
 * still fill in — the township rates each department after it completed, the lead scores its co-handlers,
 * the 吹哨办 records a third party. Reloads when the whistle changes (`version`).
 */
export function EvaluationPanel({ whistleId, version }: { whistleId: string; version: number }) {
  const [data, setData] = useState<WhistleEvaluations | null>(null)
  const [errorText, setErrorText] = useState('')
  const load = useCallback(() => {
    setErrorText('')
    callFunction('evaluation', 'forWhistle', { whistleId })
      .then(setData)
      .catch((err) => setErrorText(errorMessage(err)))
  }, [whistleId])
  useEffect(load, [load, version])

  if (!data) {
    return errorText ? <ListState status='error' errorText={errorText} onRetry={load} /> : null
  }
  if (!data.evaluations.length && !data.pending.length) return null
  return (
    <>
      <Text className='section-title'>评价（M-19、M-20、M-22）</Text>
      <View className='card whistle-detail__section' id='whistle-evaluations'>
        {data.pending.map((p) => (
          <PendingForm key={`${p.kind}-${p.dept}`} item={p} whistleId={whistleId} onDone={setData} />
        ))}
        {data.evaluations.map((e) => (
          <EvaluationEntry key={e.id} e={e} />
        ))}
      </View>
    </>
  )
}

export default EvaluationPanel
