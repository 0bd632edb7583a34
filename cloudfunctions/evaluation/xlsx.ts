// XLSX exports (issue 7 §7) with exceljs: the workbook holds exactly the figures of the function's JSON
// view (the screen shows the same view), stored in cloud storage and handed out as a temporary URL.
import ExcelJS from 'exceljs';
import { DIMENSION_LABELS, EVALUATION_DIMENSIONS } from '../../domain/evaluation';
import type { AssessmentRow, AssessmentView, CaseListView, ExportResult } from '../../domain/api/evaluation';
import { tempUrls } from '../../server/files';
import { sdk } from '../../server/sdk';

type Cell = string | number | null;
interface Column<R> {
  header: string;
  width: number;
  value: (row: R) => Cell;
}

const numbers = (ids: string[], view: AssessmentView) => ids.map((id) => view.whistles[id]?.no ?? id).join('、');

export const ASSESSMENT_COLUMNS: Column<AssessmentRow>[] = [
  { header: '排名', width: 6, value: (r) => r.rank },
  { header: '部门', width: 16, value: (r) => r.deptName },
  { header: '综合得分', width: 10, value: (r) => r.score },
  { header: '加权分', width: 10, value: (r) => r.base },
  { header: '扣分', width: 8, value: (r) => r.deduction },
  { header: '派单数', width: 8, value: (r) => r.whistles.count },
  { header: '乡镇评价', width: 10, value: (r) => r.township.value },
  ...EVALUATION_DIMENSIONS.map((d): Column<AssessmentRow> => ({ header: DIMENSION_LABELS[d], width: 10, value: (r) => r.dimensions[d].value })),
  { header: '协办配合', width: 10, value: (r) => r.coHandler.value },
  { header: '第三方评价', width: 10, value: (r) => r.thirdParty.value },
  { header: '群众评价', width: 10, value: (r) => r.resident.value },
  { header: '按时率得分', width: 10, value: (r) => r.timeliness.value },
  { header: '报到超时', width: 8, value: (r) => r.checkInLate.count },
  { header: '办结超时', width: 8, value: (r) => r.completionLate.count },
  { header: '督办次数', width: 8, value: (r) => r.supervisions.count },
  { header: '退单', width: 6, value: (r) => r.returns.count },
  { header: '延期', width: 6, value: (r) => r.extensions.count },
];

/** Drill-down rows: every number of the ranking with the whistles (or cases) behind it. */
function breakdownRows(view: AssessmentView): Cell[][] {
  const rows: Cell[][] = [];
  for (const r of view.rows) {
    const add = (label: string, value: Cell, count: number, ids: string, ) => rows.push([r.deptName, label, value, count, ids]);
    add('派单', r.whistles.count, r.whistles.count, numbers(r.whistles.ids, view));
    add('乡镇评价', r.township.value, r.township.count, numbers(r.township.ids, view));
    for (const d of EVALUATION_DIMENSIONS) add(DIMENSION_LABELS[d], r.dimensions[d].value, r.dimensions[d].count, numbers(r.dimensions[d].ids, view));
    add('协办配合', r.coHandler.value, r.coHandler.count, numbers(r.coHandler.ids, view));
    add('第三方评价', r.thirdParty.value, r.thirdParty.count, numbers(r.thirdParty.ids, view));
    add('群众评价（诉求）', r.resident.value, r.resident.count, r.resident.ids.join('、'));
    add('按时率得分', r.timeliness.value, r.timeliness.count, numbers(r.timeliness.ids, view));
    add('报到超时', r.checkInLate.count, r.checkInLate.count, numbers(r.checkInLate.ids, view));
    add('办结超时', r.completionLate.count, r.completionLate.count, numbers(r.completionLate.ids, view));
    add('督办', r.supervisions.count, r.supervisions.count, numbers(r.supervisions.ids, view));
    add('退单', r.returns.count, r.returns.count, numbers(r.returns.ids, view));
    add('延期', r.extensions.count, r.extensions.count, numbers(r.extensions.ids, view));
  }
  return rows;
}

function sheet<R>(wb: ExcelJS.Workbook, name: string, columns: Column<R>[], rows: R[]): void {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r)));
  ws.getRow(1).font = { bold: true };
}

export function assessmentWorkbook(view: AssessmentView): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '哨声';
  sheet(wb, '综合考核排名', ASSESSMENT_COLUMNS, view.rows);
  const detail: Column<Cell[]>[] = ['部门', '项目', '数值', '件数', '哨单（诉求）编号'].map((header, i) => ({ header, width: i === 4 ? 60 : 12, value: (r) => r[i] }));
  sheet(wb, '明细', detail, breakdownRows(view));
  sheet(
    wb,
    '个人报到超时',
    [
      { header: '部门', width: 16, value: (r: AssessmentView['lateCheckIns'][number]) => r.deptName },
      { header: '报到人', width: 12, value: (r) => r.handler },
      { header: '次数', width: 6, value: (r) => r.count },
      { header: '哨单编号', width: 60, value: (r) => numbers(r.whistleIds, view) },
    ],
    view.lateCheckIns,
  );
  const w = view.config.weights;
  const d = view.config.deductions;
  sheet(
    wb,
    '说明',
    [
      { header: '项目', width: 14, value: (r: [string, string]) => r[0] },
      { header: '内容', width: 80, value: (r) => r[1] },
    ],
    [
      ['考核周期', view.period.label],
      ['权重', `乡镇评价 ${w.township}，协办配合 ${w.coHandler}，第三方 ${w.thirdParty}，群众评价 ${w.resident}，按时率 ${w.timeliness}（按有数据的项目归一）`],
      ['扣分', `每次督办 ${d.supervision} 分，每次退单 ${d.return} 分，每次延期 ${d.extension} 分`],
      ['依据', 'M-19 至 M-25：一事一评、一部门一评；主办对协办评分；群众、乡镇、第三方评价分别记录'],
    ],
  );
  return wb;
}

export const CASE_COLUMNS: Column<CaseListView['rows'][number]>[] = [
  { header: '编号', width: 22, value: (r) => r.no },
  { header: '登记时间', width: 18, value: (r) => r.createdAt },
  { header: '乡镇（街道）', width: 12, value: (r) => r.townshipName },
  { header: '村（社区）', width: 12, value: (r) => r.communityName },
  { header: '网格', width: 12, value: (r) => r.gridName },
  { header: '事项类型', width: 16, value: (r) => r.matterTypeName },
  { header: '渠道', width: 12, value: (r) => r.channelLabel },
  { header: '状态', width: 10, value: (r) => r.stateLabel },
  { header: '反映人', width: 16, value: (r) => r.reporter },
  { header: '反映人数', width: 8, value: (r) => r.reporterCount },
  { header: '是否吹哨', width: 8, value: (r) => r.whistled },
  { header: '群众评价', width: 10, value: (r) => r.rating },
  { header: '问题描述', width: 60, value: (r) => r.text },
];

export function caseWorkbook(view: CaseListView): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '哨声';
  sheet(wb, `诉求清单 ${view.period.key}`, CASE_COLUMNS, view.rows);
  return wb;
}

/** Writes the workbook to cloud storage and returns a temporary download URL. */
export async function storeWorkbook(wb: ExcelJS.Workbook, cloudPath: string, fileName: string, rows: number): Promise<ExportResult> {
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  const { fileID } = (await sdk().uploadFile({ cloudPath, fileContent: buffer })) as { fileID: string };
  const urls = await tempUrls([fileID]);
  return { fileID, url: urls[fileID] ?? '', fileName, rows };
}
