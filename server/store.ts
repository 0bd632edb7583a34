// Persistence of cases and whistles: every state change goes through the domain's transition table
// inside one database transaction together with its audit event (append-only `events`), the cascades,
// notifications and inbox rows that follow from it (effects.ts) — all of it or nothing.
import { applyAction, type ActionOf, type AuditEventDraft, type DocOf, type Effect, type Entity, type Actor, type WhistleDoc } from '../domain';
import { DomainError } from '../domain/errors';
import { syncAssignmentRows } from './assignments';
import type { CountyContext } from './county';
import type { CallContext } from './handler';
import type { Database } from './sdk';
import { COLLECTIONS, readAll, readOne, runTransaction, withoutId, type Tx } from './db';
import { settleEffects, type ApplyInTx, type Origin } from './effects';
import { applyStatsForEvent } from './stats';

export { COLLECTIONS } from './db';

const notFound = (entity: Entity) => new DomainError('NOT_FOUND', entity === 'case' ? '未找到该事项' : '未找到该哨单');

export async function findById<E extends Entity>(db: Database, entity: E, id: string): Promise<DocOf<E> | null> {
  return readOne<DocOf<E>>(db.collection(COLLECTIONS[entity]), id);
}

export async function requireById<E extends Entity>(db: Database, entity: E, id: string): Promise<DocOf<E>> {
  const doc = await findById(db, entity, id);
  if (!doc) throw notFound(entity);
  return doc;
}

/** Rows derived from a document for index-backed inboxes, rewritten with it. */
async function syncDerived(tx: Tx, entity: Entity, before: DocOf<Entity> | null, after: DocOf<Entity>): Promise<void> {
  if (entity === 'whistle') await syncAssignmentRows(tx, before as WhistleDoc | null, after as WhistleDoc);
}

/** One action on one document inside `tx`, then everything that follows from it. */
const applyInTx = async <E extends Entity>(
  tx: Tx,
  origin: Origin,
  target: { entity: E; id: string; action: ActionOf<E>; input: unknown; expectedVersion?: number },
  actor: Actor,
  depth: number,
): Promise<{ doc: DocOf<E>; effects: Effect[] }> => {
  const { entity, id } = target;
  const ref = tx.collection(COLLECTIONS[entity]).doc(id);
  const current = (await ref.get()).data as DocOf<E> | null | undefined;
  if (!current) throw notFound(entity);
  const doc = { ...current, _id: id } as DocOf<E>;
  const result = applyAction({
    entity,
    doc,
    action: target.action,
    actor,
    input: target.input,
    now: origin.now,
    county: origin.env.county,
    calendar: origin.env.calendar,
    expectedVersion: target.expectedVersion,
  });
  const next = result.next as DocOf<E>;
  await ref.set({ data: withoutId(next) });
  await tx.collection('events').add({ data: result.event });
  await applyStatsForEvent(tx, result.event, doc, next);
  await syncDerived(tx, entity, doc, next);
  await settleEffects(tx, origin, { entity, doc: next }, result.effects, applyInTx as ApplyInTx, depth);
  return { doc: next, effects: result.effects };
};

/** One audited step of a document's creation; several when it is created and acted on at once (M-6 auto-merge). */
export interface EventStep<E extends Entity> {
  event: AuditEventDraft;
  before: DocOf<E> | null;
  after: DocOf<E>;
}

/**
 * Creates a document with its creation event and the effects of its creation (e.g. a proposed whistle
 * attaches its cases), atomically. Returns false when the id already exists (the insert of a duplicate
 * _id fails, so two racing creators cannot both win).
 */
export async function insertWithEvent<E extends Entity>(
  db: Database,
  entity: E,
  doc: DocOf<E>,
  event: AuditEventDraft | EventStep<E>[],
  consequences?: { effects: Effect[]; origin: Origin },
): Promise<boolean> {
  const steps: EventStep<E>[] = Array.isArray(event) ? event : [{ event, before: null, after: doc }];
  if (await findById(db, entity, doc._id)) return false;
  try {
    await runTransaction(db, async (tx) => {
      await tx.collection(COLLECTIONS[entity]).add({ data: doc });
      for (const step of steps) {
        await tx.collection('events').add({ data: step.event });
        await applyStatsForEvent(tx, step.event, step.before, step.after);
      }
      await syncDerived(tx, entity, null, doc);
      if (consequences) await settleEffects(tx, consequences.origin, { entity, doc }, consequences.effects, applyInTx as ApplyInTx, 0);
    });
    return true;
  } catch (err) {
    if (await findById(db, entity, doc._id)) return false;
    throw err;
  }
}

export interface ActArgs<E extends Entity> {
  db: Database;
  entity: E;
  id: string;
  action: ActionOf<E>;
  actor: Actor;
  input: unknown;
  expectedVersion?: number;
  now: Date;
  env: CountyContext;
  /** Further writes that belong to this change (e.g. the dispatch history, M-16), in its transaction. */
  alsoInTx?: (tx: Tx, doc: DocOf<E>) => Promise<void>;
}

/**
 * Applies one action through the transition table. Concurrent actions on the same document
 * conflict in the transaction: exactly one wins; the loser re-reads and gets STALE_VERSION
 * (or an illegal-transition error) from the domain.
 */
export async function act<E extends Entity>(args: ActArgs<E>): Promise<{ doc: DocOf<E>; effects: Effect[] }> {
  const { db, entity, id, action, input, expectedVersion, actor } = args;
  const origin: Origin = { actor, now: args.now, env: args.env };
  return runTransaction(db, async (tx) => {
    const result = await applyInTx(tx, origin, { entity, id, action, input, expectedVersion }, actor, 0);
    if (args.alsoInTx) await args.alsoInTx(tx, result.doc);
    return result;
  });
}

export async function eventsOf(db: Database, entity: Entity, id: string): Promise<AuditEventDraft[]> {
  return readAll<AuditEventDraft>(db.collection('events').where({ entity, entityId: id }).orderBy('at', 'asc').limit(1000));
}

/** A caller's request to act on one document — the same for cases and whistles. */
export function actAsCaller<E extends Entity>(
  ctx: Pick<CallContext, 'db' | 'actor' | 'now'>,
  env: CountyContext,
  entity: E,
  id: string,
  request: { action: string; input: unknown; expectedVersion: number },
  alsoInTx?: ActArgs<E>['alsoInTx'],
): Promise<{ doc: DocOf<E>; effects: Effect[] }> {
  return act({ db: ctx.db, entity, id, action: request.action as ActionOf<E>, actor: ctx.actor, input: request.input, expectedVersion: request.expectedVersion, now: ctx.now, env, alsoInTx });
}
