import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import './index.scss'

export interface Option {
  value: string
  label: string
  hint?: string
}

export interface OptionGroup {
  key: string
  label: string
  options: Option[]
}

export interface OptionPickerProps {
  /** id of the row showing the current choice (for tests and labels). */
  id?: string
  groups: OptionGroup[]
  value: string | null
  onChange: (value: string | null) => void
  /** Prompt above the first step, e.g. 先选街道（乡镇）. */
  groupPrompt: string
  /** Prompt above the second step, e.g. 再选网格. */
  optionPrompt: string
  /** Shown when nothing is chosen and the picker is closed. */
  placeholder: string
  /** Offers "no choice" as the first row, e.g. 不清楚，交给工作人员判断. */
  clearLabel?: string
  /** Open on the first step while nothing is chosen (required fields). */
  defaultOpen?: boolean
}

function Row({ label, hint, onClick, back }: { label: string; hint?: string; onClick: () => void; back?: boolean }) {
  return (
    <View className={`option-picker__row${back ? ' option-picker__row--back' : ''}`} onClick={onClick} role='button'>
      <View className='option-picker__row-text'>
        <Text className='option-picker__label'>{back ? `‹ ${label}` : label}</Text>
        {hint ? <Text className='option-picker__hint'>{hint}</Text> : null}
      </View>
      {back ? null : <Text className='option-picker__arrow'>›</Text>}
    </View>
  )
}

/** A two-step chooser with big rows (group, then option) that folds into one row once chosen. No pop-ups. */
export function OptionPicker(props: OptionPickerProps) {
  const { id, groups, value, onChange, groupPrompt, optionPrompt, placeholder, clearLabel, defaultOpen } = props
  const [open, setOpen] = useState(Boolean(defaultOpen && !value))
  const [groupKey, setGroupKey] = useState<string | null>(null)

  const chosenGroup = groups.find((g) => g.options.some((o) => o.value === value))
  const chosen = chosenGroup?.options.find((o) => o.value === value)

  if (!open) {
    return (
      // Keys: the open list and this row must be different elements. Taro H5 components bind click
      // listeners on the element, so a reused element would get this row's handler while the click
      // that closed the list is still bubbling, and reopen it.
      <View
        key='current'
        id={id}
        className={`option-picker__current${chosen ? '' : ' option-picker__current--empty'}`}
        onClick={() => {
          setGroupKey(null)
          setOpen(true)
        }}
        role='button'
      >
        <Text className='option-picker__label'>{chosen ? `${chosenGroup!.label} · ${chosen.label}` : placeholder}</Text>
        <Text className='option-picker__change'>{chosen ? '修改' : '选择'}</Text>
      </View>
    )
  }

  const choose = (next: string | null) => {
    onChange(next)
    setOpen(false)
  }
  const group = groups.find((g) => g.key === groupKey)

  return (
    <View key='open' className='option-picker'>
      {group ? (
        <>
          <Row label='返回上一步' back onClick={() => setGroupKey(null)} />
          <Text className='option-picker__prompt'>
            {optionPrompt}（{group.label}）
          </Text>
          {group.options.map((o) => (
            <Row key={o.value} label={o.label} hint={o.hint} onClick={() => choose(o.value)} />
          ))}
        </>
      ) : (
        <>
          <Text className='option-picker__prompt'>{groupPrompt}</Text>
          {clearLabel ? <Row label={clearLabel} onClick={() => choose(null)} /> : null}
          {groups.map((g) => (
            <Row key={g.key} label={g.label} onClick={() => setGroupKey(g.key)} />
          ))}
          {value || clearLabel ? <Row label='收起' back onClick={() => setOpen(false)} /> : null}
        </>
      )}
    </View>
  )
}

export default OptionPicker
