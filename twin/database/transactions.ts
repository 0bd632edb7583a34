/**
 * Transactions: optimistic, first-committer-wins.
 *
 * A transaction buffers its writes in memory (per collection, keyed by `_id`); its reads see the
 * committed data overlaid with its own writes, and nobody else sees those writes before commit.
 * Commit validates that none of the written documents was changed by anyone after the transaction
 * started (the engine records the commit sequence of every write while transactions are open), then
 * applies all writes in ONE SQLite transaction — a crash never leaves part of a transaction behind.
 * A failed validation aborts the transaction on the server and reports
 * DATABASE_TRANSACTION_CONFLICT: that is the only error the SDK's `runTransaction` retries, and it
 * retries without calling abort first, so the server must clean up itself.
 *
 * Conflicts are reported at commit rather than at the conflicting write: wx-server-sdk rewrites the
 * error code of document reads/writes into a numeric errCode, so only a commit-time conflict lets
 * `runTransaction` retry.
 */
import { randomBytes } from 'node:crypto';
import type { Doc } from './ejson';
import { TwinError, transactionConflict } from './errors';

export type EndState = 'committed' | 'aborted' | 'conflict' | 'timeout';

export interface TxWrite {
  id: unknown;
  doc: Doc | null; // null = deleted
}

export interface Tx {
  id: string;
  startSeq: number;
  lastActive: number;
  /** collection → idKey → write */
  writes: Map<string, Map<string, TxWrite>>;
}

const MAX_ENDED = 10_000;

export class TxManager {
  private seq = 0;
  private active = new Map<string, Tx>();
  private ended = new Map<string, EndState>();
  /** `${collection}\0${idKey}` → commit sequence of the last write (only while transactions are open) */
  private lastWrite = new Map<string, number>();

  constructor(private timeoutMs: number) {}

  get activeCount(): number {
    return this.active.size;
  }

  begin(now: number): Tx {
    this.sweep(now);
    const tx: Tx = { id: randomBytes(16).toString('hex'), startSeq: this.seq, lastActive: now, writes: new Map() };
    this.active.set(tx.id, tx);
    return tx;
  }

  /** Active transaction by id, or the CloudBase error explaining why it is not usable. */
  get(id: unknown, now: number): Tx {
    if (typeof id !== 'string' || !id) throw new TwinError('INVALID_PARAM', 'transactionId must be a non-empty string');
    this.sweep(now);
    const tx = this.active.get(id);
    if (tx) {
      tx.lastActive = now;
      return tx;
    }
    const state = this.ended.get(id);
    if (state === 'conflict') throw transactionConflict(id);
    if (state === 'committed') throw new TwinError('DATABASE_TRANSACTION_FAIL', `transaction ${id} has already been committed`);
    if (state === 'aborted') throw new TwinError('DATABASE_TRANSACTION_FAIL', `transaction ${id} has been aborted`);
    if (state === 'timeout') {
      throw new TwinError('DATABASE_TRANSACTION_FAIL', `transaction ${id} expired after ${this.timeoutMs} ms and was aborted`);
    }
    throw new TwinError('DATABASE_TRANSACTION_FAIL', `transaction ${id} does not exist`);
  }

  state(id: string): EndState | 'active' | undefined {
    return this.active.has(id) ? 'active' : this.ended.get(id);
  }

  overlay(tx: Tx, collection: string): Map<string, Doc | null> | undefined {
    const w = tx.writes.get(collection);
    if (!w || w.size === 0) return undefined;
    const m = new Map<string, Doc | null>();
    for (const [k, v] of w) m.set(k, v.doc);
    return m;
  }

  write(tx: Tx, collection: string, key: string, id: unknown, doc: Doc | null): void {
    let w = tx.writes.get(collection);
    if (!w) tx.writes.set(collection, (w = new Map()));
    w.set(key, { id, doc });
  }

  /** Throws (and aborts `tx`) when another writer changed a document `tx` wrote. */
  validate(tx: Tx): void {
    for (const [coll, w] of tx.writes) {
      for (const key of w.keys()) {
        if ((this.lastWrite.get(`${coll}\0${key}`) ?? -1) > tx.startSeq) {
          this.end(tx, 'conflict');
          throw transactionConflict(tx.id);
        }
      }
    }
  }

  /** Records committed writes (from transactions and plain requests alike). */
  noteWrites(collection: string, keys: Iterable<string>): void {
    this.seq++;
    if (this.active.size === 0) return;
    for (const k of keys) this.lastWrite.set(`${collection}\0${k}`, this.seq);
  }

  end(tx: Tx, state: EndState): void {
    if (!this.active.delete(tx.id)) return;
    this.ended.set(tx.id, state);
    if (this.ended.size > MAX_ENDED) this.ended.delete(this.ended.keys().next().value as string);
    if (this.active.size === 0) this.lastWrite.clear();
  }

  abortAll(state: EndState = 'aborted'): void {
    for (const tx of [...this.active.values()]) this.end(tx, state);
  }

  /** Aborts transactions idle for longer than the timeout (MongoDB's default lifetime is 60 s). */
  sweep(now: number): void {
    for (const tx of [...this.active.values()]) if (now - tx.lastActive > this.timeoutMs) this.end(tx, 'timeout');
  }
}
