// Shared set-up for the page and component tests: only the transport boundary is replaced —
// callFunction from src/services/cloud (our own typed client) answers from a table per test file — and
// a fresh TestUtils mounts the page; taps and waits run inside act().
import TestUtils from '@tarojs/test-utils-react'
import type { ComponentClass, FunctionComponent } from 'react'
import * as cloud from '../../src/services/cloud'

// Every state update happens inside act(); tell React so it checks that.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

export type Call = [string, string, Record<string, unknown>]

/** The fake transport's answers by `name.action`: each gets the payload and returns (or throws) the reply.
 *  A call with no answer fails with UNEXPECTED. */
export type FakeAnswers = Record<string, (payload: Record<string, unknown>) => unknown>

export interface PageHarness {
  readonly testUtils: TestUtils
  /** Every callFunction call of the current test, in order. */
  readonly calls: Call[]
  /** The payloads sent to `name`.`action`, in order. */
  sent(name: string, action: string): Record<string, unknown>[]
  $(selector: string): Element | null
  /** Text of `selector` (default the whole page); '' when absent. */
  text(selector?: string): string
  /** Lets pending replies and timers of 0 ms land inside act(). */
  flush(): Promise<void>
  /** Mounts `component` inside act() and lets its first calls start. */
  mount<P extends Record<string, any>>(component: FunctionComponent<P> | ComponentClass<P>, props?: P): Promise<void>
  /** Taps an element (a selector or the element; it must be there) inside act() so that a submit's reply lands
   *  in the same act, then flushes `settle` times (default 1). `waitFor`: wait until the selector shows first. */
  click(target: string | Element | null, opts?: { waitFor?: boolean; settle?: number }): Promise<void>
  /** The option-picker row (src/components OptionPicker) whose label is exactly `label`. */
  rowWithText(label: string): Element | null
  /** Types into the Taro textarea inside `selector` (waiting until its native textarea renders), then flushes. */
  type(selector: string, value: string): Promise<void>
}

/** Registers beforeEach/afterEach in the calling describe() (or file) and returns the helpers. */
export function usePageHarness(answers: FakeAnswers): PageHarness {
  let testUtils: TestUtils
  let calls: Call[] = []

  beforeEach(() => {
    calls = []
    jest.spyOn(cloud, 'callFunction').mockImplementation((async (name: string, action: string, payload: Record<string, unknown>) => {
      calls.push([name, action, payload])
      const answer = answers[`${name}.${action}`]
      if (!answer) throw new cloud.ApiError('UNEXPECTED', `unexpected call ${name}.${action}`)
      return answer(payload)
    }) as typeof cloud.callFunction)
    testUtils = new TestUtils()
  })

  afterEach(() => {
    testUtils.unmout()
    jest.restoreAllMocks()
  })

  const $ = (selector: string) => document.querySelector(selector)
  const flush = () => testUtils.act(async () => new Promise((resolve) => setTimeout(resolve, 0)))

  return {
    get testUtils() {
      return testUtils
    },
    get calls() {
      return calls
    },
    sent: (name, action) => calls.filter(([n, a]) => n === name && a === action).map(([, , payload]) => payload),
    $,
    text: (selector = 'body') => $(selector)?.textContent ?? '',
    flush,
    async mount(component, props) {
      await testUtils.act(async () => {
        await testUtils.mount(component, props ? { props } : undefined)
        await new Promise((resolve) => setTimeout(resolve, 0))
      })
    },
    async click(target, { waitFor = false, settle = 1 } = {}) {
      if (waitFor && typeof target === 'string') await testUtils.queries.waitForQuerySelector(target)
      const el = typeof target === 'string' ? $(target) : target
      expect(el).toBeTruthy()
      await testUtils.act(async () => {
        testUtils.fireEvent.click(el as Element)
        await new Promise((resolve) => setTimeout(resolve, 0))
      })
      for (let i = 0; i < settle; i++) await flush()
    },
    rowWithText: (label) =>
      Array.from(document.querySelectorAll('.option-picker__label')).find((el) => el.textContent === label)?.closest('.option-picker__row') ?? null,
    async type(selector, value) {
      await testUtils.queries.waitForQuerySelector(`${selector} textarea`)
      const textarea = $(`${selector} textarea`) as HTMLTextAreaElement
      await testUtils.act(() => {
        textarea.value = value
        testUtils.fireEvent.input(textarea)
      })
      await flush()
    },
  }
}
