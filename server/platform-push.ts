// WeChat message pushes delivered to a cloud function (云开发 → 设置 → 消息推送, e.g. `wxa_media_check`).
// Like timers (server/handler.ts), a push is trusted only by where it comes from, never by its body: a
// mini-program can call a function with any event, but its call carries SOURCE wx_client, while the
// platform's push arrives with SOURCE wx_unknown ("微信未知来源调用") and the user as OPENID.
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { sdk } from './sdk';

/** The `wxa_media_check` event (security.mediaCheckAsync v2 verdict), as WeChat pushes it. */
export const MediaCheckPush = z.object({
  MsgType: z.literal('event'),
  Event: z.literal('wxa_media_check'),
  FromUserName: z.string().min(1).max(128),
  appid: z.string().max(64).optional(),
  trace_id: z.string().min(1).max(128),
  version: z.coerce.number().int().optional(),
  result: z.object({ suggest: z.enum(['pass', 'risky', 'review']), label: z.number().int().optional() }),
});
export type MediaCheckPush = z.infer<typeof MediaCheckPush>;

/** Does the event claim to be a platform push (whoever sent it)? */
export function looksLikePush(event: unknown, name: string): boolean {
  return !!event && typeof event === 'object' && (event as Record<string, unknown>).Event === name;
}

/**
 * The push, checked: it must come from the platform (SOURCE wx_unknown, no client source in the chain), for
 * this mini-program (appid), about the user in the context (FromUserName = OPENID). Throws PUSH_ONLY otherwise.
 */
export function platformPush<T extends z.ZodTypeAny>(schema: T, event: unknown): z.output<T> {
  const { SOURCE, OPENID, APPID } = sdk().getWXContext() as { SOURCE?: string; OPENID?: string; APPID?: string };
  if (SOURCE !== 'wx_unknown') throw new DomainError('PUSH_ONLY', '该消息只能由微信平台推送');
  const parsed = schema.safeParse(event);
  if (!parsed.success) throw new DomainError('VALIDATION', `平台推送格式不正确：${parsed.error.issues[0]?.message ?? ''}`);
  const push = parsed.data as { FromUserName?: string; appid?: string };
  if (push.appid && APPID && push.appid !== APPID) throw new DomainError('PUSH_ONLY', '推送不属于本小程序');
  if (OPENID && push.FromUserName !== OPENID) throw new DomainError('PUSH_ONLY', '推送的用户与平台上下文不一致');
  return parsed.data;
}
