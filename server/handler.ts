// Thin action router shared by every cloud function:
// parse (zod) → who is calling (OPENID → person) → run the action → { ok, data } | { ok: false, error }.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { isDomainError } from '../domain/errors';
import type { Actor } from '../domain/roles';
import type { ActionSpec, FunctionSpec } from '../domain/api/spec';
import { database, sdk, type Database } from './sdk';
import { loadActor } from './identity';

export interface CallContext {
  requestId: string;
  openid: string;
  /** The caller as a person with role bindings; residents are registered on their first call. */
  actor: Actor;
  now: Date;
  db: Database;
}

export type ActionImpl<S extends ActionSpec> = (
  ctx: CallContext,
  input: z.output<S['input']>,
) => Promise<S extends ActionSpec<z.ZodTypeAny, infer O> ? O : never>;

export type FunctionImpl<F extends FunctionSpec> = { [A in keyof F]: ActionImpl<F[A]> };

export interface TimerImpl {
  (ctx: Omit<CallContext, 'actor' | 'openid'>, trigger: string): Promise<unknown>;
}

export type Reply = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string; rule?: string } };

/** Keys that would let a caller choose who they are; identity only ever comes from the platform. */
const IDENTITY_KEYS = ['openid', 'OPENID', '_openid', 'openId', 'devOpenid', 'x-shaosheng-openid'];

function fail(code: string, message: string, rule?: string): Reply {
  return { ok: false, error: rule ? { code, message, rule } : { code, message } };
}

export function toReply(err: unknown, requestId: string): Reply {
  if (isDomainError(err)) return fail(err.code, err.message, err.rule);
  console.error(`[${requestId}] unexpected error`, err);
  return fail('INTERNAL', `系统繁忙，请稍后再试（${requestId.slice(0, 8)}）`);
}

/**
 * "Now" of a timer run: the trigger's own `Time` (set by the platform, trusted only on the wx_trigger path
 * above), so a run is judged at the instant it was scheduled for — and a twin with a moved clock fires
 * its timers at that moved instant. Client calls always use the server clock, never request data.
 */
function triggerTime(time: unknown): Date {
  const at = typeof time === 'string' ? new Date(time) : new Date(NaN);
  return Number.isNaN(at.getTime()) ? new Date() : at;
}

export function createFunction<F extends FunctionSpec>(
  spec: F,
  impl: FunctionImpl<F>,
  timers: Record<string, TimerImpl> = {},
  /** Actions that may run without an OPENID (the caller is then an actor with no bindings). */
  signedOutActions: readonly (keyof F & string)[] = [],
): (event: unknown, context?: unknown) => Promise<Reply> {
  return async function main(event: unknown): Promise<Reply> {
    const requestId = randomUUID();
    try {
      if (!event || typeof event !== 'object' || Array.isArray(event)) return fail('BAD_REQUEST', '请求格式不正确');
      const ev = event as Record<string, unknown>;
      if (ev.Type === 'Timer') {
        // Only the platform's timer may run a trigger: a client can send any event body, but not this SOURCE.
        const { SOURCE, OPENID } = sdk().getWXContext();
        if (SOURCE !== 'wx_trigger' || OPENID) return fail('TRIGGER_ONLY', '定时任务只能由平台定时触发器执行');
        const timer = typeof ev.TriggerName === 'string' && Object.prototype.hasOwnProperty.call(timers, ev.TriggerName) ? timers[ev.TriggerName] : undefined;
        if (!timer) return fail('UNKNOWN_TRIGGER', `未知的定时触发器：${String(ev.TriggerName)}`);
        return { ok: true, data: await timer({ requestId, now: triggerTime(ev.Time), db: database() }, String(ev.TriggerName)) };
      }
      const payload = ev.payload ?? {};
      if (IDENTITY_KEYS.some((k) => k in ev || (payload && typeof payload === 'object' && k in payload))) {
        return fail('IDENTITY_IN_REQUEST', '身份只能由微信平台提供，请求中不得携带身份信息');
      }
      const name = ev.action;
      if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(spec, name)) {
        return fail('UNKNOWN_ACTION', `不支持的操作：${String(name)}`);
      }
      const parsed = spec[name].input.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail('VALIDATION', `填写内容有误：${issue.path.join('.') || '请求'} ${issue.message}`);
      }
      const { OPENID } = sdk().getWXContext();
      const db = database();
      const now = new Date();
      let actor: Actor;
      if (OPENID) actor = await loadActor(db, OPENID, now);
      else if (signedOutActions.includes(name)) actor = { personId: '', openid: '', name: '', bindings: [] };
      else return fail('NOT_SIGNED_IN', '请在微信中打开小程序后再试');
      const data = await impl[name]({ requestId, openid: OPENID ?? '', actor, now, db }, parsed.data);
      return { ok: true, data };
    } catch (err) {
      return toReply(err, requestId);
    }
  };
}
