// Automatic classification of report text into the county's matter types (M-5, M-16).
//
// Why character n-grams (1–2): Chinese has no spaces and no segmentation dictionary is available
// offline (jieba & co. ship large dictionaries). Overlapping character bigrams capture most
// words ("井盖", "消防通道" → "消防", "防通", "通道") without one, and degrade gracefully on typos
// and colloquial variants. Hand-written because it is ~100 lines and a library would add a
// dictionary or a tokenizer we would not use.
//
// Model: a per-type character-n-gram language model (multinomial naive Bayes family) with
// Dirichlet smoothing toward the all-types background, IDF-weighted features, a small bonus for
// the nearest whole-report exemplar (county example or correction; inverted index), a small boost for
// curated phrases (names, keywords, seed phrases) found verbatim, and the QR-point prior. Chosen by measurement (npm run eval) over a TF-IDF/Rocchio + 1-NN
// scorer (≈ +7 points top-1): it pools evidence from every correction instead of only the nearest
// one. Each knowledge text adds a bounded mass (docMass) so long reports do not swamp the curated
// keywords, and scoring relative to the background keeps common words (的, 来电人反映) from
// favouring types that have more free text. Trigrams were measured again with the larger seed
// vocabulary (1–3 vs 1–2: equal on dev, −1.4 points on the held-out set) and stay off.
// Knowledge = the type's name, keywords and example from the county config, optional seed
// vocabulary, and staff corrections ({text, matterType}) — all data, so the system improves with
// use (M-5, M-16). The county's place names are blanked first: they say where, not what.
// Pure: no clock, no randomness, no I/O; ≈0.4 ms CPU per report-length text (npm run bench:classify).
import type { CountyConfig } from './county';

export interface LabelledText {
  text: string;
  matterType: string;
}

export interface Candidate {
  matterType: string;
  score: number;
}

export interface Classification {
  matterType: string;
  /** 0–1: softmax share of the top type over all types. */
  confidence: number;
  /** The top 3 types, best first (score = softmax share). */
  candidates: Candidate[];
  /** Staff should confirm: the top type is weak or barely ahead of the second. */
  lowConfidence: boolean;
}

/** The type a new case takes from a guess (M-5): a confident one; a weak guess is left for staff to confirm. */
export function confidentType(guess: Classification | null | undefined): string | undefined {
  return guess && !guess.lowConfidence ? guess.matterType : undefined;
}

export interface ClassifyOptions {
  /** Types suggested by the place (QR point) — a prior, not a decision. */
  suggested?: string[];
}

/**
 * Classification knowledge shipped as data (data/classify-seed.json, or a county's own file): short
 * phrases and whole reports per matter type. Both become knowledge; phrases (≤ lexiconMaxLen characters)
 * also join the curated-phrase lexicon.
 */
export interface ClassifySeed {
  phrases?: Record<string, string[]>;
  reports?: Record<string, string[]>;
}

/** A seed file's phrases and reports as labelled texts. */
export function seedKnowledge(seed: ClassifySeed): LabelledText[] {
  return [seed.phrases, seed.reports].flatMap((byType) => Object.entries(byType ?? {}).flatMap(([matterType, list]) => list.map((text) => ({ text, matterType }))));
}

export interface ClassifierOptions {
  /** Extra labelled knowledge (e.g. a county's seed phrases); treated like corrections. */
  knowledge?: LabelledText[];
}

export interface Classifier {
  classify(text: string, opts?: ClassifyOptions): Classification;
  readonly matterTypes: readonly string[];
}

