// The admin function's actions: the county configuration (M-1, M-2, M-13) and people's role bindings,
// edited by the 吹哨办 or a system administrator. Every configuration edit carries the version the editor
// saw (optimistic concurrency) and leaves a history entry.
import { z } from 'zod';
import { GridSchema } from '../county';
import type { CountyConfig, DutyListName, QrPoint } from '../county';
import type { ActorRef, Role } from '../types';
import { defineAction } from './spec';
import { codeSchema, idSchema, pageSchema } from './inputs';

/** Every configuration edit: the version it was based on and an optional reason kept in the history. */
const editMeta = {
  expectedVersion: z.number().int().min(0),
  reason: z.string().trim().max(200).default(''),
};

export const ADMIN_EDITOR_ROLES = ['admin', 'whistle_office'] as const satisfies readonly Role[];
/** Roles an administrator can grant; `resident` is everyone's implicit role. */
export const BINDABLE_ROLES = ['rider', 'grid_worker', 'community', 'township', 'whistle_office', 'department', 'leader', 'admin', 'party_member'] as const satisfies readonly Role[];

export const updateCountyInput = z.object({ ...editMeta, county: z.record(z.unknown()) });

export const setDutyListInput = z.object({
  ...editMeta,
  township: codeSchema,
  matterType: codeSchema,
  /** null: take the matter type off all three lists of this township. */
  list: z.enum(['basic', 'cooperative', 'takenBack']).nullable(),
});

export const setLeadOverrideInput = z.object({
  ...editMeta,
  township: codeSchema,
  matterType: codeSchema,
  /** null: back to the matter type's default lead department. */
  dept: codeSchema.nullable(),
});

export const setUrgentListInput = z.object({ ...editMeta, matterTypes: z.array(codeSchema).max(500) });

export const upsertGridInput = z.object({ ...editMeta, community: codeSchema, grid: GridSchema.extend({ code: codeSchema }) });

export const upsertCommunityInput = z.object({
  ...editMeta,
  township: codeSchema,
  community: z.object({ code: codeSchema, name: z.string().trim().min(1).max(60), kind: z.string().trim().min(1).max(20) }),
  /** Required when the community is new (a community has at least one grid); ignored otherwise — edit grids with upsertGrid. */
  grids: z.array(GridSchema.extend({ code: codeSchema })).max(200).optional(),
});

/** A QR place code doubles as the mini-program code's scene (≤ 32 visible characters): kept short and plain. */
export const placeCodeSchema = z.string().trim().min(1).max(24).regex(/^[a-z0-9-]+$/, '点位编码只能使用小写字母、数字和短横线，最多24位');

export const upsertPlaceInput = z.object({
  ...editMeta,
  place: z.object({
    code: placeCodeSchema,
    name: z.string().trim().min(1, '请填写点位名称').max(40, '点位名称请控制在40字以内'),
    grid: codeSchema,
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    suggestedMatterTypes: z.array(codeSchema).max(20).default([]),
  }),
});

export const placeInput = z.object({ code: placeCodeSchema });

/** The page a scanned place code opens; it reads the place code from `scene`. */
export const PLACE_CODE_PAGE = 'pages/report/index';

export const historyInput = pageSchema;

export const listPeopleInput = pageSchema.extend({
  unit: codeSchema.optional(),
  role: z.enum(BINDABLE_ROLES).optional(),
});

/** The TARGET person of a binding change: by person id, or by OPENID for someone not yet registered. */
export const bindingInput = z
  .object({
    targetPersonId: idSchema.optional(),
    targetOpenid: z.string().trim().min(1).max(128).optional(),
    /** Name recorded when the person is registered by this call. */
    name: z.string().trim().max(40).optional(),
    role: z.enum(BINDABLE_ROLES),
    /** Grid, community, township, department or county code as the role requires; '' for rider. */
    unit: z.string().trim().max(64),
    reason: z.string().trim().max(200).default(''),
  })
  .refine((v) => !!v.targetPersonId !== !!v.targetOpenid, { message: '请指定人员编号或 OPENID 之一', path: ['targetPersonId'] });

export type ConfigEditAction = 'updateCounty' | 'setDutyList' | 'setLeadOverride' | 'setUrgentList' | 'upsertGrid' | 'upsertCommunity' | 'upsertPlace';

export interface ConfigChange {
  version: number;
  at: string;
  by: ActorRef;
  action: ConfigEditAction;
  /** Chinese one-line description. */
  summary: string;
  reason: string;
  /** The changed part only. */
  before: unknown;
  after: unknown;
}

export interface ConfigEditResult {
  /** The configuration's version now (unchanged when the edit changed nothing). */
  version: number;
  changed: boolean;
  change: ConfigChange | null;
}

export interface PersonView {
  personId: string;
  name: string;
  /** Masked (138****1234). */
  phone: string;
  title: string;
  bindings: { role: Role; unit: string; roleLabel: string; unitName: string }[];
}

export interface BindingResult {
  person: PersonView;
  changed: boolean;
}

/** A QR place with the names an editor sees; `hasCode`: its mini-program code was generated (codes are permanent). */
export interface PlaceView extends QrPoint {
  gridName: string;
  hasCode: boolean;
}

export interface PlaceList {
  items: PlaceView[];
  /** The configuration version to pass as `expectedVersion` to upsertPlace. */
  version: number;
}

/** A stored mini-program code: generated once per place, reused afterwards. */
export interface PlaceCodeResult {
  fileID: string;
  /** Temporary download URL. */
  url: string;
  scene: string;
  page: string;
}

export interface PlacePosterResult {
  fileID: string;
  url: string;
  width: number;
  height: number;
}

export type { DutyListName };

export const adminApi = {
  getCounty: defineAction<{ county: CountyConfig; version: number; updatedAt: string | null }>()(z.object({})),
  /** Replace the whole configuration (validated by parseCounty and its integrity rules). */
  updateCounty: defineAction<ConfigEditResult>()(updateCountyInput),
  /** Move a matter type between a township's three lists (M-2). */
  setDutyList: defineAction<ConfigEditResult>()(setDutyListInput),
  /** Per-township lead department (一地一策, M-2, M-16). */
  setLeadOverride: defineAction<ConfigEditResult>()(setLeadOverrideInput),
  /** The county's 急哨清单 (M-13). */
  setUrgentList: defineAction<ConfigEditResult>()(setUrgentListInput),
  upsertGrid: defineAction<ConfigEditResult>()(upsertGridInput),
  upsertCommunity: defineAction<ConfigEditResult>()(upsertCommunityInput),
  /** Create or edit a QR place (name, grid, location, suggested matter types). */
  upsertPlace: defineAction<ConfigEditResult>()(upsertPlaceInput),
  listPlaces: defineAction<PlaceList>()(z.object({})),
  /** The place's mini-program code (wxacode.getUnlimited, scene = place code), generated once and stored. */
  placeCode: defineAction<PlaceCodeResult>()(placeInput),
  /** A printable poster PNG carrying the place's code. */
  placePoster: defineAction<PlacePosterResult>()(placeInput),
  /** Configuration changes, newest first. */
  history: defineAction<{ items: ConfigChange[]; nextCursor: string | null }>()(historyInput),
  listPeople: defineAction<{ items: PersonView[]; nextCursor: string | null }>()(listPeopleInput),
  bindRole: defineAction<BindingResult>()(bindingInput),
  unbindRole: defineAction<BindingResult>()(bindingInput),
};
