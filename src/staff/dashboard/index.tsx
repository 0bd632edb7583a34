import { useMemo } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Breakdown } from '../../../domain/api/stats'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { routes } from '../../routes'
import { callFunction } from '../../services/cloud'
import { AreaPeriodBar } from './AreaPeriodBar'
import { EChart } from './EChart'
import { rankingOption, trendOption } from './chart-options'
import { useAreaPeriod, useAreaReport } from './usePeriod'
import './index.scss'

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)

function Figure({ id, label, value, note, warn }: { id: string; label: string; value: string | number; note?: string; warn?: boolean }) {
  return (
    <View className={`dashboard__figure${warn ? ' dashboard__figure--warn' : ''}`} id={id}>
      <Text className='dashboard__figure-value'>{value}</Text>
      <Text className='dashboard__figure-label'>{label}</Text>
      {note ? <Text className='dashboard__figure-note'>{note}</Text> : null}
    </View>
  )
}

function BreakdownList({ id, rows, value, hint }: { id: string; rows: Breakdown[]; value: (b: Breakdown) => string | number; hint: (b: Breakdown) => string }) {
  return (
    <View className='card' id={id}>
      <ListState status={rows.length ? 'ready' : 'empty'} emptyText='这段时间没有数据'>
        {rows.map((b) => (
          <View key={b.code} className='dashboard__row'>
            <View className='dashboard__row-main'>
              <Text>{b.name}</Text>
              <Text className='dashboard__row-hint'>{hint(b)}</Text>
            </View>
            <Text className='dashboard__row-value'>{value(b)}</Text>
          </View>
        ))}
      </ListState>
    </View>
  )
}

/**
 * Leaders' and the 吹哨办's dashboard (M-28): for any area and period the headline figures, the trend,
 * matter types and departments, and what is overdue now. Figures come from per-day counters kept with
 * every audit event, so they match the case and whistle records exactly.
 */
export default function DashboardPage() {
  const { presets, period, setPeriod, areas, area, setArea, areasError, retryAreas } = useAreaPeriod()
  const { data: view, errorText, load } = useAreaReport(area, period, (a, p) =>
    callFunction('stats', 'dashboard', { scope: a.scope, area: a.code, from: p.from, to: p.to, granularity: p.granularity }),
  )

  const trend = useMemo(() => (view ? trendOption(view.trend, view.whistleFigures) : null), [view])
  const types = useMemo(() => (view ? rankingOption(view.byType.map((b) => ({ name: b.name, value: b.counts.collected }))) : null), [view])

  if (!areas || !area) {
    return (
      <PageShell title='统计看板'>
        <ListState status={areasError ? 'error' : 'loading'} errorText={areasError} onRetry={retryAreas} />
      </PageShell>
    )
  }

  const h = view?.headline
  const status = errorText ? 'error' : !view ? 'loading' : 'ready'
  return (
    <PageShell title='统计看板' subtitle={`${area.name} · ${period.label}`}>
      <AreaPeriodBar areas={areas} area={area} onArea={setArea} presets={presets} period={period} onPeriod={setPeriod} />
      <ListState status={status} errorText={errorText} onRetry={() => void load()}>
        {view && h ? (
          <>
            <Text className='section-title'>吹哨报到</Text>
            <View className='card dashboard__figures' id='dashboard-whistles'>
              {view.whistleFigures ? (
                <>
                  <Figure id='fig-dispatched' label='派发哨单' value={h.dispatched} />
                  <Figure id='fig-on-time' label='按时办结' value={h.closedOnTime} note={`办结 ${h.completed} 件，按时率 ${percent(h.onTimeRate)}`} />
                </>
              ) : (
                <Figure id='fig-dispatched' label='派发哨单' value='—' note='哨单按乡镇统计' />
              )}
              <Figure
                id='fig-satisfaction'
                label='群众满意度'
                value={percent(h.satisfaction)}
                note={`评价 ${h.satisfied + h.basicallySatisfied + h.dissatisfied} 件；超期自动结案 ${h.autoRated} 件不计入`}
              />
              <Figure id='fig-overdue' label='当前超期' value={view.overdue.cases + view.overdue.whistles} note={`待认领超时 ${view.overdue.cases} 件，哨单超期 ${view.overdue.whistles} 件`} warn={view.overdue.cases + view.overdue.whistles > 0} />
            </View>

            <Text className='section-title'>网格问题</Text>
            <View className='card dashboard__figures' id='dashboard-cases'>
              <Figure id='fig-collected' label='收集问题' value={h.collected} />
              <Figure id='fig-resolved' label='解决问题' value={h.resolved} />
              <Figure id='fig-by-whistle' label='吹哨解决' value={h.resolvedByWhistle} />
            </View>

            <Text className='section-title'>趋势</Text>
            <View className='card' id='dashboard-trend'>
              {view.trend.length && trend ? <EChart id='chart-trend' option={trend} /> : <ListState status='empty' emptyText='这段时间没有数据' />}
            </View>

            <Text className='section-title'>按事项类型（收集问题）</Text>
            {view.byType.length && types ? (
              <View className='card'>
                <EChart id='chart-types' option={types} height={320} />
              </View>
            ) : null}
            <BreakdownList
              id='dashboard-types'
              rows={view.byType}
              value={(b) => b.counts.collected}
              hint={(b) => `解决 ${b.counts.resolved}，吹哨解决 ${b.counts.resolvedByWhistle}，满意度 ${percent(b.satisfaction)}`}
            />

            {view.whistleFigures ? (
              <>
                <Text className='section-title'>按部门（派发哨单）</Text>
                <BreakdownList
                  id='dashboard-depts'
                  rows={view.byDept}
                  value={(b) => b.counts.dispatched}
                  hint={(b) => `按时报到 ${b.counts.checkInsOnTime}/${b.counts.checkIns}，按时办结 ${b.counts.closedOnTime}/${b.counts.completed}（${percent(b.onTimeRate)}）`}
                />
              </>
            ) : null}

            <View className='staff-inbox__header-action'>
              <Button id='open-hotspots' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: routes.hotspots })}>
                一类事：高发问题和地点
              </Button>
            </View>
          </>
        ) : null}
      </ListState>
    </PageShell>
  )
}
