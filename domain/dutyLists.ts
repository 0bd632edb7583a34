// Three duty lists, routing and the whistle boundary (M-2, M-3, M-7, M-13, M-16).
import { DUTY_LIST_LABELS, DUTY_LIST_NAMES, type CountyConfig, type DutyListName, type MatterType, type StationedAgency, type Township } from './county';
import { DomainError } from './errors';

export interface Route {
  /** township: handle locally; stationed: the township's stationed agency first; whistle: may whistle; service: service scheduling. */
  handler: 'township' | 'stationed' | 'whistle' | 'service';
  list: DutyListName | null;
  /** Proposed lead department (M-15, M-16) — township override applied. */
  lead?: string;
  co?: string[];
  stationedAgency?: StationedAgency;
  /** On the county's 急哨清单 (M-13). */
  urgentEligible: boolean;
  rule: string;
  /** Chinese explanation citing the rule. */
  reason: string;
}

export function matterTypeOf(county: CountyConfig, code: string): MatterType {
  const m = county.matterTypes.find((x) => x.code === code);
  if (!m) throw new DomainError('NOT_FOUND', `未找到事项类型：${code}`, { rule: 'M-2' });
  return m;
}

function townshipOf(county: CountyConfig, code: string): Township {
  const t = county.townships.find((x) => x.code === code);
  if (!t) throw new DomainError('NOT_FOUND', `未找到乡镇（街道）：${code}`, { rule: 'M-1' });
  return t;
}

export function dutyListOf(township: Township, matterType: string): DutyListName | null {
  return DUTY_LIST_NAMES.find((l) => township.dutyLists[l].includes(matterType)) ?? null;
}

export function isUrgentEligible(county: CountyConfig, matterType: string): boolean {
  return county.urgentList.includes(matterType);
}

/** Lead and co-handling departments for a township: the override lead takes over, the default lead joins the co-handlers. */
export function departmentsFor(county: CountyConfig, matter: MatterType, township: Township): { lead: string; co: string[] } {
  const lead = township.leadOverrides[matter.code] ?? matter.leadDept;
  const co = [...matter.coDepts, matter.leadDept].filter((d, i, all) => d !== lead && all.indexOf(d) === i);
  return { lead, co };
}

const deptName = (county: CountyConfig, code: string) => county.departments.find((d) => d.code === code)?.shortName ?? code;

/** Where a matter of this type in this township goes (M-2, M-3, M-7). */
export function routeMatter(county: CountyConfig, matterType: string, townshipCode: string): Route {
  const matter = matterTypeOf(county, matterType);
  const township = townshipOf(county, townshipCode);
  const urgentEligible = isUrgentEligible(county, matterType);
  const { lead, co } = departmentsFor(county, matter, township);
  const subject = `「${matter.name}」`;

  if (matter.kind === 'service') {
    return {
      handler: 'service',
      list: null,
      lead,
      co,
      urgentEligible: false,
      rule: 'M-7',
      reason: `${subject}属于服务需求，转入服务排班流程，由${deptName(county, lead)}等单位提供服务（M-7、M-26）`,
    };
  }

  const list = dutyListOf(township, matterType);
  if (list === 'basic') {
    return {
      handler: 'township',
      list,
      urgentEligible,
      rule: 'M-3',
      reason: `${subject}属于${township.name}${DUTY_LIST_LABELS.basic}，由乡镇（街道）自行处理，不吹哨（M-2、M-3）`,
    };
  }
  if (list === null) {
    return {
      handler: 'township',
      list,
      lead,
      co,
      urgentEligible,
      rule: 'M-2',
      reason: `${subject}未列入${township.name}三张清单，由乡镇（街道）研判处理（M-2）`,
    };
  }

  const agency = matter.stationedAgencyDept ? township.stationedAgencies.find((a) => a.dept === matter.stationedAgencyDept) : undefined;
  if (agency) {
    return {
      handler: 'stationed',
      list,
      lead,
      co,
      stationedAgency: agency,
      urgentEligible,
      rule: 'M-3',
      reason: `${subject}可由派驻机构${agency.name}就地协调解决，先由派驻机构处理，不吹哨（M-3）`,
    };
  }
  return {
    handler: 'whistle',
    list,
    lead,
    co,
    urgentEligible,
    rule: 'M-3',
    reason: `${subject}属于${township.name}${DUTY_LIST_LABELS[list]}，可吹哨，由${deptName(county, lead)}主办${
      co.length ? `、${co.map((d) => deptName(county, d)).join('、')}协办` : ''
    }（M-2、M-3、M-15）`,
  };
}

export type BoundaryCheck = { ok: true } | { ok: false; code: 'WHISTLE_BOUNDARY'; message: string; rule: string };

export interface BoundaryOptions {
  /** 急哨 requested: urgent-list matters may always whistle (M-3 "any emergency"). */
  urgent?: boolean;
  /** The stationed agency already tried local coordination and could not solve it (recorded text). */
  stationedTried?: string | null;
}

/** 两不吹 (M-3): never basic duties, never what a stationed agency can solve locally. */
export function checkWhistleBoundary(county: CountyConfig, matterType: string, township: string, opts: BoundaryOptions = {}): BoundaryCheck {
  const route = routeMatter(county, matterType, township);
  if (opts.urgent && route.urgentEligible && route.handler !== 'service') return { ok: true };
  const refuse = (message: string, rule = 'M-3'): BoundaryCheck => ({ ok: false, code: 'WHISTLE_BOUNDARY', message, rule });
  switch (route.handler) {
    case 'whistle':
      return { ok: true };
    case 'stationed':
      return opts.stationedTried?.trim() ? { ok: true } : refuse(route.reason);
    case 'service':
      return refuse(`${route.reason}，不吹哨`, 'M-7');
    case 'township':
      return refuse(route.list === 'basic' ? route.reason : `${route.reason}，不吹哨（M-3）`);
  }
}
