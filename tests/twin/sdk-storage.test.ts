import fs from 'node:fs';
import path from 'node:path';
import type { TwinHandle } from '../../twin/server';
import { connectSdk, rejection, startTestTwin, tempDir, type WxCloud } from './harness';

let twin: TwinHandle;
let cloud: WxCloud;
let dataDir: string;
let clockOffsetMs = 0;

beforeAll(async () => {
  dataDir = tempDir('twin-storage-');
  twin = await startTestTwin({ dataDir, now: () => new Date(Date.now() + clockOffsetMs) });
  cloud = connectSdk(twin.url);
});
afterAll(async () => {
  await twin.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  clockOffsetMs = 0;
});

const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]);

test('uploadFile → getTempFileURL → fetch → downloadFile → deleteFile', async () => {
  const up = await cloud.uploadFile({ cloudPath: 'reports/2026 11/照片.jpg', fileContent: bytes });
  expect(up.fileID).toMatch(/^cloud:\/\/local-env\.[0-9a-f]{4}-local-env-\d+\/reports\/2026 11\/照片\.jpg$/);
  // Stored on disk under <dataDir>/files.
  const onDisk = fs.readdirSync(path.join(dataDir, 'files'), { recursive: true }).map(String);
  expect(onDisk.some((p) => p.endsWith('照片.jpg'))).toBe(true);

  const urls = await cloud.getTempFileURL({ fileList: [up.fileID] });
  expect(urls.fileList).toEqual([{ fileID: up.fileID, status: 0, errMsg: 'ok', maxAge: 7200, tempFileURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) }]);
  const res = await fetch(encodeURI(urls.fileList[0].tempFileURL));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);

  const down = await cloud.downloadFile({ fileID: up.fileID });
  expect(Buffer.from(down.fileContent)).toEqual(bytes);

  const del = await cloud.deleteFile({ fileList: [up.fileID] });
  expect(del.fileList).toEqual([{ fileID: up.fileID, status: 0, errMsg: 'ok' }]);
  expect((await fetch(encodeURI(urls.fileList[0].tempFileURL))).status).toBe(404);
  const again = await cloud.deleteFile({ fileList: [up.fileID] });
  expect(again.fileList[0].status).toBe(-503003);
});

test('same cloudPath overwrites', async () => {
  const a = await cloud.uploadFile({ cloudPath: 'over/a.txt', fileContent: Buffer.from('one') });
  const b = await cloud.uploadFile({ cloudPath: 'over/a.txt', fileContent: Buffer.from('two') });
  expect(b.fileID).toBe(a.fileID);
  const { fileList } = await cloud.getTempFileURL({ fileList: [a.fileID] });
  expect(await (await fetch(fileList[0].tempFileURL)).text()).toBe('two');
});

test('temp URLs expire: default 2 h, or the requested maxAge', async () => {
  const { fileID } = await cloud.uploadFile({ cloudPath: 'exp/a.txt', fileContent: Buffer.from('x') });
  const { fileList } = await cloud.getTempFileURL({ fileList: [fileID, { fileID, maxAge: 60 }] });
  const [twoHours, oneMinute] = fileList.map((f: { tempFileURL: string }) => f.tempFileURL);
  expect(fileList[1].maxAge).toBe(60);
  clockOffsetMs = 61_000;
  expect((await fetch(twoHours)).status).toBe(200);
  const expired = await fetch(oneMinute);
  expect(expired.status).toBe(403);
  expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
  clockOffsetMs = 2 * 3600 * 1000 + 1000;
  expect((await fetch(twoHours)).status).toBe(403);
  // A tampered signature is refused too.
  clockOffsetMs = 0;
  expect((await fetch(twoHours.replace(/sign=[^&]+/, 'sign=AAAA'))).status).toBe(403);
});

test('missing files and foreign fileIDs', async () => {
  const { fileList } = await cloud.getTempFileURL({ fileList: [`cloud://local-env.${'6c6f'}-local-env-1250000000/none.txt`, 'cloud://other-env.bucket/x.txt'] });
  expect(fileList[0]).toMatchObject({ status: -503003, tempFileURL: '' });
  expect(fileList[1]).toMatchObject({ status: -501007, tempFileURL: '' });
});

test('invalid cloudPaths are refused', async () => {
  for (const cloudPath of ['/abs.txt', 'a/../b.txt', 'a//b.txt', 'what?.txt']) {
    const err = await rejection(cloud.uploadFile({ cloudPath, fileContent: Buffer.from('x') }));
    // node-sdk throws the TcbError (wx-server-sdk reports errCode -1) with the twin's message.
    expect(err.errMsg).toContain('cloudPath');
    expect(err.code).toBe('INVALID_PARAM');
  }
});

test('the PUT upload URL checks its signature (COS-style XML error)', async () => {
  const res = await fetch(`${twin.url}/_storage/upload?path=x.txt&t=9999999999&sign=forged`, { method: 'PUT', body: 'x' });
  expect(res.status).toBe(403);
  expect(await res.text()).toMatch(/<Error><Code>SignatureDoesNotMatch<\/Code>/);
});
