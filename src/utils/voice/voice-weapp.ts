// weapp voice input: WeChat's 同声传译 plugin (WechatSI, declared in src/app.config.ts `plugins`; the
// mini-program must also add it in the admin console: 设置 → 第三方设置 → 插件管理). Its recognition
// manager is one per mini-program, so it is fetched once and its callbacks are re-pointed per session.
// If the plugin is missing (not added, or an old base library), requirePlugin throws: no voice button then.
import Taro from '@tarojs/taro'
import { MAX_VOICE_MS, type VoiceEngine, type VoiceHandlers, type VoiceSession } from './types'

/** The part of WechatSI's RecordRecognitionManager we use. */
interface RecordRecognitionManager {
  start(options: { duration?: number; lang?: string }): void
  stop(): void
  onStop: ((res: { result?: string }) => void) | null
  onError: ((res: { retcode?: number; msg?: string }) => void) | null
}

let manager: RecordRecognitionManager | null | undefined

function recognitionManager(): RecordRecognitionManager | null {
  if (manager === undefined) {
    try {
      const plugin = Taro.requirePlugin('WechatSI') as { getRecordRecognitionManager?: () => RecordRecognitionManager } | undefined
      manager = plugin?.getRecordRecognitionManager?.() ?? null
    } catch {
      manager = null
    }
  }
  return manager
}

/** WechatSI's retcodes (-30001 recording failed … -30011 busy) and the record-scope refusal, in plain words. */
export function weappVoiceError(res: { retcode?: number; msg?: string }): string {
  const msg = String(res.msg ?? '')
  if (/auth|deny|permission|权限/i.test(msg)) return '没有获得麦克风权限。可在右上角“…”→设置里允许使用麦克风'
  if (res.retcode === -30001 || res.retcode === -30002) return '录音没有成功，请再按住说一次'
  if (res.retcode === -30011) return '上一段语音还在识别，请稍等再说'
  return '语音没有转成文字，请再试一次或直接打字'
}

export const weappVoice: VoiceEngine = {
  available: () => Boolean(recognitionManager()),
  start(handlers: VoiceHandlers): VoiceSession {
    const m = recognitionManager()
    if (!m) {
      handlers.onError('当前微信版本不支持语音输入，请直接打字')
      handlers.onEnd()
      return { stop: () => undefined }
    }
    m.onStop = (res) => {
      const text = String(res.result ?? '').trim()
      if (text) handlers.onText(text)
      else handlers.onError('没有听清，请按住按钮后再说')
      handlers.onEnd()
    }
    m.onError = (res) => {
      handlers.onError(weappVoiceError(res))
      handlers.onEnd()
    }
    m.start({ duration: MAX_VOICE_MS, lang: 'zh_CN' })
    return { stop: () => m.stop() }
  },
}
