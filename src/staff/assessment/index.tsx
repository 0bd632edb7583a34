import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { AssessmentRow, AssessmentView, ExportResult } from '../../../domain/api/evaluation'
import { periodContaining, shiftPeriod, type Component, type PeriodKind, type Tally } from '../../../domain/assessment'
import { DIMENSION_LABELS, EVALUATION_DIMENSIONS } from '../../../domain/evaluation'
import { InfoRow } from '../../components/InfoRow'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { routes } from '../../routes'
import { callFunction } from '../../services/cloud'
import { errorMessage, toast, toastError } from '../../utils/feedback'
import './index.scss'

const KINDS: { kind: PeriodKind; label: string }[] = [
  { kind: 'month', label: '按月' },
  { kind: 'quarter', label: '按季度' },
  { kind: 'year', label: '按年' },
]

/** One line of the breakdown and what is behind it: whistles, or cases for resident ratings. */
interface Line {
  key: string
  label: string
  value: string
  ids: string[]
  cases?: boolean
}

const points = (c: Component) => (c.value === null ? '无数据' : `${c.value} 分（${c.count} 项）`)
const times = (t: Tally) => `${t.count} 次`

function linesOf(r: AssessmentRow): Line[] {
  return [
    { key: 'whistles', label: '派单', value: `${r.whistles.count} 件`, ids: r.whistles.ids },
    { key: 'township', label: '乡镇评价', value: points(r.township), ids: r.township.ids },
    ...EVALUATION_DIMENSIONS.map((d) => ({ key: d, label: `　${DIMENSION_LABELS[d]}`, value: points(r.dimensions[d]), ids: r.dimensions[d].ids })),
    { key: 'coHandler', label: '协办配合', value: points(r.coHandler), ids: r.coHandler.ids },
    { key: 'thirdParty', label: '第三方评价', value: points(r.thirdParty), ids: r.thirdParty.ids },
    { key: 'resident', label: '群众评价', value: points(r.resident), ids: r.resident.ids, cases: true },
    { key: 'timeliness', label: '按时率', value: points(r.timeliness), ids: r.timeliness.ids },
    { key: 'checkInLate', label: '报到超时', value: times(r.checkInLate), ids: r.checkInLate.ids },
    { key: 'completionLate', label: '办结超时', value: times(r.completionLate), ids: r.completionLate.ids },
    { key: 'supervisions', label: '督办', value: times(r.supervisions), ids: r.supervisions.ids },
    { key: 'returns', label: '退单', value: times(r.returns), ids: r.returns.ids },
    { key: 'extensions', label: '延期', value: times(r.extensions), ids: r.extensions.ids },
  ]
}

/** Opens an exported workbook: H5 downloads it, the mini-program opens it with the document viewer. */
async function openExport(file: ExportResult): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    window.open(file.url, '_blank')
    return
  }
  const { tempFilePath } = await Taro.downloadFile({ url: file.url })
  await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true })
}

/**
 * Departments' composite assessment for the 吹哨办 and leaders (M-23, M-25): ranking for a month, quarter
 * or year; a department's breakdown; the whistles (or cases) behind every number; late check-ins per
 * person; XLSX exports with the same numbers.
 */
