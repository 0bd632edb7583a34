// Browser e2e of issue 7 §9: a late check-in appears flagged, gets listed for supervision (挂牌督办) and
// lowers the department's score (M-13, M-14a, M-17, M-23, M-24, M-25).
//
// Time: functions stamp what people do with the real clock, so a check-in can only be late if the
// dispatch happened earlier. The two dispatches (and whistle A's on-time check-ins) are therefore run
// through the same server code the whistles function runs (server/store.ts `act`: transition table,
// deadlines from the county calendar, audit event, notifications, one transaction) with `now` set to
// DISPATCHED — the most recent working-day 10:00 CST whose 平哨 check-in deadline (M-13) has already
// passed. Nothing is hand-edited: every deadline and timestamp is what the domain computes for that time.
// Everything before the dispatch (report → grid → community → township propose/review/approve, already
// clicked through in whistle.e2e.ts) goes through the H5 gateway as the demo people. The SLA clock then
// runs through the twin's admin trigger at the real time, and the rest happens in the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WhistleDetail } from '../../domain/api/whistles';
import { computeDeadline } from '../../domain/calendar';
import { periodContaining, shiftPeriod } from '../../domain/assessment';
import { connectSdk } from '../../scripts/lib/sdk-client';
import { loadCounty, type CountyContext } from '../../server/county';
import { loadActor } from '../../server/identity';
import type { Database } from '../../server/sdk';
import { act } from '../../server/store';
import { call, type Twin } from '../helpers/twin-harness';
import type { E2eEnv } from './harness';
import { e2eSession } from './session';
import type { Browser } from './steps';

let env: E2eEnv;
let b: Browser;
let gw: Twin;
let db: Database;
let county: CountyContext;
/** The assessment period (month) of the dispatches, as the page labels it. */
let periodLabel = '';

e2eSession(async (s) => {
  ({ env, b, gw } = s);
  db = connectSdk(env.twinUrl).database({ throwOnNotFound: false } as never) as unknown as Database;
  county = await loadCounty(db);
});

const OFFICE = 'demo-whistle-office';
const MATTER = 'land_ownership_dispute'; // on 大垸乡's cooperative list: may be whistled (M-2, M-3)
const A_TITLE = '大垸村东组宅基地界址争议';
const B_TITLE = '大垸村西组承包地权属争议';
const HANDLER = '自然资源局 张工（确权股）';

let seq = 0;
const requestId = (tag: string) => `sup-e2e-${tag}-${Date.now().toString(36)}-${++seq}`;
const CST = 8 * 3600_000;
const cstDay = (d: Date) => new Date(d.getTime() + CST).toISOString().slice(0, 10);

/** The most recent working day, 10:00 CST, whose 平哨 check-in deadline (M-13, M-14a) is already past. */
function lateDispatchTime(now: Date): Date {
  const ctx = { county: county.county, calendar: county.calendar, matterType: MATTER, urgent: false };
  for (let days = 1; days < 60; days++) {
    const at = new Date(Date.parse(`${cstDay(new Date(now.getTime() - days * 86400_000))}T10:00:00+08:00`));
    if (!county.calendar.isWorkingDay(cstDay(at))) continue;
    if (computeDeadline('checkin_normal', at, ctx).getTime() < now.getTime() - 60_000) return at;
  }
  throw new Error('no past dispatch time found');
}

/** Report in 大垸村第一网格 → grid → community → township, then the township proposes, reviews and approves (M-8, M-15). */
async function submittedWhistle(title: string, text: string): Promise<WhistleDetail> {
  const { caseId } = await call(gw, 'demo-resident', 'cases', 'submit', { clientRequestId: requestId('case'), text, grid: 'dy-dy-01', matterType: MATTER, photos: [] });
  let d = await call(gw, 'demo-grid-dy-dy-01', 'cases', 'act', { caseId, action: 'escalate', expectedVersion: 1, input: { reason: '涉及土地权属，需村里协调' } });
  d = await call(gw, 'demo-community-dy-dy', 'cases', 'act', { caseId, action: 'escalate', expectedVersion: d.case.version, input: { reason: '村里调解无果，需乡镇处理' } });
  assert.equal(d.case.state, 'township_pending');
  let w: WhistleDetail = await call(gw, 'demo-township-dy', 'whistles', 'propose', { clientRequestId: requestId('whistle'), matterType: MATTER, title, description: text, caseIds: [caseId] });
  for (const [action, input] of [
    ['review', { decision: 'pass', comment: '符合吹哨条件' }],
    ['approve', { comment: '同意上报' }],
  ] as const) {
    w = await call(gw, 'demo-township-dy', 'whistles', 'act', { whistleId: w.whistle.id, action, expectedVersion: w.whistle.version, input });
  }
  assert.equal(w.whistle.state, 'submitted');
  return w;
}

