// Request schemas shared by the cloud functions (validation) and the client (forms).
import { z } from 'zod';
import { PlaceSchema } from '../inputs';

export const codeSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '编码格式不正确');
export const idSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确');
export const fileIdSchema = z.string().max(512).regex(/^cloud:\/\/[^\s]+$/, '文件标识不正确');
export const pageSchema = z.object({
  cursor: z.string().max(32).regex(/^\d*$/).optional(),
  limit: z.number().int().min(1).max(50).default(20),
});


export const submitCaseInput = z.object({
  /** Client-generated id: a retried submit returns the case created the first time. */
  clientRequestId: z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  text: z.string().trim().min(5, '请至少写5个字，说清楚问题').max(1000, '描述请控制在1000字以内'),
  grid: codeSchema,
  place: PlaceSchema.optional(),
  matterType: codeSchema.optional(),
  photos: z.array(fileIdSchema).max(9, '最多上传9张照片').default([]),
  anonymous: z.boolean().default(false),
  channel: z.enum(['miniprogram', 'qrcode']).default('miniprogram'),
  qrPoint: codeSchema.optional(),
  /**
   * Issue 5 §1: the one-time code from <Button openType="getPhoneNumber">; the cases function
   * exchanges it via openapi.phonenumber.getPhoneNumber. A typed phone number is never accepted
   * (strict object below refuses unknown keys such as `phone`).
   */
  phoneCode: z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, '手机号授权码不正确').optional(),
}).strict();
export type SubmitCaseInput = z.input<typeof submitCaseInput>;

export const suggestInput = z.object({
  text: z.string().trim().min(2).max(1000),
  qrPoint: codeSchema.optional(),
});

export const caseIdInput = z.object({ caseId: idSchema });

export const inboxInput = pageSchema.extend({
  /** Which role binding's inbox; defaults to the caller's first staff binding. */
  role: z.string().max(32).optional(),
  view: z.enum(['todo', 'all']).default('todo'),
  /** Filters (all optional): one state, one matter type, only cases past their claim deadline. */
  state: z.string().max(32).regex(/^[a-z_]+$/).optional(),
  matterType: codeSchema.optional(),
  overdue: z.boolean().optional(),
});

export const caseActInput = z.object({
  caseId: idSchema,
  action: z.string().trim().min(1).max(40).regex(/^[a-z_]+$/),
  /** Optimistic concurrency: the version the caller saw. */
  expectedVersion: z.number().int().min(0),
  input: z.record(z.unknown()).default({}),
});
