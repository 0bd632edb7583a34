import fs from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import type { TwinLogger } from '../logger';
import { REPO_NODE_MODULES } from '../paths';
import { FUNCTION_NAME, functionEntry, readFunctionConfig } from './function-config';
import type { CallerIdentity } from './identity';
import { InvocationLog, type InvocationRecord } from './invocation-log';
import { FunctionWorker, type WorkerOutcome } from './worker';

export type InvokeErrorCode =
  | 'FUNCTION_NOT_FOUND'
  | 'FUNCTION_TIMEOUT'
  | 'FUNCTION_CRASHED'
  | 'FUNCTION_ERROR'
  | 'FUNCTION_RESULT_INVALID'
  | 'TWIN_CLOSING';

export type InvokeResult =
  | { ok: true; invocationId: string; result: unknown }
  | { ok: false; invocationId: string; error: { code: InvokeErrorCode; message: string } };

export interface InvokeRequest {
  functionName: string;
  event: Record<string, unknown>;
  identity: CallerIdentity;
  /** Timer trigger name, for timer invocations. */
  trigger?: string;
}

export interface FunctionPoolOptions {
  functionsDir: string;
  env: string;
  /** The twin's CloudBase endpoint, e.g. http://127.0.0.1:PORT/admin (known once it listens). */
  adminUrl: () => string;
  defaultTimeoutMs: number;
  /** Concurrent workers (and so invocations) per function. */
  workersPerFunction: number;
  logsLimit: number;
  /** Extra environment variables for every function (CloudBase function environment variables). */
  functionEnv: Record<string, string>;
  log: TwinLogger;
  now: () => Date;
}

interface FunctionSlots {
  idle: FunctionWorker[];
  active: number;
  waiting: (() => void)[];
}

const IDLE_WORKER_TTL_MS = 10 * 60 * 1000;
const CONTEXT_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'WX_CLIENTIPV6', 'WX_API_TOKEN'];

