// Fine-grained configuration edits as pure functions: current config + request → next config, a Chinese
// summary and the changed part before/after. Validation of the result is left to parseCounty (config-store.ts).
import type { z } from 'zod';
import { DUTY_LIST_LABELS, DUTY_LIST_NAMES, DomainError, dutyListOf, type Community, type CountyConfig, type Grid, type QrPoint, type Township } from '../../domain';
import type { setDutyListInput, setLeadOverrideInput, setUrgentListInput, upsertCommunityInput, upsertGridInput, upsertPlaceInput } from '../../domain/api/admin';

export interface Edit {
  next: CountyConfig;
  summary: string;
  before: unknown;
  after: unknown;
}

type In<S extends z.ZodTypeAny> = z.output<S>;

function township(c: CountyConfig, code: string): Township {
  const t = c.townships.find((x) => x.code === code);
  if (!t) throw new DomainError('NOT_FOUND', `未找到乡镇（街道）：${code}`, { rule: 'M-1' });
  return t;
}

function matterName(c: CountyConfig, code: string): string {
  const m = c.matterTypes.find((x) => x.code === code);
  if (!m) throw new DomainError('NOT_FOUND', `未找到事项类型：${code}`, { rule: 'M-2' });
  return m.name;
}

const deptName = (c: CountyConfig, code: string) => c.departments.find((d) => d.code === code)?.shortName ?? code;

/** Edits work on a copy; the caller's config (shared by the county cache) is never mutated. */
const copy = (c: CountyConfig): CountyConfig => structuredClone(c);

export function setDutyList(current: CountyConfig, input: In<typeof setDutyListInput>): Edit {
  const next = copy(current);
  const t = township(next, input.township);
  const name = matterName(next, input.matterType);
  if (input.list && next.matterTypes.find((m) => m.code === input.matterType)?.kind === 'service') {
    throw new DomainError('VALIDATION', `「${name}」属于服务需求，不列入三张清单（M-7）`, { rule: 'M-7' });
  }
  const from = dutyListOf(t, input.matterType);
  for (const list of DUTY_LIST_NAMES) t.dutyLists[list] = t.dutyLists[list].filter((m) => m !== input.matterType);
  if (input.list) t.dutyLists[input.list].push(input.matterType);
  const label = (l: typeof from) => (l ? DUTY_LIST_LABELS[l] : '未列入清单');
  return {
    next,
    summary: `将${t.name}「${name}」由${label(from)}调整为${label(input.list)}（M-2）`,
    before: { township: t.code, matterType: input.matterType, list: from },
    after: { township: t.code, matterType: input.matterType, list: input.list },
  };
}

export function setLeadOverride(current: CountyConfig, input: In<typeof setLeadOverrideInput>): Edit {
  const next = copy(current);
  const t = township(next, input.township);
  const name = matterName(next, input.matterType);
  const from = t.leadOverrides[input.matterType] ?? null;
  if (input.dept) t.leadOverrides[input.matterType] = input.dept;
  else delete t.leadOverrides[input.matterType];
  return {
    next,
    summary: input.dept
      ? `${t.name}「${name}」的主办单位调整为${deptName(next, input.dept)}`
      : `取消${t.name}「${name}」的主办单位调整，恢复默认主办单位`,
    before: { township: t.code, matterType: input.matterType, dept: from },
    after: { township: t.code, matterType: input.matterType, dept: input.dept },
  };
}

export function setUrgentList(current: CountyConfig, input: In<typeof setUrgentListInput>): Edit {
  const next = copy(current);
  const list = [...new Set(input.matterTypes)];
  const services = next.matterTypes.filter((m) => m.kind === 'service' && list.includes(m.code));
  if (services.length) {
    throw new DomainError('VALIDATION', `服务需求不能列入急哨清单（M-7）：${services.map((m) => m.name).join('、')}`, { rule: 'M-13' });
  }
  const added = list.filter((m) => !current.urgentList.includes(m));
  const removed = current.urgentList.filter((m) => !list.includes(m));
  const names = (codes: string[]) => codes.map((m) => next.matterTypes.find((x) => x.code === m)?.name ?? m).join('、');
  next.urgentList = list;
  const parts = [added.length ? `新增${names(added)}` : '', removed.length ? `移出${names(removed)}` : ''].filter(Boolean);
  return {
    next,
    summary: `调整急哨清单：${parts.join('；') || '无变化'}（M-13）`,
    before: current.urgentList,
    after: list,
  };
}

