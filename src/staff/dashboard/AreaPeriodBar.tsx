import { Text, View } from '@tarojs/components'
import type { AreaRef } from '../../../domain/api/stats'
import type { PeriodPreset } from './usePeriod'

const SCOPE_LABELS: Record<AreaRef['scope'], string> = { county: '全县', township: '乡镇', community: '村(社区)', grid: '网格' }

export interface AreaPeriodBarProps {
  areas: AreaRef[]
  area: AreaRef
  onArea: (a: AreaRef) => void
  presets: PeriodPreset[]
  period: PeriodPreset
  onPeriod: (p: PeriodPreset) => void
}

/** Which area and which period: large chips, the chosen one highlighted. */
export function AreaPeriodBar({ areas, area, onArea, presets, period, onPeriod }: AreaPeriodBarProps) {
  return (
    <View className='card dashboard__pickers' id='dashboard-pickers'>
      <Text className='dashboard__picker-label'>区域</Text>
      <View className='dashboard__chips'>
        {areas.map((a) => (
          <View
            key={a.code}
            id={`area-${a.code}`}
            role='button'
            className={`dashboard__chip${a.code === area.code ? ' dashboard__chip--on' : ''}`}
            onClick={() => onArea(a)}
          >
            <Text>{a.scope === 'county' ? a.name : `${a.name}`}</Text>
            <Text className='dashboard__chip-hint'>{SCOPE_LABELS[a.scope]}</Text>
          </View>
        ))}
      </View>
      <Text className='dashboard__picker-label'>时间</Text>
      <View className='dashboard__chips'>
        {presets.map((p) => (
          <View key={p.key} id={`period-${p.key}`} role='button' className={`dashboard__chip${p.key === period.key ? ' dashboard__chip--on' : ''}`} onClick={() => onPeriod(p)}>
            <Text>{p.label}</Text>
          </View>
        ))}
      </View>
      <Text className='dashboard__period'>
        {period.from} 至 {period.to}
      </Text>
    </View>
  )
}
