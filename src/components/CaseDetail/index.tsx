import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CaseDetail, CaseView } from '../../../domain/api/views'
import { callFunction, getTempFileURLs } from '../../services/cloud'
import { caseStateTone } from '../../utils/caseState'
import { errorMessage, toast, toastError } from '../../utils/feedback'
import { formatTime } from '../../utils/format'
import { DeadlineBadge } from '../DeadlineBadge'
import { ListState } from '../ListState'
import { PhotoGrid } from '../PhotoGrid'
import { StatusChip } from '../StatusChip'
import { Timeline, type TimelineEntry } from '../Timeline'
import { ActionForm } from './ActionForm'
import './index.scss'

export type CaseAudience = 'resident' | 'staff'

function InfoRow({ label, value }: { label: string; value: string }) {
  return (
    <View className='case-detail__info-row'>
      <Text className='case-detail__info-label'>{label}</Text>
      <Text className='case-detail__info-value'>{value}</Text>
    </View>
  )
}

function reporterText(c: CaseView): string {
  const who = c.reporter.anonymous ? '匿名反映' : c.reporter.phone ? `实名 ${c.reporter.phone}` : '实名'
  return c.reporterCount > 1 ? `${who}（共 ${c.reporterCount} 人反映）` : who
}

/** File URLs the reply already carries (case and resolution photos). */
function knownUrls(c: CaseView): Record<string, string> {
  const urls: Record<string, string> = {}
  for (const p of [...c.photos, ...(c.resolution?.photos ?? [])]) if (p.url) urls[p.fileID] = p.url
  return urls
}

function timelineEntries(detail: CaseDetail, urls: Record<string, string>): TimelineEntry[] {
  return detail.timeline
    .map((item, i) => ({
      key: `${i}-${item.action}-${item.at}`,
      at: item.at,
      title: item.label,
      actor: item.actorLabel,
      detail: item.text,
      photos: item.photos?.map((id) => urls[id] ?? ''),
    }))
    .reverse()
}

/**
 * One case, for the reporter (pages/case) and for staff (staff/case): what was reported, where it
 * stands, its history, and the actions the server offers this person (`detail.actions`).
 */
export function CaseDetailView({ caseId, audience }: { caseId: string; audience: CaseAudience }) {
  const [detail, setDetail] = useState<CaseDetail | null>(null)
  const [errorText, setErrorText] = useState('')
  const [extraUrls, setExtraUrls] = useState<Record<string, string>>({})
  const [active, setActive] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const hidden = useRef(false)

  const load = useCallback(
    async (quiet = false) => {
      if (!quiet) setErrorText('')
      try {
        setDetail(await callFunction('cases', 'get', { caseId }))
        setErrorText('')
      } catch (err) {
        if (quiet) toastError(err)
        else setErrorText(errorMessage(err))
      }
    },
    [caseId],
  )

  useEffect(() => {
    setDetail(null)
    void load()
  }, [load])
  useDidHide(() => {
    hidden.current = true
  })
  useDidShow(() => {
    if (!hidden.current) return
    hidden.current = false
    void load(true)
  })
  usePullDownRefresh(() => {
    void load(true).finally(() => Taro.stopPullDownRefresh())
  })

  // Timeline photos are file ids; fetch the URLs the case reply did not already carry.
  useEffect(() => {
    if (!detail) return
    const known = knownUrls(detail.case)
    const missing = [...new Set(detail.timeline.flatMap((t) => t.photos ?? []))].filter((id) => !known[id] && !extraUrls[id])
    if (!missing.length) return
    getTempFileURLs(missing)
      .then((urls) => setExtraUrls((u) => ({ ...u, ...urls })))
      .catch(() => undefined)
    // extraUrls only grows; re-running on it would refetch nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [detail])

  // An action that is no longer offered (someone else acted) closes its form.
  useEffect(() => {
    if (active && detail && !detail.actions.some((a) => a.action === active)) setActive(null)
  }, [detail, active])

  if (!detail) {
    return <ListState status={errorText ? 'error' : 'loading'} errorText={errorText} onRetry={() => void load()} />
  }

  const c = detail.case
  const act = async (action: { action: string; label: string }, input: Record<string, unknown>) => {
    setSubmitting(true)
    try {
      const next = await callFunction('cases', 'act', { caseId, action: action.action, expectedVersion: c.version, input })
      setDetail(next)
      setActive(null)
      toast(`「${action.label}」已完成`)
    } catch (err) {
      toastError(err)
      await load(true)
    } finally {
      setSubmitting(false)
    }
  }
  const activeAction = detail.actions.find((a) => a.action === active)
  const entries = timelineEntries(detail, { ...extraUrls, ...knownUrls(c) })

  return (
    <View className='case-detail'>
      <View className='card case-detail__summary'>
        <View className='case-detail__head'>
          <StatusChip label={c.stateLabel} tone={caseStateTone(c.state)} />
          {audience === 'staff' ? <DeadlineBadge deadline={c.deadline} /> : null}
        </View>
        <Text className='case-detail__text' id='case-text'>
          {c.text}
        </Text>
        <PhotoGrid urls={c.photos.map((p) => p.url)} />
      </View>

      <View className='card case-detail__info'>
        <InfoRow label='编号' value={c.no} />
        <InfoRow label='位置' value={c.placeLabel} />
        <InfoRow label='事项' value={c.matterTypeName} />
        <InfoRow label='当前处理' value={c.levelLabel} />
        <InfoRow label='反映时间' value={formatTime(c.createdAt)} />
        <InfoRow label='渠道' value={c.channelLabel} />
        {audience === 'staff' || c.reporter.anonymous ? <InfoRow label='反映人' value={reporterText(c)} /> : null}
      </View>

      {c.resolution ? (
        <>
          <Text className='section-title'>办理结果</Text>
          <View className='card case-detail__resolution'>
            <Text className='case-detail__text'>{c.resolution.result}</Text>
            <Text className='hint'>
              {c.resolution.levelLabel} · {formatTime(c.resolution.at)}
            </Text>
            <PhotoGrid urls={c.resolution.photos.map((p) => p.url)} />
          </View>
        </>
      ) : null}

      {c.rating ? (
        <>
          <Text className='section-title'>群众评价</Text>
          <View className='card case-detail__rating'>
            <Text className='case-detail__text'>{c.rating.auto ? '超期未评价，系统自动结案' : c.rating.score}</Text>
            {c.rating.comment ? <Text className='hint'>{c.rating.comment}</Text> : null}
          </View>
        </>
      ) : null}

      {detail.actions.length ? (
        <>
          <Text className='section-title'>{audience === 'staff' ? '办理' : '需要您做的'}</Text>
          <View className='card case-detail__actions'>
            {activeAction ? (
              <ActionForm
                key={activeAction.action}
                action={activeAction}
                submitting={submitting}
                onSubmit={(input) => void act(activeAction, input)}
                onCancel={() => setActive(null)}
              />
            ) : (
              detail.actions.map((a, i) => (
                <Button key={a.action} id={`case-action-${a.action}`} type={i === 0 ? 'primary' : 'default'} size='large' block onClick={() => setActive(a.action)}>
                  {a.label}
                </Button>
              ))
            )}
          </View>
        </>
      ) : null}

      <Text className='section-title'>处理进度</Text>
      <View className='card' id='case-timeline'>
        <ListState status={entries.length ? 'ready' : 'empty'} emptyText='暂无进展记录'>
          <Timeline entries={entries} />
        </ListState>
      </View>
    </View>
  )
}

export default CaseDetailView
