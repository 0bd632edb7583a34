import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { encodeApiData } from '../../twin/openapi/protobuf';
import type { TwinHandle } from '../../twin/server';
import { connectSdk, postJson, rejection, startTestTwin, type WxCloud } from './harness';

let twin: TwinHandle;
let cloud: WxCloud;

beforeAll(async () => {
  twin = await startTestTwin();
  cloud = connectSdk(twin.url);
});
afterAll(() => twin.close());

describe('security.msgSecCheck (version 2)', () => {
  test('pass', async () => {
    const res = await cloud.openapi.security.msgSecCheck({ openid: 'o1', scene: 2, version: 2, content: '路灯坏了，请尽快修理' });
    expect(res).toMatchObject({ errCode: 0, result: { suggest: 'pass', label: 100 }, traceId: expect.any(String) });
    expect(res.detail[0]).toMatchObject({ strategy: 'content_model', suggest: 'pass' });
  });

  test('risky and review verdicts from the word list', async () => {
    const risky = await cloud.openapi.security.msgSecCheck({ openid: 'o1', scene: 2, version: 2, content: '高薪兼职 刷单返利' });
    expect(risky.result).toEqual({ suggest: 'risky', label: 20008 });
    expect(risky.detail).toContainEqual(expect.objectContaining({ strategy: 'keyword', keyword: '刷单返利' }));
    const review = await cloud.openapi.security.msgSecCheck({ openid: 'o1', scene: 1, version: 2, content: 'hello', nickname: 'TWIN-ADS shop' });
    expect(review.result).toEqual({ suggest: 'review', label: 10001 });
  });

  test('parameter checks and version 1', async () => {
    expect((await rejection(cloud.openapi.security.msgSecCheck({ scene: 2, version: 2, content: 'x' }))).errCode).toBe(40003);
    expect((await rejection(cloud.openapi.security.msgSecCheck({ openid: 'o1', scene: 9, version: 2, content: 'x' }))).errCode).toBe(40097);
    expect((await rejection(cloud.openapi.security.msgSecCheck({ openid: 'o1', scene: 1, version: 2, content: 'x'.repeat(2501) }))).errCode).toBe(45002);
    expect((await rejection(cloud.openapi.security.msgSecCheck({ content: 'twin-violence' }))).errCode).toBe(87014);
    expect(await cloud.openapi.security.msgSecCheck({ content: 'fine' })).toMatchObject({ errCode: 0 });
  });
});

test('security.imgSecCheck passes and is recorded', async () => {
  const res = await cloud.openapi.security.imgSecCheck({ media: { contentType: 'image/png', value: Buffer.from('fake-png') } });
  expect(res.errCode).toBe(0);
  const item = twin.outbox().find((o) => o.apiName === 'security.imgSecCheck');
  expect(item?.payload.media).toEqual({ contentType: 'image/png', filename: 'media.png', bytes: 8 });
});

test('security.mediaCheckAsync returns a trace_id; the verdict can be pushed to a function', async () => {
  const res = await cloud.openapi.security.mediaCheckAsync({ mediaUrl: 'http://127.0.0.1/x.jpg', mediaType: 2, version: 2, scene: 1, openid: 'o-media' });
  expect(res.traceId).toMatch(/^[0-9a-f]+-[0-9a-f]{8}-[0-9a-f]{8}$/);
  const pushed = await postJson(`${twin.url}/_twin/media-checks/${res.traceId}/verdict`, { function: 'echo', suggest: 'risky' });
  expect(pushed.status).toBe(200);
  expect(pushed.body.result.event).toMatchObject({
    Event: 'wxa_media_check',
    trace_id: res.traceId,
    FromUserName: 'o-media',
    result: { suggest: 'risky', label: 20002 },
  });
  expect(await postJson(`${twin.url}/_twin/media-checks/nope/verdict`, { function: 'echo', suggest: 'pass' })).toMatchObject({ status: 404 });
  expect((await rejection(cloud.openapi.security.mediaCheckAsync({ mediaUrl: 'not a url', mediaType: 2 }))).errCode).toBe(40097);
});

