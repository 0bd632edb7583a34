// npm run bench:sla [-- --quick]: latency of one SLA clock run (cloudfunctions/clock, timer `clock`) with
// 10k and 1M cases in the store — mostly closed history plus a fixed number of open cases and whistles —
// to show that a run costs the same whatever the size of closed history: every job reads its own
// deadline index (claim_due, rate_due, next_due, alert_at), where closed documents hold null. Prints
// numbers; it is not a test.
//   idle run: nothing is due (the common case every 10 minutes)
//   busy run: DUE fresh cases past their handling limit (each gets its miss recorded, an event, a notice)
//   rows the clock's queries read from the store (the twin's query plan), at each size
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR, applyAction, calendarForCounty, newCase, parseCounty, type Actor, type CaseDoc, type WhistleDoc, newWhistle } from '../domain';
import { seedTwin, COUNTY_FILE } from '../scripts/lib/seed';
import { connectSdk } from '../scripts/lib/sdk-client';
import { startTwin } from '../twin/server';
import type { TwinDatabase } from '../twin/database';
import { fmt, percentile } from './lib/measure';
import { runBench } from './lib/bench-twin';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const SIZES = values.quick ? [10_000, 100_000] : [10_000, 1_000_000];
const OPEN_CASES = 500;
const OPEN_WHISTLES = 100;
const DUE = 20;
const IDLE_RUNS = values.quick ? 20 : 60;
const BUSY_RUNS = 5;
const BATCH = 1000;

const county = parseCounty(JSON.parse(fs.readFileSync(COUNTY_FILE, 'utf8')));
const calendar = calendarForCounty(county);
const person = (role: Actor['bindings'][0]['role'], unit: string): Actor => ({ personId: `p-${role}-${unit}`, openid: `o-${role}-${unit}`, name: '', bindings: [{ role, unit }] });

/** Monday 2026-03-02 10:00 CST: the open work is created here; the clock runs shortly after (nothing due). */
const T0 = new Date('2026-03-02T10:00:00+08:00');
const CLOCK_AT = new Date('2026-03-02T11:00:00+08:00');
const GRID = { grid: 'xh-fm-06', worker: person('grid_worker', 'xh-fm-06') };

const act = <D extends CaseDoc | WhistleDoc>(entity: 'case' | 'whistle', doc: D, action: string, actor: Actor, input: unknown, now: Date): D =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  applyAction({ entity, doc, action: action as any, actor, input, now, county, calendar } as any).next as D;

function caseDoc(i: number, now: Date): CaseDoc {
  return newCase({
    id: `c${i}`,
    no: `HB-B-${i}`,
    input: { text: `巷子口垃圾堆放第${i}处`, grid: GRID.grid, photos: [], channel: 'miniprogram', reporter: { openid: `o-r-${i % 5000}` } },
    now,
    county,
    calendar,
  });
}

/** Templates built through the real transitions; history and open work are copies with new ids. */
function templates() {
  const t = new Date('2025-06-02T10:00:00+08:00');
  let closed = caseDoc(0, t);
  closed = act('case', closed, 'claim', GRID.worker, {}, t);
  closed = act('case', closed, 'resolve', GRID.worker, { result: '已清运', photos: [] }, t);
  closed = act('case', closed, 'auto_rate', SYSTEM_ACTOR, {}, new Date('2025-07-01T10:00:00+08:00'));
  const open = act('case', caseDoc(0, T0), 'claim', GRID.worker, {}, T0);
  const office = person('whistle_office', 'hb');
  const township = person('township', 'dy');
  let w = newWhistle({ id: 'w0', no: 'W-0', input: { township: 'dy', matterType: 'land_ownership_dispute', title: '土地纠纷', description: '屋后土地归属争执' }, actor: township, now: T0, county, calendar }).next;
  w = act('whistle', w, 'review', township, { decision: 'pass' }, T0);
  w = act('whistle', w, 'approve', township, {}, T0);
  const openWhistle = act('whistle', w, 'dispatch', office, {}, T0);
  let closedWhistle = act('whistle', openWhistle, 'check_in', person('department', 'zrzy'), { handler: '王科长', onSiteAt: T0.toISOString() }, T0);
  for (const dept of ['nync', 'mz']) closedWhistle = act('whistle', closedWhistle, 'check_in', person('department', dept), { handler: '李工', onSiteAt: T0.toISOString() }, T0);
  for (const dept of ['nync', 'mz', 'zrzy']) closedWhistle = act('whistle', closedWhistle, 'complete', person('department', dept), { result: '已确权', photos: [] }, T0);
  return { closed, open, openWhistle, closedWhistle };
}

