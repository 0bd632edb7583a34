import { Text, View } from '@tarojs/components'

export interface QuickChip {
  value: string
  label: string
}

/** Big tap-to-choose chips (matter types suggested by a QR place or by the classifier). */
export function QuickChips({ id, title, chips, value, onPick }: { id: string; title: string; chips: QuickChip[]; value: string | null; onPick: (value: string) => void }) {
  if (!chips.length) return null
  return (
    <View id={id} className='quick-chips'>
      <Text className='quick-chips__title'>{title}</Text>
      <View className='quick-chips__list'>
        {chips.map((chip) => (
          <View
            key={chip.value}
            id={`${id}-${chip.value}`}
            className={`quick-chips__chip${chip.value === value ? ' quick-chips__chip--on' : ''}`}
            onClick={() => onPick(chip.value)}
            role='button'
            aria-pressed={chip.value === value}
          >
            <Text>{chip.label}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
