// Dispatch history for smart dispatch (M-16): every whistle-office dispatch is kept in `dispatch_history`
// (index matter_township_recent: matterType, township, at desc), written in the dispatch's own
// transaction; the proposal for a later whistle of the same matter type and township reads the most
// recent records (domain/dispatch-learning.ts decides).
import { DISPATCH_LEARNING, isCorrection, proposeDispatch, routeMatter, type DispatchChoice, type DispatchProposal, type DispatchRecord, type WhistleDoc } from '../domain';
import { isDomainError } from '../domain/errors';
import type { CountyContext } from './county';
import { readAll, type Tx } from './db';
import type { Database } from './sdk';

export const DISPATCH_HISTORY = 'dispatch_history';

export async function dispatchHistory(db: Database, matterType: string, township: string): Promise<DispatchRecord[]> {
  return readAll<DispatchRecord>(db.collection(DISPATCH_HISTORY).where({ matterType, township }).orderBy('at', 'desc').limit(DISPATCH_LEARNING.window));
}

/** The platform's dispatch proposal for this whistle now, or null when its matter type has no departments. */
export async function dispatchProposal(db: Database, env: CountyContext, doc: Pick<WhistleDoc, 'matterType' | 'township'>): Promise<DispatchProposal | null> {
  let route;
  try {
    route = routeMatter(env.county, doc.matterType, doc.township);
  } catch (err) {
    if (isDomainError(err)) return null; // matter type no longer configured
    throw err;
  }
  if (!route.lead) return null;
  return proposeDispatch(route, await dispatchHistory(db, doc.matterType, doc.township));
}

/** The departments a dispatched whistle went to (active lead and co assignments). */
export function chosenDepartments(doc: WhistleDoc): DispatchChoice {
  const active = doc.assignments.filter((a) => a.state !== 'returned');
  return { lead: active.find((a) => a.role === 'lead')?.dept ?? '', co: active.filter((a) => a.role === 'co').map((a) => a.dept) };
}

/** Keeps one dispatch (and whether it corrected the proposal) inside the dispatch's transaction. */
export async function recordDispatch(tx: Tx, doc: WhistleDoc, proposed: DispatchChoice, by: string, at: string): Promise<void> {
  const chosen = chosenDepartments(doc);
  const record: DispatchRecord = {
    county: doc.county,
    township: doc.township,
    matterType: doc.matterType,
    whistleId: doc._id,
    at,
    proposed,
    chosen,
    corrected: isCorrection(proposed, chosen),
    by,
  };
  await tx.collection(DISPATCH_HISTORY).add({ data: record });
}
