// Classification behaviour on held-out reports (M-5) and type-aware de-duplication (M-6).
// Thresholds sit a little below what `npm run eval` measures (see README "Evaluation caveats"), so they
// catch regressions without pinning exact numbers. None of these texts is part of the knowledge.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedJson from '../../data/classify-seed.json';
import { createClassifier, duplicateScore, DEDUP_ALT_TYPE_MIN, seedKnowledge, type Classifier, type DedupReport, type LabelledText } from '../../domain';
import { county } from './fixtures';

type Row = LabelledText & { id: string; channel?: string; grid?: string };
const seed: LabelledText[] = seedKnowledge(seedJson);
const read = <T>(f: string): T[] =>
  readFileSync(join(__dirname, '..', 'fixtures', f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
const suggestedFor = (r: Row) => (r.channel === 'qrcode' ? county.qrPoints.filter((q) => q.grid === r.grid).flatMap((q) => q.suggestedMatterTypes) : undefined);

function accuracy(clf: Classifier, rows: Row[]) {
  let top1 = 0;
  let top3 = 0;
  for (const r of rows) {
    const c = clf.classify(r.text, { suggested: suggestedFor(r) });
    if (c.matterType === r.matterType) top1++;
    if (c.candidates.some((x) => x.matterType === r.matterType)) top3++;
  }
  return { top1: top1 / rows.length, top3: top3 / rows.length };
}

/** Mirrors scripts/eval.ts: first sample of each type is TRAIN, the second is TEST. */
function split(rows: Row[]) {
  const seen = new Set<string>();
  const train: Row[] = [];
  const test: Row[] = [];
  for (const r of rows) (seen.has(r.matterType) ? test : train).push(r), seen.add(r.matterType);
  return { train, test };
}

const clf = createClassifier(county, [], { knowledge: seed });
const heldout = read<Row>('heldout-reports.jsonl');
const blind3 = read<Row>('blind3-reports.jsonl');

describe('held-out classification (M-5)', () => {
  test('own held-out set covers every matter type in several wordings', () => {
    const perType = new Map<string, number>();
    for (const r of heldout) perType.set(r.matterType, (perType.get(r.matterType) ?? 0) + 1);
    expect([...perType.keys()].sort()).toEqual(county.matterTypes.map((m) => m.code).sort());
    expect(Math.min(...perType.values())).toBeGreaterThanOrEqual(4);
    // Fixture texts are never seed texts.
    const known = new Set(seed.map((s) => s.text));
    const fixtures = ['heldout', 'extra', 'sample', 'blind', 'blind2', 'blind3', 'blind4', 'blind5', 'blind6'].flatMap((f) => read<Row>(`${f}-reports.jsonl`));
    expect(fixtures.filter((r) => known.has(r.text))).toEqual([]);
  });

  test('own held-out set: measured 98.1% top-1 / 100% top-3', () => {
    const a = accuracy(clf, heldout);
    expect(a.top1).toBeGreaterThanOrEqual(0.95);
    expect(a.top3).toBeGreaterThanOrEqual(0.99);
  });

  test('sample TEST split (not used for tuning): measured 100% / 100%', () => {
    const { test: rows } = split(read<Row>('sample-reports.jsonl'));
    expect(rows).toHaveLength(county.matterTypes.length);
    const a = accuracy(clf, rows);
    expect(a.top1).toBeGreaterThanOrEqual(0.95);
    expect(a.top3).toBeGreaterThanOrEqual(0.99);
  });

  test('blind v3 set: measured 95.2% / 100% (81.0% / 90.5% before the seed reports)', () => {
    const a = accuracy(clf, blind3);
    expect(a.top1).toBeGreaterThanOrEqual(0.9);
    expect(a.top3).toBeGreaterThanOrEqual(0.97);
  });

  test('blind v4–v6 (252 reports by writers who saw neither seed nor fixtures): measured 99.2% / 100% — the issue-6 targets (95% / 99%)', () => {
    const rows = ['blind4', 'blind5', 'blind6'].flatMap((f) => read<Row>(`${f}-reports.jsonl`));
    expect(rows).toHaveLength(3 * 2 * county.matterTypes.length);
    const a = accuracy(clf, rows);
    expect(a.top1).toBeGreaterThanOrEqual(0.95);
    expect(a.top3).toBeGreaterThanOrEqual(0.99);
  });

  test('the system improves with use: a county starting from its own config only learns from stored corrections', () => {
    const others = ['heldout', 'extra', 'blind', 'blind2'].flatMap((f) => read<Row>(`${f}-reports.jsonl`));
    const configOnly = createClassifier(county);
    const used = createClassifier(county, [...others, ...split(read<Row>('sample-reports.jsonl')).train]);
    const before = accuracy(configOnly, blind3);
    const after = accuracy(used, blind3);
    expect(after.top1).toBeGreaterThan(before.top1 + 0.1);
    expect(after.top3).toBeGreaterThan(before.top3);
    // With the shipped seed as well, corrections do not cost accuracy.
    expect(accuracy(createClassifier(county, others, { knowledge: seed }), blind3).top1).toBeGreaterThanOrEqual(accuracy(clf, blind3).top1);
  });

  test('confidence is informative: auto-accepted proposals are right far more often than flagged ones', () => {
    let acc = 0;
    let accRight = 0;
    let low = 0;
    let lowRight = 0;
    for (const r of [...heldout, ...blind3]) {
      const c = clf.classify(r.text, { suggested: suggestedFor(r) });
      const right = c.matterType === r.matterType;
      if (c.lowConfidence) (low++, right && lowRight++);
      else (acc++, right && accRight++);
      if (c.lowConfidence) expect(c.confidence < 0.7 || c.confidence - c.candidates[1].score < 0.3).toBe(true);
    }
    expect(low).toBeGreaterThan(0);
    expect(accRight / acc).toBeGreaterThanOrEqual(0.85);
    expect(lowRight / low).toBeLessThan(accRight / acc - 0.2);
  });

  test('staff corrections as knowledge: the sample TRAIN split as corrections does not lower held-out accuracy', () => {
    const { train } = split(read<Row>('sample-reports.jsonl'));
    const used = createClassifier(county, train, { knowledge: seed });
    const rows = [...heldout, ...read<Row>('extra-reports.jsonl')];
    expect(accuracy(used, rows).top1).toBeGreaterThanOrEqual(accuracy(clf, rows).top1);
  });

  test('a single correction moves a later, similar report to the corrected type', () => {
    // Even against a confident proposal: the county files senior-college places under 科普服务.
    const later = '老年大学报不上名，名额太少';
    expect(clf.classify(later).matterType).toBe('service_childcare');
    const learned = createClassifier(county, [{ text: '老年大学名额不够', matterType: 'service_science' }], { knowledge: seed });
    expect(learned.classify(later).matterType).toBe('service_science');
    expect(learned.classify('人行道上的井盖不见了').matterType).toBe('manhole_cover');
  });

  test('QR suggestion prior: raises the suggested type, never removes the text’s own evidence', () => {
    const text = '这里坏了好几天了，一直没人来修';
    const plain = clf.classify(text);
    const prior = clf.classify(text, { suggested: ['park_facility'] });
    const score = (c: typeof plain) => c.candidates.find((x) => x.matterType === 'park_facility')?.score ?? 0;
    expect(score(prior)).toBeGreaterThan(score(plain));
    expect(prior.matterType).toBe('park_facility');
    // A prior is bounded: a type with no textual support at all is not pulled to the top.
    expect(clf.classify(text, { suggested: ['irrigation_water'] }).matterType).toBe(plain.matterType);
    // A clear text keeps its type at a QR point suggesting something else.
    expect(clf.classify('井盖被人偷了，下面黑洞洞的', { suggested: ['irrigation_water'] }).matterType).toBe('manhole_cover');
  });
});

describe('type-aware de-duplication (M-6)', () => {
  const a: DedupReport = { channel: 'hotline_12345', text: '来电人反映：中学对面工地凌晨还在施工，噪音扰民。', lat: 29.8035, lng: 116.1241, at: '2026-05-20T23:30:00+08:00', matterType: 'noise_construction' };
  const b: DedupReport = { channel: 'miniprogram', text: '中学对面工地半夜还在用电镐，吵得睡不着', lat: 29.8036, lng: 116.1238, at: '2026-05-21T00:15:00+08:00', matterType: 'noise_social' };

  test('a different proposed type vetoes a merge, unless it is a close runner-up of the other', () => {
    expect(duplicateScore(a, b)).toMatchObject({ duplicate: false, score: 0 });
    const withRunnerUp = { ...b, candidates: [{ matterType: 'noise_social', score: 0.8 }, { matterType: 'noise_construction', score: DEDUP_ALT_TYPE_MIN + 0.05 }] };
    const r = duplicateScore(a, withRunnerUp);
    expect(r.signals.sameType).toBeNull();
    expect(r.duplicate).toBe(true);
    const farRunnerUp = { ...b, candidates: [{ matterType: 'noise_social', score: 0.99 }, { matterType: 'noise_construction', score: DEDUP_ALT_TYPE_MIN / 2 }] };
    expect(duplicateScore(a, farRunnerUp).duplicate).toBe(false);
  });

  test('labelled pairs with classifier-proposed types and candidates: F1 ≥ 0.95, no false merges (measured 0.982)', () => {
    const pairs = read<{ duplicate: boolean; a: DedupReport; b: DedupReport }>('dedup-pairs.jsonl');
    const typed = (r: DedupReport) => {
      const c = clf.classify(r.text);
      return { ...r, matterType: c.matterType, candidates: c.candidates };
    };
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of pairs) {
      const dup = duplicateScore(typed(p.a), typed(p.b)).duplicate;
      if (dup && p.duplicate) tp++;
      else if (dup) fp++;
      else if (p.duplicate) fn++;
    }
    expect(fp).toBe(0);
    expect((2 * tp) / (2 * tp + fp + fn)).toBeGreaterThanOrEqual(0.95);
  });
});