/** Runs a whistle action as `openid` at time `at`, through the server code the whistles function uses. */
async function actAt(openid: string, whistleId: string, action: 'dispatch' | 'check_in', input: Record<string, unknown>, at: Date): Promise<void> {
  const actor = await loadActor(db, openid, at);
  await act({ db, entity: 'whistle', id: whistleId, action, actor, input, now: at, env: county });
}

/** The score shown in a department's ranking row (a number; fails on 无数据). */
async function scoreOf(dept: string): Promise<number> {
  const text = await b.page.locator(`#assessment-row-${dept} .assessment__score`).filter({ visible: true }).first().innerText();
  const m = /([\d.]+) 分/.exec(text);
  assert.ok(m, `no score for ${dept}: ${text}`);
  return Number(m[1]);
}

/** As the whistle office: opens the assessment from the inbox header and goes back to the dispatch month. */
async function openAssessment(monthsBack: number): Promise<void> {
  await b.signInAs(OFFICE);
  await b.page.locator('#inbox-assessment').click();
  for (let i = 0; i < monthsBack; i++) await b.page.locator('#assessment-prev').filter({ visible: true }).click();
  await b.page.locator('#assessment-period').filter({ hasText: periodLabel }).filter({ visible: true }).waitFor();
  await b.page.locator('#assessment-row-zrzy .assessment__score').filter({ visible: true }).first().waitFor();
}

