// Duplicate reports on the staff case page (src/staff/case/DuplicatePanel, M-6): suggestions with 并入此事项
// only where the server allows it, related fixed cases as information, and the merged-into notice.
// Only callFunction from src/services/cloud is replaced.
import Taro from '@tarojs/taro'
import type { CaseDetail } from '../../domain/api/views'
import type { DuplicateSuggestion } from '../../domain/api/dedup-views'
import { DuplicatePanel } from '../../src/staff/case/DuplicatePanel'
import { usePageHarness } from './pageHarness'

const suggestion = (id: string, over: Partial<DuplicateSuggestion>): DuplicateSuggestion => ({
  id,
  no: id.toUpperCase(),
  text: '6栋楼下垃圾堆了好几天',
  stateLabel: '待网格认领',
  placeLabel: '富民社区第六网格',
  createdAt: '2026-11-20T02:00:00.000Z',
  score: 0.7,
  kind: 'suggest',
  distance: 40,
  canMergeInto: true,
  ...over,
})

function detail(over: Partial<CaseDetail> = {}, mergedInto: string | null = null): CaseDetail {
  return {
    case: { id: 'c-new', version: 3, mergedInto } as CaseDetail['case'],
    timeline: [],
    actions: [],
    duplicates: [suggestion('c-open', {}), suggestion('c-fixed', { kind: 'recurrence', canMergeInto: false, stateLabel: '已结案' })],
    mergedReports: [],
    ...over,
  }
}

describe('DuplicatePanel', () => {
  const h = usePageHarness({ 'cases.act': () => ({}) })
  const { $ } = h
  let redirects: string[]

  beforeEach(() => {
    redirects = []
    jest.spyOn(Taro, 'redirectTo').mockImplementation((async (opts: { url: string }) => {
      redirects.push(opts.url)
    }) as never)
  })

  const mount = (d: CaseDetail) => h.mount(DuplicatePanel, { detail: d })

  it('offers 并入 only for an open likely duplicate; a fixed case is shown as related', async () => {
    await mount(detail())
    expect($('#case-duplicate-c-open')?.textContent).toContain('可能是同一问题')
    expect($('#case-duplicate-c-open')?.textContent).toContain('相距约 40 米')
    expect($('#case-merge-c-open')).toBeTruthy()
    expect($('#case-duplicate-c-fixed')?.textContent).toContain('此前同一地点已办结')
    expect($('#case-merge-c-fixed')).toBeNull()

    await h.click('#case-merge-c-open', { settle: 0 })
    expect(h.calls).toEqual([['cases', 'act', { caseId: 'c-new', action: 'merge', expectedVersion: 3, input: { into: 'c-open' } }]])
    expect(redirects).toEqual(['/staff/case/index?id=c-open'])
  })

  it('a merged report points to the case it joined; nothing to show renders nothing', async () => {
    await mount(detail({ duplicates: [] }, 'c-primary'))
    expect($('#case-merged-into')?.textContent).toContain('已并入另一件事项')
    expect($('#case-duplicates')).toBeNull()
  })
})
