import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { openDatabase, toWireError, toWireReply, type DatabaseEngine } from './database';
import { registerAdminRoutes } from './admin-routes';
import { registerCors } from './cors';
import { TwinHttpError } from './errors';
import { functionActions } from './functions/function-actions';
import { FUNCTION_NAME, readFunctionConfig } from './functions/function-config';
import { FunctionPool } from './functions/pool';
import { TimerScheduler, findTimerTrigger, timerEvent } from './functions/triggers';
import { registerGatewayRoutes } from './gateway-routes';
import { invokeError, sendError } from './http-errors';
import { applyDeclaredCollections, readIndexFile } from './index-file';
import { silentLogger, type TwinLogger } from './logger';
import { MediaCheckPusher } from './openapi/media-check-push';
import { OpenApiService } from './openapi/openapi-service';
import { Outbox, type OutboxItem } from './outbox';
import { DEFAULT_FUNCTIONS_DIR, DEFAULT_SEC_WORDS_FILE } from './paths';
import { storageActions } from './storage/storage-actions';
import { registerStorageRoutes } from './storage/storage-routes';
import { StorageService } from './storage/storage-service';
import { UrlSigner } from './storage/url-signer';
import { registerWireRoutes, wireFrameworkError } from './wire-routes';

export type { DatabaseEngine } from './database';
export type { OutboxItem } from './outbox';
export type { TwinLogger } from './logger';

export interface TwinOptions {
  /** 0 = a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Persistent data (database, files, outbox). Undefined: in-memory database and a temp dir for files. */
  dataDir?: string;
  /** Built functions: `<dir>/<name>/index.js`. Default `<repo>/cloudfunctions`. */
  functionsDir?: string;
  /** Dev mode: the H5 gateway accepts the caller's identity from `x-shaosheng-openid`. */
  dev?: boolean;
  /** Declared collections/indexes. Default `<functionsDir>/database.indexes.json` when present; false = none. */
  indexesFile?: string | false;
  /** CloudBase environment id. Default `local-env`. */
  env?: string;
  /** Mini-program AppID injected into client calls. */
  appId?: string;
  /** Default per-invocation timeout (a function's config.json `timeout`, in seconds, overrides it). Default 20 000. */
  functionTimeoutMs?: number;
  /** Concurrent worker processes per function. Default 4. */
  workers?: number;
  /** Run timer triggers on their schedule. Default false (the CLI turns them on). */
  timers?: boolean;
  logger?: TwinLogger;
  /** Clock for the database, temp-URL expiry and the outbox (tests move it forward). */
  now?: () => Date;
  /** Lifetime of temp download URLs without an explicit maxAge, seconds. Default 7200. */
  tempUrlTtlSeconds?: number;
  /** Largest upload / open-API media part, bytes. Default 10 MiB. */
  maxFileBytes?: number;
  /** Word list for security.msgSecCheck. Default twin/sec-words.txt. */
  secWordsFile?: string;
  /** Invocations kept for /_twin/logs. Default 200. */
  logsLimit?: number;
  /** Extra environment variables for every function (like CloudBase function env vars). */
  functionEnv?: Record<string, string>;
  /** Passed to the database engine. */
  scanWarnThreshold?: number;
  /**
   * Message push (云开发 → 设置 → 消息推送): the function each platform event goes to. With
   * `wxa_media_check` set, every security.mediaCheckAsync call gets its verdict pushed automatically
   * (twin/openapi/media-check-push.ts); without it verdicts come only from `POST /_twin/media-checks/:traceId/verdict`.
   */
  messagePush?: { wxa_media_check?: string };
  /** Delay between a mediaCheckAsync call and its automatic verdict push, ms. Default 1500. */
  messagePushDelayMs?: number;
}

export interface TwinHandle {
  url: string;
  port: number;
  db: DatabaseEngine;
  close(): Promise<void>;
  /** Runs a function's timer trigger now; resolves with its result, rejects with a TwinHttpError. */
  fireTrigger(functionName: string, trigger: string): Promise<unknown>;
  outbox(): OutboxItem[];
}

const DEFAULT_APP_ID = 'wx1234567890abcdef';

