// The import page's work apart from the screen: reading the picked file into a table, and sending the
// validated rows in chunks with progress, collecting every row's outcome for the error report.
import type { ImportBatchResult } from '../../../domain/api/intake'
import { IMPORT_CHUNK, chunk, type ImportChannel, type ImportRow, type RowError } from '../../../domain/intake/import'

export interface ImportProgress {
  sent: number
  total: number
  created: number
  existing: number
  errors: RowError[]
  /** Set when a whole chunk failed (network, permission): the rest was not sent. */
  stopped?: string
}

export type SendChunk = (payload: { channel: ImportChannel; batchId: string; fileName: string; rows: ImportRow[] }) => Promise<ImportBatchResult>

/**
 * Sends `rows` IMPORT_CHUNK at a time and reports progress after each chunk. Re-sending is safe
 * (the function is idempotent per source id), so a stopped import is simply started again.
 */
export async function sendInChunks(
  rows: ImportRow[],
  meta: { channel: ImportChannel; batchId: string; fileName: string },
  send: SendChunk,
  onProgress: (p: ImportProgress) => void,
  size = IMPORT_CHUNK,
): Promise<ImportProgress> {
  const progress: ImportProgress = { sent: 0, total: rows.length, created: 0, existing: 0, errors: [] }
  onProgress({ ...progress })
  for (const part of chunk(rows, size)) {
    let res: ImportBatchResult
    try {
      res = await send({ ...meta, rows: part })
    } catch (err) {
      progress.stopped = err instanceof Error ? err.message : '网络不稳定，导入已暂停'
      onProgress({ ...progress, errors: [...progress.errors] })
      return progress
    }
    progress.sent += part.length
    progress.created += res.created
    progress.existing += res.existing
    for (const r of res.results) if (!r.ok) progress.errors.push({ row: r.row, ...(r.sourceId ? { sourceId: r.sourceId } : {}), code: r.code, message: r.message })
    onProgress({ ...progress, errors: [...progress.errors] })
  }
  return progress
}

export const CHANNEL_CHOICES: { value: ImportChannel; label: string }[] = [
  { value: 'hotline_12345', label: '12345热线' },
  { value: 'suggestion', label: '人民建议征集' },
  { value: 'online_message', label: '网上留言' },
]
