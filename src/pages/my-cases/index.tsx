import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CaseRow } from '../../components/CaseRow'
import { ListFooter } from '../../components/ListFooter'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { usePagedList } from '../../hooks/usePagedList'
import { callFunction } from '../../services/cloud'
import { routes } from '../../routes'
import './index.scss'

/**
 * The resident's own reports, newest first, with where each one stands. Grid workers and party members
 * also find here the problems they registered on visits (M-4), under 我登记的走访.
 */
export default function MyCases() {
  const [registrar, setRegistrar] = useState(false)
  const [registered, setRegistered] = useState(false)
  useEffect(() => {
    callFunction('account', 'whoami', {})
      .then((me) => setRegistrar(me.bindings.some((b) => b.role === 'party_member' || b.role === 'grid_worker')))
      .catch(() => setRegistrar(false)) // the second list is an extra; the first works without it
  }, [])
  const list = usePagedList((cursor) => callFunction('cases', 'mine', { cursor, registered }), [registered])
  const open = (id: string) => Taro.navigateTo({ url: routes.caseDetail(id) })

  return (
    <PageShell title='我的反映' subtitle={registered ? '您走访时登记的问题和处理进度' : '您反映过的问题和处理进度'}>
      {registrar ? (
        <View className='my-cases__tabs'>
          <Button id='mine-tab-reported' size='large' type={registered ? 'default' : 'primary'} onClick={() => setRegistered(false)}>
            我反映的
          </Button>
          <Button id='mine-tab-registered' size='large' type={registered ? 'primary' : 'default'} onClick={() => setRegistered(true)}>
            我登记的走访
          </Button>
        </View>
      ) : null}
      <ListState
        status={list.status}
        errorText={list.errorText}
        onRetry={() => void list.reload()}
        emptyText={registered ? '您还没有登记过走访发现的问题' : '您还没有反映过问题'}
        emptyAction={
          <Button type='primary' size='large' block onClick={() => Taro.navigateTo({ url: registered ? routes.staffVisit : routes.report })}>
            {registered ? '去走访登记' : '去随手拍'}
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
