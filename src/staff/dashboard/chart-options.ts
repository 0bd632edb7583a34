// ECharts options for the dashboard: few series, large labels, no interaction — readable on a phone.
import type { Counters } from '../../../domain/stats'
import type { ChartOption } from './echarts'

const FONT = 13
const axisLabel = { fontSize: FONT }

/** Short bucket label: 2025-03-05 → 3/5, 2025-03 → 3月. */
export function bucketLabel(bucket: string): string {
  const [, m, d] = bucket.split('-')
  return d ? `${Number(m)}/${Number(d)}` : `${Number(m)}月`
}

export function trendOption(trend: { bucket: string; counts: Counters }[], whistleFigures: boolean): ChartOption {
  const series = [
    { name: '收集问题', type: 'line', data: trend.map((t) => t.counts.collected), smooth: true, symbolSize: 6 },
    { name: '解决问题', type: 'line', data: trend.map((t) => t.counts.resolved), smooth: true, symbolSize: 6 },
  ]
  if (whistleFigures) series.push({ name: '派发哨单', type: 'bar', data: trend.map((t) => t.counts.dispatched) } as never)
  return {
    animation: false,
    legend: { top: 0, textStyle: { fontSize: FONT } },
    grid: { left: 40, right: 12, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: trend.map((t) => bucketLabel(t.bucket)), axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series,
  }
}

/** Horizontal bars, largest on top (matter types, departments). */
export function rankingOption(rows: { name: string; value: number }[], color = '#1677ff'): ChartOption {
  const top = rows.slice(0, 8).reverse()
  return {
    animation: false,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: top.map((r) => (r.name.length > 7 ? `${r.name.slice(0, 7)}…` : r.name)), axisLabel, axisTick: { show: false } },
    series: [{ type: 'bar', data: top.map((r) => r.value), itemStyle: { color }, label: { show: true, position: 'right', fontSize: FONT } }],
  }
}

export function columnsOption(labels: string[], values: number[], color = '#fa8c16'): ChartOption {
  return {
    animation: false,
    grid: { left: 36, right: 8, top: 12, bottom: 28 },
    xAxis: { type: 'category', data: labels, axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series: [{ type: 'bar', data: values, itemStyle: { color } }],
  }
}
