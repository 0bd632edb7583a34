// Imports of hand-overs from other channels (M-4 一口受理): 12345 hotline work orders and 人民建议征集
// suggestions arrive as spreadsheet rows. This module maps columns to fields, validates each row on its
// own (a bad row never blocks the good ones) and normalises it into the intake function's row input.
// Pure: no file access and no platform; parsing of file formats lives in ./parse.ts and ./xlsx.ts.
import { z } from 'zod';
import type { Channel } from '../types';

export const IMPORT_CHANNELS = ['hotline_12345', 'suggestion', 'online_message'] as const satisfies readonly Channel[];
export type ImportChannel = (typeof IMPORT_CHANNELS)[number];

/** The fields an imported row can carry. */
export const IMPORT_FIELDS = ['sourceId', 'text', 'title', 'township', 'community', 'grid', 'address', 'lat', 'lng', 'reportedAt', 'phone', 'matterType'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const FIELD_LABELS: Record<ImportField, string> = {
  sourceId: '工单编号',
  text: '诉求内容',
  title: '标题',
  township: '所属街道（乡镇）',
  community: '社区（村）',
  grid: '网格',
  address: '地址',
  lat: '纬度',
  lng: '经度',
  reportedAt: '来电（提交）时间',
  phone: '联系电话',
  matterType: '事项类别',
};

/** Headers seen on 12345 / 人民建议征集 hand-over sheets → field. Compared after removing spaces and case. */
export const DEFAULT_HEADER_ALIASES: Record<ImportField, string[]> = {
  sourceId: ['工单编号', '工单号', '编号', '受理编号', '建议编号', '留言编号', '序号id', 'sourceid', 'id', 'no'],
  text: ['诉求内容', '来电内容', '建议内容', '留言内容', '反映内容', '问题描述', '内容', '诉求', 'text', 'content'],
  title: ['标题', '诉求标题', '建议标题', 'title'],
  township: ['所属街道', '所属乡镇', '街道', '乡镇', '街乡', '街道乡镇', '所属街乡', '属地', 'township'],
  community: ['所属社区', '社区', '村', '社区村', '所属村社区', 'community'],
  grid: ['网格', '所属网格', '网格编号', 'grid'],
  address: ['地址', '事发地址', '事发地点', '详细地址', '问题地址', 'address'],
  lat: ['纬度', 'lat', 'latitude'],
  lng: ['经度', 'lng', 'lon', 'longitude'],
  reportedAt: ['来电时间', '受理时间', '提交时间', '反映时间', '留言时间', '登记时间', 'reportedat', 'time'],
  phone: ['联系电话', '来电号码', '电话', '手机', '联系方式', 'phone'],
  matterType: ['事项类别', '事项类型', '诉求类别', '类别', 'mattertype'],
};

/** header → field (a header not in the mapping is ignored). */
export type ColumnMapping = Record<string, ImportField>;

const norm = (s: string) => s.replace(/[\s\u3000_（）()：:]/g, '').toLowerCase();

/**
 * Default mapping from the headers, then the explicit override on top (header → field, or null to drop
 * a column). Each field is taken by at most one header: the first one that matches wins.
 */
export function guessMapping(headers: string[], override: Record<string, ImportField | null> = {}): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<ImportField>();
  for (const [header, field] of Object.entries(override)) {
    if (field && headers.includes(header) && !taken.has(field)) {
      mapping[header] = field;
      taken.add(field);
    }
  }
  for (const header of headers) {
    if (header in override) continue;
    const n = norm(header);
    const field = IMPORT_FIELDS.find((f) => !taken.has(f) && DEFAULT_HEADER_ALIASES[f].some((a) => norm(a) === n));
    if (field) {
      mapping[header] = field;
      taken.add(field);
    }
  }
  return mapping;
}

/** Required fields that no column maps to — the import cannot start until these are mapped. */
export function missingFields(mapping: ColumnMapping): ImportField[] {
  const mapped = new Set(Object.values(mapping));
  return (['sourceId', 'text'] as ImportField[]).filter((f) => !mapped.has(f)).concat(
    mapped.has('township') || mapped.has('grid') || (mapped.has('lat') && mapped.has('lng')) ? [] : ['township'],
  );
}

// ---- places: the county tree the rows refer to (CountyConfig and the client's CountyInfo both fit) ----

export interface PlaceTree {
  townships: { code: string; name: string; communities: { code: string; name: string; grids: { code: string; name: string; center?: { lat: number; lng: number } }[] }[] }[];
}

export interface Location {
  /** Level the case lands at (M-8 and the comment on locate). */
  level: 'grid' | 'community' | 'township';
  township: string;
  community: string;
  grid: string;
}

const same = (value: string, unit: { code: string; name: string }) => {
  const v = norm(value);
  return v === norm(unit.code) || v === norm(unit.name);
};

