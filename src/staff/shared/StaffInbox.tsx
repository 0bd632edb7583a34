import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { CaseRow } from '../../components/CaseRow'
import { IdentityBar } from '../../components/IdentityBar'
import { ListFooter } from '../../components/ListFooter'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { usePagedList } from '../../hooks/usePagedList'
import { callFunction } from '../../services/cloud'
import { inboxRoleLabels, roleOfInbox, routes, type InboxRole } from '../../routes'
import './StaffInbox.scss'

type InboxView = 'todo' | 'all'

const VIEWS: { view: InboxView; label: string }[] = [
  { view: 'todo', label: '待办' },
  { view: 'all', label: '全部' },
]

/** Short names of the to-do counts the server returns per state (grid_pending, grid_claimed, follow_up…). */
function countLabel(state: string): string {
  if (state.endsWith('_pending')) return '待认领'
  if (state.endsWith('_claimed')) return '处理中'
  if (state === 'follow_up') return '回访跟进'
  return state
}

/** One role's inbox: counts, 待办 / 全部, the cases of this desk with their deadlines. */
export function StaffInbox({ role }: { role: InboxRole }) {
  const [view, setView] = useState<InboxView>('todo')
  const list = usePagedList((cursor) => callFunction('cases', 'inbox', { role: roleOfInbox[role], view, cursor }), [view])
  const scope = list.first?.scope
  const counts = Object.entries(list.first?.counts ?? {})
  const open = (id: string) => Taro.navigateTo({ url: routes.staffCase(id) })

  return (
    <PageShell title={scope?.unitName || `${inboxRoleLabels[role]}工作台`} subtitle={`${inboxRoleLabels[role]}工作台 · 下拉可刷新`}>
      <IdentityBar />
      {counts.length ? (
        <View className='staff-inbox__counts'>
          {counts.map(([state, n]) => (
            <View key={state} className={`staff-inbox__count${n ? ' staff-inbox__count--some' : ''}`}>
              <Text className='staff-inbox__count-n'>{n}</Text>
              <Text className='staff-inbox__count-label'>{countLabel(state)}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <View className='staff-inbox__tabs' role='tablist'>
        {VIEWS.map((v) => (
          <View
            key={v.view}
            id={`inbox-tab-${v.view}`}
            className={`staff-inbox__tab${view === v.view ? ' staff-inbox__tab--active' : ''}`}
            role='tab'
            aria-selected={view === v.view}
            onClick={() => setView(v.view)}
          >
            {v.label}
          </View>
        ))}
      </View>
      <ListState
        status={list.status}
        errorText={list.errorText}
        onRetry={() => void list.reload()}
        emptyText={view === 'todo' ? '暂无待办事项' : '本辖区还没有事项'}
      >
        {list.items.map((item) => (
          <CaseRow key={item.id} item={item} showDeadline onOpen={open} />
        ))}
        <ListFooter hasMore={Boolean(list.nextCursor)} loadingMore={list.loadingMore} onLoadMore={() => void list.loadMore()} />
      </ListState>
    </PageShell>
  )
}
