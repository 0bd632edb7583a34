// The voice engine of this build (weapp: WechatSI plugin; H5: Web Speech API). Only useVoiceInput uses it.
import { h5Voice } from './voice-h5'
import { weappVoice } from './voice-weapp'
import type { VoiceEngine } from './types'

export type { VoiceEngine, VoiceHandlers, VoiceSession } from './types'

export const voiceEngine: VoiceEngine = process.env.TARO_ENV === 'h5' ? h5Voice : weappVoice