export default function AssessmentPage() {
  const [period, setPeriod] = useState(() => periodContaining(new Date(), 'month'))
  const [view, setView] = useState<AssessmentView | null>(null)
  const [errorText, setErrorText] = useState('')
  const [dept, setDept] = useState<string | null>(null)
  const [line, setLine] = useState<string | null>(null)
  const [exporting, setExporting] = useState<'assessment' | 'cases' | null>(null)

  const load = useCallback(() => {
    setView(null)
    setErrorText('')
    callFunction('evaluation', 'assessment', { period: period.key })
      .then(setView)
      .catch((err) => setErrorText(errorMessage(err)))
  }, [period.key])
  useEffect(load, [load])

  const exportFile = async (what: 'assessment' | 'cases') => {
    setExporting(what)
    try {
      const file = await callFunction('evaluation', what === 'assessment' ? 'exportAssessment' : 'exportCases', { period: period.key })
      toast(`已生成 ${file.fileName}（${file.rows} 行）`)
      await openExport(file)
    } catch (err) {
      toastError(err)
    } finally {
      setExporting(null)
    }
  }

  const selected = view?.rows.find((r) => r.dept === dept) ?? null
  const drill = selected ? linesOf(selected).find((l) => l.key === line) : undefined

  return (
    <PageShell title='部门综合考核' subtitle={`${period.label} · 乡镇评价、协办配合、第三方、群众评价、按时报到办结，扣除督办、退单、延期`}>
      <View className='card assessment__period' id='assessment-period'>
        <View className='assessment__buttons'>
          {KINDS.map((k) => (
            <Button key={k.kind} id={`assessment-kind-${k.kind}`} size='large' type={period.kind === k.kind ? 'primary' : 'default'} onClick={() => setPeriod(periodContaining(new Date(), k.kind))}>
              {k.label}
            </Button>
          ))}
        </View>
        <View className='assessment__buttons'>
          <Button id='assessment-prev' size='large' onClick={() => setPeriod(shiftPeriod(period, -1))}>
            ‹ 上一期
          </Button>
          <Text className='assessment__period-label'>{period.label}</Text>
          <Button id='assessment-next' size='large' onClick={() => setPeriod(shiftPeriod(period, 1))}>
            下一期 ›
          </Button>
        </View>
      </View>

      <Text className='section-title'>排名</Text>
      <View id='assessment-ranking'>
        <ListState
          status={view ? (view.rows.some((r) => r.whistles.count) ? 'ready' : 'empty') : errorText ? 'error' : 'loading'}
          errorText={errorText}
          onRetry={load}
          emptyText='本期没有派单，暂无考核数据'
        >
          {view?.rows.map((r) => (
            <View
              key={r.dept}
              id={`assessment-row-${r.dept}`}
              className={`card assessment__row${r.dept === dept ? ' assessment__row--active' : ''}`}
              onClick={() => {
                setDept(r.dept === dept ? null : r.dept)
                setLine(null)
              }}
            >
              <Text className='assessment__rank'>{r.rank ?? '—'}</Text>
              <Text className='assessment__dept'>{r.deptName}</Text>
              <Text className='assessment__score'>{r.score === null ? '无数据' : `${r.score} 分`}</Text>
            </View>
          ))}
        </ListState>
      </View>

      {selected ? (
        <>
          <Text className='section-title'>{selected.deptName} 得分构成</Text>
          <View className='card' id='assessment-breakdown'>
            <InfoRow label='综合得分' value={selected.score === null ? '无数据' : `${selected.score} 分`} />
            <InfoRow label='加权分' value={selected.base === null ? '无数据' : `${selected.base} 分`} />
            <InfoRow label='扣分' value={`${selected.deduction} 分`} />
            {linesOf(selected).map((l) => (
              <View key={l.key} id={`assessment-line-${l.key}`} className='assessment__line' onClick={() => setLine(l.key === line ? null : l.key)}>
                <InfoRow label={l.label} value={l.ids.length ? `${l.value} ›` : l.value} />
              </View>
            ))}
          </View>
          {drill ? (
            <>
              <Text className='section-title'>
                {drill.label.trim()}：{drill.cases ? '相关诉求' : '相关哨单'}
              </Text>
              <View id='assessment-drill'>
                <ListState status={drill.ids.length ? 'ready' : 'empty'} emptyText='没有相关记录'>
                  {drill.ids.map((id) => {
                    const w = view?.whistles[id]
                    return (
                      <View
                        key={id}
                        className='card assessment__item'
                        onClick={() => void Taro.navigateTo({ url: drill.cases ? routes.staffCase(id) : routes.staffWhistle(id) })}
                      >
                        <Text className='assessment__dept'>{drill.cases ? `诉求 ${id}` : (w?.no ?? id)}</Text>
                        {w && !drill.cases ? <Text className='hint'>{`${w.townshipName} · ${w.title}`}</Text> : null}
                      </View>
                    )
                  })}
                </ListState>
              </View>
            </>
          ) : null}
        </>
      ) : null}

      <Text className='section-title'>报到超时到人（M-25）</Text>
      <View id='assessment-late'>
        <ListState status={view ? (view.lateCheckIns.length ? 'ready' : 'empty') : errorText ? 'error' : 'loading'} errorText={errorText} onRetry={load} emptyText='本期没有报到超时'>
          {view?.lateCheckIns.map((p) => (
            <View key={`${p.dept}-${p.handler}`} className='card assessment__item'>
              <Text className='assessment__dept'>
                {p.deptName} · {p.handler}
              </Text>
              <Text className='hint'>
                超时 {p.count} 次：{p.whistleIds.map((id) => view.whistles[id]?.no ?? id).join('、')}
              </Text>
            </View>
          ))}
        </ListState>
      </View>

      <View className='assessment__exports'>
        <Button id='assessment-export' type='primary' size='large' block loading={exporting === 'assessment'} disabled={!!exporting} onClick={() => void exportFile('assessment')}>
          导出考核表（Excel）
        </Button>
        <Button id='assessment-export-cases' type='default' size='large' block loading={exporting === 'cases'} disabled={!!exporting} onClick={() => void exportFile('cases')}>
          导出本期诉求清单（Excel）
        </Button>
      </View>
    </PageShell>
  )
}
