// Browser e2e of the 平哨 path clicked through by each role (M-8 … M-17, M-21): resident → grid →
// community → township 党建办 (propose, review, approve) → 吹哨办 dispatch → 自然资源局 报到 and 办结
// → the resident sees the result and rates it.
import { test } from 'node:test';
import { e2eSession } from './session';
import type { Browser } from './steps';

let b: Browser;
e2eSession((s) => void ({ b } = s));

const REPORT = '大垸村两户人家为屋后一块地的归属吵了半年，村里调解不下来';
const ROW = REPORT.slice(0, 10);
const TITLE = '大垸村屋后土地权属争议';

test('平哨: every role does its part in the browser', async () => {
  await b.step('resident reports', async () => {
    await b.signInAs('demo-resident');
    await b.go('/pages/report/index');
    await b.fill('report-text', REPORT);
    await b.page.getByText('大垸乡').first().click();
    await b.page.getByText('大垸村第一网格').first().click();
    await b.page.locator('#report-submit').click();
    await b.page.locator('#case-text').waitFor();
  });

  for (const [openid, reason] of [
    ['demo-grid-dy-dy-01', '土地权属需村里协调'],
    ['demo-community-dy-dy', '村里调解不成，报乡里'],
  ]) {
    await b.step(`${openid} escalates`, async () => {
      await b.signInAs(openid);
      await b.openRow(ROW);
      await b.runAction('case-action', 'escalate', { reason });
    });
  }

  await b.step('township proposes, reviews and approves the whistle', async () => {
    await b.signInAs('demo-township-dy');
    await b.openRow(ROW);
    await b.runAction('case-action', 'claim');
    await b.page.locator('#whistle-propose-open').click();
    await b.fill('whistle-propose-title', TITLE);
    // The report was classified on arrival (M-5), so the whistle carries its matter type.
    await b.page.locator('#whistle-propose-matter').getByText('土地权属纠纷').waitFor();
    await b.page.locator('#whistle-propose-submit').click();
    await b.page.locator('#whistle-title').waitFor();
    await b.runAction('whistle-action', 'review', {}, ['decision-pass']);
    await b.runAction('whistle-action', 'approve');
    await b.sees('待派单');
  });

  await b.step('whistle office dispatches to the proposed lead and co-handlers', async () => {
    await b.signInAs('demo-whistle-office');
    await b.openRow(TITLE, '#whistle-title');
    await b.runAction('whistle-action', 'dispatch');
    await b.sees('已派单待报到');
  });

  await b.step('the lead department checks in and completes', async () => {
    await b.signInAs('demo-dept-zrzy');
    await b.openRow(TITLE, '#whistle-title');
    await b.runAction('whistle-action', 'check_in', { handler: '自然资源局 李工（确权股）' });
    await b.runAction('whistle-action', 'complete', { result: '已现场勘界，依据确权档案划定界址，双方签字认可' });
    await b.sees('已办结');
  });

  await b.step('the resident sees the result and rates it', async () => {
    await b.signInAs('demo-resident');
    await b.go('/pages/my-cases/index');
    await b.openRow(ROW);
    await b.sees('已现场勘界');
    await b.page.locator('#case-action-rate').click();
    await b.page.locator('#rate-satisfied').click();
    await b.page.locator('#case-action-submit').click();
    await b.sees('已结案');
  });
});
