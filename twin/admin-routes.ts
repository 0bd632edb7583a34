import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { renderBrowser } from './admin-browser';
import type { DatabaseEngine } from './database';
import { TwinHttpError } from './errors';
import { FUNCTION_NAME, listFunctions } from './functions/function-config';
import type { FunctionPool } from './functions/pool';
import type { TimerInfo } from './functions/triggers';
import { deliverMediaVerdict } from './openapi/media-check-push';
import type { Outbox } from './outbox';
import { CollectionName, IndexSpecBody } from './schemas';
import { check } from './validation';

export interface AdminDeps {
  env: string;
  appId: string;
  db: DatabaseEngine;
  pool: FunctionPool;
  outbox: Outbox;
  functionsDir: string;
  timers: () => TimerInfo[];
  reset: () => Promise<void>;
  fireTrigger: (functionName: string, trigger: string) => Promise<{ invocationId: string; result: unknown }>;
  now: () => Date;
}

const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  skip: z.coerce.number().int().min(0).default(0),
});
const LogsQuery = z.object({ function: z.string().regex(FUNCTION_NAME).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }).strict();
const OutboxQuery = z.object({ apiName: z.string().optional() }).strict();
const BrowserQuery = Paging.extend({ collection: CollectionName.optional() }).strict();
const TriggerParams = z.object({ fn: z.string().regex(FUNCTION_NAME, 'invalid function name'), trigger: z.string().min(1).max(64) });
const VerdictBody = z
  .object({
    function: z.string().regex(FUNCTION_NAME, 'invalid function name'),
    suggest: z.enum(['pass', 'risky', 'review']),
    label: z.number().int().optional(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown, what: string): T {
  const r = check(schema, input ?? {});
  if (!r.ok) throw new TwinHttpError('INVALID_REQUEST', `${what}: ${r.message}`, 400);
  return r.value;
}

/** `/_twin/*`: reset, indexes, inspection, manual triggers and the HTML data browser. Bound to 127.0.0.1 only. */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  // Browsers always send Origin on cross-site POSTs: refuse them, so a web page cannot reset the twin.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/_twin') || req.method === 'GET' || req.method === 'HEAD') return;
    const origin = req.headers.origin;
    if (origin && origin !== `http://${req.headers.host}`) {
      throw new TwinHttpError('INVALID_REQUEST', 'cross-origin requests to /_twin are refused', 403);
    }
  });

  app.get('/_twin/status', async () => ({
    env: deps.env,
    functionsDir: deps.functionsDir,
    functions: listFunctions(deps.functionsDir),
    timers: deps.timers(),
  }));

  app.post('/_twin/reset', async () => {
    await deps.reset();
    return { ok: true };
  });

  app.post('/_twin/indexes', async (req) => {
    const spec = parse(IndexSpecBody, req.body, 'index');
    deps.db.ensureIndex(spec);
    return { ok: true, index: spec };
  });

  app.get('/_twin/collections', async () => ({ collections: deps.db.listCollections() }));

  app.get('/_twin/collections/:name/documents', async (req) => {
    const name = parse(CollectionName, (req.params as { name: string }).name, 'collection');
    const { limit, skip } = parse(Paging.strict(), req.query, 'query');
    if (!deps.db.listCollections().some((c) => c.name === name)) throw new TwinHttpError('NOT_FOUND', `collection "${name}" does not exist`, 404);
    return { documents: deps.db.browse(name, { limit, skip }) };
  });

  app.get('/_twin/outbox', async (req) => {
    const { apiName } = parse(OutboxQuery, req.query, 'query');
    const items = deps.outbox.list();
    return { items: apiName ? items.filter((i) => i.apiName === apiName) : items };
  });

  app.get('/_twin/logs', async (req) => {
    const q = parse(LogsQuery, req.query, 'query');
    return { items: deps.pool.logs.list({ functionName: q.function, limit: q.limit }) };
  });

  app.post('/_twin/triggers/:fn/:trigger', async (req) => {
    const { fn, trigger } = parse(TriggerParams, req.params, 'trigger');
    return deps.fireTrigger(fn, trigger);
  });

  // Deliver the asynchronous verdict of a security.mediaCheckAsync call, as WeChat's
  // `wxa_media_check` message push does, to the function named in the body.
  app.post('/_twin/media-checks/:traceId/verdict', async (req) => {
    const traceId = (req.params as { traceId: string }).traceId;
    return deliverMediaVerdict(deps, traceId, parse(VerdictBody, req.body, 'verdict'));
  });

  const browser = async (req: FastifyRequest, reply: FastifyReply) => {
    const q = parse(BrowserQuery, req.query, 'query');
    const collections = deps.db.listCollections();
    const chosen = q.collection ? collections.find((c) => c.name === q.collection) : undefined;
    const html = renderBrowser({
      env: deps.env,
      collections,
      selected: chosen
        ? { name: chosen.name, skip: q.skip, limit: q.limit, total: chosen.count, documents: deps.db.browse(chosen.name, { limit: q.limit, skip: q.skip }) }
        : undefined,
      outbox: deps.outbox.list(),
      invocations: deps.pool.logs.list({ limit: 50 }),
      timers: deps.timers(),
      functions: listFunctions(deps.functionsDir),
    });
    return reply.type('text/html; charset=utf-8').send(html);
  };
  app.get('/_twin/', browser);
  app.get('/_twin', browser);
}
