// config: the public part of the county configuration (places, grids, matter types) for forms.
import { api } from '../../domain/api';
import { createFunction } from '../../server/handler';
import { loadCounty } from '../../server/county';

export const main = createFunction(api.config, {
  async county(ctx) {
    const { county } = await loadCounty(ctx.db);
    return {
      county: { code: county.county.code, name: county.county.name },
      departments: county.departments.map((d) => ({ code: d.code, name: d.name, shortName: d.shortName })),
      townships: county.townships.map((t) => ({
        code: t.code,
        name: t.name,
        communities: t.communities.map((c) => ({ code: c.code, name: c.name, grids: c.grids.map((g) => ({ code: g.code, name: g.name, center: g.center })) })),
      })),
      matterTypes: county.matterTypes.map((m) => ({ code: m.code, name: m.name, group: m.group, kind: m.kind, urgentEligible: county.urgentList.includes(m.code) })),
      qrPoints: county.qrPoints.map((p) => ({ ...p, suggestedMatterTypes: p.suggestedMatterTypes ?? [] })),
    };
  },
});
