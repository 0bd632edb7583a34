import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { CaseRow } from '../../components/CaseRow'
import { ListFooter } from '../../components/ListFooter'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { usePagedList } from '../../hooks/usePagedList'
import { callFunction } from '../../services/cloud'
import { routes } from '../../routes'

/** The resident's own reports, newest first, with where each one stands. */
export default function MyCases() {
  const list = usePagedList((cursor) => callFunction('cases', 'mine', { cursor }), [])
  const open = (id: string) => Taro.navigateTo({ url: routes.caseDetail(id) })

  return (
    <PageShell title='我的反映' subtitle='您反映过的问题和处理进度'>
      <ListState
        status={list.status}
        errorText={list.errorText}
        onRetry={() => void list.reload()}
        emptyText='您还没有反映过问题'
        emptyAction={
          <Button type='primary' size='large' block onClick={() => Taro.navigateTo({ url: routes.report })}>
            去随手拍
          </Button>
        }
      >
        {list.items.map((item) => (
          <CaseRow key={item.id} item={item} onOpen={open} />
        ))}
        <ListFooter hasMore={Boolean(list.nextCursor)} loadingMore={list.loadingMore} onLoadMore={() => void list.loadMore()} />
      </ListState>
    </PageShell>
  )
}
