// config.county's reply built from the reference county the way the function builds it (shared by tests).
import countyJson from '../../data/county.json'
import type { CountyInfo } from '../../domain/api'

export const countyInfo: CountyInfo = {
  county: { code: countyJson.county.code, name: countyJson.county.name },
  departments: countyJson.departments,
  townships: countyJson.townships.map((t) => ({
    code: t.code,
    name: t.name,
    communities: t.communities.map((c) => ({
      code: c.code,
      name: c.name,
      grids: c.grids.map((g) => ({ code: g.code, name: g.name, center: g.center })),
    })),
  })),
  matterTypes: countyJson.matterTypes.map((m) => ({ code: m.code, name: m.name, group: m.group, kind: m.kind, urgentEligible: countyJson.urgentList.includes(m.code) })),
  qrPoints: countyJson.qrPoints,
}
