import { Map, Text, View } from '@tarojs/components'
import type { HotSpotView } from '../../../domain/api/stats'

/** Red with opacity by share of the largest count: the hotter, the more opaque. */
export function heatColor(count: number, max: number): string {
  const alpha = max > 0 ? 0.15 + 0.65 * (count / max) : 0.15
  return `rgba(245, 34, 45, ${alpha.toFixed(2)})`
}

/**
 * Where problems come from (M-29). Weapp: the map component with one circle per grid centre, radius
 * and colour by count. H5 has no map component, so the same figures show as a grid of heat cells.
 */
export function HeatMap({ grids }: { grids: HotSpotView['grids'] }) {
  const max = Math.max(0, ...grids.map((g) => g.count))
  if (process.env.TARO_ENV === 'weapp' && grids.length) {
    const lat = grids.reduce((s, g) => s + g.lat, 0) / grids.length
    const lng = grids.reduce((s, g) => s + g.lng, 0) / grids.length
    const circles = grids.map((g) => ({
      latitude: g.lat,
      longitude: g.lng,
      radius: 150 + 850 * (g.count / (max || 1)),
      color: heatColor(g.count, max),
      fillColor: heatColor(g.count, max),
      strokeWidth: 1,
    }))
    const markers = grids.map((g, i) => ({ id: i, latitude: g.lat, longitude: g.lng, width: 1, height: 1, iconPath: '', label: { content: `${g.name} ${g.count}`, fontSize: 12, color: '#1f1f1f' } }))
    return <Map id='heat-map' className='dashboard__map' latitude={lat} longitude={lng} scale={11} circles={circles} markers={markers as never} onError={() => undefined} />
  }
  return (
    <View className='dashboard__heat' id='heat-grid'>
      {[...grids]
        .sort((a, b) => b.count - a.count)
        .map((g) => (
          <View key={g.code} className='dashboard__heat-cell' style={{ background: heatColor(g.count, max), color: g.count / (max || 1) > 0.5 ? '#fff' : '#1f1f1f' }}>
            <Text>{g.name}</Text>
            <Text className='dashboard__row-value'>{g.count}</Text>
          </View>
        ))}
    </View>
  )
}