test('a late check-in is flagged, listed for supervision (挂牌督办), answered, and lowers the department’s score', async () => {
  const now = new Date();
  const dispatched = lateDispatchTime(now);
  const period = periodContaining(dispatched, 'month');
  periodLabel = period.label;
  let monthsBack = 0; // the page opens on the current month; the dispatch may fall in an earlier one
  while (shiftPeriod(periodContaining(now, 'month'), -monthsBack).key !== period.key) monthsBack++;

  // Whistle A: dispatched to 自然资源局 (lead) and 农业农村局, both check in one hour later — on time.
  const a = await submittedWhistle(A_TITLE, '东组两户村民为宅基地界址争执，村里调解无果（按时报到）');
  await actAt(OFFICE, a.whistle.id, 'dispatch', { lead: 'zrzy', co: ['nync'] }, dispatched);
  const checkedIn = new Date(dispatched.getTime() + 3600_000);
  for (const [openid, handler] of [
    ['demo-dept-zrzy', '自然资源局 李工'],
    ['demo-dept-nync', '农业农村局 王工'],
  ]) {
    await actAt(openid, a.whistle.id, 'check_in', { handler, onSiteAt: checkedIn.toISOString() }, checkedIn);
  }
  // Whistle B waits at the whistle office until after the "before" reading.
  const bw = await submittedWhistle(B_TITLE, '西组村民对承包地归属各执一词，已经吵到村委会（报到超时）');
  const B = bw.whistle.id;

  const scoreBefore = await b.step('assessment before: both departments of whistle A on time', async () => {
    await openAssessment(monthsBack);
    const zrzy = await scoreOf('zrzy');
    assert.equal(await scoreOf('nync'), zrzy); // same whistle, both on time: same score
    await b.page.locator('#assessment-late').getByText('本期没有报到超时').filter({ visible: true }).waitFor();
    return zrzy;
  });

  // Whistle B: dispatched the same morning to 自然资源局 (lead) and 民政局; nobody checks in in time.
  await actAt(OFFICE, B, 'dispatch', { lead: 'zrzy', co: ['mz'] }, dispatched);
  const res = await fetch(`${env.twinUrl}/_twin/triggers/clock/clock`, { method: 'POST' });
  assert.equal(res.status, 200);
  const { result: run } = (await res.json()) as { result: { ok: boolean; data: { flagged: number } } };
  assert.equal(run.ok, true);
  assert.ok(run.data.flagged >= 1, `clock flagged nothing: ${JSON.stringify(run)}`);

  await b.step('自然资源局 checks in late: the miss is on the whistle and the check-in shows 超时', async () => {
    await b.signInAs('demo-dept-zrzy');
    await b.openRow(B_TITLE, '#whistle-title');
    const misses = b.page.locator('#whistle-misses').filter({ visible: true });
    await misses.getByText('自然资源局，时限').first().waitFor();
    await b.runAction('whistle-action', 'check_in', { handler: HANDLER });
    const checkIn = b.page.locator('.info-row').filter({ hasText: `${HANDLER}，` }).filter({ visible: true }).first();
    await checkIn.waitFor();
    assert.match(await checkIn.innerText(), /到达现场（超时）/);
  });

  const respondBy = cstDay(new Date(now.getTime() + 7 * 86400_000));
  await b.step('吹哨办 sees it under 超期未结 and lists it (挂牌督办) with a response date', async () => {
    await b.signInAs(OFFICE);
    await b.page.locator('#inbox-supervision').click();
    await b.page.locator('#supervision-tab-overdue').filter({ visible: true }).click();
    const flag = b.page.locator(`[id="flag-${B}"]`).filter({ visible: true });
    await flag.waitFor();
    assert.match(await flag.innerText(), new RegExp(`${B_TITLE}[\\s\\S]*大垸乡 · 时限`));
    await flag.locator(`[id="flag-list-${B}"]`).click();
    await b.fill('supervision-text', '报到超时，督促加快办理');
    await b.page.locator('#supervision-date input').fill(respondBy);
    await b.page.locator('#supervision-submit').click();
    await b.page.locator('#supervision-form-list').waitFor({ state: 'detached' });
    await b.page.locator('#supervision-tab-board').filter({ visible: true }).click();
    const card = b.page.locator('.supervision__card').filter({ hasText: B_TITLE }).filter({ visible: true });
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /待回复/);
    assert.match(text, /自然资源局/);
    const [, mm, dd] = respondBy.split('-').map(Number);
    assert.ok(text.includes(`${mm}月${dd}日 23:59`), `respond-by date missing: ${text}`);
  });

  await b.step('自然资源局 sees the badge in its inbox and responds', async () => {
    await b.signInAs('demo-dept-zrzy');
    const badge = b.page.locator('#inbox-supervised').filter({ visible: true });
    await badge.waitFor();
    assert.match(await badge.innerText(), /被挂牌督办 1 件，请回复/);
    await badge.click();
    const card = b.page.locator('.supervision__card').filter({ hasText: B_TITLE }).filter({ visible: true });
    await card.waitFor();
    await card.locator('#supervision-action-respond').click();
    await b.fill('supervision-text', '已于今日到乡报到，正在现场核查确权档案');
    await b.page.locator('#supervision-submit').click();
    await card.getByText('已回复').waitFor();
  });

  await b.step('吹哨办 sees the response on the supervision board, every step recorded', async () => {
    await b.signInAs(OFFICE);
    await b.page.locator('#inbox-supervision').click();
    const card = b.page.locator('.supervision__card').filter({ hasText: B_TITLE }).filter({ visible: true });
    await card.getByText('已回复').waitFor();
    await card.getByText('督办记录（2）').waitFor();
    await card.locator('.supervision__head').click(); // expands the record
    const steps = await card.locator('.supervision__steps').innerText();
    assert.match(steps, /报到超时，督促加快办理[\s\S]*已于今日到乡报到，正在现场核查确权档案/);
  });

  await b.step('assessment after: 自然资源局 has the late check-in and a lower score', async () => {
    await openAssessment(monthsBack);
    const after = await scoreOf('zrzy');
    const onTime = await scoreOf('nync');
    assert.ok(after < scoreBefore, `score did not drop: ${scoreBefore} → ${after}`);
    assert.ok(after < onTime, `late 自然资源局 (${after}) not below on-time 农业农村局 (${onTime})`);
    await b.page.locator('#assessment-row-zrzy').filter({ visible: true }).click();
    const breakdown = b.page.locator('#assessment-breakdown').filter({ visible: true });
    assert.match(await breakdown.locator('#assessment-line-checkInLate').innerText(), /1 次/);
    assert.match(await breakdown.locator('#assessment-line-supervisions').innerText(), /1 次/);
    const late = b.page.locator('#assessment-late .assessment__item').filter({ hasText: `自然资源局 · ${HANDLER}` }).filter({ visible: true });
    await late.waitFor();
    assert.match(await late.innerText(), new RegExp(`超时 1 次：${bw.whistle.no}`));
  });
});