/** Maps framework errors (body parsing, limits) to the twin's error shapes. */
function frameworkError(err: FastifyError): TwinHttpError {
  const code = err.code ?? '';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new TwinHttpError('UNSUPPORTED_MEDIA_TYPE', err.message, 415);
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE' || code.endsWith('_LIMIT')) {
    return new TwinHttpError('PAYLOAD_TOO_LARGE', err.message, 413);
  }
  if (err.statusCode && err.statusCode < 500) return new TwinHttpError('INVALID_REQUEST', err.message, 400);
  return new TwinHttpError('INTERNAL_ERROR', err.message, 500);
}

/** Function env vars must not shadow what the twin itself sets (endpoint, identity, credentials). */
function checkFunctionEnv(vars: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(vars)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`functionEnv: invalid variable name "${key}"`);
    if (/^(TCB_|WX_|SCF_|TENCENTCLOUD|NODE_PATH$)/.test(key)) throw new Error(`functionEnv: "${key}" is set by the twin itself`);
    if (typeof value !== 'string') throw new Error(`functionEnv: "${key}" must be a string`);
  }
  return { ...vars };
}

export async function startTwin(opts: TwinOptions = {}): Promise<TwinHandle> {
  const log = opts.logger ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  const env = opts.env ?? 'local-env';
  const appId = opts.appId ?? DEFAULT_APP_ID;
  const functionsDir = path.resolve(opts.functionsDir ?? DEFAULT_FUNCTIONS_DIR);
  const maxFileBytes = opts.maxFileBytes ?? 10 * 1024 * 1024;
  if (!/^[a-z0-9_-]{1,40}$/.test(env)) throw new Error(`invalid env "${env}": use 1-40 of a-z, 0-9, "_" and "-"`);
  const functionEnv = checkFunctionEnv(opts.functionEnv ?? {});
  const mediaPushTo = opts.messagePush?.wxa_media_check;
  if (mediaPushTo !== undefined && !FUNCTION_NAME.test(mediaPushTo)) throw new Error(`messagePush.wxa_media_check: invalid function name "${mediaPushTo}"`);

  const tempDir = opts.dataDir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'twin-'));
  const dataDir = path.resolve(opts.dataDir ?? (tempDir as string));
  fs.mkdirSync(dataDir, { recursive: true });

  const dbDir = opts.dataDir ? path.join(dataDir, 'db') : undefined;
  if (dbDir) fs.mkdirSync(dbDir, { recursive: true });
  const db = openDatabase({ dir: dbDir, log, now, scanWarnThreshold: opts.scanWarnThreshold });
  const indexesFile =
    opts.indexesFile === false ? undefined : opts.indexesFile ?? (fs.existsSync(path.join(functionsDir, 'database.indexes.json')) ? path.join(functionsDir, 'database.indexes.json') : undefined);
  const declared = () => (indexesFile ? readIndexFile(indexesFile) : { collections: [], indexes: [] });
  try {
    await applyDeclaredCollections(db, declared(), log);
  } catch (err) {
    db.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }

  let baseUrl = '';
  const storage = new StorageService({
    filesDir: path.join(dataDir, 'files'),
    env,
    signer: UrlSigner.open(opts.dataDir ? path.join(dataDir, 'twin-secret') : undefined),
    baseUrl: () => baseUrl,
    now,
    tempUrlTtlSec: opts.tempUrlTtlSeconds ?? 7200,
  });
  const outbox = new Outbox(opts.dataDir ? path.join(dataDir, 'outbox.jsonl') : undefined);
  const pool = new FunctionPool({
    functionsDir,
    env,
    adminUrl: () => `${baseUrl}/admin`,
    defaultTimeoutMs: opts.functionTimeoutMs ?? 20_000,
    workersPerFunction: opts.workers ?? 4,
    logsLimit: opts.logsLimit ?? 200,
    functionEnv,
    log,
    now,
  });
  const mediaPusher = mediaPushTo
    ? new MediaCheckPusher({
        appId,
        pool,
        outbox,
        now,
        functionName: mediaPushTo,
        delayMs: opts.messagePushDelayMs ?? 1500,
        maxBytes: maxFileBytes,
        rules: () => openapi.secWordRules(),
        log,
      })
    : undefined;
  const openapi: OpenApiService = new OpenApiService({
    outbox,
    now,
    onRecorded: (apiName, params, result) => {
      if (apiName === 'security.mediaCheckAsync' && mediaPusher) mediaPusher.schedule(String(result.trace_id), String(params.media_url));
    },
    secWordsFile: opts.secWordsFile ?? DEFAULT_SEC_WORDS_FILE,
    permissionsFor: (fn) => {
      try {
        return readFunctionConfig(functionsDir, fn).permissions?.openapi;
      } catch (err) {
        log('error', (err as Error).message);
        return undefined;
      }
    },
    log,
  });

  const fireTrigger = async (functionName: string, trigger: string) => {
    if (!FUNCTION_NAME.test(functionName)) throw new TwinHttpError('FUNCTION_NOT_FOUND', `invalid function name "${functionName}"`, 404);
    let found;
    try {
      found = findTimerTrigger(functionsDir, functionName, trigger);
    } catch (err) {
      throw new TwinHttpError('INVALID_REQUEST', (err as Error).message, 400);
    }
    if (!found) throw new TwinHttpError('TRIGGER_NOT_FOUND', `function "${functionName}" has no timer trigger "${trigger}" in its config.json`, 404);
    const outcome = await pool.invoke({
      functionName,
      event: timerEvent(trigger, now()),
      identity: { openId: '', appId: '', unionId: '', source: 'wx_trigger' },
      trigger,
    });
    if (!outcome.ok) throw invokeError(outcome.error.code, `${outcome.error.message} (invocation ${outcome.invocationId})`);
    return { invocationId: outcome.invocationId, result: outcome.result };
  };
  const scheduler = new TimerScheduler(
    functionsDir,
    async (fn, trigger) => {
      try {
        await fireTrigger(fn, trigger);
      } catch (err) {
        log('error', `timer ${fn}/${trigger} failed: ${(err as Error).message}`);
      }
    },
    log,
  );

  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024, forceCloseConnections: true });
  await app.register(multipart, { limits: { fileSize: maxFileBytes, files: 2, fields: 40, fieldSize: 1024 * 1024, parts: 50 } });
  registerCors(app);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const mapped = err instanceof TwinHttpError ? err : frameworkError(err);
    if (mapped.status >= 500) log('error', `${req.method} ${req.url}: ${err.message}`, { stack: err.stack });
    if (req.url.startsWith('/admin')) return wireFrameworkError(reply, mapped.status, mapped.message);
    return sendError(reply, mapped);
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, new TwinHttpError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`, 404)));

  registerWireRoutes(app, {
    env,
    database: async (action, body, requestId) => {
      try {
        return toWireReply(action, await db.handle(action, body), requestId);
      } catch (err) {
        const wire = toWireError(err, requestId);
        if (wire.code === 'SYS_ERR') log('error', `${action}: ${wire.message}`, { stack: (err as Error)?.stack });
        return wire;
      }
    },
    actions: { ...storageActions(storage), ...functionActions(pool) },
    openapi,
    pool,
    log,
  });
  registerStorageRoutes(app, storage, maxFileBytes);
  registerGatewayRoutes(app, { dev: opts.dev ?? false, appId, pool, storage });
  registerAdminRoutes(app, {
    env,
    appId,
    db,
    pool,
    outbox,
    functionsDir,
    timers: () => scheduler.list(),
    reset: async () => {
      mediaPusher?.cancelPending();
      db.reset();
      storage.clear();
      outbox.clear();
      await applyDeclaredCollections(db, declared(), log);
    },
    fireTrigger,
    now,
  });

  const host = opts.host ?? '127.0.0.1';
  try {
    await app.listen({ port: opts.port ?? 0, host });
  } catch (err) {
    await pool.close();
    db.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  baseUrl = `http://${host}:${port}`;
  if (opts.timers) scheduler.start();

  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    db,
    outbox: () => outbox.list(),
    fireTrigger: async (fn, trigger) => (await fireTrigger(fn, trigger)).result,
    close: () => {
      closed ??= (async () => {
        scheduler.stop();
        await mediaPusher?.close();
        await pool.close();
        await app.close();
        db.close();
        if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
