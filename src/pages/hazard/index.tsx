import { useMemo, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ListState } from '../../components/ListState'
import { OptionPicker } from '../../components/OptionPicker'
import { PageShell } from '../../components/PageShell'
import { PrivacyNotice } from '../../components/PrivacyNotice'
import { useLargeText } from '../../hooks/useLargeText'
import { useCountyInfo } from '../../hooks/useCountyInfo'
import { callFunction, uploadFile } from '../../services/cloud'
import { routes } from '../../routes'
import { gridGroups, urgentMatters } from '../../utils/county'
import { errorMessage, toast } from '../../utils/feedback'
import { randomToken, yearMonth } from '../../utils/format'
import { currentPoint, nearestGrid, type Point } from '../../utils/location'
import './index.scss'

/** Beyond this the phone is probably outside the county: ask for the grid instead of guessing. */
const MAX_GRID_DISTANCE_M = 5000
const MAX_NOTE = 60

/** One report on its way: each step's result is kept, so 重新提交 only redoes what failed. */
interface Pending {
  matterType: string
  name: string
  photoPath: string
  clientRequestId: string
  fileID?: string
  grid?: string
  point?: Point
  /** Location refused or too far: the person picks the grid. */
  needGrid?: boolean
}

type Phase = 'choose' | 'sending' | 'needGrid' | 'failed'

/** 一键报隐患: tap a hazard → take a photo → located and sent, with no form to fill in. */
export default function Hazard() {
  const [largeText] = useLargeText()
  const { county, error: countyError, reload: loadCounty } = useCountyInfo()
  const [note, setNote] = useState('')
  const [pending, setPending] = useState<Pending | null>(null)
  const [phase, setPhase] = useState<Phase>('choose')
  const [step, setStep] = useState('')
  const [failure, setFailure] = useState('')
  const busy = useRef(false)


  const hazards = useMemo(() => (county ? urgentMatters(county) : []), [county])
  const grids = useMemo(() => (county ? gridGroups(county) : []), [county])

  /** Upload, locate, submit: whatever `p` still lacks. */
  const send = async (start: Pending) => {
    if (!county || busy.current) return
    busy.current = true
    let p = start
    setPending(p)
    setPhase('sending')
    setFailure('')
    try {
      if (!p.fileID || !p.grid) {
        setStep('正在上传照片、确定位置…')
        const [fileID, point] = await Promise.all([
          p.fileID ?? uploadFile(p.photoPath, `reports/${yearMonth()}/${randomToken(20)}.jpg`),
          p.grid || p.needGrid ? null : currentPoint(),
        ])
        const near = point ? nearestGrid(county, point) : null
        const located = near && near.distance <= MAX_GRID_DISTANCE_M ? { grid: near.code, point: point as Point } : { needGrid: true }
        p = { ...p, fileID, ...(p.grid || p.needGrid ? {} : located) }
        setPending(p)
        if (!p.grid) {
          setPhase('needGrid')
          return
        }
      }
      setStep('正在提交…')
      const trimmed = note.trim()
      const res = await callFunction('cases', 'submit', {
        clientRequestId: p.clientRequestId,
        text: trimmed ? `随手拍：${p.name}。${trimmed}` : `随手拍：${p.name}`,
        grid: p.grid,
        matterType: p.matterType,
        photos: [p.fileID as string],
        ...(p.point ? { place: { lat: p.point.lat, lng: p.point.lng } } : {}),
        channel: 'miniprogram',
      })
      toast('已上报，我们会尽快处理')
      void Taro.redirectTo({ url: routes.caseDetail(res.caseId) }).catch(() => undefined)
    } catch (err) {
      // What was done stays (photo, grid, request id): 重新提交 cannot create a second case.
      setFailure(errorMessage(err))
      setPhase('failed')
    } finally {
      busy.current = false
    }
  }

  const report = async (matterType: string, name: string) => {
    if (busy.current) return
    let photoPath: string | undefined
    try {
      const res = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['camera'], sizeType: ['compressed'] })
      photoPath = res.tempFiles[0]?.tempFilePath
    } catch {
      // Closed the camera: nothing to send.
    }
    if (photoPath) await send({ matterType, name, photoPath, clientRequestId: `h${randomToken(23)}` })
  }

  const reset = () => {
    setPending(null)
    setPhase('choose')
  }

  return (
    <PageShell title='一键报隐患' subtitle='点一下，拍张照，自动定位后送到负责的网格员' largeText={largeText}>
      <PrivacyNotice onlyWhenAsked />
      {county ? null : <ListState status={countyError ? 'error' : 'loading'} errorText={countyError} onRetry={() => void loadCounty()} />}

      {county && pending && phase !== 'choose' ? (
        <View className='card hazard__status' aria-live='polite'>
          <Text className='hazard__status-title'>{pending.name}</Text>
          {phase === 'sending' ? <Text className='hazard__status-text'>{step}</Text> : null}
          {phase === 'failed' ? (
            <View role='alert'>
              <Text className='hazard__status-text'>{failure}</Text>
            </View>
          ) : null}
          {phase === 'needGrid' ? (
            <>
              <Text className='hazard__status-text'>没能根据位置确定网格，请选一下问题所在的网格。</Text>
              <OptionPicker
                id='hazard-grid'
                groups={grids}
                value={pending.grid ?? null}
                onChange={(grid) => setPending({ ...pending, grid: grid ?? undefined })}
                groupPrompt='先选街道（乡镇）'
                optionPrompt='再选所在网格'
                placeholder='请选择问题所在的网格'
                defaultOpen
              />
            </>
          ) : null}
          {phase === 'needGrid' || phase === 'failed' ? (
            <View className='hazard__actions'>
              <Button
                id='hazard-submit'
                className='big-button'
                type='primary'
                size='xlarge'
                block
                disabled={!pending.grid && phase === 'needGrid'}
                onClick={() => void send(pending)}
              >
                {phase === 'failed' ? '重新提交' : '提交'}
              </Button>
              <Button type='default' size='large' block onClick={reset}>
                换一个隐患
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}

      {county && phase === 'choose' ? (
        <>
          <View className='card hazard__note'>
            <Text className='hazard__note-label'>补充一句（选填）</Text>
            <Input
              id='hazard-note'
              className='hazard__note-input'
              value={note}
              maxlength={MAX_NOTE}
              placeholder='例如：3号楼东侧，车停了两天'
              onInput={(e) => setNote(e.detail.value)}
            />
          </View>
          <Text className='section-title'>点下面的隐患，拍张照片就会上报</Text>
          <ListState status={hazards.length ? 'ready' : 'empty'} emptyText='本县暂未设置可一键上报的隐患，请用“随手拍”反映'>
            <View className='hazard__grid'>
              {hazards.map((m) => (
                <View key={m.code} id={`hazard-${m.code}`} className='hazard__button' role='button' onClick={() => void report(m.code, m.name)}>
                  <Text className='hazard__button-text'>{m.name}</Text>
                </View>
              ))}
            </View>
          </ListState>
        </>
      ) : null}
    </PageShell>
  )
}