/** Tunables, exported so callers and tests see the same numbers. */
export const CLASSIFY = {
  /** n-gram lengths used as features (trigrams measured worse: too sparse for this little knowledge). */
  ngrams: [1, 2] as readonly number[],
  /** Dirichlet smoothing mass: a type's n-gram distribution is pulled toward the all-types background by this many pseudo-counts. */
  mu: 300,
  /** Maximum n-gram mass one knowledge text contributes. */
  docMass: 5,
  /** Weight features by inverse document frequency over all knowledge texts (damps 的, 了, 来电人反映). */
  idf: true,
  /** Weight of the type's name and each configured keyword relative to a free-text example. */
  keywordWeight: 1,
  /** Weight of the nearest-exemplar cosine added to the per-feature log-likelihood. */
  exemplarWeight: 0.5,
  /**
   * Curated-phrase boost: a type's name parts, configured keywords and short knowledge phrases
   * (≤ lexiconMaxLen characters, i.e. seed vocabulary, not free-text corrections) that occur verbatim in
   * the text add lexiconWeight × (1 − e^(−Σ specificity)); a phrase's specificity is (length − 1) /
   * (number of types listing the same phrase). Verbatim phrases are the strongest evidence a lexicon
   * has; n-grams alone blur them with chance overlaps.
   */
  lexiconWeight: 0.1,
  lexiconMaxLen: 8,
  /**
   * Shortest n-gram used by the nearest-exemplar cosine. 1 (characters too) measured better with
   * little knowledge (config only: ~+8 points top-1) at ~2× the CPU with thousands of corrections (still ~3 ms).
   */
  exemplarMinN: 1,
  /** Score bonus (same per-feature scale) for QR-suggested types: a prior, text can still overrule it. */
  suggestedBonus: 0.15,
  /** Softmax temperature over per-feature scores; 0.1 measured roughly calibrated (≥ 0.9 → ~97% right). */
  temperature: 0.1,
  /** Below this confidence, or this close to the runner-up, staff should confirm (M-5). */
  lowConfidence: { minConfidence: 0.7, minMargin: 0.3 },
  /**
   * Below this evidence (the top type's IDF-weighted log-likelihood ratio against the background, summed
   * over the text's n-grams) a text says too little to be typed (你好, 12345, a line in English): staff
   * confirm however peaked the softmax is. Measured with the shipped seed: every fixture report ≥ 52,
   * such texts 9–31.
   */
  minEvidence: 35,
};

const PUNCT = /[^\p{Script=Han}\p{L}\p{N}]+/u;

/** NFKC, lower case, digits → 0; split into runs at punctuation/whitespace. */
export function normalizeRuns(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{N}+/gu, '0')
    .split(PUNCT)
    .filter(Boolean);
}

/** Character n-grams (n = 1..maxN) within punctuation-free runs; key is the n-gram itself. */
export function charNgrams(text: string, maxN = 3): Map<string, number> {
  const counts = new Map<string, number>();
  for (const run of normalizeRuns(text)) {
    const chars = Array.from(run);
    for (let n = 1; n <= maxN; n++) {
      for (let i = 0; i + n <= chars.length; i++) {
        let g = chars[i];
        for (let j = 1; j < n; j++) g += chars[i + j];
        counts.set(g, (counts.get(g) ?? 0) + 1);
      }
    }
  }
  return counts;
}

type Vec = Map<string, number>;

function norm(v: Vec): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

function dot(a: Vec, b: Vec): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, x] of small) {
    const y = large.get(k);
    if (y !== undefined) s += x * y;
  }
  return s;
}

/** Cosine similarity of two sparse vectors. */
export function cosine(a: Vec, b: Vec): number {
  const d = norm(a) * norm(b);
  return d === 0 ? 0 : dot(a, b) / d;
}

function addInto(target: Vec, v: Vec, w = 1): void {
  for (const [k, x] of v) target.set(k, (target.get(k) ?? 0) + x * w);
}

/**
 * The county's place names and their stems (富民社区 → 富民, 浔湖街道 → 浔湖): they say where, not what,
 * and must not become evidence for a type because one example happened to mention a place.
 */
export function placeTerms(county: CountyConfig): string[] {
  const names = [
    county.county.name,
    ...county.townships.flatMap((t) => [t.name, ...t.communities.flatMap((c) => [c.name, ...c.grids.map((g) => g.name)])]),
    ...county.qrPoints.map((q) => q.name),
  ];
  const stems = names.map((n) => n.replace(/(街道|社区|居委会|村委会|乡|镇|村|县|区)?(第.+网格|.{1,2}组网格|网格)?$/u, ''));
  return [...new Set([...names, ...stems].filter((t) => Array.from(t).length >= 2))].sort((a, b) => b.length - a.length);
}

