// County configuration (M-1, M-2, M-13, M-14, M-18): the org tree, three lists, urgent list, SLAs.
// The reference county (data/county.json) is only the seed; every county is data validated here.
import { z } from 'zod';
import { DomainError } from './errors';

const code = z.string().min(1);
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const lngLat = z.tuple([z.number(), z.number()]);
const latLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

export const DepartmentSchema = z.object({ code, name: z.string().min(1), shortName: z.string().min(1) });

export const MatterTypeSchema = z.object({
  code,
  name: z.string().min(1),
  group: z.string(),
  kind: z.enum(['issue', 'service']),
  leadDept: code,
  coDepts: z.array(code).default([]),
  urgentEligible: z.boolean().default(false),
  stationedAgencyDept: code.nullable().default(null),
  completionWorkingDays: z.number().int().positive().nullable().default(null),
  keywords: z.array(z.string()).default([]),
  example: z.string().optional(),
});

export const GridSchema = z.object({
  code,
  name: z.string().min(1),
  center: latLng,
  /** Optional boundary, [lng, lat] pairs (GeoJSON order). */
  polygon: z.array(lngLat).min(3).optional(),
});

export const CommunitySchema = z.object({
  code,
  name: z.string().min(1),
  kind: z.string(),
  grids: z.array(GridSchema).min(1),
});

export const StationedAgencySchema = z.object({ code, name: z.string().min(1), dept: code });

export const DutyListsSchema = z.object({
  basic: z.array(code),
  cooperative: z.array(code),
  takenBack: z.array(code),
});

export const TownshipSchema = z.object({
  code,
  name: z.string().min(1),
  kind: z.string(),
  stationedAgencies: z.array(StationedAgencySchema).default([]),
  communities: z.array(CommunitySchema).min(1),
  dutyLists: DutyListsSchema,
  /** matterType → dept code: this township's lead department differs from the matter type's default (一地一策). */
  leadOverrides: z.record(code, code).default({}),
});

export const SlaDefaultsSchema = z.object({
  normalWhistleCheckInWorkingDays: z.number().int().positive().default(2),
  urgentWhistleCheckIn: z.literal('same day').default('same day'),
  levelClaimWorkingDays: z
    .object({ grid: z.number().int().positive(), community: z.number().int().positive(), township: z.number().int().positive() })
    .default({ grid: 1, community: 2, township: 3 }),
  completionWorkingDays: z
    .object({ normal: z.number().int().positive().default(10), urgent: z.number().int().positive().default(3) })
    .optional(),
  /** Handling limit once a level has claimed a case (M-11 "handle"), in working days after the claim. */
  levelHandleWorkingDays: z
    .object({ grid: z.number().int().positive(), community: z.number().int().positive(), township: z.number().int().positive() })
    .default({ grid: 5, community: 10, township: 15 }),
  /** 临期 (M-24): a deadline is near from 00:00 of its N-th last working day (1 = the working day it ends on). */
  nearDueWorkingDays: z.number().int().positive().max(10).default(1),
});

/** 集中反映 (M-24): open cases of one matter type or one grid within a window; thresholds per county. */
export const SupervisionConfigSchema = z.object({
  concentrated: z
    .object({
      windowDays: z.number().int().positive().max(90).default(7),
      /** Distinct reporters (reporters + linked reporters) that make a matter type or grid 集中反映. */
      minReporters: z.number().int().min(2).default(5),
      /** Distinct townships reporting one matter type that make it 集中反映 whatever the count. */
      minTownships: z.number().int().min(2).default(3),
    })
    .default({}),
  /** Working days the listed department / township has to respond to a 挂牌督办 when none is given. */
  responseWorkingDays: z.number().int().positive().max(30).default(3),
});

export const QrPointSchema = z.object({
  code,
  name: z.string().min(1),
  grid: code,
  lat: z.number(),
  lng: z.number(),
  suggestedMatterTypes: z.array(code).default([]),
});

/** Composite assessment (M-23, M-25): grade points, component weights and deductions — formula in domain/assessment.ts. */
export const AssessmentConfigSchema = z.object({
  /** Points of the four grades of township, co-handler and third-party evaluations (M-19, M-20, M-22). */
  gradePoints: z
    .object({ 非常满意: z.number().min(0).max(100), 满意: z.number().min(0).max(100), 基本满意: z.number().min(0).max(100), 不满意: z.number().min(0).max(100) })
    .default({ 非常满意: 100, 满意: 90, 基本满意: 75, 不满意: 50 }),
  /** Points of resident ratings (M-21). */
  residentPoints: z
    .object({ 满意: z.number().min(0).max(100), 基本满意: z.number().min(0).max(100), 不满意: z.number().min(0).max(100) })
    .default({ 满意: 100, 基本满意: 75, 不满意: 50 }),
  /** Weights of the components (re-normalised over the components a department has data for). */
  weights: z
    .object({
      township: z.number().min(0),
      coHandler: z.number().min(0),
      thirdParty: z.number().min(0),
      resident: z.number().min(0),
      timeliness: z.number().min(0),
    })
    .default({ township: 0.4, coHandler: 0.1, thirdParty: 0.1, resident: 0.1, timeliness: 0.3 }),
  /** Points deducted per supervision (督办), approved return (退单) and approved extension (延期). */
  deductions: z
    .object({ supervision: z.number().min(0), return: z.number().min(0), extension: z.number().min(0) })
    .default({ supervision: 2, return: 1, extension: 0.5 }),
});

