import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Switch, TextArea } from '@nutui/nutui-react-taro'
import type { CountyInfo } from '../../../domain/api'
import { FormError } from '../../components/FormError'
import { ListState } from '../../components/ListState'
import { OptionPicker, type OptionGroup } from '../../components/OptionPicker'
import { PageShell } from '../../components/PageShell'
import { PhotoPicker } from '../../components/PhotoPicker'
import { usePhotoUploads } from '../../hooks/usePhotoUploads'
import { callFunction } from '../../services/cloud'
import { routes } from '../../routes'
import { matterGroups } from '../../utils/county'
import { errorMessage, toast, toastError } from '../../utils/feedback'
import { MAX_PHOTOS, MAX_TEXT, clearDraft, loadDraft, saveDraft, validateDraft, type ReportDraft } from './draft'
import './index.scss'

/** Townships, then their grids (the community as a hint). */
function gridGroups(county: CountyInfo): OptionGroup[] {
  return county.townships.map((t) => ({
    key: t.code,
    label: t.name,
    options: t.communities.flatMap((c) => c.grids.map((g) => ({ value: g.code, label: g.name, hint: c.name }))),
  }))
}

/** 随手拍: photos, place, a few words → cases.submit. The draft is kept until it is sent. */
export default function Report() {
  const [initial] = useState(loadDraft)
  const [draft, setDraft] = useState<ReportDraft>(initial)
  const photos = usePhotoUploads('reports', initial.photos)
  const [county, setCounty] = useState<CountyInfo | null>(null)
  const [countyError, setCountyError] = useState('')
  const [tried, setTried] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const sent = useRef(false)

  const loadCounty = useCallback(async () => {
    setCountyError('')
    try {
      setCounty(await callFunction('config', 'county', {}))
    } catch (err) {
      setCountyError(errorMessage(err))
    }
  }, [])
  useEffect(() => {
    void loadCounty()
  }, [loadCounty])

  useEffect(() => {
    if (!sent.current) saveDraft({ ...draft, photos: photos.stored })
  }, [draft, photos.stored])

  const grids = useMemo(() => (county ? gridGroups(county) : []), [county])
  const matters = useMemo(() => (county ? matterGroups(county) : []), [county])
  const set = (patch: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const errors = tried ? validateDraft(draft, photos) : {}

  const submit = async () => {
    setTried(true)
    const found = validateDraft(draft, photos)
    const first = found.text ?? found.grid ?? found.photos
    if (first) return toast(first)
    setSubmitting(true)
    try {
      const res = await callFunction('cases', 'submit', {
        clientRequestId: draft.clientRequestId,
        text: draft.text.trim(),
        grid: draft.grid as string,
        ...(draft.matterType ? { matterType: draft.matterType } : {}),
        photos: photos.fileIDs,
        anonymous: draft.anonymous,
        channel: 'miniprogram',
      })
      sent.current = true
      clearDraft()
      toast('已提交，我们会尽快处理')
      void Taro.redirectTo({ url: routes.caseDetail(res.caseId) }).catch(() => undefined)
    } catch (err) {
      // The draft and its request id stay: sending again cannot create a second case.
      toastError(err)
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <PageShell title='随手拍' subtitle='拍下问题，说清在哪儿，我们转给负责的人'>
      <Text className='section-title'>照片（选填，最多 {MAX_PHOTOS} 张）</Text>
      <View className='card'>
        <PhotoPicker items={photos.items} onAdd={photos.add} onRemove={photos.remove} onRetry={photos.retry} max={MAX_PHOTOS} />
        <FormError text={errors.photos} />
      </View>

      <Text className='section-title'>问题描述</Text>
      <View className='card'>
        <TextArea
          id='report-text'
          viewId='report-text-box'
          className='text-box'
          value={draft.text}
          onChange={(text: string) => set({ text })}
          maxLength={MAX_TEXT}
          showCount
          placeholder='例如：小区门口井盖丢了，晚上很危险'
        />
        <FormError text={errors.text} />
      </View>

      <Text className='section-title'>在哪里</Text>
      <View className='card report__place'>
        {county ? (
          <OptionPicker
            id='report-grid'
            groups={grids}
            value={draft.grid}
            onChange={(grid) => set({ grid })}
            groupPrompt='先选街道（乡镇）'
            optionPrompt='再选所在网格'
            placeholder='请选择问题所在的网格'
            defaultOpen
          />
        ) : (
          <ListState status={countyError ? 'error' : 'loading'} errorText={countyError} onRetry={() => void loadCounty()} />
        )}
        <FormError text={errors.grid} />
      </View>

      {county ? (
        <>
          <Text className='section-title'>问题类型（选填）</Text>
          <View className='card'>
            <OptionPicker
              id='report-matter'
              groups={matters}
              value={draft.matterType}
              onChange={(matterType) => set({ matterType })}
              groupPrompt='选问题大类'
              optionPrompt='再选具体问题'
              placeholder='不清楚，由工作人员判断'
              clearLabel='不清楚，由工作人员判断'
            />
          </View>
        </>
      ) : null}

      <View
        id='report-anonymous'
        className='card switch-row'
        onClick={() => set({ anonymous: !draft.anonymous })}
        role='switch'
        aria-checked={draft.anonymous}
      >
        <View className='switch-row__text'>
          <Text>匿名反映</Text>
          <Text className='hint'>处理人员看不到您的身份，进度仍可在“我的反映”查看</Text>
        </View>
        <Switch checked={draft.anonymous} />
      </View>

      <View className='report__submit'>
        <Button id='report-submit' className='big-button' type='primary' size='xlarge' block loading={submitting} disabled={submitting} onClick={() => void submit()}>
          提交
        </Button>
      </View>
    </PageShell>
  )
}
