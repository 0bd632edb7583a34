// Shared set-up for the 随手拍 report form tests (ReportForm*.test.tsx): mounts pages/report with only the
// transport boundary replaced (callFunction from src/services/cloud, our own typed client) and offers the
// taps and typing a resident does.
import Taro from '@tarojs/taro'
import type TestUtils from '@tarojs/test-utils-react'
import Report from '../../src/pages/report/index'
import { countyInfo } from './countyInfo'
import { usePageHarness } from './pageHarness'

export const county = countyInfo
export const township = county.townships[0]
export const grid = township.communities[0].grids[0]

export interface ReportFormHarness {
  readonly testUtils: TestUtils
  /** What the next cases.submit answers (or throws). */
  setSubmitReply(reply: () => Promise<unknown>): void
  submits(): Record<string, unknown>[]
  text(): string
  flush(): Promise<void>
  mountForm(): Promise<void>
  click(el: Element | null): Promise<void>
  /** Dispatches a DOM event on an element inside act() (pointer/touch holds, platform events). */
  dispatch(el: Element | null, event: Event): Promise<void>
  /** Runs something that changes page state from outside React (a platform callback) inside act(). */
  inAct(fn: () => void): Promise<void>
  rowWithText(label: string): Element | null
  typeText(value: string): Promise<void>
  textValue(): string
  chooseGrid(): Promise<void>
  submitButton(): Element | null
}

/** Registers beforeEach/afterEach in the calling describe() and returns the helpers. */
export function useReportForm(): ReportFormHarness {
  let submitReply: () => Promise<unknown>
  const page = usePageHarness({
    'config.county': () => county,
    'cases.submit': () => submitReply(),
  })
  const { flush, rowWithText } = page

  beforeEach(() => {
    Taro.clearStorageSync()
    submitReply = async () => ({ caseId: 'c-new', no: '20260302-ABCDEF', created: true })
  })

  const h: ReportFormHarness = {
    get testUtils() {
      return page.testUtils
    },
    setSubmitReply(reply) {
      submitReply = reply
    },
    submits: () => page.sent('cases', 'submit'),
    text: () => document.body.textContent ?? '',
    flush,
    async mountForm() {
      // config.county answers right after mounting: let that land inside act too.
      await page.mount(Report)
      // The place picker (open, or folded on a chosen grid) appears once config.county has answered.
      await page.testUtils.queries.waitForQuerySelector('.report__place .option-picker, #report-grid')
      // Taro's textarea element renders its native <textarea> a moment after mounting.
      await page.testUtils.queries.waitForQuerySelector('#report-text textarea')
      await flush()
    },
    async click(el) {
      expect(el).toBeTruthy()
      await page.testUtils.act(() => {
        page.testUtils.fireEvent.click(el as Element)
      })
      await flush()
    },
    async dispatch(el, event) {
      expect(el).toBeTruthy()
      await page.testUtils.act(() => {
        ;(el as Element).dispatchEvent(event)
      })
      await flush()
    },
    async inAct(fn) {
      await page.testUtils.act(() => {
        fn()
      })
      await flush()
    },
    rowWithText,
    async typeText(value) {
      const textarea = document.querySelector('#report-text textarea') as HTMLTextAreaElement
      expect(textarea).toBeTruthy()
      await page.testUtils.act(() => {
        textarea.value = value
        page.testUtils.fireEvent.input(textarea)
      })
      await flush()
    },
    textValue: () => (document.querySelector('#report-text textarea') as HTMLTextAreaElement).value,
    async chooseGrid() {
      await h.click(h.rowWithText(township.name))
      await h.click(h.rowWithText(grid.name))
    },
    submitButton: () => document.querySelector('#report-submit'),
  }
  return h
}