export const CountyConfigSchema = z.object({
  about: z.string().optional(),
  county: z.object({
    code,
    name: z.string().min(1),
    whistleOffice: z.object({ code, name: z.string().min(1) }),
  }),
  departments: z.array(DepartmentSchema).min(1),
  matterTypes: z.array(MatterTypeSchema).min(1),
  urgentList: z.array(code).default([]),
  townships: z.array(TownshipSchema).min(1),
  slaDefaults: SlaDefaultsSchema.default({}),
  qrPoints: z.array(QrPointSchema).default([]),
  calendarOverrides: z.object({ workingDays: z.array(ymd).optional(), holidays: z.array(ymd).optional() }).optional(),
  /** Calendar days after resolution before an unrated case closes automatically (M-21). */
  ratingAutoCloseDays: z.number().int().positive().default(7),
  /** 三个必督 thresholds and 挂牌督办 response time (M-24); optional, defaults apply. */
  supervision: SupervisionConfigSchema.default({}),
  /** Weights of the departments' composite assessment (M-23); optional, defaults apply. */
  assessment: AssessmentConfigSchema.default({}),
});

export type CountyConfig = z.infer<typeof CountyConfigSchema>;
export type CountyInput = z.input<typeof CountyConfigSchema>;
export type Department = z.infer<typeof DepartmentSchema>;
export type MatterType = z.infer<typeof MatterTypeSchema>;
export type Township = z.infer<typeof TownshipSchema>;
export type Community = z.infer<typeof CommunitySchema>;
export type Grid = z.infer<typeof GridSchema>;
export type StationedAgency = z.infer<typeof StationedAgencySchema>;
export type DutyListName = keyof z.infer<typeof DutyListsSchema>;
export type QrPoint = z.infer<typeof QrPointSchema>;
export type SupervisionConfig = z.infer<typeof SupervisionConfigSchema>;
export type AssessmentConfig = z.infer<typeof AssessmentConfigSchema>;

export const DUTY_LIST_NAMES: readonly DutyListName[] = ['basic', 'cooperative', 'takenBack'];
export const DUTY_LIST_LABELS: Record<DutyListName, string> = {
  basic: '基本履职事项',
  cooperative: '配合履职事项',
  takenBack: '上级部门收回履职事项',
};

/** Referential integrity the schema alone cannot express. Returns Chinese problem descriptions. */
export function integrityProblems(c: CountyConfig): string[] {
  const problems: string[] = [];
  const dupes = (label: string, codes: string[]) => {
    const seen = new Set<string>();
    for (const x of codes) {
      if (seen.has(x)) problems.push(`${label}编码重复：${x}`);
      seen.add(x);
    }
    return seen;
  };
  const depts = dupes('部门', c.departments.map((d) => d.code));
  const matters = dupes('事项', c.matterTypes.map((m) => m.code));
  const units = dupes('单位', [
    c.county.code,
    ...c.townships.flatMap((t) => [t.code, ...t.communities.flatMap((cm) => [cm.code, ...cm.grids.map((g) => g.code)])]),
  ]);
  dupes('二维码点位', c.qrPoints.map((q) => q.code));
  const dept = (where: string, d: string) => {
    if (!depts.has(d)) problems.push(`${where}引用了不存在的部门：${d}`);
  };
  const matter = (where: string, m: string) => {
    if (!matters.has(m)) problems.push(`${where}引用了不存在的事项：${m}`);
  };

  for (const m of c.matterTypes) {
    dept(`事项 ${m.code} 的主办单位`, m.leadDept);
    m.coDepts.forEach((d) => dept(`事项 ${m.code} 的协办单位`, d));
    if (m.stationedAgencyDept) dept(`事项 ${m.code} 的派驻机构部门`, m.stationedAgencyDept);
  }
  c.urgentList.forEach((m) => matter('急哨清单', m));

  for (const t of c.townships) {
    const listed = new Set<string>();
    for (const list of DUTY_LIST_NAMES) {
      for (const m of t.dutyLists[list]) {
        matter(`${t.name}的${DUTY_LIST_LABELS[list]}`, m);
        if (listed.has(m)) problems.push(`${t.name}的三张清单中事项 ${m} 出现不止一次（M-2）`);
        listed.add(m);
      }
    }
    for (const [m, d] of Object.entries(t.leadOverrides)) {
      matter(`${t.name}的主办单位调整`, m);
      dept(`${t.name}的主办单位调整`, d);
    }
    t.stationedAgencies.forEach((a) => dept(`${t.name}的派驻机构 ${a.name}`, a.dept));
  }

  const gridCodes = new Set(c.townships.flatMap((t) => t.communities.flatMap((cm) => cm.grids.map((g) => g.code))));
  for (const q of c.qrPoints) {
    if (!gridCodes.has(q.grid)) problems.push(`二维码点位 ${q.code} 引用了不存在的网格：${q.grid}`);
    q.suggestedMatterTypes.forEach((m) => matter(`二维码点位 ${q.code}`, m));
  }
  if (units.has(c.county.whistleOffice.code)) problems.push(`吹哨办编码与行政单位重复：${c.county.whistleOffice.code}`);
  return problems;
}

/** Validate a county configuration; throws DomainError COUNTY_INVALID listing every problem. */
export function parseCounty(json: unknown): CountyConfig {
  const parsed = CountyConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`);
    throw new DomainError('COUNTY_INVALID', `县级配置数据有误：${issues.join('；')}`, { details: issues });
  }
  const problems = integrityProblems(parsed.data);
  if (problems.length) {
    throw new DomainError('COUNTY_INVALID', `县级配置数据有误：${problems.join('；')}`, { details: problems });
  }
  return parsed.data;
}
