import { useEffect, useMemo, useRef, useState } from 'react'
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
import { useMatterSuggestion } from '../../hooks/useMatterSuggestion'
import { useCountyInfo } from '../../hooks/useCountyInfo'
import { useVoiceInput } from '../../hooks/useVoiceInput'
import { VoiceInputButton } from '../../components/VoiceInputButton'
import { ApiError, callFunction } from '../../services/cloud'
import { routes } from '../../routes'
import { matterGroups } from '../../utils/county'
import { toast, toastError } from '../../utils/feedback'
import { MAX_PHOTOS, MAX_TEXT, appendSpokenText, clearDraft, loadDraft, saveDraft, validateDraft, type ReportDraft } from './draft'
import { nearestGrid } from '../../utils/location'
import { findQrPoint, sceneCode } from './place'
import { QuickChips } from './QuickChips'
import { MatterTypeChoice } from './MatterTypeChoice'
import { PhoneAuth } from './PhoneAuth'
import { phoneAuthMode } from './phone'
import { askSubscribe } from './subscribe'
import './index.scss'

/** Townships, then their grids (the community as a hint). */
function gridGroups(county: CountyInfo): OptionGroup[] {
  return county.townships.map((t) => ({
    key: t.code,
    label: t.name,
    options: t.communities.flatMap((c) => c.grids.map((g) => ({ value: g.code, label: g.name, hint: c.name }))),
  }))
}

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

