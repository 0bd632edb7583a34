// The assessment page (M-23, M-25): ranking, a department's breakdown, drill-down to the whistles behind a
// number, late check-ins per person, export. Replaced: callFunction of our typed client and Taro.navigateTo.
import Taro from '@tarojs/taro'
import type { AssessmentRow, AssessmentView } from '../../domain/api/evaluation'
import { assessDepartment, parsePeriod, periodContaining } from '../../domain/assessment'
import { AssessmentConfigSchema } from '../../domain/county'
import AssessmentPage from '../../src/staff/assessment/index'
import { usePageHarness } from './pageHarness'

const config = AssessmentConfigSchema.parse({})
const empty = (dept: string, deptName: string): AssessmentRow => ({ ...assessDepartment(dept, [], [], config), deptName })
const zrzy: AssessmentRow = {
  ...empty('zrzy', '自然资源局'),
  rank: 1,
  score: 88.5,
  base: 90.5,
  deduction: 2,
  whistles: { count: 1, ids: ['w1'] },
  township: { value: 88.75, count: 1, ids: ['w1'] },
  checkInLate: { count: 1, ids: ['w1'] },
  supervisions: { count: 1, ids: ['w1'] },
}

function viewFor(key: string): AssessmentView {
  return {
    period: parsePeriod(key),
    config,
    rows: [zrzy, empty('mz', '民政局')],
    lateCheckIns: [{ dept: 'zrzy', deptName: '自然资源局', handler: '李工', count: 1, whistleIds: ['w1'] }],
    whistles: { w1: { no: 'W20261102-ABC123', title: '屋后土地权属争议', townshipName: '大垸乡' } },
  }
}

describe('assessment page (staff/assessment)', () => {
  const h = usePageHarness({
    'evaluation.assessment': (payload) => viewFor(payload.period as string),
    'evaluation.exportAssessment': () => ({ fileID: 'cloud://x/a.xlsx', url: 'http://127.0.0.1/a.xlsx', fileName: 'a.xlsx', rows: 2 }),
  })
  const { $, click } = h
  let navigateTo: jest.SpyInstance

  beforeEach(() => {
    navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' } as never)
    jest.spyOn(window, 'open').mockImplementation(() => null)
  })

  it('ranks departments, breaks a score down and drills to the whistles behind it', async () => {
    await h.mount(AssessmentPage)
    await h.testUtils.queries.waitForQuerySelector('#assessment-row-zrzy')
    const month = periodContaining(new Date(), 'month').key
    expect(h.calls[0]).toEqual(['evaluation', 'assessment', { period: month }])
    expect($('#assessment-row-zrzy')?.textContent).toContain('88.5 分')
    expect($('#assessment-row-mz')?.textContent).toContain('无数据')
    expect($('#assessment-late')?.textContent).toContain('李工')

    await click('#assessment-row-zrzy')
    expect($('#assessment-breakdown')?.textContent).toContain('88.75 分（1 项）')
    await click('#assessment-line-checkInLate')
    expect($('#assessment-drill')?.textContent).toContain('W20261102-ABC123')
    await click('#assessment-drill .assessment__item')
    expect(navigateTo).toHaveBeenCalledWith({ url: '/staff/whistle/index?id=w1' })

    await click('#assessment-kind-quarter')
    expect(h.calls.at(-1)).toEqual(['evaluation', 'assessment', { period: periodContaining(new Date(), 'quarter').key }])

    await click('#assessment-export')
    expect(h.calls.at(-1)?.[1]).toBe('exportAssessment')
  })
})
