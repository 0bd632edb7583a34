import { z } from 'zod';

/** CloudBase collection names: letters, digits, `_` and `-`, starting with a letter or `_`. */
export const CollectionName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'collection names use letters, digits, "_" and "-" (max 64)');

export const IndexKeys = z
  .record(z.string().min(1), z.union([z.literal(1), z.literal(-1), z.literal('2dsphere')]))
  .refine((k) => Object.keys(k).length > 0, 'keys must name at least one field');

export const IndexDeclaration = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'index names use letters, digits, "_", "." and "-"'),
  keys: IndexKeys,
  unique: z.boolean().optional(),
});

/** Body of `POST /_twin/indexes`. */
export const IndexSpecBody = IndexDeclaration.extend({ collection: CollectionName }).strict();

/** `cloudfunctions/database.indexes.json`. */
export const IndexFile = z.object({
  _doc: z.string().optional(),
  collections: z.record(CollectionName, z.object({ indexes: z.array(IndexDeclaration.strict()).default([]) }).strict()),
});
