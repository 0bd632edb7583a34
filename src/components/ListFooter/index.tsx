import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './index.scss'

export interface ListFooterProps {
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
}

/** Under a paginated list: a 加载更多 button while there is more (also loaded on reaching the bottom). */
export function ListFooter({ hasMore, loadingMore, onLoadMore }: ListFooterProps) {
  return (
    <View className='list-footer'>
      {hasMore ? (
        <Button id='list-load-more' type='default' size='large' block loading={loadingMore} onClick={onLoadMore}>
          加载更多
        </Button>
      ) : (
        <Text className='hint'>没有更多了</Text>
      )}
    </View>
  )
}

export default ListFooter
