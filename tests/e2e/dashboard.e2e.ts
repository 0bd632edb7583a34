// Browser e2e of the dashboards (M-28) and 一类事 (M-29) in headless Chromium against the H5 build + twin.
// A little real data goes through the gateway as the demo people (each e2e file has its own twin): two
// reports in 浔湖街道's 富民社区第六网格 (one resolved by the grid worker and rated 满意) and one in 大垸乡
// (resolved and rated 不满意). Then the leader opens the dashboard from the leader page: every headline
// figure on the page equals what `stats.dashboard` returns for the same area and period, the ECharts
// canvas really has pixels drawn, and picking a township changes the figures consistently. Finally the
// 吹哨办 opens 一类事, sees the hot spots `stats.hotspots` returns, attaches a 治理一类事 note and sees it listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { DashboardView, HotSpotView } from '../../domain/api/stats';
import type { StatsScope } from '../../domain/stats';
import { call, type Twin } from '../helpers/twin-harness';
import { DY, LEADER, OFFICE, RESIDENT, XH, submitCase } from '../helpers/whistle-flows';
import { e2eSession } from './session';
import type { Browser } from './steps';

let b: Browser;
let gw: Twin;
e2eSession((s) => void ({ b, gw } = s));

const GARBAGE = 'garbage_pile';
const NOTE = '增设分类垃圾亭，物业每日两次清运，网格员每周巡查';

/** Submitted by the resident, claimed and resolved by the grid worker, rated by the resident. */
async function resolvedAndRated(place: typeof XH | typeof DY, matterType: string, text: string, score: '满意' | '不满意'): Promise<void> {
  const caseId = await submitCase(gw, { grid: place.grid, matterType, text });
  let d = await call(gw, place.gridWorker, 'cases', 'act', { caseId, action: 'claim', expectedVersion: 1, input: {} });
  d = await call(gw, place.gridWorker, 'cases', 'act', { caseId, action: 'resolve', expectedVersion: d.case.version, input: { result: '已现场处理完毕', photos: [] } });
  await call(gw, RESIDENT, 'cases', 'act', { caseId, action: 'rate', expectedVersion: d.case.version, input: { score, comment: score === '不满意' ? '处理得不彻底' : undefined } });
}

const visible = (selector: string): Locator => b.page.locator(selector).filter({ visible: true });

/** The figures as the dashboard page shows them (the visible page: Taro H5 keeps earlier pages hidden in the DOM). */
async function figuresOnPage(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of ['fig-dispatched', 'fig-on-time', 'fig-satisfaction', 'fig-overdue', 'fig-collected', 'fig-resolved', 'fig-by-whistle']) {
    out[id] = (await visible(`#${id} .dashboard__figure-value`).first().innerText()).trim();
  }
  return out;
}

