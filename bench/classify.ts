// npm run bench:classify: latency of automatic classification (M-5) as the cloud function runs it —
// build the classifier once (county + seed + N stored corrections), then classify each held-out report.
// Prints p50/p99 per text and the build time; it is not a test (target: classify ≪ 20 ms p99).
import { join } from 'node:path';
import { createClassifier, type LabelledText } from '../domain';
import { loadCounty, loadSeed, readJsonl } from '../scripts/lib/intake-kit';
import { percentile } from './lib/measure';

const FIX = join(__dirname, '..', 'tests', 'fixtures');
const county = loadCounty();
const seed = loadSeed();
const texts = ['heldout-reports.jsonl', 'extra-reports.jsonl', 'sample-reports.jsonl'].flatMap((f) => readJsonl<LabelledText>(join(FIX, f)));

for (const n of [0, 500, 2000]) {
  // Stored corrections: the labelled reports repeated, as a busy county would accumulate them.
  const corrections = Array.from({ length: n }, (_, i) => texts[i % texts.length]);
  let t = performance.now();
  const buildCpu0 = process.cpuUsage();
  const clf = createClassifier(county, corrections, { knowledge: seed });
  const buildMs = performance.now() - t;
  const buildCpu = process.cpuUsage(buildCpu0);
  for (const r of texts.slice(0, 50)) clf.classify(r.text); // warm up the JIT
  const samples: number[] = [];
  const cpu0 = process.cpuUsage(); // CPU time is robust to other processes on a shared machine; wall time is not
  for (let round = 0; round < 3; round++)
    for (const r of texts) {
      t = performance.now();
      clf.classify(r.text);
      samples.push(performance.now() - t);
    }
  const cpu = process.cpuUsage(cpu0);
  samples.sort((a, b) => a - b);
  console.log(
    `corrections ${String(n).padStart(4)}: build ${buildMs.toFixed(0)} ms wall / ${((buildCpu.user + buildCpu.system) / 1000).toFixed(0)} ms CPU; classify wall p50 ${percentile(samples, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(samples, 99).toFixed(2)} ms, mean CPU ${((cpu.user + cpu.system) / 1000 / samples.length).toFixed(2)} ms (${samples.length} texts)`,
  );
}
