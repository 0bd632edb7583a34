// Conformance of the twin's database through the real wx-server-sdk over HTTP: every action the
// SDK sends, the update operators, the aggregate stages, geo, limits and transactions.
import type { TwinHandle } from '../../twin/server';
import { connectSdk, postJson, rejection, startTestTwin, type WxCloud } from './harness';

let twin: TwinHandle;
let cloud: WxCloud;
let db: any; // eslint-disable-line @typescript-eslint/no-explicit-any
let _: any; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  twin = await startTestTwin();
  cloud = connectSdk(twin.url);
  db = cloud.database();
  _ = db.command;
});
afterAll(() => twin.close());

let seq = 0;
async function fresh(prefix: string): Promise<string> {
  const name = `${prefix}_${++seq}`;
  await db.createCollection(name);
  return name;
}

describe('documents: add, get, set, update, remove, count', () => {
  test('add one and many, doc().get, missing doc', async () => {
    const c = await fresh('crud');
    const one = await db.collection(c).add({ data: { title: 'a', n: 1, at: db.serverDate(), when: new Date('2026-01-02T03:04:05Z') } });
    expect(one._id).toMatch(/^[0-9a-f]{32}$/);
    const many = await db.collection(c).add({ data: [{ title: 'b', n: 2 }, { _id: 'fixed', title: 'c', n: 3 }] });
    expect(many._ids).toEqual([expect.any(String), 'fixed']);
    const { data } = await db.collection(c).doc(one._id).get();
    expect(data).toMatchObject({ _id: one._id, title: 'a', n: 1 });
    expect(data.at).toBeInstanceOf(Date);
    expect(Math.abs(data.at.getTime() - Date.now())).toBeLessThan(5000);
    expect(data.when).toEqual(new Date('2026-01-02T03:04:05Z'));
    await expect(db.collection(c).doc('nope').get()).rejects.toBeTruthy();
    await rejection(db.collection(c).add({ data: { _id: 'fixed' } }));
    expect(await db.collection(c).count()).toMatchObject({ total: 3 });
    await rejection(db.collection('no_such_collection').get());
  });

  test('set replaces (upsert), update merges, remove', async () => {
    const c = await fresh('set');
    const created = await db.collection(c).doc('d1').set({ data: { a: 1, nested: { x: 1, y: 2 } } });
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    const replaced = await db.collection(c).doc('d1').set({ data: { b: 2 } });
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect((await db.collection(c).doc('d1').get()).data).toEqual({ _id: 'd1', b: 2 });
    const upd = await db.collection(c).doc('d1').update({ data: { nested: { x: 9 }, c: 3 } });
    expect(upd.stats).toEqual({ updated: 1 });
    expect((await db.collection(c).doc('d1').get()).data).toEqual({ _id: 'd1', b: 2, c: 3, nested: { x: 9 } });
    expect((await db.collection(c).doc('missing').update({ data: { a: 1 } })).stats).toEqual({ updated: 0 });
    expect((await db.collection(c).doc('d1').remove()).stats).toEqual({ removed: 1 });
    expect((await db.collection(c).count()).total).toBe(0);
  });

  test('where: query commands, order, skip, limit, field, count, multi update/remove, updateAndReturn', async () => {
    const c = await fresh('where');
    await db.collection(c).add({
      data: Array.from({ length: 10 }, (_v, i) => ({
        i,
        tag: i % 2 ? 'odd' : 'even',
        tags: i % 3 === 0 ? ['x', 'y'] : ['y'],
        name: `Name${i}`,
        meta: { score: i * 10 },
        ...(i === 4 ? { opt: null } : {}),
        items: [{ k: i, v: 'a' }],
      })),
    });
    const q = (w: unknown) => db.collection(c).where(w).get().then((r: { data: { i: number }[] }) => r.data.map((d) => d.i).sort((a, b) => a - b));
    expect(await q({ tag: 'odd', i: _.gt(4) })).toEqual([5, 7, 9]);
    expect(await q({ i: _.gte(8) })).toEqual([8, 9]);
    expect(await q({ i: _.lt(1) })).toEqual([0]);
    expect(await q({ i: _.lte(1) })).toEqual([0, 1]);
    expect(await q({ i: _.neq(0).and(_.lt(3)) })).toEqual([1, 2]);
    expect(await q({ i: _.in([1, 3]) })).toEqual([1, 3]);
    expect(await q({ i: _.nin([0, 1, 2, 3, 4, 5, 6, 7]) })).toEqual([8, 9]);
    expect(await q(_.or([{ i: 0 }, { i: 9 }]))).toEqual([0, 9]);
    expect(await q({ i: _.or(_.eq(1), _.eq(2)) })).toEqual([1, 2]);
    expect(await q(_.and([{ tag: 'even' }, { i: _.gt(5) }]))).toEqual([6, 8]);
    expect(await q({ i: _.not(_.gt(1)) })).toEqual([0, 1]);
    expect(await q(_.nor([{ i: _.gt(1) }]))).toEqual([0, 1]);
    expect(await q({ opt: _.exists(true) })).toEqual([4]);
    expect(await q({ tags: _.size(2) })).toEqual([0, 3, 6, 9]);
    expect(await q({ tags: _.all(['x', 'y']) })).toEqual([0, 3, 6, 9]);
    expect(await q({ tags: 'x' })).toEqual([0, 3, 6, 9]);
    expect(await q({ i: _.mod(4, 1) })).toEqual([1, 5, 9]);
    expect(await q({ items: _.elemMatch({ k: _.gt(7) }) })).toEqual([8, 9]);
    expect(await q({ meta: { score: _.gte(80) } })).toEqual([8, 9]);
    expect(await q({ 'meta.score': 30 })).toEqual([3]);
    expect(await q({ name: db.RegExp({ regexp: '^name1$', options: 'i' }) })).toEqual([1]);
    expect(await q({ name: /e[23]$/ })).toEqual([2, 3]);

    const page = await db.collection(c).where({}).orderBy('i', 'desc').skip(2).limit(3).field({ i: true, _id: false }).get();
    expect(page.data).toEqual([{ i: 7 }, { i: 6 }, { i: 5 }]);
    const twoKeys = await db.collection(c).orderBy('tag', 'asc').orderBy('i', 'desc').limit(2).get();
    expect(twoKeys.data.map((d: { i: number }) => d.i)).toEqual([8, 6]);
    expect((await db.collection(c).where({ tag: 'odd' }).count()).total).toBe(5);

    expect((await db.collection(c).where({ tag: 'odd' }).update({ data: { flagged: true } })).stats).toEqual({ updated: 5 });
    expect((await db.collection(c).where({ flagged: true }).count()).total).toBe(5);
    // wx-server-sdk does not expose updateAndReturn; its wire action is exercised directly.
    const ret = await postJson(`${twin.url}/admin?env=local-env`, {
      action: 'database.modifyAndReturnDoc',
      collectionName: c,
      queryType: 'WHERE',
      query: JSON.stringify({ i: 2 }),
      data: JSON.stringify({ $inc: { 'meta.score': 1 } }),
    });
    expect(ret.body.data.updated).toBe(1);
    expect(JSON.parse(ret.body.data.doc)).toMatchObject({ i: 2, meta: { score: 21 } });
    expect((await db.collection(c).where({ tag: 'even' }).remove()).stats).toEqual({ removed: 5 });
    expect((await db.collection(c).count()).total).toBe(5);
  });
});

