import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StorageService } from './storage-service';

/** COS answers in XML; wx-server-sdk parses the PUT reply as XML (empty 200 = success). */
function cosError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const id = randomUUID();
  const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return reply
    .status(status)
    .header('content-type', 'application/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message>` +
        `<RequestId>${id}</RequestId><TraceId>${id}</TraceId></Error>`,
    );
}

function firstString(v: unknown): string {
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
}

/** The COS-like HTTP surface: the signed PUT upload URL and signed temp download URLs. */
export function registerStorageRoutes(app: FastifyInstance, storage: StorageService, maxFileBytes: number): void {
  void app.register(async (scope) => {
    // Uploads arrive with any (or no) content type: take the raw bytes.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxFileBytes }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return cosError(reply, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (${maxFileBytes} bytes)`);
      }
      return cosError(reply, err.statusCode && err.statusCode < 500 ? err.statusCode : 500, 'InternalError', err.message);
    });

    scope.put('/_storage/upload', async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const cloudPath = firstString(q.path);
      const check = storage.checkUpload(cloudPath, Number(firstString(q.t)), firstString(q.sign));
      if (!check.ok) return cosError(reply, 403, check.code, check.message);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await storage.save(cloudPath, body);
      return reply.status(200).header('content-type', 'application/xml').send('');
    });

    scope.get('/_storage/:bucket/*', async (req, reply) => {
      // Read the path from the raw URL: it may carry percent-encoded UTF-8 and must be decoded once.
      const rawPath = req.url.split('?')[0].slice('/_storage/'.length);
      let bucket: string;
      let cloudPath: string;
      try {
        const parts = rawPath.split('/').map((p) => decodeURIComponent(p));
        bucket = parts[0];
        cloudPath = parts.slice(1).join('/');
      } catch {
        return cosError(reply, 400, 'InvalidURI', 'Could not parse the specified URI');
      }
      const q = req.query as Record<string, unknown>;
      const result = storage.checkDownload(bucket, cloudPath, Number(firstString(q.t)), firstString(q.sign));
      if (!result.ok) {
        const cosCode = result.code === 'FILE_NOT_FOUND' ? 'NoSuchKey' : result.code === 'URL_EXPIRED' ? 'AccessDenied' : 'SignatureDoesNotMatch';
        return cosError(reply, result.status, cosCode, result.message);
      }
      return reply
        .header('content-type', result.contentType)
        .header('content-length', result.size)
        .header('cache-control', 'private, max-age=60')
        .send(fs.createReadStream(result.absolutePath));
    });
  });
}
