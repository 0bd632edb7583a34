import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { useLargeText } from '../../hooks/useLargeText'
import './index.scss'

export interface PageShellProps {
  title: string
  /** One plain sentence under the title. */
  subtitle?: string
  /** Forces large-text mode on or off; by default it follows the saved/system preference. */
  largeText?: boolean
  className?: string
  children?: ReactNode
}

/** Every page's frame: a heading and the large-text (elderly) mode class. */
export function PageShell({ title, subtitle, largeText, className, children }: PageShellProps) {
  const [preferred] = useLargeText()
  const large = largeText ?? preferred
  const classes = ['page-shell', large ? 'page-shell--large' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View className={classes}>
      <View className='page-shell__header'>
        <Text className='page-shell__title'>{title}</Text>
        {subtitle ? <Text className='page-shell__subtitle'>{subtitle}</Text> : null}
      </View>
      <View className='page-shell__body'>{children}</View>
    </View>
  )
}

export default PageShell
