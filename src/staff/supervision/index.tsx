import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ClusterView, FlaggedItem, SupervisionView } from '../../../domain/api/supervision'
import type { SupervisionBoardState, SupervisionKind } from '../../../domain/supervision'
import { ListState, type ListStatus } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { StatusChip } from '../../components/StatusChip'
import { StepForm, SupervisionCard, openPage } from '../../components/SupervisionCard'
import { routes } from '../../routes'
import { callFunction } from '../../services/cloud'
import { errorMessage, toast, toastError } from '../../utils/feedback'
import { formatTime } from '../../utils/format'
import './index.scss'

type Tab = 'board' | 'concentrated' | 'near_due' | 'overdue' | 'mine'

const TABS: { tab: Tab; label: string }[] = [
  { tab: 'board', label: '督办台' },
  { tab: 'concentrated', label: '集中反映' },
  { tab: 'near_due', label: '临期' },
  { tab: 'overdue', label: '超期未结' },
]

const STATE_FILTERS: { state: SupervisionBoardState | ''; label: string }[] = [
  { state: '', label: '全部' },
  { state: 'awaiting', label: '待回复' },
  { state: 'late', label: '逾期未回复' },
  { state: 'responded', label: '已回复' },
  { state: 'closed', label: '已办结' },
]

/** A flagged case / whistle (or a cluster's case) with a button to list it (吹哨办 only). */
function FlagRow({ item, kind, canList, onListed }: { item: Pick<FlaggedItem, 'entity' | 'id' | 'no' | 'title'> & { sub: string }; kind: SupervisionKind; canList: boolean; onListed: () => void }) {
  const [listing, setListing] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const submit = async (v: { text: string; respondBy?: string }) => {
    setSubmitting(true)
    try {
      await callFunction('supervision', 'list', { entity: item.entity, id: item.id, kind, reason: v.text, respondBy: v.respondBy })
      toast('已挂牌督办')
      setListing(false)
      onListed()
    } catch (err) {
      toastError(err)
    } finally {
      setSubmitting(false)
    }
  }
  return (
    <View className='card supervision__card' id={`flag-${item.id}`}>
      <View className='supervision__head' onClick={() => openPage(item.entity === 'whistle' ? routes.staffWhistle(item.id) : routes.staffCase(item.id))}>
        <StatusChip label={item.entity === 'whistle' ? '哨单' : '事项'} tone='neutral' />
        <Text className='supervision__title'>{item.title}</Text>
      </View>
      <Text className='hint'>
        {item.no} · {item.sub}
      </Text>
      {listing ? (
        <StepForm kind='list' submitting={submitting} onSubmit={submit} onCancel={() => setListing(false)} />
      ) : canList ? (
        <Button id={`flag-list-${item.id}`} type='primary' size='large' block onClick={() => setListing(true)}>
          挂牌督办
        </Button>
      ) : null}
    </View>
  )
}

/**
 * 挂牌督办 and 三个必督 (M-24). The 吹哨办 sees every listed item with its state and acts (再次督办, 督办办结),
 * and the automatic lists (集中反映 / 临期 / 超期未结) with a button to list one; leaders read the same;
 * a department or township (`?mine=1`) sees what is listed for it and responds.
 */
