// XLSX → header + records with exceljs (first worksheet, first row = headers). Used by the intake
// function (files uploaded from the mini-program) and the CLI; not bundled into the mini-program.
import ExcelJS from 'exceljs';
import { FileFormatError, type ParsedTable } from './parse';

function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
    if ('result' in v) return v.result instanceof Date ? v.result : v.result === undefined ? undefined : String(v.result); // formula
    if ('error' in v) return undefined;
  }
  return v;
}

export async function parseXlsx(data: ArrayBuffer | Uint8Array, maxRows = 20000): Promise<ParsedTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as ArrayBuffer);
  } catch {
    throw new FileFormatError('无法读取 Excel 文件，请确认是 .xlsx 格式');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new FileFormatError('Excel 文件中没有工作表');
  const headerRow = sheet.getRow(1);
  const columns: { col: number; header: string }[] = [];
  headerRow.eachCell((c, col) => {
    const header = String(cellValue(c.value) ?? '').trim();
    if (header) columns.push({ col, header });
  });
  if (!columns.length) throw new FileFormatError('第一行应为列名');
  if (sheet.rowCount - 1 > maxRows) throw new FileFormatError(`一次最多导入${maxRows}行，请拆分文件`);
  const records: Record<string, unknown>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const record: Record<string, unknown> = {};
    for (const { col, header } of columns) {
      const v = cellValue(row.getCell(col).value);
      if (v !== undefined) record[header] = v;
    }
    records.push(record);
  }
  return { headers: columns.map((c) => c.header), records, firstRow: 2 };
}
