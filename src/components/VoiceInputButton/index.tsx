import { Text, View } from '@tarojs/components'
import type { VoiceInput } from '../../hooks/useVoiceInput'
import { FormError } from '../FormError'
import './index.scss'

/**
 * A big hold-to-talk button (press, speak, release); nothing when the device has no speech recognition.
 * weapp: touch events. H5: pointer events, so a mouse works too and a touch does not also fire a mouse press.
 */
export function VoiceInputButton({ id, voice, hint }: { id: string; voice: VoiceInput; hint?: string }) {
  if (!voice.supported) return null
  const hold =
    process.env.TARO_ENV === 'h5'
      ? { onPointerDown: voice.start, onPointerUp: voice.stop, onPointerCancel: voice.stop, onPointerLeave: voice.stop }
      : { onTouchStart: voice.start, onTouchEnd: voice.stop, onTouchCancel: voice.stop }
  return (
    <View className='voice-input'>
      <View
        id={id}
        className={`voice-input__button${voice.listening ? ' voice-input__button--on' : ''}`}
        role='button'
        aria-pressed={voice.listening}
        {...hold}
      >
        <Text>{voice.listening ? '正在听…说完松开' : '按住 说话'}</Text>
      </View>
      {hint ? <Text className='hint voice-input__hint'>{hint}</Text> : null}
      <FormError text={voice.error} />
    </View>
  )
}

export default VoiceInputButton
