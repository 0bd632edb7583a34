// Importer (M-4 一口受理): column mapping, per-row validation with Chinese reasons, places, and the three
// file formats read from real files written by the test (CSV text, JSON, an .xlsx built with exceljs).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { errorReportCsv, guessMapping, importedCase, locate, missingFields, parseCsv, parseJson, parseReportedAt, prepareImport } from '../../domain/intake';
import { parseXlsx } from '../../domain/intake/xlsx';
import { sourcesFor } from '../../domain/intake/sourceView';
import { calendar, county, T0 } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'intake-'));

const HOTLINE_HEADERS = ['工单编号', '来电时间', '来电内容', '所属街道', '地址', '联系电话', '备注'];
const HOTLINE_ROWS = [
  ['12345-001', '2026-11-20 09:30', '富民社区3栋楼下垃圾堆了三天没人清理，味道很大', '浔湖街道', '富民社区第六网格3栋', '13900001111', ''],
  ['12345-002', '2026/11/20 10:05', '滨湖社区门口路灯坏了一周, 晚上很黑"很不方便"', '浔湖', '滨湖社区南门', '', ''],
  ['12345-003', '2026-11-20', '太短', '浔湖街道', '', '', ''],
  ['12345-004', '2026-11-21 08:00', '大垸乡集镇路口井盖缺失，很危险', '大垸乡', '', '', ''],
  ['', '2026-11-21 08:00', '没有编号的一行，内容足够长了', '浔湖街道', '', '', ''],
  ['12345-006', '明天上午', '时间写错了的一行，内容足够长', '浔湖街道', '', '', ''],
  ['12345-007', '2026-11-21 08:00', '街道名称写错了，内容足够长', '不存在街道', '', '', ''],
  ['12345-001', '2026-11-21 08:00', '重复的工单编号，内容足够长', '浔湖街道', '', '', ''],
];

describe('column mapping', () => {
  test('Chinese hand-over headers map to fields by default; unknown columns are ignored', () => {
    const mapping = guessMapping(HOTLINE_HEADERS);
    expect(mapping).toEqual({ 工单编号: 'sourceId', 来电时间: 'reportedAt', 来电内容: 'text', 所属街道: 'township', 地址: 'address', 联系电话: 'phone' });
    expect(missingFields(mapping)).toEqual([]);
  });

  test('人民建议征集 headers and spacing variants', () => {
    expect(guessMapping(['建议编号', ' 建议内容 ', '所属乡镇', '提交时间'])).toEqual({ 建议编号: 'sourceId', ' 建议内容 ': 'text', 所属乡镇: 'township', 提交时间: 'reportedAt' });
  });

  test('an explicit override wins and can drop a column; required fields left unmapped are reported', () => {
    const mapping = guessMapping(['单号', '来电内容', '备注'], { 单号: 'sourceId', 来电内容: null, 备注: 'text' });
    expect(mapping).toEqual({ 单号: 'sourceId', 备注: 'text' });
    expect(missingFields(mapping)).toEqual(['township']);
    expect(missingFields(guessMapping(['内容']))).toEqual(['sourceId', 'township']);
  });
});

