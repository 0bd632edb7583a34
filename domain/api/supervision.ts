// The supervision function's actions (挂牌督办 and 三个必督, M-24): the whistle office lists, presses and
// closes; the named township / department responds; leaders read the board.
import { z } from 'zod';
import type { WorkCalendar } from '../calendar';
import type { Org } from '../org';
import {
  SUPERVISION_KIND_LABELS,
  SUPERVISION_STATE_LABELS,
  SUPERVISION_STEP_LABELS,
  boardState,
  type SupervisionBoardState,
  type SupervisionDoc,
  type SupervisionKind,
} from '../supervision';
import { defineAction } from './spec';
import { codeSchema, fileIdSchema, idSchema, pageSchema } from './inputs';
import { actorView, type ActorView } from './whistle-views';

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const text = (what: string) => z.string().trim().min(2, `请填写${what}`).max(1000, `${what}请控制在1000字以内`);
const kinds = z.enum(['concentrated', 'near_due', 'overdue', 'other']);

export const listSupervisionInput = z.object({
  entity: z.enum(['case', 'whistle']),
  id: idSchema,
  kind: kinds,
  reason: text('督办事由'),
  /** Required response day; default: county `supervision.responseWorkingDays` working days. */
  respondBy: ymd.optional(),
  /** Whistles: the department that must respond (default the lead department). */
  dept: codeSchema.optional(),
});

const stepBase = z.object({ supervisionId: idSchema, expectedVersion: z.number().int().min(1) });
export const respondSupervisionInput = stepBase.extend({ text: text('回复内容'), photos: z.array(fileIdSchema).max(9, '最多上传9张照片').default([]) });
export const pressSupervisionInput = stepBase.extend({ text: text('督办要求'), respondBy: ymd.optional() });
export const closeSupervisionInput = stepBase.extend({ text: text('办结意见') });

export const boardInput = pageSchema.extend({
  state: z.enum(['awaiting', 'responded', 'closed', 'late']).optional(),
  kind: kinds.optional(),
  entity: z.enum(['case', 'whistle']).optional(),
});

export const flagsInput = z.object({ flag: z.enum(['near_due', 'overdue', 'concentrated']) });

export interface SupervisionView {
  id: string;
  version: number;
  target: SupervisionDoc['target'] & { page: string };
  township: string;
  townshipName: string;
  kind: SupervisionKind;
  kindLabel: string;
  respondent: SupervisionDoc['respondent'] & { name: string };
  state: SupervisionBoardState;
  stateLabel: string;
  respondBy: string;
  steps: { action: string; label: string; at: string; text: string; photos: string[]; respondBy?: string; by: ActorView }[];
  createdAt: string;
  updatedAt: string;
  /** What this viewer may do now. */
  actions: { action: 'respond' | 'press' | 'close'; label: string }[];
}

export interface FlaggedItem {
  entity: 'case' | 'whistle';
  id: string;
  no: string;
  title: string;
  township: string;
  townshipName: string;
  /** The deadline the flag is about (临期 / 超期未结). */
  due: string | null;
  page: string;
}

export interface ClusterView {
  by: 'matterType' | 'grid';
  key: string;
  label: string;
  reporters: number;
  townships: number;
  reasons: string[];
  cases: { id: string; no: string; title: string; township: string }[];
}

export type FlagsReply = { flag: 'near_due' | 'overdue'; items: FlaggedItem[] } | { flag: 'concentrated'; clusters: ClusterView[]; windowDays: number };

export interface ViewEnv {
  org: Org;
  calendar: WorkCalendar;
  now: Date;
}

export const targetPage = (entity: 'case' | 'whistle', id: string) => (entity === 'whistle' ? `/staff/whistle/index?id=${id}` : `/staff/case/index?id=${id}`);

export function toSupervisionView(doc: SupervisionDoc, env: ViewEnv, actions: SupervisionView['actions'] = []): SupervisionView {
  const state = boardState(doc, env.now);
  return {
    id: doc._id,
    version: doc.version,
    target: { ...doc.target, page: targetPage(doc.target.entity, doc.target.id) },
    township: doc.township,
    townshipName: env.org.unitName(doc.township),
    kind: doc.kind,
    kindLabel: SUPERVISION_KIND_LABELS[doc.kind],
    respondent: { ...doc.respondent, name: env.org.unitName(doc.respondent.unit) },
    state,
    stateLabel: SUPERVISION_STATE_LABELS[state],
    respondBy: doc.respondBy,
    steps: doc.steps.map((s) => {
      const v = { action: s.action, label: SUPERVISION_STEP_LABELS[s.action], at: s.at, text: s.text, photos: s.photos, by: actorView(s.by, env) };
      return s.respondBy ? { ...v, respondBy: s.respondBy } : v;
    }),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    actions,
  };
}

export const supervisionApi = {
  /** 挂牌督办 a case or whistle (吹哨办 only). */
  list: defineAction<SupervisionView>()(listSupervisionInput),
  respond: defineAction<SupervisionView>()(respondSupervisionInput),
  press: defineAction<SupervisionView>()(pressSupervisionInput),
  close: defineAction<SupervisionView>()(closeSupervisionInput),
  /** The board (吹哨办; leaders read-only): every listed item, newest first, with filters. */
  board: defineAction<{ items: SupervisionView[]; nextCursor: string | null; counts: Record<SupervisionBoardState, number> }>()(boardInput),
  /** Items listed for the caller's department / township (their inbox badge and section). */
  mine: defineAction<{ items: SupervisionView[]; open: number }>()(z.object({ role: z.enum(['department', 'township']).optional() })),
  /** Supervisions of one case or whistle (its detail page). */
  forTarget: defineAction<SupervisionView[]>()(z.object({ entity: z.enum(['case', 'whistle']), id: idSchema })),
  /** 三个必督: automatic 临期 / 超期未结 lists and 集中反映 clusters. */
  flags: defineAction<FlagsReply>()(flagsInput),
};
