import TestUtils from '@tarojs/test-utils-react'
import { StatusChip, type StatusChipProps } from '../../src/components/StatusChip'

// StatusChip is NutUI's Tag: this proves NutUI components render under jest.
describe('StatusChip (NutUI Tag)', () => {
  let testUtils: TestUtils

  beforeEach(() => {
    testUtils = new TestUtils()
  })

  afterEach(() => {
    testUtils.unmout()
  })

  const mount = (props: StatusChipProps) => testUtils.mount(StatusChip, { props })

  it('renders the label inside a NutUI tag of the matching type', async () => {
    await mount({ label: '处置中', tone: 'warning' })
    const tag = await testUtils.queries.waitForQuerySelector('.nut-tag')
    expect(tag?.textContent).toContain('处置中')
    expect(tag?.className).toContain('nut-tag-warning')
    expect(tag?.className).toContain('status-chip--warning')
    expect(tag?.className).toContain('nut-tag-round')
  })

  it('defaults to the neutral tone', async () => {
    await mount({ label: '已受理' })
    const tag = await testUtils.queries.waitForQuerySelector('.nut-tag')
    expect(tag?.className).toContain('nut-tag-default')
    expect(tag?.className).toContain('status-chip--neutral')
    expect(tag?.outerHTML).toMatchSnapshot()
  })
})
