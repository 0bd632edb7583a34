import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { DUPLICATE_KIND_LABELS } from '../../../domain/api/dedup-views'
import type { CaseDetail } from '../../../domain/api/views'
import { callFunction } from '../../services/cloud'
import { routes } from '../../routes'
import { toast, toastError } from '../../utils/feedback'
import { excerpt, formatTime } from '../../utils/format'

const open = (caseId: string) => void Taro.navigateTo({ url: routes.staffCase(caseId) })

/**
 * Duplicate reports on the staff case page (M-6): where a merged report now lives, the reports merged
 * into this case, and likely duplicates nearby with 并入 (merge this case into that one). Un-merge is an
 * ordinary action of the merged report (撤销合并), offered by the server.
 */
export function DuplicatePanel({ detail }: { detail: CaseDetail }) {
  const [busy, setBusy] = useState<string | null>(null)
  const c = detail.case
  const suggestions = detail.duplicates ?? []
  const merged = detail.mergedReports ?? []

  const mergeInto = async (target: string) => {
    setBusy(target)
    try {
      await callFunction('cases', 'act', { caseId: c.id, action: 'merge', expectedVersion: c.version, input: { into: target } })
      toast('已合并')
      void Taro.redirectTo({ url: routes.staffCase(target) })
    } catch (err) {
      toastError(err)
    } finally {
      setBusy(null)
    }
  }

  return (
    <>
      {c.mergedInto ? (
        <View className='card' id='case-merged-into'>
          <Text className='detail-text'>这条反映已并入另一件事项，由该事项统一办理。</Text>
          <Button type='default' size='large' block onClick={() => open(c.mergedInto!)}>
            查看合并后的事项
          </Button>
        </View>
      ) : null}

      {merged.length ? (
        <>
          <Text className='section-title'>已合并的反映（{merged.length} 条）</Text>
          <View className='card' id='case-merged-reports'>
            {merged.map((r) => (
              <View key={r.id} className='duplicate-row' onClick={() => open(r.id)}>
                <Text className='detail-text'>{r.channelLabel}</Text>
                <Text className='hint'>{formatTime(r.at)} · 点此查看，可撤销合并</Text>
              </View>
            ))}
          </View>
        </>
      ) : null}

      {suggestions.length ? (
        <>
          <Text className='section-title'>可能重复的事项</Text>
          <View className='card' id='case-duplicates'>
            {suggestions.map((s) => (
              <View key={s.id} className='duplicate-row' id={`case-duplicate-${s.id}`}>
                <View onClick={() => open(s.id)}>
                  <Text className='detail-text'>{excerpt(s.text, 40)}</Text>
                  <Text className='hint'>
                    {DUPLICATE_KIND_LABELS[s.kind]} · {s.stateLabel} · {s.distance === null ? s.placeLabel : `相距约 ${s.distance} 米`} · {formatTime(s.createdAt)}
                  </Text>
                </View>
                {s.canMergeInto ? (
                  <Button id={`case-merge-${s.id}`} type='primary' size='large' block loading={busy === s.id} disabled={busy !== null} onClick={() => void mergeInto(s.id)}>
                    并入此事项
                  </Button>
                ) : null}
              </View>
            ))}
          </View>
        </>
      ) : null}
    </>
  )
}
