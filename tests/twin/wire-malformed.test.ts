import type { TwinHandle } from '../../twin/server';
import { connectSdk, postJson, startTestTwin, type WxCloud } from './harness';

let twin: TwinHandle;
let cloud: WxCloud;
const admin = () => `${twin.url}/admin?env=local-env&seqId=test`;

beforeAll(async () => {
  twin = await startTestTwin();
  cloud = connectSdk(twin.url);
  await cloud.database().createCollection('things');
});
afterAll(() => twin.close());

test('unparseable or shapeless bodies → 400 with a CloudBase-style error', async () => {
  const badJson = await fetch(admin(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action": "database.getDocument",' });
  expect(badJson.status).toBe(400);
  expect(await badJson.json()).toMatchObject({ code: 'INVALID_PARAM', message: expect.any(String), requestId: expect.any(String) });

  expect(await postJson(admin(), [1, 2])).toMatchObject({ status: 400, body: { code: 'INVALID_PARAM' } });
  expect(await postJson(admin(), { collectionName: 'things' })).toMatchObject({ status: 400, body: { code: 'INVALID_PARAM', message: expect.stringContaining('action') } });
  const text = await fetch(admin(), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
  expect(text.status).toBe(400);
  const xml = await fetch(admin(), { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
  expect(xml.status).toBe(415);
  expect(await xml.json()).toMatchObject({ code: 'INVALID_PARAM' });
});

test('action-level problems → HTTP 200 with code and message (what the SDK reads)', async () => {
  expect(await postJson(admin(), { action: 'database.nope', collectionName: 'things' })).toMatchObject({ status: 200, body: { code: expect.any(String) } });
  expect(await postJson(admin(), { action: 'cos.magic' })).toMatchObject({ status: 200, body: { code: 'INVALID_PARAM', message: 'unknown action "cos.magic"' } });
  expect(await postJson(admin(), { action: 'database.getDocument', envName: 'prod-123', collectionName: 'things' })).toMatchObject({
    status: 200,
    body: { code: 'INVALIID_ENV' },
  });
  expect(await postJson(admin(), { action: 'database.getDocument' })).toMatchObject({ status: 200, body: { code: expect.any(String), message: expect.any(String) } });
  expect(await postJson(admin(), { action: 'database.getDocument', collectionName: 'things', query: '{not ejson' })).toMatchObject({
    status: 200,
    body: { code: expect.any(String) },
  });
  expect(await postJson(admin(), { action: 'storage.getUploadMetadata' })).toMatchObject({ body: { code: 'INVALID_PARAM', message: expect.stringContaining('path') } });
  expect(await postJson(admin(), { action: 'storage.batchGetDownloadUrl', file_list: 'x' })).toMatchObject({ body: { code: 'INVALID_PARAM' } });
  expect(await postJson(admin(), { action: 'storage.batchDeleteFile', fileid_list: [] })).toMatchObject({ body: { code: 'INVALID_PARAM' } });
  expect(await postJson(admin(), { action: 'functions.invokeFunction', function_name: 'echo', request_data: '{oops' })).toMatchObject({
    body: { code: 'INVALID_PARAM', message: expect.stringContaining('request_data') },
  });
  expect(await postJson(admin(), { action: 'functions.invokeFunction' })).toMatchObject({ body: { code: 'INVALID_PARAM' } });
});

test('a huge body is refused and the twin keeps serving through the SDK', async () => {
  const res = await postJson(admin(), { action: 'database.insertDocument', collectionName: 'things', data: ['x'.repeat(17 * 1024 * 1024)] });
  expect(res.status).toBe(413);
  expect(res.body).toMatchObject({ code: 'INVALID_PARAM' });

  const db = cloud.database();
  const { _id } = await db.collection('things').add({ data: { ok: true } });
  expect((await db.collection('things').doc(_id).get()).data).toMatchObject({ ok: true });
});

test('unknown routes → 404 JSON', async () => {
  const res = await fetch(`${twin.url}/nothing-here`);
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ errCode: 'NOT_FOUND' });
});
