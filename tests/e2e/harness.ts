// End-to-end harness: the twin (durable store in a temp dir) with the built functions and the demo
// county, the H5 build served statically, and Debian's Chromium driven by playwright-core.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from '../../scripts/lib/ports';
import { seedTwin } from '../../scripts/lib/seed';
import { startTwin } from '../../twin/server';

const root = join(__dirname, '..', '..');
const H5_OUT = join(root, 'dist-h5');

export { freePort };

export function buildH5(twinUrl: string): void {
  try {
    execFileSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', 'h5'], {
      cwd: root,
      env: { ...process.env, TARO_APP_TWIN_URL: twinUrl, TARO_APP_DEV_LOGIN: '1', NODE_ENV: 'production' },
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    console.error(String(e.stdout ?? ''), String(e.stderr ?? ''));
    throw new Error('H5 build failed');
  }
}

export interface E2eEnv {
  twinUrl: string;
  appUrl: string;
  browser: Browser;
  /** Stops the twin and starts it again on the same port and data dir (an `npm start` restart). */
  restartTwin(): Promise<void>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function setUpE2e(): Promise<E2eEnv> {
  // E2E_TWIN_PORT + E2E_SKIP_BUILD=1 reuse an H5 build made for that port (quick local iterations).
  const twinPort = Number(process.env.E2E_TWIN_PORT) || (await freePort());
  const twinUrl = `http://127.0.0.1:${twinPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'shaosheng-e2e-'));
  const start = () =>
    startTwin({
      port: twinPort,
      dataDir,
      dev: true,
      timers: false,
      functionsDir: join(root, 'cloudfunctions'),
      functionEnv: { SHAOSHENG_DEMO_ACCOUNTS: '1' },
      // As in `npm start`: photo check verdicts are pushed to `content` (a photo carrying `twin-abuse` is risky).
      messagePush: { wxa_media_check: 'content' },
    });
  let twin = await start();
  await seedTwin(twinUrl);

  // The H5 demo build, pointed at this twin.
  if (process.env.E2E_SKIP_BUILD !== '1') buildH5(twinUrl);
  const web: FastifyInstance = Fastify();
  await web.register(fastifyStatic, { root: H5_OUT });
  const appUrl = await web.listen({ port: 0, host: '127.0.0.1' });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });

  return {
    twinUrl,
    appUrl,
    browser,
    async restartTwin() {
      await twin.close();
      twin = await start();
    },
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN' });
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error('[page error]', err.message));
      return page;
    },
    async close() {
      await browser.close();
      await web.close();
      await twin.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
