// Choosing and reading a hand-over file on either platform. CSV and JSON are read and parsed here;
// .xlsx is uploaded to storage and parsed by the intake function (exceljs is ~1 MB minified — too heavy
// for a mini-program subpackage, see README「导入」).
import Taro from '@tarojs/taro'
import { fileKind, parseText, type ParsedTable } from '../../../domain/intake/parse'
import { callFunction, uploadFile } from '../../services/cloud'
import { randomToken, yearMonth } from '../../utils/format'

export interface PickedFile {
  name: string
  table: ParsedTable
}

interface RawPick {
  name: string
  /** Local path for an upload (weapp temp path; H5 blob URL). */
  path: string
  text: () => Promise<string>
}

function pickH5(): Promise<RawPick | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.csv,.json,.jsonl,.xlsx'
    input.onchange = () => {
      const file = input.files?.[0]
      resolve(file ? { name: file.name, path: URL.createObjectURL(file), text: () => file.text() } : null)
    }
    input.click()
  })
}

async function pickWeapp(): Promise<RawPick | null> {
  // Files come from a WeChat chat (the hand-over is usually sent to the office as a file message).
  const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'json', 'jsonl', 'xlsx'] })
  const file = res.tempFiles[0]
  if (!file) return null
  const fs = Taro.getFileSystemManager()
  return {
    name: file.name,
    path: file.path,
    text: () =>
      new Promise((resolve, reject) => fs.readFile({ filePath: file.path, encoding: 'utf8', success: (r) => resolve(r.data as string), fail: reject })),
  }
}

/** null when the user cancelled; throws with a Chinese message for an unusable file. */
export async function pickTable(): Promise<PickedFile | null> {
  let raw: RawPick | null
  try {
    raw = process.env.TARO_ENV === 'h5' ? await pickH5() : await pickWeapp()
  } catch (err) {
    if (/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) return null
    throw new Error('没有选到文件，请重试')
  }
  if (!raw) return null
  const kind = fileKind(raw.name)
  if (!kind) throw new Error('请选择 .csv、.json 或 .xlsx 文件')
  if (kind !== 'xlsx') return { name: raw.name, table: parseText(kind, await raw.text()) }
  const fileID = await uploadFile(raw.path, `imports/${yearMonth()}/${randomToken(20)}.xlsx`)
  return { name: raw.name, table: await callFunction('intake', 'parseFile', { fileID, fileName: raw.name }) }
}

/** The error report as a file: H5 downloads it; the mini-program shares it to a chat (or copies it). */
export async function saveErrorReport(csv: string, fileName: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return
  }
  const path = `${Taro.env.USER_DATA_PATH}/${fileName}`
  Taro.getFileSystemManager().writeFileSync(path, csv, 'utf8')
  const share = (Taro as unknown as { shareFileMessage?: (o: { filePath: string; fileName: string }) => Promise<unknown> }).shareFileMessage
  if (share) await share({ filePath: path, fileName })
  else await Taro.setClipboardData({ data: csv })
}