describe('update operators', () => {
  let c: string;
  const get = async () => (await db.collection(c).doc('u').get()).data;
  const update = (data: unknown) => db.collection(c).doc('u').update({ data });
  beforeAll(async () => {
    c = await fresh('ops');
  });
  beforeEach(async () => {
    await db.collection(c).doc('u').set({
      data: { n: 10, price: 2.5, arr: [1, 2, 3], set: ['a'], objs: [{ k: 1 }, { k: 2 }], old: 'x', nested: { a: 1, b: 2 }, lo: 5, hi: 5 },
    });
  });

  test('set, remove, inc, mul, rename, max, min', async () => {
    await update({ nested: _.set({ c: 3 }), old: _.remove(), n: _.inc(5), price: _.mul(2), hi: _.max(9), lo: _.min(1) });
    await update({ arr: _.set([9]) });
    const d = await get();
    expect(d).toMatchObject({ nested: { c: 3 }, n: 15, price: 5, hi: 9, lo: 1, arr: [9] });
    expect(d).not.toHaveProperty('old');
    await update({ n: _.max(3), lo: _.min(7) });
    expect(await get()).toMatchObject({ n: 15, lo: 1 });
    await db.collection(c).doc('u').update({ data: { n: _.rename('count') } });
    const r = await get();
    expect(r.count).toBe(15);
    expect(r).not.toHaveProperty('n');
  });

  test('nested objects update dotted paths; serverDate', async () => {
    await update({ nested: { b: 20 }, 'deep.x': 1, at: db.serverDate({ offset: 1000 }) });
    const d = await get();
    expect(d.nested).toEqual({ a: 1, b: 20 });
    expect(d.deep).toEqual({ x: 1 });
    expect(d.at).toBeInstanceOf(Date);
    expect(d.at.getTime() - Date.now()).toBeGreaterThan(0);
  });

  test('push (plain, each, position, slice, sort), pop, shift, unshift', async () => {
    await update({ arr: _.push(4) });
    expect((await get()).arr).toEqual([1, 2, 3, 4]);
    await update({ arr: _.push([5, 6]) });
    expect((await get()).arr).toEqual([1, 2, 3, 4, 5, 6]);
    await update({ arr: _.push({ each: [0], position: 0 }) });
    expect((await get()).arr).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await update({ arr: _.push({ each: [10], sort: -1, slice: 3 }) });
    expect((await get()).arr).toEqual([10, 6, 5]);
    await update({ arr: _.pop() });
    expect((await get()).arr).toEqual([10, 6]);
    await update({ arr: _.shift() });
    expect((await get()).arr).toEqual([6]);
    await update({ arr: _.unshift([7, 8]) });
    expect((await get()).arr).toEqual([7, 8, 6]);
  });

  test('addToSet, pull, pullAll', async () => {
    await update({ set: _.addToSet('a') });
    await update({ set: _.addToSet('b') });
    await update({ set: _.addToSet({ $each: ['b', 'c'] }) });
    expect((await get()).set).toEqual(['a', 'b', 'c']);
    await update({ set: _.pull('b') });
    expect((await get()).set).toEqual(['a', 'c']);
    await update({ set: _.pullAll(['a', 'c']) });
    expect((await get()).set).toEqual([]);
    await update({ arr: _.pull(_.gt(1)) });
    expect((await get()).arr).toEqual([1]);
    await update({ objs: _.pull({ k: 2 }) });
    expect((await get()).objs).toEqual([{ k: 1 }]);
  });

  test('the _id cannot be updated', async () => {
    await rejection(db.collection(c).doc('u').update({ data: { _id: 'other' } }));
  });
});

