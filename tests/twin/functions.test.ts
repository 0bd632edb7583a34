import fs from 'node:fs';
import path from 'node:path';
import type { TwinHandle } from '../../twin/server';
import { connectSdk, postJson, rejection, startTestTwin, tempDir, type WxCloud } from './harness';

let twin: TwinHandle;
let cloud: WxCloud;
const call = (name: string, data: unknown, headers: Record<string, string> = {}) => postJson(`${twin.url}/_client/callFunction`, { name, data }, headers);

beforeAll(async () => {
  twin = await startTestTwin({ dev: true, functionEnv: { SHAOSHENG_FIXTURE_FLAG: 'on' } });
  cloud = connectSdk(twin.url);
  const db = cloud.database();
  await db.createCollection('ticks');
  await db.createCollection('notes');
});
afterAll(() => twin.close());

describe('cloud.callFunction through the wire', () => {
  test('runs the function in a worker process with the CloudBase environment', async () => {
    const res = await cloud.callFunction({ name: 'whoami', data: { a: 1 } });
    expect(res.result.event).toEqual({ a: 1 });
    expect(res.result.context).toMatchObject({ ENV: 'local-env', OPENID: '' });
    expect(res.result.tz).toBe('UTC');
    expect(res.result.demo).toBe('on');
    expect(res.result.pid).not.toBe(process.pid);
  });

  test('functionEnv may not shadow what the twin sets', async () => {
    await expect(startTestTwin({ functionEnv: { WX_OPENID: 'forged' } })).rejects.toThrow('"WX_OPENID" is set by the twin itself');
  });

  test('reuses the worker for sequential calls, separate workers for concurrent ones', async () => {
    const a = await cloud.callFunction({ name: 'echo', data: {} });
    const b = await cloud.callFunction({ name: 'echo', data: {} });
    expect(a.result.pid).toBe(b.result.pid);
    expect(a.result.requestId).not.toBe(b.result.requestId);
    expect(a.result.functionName).toBe('echo');
    const [x, y] = await Promise.all([call('slow', { ms: 300 }), call('slow', { ms: 300 })]);
    expect(x.body.result.pid).not.toBe(y.body.result.pid);
  });

  test('unknown function → FUNCTIONS_REQUEST_FAIL', async () => {
    const err = await rejection(cloud.callFunction({ name: 'nope', data: {} }));
    expect(err.code).toBe('FUNCTIONS_REQUEST_FAIL'); // the SDK throws a TcbError (errCode -1) carrying the CloudBase code
    expect(err.errMsg).toContain('FUNCTION_NOT_FOUND');
  });

  test('a thrown error → FUNCTIONS_EXECUTE_FAIL with the message', async () => {
    const err = await rejection(cloud.callFunction({ name: 'thrower', data: {} }));
    expect(err.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(err.errMsg).toContain('boom from thrower');
  });
});

describe('identity (getWXContext)', () => {
  test('dev gateway injects OPENID, APPID, SOURCE and userInfo (replacing a forged one)', async () => {
    const res = await call('whoami', { x: 1, userInfo: { openId: 'forged' } }, { 'x-shaosheng-openid': 'o-user-1' });
    expect(res.status).toBe(200);
    expect(res.body.result.context).toMatchObject({ OPENID: 'o-user-1', APPID: 'wx1234567890abcdef', SOURCE: 'wx_client', ENV: 'local-env' });
    expect(res.body.result.event).toEqual({ x: 1, userInfo: { appId: 'wx1234567890abcdef', openId: 'o-user-1' } });
  });

  test('no header → empty OPENID', async () => {
    const res = await call('whoami', {});
    expect(res.status).toBe(200);
    expect(res.body.result.context.OPENID).toBe('');
  });

  test('identity is per invocation even on a reused worker', async () => {
    const a = await call('whoami', {}, { 'x-shaosheng-openid': 'o-a', 'x-shaosheng-unionid': 'u-a' });
    const b = await call('whoami', {}, { 'x-shaosheng-openid': 'o-b' });
    expect(a.body.result.context).toMatchObject({ OPENID: 'o-a', UNIONID: 'u-a' });
    expect(b.body.result.context.OPENID).toBe('o-b');
    expect(b.body.result.context.UNIONID).toBeUndefined();
  });

  test('a function calling a function keeps the user and appends scf to SOURCE', async () => {
    const res = await call('chain', {}, { 'x-shaosheng-openid': 'o-user-2' });
    expect(res.status).toBe(200);
    expect(res.body.result.mine).toMatchObject({ OPENID: 'o-user-2', SOURCE: 'wx_client' });
    expect(res.body.result.theirs.context).toMatchObject({ OPENID: 'o-user-2', SOURCE: 'wx_client,scf' });
    expect(res.body.result.theirs.event).toEqual({ from: 'chain', userInfo: { appId: 'wx1234567890abcdef', openId: 'o-user-2' } });
  });

  test('functions reach the database through the twin with the caller identity', async () => {
    const res = await call('dbwriter', { text: 'hi' }, { 'x-shaosheng-openid': 'o-db' });
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ text: 'hi', owner: 'o-db' });
  });
});

