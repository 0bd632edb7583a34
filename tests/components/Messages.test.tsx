// 消息通知: unread messages marked, opening one marks it read and opens its page; 全部已读.
// Replaced: callFunction of our typed client and Taro.navigateTo.
import Taro from '@tarojs/taro'
import type { MessageView } from '../../domain/api'
import Messages from '../../src/pages/messages/index'
import { usePageHarness } from './pageHarness'

const messages: MessageView[] = [
  { id: 'm1', title: '您反映的问题已受理', subject: '小区消防通道被占用', page: 'pages/case/index?id=c1', at: '2026-11-23T02:00:00.000Z', read: false },
  { id: 'm2', title: '您反映的问题已办结', subject: '路灯不亮', page: 'pages/case/index?id=c2', at: '2026-11-22T02:00:00.000Z', read: true },
  { id: 'm3', title: '请评价处理结果', subject: '井盖缺失', page: 'pages/case/index?id=c3', at: '2026-11-21T02:00:00.000Z', read: false },
]

describe('notification centre (pages/messages)', () => {
  const h = usePageHarness({
    'account.messages': () => ({ items: messages, nextCursor: null, unread: 2 }),
    'account.markRead': (payload) => ({ updated: (payload.ids as string[]).length }),
  })
  let navigateTo: jest.SpyInstance

  beforeEach(() => {
    navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' } as never)
  })

  const marks = () => h.sent('account', 'markRead')

  async function mountPage() {
    await h.mount(Messages)
    await h.testUtils.queries.waitForQuerySelector('#message-m1')
  }

  async function click(el: Element | null) {
    expect(el).toBeTruthy()
    await h.testUtils.act(async () => {
      h.testUtils.fireEvent.click(el as Element)
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0))
    })
  }

  const unreadIds = () => Array.from(document.querySelectorAll('.message-row--unread')).map((el) => el.id)

  it('shows which messages are unread', async () => {
    await mountPage()
    expect(unreadIds()).toEqual(['message-m1', 'message-m3'])
    expect(document.querySelectorAll('.message-row__dot')).toHaveLength(2)
    expect(document.body.textContent).toContain('2 条未读')
  })

  it('opening an unread message marks it read and opens its page', async () => {
    await mountPage()
    await click(document.querySelector('#message-m1'))
    expect(marks()).toEqual([{ ids: ['m1'] }])
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/case/index?id=c1' })
    expect(unreadIds()).toEqual(['message-m3'])
    expect(document.body.textContent).toContain('1 条未读')

    // A read one opens without marking again.
    await click(document.querySelector('#message-m2'))
    expect(marks()).toHaveLength(1)
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/pages/case/index?id=c2' })
  })

  it('全部已读 marks every unread message', async () => {
    await mountPage()
    await click(document.querySelector('#messages-read-all'))
    expect(marks()).toEqual([{ ids: ['m1', 'm3'] }])
    expect(unreadIds()).toEqual([])
    expect(document.querySelector('#messages-read-all')).toBeNull()
  })
})