const copy = <D extends { _id: string; no: string }>(doc: D, id: string): Omit<D, '_id'> => {
  const { _id, ...rest } = JSON.parse(JSON.stringify(doc)) as D;
  void _id;
  return { ...rest, no: `${doc.no}-${id}` };
};

interface Row {
  size: number;
  loadS: number;
  idle: number[];
  busy: number[];
  scanned: Record<string, number>;
}

/** One fresh twin per size, with the project's declared collections and indexes, filled through the SDK. */
async function measure(size: number, tpl: ReturnType<typeof templates>): Promise<Row> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-bench-'));
  let clock = CLOCK_AT;
  // Every collection and index of cloudfunctions/database.indexes.json exists from the start (the default).
  const twin = await startTwin({ port: 0, dataDir: path.join(work, 'data'), workers: 1, timers: false, now: () => clock });
  try {
    const db = connectSdk(twin.url).database();
    const engine = twin.db as TwinDatabase;
    const fire = async () => {
      const reply = (await twin.fireTrigger('clock', 'clock')) as { ok: boolean; data: Record<string, number | boolean | string> };
      if (!reply.ok) throw new Error(`clock failed: ${JSON.stringify(reply)}`);
      return reply.data;
    };
    const add = async (collection: string, docs: object[]) => {
      for (let i = 0; i < docs.length; i += BATCH) await db.collection(collection).add({ data: docs.slice(i, i + BATCH) });
    };

    const t = performance.now();
    await seedTwin(twin.url);
    await add('cases', Array.from({ length: OPEN_CASES }, (_v, i) => copy(tpl.open, `open-${i}`)));
    await add('whistles', Array.from({ length: OPEN_WHISTLES }, (_v, i) => copy(tpl.openWhistle, `open-${i}`)));
    for (let loaded = OPEN_CASES; loaded < size; ) {
      const n = Math.min(BATCH, size - loaded);
      await db.collection('cases').add({ data: Array.from({ length: n }, (_v, j) => copy(tpl.closed, `h${loaded + j}`)) });
      // One closed whistle per ten closed cases.
      const whistles = Array.from({ length: Math.floor(n / 10) }, (_v, j) => copy(tpl.closedWhistle, `h${loaded + j}`));
      if (whistles.length) await db.collection('whistles').add({ data: whistles });
      loaded += n;
      if (loaded % 100_000 < BATCH) process.stdout.write(`  ${fmt(loaded)} / ${fmt(size)} cases loaded\r`);
    }
    const loadS = (performance.now() - t) / 1000;
    console.log(`  ${fmt(size)} cases (${fmt(size / 10)} whistles) loaded in ${fmt(loadS, 1)} s (${twin.db.listCollections().reduce((n, c) => n + c.indexes.length, 0)} indexes maintained)`);

    clock = CLOCK_AT;
    await new Promise((resolve) => setTimeout(resolve, 5000)); // let the load's WAL checkpoint settle
    for (let i = 0; i < 5; i++) await fire(); // warm the worker and the page cache
    const idle: number[] = [];
    for (let i = 0; i < IDLE_RUNS; i++) {
      const s = performance.now();
      const run = await fire();
      idle.push(performance.now() - s);
      if (run.escalated || run.autoRated || run.flagged || run.alerted) throw new Error(`idle run found work: ${JSON.stringify(run)}`);
    }
    // Rows each clock query reads, from the twin's query plan (the same queries the clock sends).
    const scanned: Record<string, number> = {};
    for (const [collection, field] of [['cases', 'deadlines.claimDue'], ['cases', 'deadlines.rateDue'], ['whistles', 'deadlines.nextDue'], ['cases', 'deadlines.alertAt'], ['whistles', 'deadlines.alertAt']]) {
      await db.collection(collection).where({ [field]: db.command.lt(CLOCK_AT.toISOString()) }).orderBy(field, 'asc').limit(50).field({ _id: true }).get();
      scanned[`${collection}.${field}`] = engine.lastPlan?.scanned ?? -1;
    }
    const busy: number[] = [];
    for (let r = 0; r < BUSY_RUNS; r++) {
      // DUE cases claimed three weeks earlier: their handling limit has passed.
      const claimedAt = new Date(CLOCK_AT.getTime() - 21 * 86_400_000);
      const due = Array.from({ length: DUE }, (_v, i) => copy(act('case', caseDoc(2_000_000 + r * DUE + i, claimedAt), 'claim', GRID.worker, {}, claimedAt), `due-${r}-${i}`));
      await add('cases', due);
      const s = performance.now();
      const run = await fire();
      busy.push(performance.now() - s);
      if (run.alerted !== DUE) throw new Error(`busy run: expected ${DUE} alerts, got ${JSON.stringify(run)}`);
    }
    return { size, loadS, idle: idle.sort((a, b) => a - b), busy: busy.sort((a, b) => a - b), scanned };
  } finally {
    await twin.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const tpl = templates();
  console.log(`SLA clock bench${values.quick ? ' (--quick)' : ''}: ${SIZES.map((s) => fmt(s)).join(' and ')} cases (closed history + ${OPEN_CASES} open cases + ${OPEN_WHISTLES} open whistles), node ${process.version}, ${os.cpus().length} cores`);
  const rows: Row[] = [];
  for (const size of SIZES) rows.push(await measure(size, tpl));

  console.log(`\nclock run latency (timer trigger through the twin, real wx-server-sdk in the function):`);
  console.log(`  cases         idle run p50 / p99         busy run (${DUE} due) p50 / max   rows read by the clock queries when idle`);
  for (const r of rows) {
    const reads = Object.values(r.scanned).reduce((a, b) => a + b, 0);
    console.log(
      `  ${fmt(r.size).padEnd(12)}  ${`${fmt(percentile(r.idle, 50), 1)} / ${fmt(percentile(r.idle, 99), 1)} ms`.padEnd(26)}  ${`${fmt(percentile(r.busy, 50), 1)} / ${fmt(r.busy.at(-1)!, 1)} ms`.padEnd(32)}  ${reads} (${Object.entries(r.scanned).map(([k, v]) => `${k.replace('deadlines.', '')} ${v}`).join(', ')})`,
    );
  }
  const [small, large] = rows;
  const ratio = percentile(large.idle, 50) / percentile(small.idle, 50);
  const busyRatio = percentile(large.busy, 50) / percentile(small.busy, 50);
  const verdict = (x: number) => (x <= 1.5 ? 'ok (≤ 1.5)' : 'OVER the 1.5 target');
  const reads = rows.map((r) => Object.values(r.scanned).reduce((a, b) => a + b, 0));
  console.log(`  p50 ratio ${fmt(large.size)} / ${fmt(small.size)}: idle ${fmt(ratio, 2)} ${verdict(ratio)}, busy ${fmt(busyRatio, 2)} ${verdict(busyRatio)}`);
  console.log(`  rows of closed history read by an idle run: ${reads.map((n, i) => `${n} at ${fmt(rows[i].size)}`).join(', ')}`);
}

runBench(main);
