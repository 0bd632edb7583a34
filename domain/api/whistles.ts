// The whistles function's actions (M-12…M-18, M-24): inputs reuse the transition table's schemas
// (WhistleInputSchemas); outputs are the staff views in whistle-views.ts.
import { z } from 'zod';
import { WhistleInputSchemas } from '../inputs';
import { defineAction } from './spec';
import { codeSchema, idSchema, pageSchema } from './inputs';
import type { WhistleDetail, WhistleInboxItem } from './whistle-views';

export * from './whistle-views';

export const proposeWhistleInput = WhistleInputSchemas.propose.extend({
  /** Client-generated id: a retried propose returns the whistle created the first time. */
  clientRequestId: z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  /** Defaults to the caller's township binding. */
  township: codeSchema.optional(),
  /** All cases are attached in the whistle's own transaction, so their number is bounded. */
  caseIds: z.array(idSchema).max(50, '一次最多关联50件诉求').default([]),
});
export type ProposeWhistleInput = z.input<typeof proposeWhistleInput>;

export const whistleIdInput = z.object({ whistleId: idSchema });

export const whistleActInput = z.object({
  whistleId: idSchema,
  /** One of the transition table's whistle actions (domain/inputs.ts WhistleInputSchemas). */
  action: z.string().trim().min(1).max(40).regex(/^[a-z_]+$/),
  /** Optimistic concurrency: the version the caller saw. */
  expectedVersion: z.number().int().min(0),
  input: z.record(z.unknown()).default({}),
});

/** Leaders read the county's whistles (read-only: the transition table gives them no actions). */
export const WHISTLE_INBOX_ROLES = ['township', 'whistle_office', 'department', 'leader'] as const;

export const whistleInboxInput = pageSchema.extend({
  /** Which role binding's inbox; defaults to the caller's first whistle-handling binding. */
  role: z.enum(WHISTLE_INBOX_ROLES).optional(),
  /** todo: what awaits this inbox; all: everything in its scope. */
  view: z.enum(['todo', 'all']).default('todo'),
  /** One state only: a whistle state (township, whistle office) or an assignment state (department). */
  state: z.string().trim().max(20).regex(/^[a-z_]+$/).optional(),
  /** Whistle office: only 急哨 (registered with the office at approval, M-13). */
  kind: z.enum(['normal', 'urgent']).optional(),
});

export interface WhistleInbox {
  items: WhistleInboxItem[];
  nextCursor: string | null;
  /** Per state in this inbox's scope (whistle states; assignment states for a department), plus `urgent` for the whistle office. */
  counts: Record<string, number>;
  scope: { role: (typeof WHISTLE_INBOX_ROLES)[number]; unit: string; unitName: string };
}

export const whistlesApi = {
  /** Township 党建办 proposes a whistle and attaches cases (M-12 step 1). */
  propose: defineAction<WhistleDetail & { created: boolean }>()(proposeWhistleInput),
  get: defineAction<WhistleDetail>()(whistleIdInput),
  /** Every other whistle action of the transition table (collect … supervise). */
  act: defineAction<WhistleDetail>()(whistleActInput),
  inbox: defineAction<WhistleInbox>()(whistleInboxInput),
};
