// Where a report is: a QR place code (scene) from a poster. (A point's nearest grid: utils/location.)
import type { CountyInfo } from '../../../domain/api'

export type QrPoint = CountyInfo['qrPoints'][number]

/** The QR point code in a scene: `pt-fm-b3` or `p=pt-fm-b3` (URL-encoded or not); null when it cannot be one. */
export function sceneCode(scene: string | undefined | null): string | null {
  if (!scene) return null
  let raw = scene
  try {
    raw = decodeURIComponent(scene)
  } catch {
    // Not encoded.
  }
  raw = raw.trim()
  const param = /(?:^|&)p=([^&]*)/.exec(raw)
  const code = param ? param[1] : raw
  return code.length > 0 && code.length <= 32 && /^[A-Za-z0-9_-]+$/.test(code) ? code : null
}

export function findQrPoint(county: CountyInfo, code: string | null): QrPoint | undefined {
  return code ? county.qrPoints.find((p) => p.code === code) : undefined
}