/** Why locating failed, in words the resident can act on. */
function locationFailure(err: unknown): string {
  const msg = String((err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? '')
  if (/auth|deny|denied|permission|权限/i.test(msg) || (err as { code?: number })?.code === 1) {
    return '没有获得位置权限。可在设置里允许使用位置后再试，或在下面直接选择网格。'
  }
  return '暂时无法获取位置，请稍后再试，或在下面直接选择网格。'
}

/** The scene a QR code opened the page with (weapp: ?scene=…; H5: the same hash-route parameter). */
function entryScene(): string | undefined {
  return Taro.getCurrentInstance()?.router?.params?.scene
}

/** 随手拍: photos, place, a few words → cases.submit. The draft is kept until it is sent. */
export default function Report() {
  const [initial] = useState(loadDraft)
  const [draft, setDraft] = useState<ReportDraft>(initial)
  const photos = usePhotoUploads('reports', initial.photos)
  const { county, error: countyError, reload: loadCounty } = useCountyInfo()
  const [tried, setTried] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const sent = useRef(false)
  const [placeNotice, setPlaceNotice] = useState('')
  const [locating, setLocating] = useState(false)
  // Remounts the grid picker when the grid is set from a location or QR code, so it folds on the choice.
  const [gridPickerKey, setGridPickerKey] = useState(0)
  const [scene] = useState(entryScene)


  useEffect(() => {
    if (!sent.current) saveDraft({ ...draft, photos: photos.stored })
  }, [draft, photos.stored])

  const grids = useMemo(() => (county ? gridGroups(county) : []), [county])
  const matters = useMemo(() => (county ? matterGroups(county) : []), [county])
  const set = (patch: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const voice = useVoiceInput((spoken) => setDraft((d) => ({ ...d, text: appendSpokenText(d.text, spoken) })))
  const phoneMode = phoneAuthMode()
  const errors = tried ? validateDraft(draft, photos) : {}

  const matterName = useMemo(() => new Map((county?.matterTypes ?? []).map((m) => [m.code, m.name])), [county])
  const qrPoint = county ? findQrPoint(county, draft.qrPoint ?? null) : undefined
  const qrChips = (qrPoint?.suggestedMatterTypes ?? []).filter((code) => matterName.has(code)).map((code) => ({ value: code, label: matterName.get(code) as string }))
  const suggestions = useMatterSuggestion(draft.text, draft.qrPoint ?? null, Boolean(county) && !draft.matterType)

  // A QR place code (scene) on entry: place, grid and likely matter types come from the poster's point.
  const sceneApplied = useRef(false)
  useEffect(() => {
    if (!county || !scene || sceneApplied.current) return
    sceneApplied.current = true
    const point = findQrPoint(county, sceneCode(scene))
    if (!point) {
      setPlaceNotice('没有找到这个二维码对应的地点，请用定位或在下面选择位置。')
      return
    }
    set({ grid: point.grid, qrPoint: point.code, place: { lat: point.lat, lng: point.lng, address: point.name } })
    setGridPickerKey((k) => k + 1)
    setPlaceNotice('')
  }, [county, scene])

  /** A point from the device or the map: remembered, and its nearest grid chosen (still editable). */
  const applyPoint = (lat: number, lng: number, address: string) => {
    if (!county) return
    const grid = nearestGrid(county, { lat, lng })
    set({ place: { lat, lng, address: address || `${grid?.name ?? ''}附近` }, qrPoint: null, ...(grid ? { grid: grid.code } : {}) })
    setGridPickerKey((k) => k + 1)
    setPlaceNotice(grid ? `已按位置选择“${grid.name}”，不对可以修改。` : '')
  }

  const locate = async () => {
    setLocating(true)
    setPlaceNotice('')
    try {
      const loc = await Taro.getLocation({ type: 'gcj02' })
      applyPoint(loc.latitude, loc.longitude, '')
    } catch (err) {
      setPlaceNotice(locationFailure(err))
    } finally {
      setLocating(false)
    }
  }

  const chooseOnMap = async () => {
    setPlaceNotice('')
    try {
      const res = await Taro.chooseLocation({})
      applyPoint(res.latitude, res.longitude, [res.name, res.address].filter(Boolean).join(' · ').slice(0, 200))
    } catch (err) {
      if (!/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) setPlaceNotice(locationFailure(err))
    }
  }

  const submit = async () => {
    setTried(true)
    const found = validateDraft(draft, photos)
    const first = found.text ?? found.grid ?? found.photos
    if (first) return toast(first)
    // From the tap itself (WeChat's rule); a refusal never holds the report back.
    const subscribed = askSubscribe()
    setSubmitting(true)
    try {
      await subscribed
      const res = await callFunction('cases', 'submit', {
        clientRequestId: draft.clientRequestId,
        text: draft.text.trim(),
        grid: draft.grid as string,
        ...(draft.matterType ? { matterType: draft.matterType } : {}),
        photos: photos.fileIDs,
        anonymous: draft.anonymous,
        ...(draft.place ? { place: { ...draft.place, ...(draft.qrPoint ? { qrPoint: draft.qrPoint } : {}) } } : {}),
        ...(draft.qrPoint ? { qrPoint: draft.qrPoint } : {}),
        // Anonymous reports carry no phone (the switch also clears the code).
        ...(draft.phoneCode && !draft.anonymous ? { phoneCode: draft.phoneCode } : {}),
        channel: draft.qrPoint ? 'qrcode' : 'miniprogram',
      })
      sent.current = true
      clearDraft()
      toast('已提交，我们会尽快处理')
      void Taro.redirectTo({ url: routes.caseDetail(res.caseId) }).catch(() => undefined)
    } catch (err) {
      // The draft and its request id stay: sending again cannot create a second case.
      // A spent or expired phone code cannot work again: drop it, so the resident grants again or sends without.
      if (err instanceof ApiError && err.code === 'PHONE_CODE_INVALID') set({ phoneCode: null })
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
        <VoiceInputButton id='report-voice' voice={voice} hint='不方便打字？按住说话，说的内容会加在描述后面' />
        <FormError text={errors.text} />
      </View>

      <Text className='section-title'>在哪里</Text>
      <View className='card report__place'>
        {county ? (
          <View className='report__locate'>
            <Button id='report-locate' className='report__locate-button' size='large' fill='outline' type='primary' loading={locating} disabled={locating} onClick={() => void locate()}>
              使用当前位置
            </Button>
            {IS_WEAPP ? (
              <Button id='report-choose-location' className='report__locate-button' size='large' fill='outline' type='primary' onClick={() => void chooseOnMap()}>
                在地图上选
              </Button>
            ) : null}
          </View>
        ) : null}
        {draft.place ? (
          <Text id='report-place' className='report__place-text'>
            位置：{draft.place.address}
          </Text>
        ) : null}
        {placeNotice ? (
          <Text id='report-place-notice' className='report__notice' aria-live='polite'>
            {placeNotice}
          </Text>
        ) : null}
        {county ? (
          <OptionPicker
            key={gridPickerKey}
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
            <MatterTypeChoice
              idPrefix='report'
              matters={matters}
              suggestions={suggestions}
              suggestTitle='根据您的描述，点一下即可选择'
              unsureLabel='不清楚，由工作人员判断'
              value={draft.matterType}
              onChange={(matterType) => set({ matterType })}
            >
              <QuickChips id='report-qr-types' title={`“${qrPoint?.name ?? ''}”常见问题，点一下即可选择`} chips={qrChips} value={draft.matterType} onPick={(matterType) => set({ matterType })} />
            </MatterTypeChoice>
          </View>
        </>
      ) : null}

      <View
        id='report-anonymous'
        className='card switch-row'
        onClick={() => set(draft.anonymous ? { anonymous: false } : { anonymous: true, phoneCode: null })}
        role='switch'
        aria-checked={draft.anonymous}
      >
        <View className='switch-row__text'>
          <Text>匿名反映</Text>
          <Text className='hint'>处理人员看不到您的身份，进度仍可在“我的反映”查看</Text>
        </View>
        <Switch checked={draft.anonymous} />
      </View>

      <PhoneAuth mode={phoneMode} code={draft.phoneCode ?? null} anonymous={draft.anonymous} onChange={(phoneCode) => set({ phoneCode })} />

      <View className='report__submit'>
        <Button id='report-submit' className='big-button' type='primary' size='xlarge' block loading={submitting} disabled={submitting} onClick={() => void submit()}>
          提交
        </Button>
      </View>
    </PageShell>
  )
}
