import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import type { SupervisionView } from '../../../domain/api/supervision'
import type { SupervisionBoardState } from '../../../domain/supervision'
import { usePhotoUploads } from '../../hooks/usePhotoUploads'
import { pageUrl } from '../../routes'
import { callFunction } from '../../services/cloud'
import { toast, toastError } from '../../utils/feedback'
import { formatTime } from '../../utils/format'
import { FormError } from '../FormError'
import { InfoRow } from '../InfoRow'
import { PhotoPicker } from '../PhotoPicker'
import { StatusChip, type ChipTone } from '../StatusChip'
import './index.scss'

// 挂牌督办 (M-24) cards, shared by the supervision board (staff/supervision) and the whistle / case pages,
// where the listed department or township responds in place.
const STATE_TONE: Record<SupervisionBoardState, ChipTone> = { awaiting: 'info', late: 'danger', responded: 'warning', closed: 'success' }

export const openPage = (page: string) => void Taro.navigateTo({ url: pageUrl(page) })

/** Text (+ date or photos) for one supervision step, shown in place under the item. */
export function StepForm(props: { kind: 'respond' | 'press' | 'close' | 'list'; submitting: boolean; onSubmit: (v: { text: string; respondBy?: string; photos: string[] }) => void; onCancel: () => void }) {
  const [text, setText] = useState('')
  const [respondBy, setRespondBy] = useState('')
  const [error, setError] = useState('')
  const photos = usePhotoUploads('supervision')
  const withDate = props.kind === 'press' || props.kind === 'list'
  const placeholder = { respond: '写明已做了什么、结果如何', press: '写明督办要求', close: '写明办结意见', list: '写明督办事由和要求' }[props.kind]
  const submit = () => {
    if (text.trim().length < 2) return setError('请至少写2个字')
    if (respondBy && !/^\d{4}-\d{2}-\d{2}$/.test(respondBy)) return setError('回复日期请写成 2026-03-31 的样子')
    if (photos.uploading) return setError('照片还在上传，请稍等')
    props.onSubmit({ text: text.trim(), respondBy: respondBy || undefined, photos: photos.fileIDs })
  }
  return (
    <View className='supervision__form' id={`supervision-form-${props.kind}`}>
      <TextArea id='supervision-text' value={text} placeholder={placeholder} maxLength={1000} onChange={(v) => setText(v)} />
      {withDate ? (
        <View className='supervision__date'>
          <Text>要求回复日期（不填按县里规定的工作日）</Text>
          <Input id='supervision-date' className='supervision__input' value={respondBy} placeholder='例如 2026-03-31' onInput={(e) => setRespondBy(e.detail.value)} />
        </View>
      ) : null}
      {props.kind === 'respond' ? <PhotoPicker items={photos.items} onAdd={photos.add} onRemove={photos.remove} onRetry={photos.retry} max={9} /> : null}
      <FormError text={error} />
      <View className='supervision__buttons'>
        <Button id='supervision-submit' type='primary' size='large' loading={props.submitting} onClick={submit}>
          提交
        </Button>
        <Button id='supervision-cancel' size='large' onClick={props.onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}

export function SupervisionCard({ item, onChanged, showTarget = true }: { item: SupervisionView; onChanged: (v: SupervisionView) => void; showTarget?: boolean }) {
  const [expanded, setExpanded] = useState(false)
  const [form, setForm] = useState<'respond' | 'press' | 'close' | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const submit = async (v: { text: string; respondBy?: string; photos: string[] }) => {
    if (!form) return
    setSubmitting(true)
    try {
      const base = { supervisionId: item.id, expectedVersion: item.version, text: v.text }
      const next =
        form === 'respond'
          ? await callFunction('supervision', 'respond', { ...base, photos: v.photos })
          : form === 'press'
            ? await callFunction('supervision', 'press', { ...base, respondBy: v.respondBy })
            : await callFunction('supervision', 'close', base)
      toast('已提交')
      setForm(null)
      onChanged(next)
    } catch (err) {
      toastError(err)
    } finally {
      setSubmitting(false)
    }
  }
  return (
    <View className='card supervision__card' id={`supervision-${item.id}`}>
      <View className='supervision__head' onClick={() => setExpanded(!expanded)}>
        <StatusChip label={item.stateLabel} tone={STATE_TONE[item.state]} />
        <StatusChip label={item.kindLabel} tone='neutral' />
        <Text className='supervision__title'>{item.target.title}</Text>
      </View>
      <InfoRow label='督办对象' value={item.respondent.name} />
      <InfoRow label='要求回复' value={formatTime(item.respondBy)} />
      <InfoRow label={item.target.entity === 'whistle' ? '哨单' : '事项'} value={`${item.target.no}（${item.townshipName}）`} />
      {expanded ? (
        <View className='supervision__steps' id={`supervision-steps-${item.id}`}>
          {item.steps.map((s, i) => (
            <View key={i} className='supervision__step'>
              <Text className='supervision__step-label'>
                {s.label} · {s.by.label} · {formatTime(s.at)}
              </Text>
              <Text>{s.text}</Text>
              {s.respondBy ? <Text className='hint'>要求 {formatTime(s.respondBy)} 前回复</Text> : null}
            </View>
          ))}
        </View>
      ) : null}
      <View className='supervision__buttons'>
        {showTarget ? (
          <Button size='large' onClick={() => openPage(item.target.page)}>
            查看{item.target.entity === 'whistle' ? '哨单' : '事项'}
          </Button>
        ) : null}
        <Button size='large' onClick={() => setExpanded(!expanded)}>
          {expanded ? '收起记录' : `督办记录（${item.steps.length}）`}
        </Button>
      </View>
      {form ? (
        <StepForm kind={form} submitting={submitting} onSubmit={submit} onCancel={() => setForm(null)} />
      ) : item.actions.length ? (
        <View className='supervision__buttons'>
          {item.actions.map((a) => (
            <Button key={a.action} id={`supervision-action-${a.action}`} type={a.action === 'press' ? 'default' : 'primary'} size='large' onClick={() => setForm(a.action)}>
              {a.label}
            </Button>
          ))}
        </View>
      ) : null}
    </View>
  )
}


/** The supervisions of one whistle or case, on its page: the listed unit responds here. */
export function SupervisionPanel({ entity, id }: { entity: 'case' | 'whistle'; id: string }) {
  const [items, setItems] = useState<SupervisionView[]>([])
  useEffect(() => {
    callFunction('supervision', 'forTarget', { entity, id })
      .then(setItems)
      .catch(() => setItems([])) // the page's own 督办 section still shows the listing
  }, [entity, id])
  if (!items.length) return null
  return (
    <View id='supervision-panel'>
      {items.map((item) => (
        <SupervisionCard key={item.id} item={item} showTarget={false} onChanged={(v) => setItems((list) => list.map((x) => (x.id === v.id ? v : x)))} />
      ))}
    </View>
  )
}

export default SupervisionCard
