import { Text, View } from '@tarojs/components'

/** A validation message under a field or form (role="alert": read out by screen readers). */
export function FormError({ text }: { text?: string }) {
  if (!text) return null
  return (
    <View className='form-error' role='alert'>
      <Text>{text}</Text>
    </View>
  )
}

export default FormError
