// 走访登记 (M-4, M-9): a grid worker or party member registers a problem found on a visit at once —
// text, type (suggested from the text), place preset to the worker's grid, optional photos, and
// 当场解决 (grid worker only: the case is created, claimed and resolved in one go, each step audited).
import { useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button, Switch, TextArea } from '@nutui/nutui-react-taro'
import type { WhoAmI } from '../../../domain/api'
import { FormError } from '../../components/FormError'
import { ListState } from '../../components/ListState'
import { OptionPicker } from '../../components/OptionPicker'
import { PageShell } from '../../components/PageShell'
import { PhotoPicker } from '../../components/PhotoPicker'
import { useCountyInfo } from '../../hooks/useCountyInfo'
import { useMatterSuggestion } from '../../hooks/useMatterSuggestion'
import { usePhotoUploads } from '../../hooks/usePhotoUploads'
import { MatterTypeChoice } from '../../pages/report/MatterTypeChoice'
import { routes } from '../../routes'
import { callFunction } from '../../services/cloud'
import { matterGroups } from '../../utils/county'
import { errorMessage, toast, toastError } from '../../utils/feedback'
import { randomToken } from '../../utils/format'
import { canResolveOnSpot, validateVisit, visitGridGroups, type VisitDraft } from './visitDraft'
import '../../pages/report/index.scss'
import './visit.scss'

const MAX_PHOTOS = 9

const emptyDraft = (grid: string | null = null): VisitDraft => ({ clientRequestId: `visit-${randomToken(20)}`, text: '', grid, address: '', matterType: null, resolvedOnSpot: false, result: '' })

