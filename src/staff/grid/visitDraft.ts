// The visit form's state and its checks (M-9: register at once, or 当场解决 with the result).
import type { CountyInfo, WhoAmI } from '../../../domain/api'
import type { OptionGroup } from '../../components/OptionPicker'

export interface VisitDraft {
  clientRequestId: string
  text: string
  grid: string | null
  address: string
  matterType: string | null
  resolvedOnSpot: boolean
  result: string
}

export const VISIT_MIN_TEXT = 5

/** Grids the caller may register in: their own grids (grid worker), their community's grids (party member). */
export function visitGridGroups(county: CountyInfo, me: WhoAmI): OptionGroup[] {
  const gridUnits = new Set(me.bindings.filter((b) => b.role === 'grid_worker').map((b) => b.unit))
  const communityUnits = new Set(me.bindings.filter((b) => b.role === 'party_member').map((b) => b.unit))
  return county.townships.flatMap((t) =>
    t.communities.flatMap((c) => {
      const options = c.grids.filter((g) => gridUnits.has(g.code) || communityUnits.has(c.code)).map((g) => ({ value: g.code, label: g.name, hint: c.name }))
      return options.length ? [{ key: c.code, label: `${t.name} · ${c.name}`, options }] : []
    }),
  )
}

/** Only a grid worker of the chosen grid may resolve on the spot (the server checks the same, M-8). */
export function canResolveOnSpot(me: WhoAmI, grid: string | null): boolean {
  return Boolean(grid) && me.bindings.some((b) => b.role === 'grid_worker' && b.unit === grid)
}

export function validateVisit(d: VisitDraft): { text?: string; grid?: string; result?: string } {
  const errors: { text?: string; grid?: string; result?: string } = {}
  if (d.text.trim().length < VISIT_MIN_TEXT) errors.text = '请至少写5个字，说清楚发现的问题'
  if (!d.grid) errors.grid = '请选择网格'
  if (d.resolvedOnSpot && !d.result.trim()) errors.result = '请写明当场是怎么解决的'
  return errors
}
