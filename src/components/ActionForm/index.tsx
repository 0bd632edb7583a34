import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import type { RatingScore } from '../../../domain/types'
import { usePhotoUploads } from '../../hooks/usePhotoUploads'
import { FormError } from '../FormError'
import { PhotoPicker } from '../PhotoPicker'
import { RATING_SCORES, actionFormFor, buildActionInput } from './actionForms'

const SCORE_IDS: Record<RatingScore, string> = { 满意: 'rate-satisfied', 基本满意: 'rate-fair', 不满意: 'rate-unsatisfied' }

export interface ActionFormProps {
  action: { action: string; label: string }
  submitting: boolean
  onSubmit: (input: Record<string, unknown>) => void
  onCancel: () => void
}

/** The small form one action needs (reason, result and photos, satisfaction…), shown in place, no pop-up. */
export function ActionForm({ action, submitting, onSubmit, onCancel }: ActionFormProps) {
  const spec = actionFormFor(action.action)
  const [fields, setFields] = useState<Record<string, string>>({})
  const [score, setScore] = useState<RatingScore | null>(null)
  const [error, setError] = useState('')
  const photos = usePhotoUploads('resolutions')

  const submit = () => {
    if (photos.uploading) return setError('照片还在上传，请稍等')
    if (photos.failed) return setError('有照片没有传上去，请点照片重试或删除')
    const result = buildActionInput(spec, { fields, score, photos: photos.fileIDs })
    if (!result.ok) return setError(result.message)
    setError('')
    onSubmit(result.input)
  }

  return (
    <View className='action-form'>
      <Text className='action-form__title'>{action.label}</Text>
      {spec.score ? (
        <View className='action-form__scores' role='radiogroup'>
          {RATING_SCORES.map((s) => (
            <Button
              key={s}
              id={SCORE_IDS[s]}
              className='action-form__score'
              type={score === s ? 'primary' : 'default'}
              size='large'
              block
              onClick={() => {
                setScore(s)
                setError('')
              }}
            >
              {s}
            </Button>
          ))}
        </View>
      ) : null}
      {spec.fields.map((field) => (
        <View key={field.key} className='action-form__field'>
          <Text className='action-form__label'>{field.label}</Text>
          <TextArea
            id={`case-action-${field.key}`}
            viewId={`case-action-${field.key}-box`}
            className='text-box'
            value={fields[field.key] ?? ''}
            onChange={(text: string) => {
              setFields((f) => ({ ...f, [field.key]: text }))
              setError('')
            }}
            maxLength={1000}
            placeholder={field.placeholder}
          />
        </View>
      ))}
      {spec.photos ? (
        <View className='action-form__field'>
          <Text className='action-form__label'>现场照片（选填）</Text>
          <PhotoPicker items={photos.items} onAdd={photos.add} onRemove={photos.remove} onRetry={photos.retry} />
        </View>
      ) : null}
      {spec.fields.length === 0 && !spec.score && !spec.photos ? <Text className='hint'>确认要「{action.label}」吗？</Text> : null}
      <FormError text={error} />
      <View className='action-form__buttons'>
        <Button id='case-action-submit' type='primary' size='large' block loading={submitting} disabled={submitting} onClick={submit}>
          确认{action.label}
        </Button>
        <Button id='case-action-cancel' type='default' size='large' block disabled={submitting} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}

export default ActionForm
