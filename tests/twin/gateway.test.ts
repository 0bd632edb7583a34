import type { TwinHandle } from '../../twin/server';
import { postJson, startTestTwin } from './harness';

describe('H5 gateway without dev mode', () => {
  let twin: TwinHandle;
  beforeAll(async () => {
    twin = await startTestTwin({ dev: false, maxFileBytes: 64 * 1024 });
  });
  afterAll(() => twin.close());

  test('the identity header is refused outside dev mode', async () => {
    const res = await postJson(`${twin.url}/_client/callFunction`, { name: 'whoami', data: {} }, { 'x-shaosheng-openid': 'o-x' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errCode: 'DEV_IDENTITY_DISABLED', errMsg: expect.stringContaining('dev mode') });
    const upload = await postJson(`${twin.url}/_client/getTempFileURL`, { fileList: ['cloud://x.y/z'] }, { 'x-shaosheng-openid': 'o-x' });
    expect(upload.status).toBe(403);
  });

  test('without the header the call runs with an empty OPENID', async () => {
    const res = await postJson(`${twin.url}/_client/callFunction`, { name: 'whoami', data: { q: 1 } });
    expect(res.status).toBe(200);
    expect(res.body.result.context).toMatchObject({ OPENID: '', SOURCE: 'wx_client' });
  });

  test('CORS: any origin, preflight answered', async () => {
    const pre = await fetch(`${twin.url}/_client/callFunction`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:10086', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-shaosheng-openid' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:10086');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-shaosheng-openid');
    const res = await fetch(`${twin.url}/_client/callFunction`, {
      method: 'POST',
      headers: { origin: 'http://localhost:10086', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'echo' }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:10086');
    // Admin routes are not opened to other origins.
    const admin = await fetch(`${twin.url}/_twin/reset`, { method: 'POST', headers: { origin: 'http://evil.example' } });
    expect(admin.status).toBe(403);
    expect(admin.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('uploadFile → getTempFileURL → fetch → deleteFile', async () => {
    const form = new FormData();
    form.append('cloudPath', 'h5/photo 1.png');
    form.append('file', new Blob([Buffer.from('png-bytes')], { type: 'image/png' }), 'photo.png');
    const up = await fetch(`${twin.url}/_client/uploadFile`, { method: 'POST', body: form });
    expect(up.status).toBe(200);
    const { fileID } = await up.json();
    expect(fileID).toMatch(/^cloud:\/\/local-env\.[^/]+\/h5\/photo 1\.png$/);

    const urls = await postJson(`${twin.url}/_client/getTempFileURL`, { fileList: [fileID, 'cloud://local-env.nope/x.png'] });
    expect(urls.status).toBe(200);
    expect(urls.body.fileList[0]).toMatchObject({ fileID, status: 0, tempFileURL: expect.stringContaining('/h5/photo 1.png?') });
    expect(urls.body.fileList[1]).toMatchObject({ status: -501007, tempFileURL: '' });
    const got = await fetch(urls.body.fileList[0].tempFileURL, { headers: { origin: 'http://localhost:10086' } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('access-control-allow-origin')).toBe('http://localhost:10086');
    expect(Buffer.from(await got.arrayBuffer()).toString()).toBe('png-bytes');

    const del = await postJson(`${twin.url}/_client/deleteFile`, { fileList: [fileID] });
    expect(del.body.fileList).toEqual([{ fileID, status: 0 }]);
    expect((await fetch(urls.body.fileList[0].tempFileURL)).status).toBe(404);
  });

  test('upload validation and limits', async () => {
    const noPath = new FormData();
    noPath.append('file', new Blob([Buffer.from('x')]), 'x.bin');
    expect(await (await fetch(`${twin.url}/_client/uploadFile`, { method: 'POST', body: noPath })).json()).toMatchObject({ errCode: 'INVALID_REQUEST' });

    const badPath = new FormData();
    badPath.append('cloudPath', '../escape.txt');
    badPath.append('file', new Blob([Buffer.from('x')]), 'x.txt');
    const bad = await fetch(`${twin.url}/_client/uploadFile`, { method: 'POST', body: badPath });
    expect(bad.status).toBe(400);

    const big = new FormData();
    big.append('cloudPath', 'big.bin');
    big.append('file', new Blob([Buffer.alloc(65 * 1024)]), 'big.bin');
    const tooBig = await fetch(`${twin.url}/_client/uploadFile`, { method: 'POST', body: big });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ errCode: 'PAYLOAD_TOO_LARGE' });

    const notMultipart = await postJson(`${twin.url}/_client/uploadFile`, { cloudPath: 'a.txt' });
    expect(notMultipart).toMatchObject({ status: 415, body: { errCode: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  test('malformed gateway bodies', async () => {
    const badJson = await fetch(`${twin.url}/_client/callFunction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ errCode: 'INVALID_REQUEST' });
    expect(await postJson(`${twin.url}/_client/callFunction`, { data: {} })).toMatchObject({ status: 400, body: { errCode: 'INVALID_REQUEST' } });
    expect(await postJson(`${twin.url}/_client/getTempFileURL`, { fileList: [] })).toMatchObject({ status: 400 });
    expect(await postJson(`${twin.url}/_client/nothing`, {})).toMatchObject({ status: 404, body: { errCode: 'NOT_FOUND' } });
  });
});

describe('H5 gateway in dev mode', () => {
  let twin: TwinHandle;
  beforeAll(async () => {
    twin = await startTestTwin({ dev: true });
  });
  afterAll(() => twin.close());

  test('accepts the identity header and validates it', async () => {
    const ok = await postJson(`${twin.url}/_client/callFunction`, { name: 'whoami' }, { 'x-shaosheng-openid': 'o-dev-1' });
    expect(ok.status).toBe(200);
    expect(ok.body.result.context.OPENID).toBe('o-dev-1');
    const bad = await postJson(`${twin.url}/_client/callFunction`, { name: 'whoami' }, { 'x-shaosheng-openid': 'bad id!' });
    expect(bad).toMatchObject({ status: 400, body: { errCode: 'INVALID_REQUEST' } });
  });
});
