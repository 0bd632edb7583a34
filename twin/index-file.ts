import fs from 'node:fs';
import type { DatabaseEngine, IndexSpec } from './database';
import type { TwinLogger } from './logger';
import { IndexFile } from './schemas';
import { describeIssues } from './validation';

export interface DeclaredCollections {
  collections: string[];
  indexes: IndexSpec[];
}

/** Reads the declared collections and indexes; throws a clear error when the file is invalid. */
export function readIndexFile(file: string): DeclaredCollections {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read JSON (${(err as Error).message})`);
  }
  const r = IndexFile.safeParse(raw);
  if (!r.success) throw new Error(`${file}: ${describeIssues(r.error)}`);
  const collections = Object.keys(r.data.collections);
  const indexes = Object.entries(r.data.collections).flatMap(([collection, c]) =>
    c.indexes.map((i): IndexSpec => ({ collection, name: i.name, keys: i.keys, ...(i.unique ? { unique: true } : {}) })),
  );
  return { collections, indexes };
}

/** Creates missing collections and ensures every declared index. */
export async function applyDeclaredCollections(db: DatabaseEngine, declared: DeclaredCollections, log: TwinLogger): Promise<void> {
  const existing = new Set(db.listCollections().map((c) => c.name));
  for (const name of declared.collections) {
    if (existing.has(name)) continue;
    await db.handle('database.addCollection', { action: 'database.addCollection', collectionName: name });
  }
  for (const spec of declared.indexes) db.ensureIndex(spec);
  if (declared.collections.length) {
    log('info', `declared collections ready: ${declared.collections.join(', ')} (${declared.indexes.length} indexes)`);
  }
}
