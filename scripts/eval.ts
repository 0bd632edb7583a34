// Evaluation harness for automatic classification (M-5) and de-duplication (M-6).
//   npm run eval                          → the fixture sets below + dedup pairs
//   npm run eval -- --file <labelled.jsonl> [--pairs <pairs.jsonl>] [--county <file>] [--seed <file>]
// Honesty rules (see README "Evaluation caveats"):
// - Evaluation texts are never part of the classifier's knowledge in the same run.
// - sample-reports.jsonl (the reference county's 84 labelled samples) is split per matter type: the
//   first report of each type is the TRAIN split (may be read when writing vocabulary and tuning
//   CLASSIFY), the second is the TEST split (not used for tuning). The split is by position, fixed.
// - heldout-reports.jsonl: own reports in other wordings (5 per type), written before tuning; its
//   individual lines were not used to write the seed vocabulary, but its aggregate score was watched
//   while tuning CLASSIFY — treat it as a dev-ish held-out set.
// - blind-reports.jsonl (v1): written after a first freeze and measured once (57% / 81%); its misses
//   were then looked at and the vocabulary widened, so it is no longer blind (counted as seen).
// - blind2-reports.jsonl (v2): written after the second freeze and measured once (78.6% / 92.9%); its
//   misses were then read (context words removed from the vocabulary, missing concepts added) — seen.
// - blind3-reports.jsonl (v3): written after the third freeze and measured once (81.0% / 90.5%); then
//   used, with all sets above, as the dev set while the seed reports were added — seen.
//   extra-reports.jsonl: an earlier own set (visible while tuning — dev only).
// - The seed's `reports` (2,520 whole reports, 60 per type) were written by separate writers from the type
//   definitions and boundary rules alone, without seeing any fixture; no fixture text is near one of them
//   (checked: character-bigram Jaccard ≤ 0.6 against every fixture line).
// - blind4/5/6-reports.jsonl (v4–v6, 84 each, three writers with different voices): written at the same
//   time as the seed reports, by writers who saw neither the seed reports nor any fixture, and measured
//   only after the seed was frozen — the honest numbers for "worded unlike the samples".
// - "with use" adds the sample TRAIN split as staff corrections (the system learning from use).
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClassifier, duplicateScore, type Classifier, type DedupReport, type LabelledText } from '../domain';
import { loadCounty, loadSeed, parseArgs, readJsonl, typedReport } from './lib/intake-kit';

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

/** First labelled report of each type → train, the rest → test (fixed, position-based split). */
export function splitByType<T extends LabelledText>(rows: T[]): { train: T[]; test: T[] } {
  const seen = new Set<string>();
  const train: T[] = [];
  const test: T[] = [];
  for (const r of rows) (seen.has(r.matterType) ? test : train).push(r), seen.add(r.matterType);
  return { train, test };
}

interface Tally {
  n: number;
  top1: number;
  top3: number;
  /** Confidence buckets: [≥ 0.9, 0.7–0.9, < 0.7] → [count, correct]. */
  buckets: [number, number][];
  confirmedRight: number;
  confirmed: number;
  confusion: Map<string, string[]>;
}
const allTally: Tally = { n: 0, top1: 0, top3: 0, buckets: [[0, 0], [0, 0], [0, 0]], confirmedRight: 0, confirmed: 0, confusion: new Map() };

function evaluate(name: string, clf: Classifier, rows: Labelled[], opts: { confusion?: boolean; pool?: boolean } = {}): void {
  const t: Tally = { n: 0, top1: 0, top3: 0, buckets: [[0, 0], [0, 0], [0, 0]], confirmedRight: 0, confirmed: 0, confusion: new Map() };
  const t0 = performance.now();
  for (const r of rows) {
    const c = clf.classify(r.text, { suggested: suggestedFor(r) });
    const right = c.matterType === r.matterType;
    t.n++;
    if (right) t.top1++;
    else {
      const key = `${r.matterType} → ${c.matterType}`;
      t.confusion.set(key, [...(t.confusion.get(key) ?? []), r.id]);
    }
    if (c.candidates.some((x) => x.matterType === r.matterType)) t.top3++;
    const b = t.buckets[c.confidence >= 0.9 ? 0 : c.confidence >= 0.7 ? 1 : 2];
    b[0]++;
    if (right) b[1]++;
    if (!c.lowConfidence) {
      t.confirmed++;
      if (right) t.confirmedRight++;
    }
  }
  const ms = (performance.now() - t0) / Math.max(1, rows.length);
  if (opts.pool) {
    allTally.n += t.n;
    allTally.top1 += t.top1;
    allTally.top3 += t.top3;
    t.buckets.forEach((b, i) => ((allTally.buckets[i][0] += b[0]), (allTally.buckets[i][1] += b[1])));
    allTally.confirmed += t.confirmed;
    allTally.confirmedRight += t.confirmedRight;
    for (const [k, ids] of t.confusion) allTally.confusion.set(k, [...(allTally.confusion.get(k) ?? []), ...ids]);
  }
  console.log(
    `  ${name.padEnd(40)} top-1 ${pct(t.top1 / t.n).padStart(6)}  top-3 ${pct(t.top3 / t.n).padStart(6)}  ` +
      `(${t.top1}/${t.top3}/${t.n})  auto-accepted ${t.confirmed} (${pct(t.confirmedRight / Math.max(1, t.confirmed))} right)  ${ms.toFixed(2)} ms/text`,
  );
  if (opts.confusion) printConfusion(t.confusion, 8);
}

