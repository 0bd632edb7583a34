import type { CallerIdentity } from './functions/identity';

/** What a wire action handler knows about the request it serves. */
export interface WireContext {
  requestId: string;
  /** Set when the request comes from a function the twin is running (found via its wxCloudApiToken). */
  caller?: CallerIdentity;
}

/** A `POST /admin` action: takes the request fields, returns the reply's `data`, throws WireError. */
export type WireAction = (body: Record<string, unknown>, ctx: WireContext) => unknown | Promise<unknown>;