/** Township by code or name; a name without its suffix (浔湖 for 浔湖街道) matches too. */
export function findTownship(places: PlaceTree, value: string) {
  const v = norm(value);
  if (!v) return undefined;
  return places.townships.find((t) => same(value, t)) ?? places.townships.find((t) => v.length >= 2 && norm(t.name).startsWith(v));
}

function distance(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  // Equirectangular approximation: enough to pick the nearest grid centre inside one county.
  const x = (b.lng - a.lng) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  const y = b.lat - a.lat;
  return x * x + y * y;
}

/**
 * Where an imported row lands. A hand-over names the 街乡 it was dispatched to (12345 dispatches by
 * 属地), often not the grid. M-8: a case lands with the grid worker of its grid — so whenever the grid
 * can be determined (grid column, coordinates → nearest grid centre within the township, or a grid name
 * in the address) the case starts at grid level like every other report. When only the community is
 * known (column or its name in the address) it lands with that community; when only the township is
 * known it lands with the township, the level 12345 handed it to — never guessed onto a wrong grid,
 * because M-11's claim clock would then run at a unit that does not own the place (M-1 jurisdiction).
 * Returns a Chinese reason when the place is unknown.
 */
export function locate(
  places: PlaceTree,
  row: { township?: string; community?: string; grid?: string; address?: string; lat?: number; lng?: number },
): Location | { error: string } {
  const all = places.townships.flatMap((t) => t.communities.flatMap((c) => c.grids.map((g) => ({ t, c, g }))));
  let township = row.township ? findTownship(places, row.township) : undefined;
  if (row.township && !township) return { error: `未找到街道（乡镇）“${row.township}”` };
  const inTownship = all.filter((x) => !township || x.t === township);
  const at = (x: (typeof all)[number]): Location => ({ level: 'grid', township: x.t.code, community: x.c.code, grid: x.g.code });

  if (row.grid) {
    const hit = inTownship.find((x) => same(row.grid!, x.g));
    if (!hit) return { error: township ? `网格“${row.grid}”不在${township.name}` : `未找到网格“${row.grid}”` };
    return at(hit);
  }
  if (row.lat !== undefined && row.lng !== undefined) {
    const withCentre = inTownship.filter((x) => x.g.center);
    const nearest = withCentre.sort((a, b) => distance(row as { lat: number; lng: number }, a.g.center!) - distance(row as { lat: number; lng: number }, b.g.center!))[0];
    if (nearest) return at(nearest);
  }
  const communities = (township ? [township] : places.townships).flatMap((t) => t.communities.map((c) => ({ t, c })));
  let community = row.community ? communities.find((x) => same(row.community!, x.c)) : undefined;
  if (row.community && !community) return { error: `未找到社区（村）“${row.community}”${township ? `（${township.name}）` : ''}` };
  const address = norm(row.address ?? '');
  if (address) {
    const gridHit = inTownship.find((x) => (!community || x.c === community.c) && address.includes(norm(x.g.name)));
    if (gridHit) return at(gridHit);
    community ??= communities.find((x) => address.includes(norm(x.c.name)));
  }
  if (community) return { level: 'community', township: community.t.code, community: community.c.code, grid: '' };
  if (!township) return { error: '缺少所属街道（乡镇），也无法从网格、坐标或地址确定位置' };
  return { level: 'township', township: township.code, community: '', grid: '' };
}

// ---- rows ----

/** One row as sent to the intake function (after mapping, validation and normalisation). */
export const importRowInput = z
  .object({
    /** Data row number in the file (header = row 1 for sheets; 1-based item for JSON). */
    row: z.number().int().min(1),
    sourceId: z.string().trim().min(1, '缺少工单编号').max(64, '工单编号过长').regex(/^[\p{L}\p{N}_\-./#]+$/u, '工单编号只能包含字母、数字和 - _ . / #'),
    text: z.string().trim().min(5, '诉求内容至少5个字').max(2000, '诉求内容请控制在2000字以内'),
    township: z.string().trim().max(64).optional(),
    community: z.string().trim().max(64).optional(),
    grid: z.string().trim().max(64).optional(),
    address: z.string().trim().max(200, '地址过长').optional(),
    lat: z.number().min(-90, '纬度超出范围').max(90, '纬度超出范围').optional(),
    lng: z.number().min(-180, '经度超出范围').max(180, '经度超出范围').optional(),
    reportedAt: z.string().datetime({ offset: true, message: '时间格式不正确' }).optional(),
    phone: z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, '联系电话格式不正确').optional(),
    matterType: z.string().trim().max(64).optional(),
  })
  .strict()
  .refine((r) => (r.lat === undefined) === (r.lng === undefined), { message: '经度和纬度须同时填写', path: ['lat'] });
export type ImportRowInput = z.input<typeof importRowInput>;
export type ImportRow = z.output<typeof importRowInput>;

/** Chinese reason for the first problem zod found in a row (zod's own type messages are English). */
export function rowIssueMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const label = FIELD_LABELS[issue.path[0] as ImportField] ?? issue.path.join('.');
  if (issue.code === 'invalid_type') {
    if (!issue.path.length) return '该行格式不正确（应为一条记录）';
    return issue.received === 'undefined' ? `缺少${label}` : `${label}格式不正确`;
  }
  if (issue.code === 'unrecognized_keys') return `不认识的字段：${issue.keys.join('、')}`;
  return issue.message;
}

