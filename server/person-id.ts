import { createHash } from 'node:crypto';

/** Stable person id for an OPENID, so the openid itself never has to travel in ids or URLs. */
export function personIdFor(openid: string): string {
  return 'p' + createHash('sha256').update(`shaosheng:${openid}`).digest('hex').slice(0, 23);
}
