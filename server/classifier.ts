// Automatic classification inside the function (M-5): the county's own knowledge (names, keywords,
// examples), the seed knowledge shipped with the project (phrases and whole reports), and every staff correction stored so far —
// so the system improves with use. A warm instance rebuilds its classifier when corrections change
// (checked at most every CORRECTIONS_RECHECK_MS).
import seed from '../data/classify-seed.json';
import { createClassifier, seedKnowledge, type Classifier, type LabelledText } from '../domain';
import type { CountyContext } from './county';
import { countOf, readAll } from './db';
import type { Database } from './sdk';

export const CORRECTIONS = 'classification_corrections';
const MAX_CORRECTIONS = 2000;

const SEED: LabelledText[] = seedKnowledge(seed);

/**
 * How long a warm instance trusts its classifier before it counts the stored corrections again. The count
 * is an SDK round trip (≈ 2 ms) on the intake path; a correction made on another instance is in use there
 * within this time, and at once on the instance that recorded it (recordCorrection drops its cache).
 */
export const CORRECTIONS_RECHECK_MS = 5000;

let cached: { county: CountyContext['county']; corrections: number; classifier: Classifier; checkedAt: number } | null = null;

export async function classifierFor(db: Database, env: CountyContext): Promise<Classifier> {
  const now = Date.now();
  if (cached && cached.county === env.county && now - cached.checkedAt < CORRECTIONS_RECHECK_MS) return cached.classifier;
  const total = await countOf(db.collection(CORRECTIONS));
  if (cached && cached.county === env.county && cached.corrections === total) {
    cached.checkedAt = now;
    return cached.classifier;
  }
  const corrections = total ? await readAll<LabelledText>(db.collection(CORRECTIONS).orderBy('at', 'desc').limit(Math.min(total, MAX_CORRECTIONS))) : [];
  const known = new Set(env.county.matterTypes.map((m) => m.code));
  const classifier = createClassifier(
    env.county,
    corrections.filter((c) => known.has(c.matterType)),
    { knowledge: SEED.filter((s) => known.has(s.matterType)) },
  );
  cached = { county: env.county, corrections: total, classifier, checkedAt: now };
  return classifier;
}

/** A staff correction (reclassify) becomes knowledge for later cases. */
export async function recordCorrection(db: Database, correction: LabelledText & { at: string; by: string }): Promise<void> {
  await db.collection(CORRECTIONS).add({ data: correction });
  cached = null; // this instance uses it from the next case on
}
