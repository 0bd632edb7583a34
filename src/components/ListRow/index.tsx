import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import './index.scss'

export interface ListRowProps {
  id?: string
  /** Extra class naming the kind of row (case-row, whistle-row) for tests and styles. */
  className?: string
  /** Chips and badges on the first line. */
  head: ReactNode
  /** The line that says what it is about. */
  text: string
  /** Small print under it: where / which, and when. */
  meta: [string, string]
  onOpen: () => void
}

/** One item in a list: chips, a line of text, small print. The whole row is the tap target (≥ 44 pt). */
export function ListRow({ id, className, head, text, meta, onOpen }: ListRowProps) {
  return (
    <View id={id} className={`list-row${className ? ` ${className}` : ''}`} onClick={onOpen} role='button'>
      <View className='list-row__head'>{head}</View>
      <Text className='list-row__text'>{text}</Text>
      <View className='list-row__meta'>
        <Text className='list-row__place'>{meta[0]}</Text>
        <Text className='list-row__time'>{meta[1]}</Text>
      </View>
    </View>
  )
}

export default ListRow
