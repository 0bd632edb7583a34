// 消息通知: unread messages marked, opening one marks it read and opens its page; 全部已读.
// Replaced: callFunction of our typed client and Taro.navigateTo.
import Taro from '@tarojs/taro'
import TestUtils from '@tarojs/test-utils-react'
import type { MessageView } from '../../domain/api'
import * as cloud from '../../src/services/cloud'
import Messages from '../../src/pages/messages/index'

type Call = [string, string, Record<string, unknown>]
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const messages: MessageView[] = [
  { id: 'm1', title: '您反映的问题已受理', subject: '小区消防通道被占用', page: 'pages/case/index?id=c1', at: '2026-11-23T02:00:00.000Z', read: false },
  { id: 'm2', title: '您反映的问题已办结', subject: '路灯不亮', page: 'pages/case/index?id=c2', at: '2026-11-22T02:00:00.000Z', read: true },
  { id: 'm3', title: '请评价处理结果', subject: '井盖缺失', page: 'pages/case/index?id=c3', at: '2026-11-21T02:00:00.000Z', read: false },
]

describe('notification centre (pages/messages)', () => {
  let testUtils: TestUtils
  let calls: Call[]
  let navigateTo: jest.SpyInstance

  beforeEach(() => {
    calls = []
    jest.spyOn(cloud, 'callFunction').mockImplementation((async (name: string, action: string, payload: Record<string, unknown>) => {
      calls.push([name, action, payload])
      if (name === 'account' && action === 'messages') return { items: messages, nextCursor: null, unread: 2 }
      if (name === 'account' && action === 'markRead') return { updated: (payload.ids as string[]).length }
      throw new cloud.ApiError('UNEXPECTED', `unexpected call ${name}.${action}`)
    }) as typeof cloud.callFunction)
    navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' } as never)
    testUtils = new TestUtils()
  })

  afterEach(() => {
    testUtils.unmout()
    jest.restoreAllMocks()
  })

  const marks = () => calls.filter(([name, action]) => name === 'account' && action === 'markRead').map(([, , payload]) => payload)

  async function mountPage() {
    await testUtils.act(async () => {
      await testUtils.mount(Messages)
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
    await testUtils.queries.waitForQuerySelector('#message-m1')
  }

  async function click(el: Element | null) {
    expect(el).toBeTruthy()
    await testUtils.act(async () => {
      testUtils.fireEvent.click(el as Element)
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
