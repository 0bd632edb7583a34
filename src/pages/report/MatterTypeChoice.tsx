// 问题类型, shared by 随手拍 (pages/report) and 走访登记 (staff/grid/visit): one-tap chips for the types
// suggested from the text (gone once a type is chosen) above the two-level picker of every type; "not sure"
// leaves the type open (decided later). Ids: `${idPrefix}-suggest` (chips) and `${idPrefix}-matter` (picker).
import type { ReactNode } from 'react'
import { OptionPicker, type OptionGroup } from '../../components/OptionPicker'
import type { MatterSuggestion } from '../../hooks/useMatterSuggestion'
import { QuickChips } from './QuickChips'

export interface MatterTypeChoiceProps {
  idPrefix: string
  matters: OptionGroup[]
  suggestions: MatterSuggestion[]
  /** Title above the suggested chips. */
  suggestTitle: string
  /** The picker's placeholder and its "not sure" choice. */
  unsureLabel: string
  value: string | null
  onChange: (matterType: string | null) => void
  /** Shown first, e.g. a QR place's common types. */
  children?: ReactNode
}

export function MatterTypeChoice({ idPrefix, matters, suggestions, suggestTitle, unsureLabel, value, onChange, children }: MatterTypeChoiceProps) {
  const chips = value ? [] : suggestions.map((s) => ({ value: s.code, label: `可能是：${s.name}` }))
  return (
    <>
      {children}
      <QuickChips id={`${idPrefix}-suggest`} title={suggestTitle} chips={chips} value={value} onPick={onChange} />
      <OptionPicker
        id={`${idPrefix}-matter`}
        groups={matters}
        value={value}
        onChange={onChange}
        groupPrompt='选问题大类'
        optionPrompt='再选具体问题'
        placeholder={unsureLabel}
        clearLabel={unsureLabel}
      />
    </>
  )
}
