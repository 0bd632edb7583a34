// File formats of hand-over files → header + records (one object per data row). CSV via papaparse,
// JSON (array, {rows: [...]} or JSON lines) natively; XLSX in ./xlsx.ts (exceljs is too heavy for the
// mini-program, so only the function and the CLI load it).
import Papa from 'papaparse';

export interface ParsedTable {
  headers: string[];
  records: Record<string, unknown>[];
  /** Number of the first data row as users see it (2 under a header row; 1 for JSON items). */
  firstRow: number;
}

export type FileKind = 'csv' | 'json' | 'xlsx';

export function fileKind(name: string): FileKind | undefined {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'json' || ext === 'jsonl') return 'json';
  if (ext === 'xlsx') return 'xlsx';
  return undefined;
}

export class FileFormatError extends Error {}

/** CSV with a header row; a UTF-8 BOM (Excel's "CSV UTF-8") is dropped. */
export function parseCsv(text: string): ParsedTable {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    // Empty lines stay as blank records (skipped later) so row numbers match the sheet's.
    skipEmptyLines: false,
    transformHeader: (h) => h.trim(),
  });
  const fatal = result.errors.find((e) => e.type === 'Delimiter' && result.data.length === 0);
  if (fatal) throw new FileFormatError('无法识别表格格式，请使用逗号分隔的 CSV 文件');
  const headers = (result.meta.fields ?? []).filter(Boolean);
  if (!headers.length) throw new FileFormatError('文件第一行应为列名');
  return { headers, records: result.data, firstRow: 2 };
}

/** A JSON array of objects, {rows|items|data: [...]}, or JSON lines. */
export function parseJson(text: string): ParsedTable {
  const body = text.replace(/^\uFEFF/, '').trim();
  let items: unknown;
  try {
    items = JSON.parse(body);
  } catch {
    try {
      items = body.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l));
    } catch {
      throw new FileFormatError('JSON 文件格式不正确');
    }
  }
  if (items && typeof items === 'object' && !Array.isArray(items)) {
    const o = items as Record<string, unknown>;
    items = o.rows ?? o.items ?? o.data;
  }
  if (!Array.isArray(items)) throw new FileFormatError('JSON 文件应为对象数组');
  const records = items.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {}));
  const headers = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return { headers, records, firstRow: 1 };
}

export function parseText(kind: Exclude<FileKind, 'xlsx'>, text: string): ParsedTable {
  return kind === 'csv' ? parseCsv(text) : parseJson(text);
}

/** The downloadable error report: one CSV line per bad row with its reason (UTF-8 BOM so Excel reads Chinese). */
export function errorReportCsv(errors: { row: number; sourceId?: string; code: string; message: string }[]): string {
  return `\uFEFF${Papa.unparse({
    fields: ['行号', '工单编号', '错误代码', '原因'],
    data: errors.map((e) => [e.row, e.sourceId ?? '', e.code, e.message]),
  })}\r\n`;
}
