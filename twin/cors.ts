import type { FastifyInstance } from 'fastify';

const CORS_PREFIXES = ['/_client/', '/_storage/'];

/**
 * CORS for the H5 client's routes only (any origin). Hand-written instead of @fastify/cors: a few
 * headers, and it keeps the admin routes out of cross-origin reach.
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!CORS_PREFIXES.some((p) => req.url.startsWith(p))) return;
    reply.header('access-control-allow-origin', req.headers.origin ?? '*');
    reply.header('vary', 'Origin');
    reply.header('access-control-allow-methods', 'GET, HEAD, POST, PUT, OPTIONS');
    reply.header('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'content-type, x-shaosheng-openid, x-shaosheng-unionid');
    reply.header('access-control-max-age', '600');
    if (req.method === 'OPTIONS') return reply.status(204).send();
  });
  // Preflights must reach a route for the hook to run.
  for (const p of CORS_PREFIXES) app.options(`${p}*`, async (_req, reply) => reply.status(204).send());
}
