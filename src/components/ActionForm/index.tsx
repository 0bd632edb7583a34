import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import { usePhotoUploads } from '../../hooks/usePhotoUploads'
import { FormError } from '../FormError'
import { PhotoPicker } from '../PhotoPicker'
import {
  actionFormFor,
  buildActionInput,
  fieldShown,
  optionsOf,
  type ActionEntity,
  type ActionFormContext,
  type FieldSpec,
  type FieldValue,
} from './actionForms'
import './index.scss'

export interface ActionFormProps {
  action: { action: string; label: string }
  /** Which table the action belongs to: picks the form spec and the element ids (`case-action-…` / `whistle-action-…`). */
  entity?: ActionEntity
  /** Option lists and prefilled values the page supplies (departments, cases, the duty-list proposal…). */
  context?: ActionFormContext
  submitting: boolean
  onSubmit: (input: Record<string, unknown>) => void
  onCancel: () => void
}

const ROW_KINDS = new Set(['line', 'number', 'datetime'])

/** The small form one action needs (reason, result and photos, a choice…), shown in place, no pop-up. */
export function ActionForm({ action, entity = 'case', context = {}, submitting, onSubmit, onCancel }: ActionFormProps) {
  const spec = actionFormFor(action.action, entity)
  const prefix = `${entity}-action`
  const [fields, setFields] = useState<Record<string, FieldValue>>(() => ({ ...context.defaults }))
  const [error, setError] = useState('')
  const photos = usePhotoUploads('resolutions')

  const set = (key: string, value: FieldValue) => {
    setFields((f) => ({ ...f, [key]: value }))
    setError('')
  }

  const submit = () => {
    if (photos.uploading) return setError('照片还在上传，请稍等')
    if (photos.failed) return setError('有照片没有传上去，请点照片重试或删除')
    const result = buildActionInput(spec, { fields, photos: photos.fileIDs })
    if (!result.ok) return setError(result.message)
    setError('')
    onSubmit(result.input)
  }

  const renderField = (field: FieldSpec) => {
    const id = `${prefix}-${field.key}`
    const value = fields[field.key]
    if (field.kind === 'choice' || field.kind === 'multi') {
      const options = optionsOf(field, context)
      const chosen = Array.isArray(value) ? value : value ? [value] : []
      const toggle = (v: string) =>
        field.kind === 'multi' ? set(field.key, chosen.includes(v) ? chosen.filter((x) => x !== v) : [...chosen, v]) : set(field.key, v)
      return (
        <View id={id} className='action-form__options' role={field.kind === 'multi' ? 'group' : 'radiogroup'}>
          {options.length ? (
            options.map((o) => (
              <Button
                key={o.value}
                id={o.id ?? `${id}-${o.value}`}
                className='action-form__option'
                type={chosen.includes(o.value) ? 'primary' : 'default'}
                size='large'
                block
                aria-checked={chosen.includes(o.value)}
                onClick={() => toggle(o.value)}
              >
                {field.kind === 'multi' && chosen.includes(o.value) ? `✓ ${o.label}` : o.label}
              </Button>
            ))
          ) : (
            <Text className='hint'>没有可选的项</Text>
          )}
        </View>
      )
    }
    const row = ROW_KINDS.has(field.kind ?? 'text')
    return (
      <TextArea
        id={id}
        viewId={`${id}-box`}
        className={`text-box${row ? ' action-form__line' : ''}`}
        value={typeof value === 'string' ? value : ''}
        onChange={(text: string) => set(field.key, text)}
        maxLength={row ? 100 : 1000}
        placeholder={field.placeholder}
      />
    )
  }

  const shown = spec.fields.filter((f) => fieldShown(f, fields))
  return (
    <View className='action-form'>
      <Text className='action-form__title'>{action.label}</Text>
      {shown.map((field) => (
        <View key={field.key} className='action-form__field'>
          <Text className='action-form__label'>{field.label}</Text>
          {renderField(field)}
        </View>
      ))}
      {spec.photos ? (
        <View className='action-form__field'>
          <Text className='action-form__label'>现场照片（选填）</Text>
          <PhotoPicker items={photos.items} onAdd={photos.add} onRemove={photos.remove} onRetry={photos.retry} />
        </View>
      ) : null}
      {spec.fields.length === 0 && !spec.photos ? <Text className='hint'>确认要「{action.label}」吗？</Text> : null}
      <FormError text={error} />
      <View className='action-form__buttons'>
        <Button id={`${prefix}-submit`} type='primary' size='large' block loading={submitting} disabled={submitting} onClick={submit}>
          确认{action.label}
        </Button>
        <Button id={`${prefix}-cancel`} type='default' size='large' block disabled={submitting} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}

export default ActionForm
