import { useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CaseSummary } from '../../../domain/api/views'
import type { WhistleInboxItem } from '../../../domain/api/whistle-views'
import { CaseRow } from '../../components/CaseRow'
import { IdentityBar } from '../../components/IdentityBar'
import { ListFooter } from '../../components/ListFooter'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { WhistleRow } from '../../components/WhistleRow'
import { usePagedList } from '../../hooks/usePagedList'
import { callFunction } from '../../services/cloud'
import { inboxRoleLabels, roleOfInbox, routes, whistleRoleOfInbox, type InboxRole } from '../../routes'
import { whistleCountLabel } from '../../utils/whistleState'
import './StaffInbox.scss'

type InboxView = 'todo' | 'all'
type ListKind = 'cases' | 'whistles'

const VIEWS: { view: InboxView; label: string }[] = [
  { view: 'todo', label: '待办' },
  { view: 'all', label: '全部' },
]
const KIND_LABELS: Record<ListKind, string> = { cases: '诉求', whistles: '哨单' }

/** Short names of the to-do counts cases.inbox returns per state (grid_pending, grid_claimed, follow_up…). */
function caseCountLabel(state: string): string {
  if (state.endsWith('_pending')) return '待认领'
  if (state.endsWith('_claimed')) return '处理中'
  if (state === 'follow_up') return '回访跟进'
  return state
}

interface InboxPage<T> {
  items: T[]
  nextCursor: string | null
  counts: Record<string, number>
  scope: { unitName: string }
}

/** What a filter chip asks for: one state, or (whistle office) only 急哨. */
type Filter = { key: string } | null

interface InboxPanelProps<T> {
  fetchPage: (view: InboxView, filter: Filter, cursor?: string) => Promise<InboxPage<T>>
  renderRow: (item: T) => ReactNode
  countLabel: (key: string) => string
  /** Counts can be tapped to list only that state. */
  filterable: boolean
  emptyText: Record<InboxView, string>
  onScope: (unitName: string) => void
}

/** Counts, 待办 / 全部, the list with its loading / empty / error states and 加载更多. */
function InboxPanel<T>({ fetchPage, renderRow, countLabel, filterable, emptyText, onScope }: InboxPanelProps<T>) {
  const [view, setView] = useState<InboxView>('todo')
  const [filter, setFilter] = useState<Filter>(null)
  const list = usePagedList(
    async (cursor) => {
      const page = await fetchPage(view, filter, cursor)
      if (!cursor) onScope(page.scope.unitName)
      return page
    },
    [view, filter?.key],
  )
  const counts = Object.entries(list.first?.counts ?? {})

  return (
    <>
      {counts.length ? (
        <View className='staff-inbox__counts'>
          {counts.map(([key, n]) => {
            const selected = filter?.key === key
            const classes = ['staff-inbox__count', n ? 'staff-inbox__count--some' : '', selected ? 'staff-inbox__count--selected' : '']
            return (
              <View
                key={key}
                id={`inbox-count-${key}`}
                className={classes.filter(Boolean).join(' ')}
                role={filterable ? 'button' : undefined}
                aria-pressed={filterable ? selected : undefined}
                onClick={filterable ? () => setFilter(selected ? null : { key }) : undefined}
              >
                <Text className='staff-inbox__count-n'>{n}</Text>
                <Text className='staff-inbox__count-label'>{countLabel(key)}</Text>
              </View>
            )
          })}
        </View>
      ) : null}
      <View className='staff-inbox__tabs' role='tablist'>
        {VIEWS.map((v) => (
          <View
            key={v.view}
            id={`inbox-tab-${v.view}`}
            className={`staff-inbox__tab${view === v.view && !filter ? ' staff-inbox__tab--active' : ''}`}
            role='tab'
            aria-selected={view === v.view && !filter}
            onClick={() => {
              setFilter(null)
              setView(v.view)
            }}
          >
            {v.label}
          </View>
        ))}
      </View>
      {filter ? <Text className='hint staff-inbox__filter'>只看「{countLabel(filter.key)}」，再点一次该数字取消</Text> : null}
      <ListState
        status={list.status}
        errorText={list.errorText}
        onRetry={() => void list.reload()}
        emptyText={filter ? `没有「${countLabel(filter.key)}」的事项` : emptyText[view]}
      >
        {list.items.map(renderRow)}
        <ListFooter hasMore={Boolean(list.nextCursor)} loadingMore={list.loadingMore} onLoadMore={() => void list.loadMore()} />
      </ListState>
    </>
  )
}

/**
 * One role's workbench. Grid and community staff work cases; the whistle office and departments work
 * whistles; the township has both, on two tabs (诉求 / 哨单).
 */
export function StaffInbox({ role }: { role: InboxRole }) {
  const whistleRole = whistleRoleOfInbox[role]
  const kinds: ListKind[] = role === 'township' ? ['cases', 'whistles'] : whistleRole ? ['whistles'] : ['cases']
  const [kind, setKind] = useState<ListKind>(kinds[0])
  const [unitName, setUnitName] = useState('')
  const openCase = (id: string) => Taro.navigateTo({ url: routes.staffCase(id) })
  const openWhistle = (id: string) => Taro.navigateTo({ url: routes.staffWhistle(id) })

  return (
    <PageShell title={unitName || `${inboxRoleLabels[role]}工作台`} subtitle={`${inboxRoleLabels[role]}工作台 · 下拉可刷新`}>
      <IdentityBar />
      {kinds.length > 1 ? (
        <View className='staff-inbox__tabs staff-inbox__kinds' role='tablist'>
          {kinds.map((k) => (
            <View
              key={k}
              id={`inbox-kind-${k}`}
              className={`staff-inbox__tab${kind === k ? ' staff-inbox__tab--active' : ''}`}
              role='tab'
              aria-selected={kind === k}
              onClick={() => setKind(k)}
            >
              {KIND_LABELS[k]}
            </View>
          ))}
        </View>
      ) : null}
      {kind === 'cases' ? (
        <InboxPanel<CaseSummary>
          key='cases'
          fetchPage={(view, _filter, cursor) => callFunction('cases', 'inbox', { role: roleOfInbox[role], view, cursor })}
          renderRow={(item) => <CaseRow key={item.id} item={item} showDeadline onOpen={openCase} />}
          countLabel={caseCountLabel}
          filterable={false}
          emptyText={{ todo: '暂无待办事项', all: '本辖区还没有事项' }}
          onScope={setUnitName}
        />
      ) : (
        <InboxPanel<WhistleInboxItem>
          key='whistles'
          fetchPage={(view, filter, cursor) =>
            callFunction('whistles', 'inbox', {
              role: whistleRole,
              view,
              cursor,
              ...(filter?.key === 'urgent' ? { kind: 'urgent' as const } : filter ? { state: filter.key } : {}),
            })
          }
          renderRow={(item) => <WhistleRow key={item.id} item={item} onOpen={openWhistle} />}
          countLabel={(key) => whistleCountLabel(key, whistleRole === 'department')}
          filterable
          emptyText={{ todo: '暂无待办哨单', all: '还没有哨单' }}
          onScope={setUnitName}
        />
      )}
    </PageShell>
  )
}