/** The same figures from the gateway's answer, written the way a reader sees them (no page code reused). */
function figuresOf(v: DashboardView): Record<string, string> {
  const h = v.headline;
  const pct = (x: number | null) => (x === null ? '—' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`);
  return {
    'fig-dispatched': v.whistleFigures ? String(h.dispatched) : '—',
    ...(v.whistleFigures ? { 'fig-on-time': String(h.closedOnTime) } : {}),
    'fig-satisfaction': pct(h.satisfaction),
    'fig-overdue': String(v.overdue.cases + v.overdue.whistles),
    'fig-collected': String(h.collected),
    'fig-resolved': String(h.resolved),
    'fig-by-whistle': String(h.resolvedByWhistle),
  };
}

/** Waits until the page shows `expected` (the page reloads after an area change), then asserts it. */
async function pageShows(expected: Record<string, string>): Promise<void> {
  let seen: Record<string, string> = {};
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await b.page.waitForTimeout(250)) {
    seen = await figuresOnPage().catch(() => ({}));
    if (Object.entries(expected).every(([k, v]) => seen[k] === v)) break;
  }
  for (const [k, v] of Object.entries(expected)) assert.equal(seen[k], v, `${k} on the page`);
}

/** The period the page shows ("YYYY-MM-DD 至 YYYY-MM-DD") and the granularity it asks for (本年 → month). */
async function periodOnPage(): Promise<{ from: string; to: string }> {
  const text = await visible('.dashboard__period').first().innerText();
  const m = /(\d{4}-\d{2}-\d{2})\s*至\s*(\d{4}-\d{2}-\d{2})/.exec(text);
  assert.ok(m, `no period on the page: ${text}`);
  return { from: m[1], to: m[2] };
}

/** Counts non-transparent pixels of every visible canvas inside `#<id>` (ECharts' canvas renderer on H5). */
async function drawnPixels(id: string): Promise<{ canvases: number; drawn: number; colours: number }> {
  await visible(`#${id} canvas`).first().waitFor();
  return b.page.evaluate((chartId) => {
    const hosts = Array.from(document.querySelectorAll(`[id="${chartId}"]`)).filter((el) => (el as HTMLElement).offsetParent !== null);
    const canvases = hosts.flatMap((h) => Array.from(h.querySelectorAll('canvas')));
    let drawn = 0;
    const colours = new Set<string>();
    for (const c of canvases) {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue;
        drawn++;
        colours.add(`${data[i] >> 4},${data[i + 1] >> 4},${data[i + 2] >> 4}`);
      }
    }
    return { canvases: canvases.length, drawn, colours: colours.size };
  }, id);
}

test('the leader’s dashboard shows the gateway’s figures and draws its charts; 吹哨办 notes a 一类事 hot spot', async () => {
  // Two reports in 浔湖街道 (one resolved and rated 满意), one in 大垸乡 (resolved, rated 不满意).
  await resolvedAndRated(XH, GARBAGE, '小区门口垃圾乱堆乱放，夏天臭味很大', '满意');
  await submitCase(gw, { grid: XH.grid, matterType: GARBAGE, text: '小区门口垃圾又堆起来了，没人清运' });
  await resolvedAndRated(DY, 'streetlight_broken', '村口的路灯坏了一个多月，晚上很黑', '不满意');

  const { areas } = await call(gw, LEADER, 'stats', 'areas', {});
  const county = areas[0];
  const xh = areas.find((a) => a.code === 'xh' && a.scope === 'township');
  assert.ok(county.scope === 'county' && xh, `unexpected areas: ${JSON.stringify(areas)}`);
  let period = { from: '', to: '' };
  const dashboard = (openid: string, scope: StatsScope, area: string) =>
    call(gw, openid, 'stats', 'dashboard', { scope, area, from: period.from, to: period.to, granularity: 'month' });

  const countyView = await b.step('leader opens the dashboard: the county figures equal stats.dashboard', async () => {
    await b.signInAs(LEADER);
    await visible('#leader-dashboard').click();
    await visible('#dashboard-pickers').waitFor();
    assert.match(await visible(`#area-${county.code}`).getAttribute('class').then(String), /dashboard__chip--on/);
    period = await periodOnPage();
    const view = await dashboard(LEADER, county.scope, county.code);
    assert.equal(view.headline.collected, 3);
    await pageShows(figuresOf(view));
    return view;
  });

  await b.step('the trend and matter-type charts are drawn on their canvases', async () => {
    for (const id of ['chart-trend', 'chart-types']) {
      const px = await drawnPixels(id);
      assert.ok(px.canvases >= 1, `${id}: no canvas`);
      // Axes, labels and the series: many pixels in several colours, not a blank or single-colour box.
      assert.ok(px.drawn > 500 && px.colours >= 3, `${id}: canvas looks blank (${JSON.stringify(px)})`);
    }
    // The matter-type list beside the chart names what the gateway counted.
    const types = await visible('#dashboard-types').innerText();
    for (const t of countyView.byType) assert.ok(types.includes(t.name), `${t.name} missing from the matter-type list`);
  });

  await b.step('picking 浔湖街道 shows that township’s figures, consistent with the county', async () => {
    await visible(`#area-${xh.code}`).click();
    const view = await dashboard(LEADER, xh.scope, xh.code);
    await pageShows(figuresOf(view));
    assert.match(await visible(`#area-${xh.code}`).getAttribute('class').then(String), /dashboard__chip--on/);
    // The other townships hold the rest of the county's figures.
    let rest = 0;
    for (const t of areas.filter((a) => a.scope === 'township' && a.code !== xh.code)) rest += (await dashboard(LEADER, t.scope, t.code)).headline.collected;
    assert.equal(view.headline.collected + rest, countyView.headline.collected);
    assert.equal(view.headline.collected, 2);
    assert.notEqual(figuresOf(view)['fig-satisfaction'], figuresOf(countyView)['fig-satisfaction']);
    const px = await drawnPixels('chart-trend');
    assert.ok(px.drawn > 500, `chart-trend blank after the area change (${JSON.stringify(px)})`);
  });

  let hot: HotSpotView | undefined;
  await b.step('吹哨办 opens 一类事 from the dashboard and sees the hot spots stats.hotspots returns', async () => {
    await b.signInAs(OFFICE);
    await visible('#inbox-dashboard').click();
    await visible('#open-hotspots').click();
    await visible('#hot-clusters').waitFor();
    period = await periodOnPage();
    hot = await call(gw, OFFICE, 'stats', 'hotspots', { scope: county.scope, area: county.code, from: period.from, to: period.to });
    assert.ok(hot.clusters.length >= 2, `expected clusters: ${JSON.stringify(hot.clusters)}`);
    const rows = visible('#hot-clusters .dashboard__row');
    assert.equal(await rows.count(), hot.clusters.length);
    for (const [i, c] of hot.clusters.entries()) {
      const text = await rows.nth(i).innerText();
      assert.ok(text.includes(c.typeName) && text.includes(c.gridName) && text.includes(String(c.count)), `row ${i}: ${text} ≠ ${JSON.stringify(c)}`);
    }
    const top = hot.clusters[0];
    assert.deepEqual([top.grid, top.matterType, top.count], [XH.grid, GARBAGE, 2]);
    await visible('#governance-notes').getByText('还没有治理说明').waitFor();
    const px = await drawnPixels('chart-hours');
    assert.ok(px.drawn > 500, `chart-hours blank (${JSON.stringify(px)})`);
  });

  await b.step('吹哨办 attaches a 治理一类事 note to the top cluster and sees it listed', async () => {
    const row = visible(`[id="cluster-${XH.grid}-${GARBAGE}"]`);
    await row.locator('.nut-button').click();
    await visible('#note-form').waitFor();
    await b.fill('note-text', NOTE);
    await visible('#note-save').click();
    await visible('#note-form').waitFor({ state: 'detached' });
    const notes = visible('#governance-notes');
    await notes.getByText(NOTE).waitFor();
    assert.match(await notes.innerText(), new RegExp(`${hot!.clusters[0].typeName}[\\s\\S]*${NOTE}`));
    await row.getByText('已有治理说明 1 条').waitFor();
    const listed = await call(gw, OFFICE, 'stats', 'notes', { scope: 'grid', area: XH.grid });
    assert.deepEqual(listed.items.map((n) => n.note), [NOTE]);
  });
});