describe('failures: the twin keeps serving', () => {
  test('a worker that exits → FUNCTION_CRASHED, then a fresh worker', async () => {
    const viaGateway = await call('crash', {});
    expect(viaGateway.status).toBe(502);
    expect(viaGateway.body.errCode).toBe('FUNCTION_CRASHED');
    expect(viaGateway.body.errMsg).toContain('about to exit');
    const viaSdk = await rejection(cloud.callFunction({ name: 'crash', data: {} }));
    expect(viaSdk.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(viaSdk.errMsg).toContain('FUNCTION_CRASHED');
    const uncaught = await call('crash', { mode: 'throw-async' });
    expect(uncaught.body.errCode).toBe('FUNCTION_CRASHED');
    expect(uncaught.body.errMsg).toContain('uncaught in a timer');
    expect((await call('echo', { ok: 1 })).body.result.event).toEqual({ ok: 1, userInfo: expect.any(Object) });
  });

  test('a slow function is killed at its timeout (config.json timeout: 1 s)', async () => {
    const started = Date.now();
    const res = await call('slow', { ms: 5000 });
    expect(res.status).toBe(504);
    expect(res.body.errCode).toBe('FUNCTION_TIMEOUT');
    expect(res.body.errMsg).toContain('timed out after 1 seconds');
    expect(Date.now() - started).toBeLessThan(3000);
    const err = await rejection(cloud.callFunction({ name: 'slow', data: { ms: 5000 } }));
    expect(err.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(err.errMsg).toContain('FUNCTION_TIMEOUT');
    expect((await call('slow', { ms: 10 })).body.result.slept).toBe(10);
  });

  test('gateway error shapes', async () => {
    expect(await call('nope', {})).toMatchObject({ status: 404, body: { errCode: 'FUNCTION_NOT_FOUND' } });
    expect(await call('thrower', {})).toMatchObject({ status: 500, body: { errCode: 'FUNCTION_ERROR', errMsg: expect.stringContaining('boom') } });
    expect(await call('badresult', {})).toMatchObject({ status: 500, body: { errCode: 'FUNCTION_RESULT_INVALID' } });
    expect(await call('../etc', {})).toMatchObject({ status: 404, body: { errCode: 'FUNCTION_NOT_FOUND' } });
    expect(await postJson(`${twin.url}/_client/callFunction`, { name: 'echo', data: [1] })).toMatchObject({ status: 400, body: { errCode: 'INVALID_REQUEST' } });
  });
});

test('console output is captured per invocation (GET /_twin/logs)', async () => {
  const res = await call('logger', { n: 7 });
  expect(res.body.result).toBe('logged');
  const logs = await (await fetch(`${twin.url}/_twin/logs?function=logger&limit=1`)).json();
  expect(logs.items).toHaveLength(1);
  const item = logs.items[0];
  expect(item).toMatchObject({ functionName: 'logger', status: 'ok', source: 'wx_client' });
  expect(item.logs.map((l: { level: string; text: string }) => [l.level, l.text])).toEqual(
    expect.arrayContaining([
      ['log', 'hello from logger 7'],
      ['warn', 'a warning { n: 7 }'],
    ]),
  );
  const failed = await (await fetch(`${twin.url}/_twin/logs?function=thrower&limit=1`)).json();
  expect(failed.items[0]).toMatchObject({ status: 'error', error: { code: 'FUNCTION_ERROR' } });
  expect((await fetch(`${twin.url}/_twin/logs?limit=zero`)).status).toBe(400);
});

describe('timer triggers', () => {
  test('fired by hand: POST /_twin/triggers/:fn/:trigger and fireTrigger()', async () => {
    const res = await postJson(`${twin.url}/_twin/triggers/clock/tick`, {});
    expect(res.status).toBe(200);
    expect(res.body.result.event).toMatchObject({ Type: 'Timer', TriggerName: 'tick', Time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    expect(res.body.result.source).toBe('wx_trigger');
    const direct = (await twin.fireTrigger('clock', 'tick')) as { id: string };
    const { data } = await cloud.database().collection('ticks').doc(direct.id).get();
    expect(data.trigger).toBe('tick');
    expect(await postJson(`${twin.url}/_twin/triggers/clock/nope`, {})).toMatchObject({ status: 404, body: { errCode: 'TRIGGER_NOT_FOUND' } });
    await expect(twin.fireTrigger('echo', 'tick')).rejects.toMatchObject({ errCode: 'TRIGGER_NOT_FOUND' });
  });

  test('fire on schedule (7-field cron) when timers are on', async () => {
    const dir = tempDir('twin-timer-fns-');
    fs.mkdirSync(path.join(dir, 'everysec'));
    fs.writeFileSync(path.join(dir, 'everysec', 'index.js'), 'exports.main = async (event) => event;');
    fs.writeFileSync(path.join(dir, 'everysec', 'config.json'), JSON.stringify({ triggers: [{ name: 'sec', type: 'timer', config: '* * * * * * *' }] }));
    const timed = await startTestTwin({ functionsDir: dir, timers: true });
    try {
      const status = await (await fetch(`${timed.url}/_twin/status`)).json();
      expect(status.timers).toEqual([expect.objectContaining({ functionName: 'everysec', trigger: 'sec', config: '* * * * * * *' })]);
      let items: { trigger?: string; status: string }[] = [];
      for (let i = 0; i < 40 && !items.some((x) => x.status === 'ok'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        items = (await (await fetch(`${timed.url}/_twin/logs?function=everysec`)).json()).items;
      }
      expect(items.find((x) => x.status === 'ok')).toMatchObject({ trigger: 'sec', status: 'ok' });
    } finally {
      await timed.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('open API permissions come from the calling function’s config.json', async () => {
  const ok = await call('secure', { content: '这里有 twin-fraud 内容' }, { 'x-shaosheng-openid': 'o-sec' });
  expect(ok.body.result).toEqual({ suggest: 'risky', label: 20008 });
  const denied = await call('noperm', {});
  expect(denied.body.result).toMatchObject({ sent: false, errCode: -604101 });
  expect(denied.body.result.errMsg).toContain('permissions.openapi');
});
