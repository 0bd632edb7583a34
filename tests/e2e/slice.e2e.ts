// Browser e2e of the first vertical slice in Debian's headless Chromium against the H5 build + twin:
// a resident reports with a photo → grid escalates → community escalates → township claims and resolves
// → (twin restarts: everything persisted) → the resident sees the timeline and rates it (M-8, M-21).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { setUpE2e, type E2eEnv } from './harness';

let env: E2eEnv;
let page: Page;

before(async () => {
  env = await setUpE2e();
  page = await env.newPage();
});
after(async () => {
  await env?.close();
});

/** Keeps a screenshot of the page when a step fails (look at it to see what the user saw). */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const file = `${process.env.E2E_SCREENSHOTS ?? '/tmp'}/e2e-${name.replace(/\W+/g, '-')}.png`;
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw new Error(`step "${name}" failed (screenshot ${file}): ${(err as Error).message}`);
  }
}

function photo(): Buffer {
  const png = new PNG({ width: 64, height: 48 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([200, (i / 4) % 255, 80, 255], i);
  return PNG.sync.write(png);
}

async function go(path: string): Promise<void> {
  await page.goto(`${env.appUrl}/#${path}`);
}

async function signInAs(openid: string): Promise<void> {
  await go('/pages/dev-login/index');
  await page.locator(`#login-${openid}`).click();
  await page.waitForURL((url) => !url.hash.includes('dev-login'));
}

async function openFromInbox(text: string): Promise<void> {
  await page.locator('.case-row').filter({ hasText: text }).first().click();
  await page.locator('#case-text').waitFor();
}

async function runAction(action: string, fields: Record<string, string> = {}): Promise<void> {
  await page.locator(`#case-action-${action}`).click();
  for (const [key, value] of Object.entries(fields)) await page.locator(`#case-action-${key} textarea`).fill(value);
  const confirm = page.locator('#case-action-submit');
  await confirm.click();
  await confirm.waitFor({ state: 'detached' });
}

const REPORT = '富民社区3栋楼下垃圾堆了三天，没人清理，味道很大';

test('resident → grid → community → township → resident rates, persisted across a twin restart', async () => {
  await signInAs('demo-resident');
  await go('/pages/report/index');
  await page.locator('#report-text textarea').fill(REPORT);

  const chooser = page.waitForEvent('filechooser');
  await page.locator('#photo-picker-add').click();
  await (await chooser).setFiles({ name: 'scene.png', mimeType: 'image/png', buffer: photo() });
  await page.locator('.photo-picker__item--done').first().waitFor();

  await step('pick grid', async () => {
    await page.getByText('浔湖街道').first().click();
    await page.getByText('富民社区第六网格').first().click();
  });
  await page.locator('#report-submit').click();
  await page.locator('#case-text').waitFor();
  assert.match(await page.locator('#case-text').innerText(), /垃圾堆了三天/);
  await page.getByText('待网格认领').first().waitFor();

  await signInAs('demo-grid-xh-fm-06');
  await openFromInbox(REPORT.slice(0, 10));
  await runAction('escalate', { reason: '物业不配合，需社区协调' });
  await page.getByText('待村(社区)认领').first().waitFor();

  await signInAs('demo-community-xh-fm');
  await openFromInbox(REPORT.slice(0, 10));
  await runAction('escalate', { reason: '涉及环卫清运，需街道处理' });
  await page.getByText('待乡镇(街道)认领').first().waitFor();

  await signInAs('demo-township-xh');
  await openFromInbox(REPORT.slice(0, 10));
  await runAction('claim');
  await runAction('resolve', { result: '已协调环卫所清运，现场已清理干净' });
  await page.getByText('已办结待评价').first().waitFor();

  await env.restartTwin();

  await signInAs('demo-resident');
  await go('/pages/my-cases/index');
  await openFromInbox(REPORT.slice(0, 10));
  const timeline = await page.locator('#case-timeline').innerText();
  for (const step of ['已转交上级处理', '已受理', '已办结']) assert.ok(timeline.includes(step), `timeline shows ${step}: ${timeline}`);
  assert.ok((await page.locator('img').count()) >= 1, 'the report photo is shown');

  await page.locator('#case-action-rate').click();
  await page.locator('#rate-satisfied').click();
  await page.locator('#case-action-submit').click();
  await page.getByText('已结案').first().waitFor();
});
