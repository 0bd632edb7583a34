/**
 * The database engine: one `handle(action, body)` per wire request, synchronous (better-sqlite3).
 * Request bodies are exactly what wx-server-sdk@4.0.2 sends (see tests/twin/database-engine.test.ts).
 */
import { Store, validateSpec, type IndexSpec, type Coll } from './store';
import { TxManager, type Tx } from './transactions';
import { parseWire, parseWireObject, normalizeValue, isPlainObject, encodeDoc, decodeDoc, type Doc } from './ejson';
import { TwinError, invalidParam, collectionNotExist, asTwinError } from './errors';
import { find, count, project, docOf, type OrderEntry, type QueryPlan, type Hit } from './query';
import { applyUpdate, seedFromQuery, newId, validId } from './update';
import { aggregate, parseStages, encodeList } from './aggregate';
import { idKey } from './keys';

export type LogFn = (level: 'info' | 'warn' | 'error', msg: string, extra?: object) => void;

export interface EngineOptions {
  dir?: string;
  scanWarnThreshold?: number;
  log?: LogFn;
  now?: () => Date;
  /** 'normal' (default): WAL + synchronous=NORMAL; 'full': fsync every commit. */
  durability?: 'normal' | 'full';
  /** Idle transactions are aborted after this long (default 60 000 ms, MongoDB's default). */
  txTimeoutMs?: number;
}

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;
const COLLECTION_NAME = /^[A-Za-z0-9_\-.]{1,128}$/;

type Handler = (body: Doc) => unknown;

export class Engine {
  readonly store: Store;
  /** Plan of the last query-like operation (tests/benches check index usage with it). */
  lastPlan: QueryPlan | null = null;
  private readonly txm: TxManager;
  private readonly now: () => Date;
  private readonly log: LogFn;
  private readonly scanWarnThreshold: number;
  private readonly handlers: Record<string, Handler>;

  constructor(opts: EngineOptions) {
    const file = opts.dir === undefined ? ':memory:' : `${opts.dir.replace(/\/+$/, '')}/twin.sqlite`;
    this.store = new Store(file, opts.durability ?? 'normal');
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? (() => undefined);
    this.scanWarnThreshold = opts.scanWarnThreshold ?? 1000;
    this.txm = new TxManager(opts.txTimeoutMs ?? 60_000);
    this.handlers = {
      getDocument: (b) => this.getDocument(b),
      calculateDocument: (b) => this.calculateDocument(b),
      insertDocument: (b) => this.insertDocument(b),
      modifyDocument: (b) => this.modifyDocument(b),
      modifyAndReturnDoc: (b) => this.modifyAndReturnDoc(b),
      removeDocument: (b) => this.removeDocument(b),
      aggregateDocuments: (b) => this.aggregateDocuments(b),
      addCollection: (b) => this.addCollection(b),
      startTransaction: () => this.startTransaction(),
      commitTransaction: (b) => this.commitTransaction(b),
      abortTransaction: (b) => this.abortTransaction(b),
    };
  }