describe('rows', () => {
  const records = HOTLINE_ROWS.map((r) => Object.fromEntries(HOTLINE_HEADERS.map((h, i) => [h, r[i]])));
  const { rows, errors } = prepareImport(records, guessMapping(HOTLINE_HEADERS), county);

  test('good rows are normalised: CST time as UTC, phone and address kept', () => {
    expect(rows.map((r) => r.sourceId)).toEqual(['12345-001', '12345-002', '12345-004']);
    expect(rows[0]).toMatchObject({ row: 2, township: '浔湖街道', reportedAt: '2026-11-20T01:30:00.000Z', phone: '13900001111', address: '富民社区第六网格3栋' });
    expect(rows[1].reportedAt).toBe('2026-11-20T02:05:00.000Z');
  });

  test('each bad row is reported with its sheet row number and a Chinese reason; the rest go on', () => {
    expect(errors).toEqual([
      { row: 4, sourceId: '12345-003', code: 'VALIDATION', message: '诉求内容至少5个字' },
      { row: 6, code: 'VALIDATION', message: '缺少工单编号' },
      { row: 7, sourceId: '12345-006', code: 'VALIDATION', message: expect.stringContaining('时间“明天上午”无法识别') },
      { row: 8, sourceId: '12345-007', code: 'UNKNOWN_PLACE', message: '未找到街道（乡镇）“不存在街道”' },
      { row: 9, sourceId: '12345-001', code: 'DUPLICATE_IN_FILE', message: '工单编号与第2行重复' },
    ]);
  });

  test('the error report is a CSV Excel reads (BOM) with row, id and reason', () => {
    const csv = errorReportCsv(errors);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const back = Papa.parse<string[]>(csv.slice(1).trim()).data;
    expect(back[0]).toEqual(['行号', '工单编号', '错误代码', '原因']);
    expect(back[1]).toEqual(['4', '12345-003', 'VALIDATION', '诉求内容至少5个字']);
    expect(back).toHaveLength(errors.length + 1);
  });

  test('times: sheet formats read as +08:00, explicit offsets kept, nonsense refused', () => {
    expect(parseReportedAt('2026年11月20日 9:30')).toBe('2026-11-20T01:30:00.000Z');
    expect(parseReportedAt('2026-11-20T09:30:00Z')).toBe('2026-11-20T09:30:00.000Z');
    expect(parseReportedAt('2026-13-01')).toBe('bad');
    expect(parseReportedAt('')).toBeUndefined();
  });
});

describe('where an imported case lands (M-8)', () => {
  test('grid from an address naming the grid, else the community, else the township', () => {
    expect(locate(county, { township: '浔湖街道', address: '富民社区第六网格3栋' })).toEqual({ level: 'grid', township: 'xh', community: 'xh-fm', grid: 'xh-fm-06' });
    expect(locate(county, { township: 'xh', address: '滨湖社区南门' })).toEqual({ level: 'community', township: 'xh', community: 'xh-bh', grid: '' });
    expect(locate(county, { township: '大垸乡' })).toEqual({ level: 'township', township: 'dy', community: '', grid: '' });
  });

  test('coordinates → nearest grid centre inside the township; a grid column must belong to the township', () => {
    const g = county.townships[0].communities[1].grids[1];
    expect(locate(county, { township: 'xh', lat: g.center.lat + 0.0001, lng: g.center.lng })).toMatchObject({ level: 'grid', grid: g.code });
    expect(locate(county, { township: 'dy', grid: 'xh-fm-06' })).toEqual({ error: '网格“xh-fm-06”不在大垸乡' });
    expect(locate(county, {})).toEqual({ error: expect.stringContaining('缺少所属街道') });
  });

  test('a township-level case waits for the township claim with no grid or community', () => {
    const { rows } = prepareImport([{ 工单编号: 'A1', 来电内容: '大垸乡集镇路口井盖缺失，很危险', 所属街道: '大垸乡' }], guessMapping(['工单编号', '来电内容', '所属街道']), county);
    const where = locate(county, rows[0]);
    if ('error' in where) throw new Error(where.error);
    const doc = importedCase({ id: 'c1', no: 'n1', channel: 'hotline_12345', row: rows[0], location: where, batchId: 'batch-001', by: { personId: 'p', role: 'whistle_office', unit: county.county.code }, now: T0, county, calendar });
    expect(doc).toMatchObject({ state: 'township_pending', level: 'township', township: 'dy', community: '', grid: '', channel: 'hotline_12345', channels: ['hotline_12345'] });
    expect(doc.sources).toEqual([{ channel: 'hotline_12345', sourceId: 'A1', batchId: 'batch-001', by: expect.any(Object), at: T0.toISOString() }]);
    // Township claim limit (3 working days by default, M-11), not the grid's.
    expect(Date.parse(doc.deadlines.claimDue!)).toBeGreaterThan(T0.getTime() + 3 * 86400_000);
  });
});

