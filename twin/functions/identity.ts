/** Who a function invocation runs for; becomes the worker's WX_* environment (read by getWXContext). */
export interface CallerIdentity {
  openId: string;
  appId: string;
  unionId: string;
  /** getWXContext().SOURCE: `wx_client`, `wx_client,scf`, `wx_trigger`, or '' for admin/SDK callers. */
  source: string;
  /** Set when the caller is a function invocation run by this twin. */
  functionName?: string;
  invocationId?: string;
}

export const ANONYMOUS: CallerIdentity = { openId: '', appId: '', unionId: '', source: '' };

/** Identity of a function called by another function (CloudBase keeps the user and appends `scf`). */
export function chainedIdentity(caller: CallerIdentity | undefined): CallerIdentity {
  if (!caller) return ANONYMOUS;
  return { openId: caller.openId, appId: caller.appId, unionId: caller.unionId, source: caller.source ? `${caller.source},scf` : 'scf' };
}