function printConfusion(confusion: Map<string, string[]>, limit: number): void {
  if (!confusion.size) return;
  const worst = [...confusion.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
  console.log(`    confusions (label → predicted), worst first:`);
  for (const [k, ids] of worst) console.log(`      ${String(ids.length).padStart(2)}× ${k}  [${ids.join(', ')}]`);
}

// --- classification ---
const load = (f: string) => readJsonl<Labelled>(join(FIX, f));
const sample = splitByType(load('sample-reports.jsonl'));
const sets: { name: string; rows: Labelled[]; role: string }[] = flag('file')
  ? [{ name: flag('file')!, rows: readJsonl<Labelled>(flag('file')!), role: 'given file' }]
  : [
      { name: 'sample-reports TRAIN split', rows: sample.train, role: 'tuning (seen)' },
      { name: 'sample-reports TEST split', rows: sample.test, role: 'held out' },
      { name: 'extra-reports.jsonl', rows: load('extra-reports.jsonl'), role: 'own, dev (seen while tuning)' },
      { name: 'heldout-reports.jsonl', rows: load('heldout-reports.jsonl'), role: 'own, held out (written before tuning)' },
      { name: 'blind-reports.jsonl', rows: load('blind-reports.jsonl'), role: 'own, blind v1 — its misses were then seen (dev, seen)' },
      { name: 'blind2-reports.jsonl', rows: load('blind2-reports.jsonl'), role: 'own, blind v2 — its misses were then seen (dev, seen)' },
      { name: 'blind3-reports.jsonl', rows: load('blind3-reports.jsonl'), role: 'own, blind v3 — dev while adding seed reports (seen)' },
      { name: 'blind4-reports.jsonl', rows: load('blind4-reports.jsonl'), role: 'own, blind v4 (mixed channels; measured after the freeze)' },
      { name: 'blind5-reports.jsonl', rows: load('blind5-reports.jsonl'), role: 'own, blind v5 (plain spoken, rural and migrant voices)' },
      { name: 'blind6-reports.jsonl', rows: load('blind6-reports.jsonl'), role: 'own, blind v6 (hotline/suggestion operators, misleading second topics)' },
    ];

const targets = 'targets on reports worded unlike the samples: top-1 ≥ 95%, top-3 ≥ 99%; dedup F1 ≥ 0.95';
console.log(`Classification (M-5) — ${county.matterTypes.length} matter types, ${seed.length} seed texts (phrases + reports); ${targets}`);
console.log(`Split: sample-reports first-of-type → TRAIN (${sample.train.length}), second → TEST (${sample.test.length}); see scripts/eval.ts header.`);
const configOnly = createClassifier(county);
const withSeed = createClassifier(county, [], { knowledge: seed });
const withUse = createClassifier(county, sample.train, { knowledge: seed });
for (const set of sets) {
  const heldOut = !/seen|TRAIN/.test(set.role) || set.role === 'given file';
  console.log(`\n${set.name} — ${set.rows.length} reports, ${set.role}`);
  evaluate('config only', configOnly, set.rows);
  evaluate('config + seed vocabulary (default)', withSeed, set.rows, { confusion: true, pool: heldOut && !flag('file') });
  if (!flag('file') && set.rows !== sample.train) evaluate(`+ ${sample.train.length} TRAIN samples as corrections`, withUse, set.rows);
  if (!flag('file') && /^blind[456]/.test(set.name)) {
    // Simulated use: every other labelled report as a stored staff correction (M-5 "improves with use").
    const others = sets.filter((o) => o !== set && o.name !== 'sample-reports TEST split' && !/^blind[456]/.test(o.name)).flatMap((o) => o.rows);
    evaluate(`+ ${others.length} other own reports as corrections`, createClassifier(county, others, { knowledge: seed }), set.rows);
  }
}
if (allTally.n) {
  const a = allTally;
  console.log(`\nAll held-out reports (sample TEST + own held-out/blind), default classifier: top-1 ${pct(a.top1 / a.n)}  top-3 ${pct(a.top3 / a.n)}  (${a.n} reports)`);
  const labels = ['confidence ≥ 0.9', 'confidence 0.7–0.9', 'confidence < 0.7'];
  console.log(`  calibration: ${a.buckets.map((b, i) => `${labels[i]}: ${b[0]} reports, ${pct(b[1] / Math.max(1, b[0]))} right`).join('; ')}`);
  console.log(`  auto-accepted (not lowConfidence): ${a.confirmed} of ${a.n}, ${pct(a.confirmedRight / Math.max(1, a.confirmed))} right; the rest go to staff to confirm`);
  printConfusion(a.confusion, 10);
}

// --- de-duplication ---
const pairsFile = flag('pairs') ?? join(FIX, 'dedup-pairs.jsonl');
const pairs = readJsonl<Pair>(pairsFile);
// Types are proposed by the classifier, as intake would do (the pairs carry no type labels), so
// classification errors show up here as missed merges.
const typed = (r: DedupReport): DedupReport => typedReport(withSeed, r);
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
  console.log(`  ${label.padEnd(40)} precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  F1 ${f1.toFixed(3)}  (tp ${tp}, fp ${fp}, fn ${fn}, tn ${tn})`);
  if (showMisses) for (const m of misses) console.log(`    ${m}`);
}
console.log(`\nDe-duplication (M-6) — ${pairsFile.replace(/^.*\//, '')}: ${pairs.length} pairs (${pairs.filter((p) => p.duplicate).length} positive, ${pairs.filter((p) => !p.duplicate).length} negative)`);
scorePairs('types proposed by classifier', typed, true);
scorePairs('no types (text + place + time)', (r) => ({ ...r, matterType: null }), true);
