import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** HMAC signatures for the twin's upload and temp download URLs. */
export class UrlSigner {
  private constructor(private readonly secret: Buffer) {}

  /** With a data dir the secret is kept there, so temp URLs survive a twin restart (as on CloudBase). */
  static open(secretFile: string | undefined): UrlSigner {
    if (!secretFile) return new UrlSigner(randomBytes(32));
    try {
      const existing = fs.readFileSync(secretFile);
      if (existing.length >= 32) return new UrlSigner(existing);
    } catch {
      // No secret yet.
    }
    const secret = randomBytes(32);
    fs.mkdirSync(path.dirname(secretFile), { recursive: true });
    fs.writeFileSync(secretFile, secret, { mode: 0o600 });
    return new UrlSigner(secret);
  }

  sign(purpose: 'upload' | 'download', resource: string, expiresAtSec: number): string {
    return createHmac('sha256', this.secret)
      .update(`${purpose}\n${resource}\n${expiresAtSec}`)
      .digest('base64url')
      .slice(0, 32);
  }

  verify(purpose: 'upload' | 'download', resource: string, expiresAtSec: number, signature: string): boolean {
    const expected = Buffer.from(this.sign(purpose, resource, expiresAtSec));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
