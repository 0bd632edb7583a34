import TestUtils from '@tarojs/test-utils-react'
import type { AreaRef } from '../../domain/api/stats'
import { AreaPeriodBar, type AreaPeriodBarProps } from '../../src/staff/dashboard/AreaPeriodBar'
import { HeatMap, heatColor } from '../../src/staff/dashboard/HeatMap'
import { bucketLabel, trendOption } from '../../src/staff/dashboard/chart-options'
import { periodPresets } from '../../src/staff/dashboard/usePeriod'

// Dashboard pieces that need no server (M-28, M-29): the area and period chips, the H5 heat cells, chart options.
describe('dashboard parts', () => {
  let testUtils: TestUtils
  beforeEach(() => {
    testUtils = new TestUtils()
  })
  afterEach(() => {
    testUtils.unmout()
  })

  const areas: AreaRef[] = [
    { scope: 'county', code: 'hb', name: '湖滨县' },
    { scope: 'township', code: 'dy', name: '大垸乡' },
  ]

  it('shows every area and period as a large chip, the chosen ones highlighted, and reports taps', async () => {
    const presets = periodPresets(new Date('2026-05-20T04:00:00Z'))
    const chosen: string[] = []
    const props: AreaPeriodBarProps = { areas, area: areas[0], onArea: (a) => chosen.push(a.code), presets, period: presets[2], onPeriod: (p) => chosen.push(p.key) }
    await testUtils.mount(AreaPeriodBar, { props })
    const dy = await testUtils.queries.waitForQuerySelector('#area-dy')
    expect(document.querySelector('#area-hb')?.className).toContain('dashboard__chip--on')
    expect(dy?.className).not.toContain('dashboard__chip--on')
    expect(document.querySelector('#period-year')?.className).toContain('dashboard__chip--on')
    expect(document.body.textContent).toContain('2026-01-01 至 2026-05-20')
    await testUtils.act(() => {
      ;(dy as HTMLElement).click()
      ;(document.querySelector('#period-month') as HTMLElement).click()
    })
    expect(chosen).toEqual(['dy', 'month'])
  })

  it('renders the heat map as heat cells on H5, hottest first and most opaque', async () => {
    const grids = [
      { code: 'a', name: '一网格', lat: 29.6, lng: 116.1, count: 2 },
      { code: 'b', name: '二网格', lat: 29.7, lng: 116.2, count: 8 },
    ]
    await testUtils.mount(HeatMap, { props: { grids } })
    await testUtils.queries.waitForQuerySelector('#heat-grid')
    const cells = Array.from(document.querySelectorAll('.dashboard__heat-cell'))
    expect(cells.map((c) => c.textContent)).toEqual(['二网格8', '一网格2'])
    expect(heatColor(8, 8)).toBe('rgba(245, 34, 45, 0.80)')
    expect(heatColor(0, 8)).toBe('rgba(245, 34, 45, 0.15)')
  })

})

describe('dashboard periods and chart options', () => {
  it('periods end today in China time and start at the month, quarter and year', () => {
    const [month, quarter, year, last12] = periodPresets(new Date('2026-05-20T20:00:00Z')) // 21 May CST
    expect([month.from, month.to, month.granularity]).toEqual(['2026-05-01', '2026-05-21', 'day'])
    expect([quarter.from, quarter.granularity]).toEqual(['2026-04-01', 'week'])
    expect([year.from, year.granularity]).toEqual(['2026-01-01', 'month'])
    expect(last12.from).toBe('2025-05-22')
  })

  it('builds a trend chart with whistles only where whistle figures apply', () => {
    const counts = { collected: 3, resolved: 2, dispatched: 1 } as never
    expect(bucketLabel('2026-03-05')).toBe('3/5')
    expect(bucketLabel('2026-03')).toBe('3月')
    const withWhistles = trendOption([{ bucket: '2026-03', counts }], true) as { series: { name: string; data: number[] }[] }
    expect(withWhistles.series.map((s) => [s.name, s.data])).toEqual([
      ['收集问题', [3]],
      ['解决问题', [2]],
      ['派发哨单', [1]],
    ])
    expect((trendOption([{ bucket: '2026-03', counts }], false) as { series: unknown[] }).series).toHaveLength(2)
  })
})
