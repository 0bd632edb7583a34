// Every cloud function's actions: input schemas (validated by the function) and output types
// (what the typed client returns). One registry serves functions, client and tests.
import { z } from 'zod';
import type { RoleBinding } from '../types';
import { defineAction } from './spec';
import { caseActInput, caseIdInput, idSchema, inboxInput, pageSchema, submitCaseInput, suggestInput } from './inputs';
import type { Candidate, Classification } from '../classify';
import type { CaseDetail, CaseSummary } from './views';
import { whistlesApi } from './whistles';
import { adminApi } from './admin';
import { statsApi } from './stats';
import { intakeApi } from './intake';
import { evaluationApi } from './evaluation';
import { supervisionApi } from './supervision';

export * from './spec';
export * from './inputs';
export * from './views';
export * from './dedup-views';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface WhoAmI {
  personId: string;
  name: string;
  bindings: (RoleBinding & { roleLabel: string; unitName: string })[];
}

export interface MessageView {
  id: string;
  title: string;
  subject: string;
  /** Page to open, e.g. pages/case/index?id=… */
  page: string;
  at: string;
  read: boolean;
}

export interface DemoAccount {
  openid: string;
  name: string;
  title: string;
  bindings: RoleBinding[];
}

export interface CountyInfo {
  county: { code: string; name: string };
  departments: { code: string; name: string; shortName: string }[];
  townships: { code: string; name: string; communities: { code: string; name: string; grids: { code: string; name: string; center: { lat: number; lng: number } }[] }[] }[];
  matterTypes: { code: string; name: string; group: string; kind: string; urgentEligible: boolean }[];
  qrPoints: { code: string; name: string; grid: string; lat: number; lng: number; suggestedMatterTypes: string[] }[];
}

export const api = {
  account: {
    whoami: defineAction<WhoAmI>()(z.object({})),
    /** Development and demo environments only (SHAOSHENG_DEMO_ACCOUNTS=1); production refuses. */
    listDemoAccounts: defineAction<DemoAccount[]>()(z.object({})),
    /** The caller's notification centre, newest first (M-9, M-21). */
    messages: defineAction<Page<MessageView> & { unread: number }>()(pageSchema),
    markRead: defineAction<{ updated: number }>()(z.object({ ids: z.array(idSchema).min(1).max(50) })),
  },
  config: {
    county: defineAction<CountyInfo>()(z.object({})),
  },
  cases: {
    /** mergedInto: the report joined an earlier case about the same problem (M-6). */
    submit: defineAction<{ caseId: string; no: string; created: boolean; mergedInto?: string }>()(submitCaseInput),
    /** Matter type proposal for a draft report (M-5): best guess, confidence, top 3. */
    suggest: defineAction<Classification & { candidates: (Candidate & { name: string })[] }>()(suggestInput),
    /** The caller's own reports, or (registered) the cases they registered on visits (M-4). */
    mine: defineAction<Page<CaseSummary>>()(pageSchema.extend({ registered: z.boolean().default(false) })),
    inbox: defineAction<Page<CaseSummary> & { counts: Record<string, number>; scope: { role: string; unit: string; unitName: string } }>()(inboxInput),
    get: defineAction<CaseDetail>()(caseIdInput),
    act: defineAction<CaseDetail>()(caseActInput),
  },
  whistles: whistlesApi,
  admin: adminApi,
  stats: statsApi,
  intake: intakeApi,
  evaluation: evaluationApi,
  supervision: supervisionApi,
};

export type Api = typeof api;
