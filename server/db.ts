// Typed reads over wx-server-sdk (its typings mix promise and callback styles, so results are narrowed here).
import type { Database } from './sdk';

/** One collection per aggregate. */
export const COLLECTIONS = { case: 'cases', whistle: 'whistles' } as const;

type Collection = ReturnType<Database['collection']>;
type Query = Pick<Collection, 'get' | 'count'>;

export async function readAll<T>(query: Pick<Query, 'get'>): Promise<T[]> {
  return ((await query.get()) as unknown as { data: T[] }).data;
}

export async function readOne<T>(collection: Collection, id: string): Promise<T | null> {
  const rows = await readAll<T>(collection.where({ _id: id }).limit(1));
  return rows[0] ?? null;
}

export async function countOf(query: Pick<Query, 'count'>): Promise<number> {
  return ((await query.count()) as unknown as { total: number }).total;
}

/** Offset-cursor paging: reads one row more than asked to know whether another page follows. */
export async function readPage<T>(query: { skip(n: number): { limit(n: number): Pick<Query, 'get'> } }, cursor: string | undefined, limit: number) {
  const offset = Number(cursor || 0);
  const rows = await readAll<T>(query.skip(offset).limit(limit + 1));
  return { rows: rows.slice(0, limit), nextCursor: rows.length > limit ? String(offset + limit) : null };
}

/** A document as stored: CloudBase keeps `_id` outside the written data. */
export function withoutId<D extends { _id: string }>(doc: D): Omit<D, '_id'> {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}

/** The part of a transaction this project uses: single-document reads and writes (CloudBase's rule). */
export interface Tx {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: unknown }>;
      set(opts: { data: object }): Promise<unknown>;
    };
    add(opts: { data: object }): Promise<unknown>;
  };
}

/** Commit conflicts are retried by the SDK; more than its default 3 so a burst of reports in one area,
 *  which share the statistics summaries (server/stats.ts), all get through. */
const TRANSACTION_ATTEMPTS = 10;

const attempts = new WeakMap<Tx, number>();

/** Which attempt of its transaction `tx` is (1 = first; the SDK re-runs the body after a conflict). */
export function attemptOf(tx: Tx): number {
  return attempts.get(tx) ?? 1;
}

export function runTransaction<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let attempt = 0;
  return db.runTransaction((tx: Tx) => {
    attempts.set(tx, ++attempt);
    return fn(tx);
  }, TRANSACTION_ATTEMPTS) as Promise<T>;
}
