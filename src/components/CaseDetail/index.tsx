import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { CaseDetail, CaseView } from '../../../domain/api/views'
import { useDetail } from '../../hooks/useDetail'
import { useTimelineUrls } from '../../hooks/useTimelineUrls'
import { callFunction } from '../../services/cloud'
import { caseStateTone } from '../../utils/caseState'
import { formatTime } from '../../utils/format'
import { DeadlineBadge } from '../DeadlineBadge'
import { InfoRow } from '../InfoRow'
import { ListState } from '../ListState'
import { PhotoGrid } from '../PhotoGrid'
import { StatusChip } from '../StatusChip'
import { TimelineSection, toTimelineEntries } from '../Timeline'
import { ActionPanel, type OfferedAction } from '../ActionForm/ActionPanel'
import { CaseLocation } from './CaseLocation'

export type CaseAudience = 'resident' | 'staff'

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

export interface CaseDetailViewProps {
  caseId: string
  audience: CaseAudience
  /** More for this case under its actions (e.g. the township's 发起吹哨 on the staff page). */
  extra?: (detail: CaseDetail) => ReactNode
}

/**
 * One case, for the reporter (pages/case) and for staff (staff/case): what was reported, where it
 * stands, its history, and the actions the server offers this person (`detail.actions`).
 */
export function CaseDetailView({ caseId, audience, extra }: CaseDetailViewProps) {
  const { detail, errorText, load, perform } = useDetail(() => callFunction('cases', 'get', { caseId }), caseId)
  const urls = useTimelineUrls(detail?.timeline, detail ? knownUrls(detail.case) : {})

  if (!detail) {
    return <ListState status={errorText ? 'error' : 'loading'} errorText={errorText} onRetry={() => void load()} />
  }

  const c = detail.case
  const act = (action: OfferedAction, input: Record<string, unknown>) =>
    perform(action.label, () => callFunction('cases', 'act', { caseId, action: action.action, expectedVersion: c.version, input }))
  const entries = toTimelineEntries(detail.timeline, urls)

  return (
    <View className='case-detail'>
      <View className='card case-detail__summary'>
        <View className='detail-head'>
          <StatusChip label={c.stateLabel} tone={caseStateTone(c.state)} />
          {audience === 'staff' ? <DeadlineBadge deadline={c.deadline} /> : null}
        </View>
        <Text className='detail-text' id='case-text'>
          {c.text}
        </Text>
        <PhotoGrid urls={c.photos.map((p) => p.url)} />
        {/* Photo content security (issue 5 §7): why photos are hidden, or that they await review. */}
        {c.contentNotice ? (
          <Text className='hint' id='case-content-notice'>
            {c.contentNotice}
          </Text>
        ) : null}
      </View>

      <View className='card case-detail__info'>
        <InfoRow label='编号' value={c.no} />
        <InfoRow label='位置' value={c.placeLabel} />
        <InfoRow label='事项' value={c.matterTypeName} />
        <InfoRow label='当前处理' value={c.levelLabel} />
        <InfoRow label='反映时间' value={formatTime(c.createdAt)} />
        <InfoRow label='渠道' value={c.channelLabel} />
        {/* Staff only (the server sends none to residents): 12345 工单编号, 建议编号 … (M-4). */}
        {(c.sources ?? []).map((s) => (
          <InfoRow key={`${s.channel}-${s.sourceId}`} label={`${s.channelLabel}编号`} value={s.reportedAt ? `${s.sourceId}（${formatTime(s.reportedAt)}）` : s.sourceId} />
        ))}
        {audience === 'staff' || c.reporter.anonymous ? <InfoRow label='反映人' value={reporterText(c)} /> : null}
      </View>

      <CaseLocation c={c} />

      {c.resolution ? (
        <>
          <Text className='section-title'>办理结果</Text>
          <View className='card case-detail__resolution'>
            <Text className='detail-text'>{c.resolution.result}</Text>
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
            <Text className='detail-text'>{c.rating.auto ? '超期未评价，系统自动结案' : c.rating.score}</Text>
            {c.rating.comment ? <Text className='hint'>{c.rating.comment}</Text> : null}
          </View>
        </>
      ) : null}

      {detail.actions.length ? (
        <>
          <Text className='section-title'>{audience === 'staff' ? '办理' : '需要您做的'}</Text>
          <ActionPanel actions={detail.actions} entity='case' onAct={act} />
        </>
      ) : null}

      {extra?.(detail)}

      <TimelineSection id='case-timeline' title='处理进度' emptyText='暂无进展记录' entries={entries} notice={detail.attachmentNotice} />
    </View>
  )
}

export default CaseDetailView
