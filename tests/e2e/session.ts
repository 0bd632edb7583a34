// One app session per e2e file: the twin, the H5 app and a browser page, opened before the file's tests and
// closed after them. `ready` receives it (and may add its own set-up, e.g. an SDK connection).
import { after, before } from 'node:test';
import { PNG } from 'pngjs';
import type { Twin } from '../helpers/twin-harness';
import { setUpE2e, type E2eEnv } from './harness';
import { Browser } from './steps';

export interface E2eSession {
  env: E2eEnv;
  b: Browser;
  /** The gateway for `call` (it needs only the address). */
  gw: Twin;
}

export function e2eSession(ready: (s: E2eSession) => void | Promise<void>): void {
  let env: E2eEnv | undefined;
  before(async () => {
    env = await setUpE2e();
    await ready({ env, b: new Browser(await env.newPage(), env.appUrl), gw: { url: env.twinUrl } as Twin });
  });
  after(async () => {
    await env?.close();
  });
}

/** A small PNG with a gradient (photos for reports; `tint` keeps files of different tests apart). */
export function testPhoto(width: number, height: number, tint: [number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([tint[0], tint[1], (i / 4) % 255, 255], i);
  return PNG.sync.write(png);
}
