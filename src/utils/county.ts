import type { CountyInfo } from '../../domain/api'
import type { OptionGroup } from '../components/OptionPicker'

/** Matter types by their group (安全, 市容, …); `urgentHint` marks those on the county's 急哨清单. */
export function matterGroups(county: CountyInfo, urgentHint?: string): OptionGroup[] {
  const groups = new Map<string, OptionGroup>()
  for (const m of county.matterTypes) {
    const group = groups.get(m.group) ?? { key: m.group, label: m.group, options: [] }
    group.options.push(urgentHint && m.urgentEligible ? { value: m.code, label: m.name, hint: urgentHint } : { value: m.code, label: m.name })
    groups.set(m.group, group)
  }
  return [...groups.values()]
}

/** The township (街道/乡镇) code a grid belongs to, or null. */
export function townshipOfGrid(county: CountyInfo, grid: string): string | null {
  return county.townships.find((t) => t.communities.some((c) => c.grids.some((g) => g.code === grid)))?.code ?? null
}

/** Townships, then their grids (the community as a hint): for a grid chooser. */
export function gridGroups(county: CountyInfo): OptionGroup[] {
  return county.townships.map((t) => ({
    key: t.code,
    label: t.name,
    options: t.communities.flatMap((c) => c.grids.map((g) => ({ value: g.code, label: g.name, hint: c.name }))),
  }))
}

/** The matter types on the county's 急哨清单 (one-tap hazards), fire lanes first. */
export function urgentMatters(county: CountyInfo): CountyInfo['matterTypes'] {
  const urgent = county.matterTypes.filter((m) => m.urgentEligible)
  const first = (name: string) => (name.includes('消防通道') ? 0 : 1)
  return urgent.sort((a, b) => first(a.name) - first(b.name))
}
