// Typed reads over wx-server-sdk (its typings mix promise and callback styles, so results are narrowed here).
import type { Database } from './sdk';

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

export function runTransaction<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.runTransaction(fn) as Promise<T>;
}
