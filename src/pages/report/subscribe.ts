// Subscribe-message consent asked from the submit tap (weapp only), so the resident hears back.
import Taro from '@tarojs/taro'

/** Template ids from TARO_APP_SUBSCRIBE_TEMPLATES (JSON kind → id); WeChat takes at most 3 per call. */
export function subscribeTemplateIds(raw = process.env.TARO_APP_SUBSCRIBE_TEMPLATES): string[] {
  try {
    const map: unknown = JSON.parse(raw || '{}')
    if (!map || typeof map !== 'object') return []
    return Object.values(map as Record<string, unknown>)
      .filter((id): id is string => typeof id === 'string' && id.length > 0)
      .slice(0, 3)
  } catch {
    return []
  }
}

/** Asks for consent; refusal or failure never stops the report. Must run inside the tap handler. */
export async function askSubscribe(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return
  const tmplIds = subscribeTemplateIds()
  if (!tmplIds.length) return
  try {
    await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option)
  } catch {
    // Refused or unavailable: the report goes ahead.
  }
}
