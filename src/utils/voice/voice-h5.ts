// H5 voice input: the browser's Web Speech API (SpeechRecognition, prefixed webkitSpeechRecognition in
// Chrome/Safari/WeChat's X5). Not every browser has it: then available() is false and no button is shown.
import type { VoiceEngine, VoiceHandlers, VoiceSession } from './types'

/** The part of SpeechRecognition we use (lib.dom does not declare it). */
interface Recognition {
  lang: string
  continuous: boolean
  interimResults: boolean
  onresult: ((event: { resultIndex: number; results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }> }) => void) | null
  onerror: ((event: { error: string }) => void) | null
  onend: (() => void) | null
  start(): void
  stop(): void
}

type RecognitionCtor = new () => Recognition

function recognitionCtor(): RecognitionCtor | undefined {
  if (typeof window === 'undefined') return undefined
  const w = window as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor }
  return w.SpeechRecognition ?? w.webkitSpeechRecognition
}

/** The browser's error codes (W3C SpeechRecognitionErrorEvent.error) in words a resident can act on. */
export function h5VoiceError(code: string): string {
  if (code === 'not-allowed' || code === 'service-not-allowed') return '没有获得麦克风权限，请在浏览器设置里允许使用麦克风'
  if (code === 'no-speech') return '没有听到声音，请按住按钮后再说'
  if (code === 'audio-capture') return '没有找到可用的麦克风'
  if (code === 'network') return '网络不稳定，语音没有转成文字，请稍后再试或直接打字'
  return '语音没有转成文字，请再试一次或直接打字'
}

export const h5Voice: VoiceEngine = {
  available: () => Boolean(recognitionCtor()),
  start(handlers: VoiceHandlers): VoiceSession {
    const Ctor = recognitionCtor()
    if (!Ctor) {
      handlers.onError('这台设备不支持语音输入，请直接打字')
      handlers.onEnd()
      return { stop: () => undefined }
    }
    const rec = new Ctor()
    rec.lang = 'zh-CN'
    rec.continuous = true
    rec.interimResults = false
    rec.onresult = (event) => {
      for (let i = event.resultIndex; i < event.results.length; i += 1) {
        const result = event.results[i]
        const text = result.isFinal ? result[0]?.transcript.trim() : ''
        if (text) handlers.onText(text)
      }
    }
    // 'aborted' follows our own stop() on some browsers: not a failure worth telling.
    rec.onerror = (event) => {
      if (event.error !== 'aborted') handlers.onError(h5VoiceError(event.error))
    }
    rec.onend = () => handlers.onEnd()
    try {
      rec.start()
    } catch {
      handlers.onError(h5VoiceError('start'))
      handlers.onEnd()
    }
    return {
      stop: () => {
        try {
          rec.stop()
        } catch {
          // Already stopped (an error ended it): nothing to do.
        }
      },
    }
  },
}