describe('subscribeMessage.send', () => {
  test('lands in the outbox', async () => {
    const res = await cloud.openapi.subscribeMessage.send({
      touser: 'o-sub',
      templateId: 'TPL1',
      page: 'pages/case/index?id=1',
      miniprogramState: 'developer',
      data: { thing1: { value: '路灯不亮' }, character_string2: { value: 'C-20261123-001' }, phrase3: { value: '已受理' }, time4: { value: '2026-11-23 10:00' } },
    });
    expect(res).toMatchObject({ errCode: 0, msgid: expect.any(Number) });
    const outbox = (await (await fetch(`${twin.url}/_twin/outbox?apiName=subscribeMessage.send`)).json()).items;
    expect(outbox).toHaveLength(1);
    expect(outbox[0].payload).toMatchObject({ touser: 'o-sub', template_id: 'TPL1', miniprogram_state: 'developer', data: { thing1: { value: '路灯不亮' } } });
  });

  test('field length rules → 47003, nothing sent', async () => {
    const send = (data: unknown) => rejection(cloud.openapi.subscribeMessage.send({ touser: 'o-sub', templateId: 'TPL1', data }));
    expect((await send({ thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } })).errCode).toBe(47003);
    expect((await send({ phrase1: { value: 'done' } })).errCode).toBe(47003);
    expect((await send({ phrase1: { value: '六个汉字的词' } })).errCode).toBe(47003);
    expect((await send({ character_string1: { value: 'x'.repeat(33) } })).errCode).toBe(47003);
    expect((await send({ number1: { value: '12a' } })).errCode).toBe(47003);
    expect((await send({ thing1: { value: '' } })).errCode).toBe(47003);
    expect((await rejection(cloud.openapi.subscribeMessage.send({ templateId: 'T', data: { thing1: { value: 'x' } } }))).errCode).toBe(40003);
    expect((await (await fetch(`${twin.url}/_twin/outbox?apiName=subscribeMessage.send`)).json()).items).toHaveLength(1);
  });
});

describe('wxacode.getUnlimited', () => {
  test('returns a PNG that decodes back to the scene', async () => {
    const scene = 'p=ab12&t=9';
    const res = await cloud.openapi.wxacode.getUnlimited({ scene, page: 'pages/report/index', width: 300, checkPath: false, envVersion: 'develop' });
    expect(res.contentType).toBe('image/png');
    const png = PNG.sync.read(res.buffer);
    expect(png.width).toBe(300);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(scene);
  });

  test('scene and page rules', async () => {
    expect((await rejection(cloud.openapi.wxacode.getUnlimited({ scene: 'x'.repeat(33) }))).errCode).toBe(40169);
    expect((await rejection(cloud.openapi.wxacode.getUnlimited({ scene: '中文' }))).errCode).toBe(40129);
    expect((await rejection(cloud.openapi.wxacode.getUnlimited({ scene: 'a=1', page: '/pages/index/index' }))).errCode).toBe(41030);
    expect((await rejection(cloud.openapi.wxacode.getUnlimited({ scene: 'a=1', envVersion: 'beta' }))).errCode).toBe(40097);
  });
});

test('unknown API → errcode -604100', async () => {
  const err = await rejection(cloud.openapi.foo.bar({ a: 1 }));
  expect(err.errCode).toBe(-604100);
  expect(err.errMsg).toContain('openapi.foo.bar');
});

test('malformed wx.openApi requests get a CloudBase error and the twin keeps serving', async () => {
  const garbage = new FormData();
  garbage.append('action', 'wx.openApi');
  garbage.append('apiName', 'security.msgSecCheck');
  garbage.append('requestData', new Blob([Buffer.from([0xff, 0xff, 0xff, 0x0f])], { type: 'application/octet-stream' }));
  const res = await fetch(`${twin.url}/admin?env=local-env`, { method: 'POST', body: garbage });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringContaining('CommApiData') });

  const noData = new FormData();
  noData.append('action', 'wx.openApi');
  noData.append('apiName', 'security.msgSecCheck');
  expect(await (await fetch(`${twin.url}/admin`, { method: 'POST', body: noData })).json()).toMatchObject({ code: 'INVALID_PARAM' });

  // A hand-made request in the SDK's encoding works.
  const ok = new FormData();
  ok.append('action', 'wx.openApi');
  ok.append('apiName', 'security.msgSecCheck');
  const pb = encodeApiData({ apiType: 0, pairs: [{ key: 'content', value: Buffer.from(JSON.stringify('hi')) }] });
  ok.append('requestData', new Blob([new Uint8Array(pb)], { type: 'application/octet-stream' }));
  const okRes = await fetch(`${twin.url}/admin`, { method: 'POST', body: ok });
  expect(okRes.headers.get('content-type')).toBe('application/octet-stream');
  expect((await cloud.openapi.security.msgSecCheck({ content: 'still serving' })).errCode).toBe(0);
});
