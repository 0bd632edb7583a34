// The intake function's actions (M-4 一口受理): imports of hand-over files by the 吹哨办 and visit
// registration by grid workers and party members (M-9).
import { z } from 'zod';
import { IMPORT_CHANNELS, IMPORT_CHUNK_MAX, importRowInput } from '../intake/import';
import { codeSchema, fileIdSchema } from './inputs';
import { defineAction } from './spec';

export const importBatchInput = z.object({
  channel: z.enum(IMPORT_CHANNELS),
  /** Client-chosen id of the whole import (one file); recorded with every case for the audit trail. */
  batchId: z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  fileName: z.string().trim().max(200).default(''),
  /** Rows are validated one by one by the function: a bad row is reported, the others go on. */
  rows: z.array(z.unknown()).min(1).max(IMPORT_CHUNK_MAX, `每次最多提交${IMPORT_CHUNK_MAX}行`),
});

export type ImportRowResult =
  | {
      row: number;
      sourceId?: string;
      ok: true;
      caseId: string;
      no: string;
      created: boolean;
      level: 'grid' | 'community' | 'township';
      /** M-6: the row was a likely duplicate and joined this earlier case (集中反映). */
      mergedInto?: string;
    }
  | { row: number; sourceId?: string; ok: false; code: string; message: string };

export interface ImportBatchResult {
  created: number;
  existing: number;
  failed: number;
  results: ImportRowResult[];
}

export const parseFileInput = z.object({ fileID: fileIdSchema, fileName: z.string().trim().max(200).default('') });

export const registerVisitInput = z
  .object({
    /** Client-generated id: a retried registration returns the case created the first time. */
    clientRequestId: z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
    text: z.string().trim().min(5, '请至少写5个字，说清楚问题').max(1000, '描述请控制在1000字以内'),
    grid: codeSchema,
    address: z.string().trim().max(200).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    matterType: codeSchema.optional(),
    photos: z.array(fileIdSchema).max(9, '最多上传9张照片').default([]),
    /** 当场解决: the grid worker solved it during the visit — the case is claimed and resolved at once. */
    resolvedOnSpot: z.boolean().default(false),
    result: z.string().trim().max(1000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.resolvedOnSpot && !v.result) ctx.addIssue({ code: 'custom', path: ['result'], message: '请填写当场解决的办理结果' });
  });

export const intakeApi = {
  /** 吹哨办 / admin: one chunk of an import; idempotent per (channel, sourceId). */
  importBatch: defineAction<ImportBatchResult>()(importBatchInput),
  /** 吹哨办 / admin: an uploaded .xlsx → header + records (the mini-program does not carry exceljs). */
  parseFile: defineAction<{ headers: string[]; records: Record<string, unknown>[]; firstRow: number }>()(parseFileInput),
  /** Grid worker (own grid) or party member (own community): a problem found on a visit (M-9). */
  register: defineAction<{ caseId: string; no: string; created: boolean; state: string; mergedInto?: string }>()(registerVisitInput),
};
