import { useEffect, useMemo, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { HotSpotView } from '../../../domain/api/stats'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { callFunction } from '../../services/cloud'
import { toast, toastError } from '../../utils/feedback'
import { AreaPeriodBar } from './AreaPeriodBar'
import { EChart } from './EChart'
import { HeatMap } from './HeatMap'
import { columnsOption } from './chart-options'
import { useAreaPeriod, useAreaReport } from './usePeriod'
import './index.scss'

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日']
type Cluster = HotSpotView['clusters'][number]

/** The 吹哨办's "治理一类事" note on one cluster (matter type × grid), audited by the stats function. */
function NoteForm({ cluster, onSaved, onCancel }: { cluster: Cluster; onSaved: () => void; onCancel: () => void }) {
  const [text, setText] = useState('')
  const [saving, setSaving] = useState(false)
  const save = async () => {
    setSaving(true)
    try {
      await callFunction('stats', 'addNote', { scope: 'grid', area: cluster.grid, matterType: cluster.matterType, note: text })
      toast('已保存治理说明')
      onSaved()
    } catch (err) {
      toastError(err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <View className='card dashboard__note-form' id='note-form'>
      <Text className='section-title'>
        治理一类事：{cluster.gridName} · {cluster.typeName}
      </Text>
      <Textarea id='note-text' className='dashboard__textarea' value={text} maxlength={1000} placeholder='写下对这一类问题的治理措施，如增设设施、定期巡查、部门联动' onInput={(e) => setText(e.detail.value)} />
      <Button id='note-save' type='primary' size='large' block loading={saving} disabled={saving} onClick={() => void save()}>
        保存说明
      </Button>
      <Button size='large' block onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}

/**
 * 一类事 (M-29): which matter types recur where and when — clusters of matter type × grid, a heat map of
 * grids, the hours and weekdays problems are reported — and the 吹哨办's governance notes on clusters.
 */
export default function HotspotsPage() {
  const { presets, period, setPeriod, areas, area, setArea, areasError, retryAreas } = useAreaPeriod()
  const { data, errorText, load } = useAreaReport(area, period, async (a, p) => {
    const [hot, list] = await Promise.all([
      callFunction('stats', 'hotspots', { scope: a.scope, area: a.code, from: p.from, to: p.to }),
      callFunction('stats', 'notes', { scope: a.scope, area: a.code }),
    ])
    return { view: hot, notes: list.items }
  })
  const view = data?.view ?? null
  const notes = data?.notes ?? []
  const [office, setOffice] = useState(false)
  const [editing, setEditing] = useState<Cluster | null>(null)

  useEffect(() => {
    callFunction('account', 'whoami', {})
      .then((me) => setOffice(me.bindings.some((b) => b.role === 'whistle_office')))
      .catch(() => setOffice(false))
  }, [])

  const hours = useMemo(() => (view ? columnsOption(view.byHour.map((_, h) => `${h}`), view.byHour) : null), [view])
  const weekdays = useMemo(() => (view ? columnsOption(WEEKDAYS, view.byWeekday, '#1677ff') : null), [view])

  if (!areas || !area) {
    return (
      <PageShell title='一类事'>
        <ListState status={areasError ? 'error' : 'loading'} errorText={areasError} onRetry={retryAreas} />
      </PageShell>
    )
  }
  const status = errorText ? 'error' : !view ? 'loading' : view.total === 0 ? 'empty' : 'ready'
  return (
    <PageShell title='一类事' subtitle={`${area.name} · ${period.label} · 从解决一件事到治理一类事`}>
      <AreaPeriodBar areas={areas} area={area} onArea={setArea} presets={presets} period={period} onPeriod={setPeriod} />
      <ListState status={status} errorText={errorText} emptyText='这段时间没有收集到问题' onRetry={() => void load()}>
        {view ? (
          <>
            <Text className='section-title'>高发问题（网格 × 事项类型）</Text>
            {editing ? (
              <NoteForm
                cluster={editing}
                onCancel={() => setEditing(null)}
                onSaved={() => {
                  setEditing(null)
                  void load()
                }}
              />
            ) : null}
            <View className='card' id='hot-clusters'>
              {view.clusters.map((c) => (
                <View key={`${c.grid}-${c.matterType}`} className='dashboard__row' id={`cluster-${c.grid}-${c.matterType}`}>
                  <View className='dashboard__row-main'>
                    <Text>{c.typeName}</Text>
                    <Text className='dashboard__row-hint'>
                      {c.gridName}
                      {c.notes ? ` · 已有治理说明 ${c.notes} 条` : ''}
                    </Text>
                  </View>
                  <Text className='dashboard__row-value'>{c.count}</Text>
                  {office ? (
                    <Button size='large' type='default' onClick={() => setEditing(c)}>
                      治理
                    </Button>
                  ) : null}
                </View>
              ))}
            </View>

            <Text className='section-title'>热力分布（按网格）</Text>
            <View className='card'>
              <HeatMap grids={view.grids} />
            </View>

            {view.places.length ? (
              <>
                <Text className='section-title'>高发地点（扫码反映）</Text>
                <View className='card' id='hot-places'>
                  {view.places.slice(0, 10).map((p) => (
                    <View key={p.code} className='dashboard__row'>
                      <Text>{p.name}</Text>
                      <Text className='dashboard__row-value'>{p.count}</Text>
                    </View>
                  ))}
                </View>
              </>
            ) : null}

            <Text className='section-title'>什么时候反映（按小时）</Text>
            <View className='card'>{hours ? <EChart id='chart-hours' option={hours} height={220} /> : null}</View>
            <Text className='section-title'>星期几反映</Text>
            <View className='card'>{weekdays ? <EChart id='chart-weekdays' option={weekdays} height={220} /> : null}</View>

            <Text className='section-title'>治理说明</Text>
            <View className='card' id='governance-notes'>
              <ListState status={notes.length ? 'ready' : 'empty'} emptyText='还没有治理说明'>
                {notes.map((n) => (
                  <View key={n.id} className='dashboard__row'>
                    <View className='dashboard__row-main'>
                      <Text>
                        {n.areaName} · {n.typeName}
                      </Text>
                      <Text>{n.note}</Text>
                      <Text className='dashboard__row-hint'>
                        {n.by} · {n.at.slice(0, 10)}
                      </Text>
                    </View>
                  </View>
                ))}
              </ListState>
            </View>
          </>
        ) : null}
      </ListState>
    </PageShell>
  )
}
