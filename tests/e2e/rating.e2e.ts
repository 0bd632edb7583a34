// Browser e2e of issue 5 §9 in headless Chromium against the H5 build + twin: a resident scans a place's
// QR code (?scene=<point code>), grants the phone number (H5 demo button → the twin's one-time code),
// reports with a photo → the grid worker sees the full number, claims and resolves → the resident rates
// 不满意 with a comment → the case is back as 回访跟进 in the inbox of the level that closed it (M-21).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eSession, testPhoto } from './session';
import type { Browser } from './steps';

let b: Browser;
e2eSession((s) => void ({ b } = s));

const RESIDENT = 'demo-resident';
/** The grid worker of 富民社区第六网格, where the QR point pt-fm-b3 stands. */
const GRID_WORKER = 'demo-grid-xh-fm-06';
const REPORT = '3栋消防通道的地锁坏了翘起来，老人差点绊倒';
const ROW = REPORT.slice(0, 10);
/** src/pages/report/phone.ts DEV_PHONE_NUMBER, as the twin answers for the demo button's code. */
const DEMO_PHONE = '13800138000';

test('QR scene → phone + photo report → grid resolves → resident rates 不满意 → follow-up in the grid inbox', async () => {
  const page = b.page;

  await b.step('report from the QR place with phone and photo', async () => {
    await b.signInAs(RESIDENT);
    await b.go('/pages/report/index?scene=pt-fm-b3');
    await page.locator('#report-place').filter({ hasText: '富民社区3栋消防通道' }).waitFor();
    assert.match(await page.locator('#report-grid').innerText(), /富民社区第六网格/);
    await b.fill('report-text', REPORT);
    await b.attachPhoto({ name: 'lock.png', mimeType: 'image/png', buffer: testPhoto(80, 60, [60, 120]) });
    // No typed phone number anywhere: only the authorisation button.
    assert.equal(await page.locator('#report-phone input').count(), 0);
    await page.locator('#report-phone-button').click();
    await page.locator('#report-phone-granted').filter({ hasText: '已授权手机号（提交后仅处理网格员可见完整号码）' }).waitFor();
    await page.locator('#report-submit').click();
    await page.locator('#case-text').filter({ hasText: '地锁坏了' }).waitFor();
    await b.sees('待网格认领');
  });

  await b.step('grid worker sees the number, claims and resolves', async () => {
    await b.signInAs(GRID_WORKER);
    await b.openRow(ROW);
    await b.photoChecked();
    await b.sees(`实名 ${DEMO_PHONE}`);
    await b.runAction('case-action', 'claim');
    await b.runAction('case-action', 'resolve', { result: '已更换地锁，现场恢复平整' });
    await b.sees('已办结待评价');
  });

  await b.step('resident rates 不满意 with a comment', async () => {
    await b.signInAs(RESIDENT);
    await b.go('/pages/my-cases/index');
    await b.openRow(ROW);
    await b.sees('已办结待评价');
    await page.locator('#case-action-rate').click();
    await page.locator('#rate-unsatisfied').click();
    await b.fill('case-action-comment', '旁边还有两个地锁也是坏的，没一起修');
    const confirm = page.locator('#case-action-submit');
    await confirm.click();
    await confirm.waitFor({ state: 'detached' });
    await b.sees('回访跟进中');
  });

  await b.step('the follow-up is in the grid worker inbox (the level that resolved it)', async () => {
    await b.signInAs(GRID_WORKER);
    const row = page.locator('.case-row').filter({ hasText: ROW }).filter({ visible: true }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /回访跟进/);
    await b.openRow(ROW);
    await b.sees('旁边还有两个地锁也是坏的，没一起修');
    await b.sees('不满意');
  });
});
