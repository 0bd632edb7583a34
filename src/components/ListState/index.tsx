import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Loading } from '@nutui/nutui-react-taro'
import './index.scss'

export type ListStatus = 'loading' | 'empty' | 'error' | 'ready'

export interface ListStateProps {
  status: ListStatus
  /** Shown when the list is empty. */
  emptyText?: string
  /** Optional call to action under the empty text, e.g. a button to the report page. */
  emptyAction?: ReactNode
  /** Plain Chinese sentence explaining the failure (an error value's `message`). */
  errorText?: string
  onRetry?: () => void
  /** The list itself, rendered only when status is 'ready'. */
  children?: ReactNode
}

/** Loading / empty / error-with-retry states shared by every list. */
export function ListState({
  status,
  emptyText = '暂无内容',
  emptyAction,
  errorText = '加载失败，请检查网络后重试',
  onRetry,
  children,
}: ListStateProps) {
  if (status === 'ready') return <>{children}</>

  if (status === 'loading') {
    return (
      <View className='list-state list-state--loading' aria-busy='true'>
        <Loading direction='vertical'>正在加载…</Loading>
      </View>
    )
  }

  if (status === 'empty') {
    return (
      <View className='list-state list-state--empty'>
        <Text className='list-state__text'>{emptyText}</Text>
        {emptyAction ? <View className='list-state__action'>{emptyAction}</View> : null}
      </View>
    )
  }

  return (
    <View className='list-state list-state--error' role='alert'>
      <Text className='list-state__text'>{errorText}</Text>
      {onRetry ? (
        <View className='list-state__action'>
          <Button className='list-state__retry' type='primary' size='large' onClick={onRetry}>
            重试
          </Button>
        </View>
      ) : null}
    </View>
  )
}

export default ListState