  handle(action: string, body: Record<string, unknown>): unknown {
    if (typeof action !== 'string' || !action.startsWith('database.')) {
      throw invalidParam(`unknown action: ${String(action)}`);
    }
    const h = this.handlers[action.slice('database.'.length)];
    if (!h || !Object.prototype.hasOwnProperty.call(this.handlers, action.slice('database.'.length))) {
      throw invalidParam(`unknown action: ${action}`);
    }
    if (!isPlainObject(body)) throw invalidParam('request body must be a JSON object');
    try {
      return h(body);
    } catch (e) {
      throw asTwinError(e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // request parsing

  private nowMs(): number {
    return this.now().getTime();
  }

  private collName(body: Doc): string {
    const name = body.collectionName;
    if (typeof name !== 'string' || !name) throw invalidParam('collectionName is required');
    return name;
  }

  private coll(body: Doc): Coll {
    const name = this.collName(body);
    const c = this.store.get(name);
    if (!c) throw collectionNotExist(name);
    return c;
  }

  private filter(body: Doc): Doc {
    const q = body.query;
    if (q === undefined || q === null || q === '') return {};
    if (typeof q === 'string') return parseWireObject(q, 'query', this.now);
    const v = normalizeValue(q, this.now);
    if (!isPlainObject(v)) throw invalidParam('query must be an EJSON object');
    return v;
  }

  private order(body: Doc): OrderEntry[] {
    const o = body.order;
    if (o === undefined || o === null || o === '') return [];
    const v = typeof o === 'string' ? parseWire(o, 'order', this.now) : normalizeValue(o, this.now);
    const entries: [string, unknown][] = Array.isArray(v)
      ? v.map((x) => {
          const e = (x ?? {}) as { field?: unknown; direction?: unknown };
          return [String(e.field), e.direction === 'desc' || e.direction === -1 ? -1 : 1];
        })
      : isPlainObject(v)
        ? Object.entries(v)
        : [];
    if (!Array.isArray(v) && !isPlainObject(v)) throw invalidParam('order must be an EJSON object');
    return entries.map(([path, dir]) => {
      const d = dir === 'desc' ? -1 : dir === 'asc' ? 1 : Number(dir);
      if (d !== 1 && d !== -1) throw invalidParam(`order direction for ${path} must be 1 or -1`);
      if (!path) throw invalidParam('order field must not be empty');
      return { path, dir: d };
    });
  }

  private projection(body: Doc): Doc | undefined {
    const p = body.projection;
    if (p === undefined || p === null || p === '') return undefined;
    if (typeof p === 'string') return parseWireObject(p, 'projection', this.now);
    const v = normalizeValue(p, this.now);
    if (!isPlainObject(v)) throw invalidParam('projection must be an EJSON object');
    return v;
  }

  private int(body: Doc, key: 'limit' | 'offset'): number | undefined {
    const v = body[key];
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalidParam(`${key} must be a non-negative integer`);
    return n;
  }

  private data(body: Doc): Doc {
    const d = body.data;
    if (d === undefined || d === null || d === '') throw invalidParam('data is required');
    if (typeof d === 'string') return parseWireObject(d, 'data', this.now);
    const v = normalizeValue(d, this.now);
    if (!isPlainObject(v)) throw invalidParam('data must be an EJSON object');
    return v;
  }

  private tx(body: Doc): Tx | undefined {
    const id = body.transactionId;
    if (id === undefined || id === null || id === '') return undefined;
    return this.txm.get(id, this.nowMs());
  }

  private isDoc(body: Doc): boolean {
    const t = body.queryType;
    if (t === undefined || t === null || t === 'WHERE') return false;
    if (t === 'DOC') return true;
    throw invalidParam(`queryType must be DOC or WHERE, got ${String(t)}`);
  }

  private noteScan(plan: QueryPlan, filter: Doc, action: string): void {
    this.lastPlan = plan;
    if (!plan.filtered && plan.scanned > this.scanWarnThreshold && Object.keys(filter).length > 0) {
      this.log(
        'warn',
        `unindexed query on collection "${plan.collection}" scanned ${plan.scanned} documents; add an index for: ${encodeDoc(filter)}`,
        { collection: plan.collection, filter: encodeDoc(filter), scanned: plan.scanned, action },
      );
    }
  }

  // ------------------------------------------------------------------------------------------
  // actions

  private getDocument(body: Doc): { list: string[] } {
    const c = this.coll(body);
    this.isDoc(body); // validates queryType
    const filter = this.filter(body);
    const order = this.order(body);
    const projection = this.projection(body);
    const limit = this.int(body, 'limit') || DEFAULT_LIMIT;
    if (limit > MAX_LIMIT) throw invalidParam(`limit must be less than or equal to ${MAX_LIMIT}, got ${limit}`);
    const skip = this.int(body, 'offset') ?? 0;
    const tx = this.tx(body);
    const r = find(this.store, c, filter, { order, skip, limit, overlay: tx && this.txm.overlay(tx, c.name) });
    this.noteScan(r.plan, filter, 'getDocument');
    return { list: project(r.hits, projection) };
  }

  private calculateDocument(body: Doc): { total: number } {
    const c = this.coll(body);
    const filter = this.filter(body);
    const tx = this.tx(body);
    const r = count(this.store, c, filter, tx && this.txm.overlay(tx, c.name));
    this.noteScan(r.plan, filter, 'calculateDocument');
    return { total: r.n };
  }

  private parseNewDoc(raw: unknown, i: number): Doc {
    const v = typeof raw === 'string' ? parseWire(raw, `data[${i}]`, this.now) : normalizeValue(raw, this.now);
    if (!isPlainObject(v)) throw invalidParam(`data[${i}] must be an EJSON object`);
    for (const k of Object.keys(v)) {
      if (k.startsWith('$')) throw invalidParam(`data[${i}]: field names must not start with '$' (${k})`);
    }
    if (v._id === undefined) return { _id: newId(this.nowMs()), ...v };
    if (!validId(v._id)) throw invalidParam(`data[${i}]: invalid _id`);
    return v;
  }

  private insertDocument(body: Doc): { insertedIds: unknown[] } {
    const c = this.coll(body);
    const raw = Array.isArray(body.data) ? body.data : body.data === undefined ? [] : [body.data];
    if (raw.length === 0) throw invalidParam('data must contain at least one document');
    const docs = raw.map((d, i) => this.parseNewDoc(d, i));
    const tx = this.tx(body);
    if (tx) {
      const overlay = this.txm.overlay(tx, c.name) ?? new Map<string, Doc | null>();
      for (const d of docs) {
        const key = idKey(d._id);
        const pending = overlay.get(key);
        if (pending || (pending === undefined && this.store.byId(c, d._id))) {
          throw new TwinError(
            'DATABASE_DUPLICATE_WRITE',
            `E11000 duplicate key error collection: ${c.name} index: _id_ dup key: { _id: ${encodeDoc(d._id)} }`,
          );
        }
        overlay.set(key, d);
      }
      for (const d of docs) this.txm.write(tx, c.name, idKey(d._id), d._id, d); // all or nothing
      return { insertedIds: docs.map((d) => d._id) };
    }
    this.store.transaction(() => {
      for (const d of docs) this.store.insert(c, d);
    });
    this.txm.noteWrites(c.name, docs.map((d) => idKey(d._id)));
    return { insertedIds: docs.map((d) => d._id) };
  }

  /** Finds the documents a write targets (inside a transaction: its own view). */
  private targets(c: Coll, filter: Doc, multi: boolean, tx: Tx | undefined, action: string): Hit[] {
    const r = find(this.store, c, filter, {
      limit: multi ? Infinity : 1,
      overlay: tx && this.txm.overlay(tx, c.name),
    });
    this.noteScan(r.plan, filter, action);
    return r.hits;
  }

  private refuseWhereInTx(tx: Tx | undefined, isDoc: boolean, action: string): void {
    if (tx && !isDoc) {
      throw invalidParam(`${action}: transactions only support single-document operations (doc()), not where() batches`);
    }
  }

  private modifyDocument(body: Doc): { updated: number; upsert_id?: unknown } {
    const c = this.coll(body);
    const filter = this.filter(body);
    const data = this.data(body);
    const isDoc = this.isDoc(body);
    const merge = body.merge !== false;
    const multi = !isDoc && body.multi === true;
    const upsert = body.upsert === true;
    const tx = this.tx(body);
    this.refuseWhereInTx(tx, isDoc, 'modifyDocument');
    const hits = this.targets(c, filter, multi, tx, 'modifyDocument');

    if (hits.length === 0) {
      if (!upsert) return { updated: 0 };
      const seed = seedFromQuery(filter);
      const id = seed._id !== undefined ? seed._id : newId(this.nowMs());
      if (!validId(id)) throw invalidParam('invalid _id for upsert');
      const doc = applyUpdate({ ...(merge ? seed : {}), _id: id }, data, merge);
      this.write(c, tx, [{ id, doc }]);
      return { updated: 0, upsert_id: id };
    }
    const changes: { id: unknown; rid: number; doc: Doc; text: string }[] = [];
    let updated = 0;
    for (const h of hits) {
      const before = h.text;
      const doc = applyUpdate(h.rid === -1 ? decodeDoc(h.text) : docOf(h), data, merge);
      const text = encodeDoc(doc);
      if (text !== before) updated++;
      // In a transaction an update that happens to change nothing is still a write of that document:
      // it must conflict with a concurrent committer (the update was computed from what this transaction read).
      if (text !== before || tx) changes.push({ id: doc._id, rid: h.rid, doc, text });
    }
    this.write(c, tx, changes);
    return { updated };
  }

  private modifyAndReturnDoc(body: Doc): { updated: number; doc: string | null } {
    const c = this.coll(body);
    const filter = this.filter(body);
    const data = this.data(body);
    const tx = this.tx(body);
    const [h] = this.targets(c, filter, false, tx, 'modifyAndReturnDoc');
    if (!h) return { updated: 0, doc: null };
    const doc = applyUpdate(h.rid === -1 ? decodeDoc(h.text) : docOf(h), data, true);
    const text = encodeDoc(doc);
    if (text === h.text && !tx) return { updated: 0, doc: text };
    this.write(c, tx, [{ id: doc._id, rid: h.rid, doc, text }]); // in a transaction: a write even if unchanged (see modifyDocument)
    return { updated: text === h.text ? 0 : 1, doc: text };
  }

  private removeDocument(body: Doc): { deleted: number } {
    const c = this.coll(body);
    const filter = this.filter(body);
    const isDoc = this.isDoc(body);
    const multi = !isDoc && body.multi !== false;
    const tx = this.tx(body);
    this.refuseWhereInTx(tx, isDoc, 'removeDocument');
    const hits = this.targets(c, filter, multi, tx, 'removeDocument');
    this.write(
      c,
      tx,
      hits.map((h) => ({ id: docOf(h)._id, rid: h.rid, doc: null })),
    );
    return { deleted: hits.length };
  }

  /**
   * Applies writes: into the transaction's write set, or directly in one SQLite transaction.
   * `rid` undefined = insert (upsert), doc null = delete.
   */
  private write(c: Coll, tx: Tx | undefined, changes: { id: unknown; rid?: number; doc: Doc | null; text?: string }[]): void {
    if (changes.length === 0) return;
    if (tx) {
      for (const ch of changes) this.txm.write(tx, c.name, idKey(ch.id), ch.id, ch.doc);
      return;
    }
    this.store.transaction(() => {
      for (const ch of changes) {
        if (ch.doc === null) this.store.remove(c, ch.rid!);
        else if (ch.rid === undefined) this.store.insert(c, ch.doc, ch.text);
        else this.store.update(c, ch.rid, ch.doc, ch.text);
      }
    });
    this.txm.noteWrites(c.name, changes.map((ch) => idKey(ch.id)));
  }

  private aggregateDocuments(body: Doc): { list: string[] } {
    const c = this.coll(body);
    const stages = parseStages(body.stages, this.now);
    const r = aggregate(this.store, c, stages);
    const first = stages[0] && Object.keys(stages[0])[0] === '$match' ? (stages[0].$match as Doc) : {};
    this.noteScan(r.plan, first, 'aggregateDocuments');
    return { list: encodeList(r.docs) };
  }

  private addCollection(body: Doc): Record<string, never> {
    const name = this.collName(body);
    if (!COLLECTION_NAME.test(name) || name.startsWith('twin_')) {
      throw invalidParam(`invalid collection name: ${name} (letters, digits, '_', '-', '.'; at most 128 chars)`);
    }
    if (this.store.get(name)) {
      throw new TwinError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceInUse] Table exist: collection ${name} already exists`);
    }
    this.store.transaction(() => this.store.createCollection(name, this.nowMs()));
    return {};
  }

  private startTransaction(): { transactionId: string } {
    return { transactionId: this.txm.begin(this.nowMs()).id };
  }

  private commitTransaction(body: Doc): Record<string, never> {
    const tx = this.txm.get(body.transactionId, this.nowMs());
    this.txm.validate(tx); // aborts + throws DATABASE_TRANSACTION_CONFLICT
    try {
      this.store.transaction(() => {
        for (const [name, writes] of tx.writes) {
          const c = this.store.get(name);
          if (!c) throw collectionNotExist(name);
          for (const w of writes.values()) {
            const row = this.store.byId(c, w.id);
            if (w.doc === null) {
              if (row) this.store.remove(c, row.rid);
            } else if (row) this.store.update(c, row.rid, w.doc);
            else this.store.insert(c, w.doc);
          }
        }
      });
    } catch (e) {
      this.txm.end(tx, 'aborted');
      throw e;
    }
    for (const [name, writes] of tx.writes) this.txm.noteWrites(name, writes.keys());
    this.txm.end(tx, 'committed');
    return {};
  }

  private abortTransaction(body: Doc): Record<string, never> {
    const id = body.transactionId;
    if (typeof id === 'string') {
      const state = this.txm.state(id);
      if (state === 'aborted' || state === 'conflict' || state === 'timeout') return {}; // idempotent
    }
    const tx = this.txm.get(id, this.nowMs());
    this.txm.end(tx, 'aborted');
    return {};
  }

  // ------------------------------------------------------------------------------------------
  // admin API

  reset(): void {
    this.txm.abortAll();
    this.store.dropAll();
    this.lastPlan = null;
  }

  ensureIndex(spec: IndexSpec): void {
    try {
      validateSpec(spec);
      this.store.ensureIndex(spec, this.nowMs());
    } catch (e) {
      throw asTwinError(e);
    }
  }

  listCollections(): { name: string; count: number; indexes: IndexSpec[] }[] {
    return this.store
      .collections()
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => ({
        name: c.name,
        count: this.store.count(c),
        indexes: [...c.indexes.values()].map((i) => i.spec),
      }));
  }

  browse(collection: string, opts: { limit?: number; skip?: number } = {}): unknown[] {
    const c = this.store.get(collection);
    if (!c) throw collectionNotExist(collection);
    const limit = Math.max(0, Math.min(opts.limit ?? 100, 10_000));
    const skip = Math.max(0, opts.skip ?? 0);
    const rows = this.store.prepare(`SELECT doc FROM ${c.table} ORDER BY rid LIMIT ? OFFSET ?`).all(limit, skip) as {
      doc: string;
    }[];
    return rows.map((r) => decodeDoc(r.doc));
  }

  close(): void {
    this.txm.abortAll();
    if (this.store.db.open) this.store.close();
  }
}
