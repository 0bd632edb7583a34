// Shared loading for the intake CLI and eval harness: county, seed vocabulary, JSONL, arguments.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClassifier, parseCounty, seedKnowledge, type Classifier, type ClassifySeed, type DedupReport, type CountyConfig, type LabelledText } from '../../domain';

const ROOT = join(__dirname, '..', '..');
export const DEFAULT_COUNTY = join(ROOT, 'data', 'county.json');
export const DEFAULT_SEED = join(ROOT, 'data', 'classify-seed.json');

/** `--name value` flags and `--flag` booleans; everything else is positional. */
export function parseArgs(argv: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) positional.push(a);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), true);
  }
  return { positional, flags };
}

export function loadCounty(file: string = DEFAULT_COUNTY): CountyConfig {
  return parseCounty(JSON.parse(readFileSync(resolve(file), 'utf8')));
}

/** Seed knowledge file {phrases?, reports?: {matterType: string[]}} → labelled texts. */
export function loadSeed(file: string = DEFAULT_SEED): LabelledText[] {
  return seedKnowledge(JSON.parse(readFileSync(resolve(file), 'utf8')) as ClassifySeed);
}

export function readJsonl<T = Record<string, unknown>>(file: string): T[] {
  return readFileSync(resolve(file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export interface ClassifierSetup {
  county: CountyConfig;
  classifier: Classifier;
}

/** County (--county), seed vocabulary (--seed <file> | --no-seed), staff corrections (--corrections <jsonl>). */
export function classifierFromFlags(flags: Map<string, string | true>): ClassifierSetup {
  const str = (k: string) => (typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined);
  const county = loadCounty(str('county'));
  const knowledge = flags.has('no-seed') ? [] : loadSeed(str('seed'));
  const correctionsFile = str('corrections');
  const corrections = correctionsFile ? readJsonl<LabelledText>(correctionsFile) : [];
  return { county, classifier: createClassifier(county, corrections, { knowledge }) };
}

/**
 * A duplicate-search report typed as intake would type it (M-6): a confirmed type is kept; otherwise the
 * classifier's proposal and runner-ups, so a close runner-up does not veto a merge (DEDUP_ALT_TYPE_MIN).
 */
export function typedReport(classifier: Classifier, r: DedupReport): DedupReport {
  if (r.matterType) return r;
  const c = classifier.classify(r.text);
  return { ...r, matterType: c.matterType, candidates: c.candidates };
}
