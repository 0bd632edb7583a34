// Persistence of cases and whistles: every state change goes through the domain's transition table
// inside one database transaction together with its audit event (append-only `events`).
import { applyAction, type ActionOf, type AuditEventDraft, type DocOf, type Effect, type Entity, type Actor } from '../domain';
import { DomainError } from '../domain/errors';
import type { CountyContext } from './county';
import type { Database } from './sdk';
import { readAll, readOne, runTransaction } from './db';

export const COLLECTIONS = { case: 'cases', whistle: 'whistles' } as const;

type Stored<D> = Omit<D, '_id'>;

function withoutId<D extends { _id: string }>(doc: D): Stored<D> {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}

export async function findById<E extends Entity>(db: Database, entity: E, id: string): Promise<DocOf<E> | null> {
  return readOne<DocOf<E>>(db.collection(COLLECTIONS[entity]), id);
}

export async function requireById<E extends Entity>(db: Database, entity: E, id: string): Promise<DocOf<E>> {
  const doc = await findById(db, entity, id);
  if (!doc) throw new DomainError('NOT_FOUND', entity === 'case' ? '未找到该事项' : '未找到该哨单');
  return doc;
}

/**
 * Creates a document with its creation event, atomically. Returns false when the id already exists
 * (the insert of a duplicate _id fails, so two racing creators cannot both win).
 */
export async function insertWithEvent<E extends Entity>(db: Database, entity: E, doc: DocOf<E>, event: AuditEventDraft): Promise<boolean> {
  if (await findById(db, entity, doc._id)) return false;
  try {
    await runTransaction(db, async (tx) => {
      await tx.collection(COLLECTIONS[entity]).add({ data: doc });
      await tx.collection('events').add({ data: event });
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
}

/**
 * Applies one action through the transition table. Concurrent actions on the same document
 * conflict in the transaction: exactly one wins; the loser re-reads and gets STALE_VERSION
 * (or an illegal-transition error) from the domain.
 */
export async function act<E extends Entity>(args: ActArgs<E>): Promise<{ doc: DocOf<E>; effects: Effect[] }> {
  const { db, entity, id, env } = args;
  const collection = COLLECTIONS[entity];
  return runTransaction(db, async (tx) => {
    const current = (await tx.collection(collection).doc(id).get()).data as DocOf<E> | undefined;
    if (!current) throw new DomainError('NOT_FOUND', '未找到该事项');
    const doc = { ...current, _id: id } as DocOf<E>;
    const result = applyAction({
      entity,
      doc,
      action: args.action,
      actor: args.actor,
      input: args.input,
      now: args.now,
      county: env.county,
      calendar: env.calendar,
      expectedVersion: args.expectedVersion,
    });
    await tx.collection(collection).doc(id).set({ data: withoutId(result.next) });
    await tx.collection('events').add({ data: result.event });
    return { doc: result.next as DocOf<E>, effects: result.effects };
  });
}

export async function eventsOf(db: Database, entity: Entity, id: string): Promise<AuditEventDraft[]> {
  return readAll<AuditEventDraft>(db.collection('events').where({ entity, entityId: id }).orderBy('at', 'asc').limit(1000));
}
