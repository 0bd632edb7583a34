// The township's evaluation form on the whistle page (M-19) and the lead's co-handler score (M-20): what the
// form refuses before a round trip and what evaluation.evaluate / scoreCoHandler are sent. Only the transport
// boundary is replaced: callFunction from src/services/cloud (our own typed client).
import type { WhistleEvaluations } from '../../domain/api/evaluation'
import { EvaluationPanel } from '../../src/staff/whistle/EvaluationForm'
import { usePageHarness } from './pageHarness'

const done: WhistleEvaluations = {
  pending: [],
  evaluations: [
    {
      id: 'township_w-1_zrzy',
      kind: 'township',
      kindLabel: '乡镇（街道）评价',
      whistleId: 'w-1',
      dept: 'zrzy',
      deptName: '自然资源局',
      roleLabel: '主办单位',
      grades: [
        { dimension: 'checkIn', label: '报到效率', grade: '非常满意' },
        { dimension: 'handling', label: '事项办理', grade: '满意' },
        { dimension: 'satisfaction', label: '群众满意度', grade: '满意' },
        { dimension: 'duty', label: '履职尽责', grade: '基本满意' },
      ],
      cooperation: null,
      comment: '报到及时',
      evaluator: null,
      at: '2026-03-20T02:00:00.000Z',
      byLabel: '大垸乡 · 乡镇(街道)党建办',
    },
  ],
}

describe('evaluations on the whistle page', () => {
  let current: WhistleEvaluations
  const h = usePageHarness({
    'evaluation.forWhistle': () => current,
    'evaluation.evaluate': () => done,
    'evaluation.scoreCoHandler': () => done,
  })
  const { $, flush, click } = h
  const sent = (action: string) => h.sent('evaluation', action)

  async function mount() {
    await h.mount(EvaluationPanel, { whistleId: 'w-1', version: 5 })
    await h.testUtils.queries.waitForQuerySelector('#whistle-evaluations')
    await flush()
  }

  it('the township rates all four dimensions before anything is sent (M-19)', async () => {
    current = { evaluations: [], pending: [{ kind: 'township', kindLabel: '乡镇（街道）评价', dept: 'zrzy', deptName: '自然资源局' }] }
    await mount()
    await click('#evaluation-township-zrzy-open')
    await click('#evaluation-township-zrzy-checkIn-非常满意')
    await click('#evaluation-township-zrzy-handling-满意')
    await click('#evaluation-township-zrzy-submit')
    expect($('#evaluation-township-zrzy')?.textContent).toContain('请选择「群众满意度」的评价')
    expect(sent('evaluate')).toEqual([])

    await click('#evaluation-township-zrzy-satisfaction-满意')
    await click('#evaluation-township-zrzy-duty-基本满意')
    await click('#evaluation-township-zrzy-submit')
    expect(sent('evaluate')).toEqual([
      { whistleId: 'w-1', dept: 'zrzy', comment: undefined, grades: { checkIn: '非常满意', handling: '满意', satisfaction: '满意', duty: '基本满意' } },
    ])
    // The reply replaces the form with the recorded evaluation.
    expect($('#evaluation-township-zrzy-open')).toBeNull()
    expect($('#whistle-evaluations')?.textContent).toContain('报到效率 非常满意')
  })

  it('the lead scores a co-handler with one grade (M-20)', async () => {
    current = { evaluations: [], pending: [{ kind: 'co_handler', kindLabel: '主办单位对协办单位评分', dept: 'nync', deptName: '农业农村局' }] }
    await mount()
    await click('#evaluation-co_handler-nync-open')
    await click('#evaluation-co_handler-nync-submit')
    expect($('#evaluation-co_handler-nync')?.textContent).toContain('请选择配合情况的评价')
    await click('#evaluation-co_handler-nync-cooperation-满意')
    await click('#evaluation-co_handler-nync-submit')
    expect(sent('scoreCoHandler')).toEqual([{ whistleId: 'w-1', dept: 'nync', comment: undefined, cooperation: '满意' }])
  })

  it('shows nothing when there is nothing to evaluate or show', async () => {
    current = { evaluations: [], pending: [] }
    await h.mount(EvaluationPanel, { whistleId: 'w-1', version: 1 })
    await flush()
    expect($('#whistle-evaluations')).toBeNull()
    expect(sent('forWhistle')).toEqual([{ whistleId: 'w-1' }])
  })
})
