// The whistle page's actions through the shared action form (src/components/ActionForm): what each
// form refuses before a round trip, and what whistles.act is sent. Only the transport boundary is
// replaced: callFunction from src/services/cloud (our own typed client).
import type { RouteView, WhistleDetail, WhistleView } from '../../domain/api/whistle-views'
import { WhistleDetailView } from '../../src/staff/whistle/WhistleDetail'
import { usePageHarness } from './pageHarness'

const actor = { role: 'township' as const, unit: 'dy', label: '大垸乡 · 乡镇(街道)党建办' }

function whistleView(patch: Partial<WhistleView>): WhistleView {
  return {
    id: 'w-1',
    no: 'W20260302-ABCDEF',
    kind: 'normal',
    kindLabel: '平哨',
    state: 'proposed',
    stateLabel: '已提出',
    title: '村民屋后土地权属争议',
    matterType: 'land_ownership_dispute',
    matterTypeName: '土地权属纠纷',
    township: 'dy',
    townshipName: '大垸乡',
    caseCount: 1,
    createdAt: '2026-03-02T02:00:00.000Z',
    deadline: null,
    supervised: false,
    missCount: 0,
    version: 3,
    county: 'c',
    description: '两户村民对屋后一块地的归属争执不下，村里调解无果',
    caseIds: ['c-1'],
    stationedTried: null,
    steps: { propose: { by: actor, at: '2026-03-02T02:00:00.000Z', comment: '需部门协同' } },
    routing: { lead: 'zrzy', co: ['nync', 'mz'], rule: 'M-16', corrected: false, leadName: '自然资源局', coNames: ['农业农村局', '民政局'] },
    rejection: null,
    registeredAt: null,
    assignments: [],
    requests: [],
    meetings: [],
    progress: [],
    supervision: [],
    misses: [],
    result: null,
    completionDue: null,
    ...patch,
  }
}

const route: RouteView = {
  handler: 'whistle',
  list: 'cooperative',
  listLabel: '配合履职事项',
  lead: 'zrzy',
  leadName: '自然资源局',
  co: ['nync', 'mz'],
  coNames: ['农业农村局', '民政局'],
  stationedAgency: null,
  urgentEligible: false,
  rule: 'M-3',
  reason: '配合履职事项，可以吹哨',
  boundary: { ok: true },
}

function detail(w: Partial<WhistleView>, actions: WhistleDetail['actions']): WhistleDetail {
  return { whistle: whistleView(w), timeline: [], actions, route, cases: [] }
}

describe('whistle actions (staff/whistle, shared ActionForm)', () => {
  let current: WhistleDetail
  const h = usePageHarness({
    'whistles.get': () => current,
    'whistles.act': () => {
      current = detail({ state: 'rejected', stateLabel: '审核未通过', version: current.whistle.version + 1 }, [])
      return current
    },
  })
  const { $, flush, click, text } = h
  const acts = () => h.sent('whistles', 'act')
  const typeInto = (key: string, value: string) => h.type(`#whistle-action-${key}`, value)

  async function mountWhistle() {
    await h.mount(WhistleDetailView, { whistleId: 'w-1' })
    await h.testUtils.queries.waitForQuerySelector('#whistle-title')
    await flush()
  }

  const pressed = (selector: string) => $(selector)?.getAttribute('aria-checked') === 'true'

  it('shows the whistle, the four steps and the duty-list answer', async () => {
    current = detail({}, [{ action: 'review', label: '审核把关' }])
    await mountWhistle()
    expect(text()).toContain('村民屋后土地权属争议')
    expect(text()).toContain('平哨')
    expect(text()).toContain('需部门协同')
    expect($('#whistle-route')?.textContent).toContain('符合吹哨条件')
    expect($('#whistle-route')?.textContent).toContain('自然资源局')
    expect($('#whistle-action-review')).toBeTruthy()
  })

  it('review: a rejection needs a reason before anything is sent', async () => {
    current = detail({}, [{ action: 'review', label: '审核把关' }])
    await mountWhistle()
    await click('#whistle-action-review')

    await click('#whistle-action-submit')
    expect(text()).toContain('请选择审核意见')
    expect($('#whistle-action-reason')).toBeNull()

    await click('#whistle-action-decision-reject')
    expect(pressed('#whistle-action-decision-reject')).toBe(true)
    await click('#whistle-action-submit')
    expect(text()).toContain('请填写不通过的理由')
    expect(acts()).toHaveLength(0)

    await typeInto('reason', '  属于乡镇自身职责，不符合吹哨条件  ')
    await click('#whistle-action-submit')
    expect(acts()).toEqual([
      { whistleId: 'w-1', action: 'review', expectedVersion: 3, input: { decision: 'reject', reason: '属于乡镇自身职责，不符合吹哨条件' } },
    ])
    // The reply replaces the page: no action is offered any more, the form is gone.
    expect($('#whistle-action-submit')).toBeNull()
    expect(text()).toContain('审核未通过')
  })

  it('dispatch: lead and co-handlers start from the duty list and are sent as edited', async () => {
    current = detail({ state: 'submitted', stateLabel: '待派单' }, [
      { action: 'dispatch', label: '派单' },
      { action: 'record_meeting', label: '会商' },
    ])
    await mountWhistle()
    await click('#whistle-action-dispatch')

    // Pre-filled from the route: 自然资源局 leads, 农业农村局 and 民政局 co-handle.
    expect(pressed('#whistle-action-lead-zrzy')).toBe(true)
    expect(pressed('#whistle-action-co-nync')).toBe(true)
    expect(pressed('#whistle-action-co-mz')).toBe(true)

    // 农业农村局 as lead while still a co-handler is refused on the spot.
    await click('#whistle-action-lead-nync')
    await click('#whistle-action-submit')
    expect(text()).toContain('主办单位不能同时是协办单位')
    expect(acts()).toHaveLength(0)

    await click('#whistle-action-co-nync')
    await click('#whistle-action-co-zrzy')
    await typeInto('comment', '由农业农村局牵头')
    await click('#whistle-action-submit')
    expect(acts()).toEqual([
      { whistleId: 'w-1', action: 'dispatch', expectedVersion: 3, input: { lead: 'nync', co: ['mz', 'zrzy'], comment: '由农业农村局牵头' } },
    ])
  })

  it('check-in: the time on site starts at now and is sent as China Standard Time', async () => {
    current = detail({ state: 'dispatched', stateLabel: '已派单待报到' }, [{ action: 'check_in', label: '报到' }])
    await mountWhistle()
    await click('#whistle-action-check_in')
    const onSite = (await h.testUtils.queries.waitForQuerySelector('#whistle-action-onSiteAt textarea')) as HTMLTextAreaElement
    expect(onSite.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)

    await typeInto('handler', '张科长')
    await typeInto('onSiteAt', '2026-03-02 25:00')
    await click('#whistle-action-submit')
    expect(text()).toContain('到达现场时间请按 2026-03-02 09:30 的格式填写')
    expect(acts()).toHaveLength(0)

    await typeInto('onSiteAt', '2026-03-02 9:30')
    await click('#whistle-action-submit')
    expect(acts()).toEqual([
      { whistleId: 'w-1', action: 'check_in', expectedVersion: 3, input: { handler: '张科长', onSiteAt: '2026-03-02T09:30:00+08:00' } },
    ])
  })
})
