// npm run bench:intake [-- --cases 100000 --samples 500]: classify + duplicate search for one new case
// (M-5, M-6) with many cases in the store, through the same code the cases function runs
// (server/classifier.ts classifierFor → classify; server/dedup-intake.ts findDuplicates: the
// `grid_type_recent` and `cell_type_recent` index queries over wx-server-sdk and HTTP into the twin — a
// process of its own, as the database is in production — then the domain's ranking). Target (issue 6 §7): p99 ≤ 20 ms with 100k cases. Prints numbers; it is not a test.
// Printed twice: through wx-server-sdk over HTTP (what the function pays), and the domain + index query
// path alone (the same query handed to the twin's engine in-process, then classify + ranking).
// The store is filled with cases spread over the county's grids (±~600 m around each grid centre) and
// over the last 365 days, texts taken from the sample reports, states mixed like a working year.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import countyJson from '../data/county.json';
import { DEDUP_WINDOW_MS, calendarForCounty, createOrg, duplicateSearchCells, newCase, parseCounty, rankDuplicates, type CaseDoc, type CaseState, type DedupCandidate } from '../domain';
import { classifierFor } from '../server/classifier';
import { DEDUP_CANDIDATE_LIMIT, findDuplicates } from '../server/dedup-intake';
import type { Database } from '../server/sdk';
import { startTwin } from '../twin/server';
import { percentile } from './lib/measure';
import { runBench, spawnTwinProcess, type TwinProcess } from './lib/bench-twin';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, samples: { type: 'string', default: '500' }, days: { type: 'string', default: '365' } } });
const TOTAL = Number(values.cases);
/** Time span the stored cases spread over: density per grid and week is what the duplicate search pays for. */
const DAYS = Number(values.days);
const SAMPLES = Number(values.samples);
const BATCH = 1000;
const DAY = 86_400_000;

