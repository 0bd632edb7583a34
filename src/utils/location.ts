import Taro from '@tarojs/taro'
import type { CountyInfo } from '../../domain/api'
import { haversine } from '../../domain/org'

export interface Point {
  lat: number
  lng: number
}

export interface NearestGrid {
  code: string
  name: string
  /** Metres from the point to the grid's centre. */
  distance: number
}

/** The grid whose centre is nearest to the point (config.county's grids), or null when there are none. */
export function nearestGrid(county: CountyInfo, point: Point): NearestGrid | null {
  let best: NearestGrid | null = null
  for (const t of county.townships)
    for (const c of t.communities)
      for (const g of c.grids) {
        const distance = haversine(point, g.center)
        if (!best || distance < best.distance) best = { code: g.code, name: g.name, distance }
      }
  return best
}

/** Where the phone is (GCJ-02, as the map and the grid centres use), or null if refused or unavailable. */
export async function currentPoint(): Promise<Point | null> {
  try {
    const res = await Taro.getLocation({ type: 'gcj02' })
    return Number.isFinite(res.latitude) && Number.isFinite(res.longitude) ? { lat: res.latitude, lng: res.longitude } : null
  } catch {
    return null
  }
}