/** Build a classifier from the county's matter types plus corrections / extra knowledge (data only). */
export function createClassifier(county: CountyConfig, corrections: readonly LabelledText[] = [], options: ClassifierOptions = {}): Classifier {
  const codes = county.matterTypes.map((m) => m.code);
  const places = placeTerms(county);
  // One alternation (longest names first) instead of a split/join per place: building reads every
  // knowledge text, and this was most of the build time.
  const placeRe = places.length ? new RegExp(places.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu') : null;
  const withoutPlaces = (text: string) => (placeRe ? text.normalize('NFKC').replace(placeRe, '，') : text.normalize('NFKC'));
  const counts = new Map<string, Vec>(codes.map((c) => [c, new Map()]));
  const exemplars = new Map<string, Vec[]>(codes.map((c) => [c, []]));
  const docFreq = new Map<string, number>();
  let docs = 0;
  const maxN = Math.max(...CLASSIFY.ngrams);
  // charNgrams yields every length 1..maxN; filter only when some length in between is switched off.
  const everyLength = CLASSIFY.ngrams.length === maxN;
  const features = (text: string): Vec => {
    const grams = charNgrams(withoutPlaces(text), maxN);
    if (everyLength) return grams;
    const out: Vec = new Map();
    for (const [g, n] of grams) if (CLASSIFY.ngrams.includes(Array.from(g).length)) out.set(g, n);
    return out;
  };
  const lexicon = new Map<string, Set<string>>(); // phrase → types listing it
  const addPhrase = (code: string, phrase: string) => {
    const p = normalizeRuns(withoutPlaces(phrase)).join('|');
    if (Array.from(p).length < 2 || p.includes('|') || Array.from(p).length > CLASSIFY.lexiconMaxLen) return;
    lexicon.set(p, (lexicon.get(p) ?? new Set()).add(code));
  };
  const learn = (code: string, text: string, weight: number, phrase = false) => {
    const target = counts.get(code);
    if (!target || !text.trim()) return; // unknown types are ignored: the county config says what exists
    if (phrase) addPhrase(code, text);
    const f = features(text);
    let len = 0;
    for (const x of f.values()) len += x;
    // Each text adds a bounded mass, so long free-text reports do not swamp short curated keywords.
    addInto(target, f, (weight * Math.min(len, CLASSIFY.docMass)) / len);
    for (const g of f.keys()) docFreq.set(g, (docFreq.get(g) ?? 0) + 1);
    docs++;
    if (!phrase) exemplars.get(code)!.push(f); // phrases act through the lexicon and the model; exemplars are whole reports
  };
  for (const m of county.matterTypes) {
    learn(m.code, m.name, CLASSIFY.keywordWeight);
    for (const part of m.name.split(/[、，,()（）]/u)) if (part) addPhrase(m.code, part);
    for (const k of m.keywords) learn(m.code, k, CLASSIFY.keywordWeight, true);
    if (m.example) learn(m.code, m.example, 1);
  }
  for (const c of options.knowledge ?? []) learn(c.matterType, c.text, 1, true);
  for (const c of corrections) learn(c.matterType, c.text, 1);

  // Background distribution over all knowledge (add-one smoothed).
  const background: Vec = new Map();
  for (const c of counts.values()) addInto(background, c);
  let grand = 0;
  for (const x of background.values()) grand += x;
  const pBg = (g: string) => ((background.get(g) ?? 0) + 1) / (grand + background.size); // background holds every known n-gram
  const { mu } = CLASSIFY;
  const models = codes.map((code) => {
    const c = counts.get(code)!;
    let total = 0;
    for (const x of c.values()) total += x;
    return { code, counts: c, total, exemplars: exemplars.get(code)! };
  });
  // Per n-gram of the knowledge: every type's count, its IDF and background probability — one lookup per
  // query n-gram (the scoring loop runs per n-gram × type; a map lookup per pair was most of the classify time).
  // Flat arrays (row = n-gram, column = type) keep the build to a few allocations.
  const M = models.length;
  const gramRow = new Map<string, number>();
  for (const g of background.keys()) gramRow.set(g, gramRow.size);
  const countsByRow = new Float64Array(gramRow.size * M);
  const idfByRow = new Float64Array(gramRow.size);
  const bgByRow = new Float64Array(gramRow.size);
  for (const [g, row] of gramRow) {
    idfByRow[row] = CLASSIFY.idf ? Math.log((docs + 1) / (docFreq.get(g) ?? 1)) : 1;
    bgByRow[row] = pBg(g);
  }
  models.forEach((m, mi) => {
    for (const [g, x] of m.counts) countsByRow[gramRow.get(g)! * M + mi] = x;
  });

  const phrases = [...lexicon].map(([p, types]) => ({ p, types: [...types], spec: (Array.from(p).length - 1) / types.size }));

  // Inverted index over exemplars (n-gram → parallel arrays of exemplar ids and weights) so the
  // nearest-exemplar cosine only touches exemplars sharing an n-gram with the query; parallel number
  // arrays instead of [id, weight] tuples keep the build cheap for the garbage collector.
  const { exemplarMinN } = CLASSIFY;
  const normMin = (v: Vec): number => {
    let s = 0;
    for (const [g, x] of v) if (g.length >= exemplarMinN) s += x * x;
    return Math.sqrt(s);
  };
  const exemplarType: number[] = [];
  const exemplarNorm: number[] = [];
  const postings = new Map<string, { ids: number[]; w: number[] }>();
  models.forEach((m, mi) => {
    for (const e of m.exemplars) {
      const ei = exemplarType.length;
      exemplarType.push(mi);
      exemplarNorm.push(normMin(e));
      for (const [g, x] of e) {
        if (g.length < exemplarMinN) continue;
        let p = postings.get(g);
        if (!p) postings.set(g, (p = { ids: [], w: [] }));
        p.ids.push(ei);
        p.w.push(x);
      }
    }
  });
  const nearestPerType = (q: Vec): Float64Array => {
    const dots = new Float64Array(exemplarType.length);
    for (const [g, x] of q) {
      const p = postings.get(g);
      if (p) for (let i = 0; i < p.ids.length; i++) dots[p.ids[i]] += x * p.w[i];
    }
    const qn = normMin(q);
    const best = new Float64Array(models.length);
    if (!qn) return best;
    for (let ei = 0; ei < dots.length; ei++) {
      if (!dots[ei]) continue;
      const mi = exemplarType[ei];
      best[mi] = Math.max(best[mi], dots[ei] / (qn * exemplarNorm[ei]));
    }
    return best;
  };

  const classify = (text: string, opts: ClassifyOptions = {}): Classification => {
    const runs = normalizeRuns(withoutPlaces(text)).join('|');
    const lex = new Map<string, number>();
    for (const ph of phrases) if (runs.includes(ph.p)) for (const t of ph.types) lex.set(t, (lex.get(t) ?? 0) + ph.spec);
    // Only features seen somewhere in the knowledge carry evidence; unseen ones would add the same
    // smoothing term to every type, except for the size of its knowledge (a bias, not evidence).
    const q: Vec = new Map();
    const rows: number[] = [];
    let n = 0;
    for (const [g, count] of features(text)) {
      const row = gramRow.get(g);
      if (row === undefined) continue;
      const x = count * idfByRow[row];
      q.set(g, x);
      rows.push(row);
      n += x;
    }
    const suggested = new Set(opts.suggested ?? []);
    const nearest = CLASSIFY.exemplarWeight ? nearestPerType(q) : null;
    // Query likelihood under each type's Dirichlet-smoothed model, relative to the background: only
    // n-grams the type uses more than average add evidence, so common words (的, 了, 来电人反映)
    // do not favour types that happen to have more free-text knowledge.
    const lls = new Float64Array(M);
    let k = 0;
    for (const x of q.values()) {
      const row = rows[k++];
      const bg = bgByRow[row];
      for (let mi = 0; mi < M; mi++) lls[mi] += x * Math.log((countsByRow[row * M + mi] + mu * bg) / ((models[mi].total + mu) * bg));
    }
    const raw = models.map((m, mi) => {
      const ll = lls[mi];
      let s = n ? ll / n : 0; // per-feature average keeps the scale independent of text length
      if (nearest) s += CLASSIFY.exemplarWeight * nearest[mi];
      s += CLASSIFY.lexiconWeight * (1 - Math.exp(-(lex.get(m.code) ?? 0)));
      if (suggested.has(m.code)) s += CLASSIFY.suggestedBonus;
      return { matterType: m.code, raw: s, evidence: ll };
    });
    raw.sort((a, b) => b.raw - a.raw || (a.matterType < b.matterType ? -1 : 1));
    const max = raw[0].raw;
    const exps = raw.map((r) => Math.exp((r.raw - max) / CLASSIFY.temperature));
    const total = exps.reduce((a, b) => a + b, 0);
    const candidates = raw.slice(0, 3).map((r, i) => ({ matterType: r.matterType, score: round(exps[i] / total) }));
    const confidence = candidates[0].score;
    return {
      matterType: candidates[0].matterType,
      confidence,
      candidates,
      lowConfidence:
        n === 0 ||
        raw[0].evidence < CLASSIFY.minEvidence ||
        confidence < CLASSIFY.lowConfidence.minConfidence ||
        confidence - candidates[1].score < CLASSIFY.lowConfidence.minMargin,
    };
  };

  return { classify, matterTypes: codes };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
