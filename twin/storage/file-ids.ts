// cloudPath and fileID rules. fileID format: cloud://<env>.<bucket>/<cloudPath>, as on CloudBase.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const MAX_CLOUD_PATH_BYTES = 850; // COS object keys are limited to 850 bytes.
// `?`, `#` and `%` would make the temp URL (which carries the raw path, like CloudBase's) ambiguous.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f?#%\\]/;

export function validateCloudPath(cloudPath: unknown): Parsed<string> {
  if (typeof cloudPath !== 'string' || cloudPath.length === 0) {
    return { ok: false, message: 'cloudPath must be a non-empty string' };
  }
  if (Buffer.byteLength(cloudPath) > MAX_CLOUD_PATH_BYTES) {
    return { ok: false, message: `cloudPath is longer than ${MAX_CLOUD_PATH_BYTES} bytes` };
  }
  if (cloudPath.startsWith('/')) return { ok: false, message: 'cloudPath must not start with "/"' };
  if (FORBIDDEN_CHARS.test(cloudPath)) {
    return { ok: false, message: 'cloudPath must not contain control characters, "?", "#", "%" or "\\"' };
  }
  const segments = cloudPath.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    return { ok: false, message: 'cloudPath must not contain empty, "." or ".." segments' };
  }
  return { ok: true, value: cloudPath };
}

/** CloudBase buckets look like `7465-test-3g4h5j-1259396411` (hex of the env's first two chars). */
export function bucketForEnv(env: string): string {
  return `${Buffer.from(env.slice(0, 2)).toString('hex')}-${env}-1250000000`;
}

export function formatFileId(env: string, bucket: string, cloudPath: string): string {
  return `cloud://${env}.${bucket}/${cloudPath}`;
}

const FILE_ID = /^cloud:\/\/([^./]+)\.([^/]+)\/(.+)$/;

/** Parses a fileID of this twin's env and bucket into its cloudPath. */
export function parseFileId(fileId: unknown, env: string, bucket: string): Parsed<string> {
  if (typeof fileId !== 'string') return { ok: false, message: 'fileID must be a string' };
  const m = FILE_ID.exec(fileId);
  if (!m) return { ok: false, message: `invalid fileID "${fileId}" (expected cloud://<env>.<bucket>/<path>)` };
  const [, fileEnv, fileBucket, cloudPath] = m;
  if (fileEnv !== env || fileBucket !== bucket) {
    return { ok: false, message: `fileID "${fileId}" belongs to another environment or bucket` };
  }
  return validateCloudPath(cloudPath);
}