describe('aggregate', () => {
  let c: string;
  let other: string;
  const $ = () => db.command.aggregate;
  beforeAll(async () => {
    c = await fresh('agg');
    other = await fresh('agg_other');
    await db.collection(c).add({
      data: Array.from({ length: 30 }, (_v, i) => ({ i, cat: ['a', 'b', 'c'][i % 3], price: i, tags: i < 2 ? ['t1', 't2'] : [], ref: i % 3 })),
    });
    await db.collection(other).add({ data: [{ ref: 0, label: 'zero' }, { ref: 1, label: 'one' }] });
  });
  const run = (p: any) => p.end().then((r: { list: unknown[] }) => r.list); // eslint-disable-line @typescript-eslint/no-explicit-any

  test('returns 20 documents by default, the limit when given', async () => {
    expect(await run(db.collection(c).aggregate())).toHaveLength(20);
    expect(await run(db.collection(c).aggregate().limit(25))).toHaveLength(25);
  });

  test('match, group, sort, limit, skip, project, addFields, count', async () => {
    const grouped = await run(
      db.collection(c).aggregate().match({ price: _.gte(3) }).group({ _id: '$cat', n: $().sum(1), avg: $().avg('$price'), max: $().max('$price') }).sort({ _id: 1 }),
    );
    expect(grouped).toEqual([
      { _id: 'a', n: 9, avg: 15, max: 27 },
      { _id: 'b', n: 9, avg: 16, max: 28 },
      { _id: 'c', n: 9, avg: 17, max: 29 },
    ]);
    const paged = await run(db.collection(c).aggregate().sort({ i: -1 }).skip(1).limit(2).project({ _id: 0, i: 1, double: $().multiply(['$i', 2]) }));
    expect(paged).toEqual([
      { i: 28, double: 56 },
      { i: 27, double: 54 },
    ]);
    const added = await run(db.collection(c).aggregate().match({ i: 1 }).addFields({ big: $().gt(['$price', 0]) }).project({ _id: 0, big: 1 }));
    expect(added).toEqual([{ big: true }]);
    expect(await run(db.collection(c).aggregate().match({ cat: 'a' }).count('total'))).toEqual([{ total: 10 }]);
  });

  test('bucket: boundaries are [lower, upper)', async () => {
    expect(await run(db.collection(c).aggregate().bucket({ groupBy: '$price', boundaries: [0, 10, 30], default: 'other', output: { n: $().sum(1) } }))).toEqual([
      { _id: 0, n: 10 },
      { _id: 10, n: 20 },
    ]);
  });

  test('unwind, sortByCount, bucketAuto, replaceRoot, sample, lookup', async () => {
    expect(await run(db.collection(c).aggregate().match({ i: _.lt(2) }).unwind('$tags').project({ _id: 0, i: 1, tags: 1 }).sort({ i: 1, tags: 1 }))).toEqual([
      { i: 0, tags: 't1' },
      { i: 0, tags: 't2' },
      { i: 1, tags: 't1' },
      { i: 1, tags: 't2' },
    ]);
    expect(await run(db.collection(c).aggregate().sortByCount('$cat').sort({ _id: 1 }))).toEqual([
      { _id: 'a', count: 10 },
      { _id: 'b', count: 10 },
      { _id: 'c', count: 10 },
    ]);
    const auto = await run(db.collection(c).aggregate().bucketAuto({ groupBy: '$price', buckets: 3 }));
    expect(auto).toHaveLength(3);
    expect(auto.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(30);
    expect(await run(db.collection(c).aggregate().match({ i: 5 }).replaceRoot({ newRoot: { x: '$price' } }))).toEqual([{ x: 5 }]);
    expect(await run(db.collection(c).aggregate().sample({ size: 4 }))).toHaveLength(4);
    const joined = await run(
      db.collection(c).aggregate().match({ i: _.lt(3) }).lookup({ from: other, localField: 'ref', foreignField: 'ref', as: 'refs' }).sort({ i: 1 }).project({ _id: 0, i: 1, 'refs.label': 1 }),
    );
    expect(joined).toEqual([
      { i: 0, refs: [{ label: 'zero' }] },
      { i: 1, refs: [{ label: 'one' }] },
      { i: 2, refs: [] },
    ]);
  });
});

describe('geo', () => {
  const point = (lng: number, lat: number) => db.Geo.Point(lng, lat);
  const seed = async (c: string) =>
    db.collection(c).add({
      data: [
        { name: 'here', loc: point(113.3, 23.1) },
        { name: 'near', loc: point(113.305, 23.1) },
        { name: 'far', loc: point(116.4, 39.9) },
      ],
    });

  test('geoNear needs a 2dsphere index', async () => {
    const c = await fresh('geo_noindex');
    await seed(c);
    const err = await rejection(db.collection(c).where({ loc: _.geoNear({ geometry: point(113.3, 23.1), maxDistance: 2000 }) }).get());
    expect(JSON.stringify(err)).toContain('unable to find index for $geoNear query');
  });

  test('with a 2dsphere index: geoNear, geoWithin, geoIntersects, $geoNear stage', async () => {
    const c = await fresh('geo');
    await postJson(`${twin.url}/_twin/indexes`, { collection: c, name: 'loc_2dsphere', keys: { loc: '2dsphere' } });
    await seed(c);
    const near = await db.collection(c).where({ loc: _.geoNear({ geometry: point(113.3, 23.1), maxDistance: 2000 }) }).get();
    expect(near.data.map((d: { name: string }) => d.name)).toEqual(['here', 'near']);
    expect(near.data[0].loc).toMatchObject({ longitude: 113.3, latitude: 23.1 }); // decoded as a Geo.Point
    const box = db.Geo.Polygon([db.Geo.LineString([point(113, 23), point(114, 23), point(114, 24), point(113, 24), point(113, 23)])]);
    const within = await db.collection(c).where({ loc: _.geoWithin({ geometry: box }) }).get();
    expect(within.data.map((d: { name: string }) => d.name).sort()).toEqual(['here', 'near']);
    const circle = await db.collection(c).where({ loc: _.geoWithin({ centerSphere: [[116.4, 39.9], 10 / 6378.1] }) }).get();
    expect(circle.data.map((d: { name: string }) => d.name)).toEqual(['far']);
    const hit = await db.collection(c).where({ loc: _.geoIntersects({ geometry: box }) }).get();
    expect(hit.data).toHaveLength(2);
    const stage = await db
      .collection(c)
      .aggregate()
      .geoNear({ distanceField: 'dist', spherical: true, near: point(113.3, 23.1), maxDistance: 100000 })
      .end();
    expect(stage.list.map((d: { name: string }) => d.name)).toEqual(['here', 'near']);
    expect(stage.list[1].dist).toBeGreaterThan(400);
    expect(stage.list[1].dist).toBeLessThan(600);
  });
});

describe('limits', () => {
  let c: string;
  beforeAll(async () => {
    c = await fresh('limits');
    for (let k = 0; k < 3; k++) await db.collection(c).add({ data: Array.from({ length: 400 }, (_v, i) => ({ i: k * 400 + i })) });
  });

  test('get: 100 by default, at most 1000', async () => {
    expect((await db.collection(c).get()).data).toHaveLength(100);
    expect((await db.collection(c).limit(1000).get()).data).toHaveLength(1000);
    expect((await db.collection(c).limit(5000).get()).data).toHaveLength(1000);
    // The server caps as well (the SDK already caps at 1000).
    const raw = await postJson(`${twin.url}/admin?env=local-env`, { action: 'database.getDocument', collectionName: c, queryType: 'WHERE', limit: 5000 });
    expect(raw.status).toBe(200);
    expect(raw.body.data?.list?.length ?? 0).toBeLessThanOrEqual(1000);
    expect((await db.collection(c).count()).total).toBe(1200);
  });
});

describe('transactions', () => {
  let c: string;
  const value = async (id = 'acc') => (await db.collection(c).doc(id).get()).data.n;
  beforeAll(async () => {
    c = await fresh('tx');
  });
  beforeEach(async () => {
    await db.collection(c).doc('acc').set({ data: { n: 0 } });
    await db.collection(c).doc('acc2').set({ data: { n: 100 } });
  });

  test('runTransaction commits reads and writes atomically', async () => {
    const result = await db.runTransaction(async (t: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const a = await t.collection(c).doc('acc').get();
      await t.collection(c).doc('acc').update({ data: { n: a.data.n + 10 } });
      await t.collection(c).doc('acc2').update({ data: { n: _.inc(-10) } });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await value('acc')).toBe(10);
    expect(await value('acc2')).toBe(90);
  });

  test('runTransaction rolls back when the callback throws or calls rollback', async () => {
    await expect(
      db.runTransaction(async (t: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        await t.collection(c).doc('acc').update({ data: { n: 99 } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await value()).toBe(0);
    await expect(
      db.runTransaction(async (t: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        await t.collection(c).doc('acc').update({ data: { n: 98 } });
        await t.rollback('custom reason');
      }),
    ).rejects.toBe('custom reason');
    expect(await value()).toBe(0);
  });

  test('startTransaction: uncommitted writes are invisible, rollback discards them', async () => {
    const tx = await db.startTransaction();
    await tx.collection(c).doc('acc').update({ data: { n: 5 } });
    expect((await tx.collection(c).doc('acc').get()).data.n).toBe(5);
    expect(await value()).toBe(0);
    await tx.rollback();
    expect(await value()).toBe(0);
    const tx2 = await db.startTransaction();
    await tx2.collection(c).doc('acc').set({ data: { n: 7 } });
    await tx2.commit();
    expect(await value()).toBe(7);
  });

  test('conflict: the second committer gets DATABASE_TRANSACTION_CONFLICT and nothing of it lands', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection(c).doc('acc').update({ data: { n: _.inc(1) } });
    await t2.collection(c).doc('acc').update({ data: { n: _.inc(100) } });
    await t2.collection(c).doc('acc2').update({ data: { n: _.inc(100) } });
    await t1.commit();
    const err = await rejection(t2.commit());
    expect(JSON.stringify({ ...err, message: err.message })).toContain('DATABASE_TRANSACTION_CONFLICT');
    expect(await value('acc')).toBe(1);
    expect(await value('acc2')).toBe(100);
  });

  test('lost update: a write computed from a stale read conflicts even when it equals the committed value', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    const n1 = (await t1.collection(c).doc('acc').get()).data.n;
    const n2 = (await t2.collection(c).doc('acc').get()).data.n;
    await t1.collection(c).doc('acc').update({ data: { n: n1 + 1 } });
    await t1.commit();
    await t2.collection(c).doc('acc').update({ data: { n: n2 + 1 } }); // same value t1 committed: still a write
    const err = await rejection(t2.commit());
    expect(JSON.stringify({ ...err, message: err.message })).toContain('DATABASE_TRANSACTION_CONFLICT');
  });

  test('runTransaction retries a conflict and both increments land', async () => {
    const bump = () =>
      db.runTransaction(async (t: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        const { data } = await t.collection(c).doc('acc').get();
        await new Promise((r) => setTimeout(r, 50));
        await t.collection(c).doc('acc').update({ data: { n: data.n + 1 } });
      });
    await Promise.all([bump(), bump()]);
    expect(await value()).toBe(2);
  });
});
