// 吹哨办 workbench: import 12345 hotline hand-overs and 人民建议征集 suggestions (M-4 一口受理).
// Choose a file → check the column mapping and the rows → send in chunks with a progress bar →
// download the bad rows with their reasons. Re-importing the same file creates nothing twice.
import { useMemo, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { Button, Progress } from '@nutui/nutui-react-taro'
import { FIELD_LABELS, IMPORT_FIELDS, guessMapping, locate, missingFields, prepareImport, type ImportChannel, type ImportField } from '../../../domain/intake/import'
import { errorReportCsv } from '../../../domain/intake/parse'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { useCountyInfo } from '../../hooks/useCountyInfo'
import { callFunction } from '../../services/cloud'
import { errorMessage, toast } from '../../utils/feedback'
import { randomToken } from '../../utils/format'
import { CHANNEL_CHOICES, sendInChunks, type ImportProgress } from './importFlow'
import { pickTable, saveErrorReport, type PickedFile } from './pickFile'
import './index.scss'

const LEVEL_WORDS = { grid: '网格', community: '社区（村）', township: '街道（乡镇）' } as const
const FIELD_CHOICES: (ImportField | null)[] = [null, ...IMPORT_FIELDS]
const choiceLabel = (f: ImportField | null) => (f ? FIELD_LABELS[f] : '不导入')

export default function Imports() {
  const { county, error: countyError, reload } = useCountyInfo()
  const [channel, setChannel] = useState<ImportChannel>('hotline_12345')
  const [file, setFile] = useState<PickedFile | null>(null)
  const [override, setOverride] = useState<Record<string, ImportField | null>>({})
  const [picking, setPicking] = useState(false)
  const [progress, setProgress] = useState<ImportProgress | null>(null)
  const [running, setRunning] = useState(false)

  const mapping = useMemo(() => (file ? guessMapping(file.table.headers, override) : {}), [file, override])
  const missing = file ? missingFields(mapping) : []
  const prepared = useMemo(() => (file && county && !missing.length ? prepareImport(file.table.records, mapping, county, file.table.firstRow) : null), [file, county, mapping, missing.length])
  const allErrors = [...(prepared?.errors ?? []), ...(progress?.errors ?? [])].sort((a, b) => a.row - b.row)

  const choose = async () => {
    setPicking(true)
    try {
      const picked = await pickTable()
      if (picked) {
        setFile(picked)
        setOverride({})
        setProgress(null)
      }
    } catch (err) {
      toast(err instanceof Error && !('code' in err) ? err.message : errorMessage(err))
    } finally {
      setPicking(false)
    }
  }

  const start = async () => {
    if (!file || !prepared?.rows.length) return
    setRunning(true)
    const meta = { channel, batchId: `web-${randomToken(20)}`, fileName: file.name.slice(0, 200) }
    const done = await sendInChunks(prepared.rows, meta, (payload) => callFunction('intake', 'importBatch', payload), setProgress)
    setRunning(false)
    toast(done.stopped ? `已暂停：${done.stopped}` : `导入完成：新增${done.created}件，已存在${done.existing}件`)
  }

  const download = () => {
    saveErrorReport(errorReportCsv(allErrors), `${(file?.name ?? '导入').replace(/\.[^.]+$/, '')}-错误行.csv`).catch(() => toast('没有导出成功，请重试'))
  }

  if (!county) {
    return (
      <PageShell title='导入工单'>
        <ListState status={countyError ? 'error' : 'loading'} errorText={countyError} onRetry={() => void reload()} />
      </PageShell>
    )
  }

  const percent = progress && progress.total ? Math.round((progress.sent / progress.total) * 100) : 0

  return (
    <PageShell title='导入工单' subtitle='12345热线、人民建议征集转来的工单，一次导入，统一受理'>
      <Text className='section-title'>来源渠道</Text>
      <View className='card imports__channels'>
        {CHANNEL_CHOICES.map((c) => (
          <Button key={c.value} id={`imports-channel-${c.value}`} size='large' type={channel === c.value ? 'primary' : 'default'} disabled={running} onClick={() => setChannel(c.value)}>
            {c.label}
          </Button>
        ))}
      </View>

      <View className='imports__pick'>
        <Button id='imports-choose' size='xlarge' type='primary' block loading={picking} disabled={picking || running} onClick={() => void choose()}>
          {file ? `重新选择文件（当前：${file.name}）` : '选择文件（CSV / Excel / JSON）'}
        </Button>
        <Text className='hint'>第一行为列名，例如：工单编号、来电时间、来电内容、所属街道、地址、联系电话</Text>
      </View>

      {file ? (
        <>
          <Text className='section-title'>列对应（共 {file.table.records.length} 行）</Text>
          <View id='imports-mapping' className='card'>
            {file.table.headers.map((h) => {
              const field = mapping[h] ?? null
              return (
                <Picker
                  key={h}
                  mode='selector'
                  range={FIELD_CHOICES.map(choiceLabel)}
                  value={FIELD_CHOICES.indexOf(field)}
                  onChange={(e) => setOverride((o) => ({ ...o, [h]: FIELD_CHOICES[Number(e.detail.value)] }))}
                >
                  <View className='imports__map-row' role='button'>
                    <Text className='imports__header'>{h}</Text>
                    <Text className={field ? 'imports__field' : 'imports__field imports__field--off'}>→ {choiceLabel(field)}</Text>
                  </View>
                </Picker>
              )
            })}
            {missing.length ? (
              <Text id='imports-missing' className='imports__warn'>
                还缺：{missing.map((f) => FIELD_LABELS[f]).join('、')}。点上面的列名，选择对应的内容。
              </Text>
            ) : null}
          </View>
        </>
      ) : null}

      {prepared ? (
        <>
          <Text className='section-title'>检查结果</Text>
          <View id='imports-check' className='card'>
            <Text className='imports__count'>
              可导入 {prepared.rows.length} 行{prepared.errors.length ? `，有问题 ${prepared.errors.length} 行（不会导入）` : ''}
            </Text>
            {prepared.rows.slice(0, 3).map((r) => {
              const where = locate(county, r)
              return (
                <View key={r.row} className='imports__preview'>
                  <Text className='imports__preview-id'>
                    第{r.row}行 · {r.sourceId}
                  </Text>
                  <Text className='imports__preview-text'>{r.text}</Text>
                  {'level' in where ? <Text className='hint'>交给：{LEVEL_WORDS[where.level]}</Text> : null}
                </View>
              )
            })}
          </View>

          <View className='imports__pick'>
            <Button id='imports-start' size='xlarge' type='primary' block loading={running} disabled={running || !prepared.rows.length} onClick={() => void start()}>
              {progress && !progress.stopped && progress.sent === progress.total ? '再导入一次（不会重复）' : `开始导入 ${prepared.rows.length} 行`}
            </Button>
          </View>
        </>
      ) : null}

      {progress ? (
        <View id='imports-progress' className='card'>
          <Progress percent={percent} showText />
          <Text className='imports__count'>
            已处理 {progress.sent}/{progress.total} 行：新增 {progress.created}，已存在 {progress.existing}，失败 {progress.errors.length}
          </Text>
          {progress.stopped ? <Text className='imports__warn'>导入暂停：{progress.stopped}。再点“开始导入”即可继续，已导入的不会重复。</Text> : null}
        </View>
      ) : null}

      {allErrors.length ? (
        <>
          <Text className='section-title'>有问题的行</Text>
          <View id='imports-errors' className='card'>
            {allErrors.slice(0, 20).map((e) => (
              <Text key={`${e.row}-${e.code}`} className='imports__error'>
                第{e.row}行{e.sourceId ? `（${e.sourceId}）` : ''}：{e.message}
              </Text>
            ))}
            {allErrors.length > 20 ? <Text className='hint'>……共 {allErrors.length} 行，完整清单请下载</Text> : null}
            <Button id='imports-download' size='large' type='default' block onClick={download}>
              下载错误清单（CSV）
            </Button>
          </View>
        </>
      ) : null}
    </PageShell>
  )
}
