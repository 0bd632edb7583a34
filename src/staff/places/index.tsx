import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import type { CountyInfo } from '../../../domain/api'
import type { PlaceList, PlaceView } from '../../../domain/api/admin'
import { FormError } from '../../components/FormError'
import { ListState, type ListStatus } from '../../components/ListState'
import { OptionPicker } from '../../components/OptionPicker'
import { PageShell } from '../../components/PageShell'
import { useCountyInfo } from '../../hooks/useCountyInfo'
import { useDetail } from '../../hooks/useDetail'
import { callFunction } from '../../services/cloud'
import { gridGroups, matterGroups } from '../../utils/county'
import { errorMessage, toast, toastError } from '../../utils/feedback'
import { draftOf, newDraft, placeFromDraft, type PlaceDraft } from './placeDraft'
import '../../components/ActionForm/index.scss'
import './index.scss'

type ImageKind = 'code' | 'poster'
const IMAGE_LABELS: Record<ImageKind, string> = { code: '二维码', poster: '海报' }

/** weapp: download the temp URL and save it to the photo album (asks for 相册 permission the first time). */
async function saveToAlbum(url: string): Promise<void> {
  try {
    const { tempFilePath, statusCode } = await Taro.downloadFile({ url })
    if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`)
    await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath })
    toast('已保存到手机相册')
  } catch (err) {
    const denied = /auth|deny|denied/i.test((err as { errMsg?: string })?.errMsg ?? '')
    toast(denied ? '没有相册权限：请在右上角「…」→「设置」中允许保存到相册' : '保存没有成功，请稍后再试')
  }
}

function PlaceForm({ draft: initial, county, version, onSaved, onCancel }: {
  draft: PlaceDraft
  county: CountyInfo
  version: number
  onSaved: () => void
  onCancel: () => void
}) {
  const [draft, setDraft] = useState(initial)
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const set = (patch: Partial<PlaceDraft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setError('')
  }
  const matterName = (code: string) => county.matterTypes.find((m) => m.code === code)?.name ?? code
  const gridCenter = (code: string) => county.townships.flatMap((t) => t.communities.flatMap((c) => c.grids)).find((g) => g.code === code)?.center

  const chooseGrid = (grid: string | null) => {
    const center = grid && !draft.lat.trim() && !draft.lng.trim() ? gridCenter(grid) : undefined
    set(center ? { grid, lat: String(center.lat), lng: String(center.lng) } : { grid })
  }

  const pickOnMap = async () => {
    try {
      const lat = Number(draft.lat)
      const lng = Number(draft.lng)
      const res = await Taro.chooseLocation(draft.lat && draft.lng && Number.isFinite(lat) && Number.isFinite(lng) ? { latitude: lat, longitude: lng } : {})
      set({ lat: res.latitude.toFixed(6), lng: res.longitude.toFixed(6) })
    } catch {
      // Cancelled: keep what was typed.
    }
  }

  const save = async () => {
    const checked = placeFromDraft(draft)
    if (!checked.ok) return setError(checked.message)
    setSaving(true)
    try {
      const res = await callFunction('admin', 'upsertPlace', { expectedVersion: version, place: checked.place, reason: draft.reason.trim() })
      toast(res.changed ? '已保存' : '没有改动')
      onSaved()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  const line = (id: string, label: string, value: string, onChange: (v: string) => void, placeholder: string, disabled = false) => (
    <View className='action-form__field'>
      <Text className='action-form__label'>{label}</Text>
      <TextArea
        id={id}
        className='text-box action-form__line'
        value={value}
        onChange={onChange}
        maxLength={40}
        placeholder={placeholder}
        disabled={disabled}
      />
    </View>
  )

  return (
    <View className='action-form places__form' id='place-form'>
      <Text className='action-form__title'>{draft.isNew ? '新增二维码点位' : `修改点位：${initial.name}`}</Text>
      {line('place-code', draft.isNew ? '点位编码（印在二维码里，保存后不能修改）' : '点位编码（不能修改）', draft.code, (code) => set({ code: code.toLowerCase() }), '例如 pt-school-01', !draft.isNew)}
      {line('place-name', '点位名称', draft.name, (name) => set({ name }), '例如 五柳小学南门')}
      <View className='action-form__field'>
        <Text className='action-form__label'>所在网格</Text>
        <OptionPicker
          id='place-grid'
          groups={gridGroups(county)}
          value={draft.grid}
          onChange={chooseGrid}
          groupPrompt='先选街道（乡镇）'
          optionPrompt='再选网格'
          placeholder='请选择网格'
          defaultOpen={draft.isNew}
        />
      </View>
      {line('place-lat', '纬度', draft.lat, (lat) => set({ lat }), '例如 29.7925')}
      {line('place-lng', '经度', draft.lng, (lng) => set({ lng }), '例如 116.1108')}
      {process.env.TARO_ENV === 'weapp' ? (
        <Button id='place-map' type='default' size='large' block onClick={() => void pickOnMap()}>
          在地图上选点
        </Button>
      ) : null}
      <View className='action-form__field'>
        <Text className='action-form__label'>推荐事项类型（扫码后优先显示，可多选）</Text>
        {draft.suggestedMatterTypes.length ? (
          <View className='action-form__options' role='group'>
            {draft.suggestedMatterTypes.map((m) => (
              <Button
                key={m}
                id={`place-type-${m}`}
                className='action-form__option'
                type='primary'
                size='large'
                block
                onClick={() => set({ suggestedMatterTypes: draft.suggestedMatterTypes.filter((x) => x !== m) })}
              >
                {`✓ ${matterName(m)}（点击移除）`}
              </Button>
            ))}
          </View>
        ) : (
          <Text className='hint'>未选择：扫码上报时按描述自动判断事项类型</Text>
        )}
        <OptionPicker
          id='place-type-add'
          groups={matterGroups(county).map((g) => ({ ...g, options: g.options.filter((o) => !draft.suggestedMatterTypes.includes(o.value)) })).filter((g) => g.options.length)}
          value={null}
          onChange={(m) => m && set({ suggestedMatterTypes: [...draft.suggestedMatterTypes, m] })}
          groupPrompt='先选事项分类'
          optionPrompt='再选事项类型'
          placeholder='添加推荐事项类型'
        />
      </View>
      {line('place-reason', '修改说明（选填，记入配置历史）', draft.reason, (reason) => set({ reason }), '例如 社区申请张贴')}
      <FormError text={error} />
      <View className='action-form__buttons'>
        <Button id='place-save' type='primary' size='large' block loading={saving} disabled={saving} onClick={() => void save()}>
          保存点位
        </Button>
        <Button id='place-cancel' type='default' size='large' block disabled={saving} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}

function PlaceCard({ place, matterName, onEdit }: { place: PlaceView; matterName: (code: string) => string; onEdit: () => void }) {
  const [shown, setShown] = useState<{ kind: ImageKind; url: string } | null>(null)
  const [busy, setBusy] = useState<ImageKind | null>(null)

  const fetchImage = async (kind: ImageKind) => {
    setBusy(kind)
    try {
      const res = kind === 'code' ? await callFunction('admin', 'placeCode', { code: place.code }) : await callFunction('admin', 'placePoster', { code: place.code })
      setShown({ kind, url: res.url })
    } catch (err) {
      toastError(err)
    } finally {
      setBusy(null)
    }
  }

  const types = place.suggestedMatterTypes.map(matterName).join('、')
  return (
    <View className='places__card' id={`place-${place.code}`}>
      <Text className='places__name'>{place.name}</Text>
      <Text className='places__meta'>{place.gridName}</Text>
      <Text className='places__meta'>推荐事项：{types || '无'}</Text>
      <Text className='places__meta'>
        编码 {place.code} · {place.hasCode ? '二维码已生成' : '尚未生成二维码'}
      </Text>
      <View className='places__buttons'>
        <Button id={`place-${place.code}-code`} type='primary' size='large' block loading={busy === 'code'} disabled={busy !== null} onClick={() => void fetchImage('code')}>
          {place.hasCode ? '查看二维码' : '生成二维码'}
        </Button>
        <Button id={`place-${place.code}-poster`} type='primary' size='large' block loading={busy === 'poster'} disabled={busy !== null} onClick={() => void fetchImage('poster')}>
          下载海报
        </Button>
        <Button id={`place-${place.code}-edit`} type='default' size='large' block disabled={busy !== null} onClick={onEdit}>
          修改点位
        </Button>
      </View>
      {shown ? (
        <View className='places__image'>
          <Image className={`places__img places__img--${shown.kind}`} src={shown.url} mode='widthFix' showMenuByLongpress />
          {process.env.TARO_ENV === 'weapp' ? (
            <Button id={`place-${place.code}-save`} type='default' size='large' block onClick={() => void saveToAlbum(shown.url)}>
              保存{IMAGE_LABELS[shown.kind]}到相册
            </Button>
          ) : (
            <a id={`place-${place.code}-download`} className='places__download' href={shown.url} download={`${place.code}-${shown.kind}.png`} target='_blank' rel='noreferrer'>
              下载{IMAGE_LABELS[shown.kind]}图片
            </a>
          )}
        </View>
      ) : null}
    </View>
  )
}

/** The 吹哨办's QR places: list, create / edit, and each place's mini-program code and printable poster. */
export default function PlacesPage() {
  const places = useDetail<PlaceList>(() => callFunction('admin', 'listPlaces', {}), 'places')
  const { county, error: countyError, reload: loadCounty } = useCountyInfo()
  const [editing, setEditing] = useState<PlaceDraft | null>(null)


  const list = places.detail
  const status: ListStatus = list ? (list.items.length ? 'ready' : 'empty') : places.errorText ? 'error' : 'loading'
  const matterName = (code: string) => county?.matterTypes.find((m) => m.code === code)?.name ?? code
  const edit = (draft: PlaceDraft) => {
    if (!county) return toast(countyError || '正在加载网格和事项类型，请稍候')
    setEditing(draft)
  }

  return (
    <PageShell title='二维码点位' subtitle='张贴在小区门口、学校、市场等处，居民扫码即可拍照反映问题'>
      {countyError ? (
        <View className='places__notice' role='alert'>
          <Text>{countyError}</Text>
          <Button type='default' size='large' onClick={loadCounty}>
            重新加载
          </Button>
        </View>
      ) : null}
      {editing && county && list ? (
        <PlaceForm
          key={editing.code || 'new'}
          draft={editing}
          county={county}
          version={list.version}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            void places.load(true)
          }}
        />
      ) : (
        <View className='places__add'>
          <Button id='place-new' type='primary' size='large' block disabled={!list} onClick={() => edit(newDraft())}>
            新增点位
          </Button>
        </View>
      )}
      <ListState status={status} errorText={places.errorText} onRetry={() => void places.load()} emptyText='还没有二维码点位，点「新增点位」添加第一个'>
        {list?.items.map((place) => <PlaceCard key={place.code} place={place} matterName={matterName} onEdit={() => edit(draftOf(place))} />)}
      </ListState>
    </PageShell>
  )
}
