// Automatic classification inside the function (M-5): the county's own knowledge (names, keywords,
// examples), the seed vocabulary shipped with the project, and every staff correction stored so far —
// so the system improves with use. A warm instance rebuilds its classifier when corrections change.
import seed from '../data/classify-seed.json';
import { createClassifier, type Classifier, type LabelledText } from '../domain';
import type { CountyContext } from './county';
import { countOf, readAll } from './db';
import type { Database } from './sdk';

export const CORRECTIONS = 'classification_corrections';
const MAX_CORRECTIONS = 2000;

const SEED: LabelledText[] = Object.entries((seed as { phrases: Record<string, string[]> }).phrases).flatMap(([matterType, list]) =>
  list.map((text) => ({ text, matterType })),
);

let cached: { county: CountyContext['county']; corrections: number; classifier: Classifier } | null = null;

export async function classifierFor(db: Database, env: CountyContext): Promise<Classifier> {
  const total = await countOf(db.collection(CORRECTIONS));
  if (cached && cached.county === env.county && cached.corrections === total) return cached.classifier;
  const corrections = total ? await readAll<LabelledText>(db.collection(CORRECTIONS).orderBy('at', 'desc').limit(Math.min(total, MAX_CORRECTIONS))) : [];
  const known = new Set(env.county.matterTypes.map((m) => m.code));
  const classifier = createClassifier(
    env.county,
    corrections.filter((c) => known.has(c.matterType)),
    { knowledge: SEED.filter((s) => known.has(s.matterType)) },
  );
  cached = { county: env.county, corrections: total, classifier };
  return classifier;
}

/** A staff correction (reclassify) becomes knowledge for later cases. */
export async function recordCorrection(db: Database, correction: LabelledText & { at: string; by: string }): Promise<void> {
  await db.collection(CORRECTIONS).add({ data: correction });
}
