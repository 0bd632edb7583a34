// admin: the county configuration (org tree, three lists, lead overrides, 急哨清单 — M-1, M-2, M-13) and
// people's role bindings and QR places (codes, posters), by the 吹哨办 or a system administrator. Every change is versioned and audited.
import { parseCounty } from '../../domain';
import { api } from '../../domain/api';
import { loadCounty } from '../../server/county';
import { createFunction } from '../../server/handler';
import { configHistory, editCounty, editorOf, readCounty } from './config-store';
import * as edits from './edits';
import { changeBinding, listPeople } from './people';
import { listPlaces, placeCode, placePoster } from './places';

export const main = createFunction(api.admin, {
  async getCounty(ctx) {
    await editorOf(ctx);
    return readCounty(ctx.db);
  },

  updateCounty: (ctx, { county, ...meta }) => editCounty(ctx, 'updateCounty', meta, (current) => edits.replaceCounty(current, parseCounty(county))),
  setDutyList: (ctx, input) => editCounty(ctx, 'setDutyList', input, (current) => edits.setDutyList(current, input)),
  setLeadOverride: (ctx, input) => editCounty(ctx, 'setLeadOverride', input, (current) => edits.setLeadOverride(current, input)),
  setUrgentList: (ctx, input) => editCounty(ctx, 'setUrgentList', input, (current) => edits.setUrgentList(current, input)),
  upsertGrid: (ctx, input) => editCounty(ctx, 'upsertGrid', input, (current) => edits.upsertGrid(current, input)),
  upsertCommunity: (ctx, input) => editCounty(ctx, 'upsertCommunity', input, (current) => edits.upsertCommunity(current, input)),

  upsertPlace: (ctx, input) => editCounty(ctx, 'upsertPlace', input, (current) => edits.upsertPlace(current, input)),

  async listPlaces(ctx) {
    await editorOf(ctx);
    return listPlaces(ctx);
  },

  async placeCode(ctx, input) {
    return placeCode(ctx, await editorOf(ctx), input.code);
  },

  async placePoster(ctx, input) {
    return placePoster(ctx, await editorOf(ctx), input.code);
  },

  async history(ctx, input) {
    await editorOf(ctx);
    return configHistory(ctx.db, input.cursor, input.limit);
  },

  async listPeople(ctx, input) {
    await editorOf(ctx);
    return listPeople(ctx, await loadCounty(ctx.db), input);
  },

  async bindRole(ctx, input) {
    return changeBinding(ctx, await loadCounty(ctx.db), await editorOf(ctx), input, 'bind');
  },

  async unbindRole(ctx, input) {
    return changeBinding(ctx, await loadCounty(ctx.db), await editorOf(ctx), input, 'unbind');
  },
});
