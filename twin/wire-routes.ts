import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WireError, errorMessage } from './errors';
import type { FunctionPool } from './functions/pool';
import type { TwinLogger } from './logger';
import { readMultipart } from './multipart';
import type { OpenApiService } from './openapi/openapi-service';
import type { WireAction, WireContext } from './wire-context';

export interface WireDeps {
  env: string;
  actions: Record<string, WireAction>;
  /** Answers every `database.*` action with the full reply body (success or error, always HTTP 200). */
  database: (action: string, body: Record<string, unknown>, requestId: string) => Promise<Record<string, unknown>>;
  openapi: OpenApiService;
  pool: FunctionPool;
  log: TwinLogger;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** WireErrors keep their code; body-reading failures are the caller's; anything else is a twin bug. */
function asWireError(err: unknown, log: TwinLogger, action: string): WireError {
  if (err instanceof WireError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  // Framework errors while reading the body (multipart limits, …).
  if (err instanceof Error && typeof code === 'string' && code.startsWith('FST_')) return new WireError('INVALID_PARAM', err.message);
  log('error', `internal error in ${action}: ${errorMessage(err)}`, { stack: (err as Error)?.stack });
  return new WireError('SYS_ERR', `internal twin error in ${action}: ${errorMessage(err)}`);
}

function sendWireError(reply: FastifyReply, err: WireError, requestId: string): FastifyReply {
  return reply.status(err.httpStatus).header('content-type', 'application/json; charset=utf-8').send({ code: err.code, message: err.message, requestId });
}

/** `POST /admin?env=…&seqId=…`: the single endpoint wx-server-sdk / @cloudbase/node-sdk talk to. */
export function registerWireRoutes(app: FastifyInstance, deps: WireDeps): void {
  app.post('/admin', async (req: FastifyRequest, reply: FastifyReply) => {
    const requestId = randomUUID();
    let action = '(none)';
    try {
      let body: Record<string, unknown>;
      let requestData: Buffer | undefined;
      if (req.isMultipart()) {
        const mp = await readMultipart(req);
        body = { ...mp.fields };
        requestData = mp.files.find((f) => f.field === 'requestData')?.data;
      } else if (isPlainObject(req.body)) {
        body = req.body;
      } else {
        throw new WireError('INVALID_PARAM', 'request body must be a JSON object (or multipart form) with an "action" field', 400);
      }
      if (typeof body.action !== 'string' || !body.action) {
        throw new WireError('INVALID_PARAM', 'missing "action": expected e.g. "database.getDocument"', 400);
      }
      action = body.action;
      const envName = body.envName ?? '';
      if (envName !== '' && envName !== deps.env) {
        throw new WireError('INVALIID_ENV', `unknown environment "${String(envName)}": this twin serves "${deps.env}"`);
      }
      const ctx: WireContext = { requestId, caller: deps.pool.callerForToken(body.wxCloudApiToken) };

      if (action === 'wx.openApi') {
        if (typeof body.apiName !== 'string' || !body.apiName) throw new WireError('INVALID_PARAM', 'wx.openApi: missing "apiName"');
        if (!requestData) throw new WireError('INVALID_PARAM', 'wx.openApi: missing the "requestData" protobuf part');
        const bytes = await deps.openapi.handle(body.apiName, requestData, ctx.caller);
        return reply.status(200).header('content-type', 'application/octet-stream').send(bytes);
      }
      if (action.startsWith('database.')) {
        const replyBody = await deps.database(action, body, requestId);
        return reply.status(200).header('content-type', 'application/json; charset=utf-8').send(replyBody);
      }
      if (!Object.prototype.hasOwnProperty.call(deps.actions, action)) throw new WireError('INVALID_PARAM', `unknown action "${action}"`);
      const data = await deps.actions[action](body, ctx);
      return reply.status(200).header('content-type', 'application/json; charset=utf-8').send({ data, requestId });
    } catch (err) {
      return sendWireError(reply, asWireError(err, deps.log, action), requestId);
    }
  });
}

/** Formats framework-level failures on /admin (unparseable JSON, too large, wrong media type) the CloudBase way. */
export function wireFrameworkError(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return sendWireError(reply, new WireError('INVALID_PARAM', message, statusCode), randomUUID());
}
