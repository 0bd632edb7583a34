import { useMemo, useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CaseSummary } from '../../../domain/api/views'
import type { WhistleInboxItem } from '../../../domain/api/whistle-views'
import { CaseRow } from '../../components/CaseRow'
import { IdentityBar } from '../../components/IdentityBar'
import { ListFooter } from '../../components/ListFooter'
import { ListState } from '../../components/ListState'
import { OptionPicker, type OptionGroup } from '../../components/OptionPicker'
import { PageShell } from '../../components/PageShell'
import { WhistleRow } from '../../components/WhistleRow'
import { useCountyInfo } from '../../hooks/useCountyInfo'
import { usePagedList } from '../../hooks/usePagedList'
import { callFunction } from '../../services/cloud'
import { inboxRoleLabels, roleOfInbox, routes, whistleRoleOfInbox, type InboxRole } from '../../routes'
import { matterGroups } from '../../utils/county'
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

/** Filters that combine with the chips and 待办 / 全部 (case inboxes): only overdue, one matter type. */
interface ExtraFilters {
  overdue: boolean
  matterType: string | null
}

const NO_EXTRA: ExtraFilters = { overdue: false, matterType: null }
/** The count key (cases.inbox `counts.overdue`) shown as the 「只看超期」 toggle, not as a state. */
const OVERDUE_KEY = 'overdue'

interface InboxPanelProps<T> {
  fetchPage: (view: InboxView, filter: Filter, cursor: string | undefined, extra: ExtraFilters) => Promise<InboxPage<T>>
  renderRow: (item: T) => ReactNode
  countLabel: (key: string) => string
  /** Counts can be tapped to list only that state. */
  filterable: boolean
  emptyText: Record<InboxView, string>
  onScope: (unitName: string) => void
  /** Offer 「只看超期」 (from counts.overdue) and a matter-type picker with these groups. */
  extraFilters?: { matterGroups: OptionGroup[] | null }
}

/** Counts, 待办 / 全部, the list with its loading / empty / error states and 加载更多. */
function InboxPanel<T>({ fetchPage, renderRow, countLabel, filterable, emptyText, onScope, extraFilters }: InboxPanelProps<T>) {
  const [view, setView] = useState<InboxView>('todo')
  const [filter, setFilter] = useState<Filter>(null)
  const [extra, setExtra] = useState<ExtraFilters>(NO_EXTRA)
  const list = usePagedList(
    async (cursor) => {
      const page = await fetchPage(view, filter, cursor, extra)
      if (!cursor) onScope(page.scope.unitName)
      return page
    },
    [view, filter?.key, extra.overdue, extra.matterType],
  )
  const allCounts = list.first?.counts ?? {}
  const counts = Object.entries(allCounts).filter(([key]) => !extraFilters || key !== OVERDUE_KEY)
  const overdueCount = allCounts[OVERDUE_KEY]
  const matterName = extraFilters?.matterGroups?.flatMap((g) => g.options).find((o) => o.value === extra.matterType)?.label
  const narrowed = [filter ? `「${countLabel(filter.key)}」` : '', extra.overdue ? '超期' : '', matterName ? `「${matterName}」` : ''].filter(Boolean).join('、')

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
      {extraFilters ? (
        <View className='staff-inbox__extra'>
          <View
            id='inbox-filter-overdue'
            className={`staff-inbox__toggle${extra.overdue ? ' staff-inbox__toggle--on' : ''}${overdueCount ? ' staff-inbox__toggle--some' : ''}`}
            role='button'
            aria-pressed={extra.overdue}
            onClick={() => setExtra((e) => ({ ...e, overdue: !e.overdue }))}
          >
            <Text>只看超期</Text>
            {overdueCount !== undefined ? <Text className='staff-inbox__toggle-n'>{overdueCount}</Text> : null}
          </View>
          {extraFilters.matterGroups?.length ? (
            <View className='staff-inbox__matter'>
              <OptionPicker
                id='inbox-filter-matter'
                groups={extraFilters.matterGroups}
                value={extra.matterType}
                onChange={(matterType) => setExtra((e) => ({ ...e, matterType }))}
                groupPrompt='按事项类型筛选'
                optionPrompt='选择事项类型'
                placeholder='全部类型'
                clearLabel='全部类型'
              />
            </View>
          ) : null}
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
      {!filter && narrowed ? <Text className='hint staff-inbox__filter'>已筛选：{narrowed}</Text> : null}
      <ListState
        status={list.status}
        errorText={list.errorText}
        onRetry={() => void list.reload()}
        emptyText={narrowed ? `没有${narrowed}的事项` : emptyText[view]}
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
export function StaffInbox({ role, headerAction }: { role: InboxRole; /** Under the identity bar, e.g. the whistle office's 「二维码点位」. */ headerAction?: ReactNode }) {
  const whistleRole = whistleRoleOfInbox[role]
  const kinds: ListKind[] = role === 'township' ? ['cases', 'whistles'] : whistleRole ? ['whistles'] : ['cases']
  const [kind, setKind] = useState<ListKind>(kinds[0])
  const [unitName, setUnitName] = useState('')
  const openCase = (id: string) => Taro.navigateTo({ url: routes.staffCase(id) })
  const openWhistle = (id: string) => Taro.navigateTo({ url: routes.staffWhistle(id) })
  // Only feeds the matter-type filter: without it the inbox still works, so a failure hides the picker.
  const { county } = useCountyInfo(kinds.includes('cases'))
  const groups = useMemo<OptionGroup[] | null>(() => (county ? matterGroups(county) : null), [county])

  return (
    <PageShell title={unitName || `${inboxRoleLabels[role]}工作台`} subtitle={`${inboxRoleLabels[role]}工作台 · 下拉可刷新`}>
      <IdentityBar />
      {headerAction}
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
          fetchPage={(view, filter, cursor, extra) =>
            callFunction('cases', 'inbox', {
              role: roleOfInbox[role],
              view,
              cursor,
              ...(filter ? { state: filter.key } : {}),
              ...(extra.overdue ? { overdue: true } : {}),
              ...(extra.matterType ? { matterType: extra.matterType } : {}),
            })
          }
          renderRow={(item) => <CaseRow key={item.id} item={item} showDeadline onOpen={openCase} />}
          countLabel={caseCountLabel}
          filterable
          extraFilters={{ matterGroups: groups }}
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
