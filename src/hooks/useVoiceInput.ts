import { useCallback, useEffect, useRef, useState } from 'react'
import { voiceEngine, type VoiceSession } from '../utils/voice'

export interface VoiceInput {
  /** False when this device cannot recognise speech: show no voice button. */
  supported: boolean
  listening: boolean
  /** The last failure in plain Chinese, cleared when the next hold starts. */
  error: string
  /** Hold-to-talk: start on touch down … */
  start(): void
  /** … and stop on release; the recognised text then goes to onText. */
  stop(): void
}

/**
 * Hold-to-talk voice input for a text field (issue 5): every recognised piece of text is handed to
 * `onText` (the page appends it). The platform part lives in src/utils/voice.
 */
export function useVoiceInput(onText: (text: string) => void): VoiceInput {
  const [supported] = useState(() => voiceEngine.available())
  const [listening, setListening] = useState(false)
  const [error, setError] = useState('')
  const session = useRef<VoiceSession | null>(null)
  const latestOnText = useRef(onText)
  latestOnText.current = onText
  const mounted = useRef(true)

  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
      session.current?.stop()
      session.current = null
    }
  }, [])

  const start = useCallback(() => {
    if (!supported || session.current) return
    setError('')
    setListening(true)
    let ended = false
    let current: VoiceSession | null = null
    current = voiceEngine.start({
      onText: (text) => {
        if (mounted.current) latestOnText.current(text)
      },
      onError: (message) => {
        if (mounted.current) setError(message)
      },
      onEnd: () => {
        if (ended) return
        ended = true
        if (current && session.current === current) session.current = null
        if (mounted.current) setListening(false)
      },
    })
    if (!ended) session.current = current
  }, [supported])

  const stop = useCallback(() => {
    session.current?.stop()
  }, [])

  return { supported, listening, error, start, stop }
}