export default function VisitRegistration() {
  const { county, error: countyError, reload } = useCountyInfo()
  const [me, setMe] = useState<WhoAmI | null>(null)
  const [meError, setMeError] = useState('')
  const [draft, setDraft] = useState<VisitDraft>(() => emptyDraft())
  const [tried, setTried] = useState(false)
  const [sending, setSending] = useState(false)
  const photos = usePhotoUploads('visits')
  const set = (patch: Partial<VisitDraft>) => setDraft((d) => ({ ...d, ...patch }))

  const loadMe = () => {
    setMeError('')
    callFunction('account', 'whoami', {})
      .then((who) => {
        setMe(who)
        // Preset to the worker's own grid (the only one for most grid workers).
        const own = who.bindings.find((b) => b.role === 'grid_worker')
        if (own) setDraft((d) => (d.grid ? d : { ...d, grid: own.unit }))
      })
      .catch((err) => setMeError(errorMessage(err)))
  }
  useEffect(loadMe, [])

  const grids = useMemo(() => (county && me ? visitGridGroups(county, me) : []), [county, me])
  const matters = useMemo(() => (county ? matterGroups(county) : []), [county])
  const suggestions = useMatterSuggestion(draft.text, null, Boolean(county) && !draft.matterType)
  const mayResolve = me ? canResolveOnSpot(me, draft.grid) : false
  const errors = tried ? validateVisit(draft) : {}

  const submit = async () => {
    setTried(true)
    const found = validateVisit({ ...draft, resolvedOnSpot: draft.resolvedOnSpot && mayResolve })
    const first = found.text ?? found.grid ?? found.result
    if (first) return toast(first)
    if (photos.items.some((p) => p.status !== 'done')) return toast('还有照片没有上传完成')
    setSending(true)
    try {
      const onSpot = draft.resolvedOnSpot && mayResolve
      const res = await callFunction('intake', 'register', {
        clientRequestId: draft.clientRequestId,
        text: draft.text.trim(),
        grid: draft.grid as string,
        ...(draft.address.trim() ? { address: draft.address.trim() } : {}),
        ...(draft.matterType ? { matterType: draft.matterType } : {}),
        photos: photos.fileIDs,
        resolvedOnSpot: onSpot,
        ...(onSpot ? { result: draft.result.trim() } : {}),
      })
      toast(res.state === 'resolved' ? '已登记并办结' : '已登记，已进入网格待办')
      // Grid workers work the case on the staff page; a party member follows it like a report (我的反映 → 我登记的走访).
      void Taro.redirectTo({ url: mayResolve ? routes.staffCase(res.caseId) : routes.caseDetail(res.caseId) }).catch(() => undefined)
    } catch (err) {
      // The request id stays: sending again cannot create a second case.
      toastError(err)
    } finally {
      setSending(false)
    }
  }

  if (!county || !me) {
    const error = countyError || meError
    return (
      <PageShell title='走访登记'>
        <ListState status={error ? 'error' : 'loading'} errorText={error} onRetry={() => (countyError ? void reload() : loadMe())} />
      </PageShell>
    )
  }
  if (!grids.length) {
    return (
      <PageShell title='走访登记'>
        <ListState status='empty' emptyText='只有网格员和下沉党员可以登记走访发现的问题' />
      </PageShell>
    )
  }

  return (
    <PageShell title='走访登记' subtitle='走访中发现的问题，第一时间登记（M-9）'>
      <Text className='section-title'>发现了什么问题</Text>
      <View className='card'>
        <TextArea id='visit-text' className='text-box' value={draft.text} onChange={(text: string) => set({ text })} maxLength={1000} showCount placeholder='例如：3栋楼道堆放杂物，堵住了消防通道' />
        <FormError text={errors.text} />
      </View>

      <Text className='section-title'>问题类型</Text>
      <View className='card'>
        <MatterTypeChoice
          idPrefix='visit'
          matters={matters}
          suggestions={suggestions}
          suggestTitle='根据描述，点一下即可选择'
          unsureLabel='不确定，由系统判断'
          value={draft.matterType}
          onChange={(matterType) => set({ matterType })}
        />
      </View>

      <Text className='section-title'>在哪里</Text>
      <View className='card'>
        <OptionPicker id='visit-grid' groups={grids} value={draft.grid} onChange={(grid) => set({ grid, resolvedOnSpot: false })} groupPrompt='选社区（村）' optionPrompt='选网格' placeholder='请选择网格' />
        <FormError text={errors.grid} />
        <Input id='visit-address' className='visit__address' value={draft.address} onInput={(e) => set({ address: e.detail.value })} maxlength={200} placeholder='具体位置（选填），如 5栋2单元' />
      </View>

      <Text className='section-title'>照片（选填，最多 {MAX_PHOTOS} 张）</Text>
      <View className='card'>
        <PhotoPicker items={photos.items} onAdd={photos.add} onRemove={photos.remove} onRetry={photos.retry} max={MAX_PHOTOS} />
      </View>

      {mayResolve ? (
        <View className='card'>
          <View id='visit-on-spot' className='switch-row' onClick={() => set({ resolvedOnSpot: !draft.resolvedOnSpot })} role='switch' aria-checked={draft.resolvedOnSpot}>
            <View className='switch-row__text'>
              <Text>当场解决</Text>
              <Text className='hint'>已在走访时处理好：登记后直接办结</Text>
            </View>
            <Switch checked={draft.resolvedOnSpot} />
          </View>
          {draft.resolvedOnSpot ? (
            <>
              <TextArea id='visit-result' className='text-box' value={draft.result} onChange={(result: string) => set({ result })} maxLength={1000} placeholder='怎么解决的，例如：已劝说住户搬走杂物，通道已畅通' />
              <FormError text={errors.result} />
            </>
          ) : null}
        </View>
      ) : null}

      <View className='visit__submit'>
        <Button id='visit-submit' className='big-button' type='primary' size='xlarge' block loading={sending} disabled={sending} onClick={() => void submit()}>
          {draft.resolvedOnSpot && mayResolve ? '登记并办结' : '登记'}
        </Button>
      </View>
    </PageShell>
  )
}
