/**
 * Writer process for database-durability.test.ts (run with `npx tsx`, killed with SIGKILL).
 * Prints one line per acknowledged write, synchronously, only after `handle()` returned:
 *   pid <n>                 — the process to kill
 *   ack <id>                — a single-document insert is durable
 *   tx <k>                  — a committed transfer (A -= 1, B += 1, insert t<k>) is durable
 *   batch <k>               — a 300-document batch insert (one request, all-or-nothing) is durable
 *   pending                 — an open transaction holds uncommitted writes (never committed)
 */
import fs from 'node:fs';
import { openDatabase } from '../../twin/database';

const dir = process.argv[2];
const start = Number(process.argv[3] ?? 0);
const out = (line: string) => fs.writeSync(1, `${line}\n`);
const S = (v: unknown) => JSON.stringify(v);

const db = openDatabase({ dir });
const call = (action: string, body: Record<string, unknown>) => db.handle(`database.${action}`, body) as Record<string, unknown>;
if (!db.listCollections().some((c) => c.name === 'durable')) {
  call('addCollection', { collectionName: 'durable' });
  // every document carries a distinct `seq`: under a unique index two missing values collide (as in MongoDB)
  db.ensureIndex({ collection: 'durable', name: 'seq', keys: { seq: 1 }, unique: true });
  call('insertDocument', { collectionName: 'durable', data: [S({ _id: 'A', seq: -1, bal: 1_000_000 }), S({ _id: 'B', seq: -2, bal: 0 })] });
}
out(`pid ${process.pid}`);

// An uncommitted transaction with writes to new and existing documents: must leave nothing behind.
const pending = (call('startTransaction', {}) as { transactionId: string }).transactionId;
for (let i = 0; i < 20; i++) {
  call('insertDocument', { collectionName: 'durable', transactionId: pending, data: [S({ _id: `pending-${start}-${i}`, seq: -1e9 - start * 100 - i, big: 'x'.repeat(2000) })] });
}
call('modifyDocument', { collectionName: 'durable', transactionId: pending, queryType: 'DOC', query: S({ _id: 'A' }), data: S({ $set: { bal: -1 } }), merge: true });
out('pending');

for (let i = start; ; i++) {
  call('insertDocument', { collectionName: 'durable', data: [S({ _id: `d${i}`, seq: i, at: { $date: { $numberLong: String(Date.now()) } }, pad: 'y'.repeat(i % 500) })] });
  out(`ack d${i}`);
  if (i % 5 === 0) {
    // a multi-document transaction: a crash during its commit must apply all of it or nothing
    const t = (call('startTransaction', {}) as { transactionId: string }).transactionId;
    const doc = (id: string) => ({ collectionName: 'durable', transactionId: t, queryType: 'DOC', query: S({ _id: id }), multi: false, merge: true });
    call('modifyDocument', { ...doc('A'), data: S({ $inc: { bal: -1 } }) });
    call('modifyDocument', { ...doc('B'), data: S({ $inc: { bal: 1 } }) });
    call('insertDocument', { collectionName: 'durable', transactionId: t, data: [S({ _id: `t${i}`, seq: -1e6 - i, big: 'z'.repeat(3000) })] });
    call('commitTransaction', { transactionId: t });
    out(`tx t${i}`);
  }
  if (i % 40 === 0) {
    const data = Array.from({ length: 300 }, (_, j) => S({ _id: `b${i}-${j}`, seq: -2e6 - i * 1000 - j, pad: 'w'.repeat(400) }));
    call('insertDocument', { collectionName: 'durable', data });
    out(`batch b${i}`);
  }
}