describe('file formats (files written to disk and read back)', () => {
  const expectRows = (table: { headers: string[]; records: Record<string, unknown>[]; firstRow: number }) => {
    const { rows, errors } = prepareImport(table.records, guessMapping(table.headers), county, table.firstRow);
    expect(rows.map((r) => r.sourceId)).toEqual(['12345-001', '12345-002', '12345-004']);
    expect(rows[0].reportedAt).toBe('2026-11-20T01:30:00.000Z');
    return errors;
  };

  test('CSV (UTF-8 with BOM, a quoted cell with comma and quotes, a blank line)', () => {
    const file = join(dir, 'hotline.csv');
    const lines = HOTLINE_ROWS.map((r) => Papa.unparse([r]));
    lines.splice(2, 0, ''); // a blank line between data rows: skipped, numbering follows the file
    writeFileSync(file, `\uFEFF${Papa.unparse([HOTLINE_HEADERS])}\r\n${lines.join('\r\n')}\r\n`);
    const table = parseCsv(readFileSync(file, 'utf8'));
    expect(table.headers).toEqual(HOTLINE_HEADERS);
    const errors = expectRows(table);
    expect(errors.map((e) => e.row)).toEqual([5, 7, 8, 9, 10]);
    expect(prepareImport(table.records, guessMapping(table.headers), county).rows[1].text).toBe('滨湖社区门口路灯坏了一周, 晚上很黑"很不方便"');
  });

  test('JSON array and JSON lines', () => {
    const items = HOTLINE_ROWS.map((r) => Object.fromEntries(HOTLINE_HEADERS.map((h, i) => [h, r[i]])));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(items));
    writeFileSync(join(dir, 'b.jsonl'), items.map((i) => JSON.stringify(i)).join('\n'));
    const a = parseJson(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(a.firstRow).toBe(1);
    expect(expectRows(a)[0].row).toBe(3);
    expect(parseJson(readFileSync(join(dir, 'b.jsonl'), 'utf8')).records).toHaveLength(items.length);
    expect(() => parseJson('{"x": 1}')).toThrow('JSON 文件应为对象数组');
  });

  test('XLSX with real date cells, numbers and a rich-text cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('工单');
    ws.addRow(HOTLINE_HEADERS);
    for (const r of HOTLINE_ROWS) ws.addRow(r);
    // A true date cell (UTC instant of 09:30 CST) and a phone typed as a number.
    ws.getCell('B2').value = new Date('2026-11-20T01:30:00Z');
    ws.getCell('F2').value = 13900001111;
    ws.getCell('C3').value = { richText: [{ text: '滨湖社区门口路灯坏了' }, { text: '一周，晚上很黑' }] };
    const file = join(dir, 'hotline.xlsx');
    await wb.xlsx.writeFile(file);
    const table = await parseXlsx(readFileSync(file));
    expect(table.headers).toEqual(HOTLINE_HEADERS);
    const errors = expectRows(table);
    expect(errors.map((e) => e.row)).toEqual([4, 6, 7, 8, 9]);
    const { rows } = prepareImport(table.records, guessMapping(table.headers), county);
    expect(rows[0].phone).toBe('13900001111');
    expect(rows[1].text).toBe('滨湖社区门口路灯坏了一周，晚上很黑');
  });

  test('a file that is not XLSX is refused with a Chinese reason', async () => {
    await expect(parseXlsx(Buffer.from('not a zip'))).rejects.toThrow('无法读取 Excel 文件');
  });
});

describe('source ids in case detail (M-4)', () => {
  const { rows } = prepareImport([{ 工单编号: 'S-1', 来电内容: '路灯坏了好几天，晚上很黑', 所属街道: '浔湖街道', 来电时间: '2026-11-20 09:30' }], guessMapping(['工单编号', '来电内容', '所属街道', '来电时间']), county);
  const where = locate(county, rows[0]) as Exclude<ReturnType<typeof locate>, { error: string }>;
  const doc = importedCase({ id: 'c2', no: 'n2', channel: 'suggestion', row: rows[0], location: where, batchId: 'b', by: { personId: 'p', role: 'whistle_office', unit: 'hb' }, now: T0, county, calendar });
  const actor = (role: 'township' | 'resident') => ({ personId: 'x', openid: 'x', name: 'x', bindings: [{ role, unit: role === 'township' ? 'xh' : '' }] });

  test('staff see channel label, source id and original time; residents see none', () => {
    expect(sourcesFor(doc, actor('township'))).toEqual({ sources: [{ channel: 'suggestion', channelLabel: '人民建议征集', sourceId: 'S-1', reportedAt: '2026-11-20T01:30:00.000Z' }] });
    expect(sourcesFor(doc, actor('resident'))).toEqual({});
  });
});
