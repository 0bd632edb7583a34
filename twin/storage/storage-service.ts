import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileStore, contentTypeFor } from './file-store';
import { UrlSigner } from './url-signer';
import { bucketForEnv, formatFileId, parseFileId, validateCloudPath } from './file-ids';

/** Per-file outcome codes; they are CloudBase codes, so wx-server-sdk maps them (SUCCESS → status 0). */
export type FileCode = 'SUCCESS' | 'STORAGE_FILE_NONEXIST' | 'INVALID_PARAM';

export interface TempUrlResult {
  fileID: string;
  tempFileURL: string;
  code: FileCode;
  maxAge: number;
  message?: string;
}

export interface DeleteResult {
  fileID: string;
  code: FileCode;
  message?: string;
}

export type DownloadCheck =
  | { ok: true; absolutePath: string; size: number; contentType: string }
  | { ok: false; status: 403 | 404; code: 'URL_EXPIRED' | 'URL_SIGNATURE_INVALID' | 'FILE_NOT_FOUND'; message: string };

export interface StorageServiceOptions {
  filesDir: string;
  env: string;
  signer: UrlSigner;
  baseUrl: () => string;
  now: () => Date;
  /** Default lifetime of temp download URLs, seconds (CloudBase: 2 h). */
  tempUrlTtlSec: number;
}

const UPLOAD_URL_TTL_SEC = 15 * 60;
const MAX_TEMP_URL_TTL_SEC = 7 * 24 * 3600;

/** Storage semantics shared by the CloudBase wire and the H5 gateway. */
export class StorageService {
  readonly store: FileStore;
  readonly bucket: string;

  constructor(private readonly opts: StorageServiceOptions) {
    this.bucket = bucketForEnv(opts.env);
    this.store = new FileStore(opts.filesDir, this.bucket);
  }

  private nowSec(): number {
    return Math.floor(this.opts.now().getTime() / 1000);
  }

  fileIdFor(cloudPath: string): string {
    return formatFileId(this.opts.env, this.bucket, cloudPath);
  }

  parseFileId(fileId: unknown) {
    return parseFileId(fileId, this.opts.env, this.bucket);
  }

  /** What `storage.getUploadMetadata` answers: a signed PUT URL on the twin plus the COS-style fields. */
  uploadMetadata(cloudPath: string) {
    const expires = this.nowSec() + UPLOAD_URL_TTL_SEC;
    const sign = this.opts.signer.sign('upload', cloudPath, expires);
    const url = `${this.opts.baseUrl()}/_storage/upload?path=${encodeURIComponent(cloudPath)}&t=${expires}&sign=${sign}`;
    const fileId = this.fileIdFor(cloudPath);
    const cosFileId = randomBytes(16).toString('hex');
    const token = randomBytes(16).toString('hex');
    const authorization = `q-sign-algorithm=sha1&q-ak=twin&q-sign-time=${expires - UPLOAD_URL_TTL_SEC};${expires}&q-signature=${sign}`;
    // node-sdk 3.17 reads the camelCase names; the snake_case ones mirror the raw CloudBase API.
    return {
      url,
      token,
      authorization,
      fileId,
      cosFileId,
      file_id: fileId,
      cos_file_id: cosFileId,
      download_url: `${this.opts.baseUrl()}/_storage/${this.bucket}/${cloudPath}`,
    };
  }

  checkUpload(cloudPath: string, t: number, sign: string): { ok: true } | { ok: false; code: string; message: string } {
    if (!Number.isInteger(t) || !this.opts.signer.verify('upload', cloudPath, t, sign)) {
      return { ok: false, code: 'SignatureDoesNotMatch', message: 'The upload URL signature is invalid' };
    }
    if (t < this.nowSec()) return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
    return { ok: true };
  }

  async save(cloudPath: string, data: Buffer): Promise<string> {
    await this.store.write(cloudPath, data);
    return this.fileIdFor(cloudPath);
  }

  downloadUrl(cloudPath: string, maxAgeSec: number): string {
    const t = this.nowSec() + maxAgeSec;
    const sign = this.opts.signer.sign('download', `${this.bucket}/${cloudPath}`, t);
    // The path stays raw, as in CloudBase temp URLs (wx-server-sdk applies encodeURI itself).
    return `${this.opts.baseUrl()}/_storage/${this.bucket}/${cloudPath}?sign=${sign}&t=${t}`;
  }

  tempUrls(items: { fileID: string; maxAge?: number }[]): TempUrlResult[] {
    return items.map(({ fileID, maxAge }) => {
      const ttl = Math.min(Math.max(Math.floor(maxAge ?? this.opts.tempUrlTtlSec), 1), MAX_TEMP_URL_TTL_SEC);
      const parsed = this.parseFileId(fileID);
      if (!parsed.ok) return { fileID, tempFileURL: '', code: 'INVALID_PARAM', maxAge: ttl, message: parsed.message };
      if (!this.store.stat(parsed.value)) {
        return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', maxAge: ttl, message: 'file does not exist' };
      }
      return { fileID, tempFileURL: this.downloadUrl(parsed.value, ttl), code: 'SUCCESS', maxAge: ttl };
    });
  }

  async remove(fileIds: string[]): Promise<DeleteResult[]> {
    const out: DeleteResult[] = [];
    for (const fileID of fileIds) {
      const parsed = this.parseFileId(fileID);
      if (!parsed.ok) out.push({ fileID, code: 'INVALID_PARAM', message: parsed.message });
      else if (await this.store.remove(parsed.value)) out.push({ fileID, code: 'SUCCESS' });
      else out.push({ fileID, code: 'STORAGE_FILE_NONEXIST', message: 'file does not exist' });
    }
    return out;
  }

  checkDownload(bucket: string, cloudPath: string, t: number, sign: string): DownloadCheck {
    const valid = validateCloudPath(cloudPath);
    if (bucket !== this.bucket || !valid.ok || !Number.isInteger(t) || !this.opts.signer.verify('download', `${bucket}/${cloudPath}`, t, sign)) {
      return { ok: false, status: 403, code: 'URL_SIGNATURE_INVALID', message: 'the temp file URL signature is invalid' };
    }
    if (t < this.nowSec()) return { ok: false, status: 403, code: 'URL_EXPIRED', message: 'the temp file URL has expired' };
    const st = this.store.stat(cloudPath);
    if (!st) return { ok: false, status: 404, code: 'FILE_NOT_FOUND', message: 'file does not exist' };
    return { ok: true, absolutePath: this.store.absolutePath(cloudPath), size: st.size, contentType: contentTypeFor(path.basename(cloudPath)) };
  }

  clear(): void {
    this.store.clear();
  }
}
