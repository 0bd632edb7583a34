// The report draft: what the resident has entered so far, kept in storage so it survives leaving the
// page, and the client request id that makes a retried submit return the same case instead of a second one.
import Taro from '@tarojs/taro'
import type { StoredPhoto } from '../../hooks/usePhotoUploads'
import { randomToken } from '../../utils/format'

export const DRAFT_KEY = 'shaosheng.reportDraft'
/** Same rule and words as the server (domain/api/inputs submitCaseInput). */
export const MIN_TEXT = 5
export const MAX_TEXT = 1000
export const MAX_PHOTOS = 9

/** A point on the map (GCJ-02) with what the resident would call it. */
export interface DraftPlace {
  lat: number
  lng: number
  address: string
}

export interface ReportDraft {
  clientRequestId: string
  text: string
  grid: string | null
  matterType: string | null
  anonymous: boolean
  photos: StoredPhoto[]
  /** From 使用当前位置 / 在地图上选 / a QR place code; null when only a grid was picked. */
  place?: DraftPlace | null
  /** The QR place code the report came from (channel 'qrcode'). */
  qrPoint?: string | null
  /**
   * WeChat's one-time getPhoneNumber code (sent as cases.submit phoneCode). Kept on the page only, never in
   * storage: it is single-use and expires after 5 minutes, so a draft reopened later must ask again.
   */
  phoneCode?: string | null
}

export function newDraft(): ReportDraft {
  return { clientRequestId: `r${randomToken(23)}`, text: '', grid: null, matterType: null, anonymous: false, photos: [], place: null, qrPoint: null, phoneCode: null }
}

function isDraft(value: unknown): value is ReportDraft {
  const d = value as ReportDraft
  return Boolean(d) && typeof d === 'object' && typeof d.clientRequestId === 'string' && d.clientRequestId.length >= 8 && typeof d.text === 'string' && Array.isArray(d.photos)
}

/** The kept draft, or a fresh one. */
export function loadDraft(): ReportDraft {
  try {
    const saved: unknown = Taro.getStorageSync(DRAFT_KEY)
    if (isDraft(saved)) return { ...newDraft(), ...saved, clientRequestId: saved.clientRequestId, phoneCode: null }
  } catch {
    // Unreadable storage: start afresh.
  }
  return newDraft()
}

export function saveDraft(draft: ReportDraft): void {
  try {
    const { phoneCode: _notKept, ...kept } = draft
    Taro.setStorageSync(DRAFT_KEY, kept)
  } catch {
    // Storage full or unavailable: the draft only lives on this page.
  }
}

export function clearDraft(): void {
  try {
    Taro.removeStorageSync(DRAFT_KEY)
  } catch {
    // Nothing to clear.
  }
}

/** The description with spoken text added at the end (voice input), cut to MAX_TEXT. */
export function appendSpokenText(text: string, spoken: string): string {
  return `${text}${spoken.trim()}`.slice(0, MAX_TEXT)
}

export type DraftErrors = Partial<Record<'text' | 'grid' | 'photos', string>>

/** What stops the draft from being sent, in plain Chinese, per field. */
export function validateDraft(draft: ReportDraft, photos: { uploading: boolean; failed: boolean }): DraftErrors {
  const errors: DraftErrors = {}
  const text = draft.text.trim()
  if (text.length < MIN_TEXT) errors.text = `请至少写${MIN_TEXT}个字，说清楚问题`
  else if (text.length > MAX_TEXT) errors.text = `描述请控制在${MAX_TEXT}字以内`
  if (!draft.grid) errors.grid = '请选择问题所在的网格'
  if (photos.uploading) errors.photos = '照片还在上传，请稍等'
  else if (photos.failed) errors.photos = '有照片没有传上去，请点照片重试或删除'
  return errors
}