function communityOf(c: CountyConfig, code: string): { township: Township; community: Community } | undefined {
  for (const t of c.townships) {
    const community = t.communities.find((x) => x.code === code);
    if (community) return { township: t, community };
  }
  return undefined;
}

/** Replace an item with the same code, or append it; returns the previous item (null when new). */
function upsert<T extends { code: string }>(items: T[], item: T): T | null {
  const i = items.findIndex((x) => x.code === item.code);
  if (i < 0) {
    items.push(item);
    return null;
  }
  const before = items[i];
  items[i] = item;
  return before;
}

export function upsertGrid(current: CountyConfig, input: In<typeof upsertGridInput>): Edit {
  const next = copy(current);
  const target = communityOf(next, input.community);
  if (!target) throw new DomainError('NOT_FOUND', `未找到村（社区）：${input.community}`, { rule: 'M-1' });
  const owner = next.townships.flatMap((t) => t.communities).find((cm) => cm.grids.some((g) => g.code === input.grid.code));
  if (owner && owner.code !== input.community) {
    throw new DomainError('VALIDATION', `网格编码 ${input.grid.code} 已属于${owner.name}，不能移到其他社区`, { rule: 'M-1' });
  }
  const grid: Grid = input.grid;
  const before = upsert(target.community.grids, grid);
  return {
    next,
    summary: `${before ? '修改' : '新增'}网格：${target.township.name}${target.community.name}${grid.name}（${grid.code}）`,
    before,
    after: grid,
  };
}

export function upsertCommunity(current: CountyConfig, input: In<typeof upsertCommunityInput>): Edit {
  const next = copy(current);
  const t = township(next, input.township);
  const existing = communityOf(next, input.community.code);
  if (existing && existing.township.code !== t.code) {
    throw new DomainError('VALIDATION', `村（社区）编码 ${input.community.code} 已属于${existing.township.name}，不能移到其他乡镇（街道）`, { rule: 'M-1' });
  }
  if (!existing && !input.grids?.length) throw new DomainError('VALIDATION', '新建村（社区）至少需要一个网格（M-1）', { rule: 'M-1' });
  const community: Community = existing
    ? { ...existing.community, ...input.community }
    : { ...input.community, grids: input.grids ?? [] };
  const before = upsert(t.communities, community);
  const brief = (cm: Community | null) => cm && { code: cm.code, name: cm.name, kind: cm.kind, grids: cm.grids.map((g) => g.code) };
  return {
    next,
    summary: `${before ? '修改' : '新增'}村（社区）：${t.name}${community.name}（${community.code}）`,
    before: brief(before),
    after: brief(community),
  };
}

/** The grid with this code and where it lies, or undefined. */
export function gridOf(c: CountyConfig, code: string): { township: Township; community: Community; grid: Grid } | undefined {
  for (const township of c.townships) {
    for (const community of township.communities) {
      const grid = community.grids.find((g) => g.code === code);
      if (grid) return { township, community, grid };
    }
  }
  return undefined;
}

export function upsertPlace(current: CountyConfig, input: In<typeof upsertPlaceInput>): Edit {
  const next = copy(current);
  const where = gridOf(next, input.place.grid);
  if (!where) throw new DomainError('NOT_FOUND', `未找到网格：${input.place.grid}`, { rule: 'M-1' });
  const types = [...new Set(input.place.suggestedMatterTypes)];
  const names = types.map((m) => matterName(next, m));
  const place: QrPoint = { ...input.place, suggestedMatterTypes: types };
  const before = upsert(next.qrPoints, place);
  const suggested = names.length ? `，推荐事项：${names.join('、')}` : '';
  return {
    next,
    summary: `${before ? '修改' : '新增'}二维码点位：${place.name}（${place.code}），${where.township.name}${where.community.name}${where.grid.name}${suggested}`,
    before,
    after: place,
  };
}

/** Whole-configuration replace: the changed top-level sections only. The county code never changes. */
export function replaceCounty(current: CountyConfig, next: CountyConfig): Edit {
  if (next.county.code !== current.county.code) {
    throw new DomainError('VALIDATION', `不能修改县编码（${current.county.code}）：已有事项和人员绑定引用它`);
  }
  const keys = [...new Set([...Object.keys(current), ...Object.keys(next)])] as (keyof CountyConfig)[];
  const changed = keys.filter((k) => JSON.stringify(current[k]) !== JSON.stringify(next[k]));
  const pick = (c: CountyConfig) => Object.fromEntries(changed.map((k) => [k, c[k] ?? null]));
  return {
    next,
    summary: `整体更新县级配置：${changed.join('、') || '无变化'}`,
    before: pick(current),
    after: pick(next),
  };
}
