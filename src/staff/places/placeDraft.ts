// The place form's state and its check before saving (the server checks again: grid and types must exist).
import type { PlaceView } from '../../../domain/api/admin'

export interface PlaceDraft {
  /** Fixed once the place exists: it is the scene of the printed mini-program code. */
  code: string
  isNew: boolean
  name: string
  grid: string | null
  lat: string
  lng: string
  suggestedMatterTypes: string[]
  reason: string
}

export interface PlaceInput {
  code: string
  name: string
  grid: string
  lat: number
  lng: number
  suggestedMatterTypes: string[]
}

export const PLACE_CODE_PATTERN = /^[a-z0-9-]{1,24}$/

export function newDraft(): PlaceDraft {
  return { code: '', isNew: true, name: '', grid: null, lat: '', lng: '', suggestedMatterTypes: [], reason: '' }
}

export function draftOf(place: PlaceView): PlaceDraft {
  return {
    code: place.code,
    isNew: false,
    name: place.name,
    grid: place.grid,
    lat: String(place.lat),
    lng: String(place.lng),
    suggestedMatterTypes: [...place.suggestedMatterTypes],
    reason: '',
  }
}

function coordinate(text: string, min: number, max: number): number | null {
  const trimmed = text.trim()
  if (!trimmed) return null
  const n = Number(trimmed)
  return Number.isFinite(n) && n >= min && n <= max ? n : null
}

/** The place to save, or the first problem in Chinese. */
export function placeFromDraft(draft: PlaceDraft): { ok: true; place: PlaceInput } | { ok: false; message: string } {
  const code = draft.code.trim()
  if (!PLACE_CODE_PATTERN.test(code)) return { ok: false, message: '点位编码只能使用小写字母、数字和短横线，最多24位，例如 pt-school-01' }
  const name = draft.name.trim()
  if (!name) return { ok: false, message: '请填写点位名称，例如「五柳小学南门」' }
  if (name.length > 40) return { ok: false, message: '点位名称请控制在40字以内' }
  if (!draft.grid) return { ok: false, message: '请选择点位所在的网格' }
  const lat = coordinate(draft.lat, -90, 90)
  const lng = coordinate(draft.lng, -180, 180)
  if (lat === null || lng === null) return { ok: false, message: '请填写正确的纬度和经度（数字），或在地图上选点' }
  return { ok: true, place: { code, name, grid: draft.grid, lat, lng, suggestedMatterTypes: draft.suggestedMatterTypes } }
}
