import { useEffect, useRef } from 'react'
import Taro, { useReady } from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import { echarts, type ChartOption } from './echarts'

/**
 * ECharts on both targets. H5: the chart draws into the <View>'s DOM node. Weapp: into a canvas 2d node
 * wrapped in the few members ECharts uses (the echarts-for-weixin approach) — written here because the
 * published Taro wrappers target Taro 3 and ship their own full ECharts copy. Charts are static (no
 * touch handling): figures are read, not explored.
 */
class WeappCanvas {
  constructor(private node: { width: number; height: number; getContext(type: '2d'): unknown }) {}
  getContext(type: '2d') {
    return this.node.getContext(type)
  }
  get width() {
    return this.node.width
  }
  set width(w: number) {
    this.node.width = w
  }
  get height() {
    return this.node.height
  }
  set height(h: number) {
    this.node.height = h
  }
  addEventListener() {}
  removeEventListener() {}
  attachEvent() {}
  detachEvent() {}
}

let platformSet = false
/** Text measuring needs a canvas of its own; the mini-program has no document to create one. */
function setWeappPlatform() {
  if (platformSet) return
  platformSet = true
  echarts.setPlatformAPI({ createCanvas: () => Taro.createOffscreenCanvas({ type: '2d', width: 1, height: 1 }) as unknown as HTMLCanvasElement })
}

export interface EChartProps {
  /** Unique on the page (the canvas is found by id). */
  id: string
  option: ChartOption
  height?: number
}

type Chart = ReturnType<typeof echarts.init>

export function EChart({ id, option, height = 260 }: EChartProps) {
  const chart = useRef<Chart | null>(null)
  const ready = useRef(false)
  const latest = useRef(option)
  latest.current = option

  const init = () => {
    if (chart.current) return
    if (process.env.TARO_ENV === 'h5') {
      const el = document.getElementById(id)
      if (!el) return
      chart.current = echarts.init(el, undefined, { renderer: 'canvas' })
      chart.current.setOption(latest.current)
      return
    }
    setWeappPlatform()
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res) => {
        const found = res?.[0] as { node?: { width: number; height: number; getContext(type: '2d'): unknown }; width: number; height: number } | undefined
        if (!found?.node || chart.current) return
        const dpr = Taro.getSystemInfoSync().pixelRatio
        found.node.width = found.width * dpr
        found.node.height = found.height * dpr
        const canvas = new WeappCanvas(found.node) as unknown as HTMLCanvasElement
        chart.current = echarts.init(canvas, undefined, { width: found.width, height: found.height, devicePixelRatio: dpr })
        chart.current.setOption(latest.current)
      })
  }

  useReady(() => {
    ready.current = true
    init()
  })
  useEffect(() => {
    // Pages already ready (chart shown after data arrived) initialise on mount.
    if (process.env.TARO_ENV === 'h5' || ready.current) init()
    else Taro.nextTick(init)
    return () => {
      chart.current?.dispose()
      chart.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])
  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  const style = { width: '100%', height: `${height}px` }
  return process.env.TARO_ENV === 'h5' ? <View id={id} style={style} /> : <Canvas type='2d' id={id} canvasId={id} style={style} />
}
