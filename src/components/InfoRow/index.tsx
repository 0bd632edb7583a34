import { Text, View } from '@tarojs/components'
import './index.scss'

/** A label and its value on one line (stacked in large-text mode). */
export function InfoRow({ label, value, id }: { label: string; value: string; id?: string }) {
  return (
    <View className='info-row' id={id}>
      <Text className='info-row__label'>{label}</Text>
      <Text className='info-row__value'>{value}</Text>
    </View>
  )
}

export default InfoRow
