// The `wxa_media_check` message push: WeChat's asynchronous verdict on a security.mediaCheckAsync call,
// delivered to the cloud function configured for it (云开发 → 设置 → 消息推送). One delivery path for both
// the manual admin route (`POST /_twin/media-checks/:traceId/verdict`) and the automatic push.
import { TwinHttpError } from '../errors';
import type { FunctionPool } from '../functions/pool';
import { invokeError } from '../http-errors';
import type { TwinLogger } from '../logger';
import type { Outbox } from '../outbox';
import { imageVerdict, type SecWordRule } from './sec-check';

export type MediaSuggest = 'pass' | 'risky' | 'review';

export interface MediaPushDeps {
  appId: string;
  pool: FunctionPool;
  outbox: Outbox;
  now: () => Date;
}

export interface MediaVerdict {
  /** The function the push goes to. */
  function: string;
  suggest: MediaSuggest;
  /** WeChat label; default 100 for pass, 20002 (porn) otherwise. */
  label?: number;
}

/** Sends the verdict of the mediaCheckAsync call `traceId` to `verdict.function`, as WeChat's push does. */
export async function deliverMediaVerdict(deps: MediaPushDeps, traceId: string, verdict: MediaVerdict): Promise<{ invocationId: string; result: unknown }> {
  const check = deps.outbox.list().find((o) => o.apiName === 'security.mediaCheckAsync' && o.result.trace_id === traceId);
  if (!check) throw new TwinHttpError('NOT_FOUND', `no security.mediaCheckAsync call with trace_id "${traceId}"`, 404);
  const label = verdict.label ?? (verdict.suggest === 'pass' ? 100 : 20002);
  const openId = typeof check.payload.openid === 'string' ? check.payload.openid : '';
  const event = {
    ToUserName: 'gh_twin',
    FromUserName: openId,
    CreateTime: Math.floor(deps.now().getTime() / 1000),
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: deps.appId,
    trace_id: traceId,
    version: 2,
    detail: [{ strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label, prob: 90 }],
    errcode: 0,
    errmsg: 'ok',
    result: { suggest: verdict.suggest, label },
  };
  const outcome = await deps.pool.invoke({
    functionName: verdict.function,
    event,
    identity: { openId, appId: deps.appId, unionId: '', source: 'wx_unknown' },
  });
  if (!outcome.ok) throw invokeError(outcome.error.code, outcome.error.message);
  return { invocationId: outcome.invocationId, result: outcome.result };
}

export interface MediaCheckPusherOptions extends MediaPushDeps {
  /** The function `wxa_media_check` is routed to. */
  functionName: string;
  delayMs: number;
  /** Largest image the twin downloads to judge, bytes. */
  maxBytes: number;
  rules: () => SecWordRule[];
  log: TwinLogger;
}

const DOWNLOAD_TIMEOUT_MS = 10_000;

/**
 * Automatic `wxa_media_check` pushes (twin option `messagePush`): like WeChat, `delayMs` after an accepted
 * mediaCheckAsync call the twin downloads `media_url`, judges it (imageVerdict: the sec-word list on the
 * image bytes; a download that fails → 'review') and pushes the verdict once per trace id.
 */
export class MediaCheckPusher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly seen = new Set<string>();
  private closed = false;

  constructor(private readonly opts: MediaCheckPusherOptions) {}

  /** Called for every accepted mediaCheckAsync call; each trace id is pushed at most once. */
  schedule(traceId: string, mediaUrl: string): void {
    if (this.closed || this.seen.has(traceId)) return;
    this.seen.add(traceId);
    const timer = setTimeout(() => {
      this.timers.delete(traceId);
      const run = this.push(traceId, mediaUrl).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }, this.opts.delayMs);
    timer.unref();
    this.timers.set(traceId, timer);
  }

  private async push(traceId: string, mediaUrl: string): Promise<void> {
    const { suggest, label } = await this.judge(mediaUrl);
    try {
      const { invocationId, result } = await deliverMediaVerdict(this.opts, traceId, { function: this.opts.functionName, suggest, label });
      const reply = result as { ok?: boolean; error?: { code?: string } } | undefined;
      if (reply && reply.ok === false) this.opts.log('warn', `wxa_media_check ${traceId} → ${this.opts.functionName}: refused ${reply.error?.code ?? ''} (invocation ${invocationId})`);
    } catch (err) {
      this.opts.log('error', `wxa_media_check ${traceId} → ${this.opts.functionName} failed: ${(err as Error).message}`);
    }
  }

  private async judge(mediaUrl: string): Promise<{ suggest: MediaSuggest; label: number }> {
    try {
      const res = await fetch(mediaUrl, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > this.opts.maxBytes) throw new Error(`${bytes.length} bytes, more than ${this.opts.maxBytes}`);
      return imageVerdict(this.opts.rules(), bytes);
    } catch (err) {
      this.opts.log('warn', `wxa_media_check: cannot download ${mediaUrl} (${(err as Error).message}); verdict review`);
      return { suggest: 'review', label: 21000 };
    }
  }

  /** Drops pushes not yet due (twin reset). */
  cancelPending(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Stops scheduling and waits for pushes already under way (before the function pool closes). */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelPending();
    await Promise.allSettled([...this.inFlight]);
  }
}
