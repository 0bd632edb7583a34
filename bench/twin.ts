// npm run bench:twin [-- --quick]: throughput and latency of the CloudBase twin, measured through the
// same paths the app uses. Prints numbers; it is not a test.
//   1. inserts/s: wx-server-sdk `add({ data: [1000 docs] })` batches over HTTP into a durable (on-disk) twin
//   2. indexed query latency p50/p99 at a small and a large collection, for
//        a) wx-server-sdk `where({ k }).get()` over HTTP, and b) the engine alone (`db.handle`, in-process),
//      and the ratio large/small (target ≤ 1.5: an indexed lookup must not grow with the collection)
//   3. function calls/s through the H5 gateway (`POST /_client/callFunction`, warm workers)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startTwin, type TwinHandle } from '../twin/server';
import { fmt, percentile } from './lib/measure';
import { runBench } from './lib/bench-twin';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const SIZES = values.quick ? [10_000, 100_000] : [10_000, 1_000_000];
const BATCH = 1000;
const QUERIES = values.quick ? 300 : 1000;
const CALL_SECONDS = values.quick ? 2 : 5;
const CALL_CONCURRENCY = 8;

async function timed(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function sdkFor(twin: TwinHandle) {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${twin.url}/admin` });
  process.env.TENCENTCLOUD = 'true';
  process.env.TENCENTCLOUD_SECRETID = 'bench';
  process.env.TENCENTCLOUD_SECRETKEY = 'bench';
  process.env.SILENCE = 'true';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: 'local-env' });
  return cloud;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-bench-'));
  const functionsDir = path.join(work, 'functions');
  fs.mkdirSync(path.join(functionsDir, 'benchEcho'), { recursive: true });
  fs.writeFileSync(path.join(functionsDir, 'benchEcho', 'index.js'), 'exports.main = async (event) => ({ n: event.n });\n');
  const twin = await startTwin({ port: 0, dataDir: path.join(work, 'data'), functionsDir, indexesFile: false, workers: 4 });
  const cloud = sdkFor(twin);
  const db = cloud.database();
  console.log(`twin bench${values.quick ? ' (--quick)' : ''}: sizes ${SIZES.map((s) => fmt(s)).join(' and ')}, node ${process.version}, ${os.cpus().length} cores`);

  try {
    await db.createCollection('bench');
    twin.db.ensureIndex({ collection: 'bench', name: 'k_1', keys: { k: 1 } });
    const results: { size: number; sdk: { p50: number; p99: number }; engine: { p50: number; p99: number } }[] = [];
    let loaded = 0;
    let insertMs = 0;
    for (const size of SIZES) {
      const t = performance.now();
      while (loaded < size) {
        const n = Math.min(BATCH, size - loaded);
        const data = Array.from({ length: n }, (_v, j) => {
          const k = loaded + j;
          return { k, grp: k % 1000, name: `doc-${k}`, body: 'lorem ipsum dolor sit amet '.repeat(2), at: new Date(1_700_000_000_000 + k * 1000) };
        });
        await db.collection('bench').add({ data });
        loaded += n;
      }
      const ms = performance.now() - t;
      insertMs += ms;
      console.log(`  loaded ${fmt(size)} docs (this step ${fmt(((size - (results.length ? SIZES[results.length - 1] : 0)) / ms) * 1000)} inserts/s)`);
      const pick = () => Math.floor(Math.random() * size);
      for (let i = 0; i < 50; i++) await db.collection('bench').where({ k: pick() }).get();
      const sdk = await timed(QUERIES, () => db.collection('bench').where({ k: pick() }).get());
      const engine = await timed(QUERIES, () =>
        twin.db.handle('database.getDocument', { collectionName: 'bench', queryType: 'WHERE', query: JSON.stringify({ k: pick() }), limit: 100 }),
      );
      results.push({ size, sdk, engine });
    }

    console.log(`\ninserts: ${fmt((loaded / insertMs) * 1000)} docs/s overall (wx-server-sdk add() batches of ${BATCH}, on-disk WAL store, index on k)`);
    console.log(`\nindexed equality query where({ k }).get(), ${QUERIES} sequential queries per size:`);
    console.log('  size          SDK over HTTP p50 / p99     engine only p50 / p99');
    for (const r of results) {
      console.log(
        `  ${fmt(r.size).padEnd(12)}  ${`${fmt(r.sdk.p50, 2)} / ${fmt(r.sdk.p99, 2)} ms`.padEnd(26)}  ${fmt(r.engine.p50, 3)} / ${fmt(r.engine.p99, 3)} ms`,
      );
    }
    const [small, large] = results;
    const sdkRatio = large.sdk.p50 / small.sdk.p50;
    const engineRatio = large.engine.p50 / small.engine.p50;
    const verdict = (r: number) => (r <= 1.5 ? 'ok (≤ 1.5)' : 'OVER the 1.5 target');
    console.log(`  p50 ratio ${fmt(large.size)} / ${fmt(small.size)}: SDK ${fmt(sdkRatio, 2)} ${verdict(sdkRatio)}, engine ${fmt(engineRatio, 2)} ${verdict(engineRatio)}`);

    // Function calls through the gateway, warm workers.
    const url = `${twin.url}/_client/callFunction`;
    const callOnce = async (n: number) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'benchEcho', data: { n } }) });
      if (res.status !== 200) throw new Error(`gateway ${res.status}: ${await res.text()}`);
      await res.json();
    };
    await Promise.all(Array.from({ length: CALL_CONCURRENCY }, (_v, i) => callOnce(i)));
    let calls = 0;
    const latencies: number[] = [];
    const deadline = performance.now() + CALL_SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CALL_CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          await callOnce(calls++);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `\nfunction calls via POST /_client/callFunction: ${fmt(latencies.length / elapsed)} calls/s ` +
        `(${CALL_CONCURRENCY} concurrent clients, 4 warm workers, ${CALL_SECONDS} s; latency p50 ${fmt(percentile(latencies, 50), 1)} ms, p99 ${fmt(percentile(latencies, 99), 1)} ms)`,
    );
  } finally {
    await twin.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

runBench(main);
