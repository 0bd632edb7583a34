// Document ids and display numbers. A client-generated request id makes creation idempotent:
// the same caller retrying the same request gets the same id.
import { createHash } from 'node:crypto';

/** 24-character id: one-letter prefix ('c' case, 'w' whistle) + hash of caller and request. */
export function requestScopedId(prefix: string, openid: string, clientRequestId: string): string {
  return prefix + createHash('sha256').update(`${openid}:${clientRequestId}`).digest('hex').slice(0, 23);
}

/** Human-readable number: CST date + six characters of the id, e.g. 20260302-3FA9C1 (prefix for whistles: W…). */
export function displayNo(id: string, now: Date, prefix = ''): string {
  const ymd = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `${prefix}${ymd}-${id.slice(1, 7).toUpperCase()}`;
}
