// Starts a twin with the project's built cloud functions and the demo county, and calls functions
// through the H5 gateway as a chosen demo identity — the same path the browser takes.
import { join } from 'node:path';
import type { Api } from '../../domain/api';
import type { ApiReply, InputOf, OutputOf } from '../../domain/api/spec';
import { seedTwin } from '../../scripts/lib/seed';
import { startTwin, type TwinOptions } from '../../twin/server';

export type Twin = Awaited<ReturnType<typeof startTwin>>;

/** The CloudBase console's message push setting of this project: photo check verdicts go to `content`. */
export const MEDIA_PUSH: TwinOptions['messagePush'] = { wxa_media_check: 'content' };

/** Extra twin options, e.g. `now`: the twin's clock, which stamps timer events (`Time`) — the "now" of
 *  timer runs (server/handler.ts) — or a logger with `scanWarnThreshold: 0` to catch unindexed queries.
 *  Photo verdicts (wxa_media_check) come only from the test (`/_twin/media-checks/:traceId/verdict`) unless
 *  `messagePush: MEDIA_PUSH` asks for automatic ones, as `npm start` and the e2e twin have. */
export async function startSeededTwin(opts: Pick<TwinOptions, 'now' | 'logger' | 'scanWarnThreshold' | 'messagePush' | 'messagePushDelayMs'> = {}): Promise<Twin> {
  const twin = await startTwin({
    ...opts,
    port: 0,
    dev: true,
    timers: false,
    functionsDir: join(__dirname, '..', '..', 'cloudfunctions'),
    functionEnv: { SHAOSHENG_DEMO_ACCOUNTS: '1' },
  });
  await seedTwin(twin.url);
  return twin;
}

export async function callRaw(twin: Twin, openid: string, name: string, data: unknown): Promise<ApiReply<unknown>> {
  const res = await fetch(`${twin.url}/_client/callFunction`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-shaosheng-openid': openid } : {}) },
    body: JSON.stringify({ name, data }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`gateway ${res.status}: ${JSON.stringify(body)}`);
  return body.result;
}

/** Calls an action and returns its data; throws with the error code on { ok: false }. */
export async function call<F extends keyof Api & string, A extends keyof Api[F] & string>(
  twin: Twin,
  openid: string,
  name: F,
  action: A,
  payload: InputOf<Api[F][A]>,
): Promise<OutputOf<Api[F][A]>> {
  const reply = await callRaw(twin, openid, name, { action, payload });
  if (!reply.ok) throw Object.assign(new Error(`${reply.error.code}: ${reply.error.message}`), { code: reply.error.code });
  return reply.data as OutputOf<Api[F][A]>;
}

/** Resolves to the error code of a call that must fail. */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  throw new Error('expected the call to fail');
}
