/**
 * Database engine unit tests: request bodies shaped exactly like wx-server-sdk@4.0.2's (the captured
 * wire bodies are inlined below, and most other bodies are produced by the SDK's own serializers
 * via an in-process request class), replies parsed the way the SDK parses them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EJSON } from 'bson';
import { find as mingoFind } from 'mingo';
import { openDatabase, toWireError, toWireReply, TwinError, type TwinDatabase } from '../../twin/database';

// The SDK's database layer (what wx-server-sdk@4.0.2 runs) and the bson@4 it parses replies with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Db } = require('@cloudbase/database');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bson4 = require('@cloudbase/database/node_modules/bson');

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Body = Record<string, unknown>;

const NOW = new Date('2026-11-23T08:00:00.000Z');
const S = (v: unknown) => EJSON.stringify(v, { relaxed: false }); // = the SDK's stringifyByEJSON
const sdkParse = (s: string) => bson4.EJSON.parse(s); // = what the SDK does with each list item

let db: TwinDatabase;
let warnings: { msg: string; extra?: object }[];
let clock: Date;

function open(extra: Parameters<typeof openDatabase>[0] = {}): TwinDatabase {
  return openDatabase({
    now: () => clock,
    scanWarnThreshold: 50,
    log: (level, msg, extra2) => {
      if (level === 'warn') warnings.push({ msg, extra: extra2 });
    },
    ...extra,
  });
}

const call = (action: string, body: Body): Any => db.handle(`database.${action}`, JSON.parse(JSON.stringify(body)));

function expectError(fn: () => unknown, code: string, message?: string | RegExp): TwinError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TwinError);
  const e = caught as TwinError;
  expect(e.code).toBe(code);
  if (message) expect(e.message).toMatch(message);
  return e;
}

/** In-process stand-in for @cloudbase/node-sdk's request class: same params, same reply handling. */
function sdk(): Any {
  Db.reqClass = class {
    async send(action: string, params: Body) {
      const body = JSON.parse(JSON.stringify({ ...params, action, envName: 'local-env' }));
      await new Promise((r) => setImmediate(r)); // let concurrent SDK calls interleave, like HTTP
      try {
        return toWireReply(action, db.handle(action, body), 'req-1');
      } catch (e) {
        // node-sdk throws TcbError{code, message, requestId} for a 200 reply carrying `code`
        throw Object.assign(new Error(), toWireError(e, 'req-1'));
      }
    }
  };
  return new Db({ env: 'local-env' });
}

const ids = (list: string[]) => list.map((s) => sdkParse(s)._id);

beforeEach(() => {
  warnings = [];
  clock = NOW;
  db = open();
});

afterEach(() => db.close());

// ---------------------------------------------------------------------------------------------
// Captured wire bodies (shared/notes/cloudbase-wire-capture.jsonl, wx-server-sdk 4.0.2)

const COMMON = { envName: 'local-env', wxCloudApiToken: '', wxCloudbaseAccesstoken: '', tcb_sessionToken: '', crossAuthorizationToken: '' };
const CAPTURED: Body[] = [
  { collectionName: 'reports', queryType: 'WHERE', query: '{"status":{"$in":["open","doing"]},"loc":{"$nearSphere":{"$geometry":{"type":"Point","coordinates":[{"$numberDouble":"113.3"},{"$numberDouble":"23.1"}]},"$maxDistance":{"$numberInt":"2000"}}},"createdAt":{"$gte":{"$date":{"$numberLong":"0"}}},"title":{"$regularExpression":{"pattern":"road","options":"i"}}}', order: '{"createdAt":{"$numberInt":"-1"}}', offset: 20, limit: 20, projection: '{"title":{"$numberInt":"1"}}', action: 'database.getDocument', ...COMMON },
  { collectionName: 'reports', data: ['{"title":"t","loc":{"type":"Point","coordinates":[{"$numberDouble":"113.3"},{"$numberDouble":"23.1"}]},"at":{"$tcb_server_date":{"offset":{"$numberInt":"0"}}},"tags":["a"]}'], action: 'database.insertDocument', ...COMMON },
  { collectionName: 'reports', data: '{"$inc":{"views":{"$numberInt":"1"}},"$push":{"tags":{"$each":["b"]}},"$unset":{"meta.x":""}}', query: '{"_id":"a1"}', queryType: 'DOC', multi: false, merge: true, upsert: false, action: 'database.modifyDocument', ...COMMON },
  { collectionName: 'reports', queryType: 'WHERE', query: '{"_openid":"o1"}', action: 'database.calculateDocument', ...COMMON },
  { collectionName: 'reports', stages: [{ stageKey: '$match', stageValue: '{"status":"open"}' }, { stageKey: '$group', stageValue: '{"_id":"$cat","n":{"$sum":{"$numberInt":"1"}}}' }, { stageKey: '$sort', stageValue: '{"n":{"$numberInt":"-1"}}' }, { stageKey: '$limit', stageValue: '5' }], action: 'database.aggregateDocuments', ...COMMON },
  { action: 'database.startTransaction', ...COMMON },
  { collectionName: 'reports', query: '{"_id":"a1"}', transactionId: 'tx1', queryType: 'DOC', multi: false, action: 'database.getDocument', ...COMMON },
  { collectionName: 'reports', transactionId: 'tx1', data: '{"$inc":{"n":{"$numberInt":"1"}}}', query: '{"_id":"a1"}', queryType: 'DOC', multi: false, merge: true, upsert: false, action: 'database.modifyDocument', ...COMMON },
  { transactionId: 'tx1', action: 'database.commitTransaction', ...COMMON },
];

