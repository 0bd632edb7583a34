// The stats function's actions: dashboards (M-28), 一类事 hot spots and governance notes (M-29).
import { z } from 'zod';
import type { Counters, Headline, StatsScope } from '../stats';
import { defineAction } from './spec';
import { codeSchema } from './inputs';

const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** Longest period one query may cover: about three years of day summaries. */
export const MAX_PERIOD_DAYS = 1100;

export const areaInput = z.object({
  scope: z.enum(['county', 'township', 'community', 'grid']),
  /** Area code; defaults to the caller's own area. */
  area: codeSchema.optional(),
});

export const periodInput = areaInput.extend({ from: daySchema, to: daySchema });

export const dashboardInput = periodInput.extend({ granularity: z.enum(['day', 'week', 'month']).default('month') });

export const noteInput = z.object({
  scope: z.enum(['county', 'township', 'community', 'grid']),
  area: codeSchema,
  matterType: codeSchema,
  note: z.string().trim().min(5, '请至少写5个字，说明治理措施').max(1000, '请控制在1000字以内'),
  from: daySchema.optional(),
  to: daySchema.optional(),
});

export const notesInput = areaInput.extend({ matterType: codeSchema.optional() });

export interface AreaRef {
  scope: StatsScope;
  code: string;
  name: string;
}

export interface Breakdown {
  code: string;
  name: string;
  counts: Counters;
  satisfaction: number | null;
  onTimeRate: number | null;
}

export interface DashboardView {
  area: AreaRef;
  from: string;
  to: string;
  headline: Headline;
  /** Whistles are township affairs: community and grid views have no whistle figures. */
  whistleFigures: boolean;
  trend: { bucket: string; counts: Counters }[];
  byType: Breakdown[];
  byDept: Breakdown[];
  /** Open now and past due: cases awaiting a claim past the limit (M-11), live whistles past completion (M-18). */
  overdue: { cases: number; whistles: number };
  /** How many summary documents the figures were summed from (bounded by the period's days). */
  summaries: number;
}

export interface HotSpotView {
  area: AreaRef;
  from: string;
  to: string;
  total: number;
  types: { code: string; name: string; count: number }[];
  byHour: number[];
  /** Monday first. */
  byWeekday: number[];
  /** Recurring matter type × grid clusters, most first. */
  clusters: { grid: string; gridName: string; matterType: string; typeName: string; count: number; lat: number | null; lng: number | null; notes: number }[];
  /** Collected per grid, for the heat map (circle per grid centre). */
  grids: { code: string; name: string; lat: number; lng: number; count: number }[];
  places: { code: string; name: string; lat: number; lng: number; count: number }[];
}

export interface GovernanceNoteView {
  id: string;
  scope: StatsScope;
  area: string;
  areaName: string;
  matterType: string;
  typeName: string;
  note: string;
  from: string | null;
  to: string | null;
  by: string;
  at: string;
}

export const statsApi = {
  /** Areas the caller may look at (county-wide for leaders and 吹哨办, own township / community otherwise). */
  areas: defineAction<{ areas: AreaRef[] }>()(z.object({})),
  dashboard: defineAction<DashboardView>()(dashboardInput),
  hotspots: defineAction<HotSpotView>()(periodInput),
  /** 吹哨办 attaches a "治理一类事" note to a cluster (matter type × area), audited (M-29). */
  addNote: defineAction<GovernanceNoteView>()(noteInput),
  notes: defineAction<{ items: GovernanceNoteView[] }>()(notesInput),
};