export default function SupervisionPage() {
  const [tab, setTab] = useState<Tab>(() => (Taro.getCurrentInstance().router?.params.mine ? 'mine' : 'board'))
  const [state, setState] = useState<SupervisionBoardState | ''>('')
  const [items, setItems] = useState<SupervisionView[] | null>(null)
  const [counts, setCounts] = useState<Record<string, number>>({})
  const [flags, setFlags] = useState<FlaggedItem[] | null>(null)
  const [clusters, setClusters] = useState<ClusterView[] | null>(null)
  const [windowDays, setWindowDays] = useState(7)
  const [errorText, setErrorText] = useState('')
  const [canList, setCanList] = useState(false)

  useEffect(() => {
    callFunction('account', 'whoami', {})
      .then((me) => setCanList(me.bindings.some((b) => b.role === 'whistle_office')))
      .catch(() => setCanList(false))
  }, [])

  const load = useCallback(() => {
    setErrorText('')
    setItems(null)
    setFlags(null)
    setClusters(null)
    const fail = (err: unknown) => setErrorText(errorMessage(err))
    if (tab === 'board') {
      callFunction('supervision', 'board', state ? { state } : {})
        .then((r) => {
          setItems(r.items)
          setCounts(r.counts)
        })
        .catch(fail)
    } else if (tab === 'mine') {
      callFunction('supervision', 'mine', {})
        .then((r) => setItems(r.items))
        .catch(fail)
    } else {
      callFunction('supervision', 'flags', { flag: tab })
        .then((r) => {
          if (r.flag === 'concentrated') {
            setClusters(r.clusters)
            setWindowDays(r.windowDays)
          } else setFlags(r.items)
        })
        .catch(fail)
    }
  }, [tab, state])
  useEffect(load, [load])

  const replace = (v: SupervisionView) => setItems((list) => (list ? list.map((x) => (x.id === v.id ? v : x)) : list))
  const status = (list: unknown[] | null): ListStatus => (list ? (list.length ? 'ready' : 'empty') : errorText ? 'error' : 'loading')

  return (
    <PageShell title={tab === 'mine' ? '被督办事项' : '挂牌督办'} subtitle={tab === 'mine' ? '请在要求日期前回复办理情况' : '三个必督：集中反映、临期、超期未结'}>
      {tab !== 'mine' ? (
        <View className='supervision__tabs' id='supervision-tabs'>
          {TABS.map((t) => (
            <Button key={t.tab} id={`supervision-tab-${t.tab}`} size='large' type={tab === t.tab ? 'primary' : 'default'} onClick={() => setTab(t.tab)}>
              {t.label}
            </Button>
          ))}
        </View>
      ) : null}

      {tab === 'board' ? (
        <View className='supervision__tabs' id='supervision-states'>
          {STATE_FILTERS.map((f) => (
            <Button key={f.state || 'all'} id={`supervision-state-${f.state || 'all'}`} size='large' type={state === f.state ? 'primary' : 'default'} onClick={() => setState(f.state)}>
              {f.state && counts[f.state] !== undefined ? `${f.label} ${counts[f.state]}` : f.label}
            </Button>
          ))}
        </View>
      ) : null}

      {tab === 'board' || tab === 'mine' ? (
        <ListState status={status(items)} errorText={errorText} onRetry={load} emptyText={tab === 'mine' ? '没有被督办的事项' : '没有挂牌督办的事项'}>
          {items?.map((item) => <SupervisionCard key={item.id} item={item} onChanged={replace} />)}
        </ListState>
      ) : tab === 'concentrated' ? (
        <ListState status={status(clusters)} errorText={errorText} onRetry={load} emptyText={`近${windowDays}天没有集中反映的事项`}>
          {clusters?.map((c) => (
            <View key={`${c.by}-${c.key}`} className='supervision__cluster' id={`cluster-${c.by}-${c.key}`}>
              <Text className='section-title'>
                {c.by === 'grid' ? '地点' : '事项'}：{c.label}（{c.reasons.join('，')}）
              </Text>
              {c.cases.map((x) => (
                <FlagRow key={x.id} item={{ entity: 'case', id: x.id, no: x.no, title: x.title, sub: x.township }} kind='concentrated' canList={canList} onListed={load} />
              ))}
            </View>
          ))}
        </ListState>
      ) : (
        <ListState status={status(flags)} errorText={errorText} onRetry={load} emptyText={tab === 'near_due' ? '没有临期的事项' : '没有超期未结的事项'}>
          {flags?.map((f) => (
            <FlagRow
              key={f.id}
              item={{ ...f, sub: `${f.townshipName}${f.due ? ` · 时限 ${formatTime(f.due)}` : ''}` }}
              kind={tab === 'near_due' ? 'near_due' : 'overdue'}
              canList={canList}
              onListed={load}
            />
          ))}
        </ListState>
      )}
    </PageShell>
  )
}
