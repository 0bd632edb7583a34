// npm run bench:assessment [-- --quick]: latency of the evaluation function's assessment (M-23) and its XLSX
// export over a generated county-year (≈4,000 cases, ≈1,000 whistles; tests/helpers/county-year.ts).
// Prints numbers; it is not a test. The assessment reads the period's dispatch events (index action_time),
// then those whistles' documents, events, evaluations, supervisions and cases by id — so a month costs
// about a twelfth of a year, whatever else is stored.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { generateCountyYear } from '../tests/helpers/county-year';
import { insertAll, runBench, withSeededBenchTwin } from './lib/bench-twin';
import { fmt, p50p99, timeGatewayCalls } from './lib/measure';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const CALLS = values.quick ? 5 : 20;
const YEAR = 2025;

async function main(): Promise<void> {
  await withSeededBenchTwin('assessment', async (twin, db) => {
    const t = performance.now();
    const year = generateCountyYear({ year: YEAR });
    await insertAll(db, 'cases', year.cases);
    await insertAll(db, 'whistles', year.whistles);
    await insertAll(db, 'events', year.events);
    console.log(
      `assessment bench${values.quick ? ' (--quick)' : ''}: ${fmt(year.cases.length)} cases, ${fmt(year.whistles.length)} whistles, ${fmt(year.events.length)} events in ${YEAR}, loaded in ${fmt((performance.now() - t) / 1000, 1)} s; node ${process.version}, ${os.cpus().length} cores, load average ${fmt(os.loadavg()[0], 1)}`,
    );

    const runs = [
      { label: `assessment ${YEAR} (year)`, action: 'assessment', period: String(YEAR) },
      { label: `assessment ${YEAR}-Q2 (quarter)`, action: 'assessment', period: `${YEAR}-Q2` },
      { label: `assessment ${YEAR}-06 (month)`, action: 'assessment', period: `${YEAR}-06` },
      { label: `exportAssessment ${YEAR} (XLSX)`, action: 'exportAssessment', period: String(YEAR) },
    ];
    for (const run of runs) {
      const { samples, data } = await timeGatewayCalls<{ whistles?: Record<string, unknown> }>(
        twin.url,
        { label: run.label, openid: 'demo-leader', name: 'evaluation', action: run.action, payload: { period: run.period } },
        2, // the first calls warm the function worker
        CALLS,
      );
      const whistles = data.whistles ? Object.keys(data.whistles).length : 0;
      console.log(`  ${run.label.padEnd(34)} ${p50p99(samples)}${whistles ? `  (${fmt(whistles)} whistles)` : ''}`);
    }
  });
}

runBench(main);
