// The `wxa_media_check` message push (twin option `messagePush`, CLI --message-push): like WeChat with a
// push route set in the CloudBase console, the twin judges the image of every security.mediaCheckAsync call
// and pushes the verdict to the configured function by itself — once per trace id, through the same
// delivery as the manual `POST /_twin/media-checks/:traceId/verdict`. Without the route, nothing is pushed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { TwinHandle } from '../../twin/server';
import { connectSdk, postJson, startTestTwin, type WxCloud } from './harness';

interface Delivery {
  source: string;
  openId: string;
  status: string;
  event: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What the `pushsink` fixture received, oldest first. */
async function deliveries(twin: TwinHandle): Promise<Delivery[]> {
  const { items } = (await (await fetch(`${twin.url}/_twin/logs?function=pushsink`)).json()) as {
    items: { source: string; openId: string; status: string; logs: { text: string }[] }[];
  };
  return items
    .filter((i) => i.status !== 'running')
    .reverse()
    .map((i) => ({ source: i.source, openId: i.openId, status: i.status, event: JSON.parse(i.logs[0].text) }));
}

/** Waits (polling the twin's invocation log) until every trace id has been pushed. */
async function pushedFor(twin: TwinHandle, traceIds: string[]): Promise<Delivery[]> {
  for (let i = 0; i < 200; i++) {
    const got = await deliveries(twin);
    if (traceIds.every((t) => got.some((d) => d.event.trace_id === t))) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no push for ${traceIds.join(', ')}`);
}

async function imageUrl(cloud: WxCloud, name: string, bytes: Buffer): Promise<string> {
  const { fileID } = await cloud.uploadFile({ cloudPath: `reports/${name}`, fileContent: bytes });
  const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] });
  return fileList[0].tempFileURL;
}

const check = (cloud: WxCloud, mediaUrl: string, openid: string): Promise<string> =>
  cloud.openapi.security.mediaCheckAsync({ mediaUrl, mediaType: 2, version: 2, scene: 2, openid }).then((r: { traceId: string }) => r.traceId);

describe('messagePush wxa_media_check configured', () => {
  let twin: TwinHandle;
  let cloud: WxCloud;
  beforeAll(async () => {
    twin = await startTestTwin({ messagePush: { wxa_media_check: 'pushsink' }, messagePushDelayMs: 20 });
    cloud = connectSdk(twin.url);
  });
  afterAll(() => twin.close());

  test('each call is judged and pushed to the function as the platform (wx_unknown, the user as OPENID)', async () => {
    const plain = await check(cloud, await imageUrl(cloud, 'plain.jpg', Buffer.from('jpeg bytes of a rubbish heap')), 'o-pass');
    // The twin's sec-word list applies to the image bytes: a marker makes a verdict deterministic.
    const risky = await check(cloud, await imageUrl(cloud, 'risky.png', Buffer.from('png bytes … tEXt comment twin-abuse …')), 'o-risky');
    const review = await check(cloud, await imageUrl(cloud, 'review.png', Buffer.from('png bytes with TWIN-ADS inside')), 'o-review');
    const unreachable = await check(cloud, 'http://127.0.0.1:1/gone.jpg', 'o-gone');

    const got = await pushedFor(twin, [plain, risky, review, unreachable]);
    const of = (t: string) => got.find((d) => d.event.trace_id === t)!;
    expect(of(plain)).toMatchObject({
      source: 'wx_unknown',
      openId: 'o-pass',
      status: 'ok',
      event: { MsgType: 'event', Event: 'wxa_media_check', FromUserName: 'o-pass', appid: expect.any(String), version: 2, result: { suggest: 'pass', label: 100 } },
    });
    expect(of(risky).event.result).toEqual({ suggest: 'risky', label: 20003 });
    expect(of(review).event.result).toEqual({ suggest: 'review', label: 10001 });
    // A media_url WeChat cannot download is left for a person to review.
    expect(of(unreachable).event.result).toEqual({ suggest: 'review', label: 21000 });
  });

  test('once per trace id; a manual verdict goes through the same delivery', async () => {
    const first = await check(cloud, await imageUrl(cloud, 'a.jpg', Buffer.from('a')), 'o-once');
    const second = await check(cloud, await imageUrl(cloud, 'b.jpg', Buffer.from('b')), 'o-once');
    const got = await pushedFor(twin, [first, second]);
    for (const t of [first, second]) expect(got.filter((d) => d.event.trace_id === t)).toHaveLength(1);

    const manual = await postJson(`${twin.url}/_twin/media-checks/${first}/verdict`, { function: 'pushsink', suggest: 'risky', label: 20001 });
    expect(manual).toMatchObject({ status: 200, body: { result: { ok: true, traceId: first } } });
    const after = (await deliveries(twin)).filter((d) => d.event.trace_id === first);
    expect(after).toHaveLength(2);
    const keys = (e: Record<string, unknown>) => Object.keys(e).sort();
    expect(keys(after[1].event)).toEqual(keys(after[0].event));
    expect(after[1].event.result).toEqual({ suggest: 'risky', label: 20001 });
  });

  test('closing the twin with a push still due does not wait for it', async () => {
    const late = await startTestTwin({ messagePush: { wxa_media_check: 'pushsink' }, messagePushDelayMs: 60_000 });
    connectSdk(late.url);
    await check(cloud, 'http://127.0.0.1:1/x.jpg', 'o-late');
    await late.close();
    connectSdk(twin.url);
  });
});

test('without a push route nothing is pushed: verdicts come only from the admin route', async () => {
  const twin = await startTestTwin({ messagePushDelayMs: 0 });
  try {
    const cloud = connectSdk(twin.url);
    const silent = await check(cloud, 'http://127.0.0.1:1/x.jpg', 'o-silent');
    const manual = await check(cloud, 'http://127.0.0.1:1/y.jpg', 'o-manual');
    expect(await postJson(`${twin.url}/_twin/media-checks/${manual}/verdict`, { function: 'pushsink', suggest: 'pass' })).toMatchObject({ status: 200 });
    const got = await deliveries(twin);
    expect(got.map((d) => d.event.trace_id)).toEqual([manual]);
    expect(got.map((d) => d.event.trace_id)).not.toContain(silent);
  } finally {
    await twin.close();
  }
});

test('the CLI refuses a malformed --message-push', () => {
  const root = path.join(__dirname, '..', '..');
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'twin/cli.ts', '--port', '0', '--message-push', 'wxa_media_check'], { cwd: root, encoding: 'utf8' });
  expect(res.status).toBe(2);
  expect(res.stderr).toContain('invalid --message-push "wxa_media_check"');
});

test('startTwin refuses an invalid push function name', async () => {
  await expect(startTestTwin({ messagePush: { wxa_media_check: '../evil' } })).rejects.toThrow('messagePush.wxa_media_check');
});
