import { z } from 'zod';
import { WireError } from '../errors';
import { check } from '../validation';
import type { WireAction } from '../wire-context';
import { validateCloudPath } from './file-ids';
import type { StorageService } from './storage-service';

const UploadMetadataBody = z.object({ path: z.string(), method: z.string().optional() }).passthrough();
const DownloadUrlBody = z
  .object({
    file_list: z
      .array(
        z.object({
          fileid: z.string(),
          max_age: z.number().int().positive().optional(),
          url_type: z.string().optional(),
        }),
      )
      .min(1)
      .max(50),
  })
  .passthrough();
const DeleteBody = z.object({ fileid_list: z.array(z.string()).min(1).max(50) }).passthrough();

function parseOrThrow<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown, action: string): T {
  const r = check(schema, body);
  if (!r.ok) throw new WireError('INVALID_PARAM', `${action}: ${r.message}`);
  return r.value;
}

/** `storage.*` actions of the CloudBase wire. */
export function storageActions(storage: StorageService): Record<string, WireAction> {
  return {
    'storage.getUploadMetadata': (body) => {
      const { path } = parseOrThrow(UploadMetadataBody, body, 'storage.getUploadMetadata');
      const valid = validateCloudPath(path);
      if (!valid.ok) throw new WireError('INVALID_PARAM', `storage.getUploadMetadata: ${valid.message}`);
      return storage.uploadMetadata(valid.value);
    },
    'storage.batchGetDownloadUrl': (body) => {
      const { file_list } = parseOrThrow(DownloadUrlBody, body, 'storage.batchGetDownloadUrl');
      const results = storage.tempUrls(file_list.map((f) => ({ fileID: f.fileid, maxAge: f.max_age })));
      return { download_list: results };
    },
    'storage.batchDeleteFile': async (body) => {
      const { fileid_list } = parseOrThrow(DeleteBody, body, 'storage.batchDeleteFile');
      return { delete_list: await storage.remove(fileid_list) };
    },
  };
}
