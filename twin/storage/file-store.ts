import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Cloud files on local disk: `<root>/<bucket>/<cloudPath>`. cloudPaths must be validated first. */
export class FileStore {
  constructor(
    private readonly root: string,
    readonly bucket: string,
  ) {
    fs.mkdirSync(this.bucketDir(), { recursive: true });
  }

  private bucketDir(): string {
    return path.join(this.root, this.bucket);
  }

  /** Absolute path of a cloudPath; refuses anything that would escape the bucket directory. */
  absolutePath(cloudPath: string): string {
    const base = this.bucketDir();
    const full = path.resolve(base, cloudPath);
    if (!full.startsWith(base + path.sep)) throw new Error(`cloudPath escapes the bucket: ${cloudPath}`);
    return full;
  }

  /** Writes atomically (temp file + rename) so a hard kill never leaves a half-written file. */
  async write(cloudPath: string, data: Buffer): Promise<void> {
    const target = this.absolutePath(cloudPath);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.uploading`;
    const handle = await fs.promises.open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, target);
  }

  stat(cloudPath: string): fs.Stats | undefined {
    try {
      const st = fs.statSync(this.absolutePath(cloudPath));
      return st.isFile() ? st : undefined;
    } catch {
      return undefined;
    }
  }

  async remove(cloudPath: string): Promise<boolean> {
    if (!this.stat(cloudPath)) return false;
    await fs.promises.rm(this.absolutePath(cloudPath));
    return true;
  }

  clear(): void {
    fs.rmSync(this.bucketDir(), { recursive: true, force: true });
    fs.mkdirSync(this.bucketDir(), { recursive: true });
  }
}

// The few types a mini-program stores; a small table instead of a MIME package (none is a declared dependency).
const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  heic: 'image/heic',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function contentTypeFor(cloudPath: string): string {
  const ext = path.extname(cloudPath).slice(1).toLowerCase();
  return MIME_BY_EXT[ext] ?? 'application/octet-stream';
}
