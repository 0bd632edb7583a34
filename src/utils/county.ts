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
