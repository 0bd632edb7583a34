// Evaluation harness for automatic classification (M-5) and de-duplication (M-6).
//   npm run eval                          → sample + extra reports, dedup pairs
//   npm run eval -- --file <labelled.jsonl> [--pairs <pairs.jsonl>] [--county <file>]
// Honesty rules: evaluation texts are never part of the classifier's knowledge in the same run.
// "with use" trains on the OTHER labelled set as staff corrections (cross-set hold-out).
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClassifier, duplicateScore, type Classifier, type DedupReport, type LabelledText } from '../domain';
import { loadCounty, loadSeed, parseArgs, readJsonl } from './lib/intake-kit';

interface Labelled extends LabelledText {
  id: string;
  township?: string;
  channel?: string;
  grid?: string;
}
interface Pair {
  id: string;
  duplicate: boolean;
  note?: string;
  a: DedupReport;
  b: DedupReport;
}

const FIX = join(__dirname, '..', 'tests', 'fixtures');
const { flags } = parseArgs(process.argv.slice(2));
const flag = (k: string) => (typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined);

const county = loadCounty(flag('county'));
const seed = loadSeed(flag('seed'));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** QR-code reports carry the place's suggested types as a prior (M-4). */
function suggestedFor(r: Labelled): string[] | undefined {
  if (r.channel !== 'qrcode' || !r.grid) return undefined;
  const types = county.qrPoints.filter((q) => q.grid === r.grid).flatMap((q) => q.suggestedMatterTypes);
  return types.length ? types : undefined;
}

function evaluate(name: string, clf: Classifier, rows: Labelled[], showConfusion: boolean): void {
  let top1 = 0;
  let top3 = 0;
  let low = 0;
  const confusion = new Map<string, string[]>();
  const t0 = performance.now();
  for (const r of rows) {
    const c = clf.classify(r.text, { suggested: suggestedFor(r) });
    if (c.matterType === r.matterType) top1++;
    else {
      const key = `${r.matterType} → ${c.matterType}`;
      confusion.set(key, [...(confusion.get(key) ?? []), r.id]);
    }
    if (c.candidates.some((x) => x.matterType === r.matterType)) top3++;
    if (c.lowConfidence) low++;
  }
  const ms = (performance.now() - t0) / rows.length;
  console.log(
    `  ${name.padEnd(34)} top-1 ${pct(top1 / rows.length).padStart(6)}  top-3 ${pct(top3 / rows.length).padStart(6)}  ` +
      `(${top1}/${top3}/${rows.length})  lowConfidence ${low}  ${ms.toFixed(2)} ms/text`,
  );
  if (showConfusion && confusion.size) {
    const worst = [...confusion.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
    console.log(`    confusions (label → predicted), worst first:`);
    for (const [k, ids] of worst) console.log(`      ${String(ids.length).padStart(2)}× ${k}  [${ids.join(', ')}]`);
  }
}

// --- classification ---
const sets: { name: string; rows: Labelled[] }[] = flag('file')
  ? [{ name: flag('file')!, rows: readJsonl<Labelled>(flag('file')!) }]
  : [
      { name: 'sample-reports.jsonl', rows: readJsonl<Labelled>(join(FIX, 'sample-reports.jsonl')) },
      { name: 'extra-reports.jsonl', rows: readJsonl<Labelled>(join(FIX, 'extra-reports.jsonl')) },
    ];

const targets = 'targets: top-1 ≥ 95%, top-3 ≥ 99%, dedup F1 ≥ 0.95';
console.log(`Classification (M-5) — ${county.matterTypes.length} matter types; ${targets}`);
const configOnly = createClassifier(county);
const withSeed = createClassifier(county, [], { knowledge: seed });
for (const [i, set] of sets.entries()) {
  console.log(`\n${set.name} (${set.rows.length} reports)`);
  evaluate('config only', configOnly, set.rows, false);
  evaluate('config + seed vocabulary (default)', withSeed, set.rows, true);
  const others = sets.filter((_, j) => j !== i).flatMap((s) => s.rows);
  if (others.length) {
    const used = createClassifier(county, others, { knowledge: seed });
    evaluate(`+ ${others.length} corrections from other set`, used, set.rows, false);
  }
}

// --- de-duplication ---
const pairsFile = flag('pairs') ?? join(FIX, 'dedup-pairs.jsonl');
const pairs = readJsonl<Pair>(pairsFile);
// Types are proposed by the classifier, as intake would do (the pairs carry no type labels), so
// classification errors show up here as missed merges.
const typed = (r: DedupReport): DedupReport => ({ ...r, matterType: r.matterType ?? withSeed.classify(r.text).matterType });
function scorePairs(label: string, prepare: (r: DedupReport) => DedupReport, showMisses: boolean): void {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const misses: string[] = [];
  for (const p of pairs) {
    const res = duplicateScore(prepare(p.a), prepare(p.b));
    if (res.duplicate && p.duplicate) tp++;
    else if (res.duplicate) fp++;
    else if (p.duplicate) fn++;
    else tn++;
    if (res.duplicate !== p.duplicate) misses.push(`${p.id} (${p.duplicate ? 'missed' : 'false merge'}, score ${res.score}): ${p.note ?? ''}`);
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  console.log(`  ${label.padEnd(34)} precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  F1 ${f1.toFixed(3)}  (tp ${tp}, fp ${fp}, fn ${fn}, tn ${tn})`);
  if (showMisses) for (const m of misses) console.log(`    ${m}`);
}
console.log(`\nDe-duplication (M-6) — ${pairsFile.replace(/^.*\//, '')}: ${pairs.length} pairs (${pairs.filter((p) => p.duplicate).length} positive, ${pairs.filter((p) => !p.duplicate).length} negative)`);
scorePairs('types proposed by classifier', typed, true);
scorePairs('no types (text + place + time)', (r) => ({ ...r, matterType: null }), true);
