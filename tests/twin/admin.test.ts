import fs from 'node:fs';
import path from 'node:path';
import type { TwinHandle } from '../../twin/server';
import { connectSdk, postJson, rejection, startTestTwin, tempDir, type WxCloud } from './harness';

const dir = tempDir('twin-admin-');
const indexesFile = path.join(dir, 'database.indexes.json');
fs.writeFileSync(
  indexesFile,
  JSON.stringify({
    _doc: 'test declaration',
    collections: {
      places: { indexes: [{ name: 'loc_geo', keys: { loc: '2dsphere' } }, { name: 'code_unique', keys: { code: 1 }, unique: true }] },
      empty: { indexes: [] },
    },
  }),
);

let twin: TwinHandle;
let cloud: WxCloud;

beforeAll(async () => {
  twin = await startTestTwin({ indexesFile });
  cloud = connectSdk(twin.url);
});
afterAll(async () => {
  await twin.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const collections = async () => (await (await fetch(`${twin.url}/_twin/collections`)).json()).collections as { name: string; count: number; indexes: { name: string }[] }[];

test('declared collections and indexes exist at start', async () => {
  const list = await collections();
  const places = list.find((c) => c.name === 'places');
  expect(places?.indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['loc_geo', 'code_unique']));
  expect(list.some((c) => c.name === 'empty')).toBe(true);
  const db = cloud.database();
  await db.collection('places').add({ data: { code: 'A1', loc: db.Geo.Point(113.3, 23.1) } });
  await rejection(db.collection('places').add({ data: { code: 'A1' } }));
  const near = await db
    .collection('places')
    .where({ loc: db.command.geoNear({ geometry: db.Geo.Point(113.3, 23.1), maxDistance: 100 }) })
    .get();
  expect(near.data).toHaveLength(1);
});

test('POST /_twin/indexes validates and creates', async () => {
  const ok = await postJson(`${twin.url}/_twin/indexes`, { collection: 'places', name: 'by_name', keys: { name: 1, createdAt: -1 } });
  expect(ok).toMatchObject({ status: 200, body: { ok: true } });
  expect((await collections()).find((c) => c.name === 'places')?.indexes.map((i) => i.name)).toContain('by_name');
  for (const bad of [
    { collection: 'places', name: 'x', keys: {} },
    { collection: 'places', name: 'x', keys: { a: 2 } },
    { collection: 'bad name', name: 'x', keys: { a: 1 } },
    { collection: 'places', keys: { a: 1 } },
    { collection: 'places', name: 'x', keys: { a: 1 }, extra: true },
  ]) {
    expect(await postJson(`${twin.url}/_twin/indexes`, bad)).toMatchObject({ status: 400, body: { errCode: 'INVALID_REQUEST' } });
  }
});

test('the HTML browser lists collections and documents, escaped', async () => {
  const db = cloud.database();
  await db.collection('empty').add({ data: { note: '<script>alert(1)</script>' } });
  const home = await (await fetch(`${twin.url}/_twin/`)).text();
  expect(home).toContain('places');
  const page = await fetch(`${twin.url}/_twin/?collection=empty`);
  expect(page.headers.get('content-type')).toContain('text/html');
  const html = await page.text();
  expect(html).toContain('&#60;script&#62;alert(1)');
  expect(html).not.toContain('<script>alert');
  const docs = await (await fetch(`${twin.url}/_twin/collections/empty/documents?limit=5`)).json();
  expect(docs.documents).toHaveLength(1);
  expect((await fetch(`${twin.url}/_twin/collections/missing/documents`)).status).toBe(404);
  expect((await fetch(`${twin.url}/_twin/?collection=bad%20name`)).status).toBe(400);
});

test('POST /_twin/reset drops data, files and outbox, then recreates the declared indexes', async () => {
  const db = cloud.database();
  await db.createCollection('scratch');
  await db.collection('scratch').add({ data: { a: 1 } });
  const { fileID } = await cloud.uploadFile({ cloudPath: 'r/a.txt', fileContent: Buffer.from('x') });
  const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] });
  await cloud.openapi.subscribeMessage.send({ touser: 'o', templateId: 'T', data: { thing1: { value: 'x' } } });
  expect(twin.outbox()).toHaveLength(1);

  expect(await postJson(`${twin.url}/_twin/reset`, {})).toMatchObject({ status: 200, body: { ok: true } });
  const list = await collections();
  expect(list.map((c) => c.name).sort()).toEqual(['empty', 'places']);
  expect(list.every((c) => c.count === 0)).toBe(true);
  expect(list.find((c) => c.name === 'places')?.indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['loc_geo', 'code_unique']));
  expect((await fetch(fileList[0].tempFileURL)).status).toBe(404);
  expect(twin.outbox()).toHaveLength(0);
});

test('an invalid index file stops the twin from starting, with a clear message', async () => {
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ collections: { places: { indexes: [{ name: 'x', keys: { a: 'up' } }] } } }));
  await expect(startTestTwin({ indexesFile: bad })).rejects.toThrow(/bad\.json: collections\.places\.indexes\.0\.keys\.a/);
});
