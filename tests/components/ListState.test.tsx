import TestUtils from '@tarojs/test-utils-react'
import { Text } from '@tarojs/components'
import { ListState, type ListStateProps } from '../../src/components/ListState'

describe('ListState', () => {
  let testUtils: TestUtils

  beforeEach(() => {
    testUtils = new TestUtils()
  })

  afterEach(() => {
    testUtils.unmout()
  })

  const mount = (props: ListStateProps) => testUtils.mount(ListState, { props })

  it('shows a loading indicator while loading', async () => {
    await mount({ status: 'loading', children: <Text className='row'>一行</Text> })
    const loading = await testUtils.queries.waitForQuerySelector('.list-state--loading')
    expect(loading).toBeTruthy()
    expect(document.body.textContent).toContain('正在加载…')
    expect(document.querySelector('.row')).toBeNull()
  })

  it('shows the empty text and action when there is nothing', async () => {
    await mount({
      status: 'empty',
      emptyText: '您还没有反映过问题',
      emptyAction: <Text className='go-report'>去随手拍</Text>,
    })
    await testUtils.queries.waitForQuerySelector('.list-state--empty')
    expect(document.body.textContent).toContain('您还没有反映过问题')
    expect(document.querySelector('.go-report')).toBeTruthy()
  })

  it('shows the error and calls back when 重试 is tapped', async () => {
    const onRetry = jest.fn()
    await mount({ status: 'error', errorText: '网络不通，请稍后再试', onRetry })
    await testUtils.queries.waitForQuerySelector('.list-state--error')
    expect(document.body.textContent).toContain('网络不通，请稍后再试')

    const retry = await testUtils.queries.waitForQuerySelector('.list-state__retry')
    expect(retry?.textContent).toContain('重试')
    await testUtils.act(() => {
      testUtils.fireEvent.click(retry as Element)
    })
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('has no retry button without a callback', async () => {
    await mount({ status: 'error' })
    await testUtils.queries.waitForQuerySelector('.list-state--error')
    expect(document.body.textContent).toContain('加载失败，请检查网络后重试')
    expect(document.querySelector('.list-state__retry')).toBeNull()
  })

  it('renders the list itself when ready', async () => {
    await mount({ status: 'ready', children: <Text className='row'>井盖缺失</Text> })
    const row = await testUtils.queries.waitForQuerySelector('.row')
    expect(row?.textContent).toBe('井盖缺失')
    expect(document.querySelector('.list-state')).toBeNull()
  })
})
