import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MessageView } from '../../../domain/api'
import { ListFooter } from '../../components/ListFooter'
import { ListRow } from '../../components/ListRow'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { usePagedList } from '../../hooks/usePagedList'
import { callFunction } from '../../services/cloud'
import { pageUrl } from '../../routes'
import { toast, toastError } from '../../utils/feedback'
import { formatTime } from '../../utils/format'
import './index.scss'

/** markRead takes at most this many ids per call. */
const MARK_BATCH = 50

/** 消息通知: progress of one's reports and staff notices, newest first; opening one marks it read. */
export default function Messages() {
  const list = usePagedList((cursor) => callFunction('account', 'messages', { cursor }), [])
  // Read here since the last reply (the server's count does not know them yet).
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set())
  const [markingAll, setMarkingAll] = useState(false)
  useEffect(() => setMarked(new Set()), [list.first])

  const isRead = (m: MessageView) => m.read || marked.has(m.id)
  const unread = Math.max(0, (list.first?.unread ?? 0) - list.items.filter((m) => !m.read && marked.has(m.id)).length)
  const markLocally = (ids: string[]) => setMarked((s) => new Set([...s, ...ids]))

  const open = (m: MessageView) => {
    if (!isRead(m)) {
      markLocally([m.id])
      // Opening matters more than the dot: a failed mark is tried again the next time.
      callFunction('account', 'markRead', { ids: [m.id] }).catch(() => undefined)
    }
    if (m.page) void Taro.navigateTo({ url: pageUrl(m.page) }).catch(() => toast('这条消息的页面打不开了'))
  }

  const readAll = async () => {
    const ids = list.items.filter((m) => !isRead(m)).map((m) => m.id)
    setMarkingAll(true)
    try {
      for (let i = 0; i < ids.length; i += MARK_BATCH) await callFunction('account', 'markRead', { ids: ids.slice(i, i + MARK_BATCH) })
      markLocally(ids)
      // Unread messages further down the list (not loaded yet) come back in the fresh reply.
      if (unread > ids.length) await list.reload(true)
    } catch (err) {
      toastError(err)
    } finally {
      setMarkingAll(false)
    }
  }

  return (
    <PageShell title='消息通知' subtitle={unread ? `${unread} 条未读` : '没有未读消息'}>
      {unread ? (
        <View className='messages__actions'>
          <Button id='messages-read-all' type='default' size='large' block loading={markingAll} disabled={markingAll} onClick={() => void readAll()}>
            全部已读
          </Button>
        </View>
      ) : null}
      <ListState status={list.status} errorText={list.errorText} onRetry={() => void list.reload()} emptyText='还没有消息。您反映的问题有进展时，会在这里通知您'>
        {list.items.map((m) => {
          const read = isRead(m)
          return (
            <ListRow
              key={m.id}
              id={`message-${m.id}`}
              className={`message-row${read ? '' : ' message-row--unread'}`}
              head={
                <>
                  {read ? null : <View className='message-row__dot' aria-label='未读' />}
                  <Text className='message-row__title'>{m.title}</Text>
                </>
              }
              text={m.subject}
              meta={[read ? '已读' : '未读', formatTime(m.at)]}
              onOpen={() => open(m)}
            />
          )
        })}
        <ListFooter hasMore={Boolean(list.nextCursor)} loadingMore={list.loadingMore} onLoadMore={() => void list.loadMore()} />
      </ListState>
    </PageShell>
  )
}