describe('captured wire bodies', () => {
  test('replay the captured request sequence and check every reply shape', () => {
    call('addCollection', { collectionName: 'reports' });
    db.ensureIndex({ collection: 'reports', name: 'loc_2dsphere', keys: { loc: '2dsphere' } });
    const seed = [];
    for (let i = 0; i < 30; i++) {
      seed.push(S({ _id: i === 0 ? 'a1' : `r${i}`, title: `Road ${i}`, status: i % 3 ? 'open' : 'doing', cat: `c${i % 4}`, _openid: i % 2 ? 'o1' : 'o2', createdAt: new Date(1_700_000_000_000 + i * 60_000), loc: { type: 'Point', coordinates: [113.3 + i * 0.0005, 23.1] }, n: 1, meta: { x: 1, y: 2 }, tags: ['a'] }));
    }
    call('insertDocument', { collectionName: 'reports', data: seed });

    const [geo, insert, modify, count, agg, start, txGet, txModify, commit] = CAPTURED;
    const g = call('getDocument', geo);
    expect(g.list).toHaveLength(10); // 30 matches (all within 2 km), offset 20
    const g2 = call('getDocument', { ...geo, offset: 0 });
    expect(g2.list).toHaveLength(20);
    for (const s of g2.list) expect(Object.keys(sdkParse(s)).sort()).toEqual(['_id', 'title']);
    expect(db.lastPlan).toMatchObject({ kind: 'geo', index: 'loc_2dsphere' });

    const ins = call('insertDocument', insert);
    expect(ins.insertedIds).toHaveLength(1);
    expect(ins.insertedIds[0]).toMatch(/^[0-9a-f]{32}$/);
    const inserted = sdkParse(call('getDocument', { collectionName: 'reports', queryType: 'DOC', query: S({ _id: ins.insertedIds[0] }) }).list[0]);
    expect(inserted.at).toEqual(NOW); // serverDate resolved on the server
    expect(inserted.loc).toEqual({ type: 'Point', coordinates: [113.3, 23.1] });

    expect(call('modifyDocument', modify)).toEqual({ updated: 1 });
    const a1 = sdkParse(call('getDocument', { collectionName: 'reports', queryType: 'DOC', query: '{"_id":"a1"}' }).list[0]);
    expect(a1).toMatchObject({ views: 1, tags: ['a', 'b'], meta: { y: 2 } });
    expect(a1.meta.x).toBeUndefined();

    expect(call('calculateDocument', count)).toEqual({ total: 15 });
    const groups = call('aggregateDocuments', agg).list.map(sdkParse);
    expect(groups).toHaveLength(4);
    expect(groups.reduce((n: number, x: Any) => n + x.n, 0)).toBe(20);

    const { transactionId } = call('startTransaction', start);
    expect(transactionId).toMatch(/^[0-9a-f]{32}$/);
    const tx = (b: Body) => ({ ...b, transactionId });
    expect(call('getDocument', tx(txGet)).list.map(sdkParse)[0]).toMatchObject({ _id: 'a1', n: 1 });
    expect(call('modifyDocument', tx(txModify))).toEqual({ updated: 1 });
    expect(call('commitTransaction', tx(commit))).toEqual({});
    expect(sdkParse(call('getDocument', { ...txGet, transactionId: undefined }).list[0]).n).toBe(2);
  });

  test('wire reply helpers: startTransaction puts transactionId at top level; errors are {code,message,requestId}', () => {
    expect(toWireReply('database.startTransaction', { transactionId: 't' }, 'r')).toEqual({ requestId: 'r', transactionId: 't' });
    expect(toWireReply('database.getDocument', { list: [] }, 'r')).toEqual({ requestId: 'r', data: { list: [] } });
    const err = expectError(() => call('getDocument', { collectionName: 'nope' }), 'DATABASE_COLLECTION_NOT_EXIST');
    expect(err.httpStatus ?? 200).toBe(200);
    expect(toWireError(err, 'r')).toEqual({ code: 'DATABASE_COLLECTION_NOT_EXIST', message: err.message, requestId: 'r' });
    expect(toWireError(new Error('boom'), 'r')).toEqual({ code: 'SYS_ERR', message: 'boom', requestId: 'r' });
  });
});

// ---------------------------------------------------------------------------------------------