/** Runs cloud functions in reusable worker processes, one invocation per worker at a time (as on CloudBase). */
export class FunctionPool {
  readonly logs: InvocationLog;
  private readonly slots = new Map<string, FunctionSlots>();
  /** wxCloudApiToken → the invocation it was issued to; lets the wire recognise calls made by functions. */
  private readonly tokens = new Map<string, CallerIdentity>();
  private readonly busyWorkers = new Set<FunctionWorker>();
  private readonly reaper: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly opts: FunctionPoolOptions) {
    this.logs = new InvocationLog(opts.logsLimit);
    this.reaper = setInterval(() => this.reapIdle(), 60_000);
    this.reaper.unref();
  }

  /** The invocation a request's wxCloudApiToken belongs to, while it runs. */
  callerForToken(token: unknown): CallerIdentity | undefined {
    return typeof token === 'string' && token ? this.tokens.get(token) : undefined;
  }

  async invoke(req: InvokeRequest): Promise<InvokeResult> {
    const invocationId = randomUUID();
    const fail = (code: InvokeErrorCode, message: string): InvokeResult => ({ ok: false, invocationId, error: { code, message } });
    if (this.closing) return fail('TWIN_CLOSING', 'the twin is shutting down');
    if (!FUNCTION_NAME.test(req.functionName)) return fail('FUNCTION_NOT_FOUND', `invalid function name "${req.functionName}"`);
    const entry = functionEntry(this.opts.functionsDir, req.functionName);
    if (!entry) return fail('FUNCTION_NOT_FOUND', `function "${req.functionName}" not found (no ${req.functionName}/index.js in the functions folder)`);
    let timeoutMs = this.opts.defaultTimeoutMs;
    try {
      const seconds = readFunctionConfig(this.opts.functionsDir, req.functionName).timeout;
      if (seconds !== undefined) timeoutMs = seconds * 1000;
    } catch (err) {
      return fail('FUNCTION_ERROR', (err as Error).message);
    }

    const slots = this.slotsFor(req.functionName);
    await this.acquire(slots);
    if (this.closing) {
      this.release(slots);
      return fail('TWIN_CLOSING', 'the twin is shutting down');
    }
    const started = this.opts.now();
    const startedMs = performance.now();
    const record = this.logs.start({
      invocationId,
      functionName: req.functionName,
      source: req.identity.source,
      openId: req.identity.openId,
      trigger: req.trigger,
      startedAt: started.toISOString(),
    });
    const token = randomBytes(18).toString('base64url');
    this.tokens.set(token, { ...req.identity, functionName: req.functionName, invocationId });
    let worker: FunctionWorker | undefined;
    try {
      worker = this.takeWorker(slots, req.functionName, entry);
      const outcome = await worker.run({
        invocationId,
        event: req.event,
        context: this.context(req, invocationId, timeoutMs),
        env: this.invocationEnv(req, token),
        timeoutMs,
        onLog: (level, text) => this.logs.append(record, level, text, this.opts.now()),
      });
      return this.finish(record, outcome, startedMs, timeoutMs);
    } finally {
      this.tokens.delete(token);
      if (worker) this.busyWorkers.delete(worker);
      if (worker && worker.alive && !this.closing) slots.idle.push(worker);
      this.release(slots);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.reaper);
    const all: FunctionWorker[] = [];
    for (const s of this.slots.values()) {
      all.push(...s.idle);
      s.idle = [];
      s.waiting.splice(0).forEach((wake) => wake());
    }
    for (const w of this.busyWorkers) all.push(w);
    for (const w of all) w.kill();
    await Promise.all(all.map((w) => w.exited()));
  }

  private finish(record: InvocationRecord, outcome: WorkerOutcome, startedMs: number, timeoutMs: number): InvokeResult {
    record.durationMs = Math.round(performance.now() - startedMs);
    const id = record.invocationId;
    let result: InvokeResult;
    switch (outcome.kind) {
      case 'ok':
        record.status = 'ok';
        return { ok: true, invocationId: id, result: outcome.result };
      case 'timeout':
        record.status = 'timeout';
        result = { ok: false, invocationId: id, error: { code: 'FUNCTION_TIMEOUT', message: `Invoking task timed out after ${timeoutMs / 1000} seconds` } };
        break;
      case 'crash':
        record.status = 'crash';
        result = this.closing
          ? { ok: false, invocationId: id, error: { code: 'TWIN_CLOSING', message: 'the twin shut down during the invocation' } }
          : { ok: false, invocationId: id, error: { code: 'FUNCTION_CRASHED', message: outcome.message } };
        break;
      case 'error':
        record.status = 'error';
        if (outcome.stack) this.logs.append(record, 'error', outcome.stack, this.opts.now());
        result = { ok: false, invocationId: id, error: { code: outcome.code, message: outcome.message } };
        break;
    }
    record.error = result.error;
    this.opts.log('warn', `function ${record.functionName} ${record.status}: ${result.error.message}`, { invocationId: id });
    return result;
  }

  private slotsFor(name: string): FunctionSlots {
    let s = this.slots.get(name);
    if (!s) {
      s = { idle: [], active: 0, waiting: [] };
      this.slots.set(name, s);
    }
    return s;
  }

  private async acquire(slots: FunctionSlots): Promise<void> {
    while (slots.active >= this.opts.workersPerFunction && !this.closing) {
      await new Promise<void>((resolve) => slots.waiting.push(resolve));
    }
    slots.active++;
  }

  private release(slots: FunctionSlots): void {
    slots.active--;
    slots.waiting.shift()?.();
  }

  /** An idle worker running the current build of the function, or a new one. */
  private takeWorker(slots: FunctionSlots, name: string, entry: string): FunctionWorker {
    const mtimeMs = fs.statSync(entry).mtimeMs;
    while (slots.idle.length > 0) {
      const w = slots.idle.pop() as FunctionWorker;
      if (w.alive && w.entryMtimeMs === mtimeMs) return this.markBusy(w);
      w.kill(); // stale build or dead
    }
    const worker = new FunctionWorker(name, entry, mtimeMs, this.workerEnv(name), (level, text) =>
      this.opts.log(level === 'stderr' || level === 'error' ? 'warn' : 'info', `[fn ${name}] ${text}`),
    );
    return this.markBusy(worker);
  }

  private markBusy(w: FunctionWorker): FunctionWorker {
    this.busyWorkers.add(w);
    return w;
  }

  private reapIdle(): void {
    const cutoff = Date.now() - IDLE_WORKER_TTL_MS;
    for (const s of this.slots.values()) {
      s.idle = s.idle.filter((w) => {
        if (w.idleSince >= cutoff && w.alive) return true;
        w.kill();
        return false;
      });
    }
  }

  /** The environment a CloudBase Node.js function instance starts with. */
  private workerEnv(functionName: string): Record<string, string> {
    const inherit = ['PATH', 'HOME', 'LANG', 'SYSTEMROOT'];
    const env: Record<string, string> = {};
    for (const k of inherit) if (process.env[k]) env[k] = process.env[k] as string;
    return {
      ...env,
      TZ: 'UTC', // SCF instances run in UTC unless the function sets TZ
      ...this.opts.functionEnv,
      NODE_PATH: REPO_NODE_MODULES,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrl() }),
      TENCENTCLOUD: 'true',
      TENCENTCLOUD_SECRETID: 'twin-secret-id',
      TENCENTCLOUD_SECRETKEY: 'twin-secret-key',
      TCB_ENV: this.opts.env,
      SCF_NAMESPACE: this.opts.env,
      SCF_FUNCTIONNAME: functionName,
      SCF_FUNCTIONVERSION: '$LATEST',
      WX_CONTEXT_KEYS: CONTEXT_KEYS.join(','),
    };
  }

  private invocationEnv(req: InvokeRequest, token: string): Record<string, string> {
    const env: Record<string, string> = { WX_OPENID: req.identity.openId, WX_APPID: req.identity.appId, WX_API_TOKEN: token };
    if (req.identity.unionId) env.WX_UNIONID = req.identity.unionId;
    if (req.identity.source.startsWith('wx_client')) env.WX_CLIENTIP = '127.0.0.1';
    if (req.identity.source) env.TCB_SOURCE = req.identity.source;
    if (req.trigger) env.TRIGGER_SRC = 'timer';
    return env;
  }

  /** The SCF `context` argument of main(event, context). */
  private context(req: InvokeRequest, invocationId: string, timeoutMs: number): Record<string, unknown> {
    const environment = { SCF_NAMESPACE: this.opts.env, TCB_ENV: this.opts.env, WX_CONTEXT_KEYS: CONTEXT_KEYS.join(',') };
    return {
      callbackWaitsForEmptyEventLoop: false,
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutMs,
      request_id: invocationId,
      environ: Object.entries(environment).map(([k, v]) => `${k}=${v}`).join(';'),
      environment: JSON.stringify(environment),
      function_version: '$LATEST',
      function_name: req.functionName,
      namespace: this.opts.env,
    };
  }
}
