import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TwinHttpError } from './errors';
import type { CallerIdentity } from './functions/identity';
import type { FunctionPool } from './functions/pool';
import { invokeError } from './http-errors';
import { readMultipart } from './multipart';
import { validateCloudPath } from './storage/file-ids';
import type { StorageService } from './storage/storage-service';
import { check } from './validation';

export interface GatewayDeps {
  dev: boolean;
  appId: string;
  pool: FunctionPool;
  storage: StorageService;
}

export const OPENID_HEADER = 'x-shaosheng-openid';
export const UNIONID_HEADER = 'x-shaosheng-unionid';
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;

const CallFunctionBody = z.object({ name: z.string().min(1), data: z.record(z.unknown()).optional() }).strict();
const FileRef = z.union([z.string().min(1), z.object({ fileID: z.string().min(1), maxAge: z.number().int().positive().optional() })]);
const TempUrlBody = z.object({ fileList: z.array(FileRef).min(1).max(50) }).strict();
const DeleteBody = z.object({ fileList: z.array(z.string().min(1)).min(1).max(50) }).strict();

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const r = check(schema, body);
  if (!r.ok) throw new TwinHttpError('INVALID_REQUEST', r.message, 400);
  return r.value;
}

/**
 * The H5 client's stand-in for wx.cloud: `/_client/*`. The user's identity (what WeChat would
 * inject) comes from the `x-shaosheng-openid` header, honoured only in dev mode.
 */
export function registerGatewayRoutes(app: FastifyInstance, deps: GatewayDeps): void {
  const identityOf = (req: FastifyRequest): CallerIdentity => {
    const openId = header(req, OPENID_HEADER);
    const unionId = header(req, UNIONID_HEADER);
    if (openId === undefined && unionId === undefined) return { openId: '', appId: deps.appId, unionId: '', source: 'wx_client' };
    if (!deps.dev) {
      throw new TwinHttpError('DEV_IDENTITY_DISABLED', `the ${OPENID_HEADER} header is only accepted when the twin runs in dev mode (--dev)`, 403);
    }
    if (openId !== undefined && !OPENID.test(openId)) throw new TwinHttpError('INVALID_REQUEST', `${OPENID_HEADER} must be 1-128 letters, digits, "_" or "-"`, 400);
    if (unionId !== undefined && !OPENID.test(unionId)) throw new TwinHttpError('INVALID_REQUEST', `${UNIONID_HEADER} must be 1-128 letters, digits, "_" or "-"`, 400);
    return { openId: openId ?? '', appId: deps.appId, unionId: unionId ?? '', source: 'wx_client' };
  };

  app.post('/_client/callFunction', async (req) => {
    const identity = identityOf(req);
    const { name, data } = parseBody(CallFunctionBody, req.body);
    // As on CloudBase: the client's data, with userInfo injected (a client-sent userInfo is replaced).
    const event = { ...(data ?? {}), userInfo: { appId: identity.appId, openId: identity.openId } };
    const outcome = await deps.pool.invoke({ functionName: name, event, identity });
    if (!outcome.ok) throw invokeError(outcome.error.code, `${outcome.error.message} (invocation ${outcome.invocationId})`);
    return { result: outcome.result };
  });

  app.post('/_client/uploadFile', async (req) => {
    identityOf(req);
    if (!req.isMultipart()) throw new TwinHttpError('UNSUPPORTED_MEDIA_TYPE', 'expected multipart/form-data with fields "cloudPath" and "file"', 415);
    const mp = await readMultipart(req);
    const file = mp.files.find((f) => f.field === 'file');
    if (!file) throw new TwinHttpError('INVALID_REQUEST', 'missing the file part "file"', 400);
    const cloudPath = validateCloudPath(mp.fields.cloudPath);
    if (!cloudPath.ok) throw new TwinHttpError('INVALID_REQUEST', cloudPath.message, 400);
    return { fileID: await deps.storage.save(cloudPath.value, file.data) };
  });

  app.post('/_client/getTempFileURL', async (req) => {
    identityOf(req);
    const { fileList } = parseBody(TempUrlBody, req.body);
    const results = deps.storage.tempUrls(fileList.map((f) => (typeof f === 'string' ? { fileID: f } : f)));
    return {
      fileList: results.map((r) =>
        r.code === 'SUCCESS'
          ? { fileID: r.fileID, tempFileURL: r.tempFileURL, maxAge: r.maxAge, status: 0 }
          : { fileID: r.fileID, tempFileURL: '', status: r.code === 'STORAGE_FILE_NONEXIST' ? -503003 : -501007, errMsg: r.message ?? r.code },
      ),
    };
  });

  app.post('/_client/deleteFile', async (req) => {
    identityOf(req);
    const { fileList } = parseBody(DeleteBody, req.body);
    const results = await deps.storage.remove(fileList);
    return {
      fileList: results.map((r) =>
        r.code === 'SUCCESS'
          ? { fileID: r.fileID, status: 0 }
          : { fileID: r.fileID, status: r.code === 'STORAGE_FILE_NONEXIST' ? -503003 : -501007, errMsg: r.message ?? r.code },
      ),
    };
  });
}
