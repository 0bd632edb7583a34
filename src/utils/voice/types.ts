// Voice input (issue 5): one small interface over the platform's speech recognition, so pages only see
// useVoiceInput (src/hooks). weapp: WeChat's 同声传译 plugin (voice-weapp.ts); H5: the browser's Web Speech
// API (voice-h5.ts). Chosen at build time in index.ts, like src/services/transport-h5/weapp.

export interface VoiceHandlers {
  /** Recognised text, as soon as a piece is final (may be called several times per session). */
  onText(text: string): void
  /** A failure, in plain Chinese for the resident. */
  onError(message: string): void
  /** The session is over (after stop(), a time limit, or an error). */
  onEnd(): void
}

export interface VoiceSession {
  /** Stop listening; what was said so far still arrives through onText, then onEnd. */
  stop(): void
}

export interface VoiceEngine {
  /** Whether this device can turn speech into text at all (the page hides the button otherwise). */
  available(): boolean
  /** Starts listening right away (call it from the touch itself: platforms ask for the microphone then). */
  start(handlers: VoiceHandlers): VoiceSession
}

/** The longest a single hold may last; WeChat's plugin caps a recording at 60 s. */
export const MAX_VOICE_MS = 60_000