export interface RowError {
  row: number;
  sourceId?: string;
  code: string;
  message: string;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim());

function cell(v: unknown): string | undefined {
  if (blank(v)) return undefined;
  if (v instanceof Date) return v.toISOString();
  return String(v).trim();
}

function number(v: unknown): number | undefined | 'bad' {
  if (blank(v)) return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) ? n : 'bad';
}

/**
 * Time of the original report. Sheets write local China time without an offset (2026-11-20 09:30,
 * 2026/11/20 9:30:00); that is read as +08:00. Dates from XLSX cells arrive as Date objects (UTC).
 */
export function parseReportedAt(v: unknown): string | undefined | 'bad' {
  if (blank(v)) return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'bad' : v.toISOString();
  const s = String(v).trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return 'bad';
  const [, y, mo, d, h = '0', mi = '0', sec = '0', zone] = m;
  const pad = (x: string) => x.padStart(2, '0');
  const iso = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(sec)}${zone ? (zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone) : '+08:00'}`;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || Number(mo) > 12 || Number(d) > 31) return 'bad';
  return at.toISOString();
}

/** A file row (header → cell) through the mapping into the row input; a Chinese reason when it is bad. */
export function normaliseRow(record: Record<string, unknown>, mapping: ColumnMapping, row: number): { ok: true; value: ImportRow } | { ok: false; error: RowError } {
  const raw: Partial<Record<ImportField, unknown>> = {};
  for (const [header, field] of Object.entries(mapping)) if (!blank(record[header])) raw[field] = record[header];
  const sourceId = cell(raw.sourceId);
  const bad = (message: string): { ok: false; error: RowError } => ({ ok: false, error: { row, ...(sourceId ? { sourceId } : {}), code: 'VALIDATION', message } });
  const lat = number(raw.lat);
  const lng = number(raw.lng);
  if (lat === 'bad' || lng === 'bad') return bad('经纬度不是数字');
  const reportedAt = parseReportedAt(raw.reportedAt);
  if (reportedAt === 'bad') return bad(`时间“${cell(raw.reportedAt)}”无法识别，请用 2026-11-20 09:30 这样的格式`);
  const title = cell(raw.title);
  const body = cell(raw.text);
  // A sheet with a separate title column: keep it in front of the content so nothing is lost.
  const text = title && body && !body.startsWith(title) ? `${title}：${body}` : (body ?? title);
  const candidate = {
    row,
    sourceId,
    text,
    township: cell(raw.township),
    community: cell(raw.community),
    grid: cell(raw.grid),
    address: cell(raw.address),
    lat,
    lng,
    reportedAt,
    phone: cell(raw.phone),
    matterType: cell(raw.matterType),
  };
  const parsed = importRowInput.safeParse(Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)));
  if (!parsed.success) return bad(rowIssueMessage(parsed.error));
  return { ok: true, value: parsed.data };
}

export interface PreparedImport {
  rows: ImportRow[];
  errors: RowError[];
}

/**
 * Maps and validates every record; also checks places against the county (unknown 街道 / 网格 are row
 * errors here, so the user sees them before uploading) and repeated source ids inside one file.
 * `firstRow`: the number of the first data row (2 for sheets with a header row, 1 for JSON).
 */
export function prepareImport(records: Record<string, unknown>[], mapping: ColumnMapping, places: PlaceTree, firstRow = 2): PreparedImport {
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, i) => {
    const row = firstRow + i;
    if (Object.values(record).every(blank)) return; // an empty line in the sheet is not a row
    const r = normaliseRow(record, mapping, row);
    if (!r.ok) return void errors.push(r.error);
    const where = locate(places, r.value);
    if ('error' in where) return void errors.push({ row, sourceId: r.value.sourceId, code: 'UNKNOWN_PLACE', message: where.error });
    const earlier = seen.get(r.value.sourceId);
    if (earlier) return void errors.push({ row, sourceId: r.value.sourceId, code: 'DUPLICATE_IN_FILE', message: `工单编号与第${earlier}行重复` });
    seen.set(r.value.sourceId, row);
    rows.push(r.value);
  });
  return { rows, errors };
}

/** Chunks of at most `size` rows, so a client can show progress between calls. */
export function chunk<T>(items: T[], size = IMPORT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows per call: small enough that a call stays well inside the function timeout (each created row is
 *  its own transaction) and the progress bar moves; the function accepts up to IMPORT_CHUNK_MAX. */
export const IMPORT_CHUNK = 25;
export const IMPORT_CHUNK_MAX = 200;