const county = parseCounty(countyJson);
const env = { county, org: createOrg(county), calendar: calendarForCounty(county) };
const grids = county.townships.flatMap((t) => t.communities.flatMap((c) => c.grids));
const texts = fs
  .readFileSync(path.join(__dirname, '..', 'tests', 'fixtures', 'sample-reports.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string; matterType: string });
const STATES: CaseState[] = ['closed', 'closed', 'closed', 'closed', 'resolved', 'grid_pending', 'grid_claimed', 'community_pending', 'township_claimed', 'whistled'];

// Deterministic pseudo-random numbers (mulberry32) so runs are comparable.
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const jitter = () => (rand() - 0.5) * 0.012; // ≈ ±600 m

function makeCase(i: number, at: Date): CaseDoc {
  const grid = pick(grids);
  const sample = pick(texts);
  const located = rand() < 0.8; // hotline hand-overs often carry no coordinates
  const doc = newCase({
    id: `bench-${i}`,
    no: `B${i}`,
    input: {
      text: sample.text,
      grid: grid.code,
      matterType: county.matterTypes.some((m) => m.code === sample.matterType) ? sample.matterType : undefined,
      photos: [],
      channel: located ? 'miniprogram' : 'hotline_12345',
      anonymous: false,
      reporter: { openid: `bench-o-${i % 5000}` },
      ...(located ? { place: { lat: grid.center.lat + jitter(), lng: grid.center.lng + jitter() } } : {}),
    },
    now: at,
    county,
    calendar: env.calendar,
  });
  doc.state = pick(STATES);
  return doc;
}

function sdkDatabase(url: string): Database {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` });
  process.env.TENCENTCLOUD = 'true';
  process.env.TENCENTCLOUD_SECRETID = 'bench';
  process.env.TENCENTCLOUD_SECRETKEY = 'bench';
  process.env.SILENCE = 'true';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: 'local-env' });
  return cloud.database({ throwOnNotFound: false });
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(2)} ms  p95 ${percentile(s, 95).toFixed(2)} ms  p99 ${percentile(s, 99).toFixed(2)} ms  max ${s[s.length - 1].toFixed(2)} ms`;
};

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-bench-'));
  const functionsDir = path.join(work, 'functions');
  const dataDir = path.join(work, 'data');
  fs.mkdirSync(functionsDir);
  fs.copyFileSync(path.join(__dirname, '..', 'cloudfunctions', 'database.indexes.json'), path.join(functionsDir, 'database.indexes.json'));
  // Through the SDK the twin is its own process, as the database is for a function in production; the
  // in-process engine path below reopens the same (durable) data directory afterwards.
  let server: TwinProcess | null = await spawnTwinProcess(dataDir, functionsDir);
  let twin: Awaited<ReturnType<typeof startTwin>> | null = null;
  const db = sdkDatabase(server.url);
  const now = Date.now();
  console.log(`intake bench: ${TOTAL.toLocaleString('en-US')} cases over ${DAYS} days in ${grids.length} grids (≈ ${Math.round((TOTAL / DAYS / grids.length) * 7)} per grid and week), ${SAMPLES} new cases measured, node ${process.version}, ${os.cpus().length} cores`);
  try {
    const t0 = performance.now();
    for (let i = 0; i < TOTAL; i += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, TOTAL - i) }, (_, k) => makeCase(i + k, new Date(now - rand() * DAYS * DAY)));
      await db.collection('cases').add({ data: batch });
    }
    console.log(`  filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const classifier = await classifierFor(db, env); // built once per warm instance, as in the function
    void classifier;
    const classify: number[] = [];
    const dedup: number[] = [];
    const total: number[] = [];
    // CPU time of this process: the function's side (classify, SDK client, ranking), not the twin's.
    const totalCpu: number[] = [];
    let candidates = 0;
    let matches = 0;
    for (let i = 0; i < SAMPLES + 20; i++) {
      const doc = makeCase(TOTAL + i, new Date(now - rand() * DAY));
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      const guess = (await classifierFor(db, env)).classify(doc.text);
      const t1 = performance.now();
      const found = await findDuplicates(db, doc);
      const t2 = performance.now();
      if (i < 20) continue; // warm-up
      void guess;
      classify.push(t1 - t);
      dedup.push(t2 - t1);
      total.push(t2 - t);
      const used = process.cpuUsage(cpu0);
      totalCpu.push((used.user + used.system) / 1000);
      matches += found.length;
      candidates += found.length ? 1 : 0;
    }
    await server.close();
    server = null;
    // The same work without the SDK and HTTP: the twin engine answers the two index queries in-process.
    twin = await startTwin({ port: 0, dataDir, functionsDir });
    const engineTwin = twin;
    const engine: number[] = [];
    const engineCpu: number[] = [];
    const query = (where: Record<string, unknown>) =>
      (
        engineTwin.db.handle('database.getDocument', {
          collectionName: 'cases',
          queryType: 'WHERE',
          query: JSON.stringify(where),
          order: JSON.stringify([{ field: 'createdAt', direction: 'desc' }]),
          limit: DEDUP_CANDIDATE_LIMIT,
        }) as { list: string[] }
      ).list.map((d) => JSON.parse(d) as DedupCandidate);
    for (let i = 0; i < SAMPLES + 20; i++) {
      const doc = makeCase(TOTAL + SAMPLES + 20 + i, new Date(now - rand() * DAY));
      const t = performance.now();
      const cpu = process.cpuUsage();
      classifier.classify(doc.text);
      const at = Date.parse(doc.createdAt);
      const createdAt = { $gte: new Date(at - DEDUP_WINDOW_MS).toISOString(), $lte: doc.createdAt };
      const type = doc.matterType ? { matterType: { $in: [doc.matterType, null] } } : {};
      const cells = duplicateSearchCells(doc);
      const found = query({ ...(cells ? { geoCell: { $in: cells } } : { grid: doc.grid }), ...type, createdAt });
      rankDuplicates(doc, found);
      if (i >= 20) {
        engine.push(performance.now() - t);
        const used = process.cpuUsage(cpu);
        engineCpu.push((used.user + used.system) / 1000);
      }
    }
    console.log(`  classify (classifierFor + classify): ${stats(classify)}`);
    console.log(`  duplicate search (1 index query + ranking): ${stats(dedup)}`);
    console.log(`  classify + dedup per new case: ${stats(total)}  (target p99 ≤ 20 ms)`);
    console.log(`  classify + dedup per new case, CPU time of the function's process: ${stats(totalCpu)}`);
    console.log(`  domain + index query path (engine in-process, no SDK/HTTP): ${stats(engine)}`);
    // CPU time of the same path: wall time on a shared, loaded machine mostly measures waiting for a CPU.
    console.log(`  domain + index query path, CPU time: ${stats(engineCpu)}  (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
    console.log(`  new cases with a likely duplicate or related case: ${candidates}/${SAMPLES}, ${matches} matches in all`);
  } finally {
    await server?.close();
    await twin?.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

runBench(main);