describe('collections and malformed requests', () => {
  test('missing collections, duplicate addCollection, bad bodies', () => {
    expectError(() => call('insertDocument', { collectionName: 'todos', data: [S({ a: 1 })] }), 'DATABASE_COLLECTION_NOT_EXIST', /todos/);
    for (const a of ['getDocument', 'calculateDocument', 'modifyDocument', 'removeDocument', 'aggregateDocuments', 'modifyAndReturnDoc']) {
      expectError(() => call(a, { collectionName: 'todos', query: '{}', data: '{"$set":{"a":1}}', stages: [] }), 'DATABASE_COLLECTION_NOT_EXIST');
    }
    expect(call('addCollection', { collectionName: 'todos' })).toEqual({});
    expectError(() => call('addCollection', { collectionName: 'todos' }), 'DATABASE_COLLECTION_ALREADY_EXIST');
    expectError(() => call('addCollection', {}), 'INVALID_PARAM', /collectionName/);
    expectError(() => call('getDocument', { query: '{}' }), 'INVALID_PARAM', /collectionName/);
    expectError(() => call('getDocument', { collectionName: 'todos', query: '{"a":' }), 'INVALID_PARAM', /query is not valid EJSON/);
    expectError(() => call('getDocument', { collectionName: 'todos', query: '{"a":{"$date":"garbage"}}' }), 'INVALID_PARAM', /EJSON/);
    expectError(() => call('getDocument', { collectionName: 'todos', query: '[1]' }), 'INVALID_PARAM', /object/);
    expectError(() => call('insertDocument', { collectionName: 'todos', data: ['not json'] }), 'INVALID_PARAM');
    expectError(() => call('insertDocument', { collectionName: 'todos', data: ['[1,2]'] }), 'INVALID_PARAM');
    expectError(() => call('insertDocument', { collectionName: 'todos', data: [S({ $set: { a: 1 } })] }), 'INVALID_PARAM');
    expectError(() => call('modifyDocument', { collectionName: 'todos', query: '{}' }), 'INVALID_PARAM', /data/);
    expectError(() => call('getDocument', { collectionName: 'todos', limit: -1 }), 'INVALID_PARAM');
    expectError(() => call('getDocument', { collectionName: 'todos', queryType: 'ALL' }), 'INVALID_PARAM');
    expectError(() => call('aggregateDocuments', { collectionName: 'todos', stages: 'x' }), 'INVALID_PARAM');
    expectError(() => db.handle('database.dropEverything', {}), 'INVALID_PARAM', /unknown action/);
    expectError(() => db.handle('storage.getUploadMetadata', {}), 'INVALID_PARAM', /unknown action/);
    expectError(() => db.handle('database.__proto__', {}), 'INVALID_PARAM', /unknown action/);
  });

  test('get: default limit 100, maximum 1000', () => {
    call('addCollection', { collectionName: 'items' });
    const data = Array.from({ length: 1200 }, (_, i) => S({ i }));
    call('insertDocument', { collectionName: 'items', data });
    expect(call('getDocument', { collectionName: 'items', queryType: 'WHERE' }).list).toHaveLength(100);
    expect(call('getDocument', { collectionName: 'items', queryType: 'WHERE', limit: 1000 }).list).toHaveLength(1000);
    expectError(() => call('getDocument', { collectionName: 'items', queryType: 'WHERE', limit: 1001 }), 'INVALID_PARAM', /1000/);
    const page = call('getDocument', { collectionName: 'items', queryType: 'WHERE', offset: 1190, limit: 50 }).list.map(sdkParse);
    expect(page.map((d: Any) => d.i)).toEqual([1190, 1191, 1192, 1193, 1194, 1195, 1196, 1197, 1198, 1199]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('documents through the SDK serializers', () => {
  test('add / get / where / orderBy / field / count / remove with EJSON types', async () => {
    const sdb = sdk();
    const _ = sdb.command;
    await sdb.createCollection('todos');
    const when = new Date('2026-01-02T03:04:05.678Z');
    const { id } = await sdb.collection('todos').add({ title: 'Buy milk', due: when, n: 1.5, big: 2 ** 40, ok: true, none: null, tags: ['x', 'y'], point: new sdb.Geo.Point(113.3, 23.1), at: sdb.serverDate({ offset: 1000 }), re: /ab+c/i });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const { ids } = await sdb.collection('todos').add([{ title: 'a', n: 2, due: new Date(0) }, { title: 'b', n: 3 }, { _id: 'custom', title: 'c', n: 4 }]);
    expect(ids).toHaveLength(3);
    expect(ids[2]).toBe('custom');

    const got = (await sdb.collection('todos').doc(id).get()).data[0];
    expect(got).toMatchObject({ _id: id, title: 'Buy milk', due: when, n: 1.5, big: 2 ** 40, ok: true, none: null, tags: ['x', 'y'], at: new Date(NOW.getTime() + 1000) });
    expect(got.point.latitude).toBe(23.1); // the SDK turned the GeoJSON back into a Geo.Point
    expect({ ...got.re }).toEqual({ pattern: 'ab+c', options: 'i' }); // bson4 BSONRegExp, flattened by the SDK

    const list = await sdb.collection('todos').where({ n: _.gte(2) }).orderBy('n', 'desc').field({ title: true }).get();
    expect(list.data).toEqual([{ _id: 'custom', title: 'c' }, { _id: ids[1], title: 'b' }, { _id: ids[0], title: 'a' }]);
    expect((await sdb.collection('todos').where({ title: sdb.RegExp({ regexp: '^b', options: 'i' }) }).get()).data).toHaveLength(2);
    expect((await sdb.collection('todos').where({ due: _.lt(new Date(1)) }).get()).data.map((d: Any) => d.title)).toEqual(['a']);
    expect((await sdb.collection('todos').where(_.or([{ n: 2 }, { title: 'c' }])).count()).total).toBe(2);
    expect((await sdb.collection('todos').where({ n: _.in([3, 4]), title: _.neq('c') }).get()).data.map((d: Any) => d.title)).toEqual(['b']);
    expect((await sdb.collection('todos').where({ none: _.exists(true), ok: _.eq(true) }).count()).total).toBe(1);
    expect((await sdb.collection('todos').where({ tags: 'y' }).count()).total).toBe(1);
    expect((await sdb.collection('todos').skip(1).limit(2).get()).data.map((d: Any) => d.title)).toEqual(['a', 'b']);
    expect((await sdb.collection('todos').where({ at: _.lte(sdb.serverDate({ offset: 1000 })) }).count()).total).toBe(1); // serverDate in a query
    expect((await sdb.collection('todos').where({ at: _.lt(sdb.serverDate()) }).count()).total).toBe(0);

    expect((await sdb.collection('todos').where({ n: _.gt(2) }).remove()).deleted).toBe(2);
    expect((await sdb.collection('todos').doc(id).remove()).deleted).toBe(1);
    expect((await sdb.collection('todos').count()).total).toBe(1);
    await expect(sdb.collection('missing').get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  });

  test('every update command as the SDK serialises it', async () => {
    const sdb = sdk();
    const _ = sdb.command;
    await sdb.createCollection('c');
    const doc = sdb.collection('c').doc('d1');
    await doc.set({ n: 10, m: 3, arr: [1, 2, 3, 4], set: ['a'], obj: { x: 1, y: 2 }, lo: 5, hi: 5, old: 'v', when: new Date(1000) });
    const read = async () => (await doc.get()).data[0];

    await doc.update({ n: _.inc(5), m: _.mul(4), obj: { x: _.remove(), z: 3 }, lo: _.min(2), hi: _.max(9), old: _.rename('renamed') });
    expect(await read()).toMatchObject({ n: 15, m: 12, obj: { y: 2, z: 3 }, lo: 2, hi: 9, renamed: 'v' });
    expect((await read()).old).toBeUndefined();
    await doc.update({ arr: _.push(5, 6) });
    expect((await read()).arr).toEqual([1, 2, 3, 4, 5, 6]);
    await doc.update({ arr: _.unshift(0) });
    expect((await read()).arr).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await doc.update({ arr: _.pop() });
    await doc.update({ arr: _.shift() });
    expect((await read()).arr).toEqual([1, 2, 3, 4, 5]);
    await doc.update({ arr: _.pull(_.gt(3)) });
    expect((await read()).arr).toEqual([1, 2, 3]);
    await doc.update({ arr: _.pullAll([1, 3]) });
    expect((await read()).arr).toEqual([2]);
    await doc.update({ set: _.addToSet('a') });
    await doc.update({ set: _.addToSet('b') });
    expect((await read()).set).toEqual(['a', 'b']);
    await doc.update({ arr: _.push({ each: [9, 8, 7], position: 1, slice: 3 }) });
    expect((await read()).arr).toEqual([2, 9, 8]);
    await doc.update({ obj: _.set({ only: true }) });
    expect((await read()).obj).toEqual({ only: true });
    await doc.update({ when: sdb.serverDate() });
    expect((await read()).when).toEqual(NOW);
    await expect(doc.update({ n: _.inc('x') })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
  });

  test('modifyDocument: updated counts changes, multi, merge:false replace, upsert_id', async () => {
    const sdb = sdk();
    const _ = sdb.command;
    await sdb.createCollection('c');
    await sdb.collection('c').add([{ k: 1, v: 'a' }, { k: 1, v: 'b' }, { k: 2, v: 'c' }]);
    expect((await sdb.collection('c').where({ k: 1 }).update({ seen: true })).updated).toBe(2);
    expect((await sdb.collection('c').where({ k: 1 }).update({ seen: true })).updated).toBe(0); // no change
    expect(call('modifyDocument', { collectionName: 'c', queryType: 'WHERE', query: S({ k: { $gte: 0 } }), data: S({ $set: { z: 1 } }), multi: false, merge: true, upsert: false })).toEqual({ updated: 1 });
    expect(call('calculateDocument', { collectionName: 'c', query: S({ z: 1 }) }).total).toBe(1);

    const setNew = await sdb.collection('c').doc('fresh').set({ a: 1 });
    expect(setNew).toMatchObject({ updated: 0, upsertedId: 'fresh' });
    const setOld = await sdb.collection('c').doc('fresh').set({ b: 2 });
    expect(setOld.updated).toBe(1);
    expect(setOld.upsertedId).toBeUndefined();
    expect((await sdb.collection('c').doc('fresh').get()).data[0]).toEqual({ _id: 'fresh', b: 2 });
    expect((await sdb.collection('c').doc('nothing').update({ a: 1 })).updated).toBe(0);

    // where-upsert seeds the new document from the query's equalities
    const up = call('modifyDocument', { collectionName: 'c', queryType: 'WHERE', query: S({ k: 7, 'p.q': 'r' }), data: S({ $inc: { n: 1 } }), multi: false, merge: true, upsert: true });
    expect(up.updated).toBe(0);
    expect(up.upsert_id).toMatch(/^[0-9a-f]{32}$/);
    expect(sdkParse(call('getDocument', { collectionName: 'c', queryType: 'DOC', query: S({ _id: up.upsert_id }) }).list[0])).toEqual({ _id: up.upsert_id, k: 7, p: { q: 'r' }, n: 1 });

    expectError(() => call('modifyDocument', { collectionName: 'c', queryType: 'DOC', query: S({ _id: 'fresh' }), data: S({ $set: { _id: 'x' } }), merge: true }), 'DATABASE_REQUEST_FAILED', /immutable field '_id'/);
    expectError(() => call('modifyDocument', { collectionName: 'c', queryType: 'DOC', query: S({ _id: 'fresh' }), data: S({ $frobnicate: { a: 1 } }), merge: true }), 'DATABASE_INVALID_OPERRATOR');
  });

  test('updateAndReturn (modifyAndReturnDoc)', async () => {
    const sdb = sdk();
    const _ = sdb.command;
    await sdb.createCollection('seq');
    await sdb.collection('seq').add({ _id: 'orders', n: 41 });
    const r = await sdb.collection('seq').where({ _id: 'orders' }).updateAndReturn({ n: _.inc(1) });
    expect(r).toMatchObject({ updated: 1, doc: { _id: 'orders', n: 42 } });
    expect(await sdb.collection('seq').where({ _id: 'none' }).updateAndReturn({ n: _.inc(1) })).toMatchObject({ updated: 0, doc: null });
  });
});

// ---------------------------------------------------------------------------------------------

describe('aggregate', () => {
  beforeEach(() => {
    call('addCollection', { collectionName: 'orders' });
    call('addCollection', { collectionName: 'users' });
    const orders = Array.from({ length: 30 }, (_, i) => S({ _id: `o${i}`, user: `u${i % 3}`, amount: i, items: [{ sku: 'a', q: 1 }, { sku: i % 2 ? 'b' : 'c', q: 2 }], at: new Date(1_700_000_000_000 + i) }));
    call('insertDocument', { collectionName: 'orders', data: orders });
    call('insertDocument', { collectionName: 'users', data: ['u0', 'u1', 'u2'].map((u) => S({ _id: u, name: u.toUpperCase() })) });
  });

  test('SDK pipeline: match/group/sort/project/unwind/lookup/addFields/count, default limit 20', async () => {
    const sdb = sdk();
    const _ = sdb.command;
    const $ = _.aggregate;
    const all = await sdb.collection('orders').aggregate().end();
    expect(all.data).toHaveLength(20); // CloudBase's default without .limit()
    const byUser = await sdb.collection('orders').aggregate().match({ amount: _.gte(3) }).group({ _id: '$user', total: $.sum('$amount'), n: $.sum(1) }).sort({ _id: 1 }).end();
    expect(byUser.data).toEqual([
      { _id: 'u0', total: 3 + 6 + 9 + 12 + 15 + 18 + 21 + 24 + 27, n: 9 },
      { _id: 'u1', total: 4 + 7 + 10 + 13 + 16 + 19 + 22 + 25 + 28, n: 9 },
      { _id: 'u2', total: 5 + 8 + 11 + 14 + 17 + 20 + 23 + 26 + 29, n: 9 },
    ]);
    const unwound = await sdb.collection('orders').aggregate().match({ _id: 'o1' }).unwind('$items').project({ _id: 0, sku: '$items.sku' }).end();
    expect(unwound.data).toEqual([{ sku: 'a' }, { sku: 'b' }]);
    const joined = await sdb.collection('orders').aggregate().match({ _id: 'o4' }).lookup({ from: 'users', localField: 'user', foreignField: '_id', as: 'who' }).addFields({ double: $.multiply(['$amount', 2]) }).project({ who: 1, double: 1 }).end();
    expect(joined.data).toEqual([{ _id: 'o4', who: [{ _id: 'u1', name: 'U1' }], double: 8 }]);
    expect((await sdb.collection('orders').aggregate().match({ amount: _.lt(5) }).count('n').end()).data).toEqual([{ n: 5 }]);
    const paged = await sdb.collection('orders').aggregate().sort({ amount: -1 }).skip(2).limit(3).project({ amount: 1 }).end();
    expect(paged.data.map((d: Any) => d.amount)).toEqual([27, 26, 25]);
    expect((await sdb.collection('orders').aggregate().match({ at: _.gt(new Date(1_700_000_000_027)) }).end()).data).toHaveLength(2);
  });

  test('leading $match uses indexes; unsupported stages are rejected', () => {
    db.ensureIndex({ collection: 'orders', name: 'user', keys: { user: 1 } });
    call('aggregateDocuments', { collectionName: 'orders', stages: [{ stageKey: '$match', stageValue: '{"user":"u1"}' }, { stageKey: '$count', stageValue: '"n"' }] });
    expect(db.lastPlan).toMatchObject({ kind: 'index', index: 'user', scanned: 10 });
    expectError(() => call('aggregateDocuments', { collectionName: 'orders', stages: [{ stageKey: '$out', stageValue: '"x"' }] }), 'DATABASE_INVALID_OPERRATOR');
    expectError(() => call('aggregateDocuments', { collectionName: 'orders', stages: [{ stageKey: 'match', stageValue: '{}' }] }), 'INVALID_PARAM');
    expectError(() => call('aggregateDocuments', { collectionName: 'orders', stages: [{ stageKey: '$match', stageValue: '{"a":' }] }), 'INVALID_PARAM');
    expectError(() => call('aggregateDocuments', { collectionName: 'orders', stages: [{ stageKey: '$bogus', stageValue: '{}' }] }), 'DATABASE_REQUEST_FAILED');
  });
});

// ---------------------------------------------------------------------------------------------

describe('geo', () => {
  const CENTER = [113.3, 23.1];
  // points due east of CENTER at ~0, 100 m, 200 m, …
  const east = (m: number) => [CENTER[0] + m / (111_320 * Math.cos((CENTER[1] * Math.PI) / 180)), CENTER[1]];

  beforeEach(() => {
    call('addCollection', { collectionName: 'places' });
    const data = [0, 900, 100, 5000, 300, 2500].map((m, i) => S({ _id: `p${m}`, kind: i % 2 ? 'shop' : 'park', loc: { type: 'Point', coordinates: east(m) } }));
    data.push(S({ _id: 'area', kind: 'zone', loc: { type: 'Polygon', coordinates: [[[113.0, 23.0], [113.0, 23.05], [113.05, 23.05], [113.05, 23.0], [113.0, 23.0]]] } }));
    data.push(S({ _id: 'nowhere', kind: 'park' }));
    call('insertDocument', { collectionName: 'places', data });
  });

  test('$nearSphere needs a 2dsphere index', async () => {
    const sdb = sdk();
    const _ = sdb.command;
    const q = sdb.collection('places').where({ loc: _.geoNear({ geometry: new sdb.Geo.Point(CENTER[0], CENTER[1]) }) });
    await expect(q.get()).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('unable to find index for $geoNear query') });
    await expect(sdb.collection('places').aggregate().geoNear({ near: new sdb.Geo.Point(CENTER[0], CENTER[1]), distanceField: 'd' }).end()).rejects.toMatchObject({ message: expect.stringContaining('unable to find index for $geoNear query') });
  });

  test('$nearSphere sorted by distance with min/max; $geoWithin; $geoIntersects; $geoNear stage', async () => {
    db.ensureIndex({ collection: 'places', name: 'loc', keys: { loc: '2dsphere' } });
    const sdb = sdk();
    const _ = sdb.command;
    const P = (lng: number, lat: number) => new sdb.Geo.Point(lng, lat);
    const near = (opts: Any) => sdb.collection('places').where({ loc: _.geoNear({ geometry: P(CENTER[0], CENTER[1]), ...opts }) }).get();
    expect((await near({})).data.map((d: Any) => d._id)).toEqual(['p0', 'p100', 'p300', 'p900', 'p2500', 'p5000', 'area']);
    expect(db.lastPlan).toMatchObject({ kind: 'geo', index: 'loc' });
    expect((await near({ maxDistance: 1000, minDistance: 50 })).data.map((d: Any) => d._id)).toEqual(['p100', 'p300', 'p900']);
    expect((await sdb.collection('places').where({ kind: 'park', loc: _.geoNear({ geometry: P(CENTER[0], CENTER[1]), maxDistance: 4000 }) }).limit(1).skip(1).get()).data.map((d: Any) => d._id)).toEqual(['p100']);
    // explicit order overrides distance order
    expect((await sdb.collection('places').where({ loc: _.geoNear({ geometry: P(CENTER[0], CENTER[1]), maxDistance: 1000 }) }).orderBy('_id', 'desc').get()).data.map((d: Any) => d._id)).toEqual(['p900', 'p300', 'p100', 'p0']);

    const box = new sdb.Geo.Polygon([new sdb.Geo.LineString([P(113.29, 23.09), P(113.31, 23.09), P(113.31, 23.11), P(113.29, 23.11), P(113.29, 23.09)])]);
    expect((await sdb.collection('places').where({ loc: _.geoWithin({ geometry: box }) }).get()).data.map((d: Any) => d._id).sort()).toEqual(['p0', 'p100', 'p300', 'p900']);
    const circle = await sdb.collection('places').where({ loc: _.geoWithin({ centerSphere: [P(CENTER[0], CENTER[1]), 1000 / 6378100] }) }).get();
    expect(circle.data.map((d: Any) => d._id).sort()).toEqual(['p0', 'p100', 'p300', 'p900']);
    expect((await sdb.collection('places').where({ loc: _.geoIntersects({ geometry: P(113.02, 23.02) }) }).get()).data.map((d: Any) => d._id)).toEqual(['area']);
    const line = new sdb.Geo.LineString([P(112.9, 23.01), P(113.1, 23.01)]);
    expect((await sdb.collection('places').where({ loc: _.geoIntersects({ geometry: line }) }).get()).data.map((d: Any) => d._id)).toEqual(['area']);

    const agg = await sdb.collection('places').aggregate().geoNear({ near: P(CENTER[0], CENTER[1]), distanceField: 'dist', maxDistance: 1000, query: { kind: 'park' }, includeLocs: 'where' }).project({ dist: 1, where: 1 }).end();
    expect(agg.data.map((d: Any) => d._id)).toEqual(['p0', 'p100', 'p300']);
    expect(agg.data[1].dist).toBeGreaterThan(99);
    expect(agg.data[1].dist).toBeLessThan(101);
    expect(agg.data[1].where.type).toBe('Point');
    expectError(() => call('aggregateDocuments', { collectionName: 'places', stages: [{ stageKey: '$match', stageValue: '{}' }, { stageKey: '$geoNear', stageValue: S({ near: { type: 'Point', coordinates: CENTER }, distanceField: 'd' }) }] }), 'DATABASE_REQUEST_FAILED', /first stage/);

    // invalid geometry under a 2dsphere index is refused, like MongoDB
    expectError(() => call('insertDocument', { collectionName: 'places', data: [S({ loc: { type: 'Point', coordinates: [500, 1] } })] }), 'DATABASE_REQUEST_FAILED', /geo keys/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('indexes', () => {
  beforeEach(() => {
    call('addCollection', { collectionName: 'r' });
    const data = Array.from({ length: 400 }, (_, i) => S({ _id: `id${String(i).padStart(4, '0')}`, status: ['open', 'doing', 'done', 'closed'][i % 4], owner: `u${i % 40}`, n: i, at: new Date(1_700_000_000_000 + i * 1000), nested: { score: i % 10 } }));
    call('insertDocument', { collectionName: 'r', data });
  });

  const get = (query: unknown, extra: Body = {}) => call('getDocument', { collectionName: 'r', queryType: 'WHERE', query: S(query), limit: 1000, ...extra }).list.map(sdkParse);

  test('equality, $in, ranges, compound prefix and sort use the index instead of scanning', () => {
    db.ensureIndex({ collection: 'r', name: 'status_at', keys: { status: 1, at: -1 } });
    db.ensureIndex({ collection: 'r', name: 'owner', keys: { owner: 1 } });
    db.ensureIndex({ collection: 'r', name: 'score', keys: { 'nested.score': 1 } });

    expect(get({ status: 'open' })).toHaveLength(100);
    expect(db.lastPlan).toMatchObject({ kind: 'index', index: 'status_at', scanned: 100, exact: true });
    expect(get({ owner: { $in: ['u1', 'u2'] } })).toHaveLength(20);
    expect(db.lastPlan).toMatchObject({ index: 'owner', scanned: 20 });
    const page = get({ status: 'done', at: { $gte: new Date(1_700_000_100_000) } }, { order: S({ at: -1 }), limit: 5, offset: 2 });
    expect(page.map((d: Any) => d.n)).toEqual([390, 386, 382, 378, 374]);
    expect(db.lastPlan).toMatchObject({ index: 'status_at', sortCovered: true, scanned: 5 });
    expect(get({ 'nested.score': { $gt: 7 } })).toHaveLength(80);
    expect(db.lastPlan).toMatchObject({ index: 'score', scanned: 80 });
    expect(get({ owner: 'u3', status: 'closed' })).toHaveLength(10);
    expect(db.lastPlan).toMatchObject({ index: 'owner', scanned: 10 }); // probed: owner is the more selective one
    expect(get({ _id: 'id0007' })[0].n).toBe(7);
    expect(db.lastPlan).toMatchObject({ kind: 'id', scanned: 1 });
    // residual filter on an unindexed field: index narrows, mingo finishes
    expect(get({ status: 'open', n: { $mod: [8, 0] } })).toHaveLength(50);
    expect(db.lastPlan).toMatchObject({ index: 'status_at', exact: false, scanned: 100 });
    // sort-only use of the index with a limit reads only what it returns
    expect(get({}, { order: S({ status: 1, at: -1 }), limit: 3 }).map((d: Any) => d.n)).toEqual([399, 395, 391]);
    expect(db.lastPlan).toMatchObject({ index: 'status_at', sortCovered: true, scanned: 3 });
    expect(call('calculateDocument', { collectionName: 'r', query: S({ status: { $in: ['open', 'done'] } }) }).total).toBe(200);
    expect(db.lastPlan).toMatchObject({ index: 'status_at', exact: true });
    expect(warnings).toEqual([]);
  });

  test('unindexed queries over the threshold log a warning naming collection and filter', () => {
    expect(get({ owner: 'u5' })).toHaveLength(10);
    expect(db.lastPlan).toMatchObject({ kind: 'scan', index: null, scanned: 400 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toContain('"r"');
    expect(warnings[0].msg).toContain('owner');
    expect(warnings[0].extra).toMatchObject({ collection: 'r', scanned: 400 });
    db.ensureIndex({ collection: 'r', name: 'owner', keys: { owner: 1 } });
    get({ owner: 'u5' });
    expect(warnings).toHaveLength(1);
    // a small scan (limit reached early) stays quiet
    call('getDocument', { collectionName: 'r', query: S({ n: { $gte: 0 } }), limit: 10 });
    expect(warnings).toHaveLength(1);
  });

  test('unique indexes: build-time and write-time violations, nulls count as duplicates', () => {
    db.ensureIndex({ collection: 'r', name: 'n_unique', keys: { n: 1 }, unique: true });
    expectError(() => call('insertDocument', { collectionName: 'r', data: [S({ n: 5 })] }), 'DATABASE_DUPLICATE_WRITE', /n_unique/);
    expectError(() => call('modifyDocument', { collectionName: 'r', queryType: 'DOC', query: S({ _id: 'id0001' }), data: S({ $set: { n: 2 } }), merge: true }), 'DATABASE_DUPLICATE_WRITE');
    expect(call('calculateDocument', { collectionName: 'r', query: S({ n: 2 }) }).total).toBe(1);
    // a failing batch inserts nothing
    expectError(() => call('insertDocument', { collectionName: 'r', data: [S({ n: 1000 }), S({ n: 1000 })] }), 'DATABASE_DUPLICATE_WRITE');
    expect(call('calculateDocument', { collectionName: 'r', query: S({ n: 1000 }) }).total).toBe(0);
    call('insertDocument', { collectionName: 'r', data: [S({ other: 1 })] }); // n missing → null key
    expectError(() => call('insertDocument', { collectionName: 'r', data: [S({ n: null })] }), 'DATABASE_DUPLICATE_WRITE');
    expectError(() => call('insertDocument', { collectionName: 'r', data: [S({ _id: 'id0003', n: 9999 })] }), 'DATABASE_DUPLICATE_WRITE', /_id_/);
    expectError(() => db.ensureIndex({ collection: 'r', name: 'status_unique', keys: { status: 1 }, unique: true }), 'DATABASE_DUPLICATE_WRITE');
    expect(db.listCollections()[0].indexes.map((i) => i.name)).toEqual(['n_unique']);
    // compound unique
    db.ensureIndex({ collection: 'r', name: 'owner_n', keys: { owner: 1, 'nested.score': 1 }, unique: false });
    db.ensureIndex({ collection: 'r', name: 'owner_n', keys: { owner: 1, 'nested.score': 1 } }); // idempotent
    expect(db.listCollections()[0].indexes).toHaveLength(2);
  });

  test('array values disable an index (multikey) without losing results', () => {
    db.ensureIndex({ collection: 'r', name: 'owner', keys: { owner: 1 } });
    call('insertDocument', { collectionName: 'r', data: [S({ _id: 'multi', owner: ['u1', 'zz'] })] });
    expect(get({ owner: 'u1' }).map((d: Any) => d._id)).toContain('multi');
    expect(db.lastPlan).toMatchObject({ kind: 'scan' });
    expect(get({ owner: 'zz' }).map((d: Any) => d._id)).toEqual(['multi']);
  });

  test('index declarations and data survive a restart', () => {
    db.close();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-db-'));
    try {
      db = open({ dir });
      call('addCollection', { collectionName: 'k' });
      db.ensureIndex({ collection: 'k', name: 'v', keys: { v: -1 }, unique: true });
      db.ensureIndex({ collection: 'k', name: 'geo', keys: { g: '2dsphere' } });
      call('insertDocument', { collectionName: 'k', data: [S({ _id: 'a', v: 1, at: new Date(5), g: { type: 'Point', coordinates: [1, 2] } })] });
      db.close();
      db = open({ dir });
      expect(db.listCollections()).toEqual([{ name: 'k', count: 1, indexes: [{ collection: 'k', name: 'v', keys: { v: -1 }, unique: true }, { collection: 'k', name: 'geo', keys: { g: '2dsphere' } }] }]);
      expect(db.browse('k')).toEqual([{ _id: 'a', v: 1, at: new Date(5), g: { type: 'Point', coordinates: [1, 2] } }]);
      expectError(() => call('insertDocument', { collectionName: 'k', data: [S({ v: 1 })] }), 'DATABASE_DUPLICATE_WRITE');
      call('getDocument', { collectionName: 'k', query: S({ g: { $nearSphere: { $geometry: { type: 'Point', coordinates: [1, 2] } } } }) });
      expect(db.lastPlan).toMatchObject({ kind: 'geo', index: 'geo', returned: 1 });
      expect(fs.existsSync(path.join(dir, 'twin.sqlite'))).toBe(true);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
      db = open();
    }
  });

  test('invalid index specs', () => {
    expectError(() => db.ensureIndex({ collection: 'r', name: 'x', keys: {} }), 'INVALID_PARAM');
    expectError(() => db.ensureIndex({ collection: 'r', name: 'x', keys: { a: 2 as 1 } }), 'INVALID_PARAM');
    expectError(() => db.ensureIndex({ collection: 'r', name: 'x', keys: { a: '2dsphere', b: 1 } }), 'INVALID_PARAM');
    db.ensureIndex({ collection: 'brand_new', name: 'x', keys: { a: 1 } }); // creates the collection
    expect(db.listCollections().map((c) => c.name)).toEqual(['brand_new', 'r']);
  });

  test('planner results equal mingo on random data and queries (mixed types, nulls, arrays)', () => {
    call('addCollection', { collectionName: 'fz' });
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const values = [0, 1, 2, 3, 2.5, -1, 'a', 'b', 'c', '', true, false, null, new Date(1000), new Date(2000), undefined];
    const docs: Any[] = [];
    for (let i = 0; i < 300; i++) {
      const d: Any = { _id: `f${i}`, i };
      for (const f of ['a', 'b', 'c']) {
        const v = pick(values);
        if (v !== undefined) d[f] = v;
      }
      d.s = { t: pick([1, 2, 3, 'x']) };
      if (i === 150) d.c = [1, 'a']; // makes c multikey half way through
      docs.push(d);
    }
    call('insertDocument', { collectionName: 'fz', data: docs.slice(0, 150).map(S) });
    db.ensureIndex({ collection: 'fz', name: 'a', keys: { a: 1 } });
    db.ensureIndex({ collection: 'fz', name: 'ab', keys: { a: 1, b: -1 } });
    db.ensureIndex({ collection: 'fz', name: 'c', keys: { c: 1 } });
    db.ensureIndex({ collection: 'fz', name: 'st', keys: { 's.t': 1 } });
    call('insertDocument', { collectionName: 'fz', data: docs.slice(150).map(S) });

    const scalar = () => pick(values.filter((v) => v !== undefined));
    const cond = (): Any => {
      switch (Math.floor(rnd() * 9)) {
        case 0: return scalar();
        case 1: return { $in: [scalar(), scalar()] };
        case 2: return { $gt: scalar() };
        case 3: return { $lte: scalar() };
        case 4: return { $gte: pick([0, 'a', new Date(1500)]), $lt: pick([3, 'c', new Date(3000)]) };
        case 5: return { $ne: scalar() };
        case 6: return { $exists: rnd() < 0.5 };
        case 7: return { $eq: null };
        default: return { $nin: [scalar()] };
      }
    };
    let indexed = 0;
    for (let k = 0; k < 600; k++) {
      const q: Any = {};
      for (const f of ['a', 'b', 'c', 's.t']) if (rnd() < 0.45) q[f] = cond();
      const query = rnd() < 0.15 ? { $and: [q, { i: { $gte: 10 } }] } : rnd() < 0.1 ? { $or: [q, { a: 1 }] } : q;
      const order = rnd() < 0.5 ? {} : rnd() < 0.5 ? { a: pick([1, -1]) } : { a: pick([1, -1]), b: pick([1, -1]) };
      const skip = rnd() < 0.3 ? Math.floor(rnd() * 5) : 0;
      const limit = rnd() < 0.5 ? 1000 : 1 + Math.floor(rnd() * 10);
      const body: Body = { collectionName: 'fz', queryType: 'WHERE', query: S(query), limit, offset: skip };
      if (Object.keys(order).length) body.order = S(order);
      const got = call('getDocument', body).list.map(sdkParse);
      if (db.lastPlan!.kind !== 'scan') indexed++;
      let cursor = mingoFind(docs, query);
      if (Object.keys(order).length) cursor = cursor.sort(order);
      const want = cursor.skip(skip).limit(limit).all() as Any[];
      const ctx = `query ${S(query)} order ${S(order)} skip ${skip} limit ${limit} plan ${JSON.stringify(db.lastPlan)}`;
      expect([ctx, got.length]).toEqual([ctx, want.length]);
      if (Object.keys(order).length) {
        const keyOf = (d: Any) => S(Object.keys(order).map((f) => d[f] ?? null));
        expect([ctx, got.map(keyOf)]).toEqual([ctx, want.map(keyOf)]);
      }
      if (limit === 1000 && !skip) expect([ctx, got.map((d: Any) => d._id).sort()]).toEqual([ctx, want.map((d) => d._id).sort()]);
      expect([ctx, call('calculateDocument', body).total]).toEqual([ctx, mingoFind(docs, query).all().length]);
    }
    expect(indexed).toBeGreaterThan(150);
  });
});

// ---------------------------------------------------------------------------------------------

describe('transactions', () => {
  beforeEach(() => {
    call('addCollection', { collectionName: 'acct' });
    call('insertDocument', { collectionName: 'acct', data: [S({ _id: 'A', bal: 100 }), S({ _id: 'B', bal: 0 })] });
  });
  const bal = (id: string, transactionId?: string) => {
    const list = call('getDocument', { collectionName: 'acct', queryType: 'DOC', query: S({ _id: id }), transactionId }).list;
    return list.length ? sdkParse(list[0]).bal : undefined;
  };
  const inc = (id: string, by: number, transactionId?: string) =>
    call('modifyDocument', { collectionName: 'acct', queryType: 'DOC', query: S({ _id: id }), data: S({ $inc: { bal: by } }), multi: false, merge: true, upsert: false, transactionId });

  test('own writes visible inside, invisible outside until commit; abort discards', () => {
    const t = call('startTransaction', {}).transactionId;
    inc('A', -30, t);
    inc('B', 30, t);
    call('insertDocument', { collectionName: 'acct', data: [S({ _id: 'C', bal: 1 })], transactionId: t });
    call('removeDocument', { collectionName: 'acct', queryType: 'DOC', query: S({ _id: 'C' }), transactionId: t, multi: false });
    call('modifyDocument', { collectionName: 'acct', queryType: 'DOC', query: S({ _id: 'D' }), data: S({ bal: 7 }), merge: false, upsert: true, transactionId: t });
    expect([bal('A', t), bal('B', t), bal('C', t), bal('D', t)]).toEqual([70, 30, undefined, 7]);
    expect(call('getDocument', { collectionName: 'acct', queryType: 'WHERE', query: S({ bal: { $gt: 5 } }), order: S({ bal: 1 }), transactionId: t }).list.map(sdkParse).map((d: Any) => d._id)).toEqual(['D', 'B', 'A']);
    expect([bal('A'), bal('B'), bal('D')]).toEqual([100, 0, undefined]);
    expect(call('commitTransaction', { transactionId: t })).toEqual({});
    expect([bal('A'), bal('B'), bal('C'), bal('D')]).toEqual([70, 30, undefined, 7]);

    const t2 = call('startTransaction', {}).transactionId;
    inc('A', -70, t2);
    expect(call('abortTransaction', { transactionId: t2 })).toEqual({});
    expect(call('abortTransaction', { transactionId: t2 })).toEqual({}); // idempotent
    expect(bal('A')).toBe(70);
    expectError(() => call('commitTransaction', { transactionId: t2 }), 'DATABASE_TRANSACTION_FAIL');
    expectError(() => inc('A', 1, 'no-such-tx'), 'DATABASE_TRANSACTION_FAIL');
  });

  test('concurrent writers: first committer wins, the loser is aborted by the server with CONFLICT', () => {
    const t1 = call('startTransaction', {}).transactionId;
    const t2 = call('startTransaction', {}).transactionId;
    inc('A', -10, t1);
    inc('A', -20, t2);
    call('commitTransaction', { transactionId: t1 });
    expectError(() => call('commitTransaction', { transactionId: t2 }), 'DATABASE_TRANSACTION_CONFLICT');
    expectError(() => call('commitTransaction', { transactionId: t2 }), 'DATABASE_TRANSACTION_CONFLICT'); // already aborted
    expect(call('abortTransaction', { transactionId: t2 })).toEqual({});
    expect(bal('A')).toBe(90);

    // a plain write to a document the transaction wrote also makes it conflict
    const t3 = call('startTransaction', {}).transactionId;
    inc('B', 5, t3);
    inc('B', 1);
    expectError(() => call('commitTransaction', { transactionId: t3 }), 'DATABASE_TRANSACTION_CONFLICT');
    expect(bal('B')).toBe(1);

    // disjoint documents do not conflict
    const t4 = call('startTransaction', {}).transactionId;
    const t5 = call('startTransaction', {}).transactionId;
    inc('A', 1, t4);
    inc('B', 1, t5);
    call('commitTransaction', { transactionId: t5 });
    call('commitTransaction', { transactionId: t4 });
    expect([bal('A'), bal('B')]).toEqual([91, 2]);
  });

  test('where-batch writes are refused inside a transaction; unique violations at commit abort it whole', () => {
    const t = call('startTransaction', {}).transactionId;
    expectError(() => call('modifyDocument', { collectionName: 'acct', queryType: 'WHERE', query: S({ bal: { $gte: 0 } }), data: S({ $set: { x: 1 } }), multi: true, merge: true, transactionId: t }), 'INVALID_PARAM', /single-document/);
    expectError(() => call('removeDocument', { collectionName: 'acct', queryType: 'WHERE', query: S({}), multi: true, transactionId: t }), 'INVALID_PARAM');
    call('abortTransaction', { transactionId: t });

    call('modifyDocument', { collectionName: 'acct', queryType: 'DOC', query: S({ _id: 'A' }), data: S({ $set: { tag: 'x' } }) });
    call('modifyDocument', { collectionName: 'acct', queryType: 'DOC', query: S({ _id: 'B' }), data: S({ $set: { tag: 'y' } }) });
    db.ensureIndex({ collection: 'acct', name: 'tag', keys: { tag: 1 }, unique: true }); // (two missing tags would collide)
    const t2 = call('startTransaction', {}).transactionId;
    inc('B', 50, t2);
    call('insertDocument', { collectionName: 'acct', data: [S({ _id: 'E', tag: 'x' })], transactionId: t2 });
    expectError(() => call('insertDocument', { collectionName: 'acct', data: [S({ _id: 'A' })], transactionId: t2 }), 'DATABASE_DUPLICATE_WRITE');
    expectError(() => call('insertDocument', { collectionName: 'acct', data: [S({ _id: 'F' }), S({ _id: 'F' })], transactionId: t2 }), 'DATABASE_DUPLICATE_WRITE');
    expectError(() => call('commitTransaction', { transactionId: t2 }), 'DATABASE_DUPLICATE_WRITE');
    expect([bal('B'), bal('E')]).toEqual([0, undefined]);
  });

  test('idle transactions expire', () => {
    const t = call('startTransaction', {}).transactionId;
    inc('A', 1, t);
    clock = new Date(NOW.getTime() + 61_000);
    expectError(() => call('commitTransaction', { transactionId: t }), 'DATABASE_TRANSACTION_FAIL', /expired/);
    expect(bal('A')).toBe(100);
  });

  test('SDK runTransaction retries commit conflicts until both increments land', async () => {
    const sdb = sdk();
    const _ = sdb.command;
    const bump = () =>
      sdb.runTransaction(async (tx: Any) => {
        const a = (await tx.collection('acct').doc('A').get()).data;
        await tx.collection('acct').doc('A').update({ bal: a.bal + 1 });
        await tx.collection('acct').doc('B').update({ bal: _.inc(1) });
        return a.bal;
      });
    await Promise.all([bump(), bump(), bump()]);
    expect([bal('A'), bal('B')]).toEqual([103, 3]);
    const t = await sdb.startTransaction();
    await t.collection('acct').add({ _id: 'T', bal: 1 });
    expect((await t.collection('acct').doc('T').get()).data).toEqual({ _id: 'T', bal: 1 });
    await t.rollback();
    expect(bal('T')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('admin API', () => {
  test('listCollections, browse, reset', () => {
    call('addCollection', { collectionName: 'b' });
    call('addCollection', { collectionName: 'a' });
    db.ensureIndex({ collection: 'a', name: 'x', keys: { x: 1 } });
    call('insertDocument', { collectionName: 'a', data: Array.from({ length: 5 }, (_, i) => S({ x: i, at: new Date(i) })) });
    expect(db.listCollections()).toEqual([
      { name: 'a', count: 5, indexes: [{ collection: 'a', name: 'x', keys: { x: 1 } }] },
      { name: 'b', count: 0, indexes: [] },
    ]);
    const page = db.browse('a', { skip: 1, limit: 2 }) as Any[];
    expect(page.map((d) => d.x)).toEqual([1, 2]);
    expect(page[0].at).toEqual(new Date(1));
    expect(() => db.browse('zzz')).toThrow(TwinError);
    const t = call('startTransaction', {}).transactionId;
    db.reset();
    expect(db.listCollections()).toEqual([]);
    expectError(() => call('commitTransaction', { transactionId: t }), 'DATABASE_TRANSACTION_FAIL');
    call('addCollection', { collectionName: 'a' });
    expect(db.listCollections()).toEqual([{ name: 'a', count: 0, indexes: [] }]);
  });
});
