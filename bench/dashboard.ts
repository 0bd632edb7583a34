// npm run bench:dashboard [-- --quick]: latency of the `stats` function's dashboard and hot-spot reads
// at 10k and 1M cases (issue 7 §8). Prints numbers; it is not a test.
//
// The dashboard reads per-day counter summaries (server/stats.ts), so its cost follows the days of the
// period and the number of areas, not the number of cases; "overdue now" is an indexed count over the
// cases. To load a million cases quickly the bench writes minimal case documents (the fields the overdue
// count reads) and builds the summaries from synthetic counter deltas with the store's own accumulate();
// the exact-statistics test (tests/functions/stats-exact.test.ts) checks the counting itself.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { addDays, cstYmd } from '../domain/calendar';
import { STATS_SHARDS, type StatsDayDoc, type StatsDelta } from '../domain/stats';
import { STATS, accumulate, insertDays } from '../server/stats';
import { loadDemoCounty, prng } from '../tests/helpers/county-year';
import { runBench, withSeededBenchTwin } from './lib/bench-twin';
import { fmt, p50p99, timeGatewayCalls } from './lib/measure';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const SIZES = values.quick ? [10_000, 100_000] : [10_000, 1_000_000];
const CALLS = values.quick ? 10 : 30;
const BATCH = 1000;

async function main(): Promise<void> {
  await withSeededBenchTwin('dashboard', async (twin, db) => {
    const county = loadDemoCounty();
    const grids = county.townships.flatMap((t) => t.communities.flatMap((c) => c.grids.map((g) => ({ township: t.code, community: c.code, grid: g.code }))));
    const types = county.matterTypes.map((m) => m.code);
    const depts = county.departments.map((d) => d.code);
    const rnd = prng(11);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const today = cstYmd(new Date());
    const yearAgo = addDays(today, -364);
    const docs = new Map<string, StatsDayDoc>();
    const now = Date.now();
    console.log(`dashboard bench${values.quick ? ' (--quick)' : ''}: ${SIZES.map((s) => fmt(s)).join(' and ')} cases over the year ${yearAgo} … ${today}, node ${process.version}, ${os.cpus().length} cores`);

    /** Counter deltas of `n` cases (and a quarter as many whistles) spread over the last year. */
    function deltasFor(n: number): StatsDelta[] {
      const out: StatsDelta[] = [];
      for (let i = 0; i < n; i++) {
        const g = pick(grids);
        const day = addDays(yearAgo, Math.floor(rnd() * 365));
        const base = { day, hour: 7 + Math.floor(rnd() * 14), county: county.county.code, township: g.township, community: g.community, grid: g.grid, matterType: pick(types) };
        out.push({ ...base, counts: { collected: 1 } });
        const r = rnd();
        if (r < 0.95) out.push({ ...base, counts: r < 0.04 ? { resolved: 1, resolvedByWhistle: 1 } : { resolved: 1 } });
        if (r < 0.6) out.push({ ...base, counts: r < 0.57 ? { satisfied: 1 } : { dissatisfied: 1 } });
        else if (r < 0.95) out.push({ ...base, counts: { autoRated: 1 } });
        if (i % 4 === 0) {
          const w = { day, hour: base.hour, county: base.county, township: g.township, matterType: base.matterType, dept: pick(depts) };
          out.push({ ...w, counts: { dispatched: 1 } }, { ...w, counts: { checkIns: 1, checkInsOnTime: r < 0.9 ? 1 : 0 } }, { ...w, counts: { completed: 1, closedOnTime: r < 0.92 ? 1 : 0 } });
        }
      }
      return out;
    }

    let loaded = 0;
    let written: string[] = [];
    for (const size of SIZES) {
      const t = performance.now();
      while (loaded < size) {
        const n = Math.min(BATCH, size - loaded);
        const data = Array.from({ length: n }, (_v, j) => {
          const g = grids[(loaded + j) % grids.length];
          const open = (loaded + j) % 100 === 0; // 1% still awaiting a claim, past its limit
          return {
            county: county.county.code,
            township: g.township,
            community: g.community,
            grid: g.grid,
            level: 'grid',
            state: open ? 'grid_pending' : 'closed',
            deadlines: { claimDue: open ? new Date(now - 3600_000).toISOString() : null, rateDue: null },
            createdAt: new Date(now - ((loaded + j) % 365) * 86400_000).toISOString(),
          };
        });
        await db.collection('cases').add({ data });
        loaded += n;
      }
      // Shard 0, and 1 in 20 changes into another shard as after a commit conflict (server/stats.ts);
      // generated in chunks so a million cases' deltas never sit in memory at once.
      const shardOf = (i: number) => (i % 20 === 0 ? 1 + ((i / 20) % (STATS_SHARDS - 1)) : 0);
      for (let left = size - (SIZES[SIZES.indexOf(size) - 1] ?? 0); left > 0; left -= 50_000) {
        // Yield between chunks: the twin shares this process and must keep serving (and closing) its sockets.
        await new Promise((resolve) => setImmediate(resolve));
        const deltas = deltasFor(Math.min(left, 50_000));
        for (let shard = 0; shard < STATS_SHARDS; shard++) {
          await accumulate(deltas.filter((_, i) => shardOf(i) === shard), (id) => docs.get(id) ?? null, docs, shard);
        }
      }
      // Replace the previous step's summaries (by id, in batches) with the new totals.
      for (let i = 0; i < written.length; i += 500) await db.collection(STATS).where({ _id: db.command.in(written.slice(i, i + 500)) }).remove();
      await insertDays(db, docs.values());
      written = [...docs.keys()];
      console.log(`  loaded ${fmt(size)} cases and ${fmt(docs.size)} summaries (day and month, in shards) in ${fmt((performance.now() - t) / 1000, 1)} s`);

      const queries = [
        { label: 'county, last 12 months by month', action: 'dashboard', payload: { scope: 'county', from: yearAgo, to: today, granularity: 'month' } },
        { label: 'township, last 90 days by week', action: 'dashboard', payload: { scope: 'township', area: 'dy', from: addDays(today, -89), to: today, granularity: 'week' } },
        { label: 'community, last 30 days by day', action: 'dashboard', payload: { scope: 'community', area: 'xh-fm', from: addDays(today, -29), to: today, granularity: 'day' } },
        { label: 'hot spots, county, last 12 months', action: 'hotspots', payload: { scope: 'county', from: yearAgo, to: today } },
      ];
      for (const q of queries) {
        const { samples, data } = await timeGatewayCalls<{ summaries?: number }>(
          twin.url,
          { label: q.label, openid: 'demo-leader', name: 'stats', action: q.action, payload: q.payload },
          3, // the first calls warm the function worker
          CALLS,
        );
        console.log(`    ${q.label.padEnd(36)} ${p50p99(samples)}${data.summaries ? `  (${data.summaries} summaries read)` : ''}`);
      }
    }
  });
}

runBench(main);
