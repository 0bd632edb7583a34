// The 吹哨办's import page (src/staff/imports): mapping preview from the file's headers, local row checks,
// chunked upload with progress, and the bad rows listed. Only callFunction and the file picker are replaced.
import type { ImportBatchResult } from '../../domain/api/intake'
import { parseCsv } from '../../domain/intake/parse'
import * as picker from '../../src/staff/imports/pickFile'
import ImportsPage from '../../src/staff/imports/index'
import { countyInfo } from './countyInfo'
import { usePageHarness } from './pageHarness'

const good = Array.from({ length: 30 }, (_, i) => `H-${i},2026-11-20 09:30,富民社区${i}号楼下垃圾堆了好几天,浔湖街道,富民社区第六网格`)
const csv = ['工单编号,来电时间,来电内容,所属街道,地址', ...good, 'H-bad,2026-11-20 09:30,短,浔湖街道,', 'H-mars,2026-11-20 09:30,街道写错的一行内容,火星街道,'].join('\n')

describe('import page', () => {
  let batches: { rows: { row: number; sourceId: string }[]; channel: string }[]
  const h = usePageHarness({
    'config.county': () => countyInfo,
    'intake.importBatch': (payload) => {
      const p = payload as unknown as (typeof batches)[number]
      batches.push(p)
      // The server refuses one row of the second chunk: it must show among the errors.
      const results = p.rows.map((r) =>
        r.sourceId === 'H-27' ? { row: r.row, sourceId: r.sourceId, ok: false, code: 'INTERNAL', message: '系统繁忙，该行未导入' } : { row: r.row, sourceId: r.sourceId, ok: true, caseId: `c-${r.sourceId}`, no: 'n', created: true, level: 'grid' },
      )
      const failed = results.filter((r) => !r.ok).length
      return { created: results.length - failed, existing: 0, failed, results } as ImportBatchResult
    },
  })
  const { text, flush: settle } = h
  const click = (selector: string) => h.click(selector, { waitFor: true, settle: 5 })

  beforeEach(() => {
    batches = []
    jest.spyOn(picker, 'pickTable').mockResolvedValue({ name: '12345.csv', table: parseCsv(csv) })
  })

  it('shows the mapping and the check, sends chunks with progress, lists bad rows', async () => {
    await h.mount(ImportsPage)
    await click('#imports-choose')
    const mapping = text('#imports-mapping')
    expect(mapping).toContain('工单编号→ 工单编号')
    expect(mapping).toContain('来电内容→ 诉求内容')
    expect(mapping).toContain('所属街道→ 所属街道（乡镇）')
    expect(text('#imports-check')).toContain('可导入 30 行，有问题 2 行（不会导入）')
    expect(text('#imports-errors')).toContain('第32行（H-bad）：诉求内容至少5个字')

    await click('#imports-start')
    await h.testUtils.queries.waitForQuerySelector('#imports-progress')
    for (let i = 0; i < 10 && !text('#imports-progress').includes('30/30'); i++) await settle()
    expect(batches.map((b) => b.rows.length)).toEqual([25, 5])
    expect(batches.every((b) => b.channel === 'hotline_12345')).toBe(true)
    expect(text('#imports-progress')).toContain('已处理 30/30 行：新增 29，已存在 0，失败 1')
    expect(text('#imports-errors')).toContain('第29行（H-27）：系统繁忙，该行未导入')
    expect(text('#imports-errors')).toContain('第33行（H-mars）：未找到街道（乡镇）“火星街道”')
  })
})
