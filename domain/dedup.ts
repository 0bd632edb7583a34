// De-duplication of reports across channels and reporters (M-6).
// Two reports are the same problem when they are close in place and time, agree on the matter
// type, and their texts share wording. Each signal is scored 0–1 and combined with fixed weights;
// hard gates (too far, too long apart, different types) veto a merge whatever the text says — a
// vetoed pair is left for staff to merge by hand rather than merged wrongly (merging hides a case).
import { charNgrams, cosine } from './classify';
import { haversine } from './org';

export interface DedupReport {
  channel?: string;
  text: string;
  lat?: number | null;
  lng?: number | null;
  /** ISO-8601 instant or Date. */
  at: string | Date;
  /** Confirmed or proposed matter type; different types never merge automatically. */
  matterType?: string | null;
}

export interface DedupSignals {
  text: number;
  /** Metres, null when either report has no location. */
  distance: number | null;
  /** Hours between the two reports. */
  hours: number;
  /** true/false when both types are known, null otherwise. */
  sameType: boolean | null;
}

export interface DedupResult {
  duplicate: boolean;
  /** 0–1 combined score; 0 when a hard gate vetoed. */
  score: number;
  signals: DedupSignals;
}

/** Decision threshold on the combined score. */
export const DEDUP_THRESHOLD = 0.6;
/** Full distance credit within NEAR_M, none beyond FAR_M (hard gate). */
export const DEDUP_NEAR_M = 150;
export const DEDUP_FAR_M = 500;
/** Full time credit within RECENT_H, none beyond MAX_GAP_H (hard gate, 7 days). */
export const DEDUP_RECENT_H = 24;
export const DEDUP_MAX_GAP_H = 24 * 7;
/** Weights of text / place / time / type; sum to 1. */
export const DEDUP_WEIGHTS = { text: 0.4, place: 0.3, time: 0.15, type: 0.15 } as const;
/** Credit for an unknown place (hotline hand-overs often have none): the text must then carry the match. */
export const DEDUP_UNKNOWN_PLACE = 0;
/** Text similarity gets no credit at or below TEXT_FLOOR (unrelated texts share some characters) and full credit at TEXT_FULL. */
export const DEDUP_TEXT_FLOOR = 0.1;
export const DEDUP_TEXT_FULL = 0.45;
/** Channel boilerplate that says nothing about the problem. */
export const DEDUP_BOILERPLATE = /来电人|来电|市民|反映|咨询|建议|入户走访|走访中|网格巡查|巡查|发现|了解到|请求|希望|相关部门|尽快/g;

const hasPoint = (r: DedupReport): r is DedupReport & { lat: number; lng: number } =>
  typeof r.lat === 'number' && typeof r.lng === 'number' && Number.isFinite(r.lat) && Number.isFinite(r.lng);

const ramp = (x: number, full: number, zero: number) => (x <= full ? 1 : x >= zero ? 0 : (zero - x) / (zero - full));

/** Text similarity: cosine over character 1–2-grams (bigrams carry the words; trigrams rarely survive rewording). */
export function textSimilarity(a: string, b: string): number {
  const strip = (t: string) => t.replace(DEDUP_BOILERPLATE, '，');
  return cosine(charNgrams(strip(a), 2), charNgrams(strip(b), 2));
}

export function duplicateScore(a: DedupReport, b: DedupReport): DedupResult {
  const text = textSimilarity(a.text, b.text);
  const distance = hasPoint(a) && hasPoint(b) ? haversine(a, b) : null;
  const hours = Math.abs(new Date(a.at).getTime() - new Date(b.at).getTime()) / 3_600_000;
  const sameType = a.matterType && b.matterType ? a.matterType === b.matterType : null;
  const signals: DedupSignals = {
    text: round(text),
    distance: distance === null ? null : Math.round(distance),
    hours: round(hours),
    sameType,
  };

  const vetoed = (distance !== null && distance > DEDUP_FAR_M) || !(hours <= DEDUP_MAX_GAP_H) || sameType === false;
  if (vetoed) return { duplicate: false, score: 0, signals };

  // Paraphrases of one problem rarely exceed ~0.5 bigram cosine, so text reaches full credit below that.
  const textCredit = Math.max(0, Math.min(1, (text - DEDUP_TEXT_FLOOR) / (DEDUP_TEXT_FULL - DEDUP_TEXT_FLOOR)));
  const place = distance === null ? DEDUP_UNKNOWN_PLACE : ramp(distance, DEDUP_NEAR_M, DEDUP_FAR_M);
  const time = ramp(hours, DEDUP_RECENT_H, DEDUP_MAX_GAP_H);
  const type = sameType === null ? 0.5 : 1;
  const w = DEDUP_WEIGHTS;
  const score = round(w.text * textCredit + w.place * place + w.time * time + w.type * type);
  return { duplicate: score >= DEDUP_THRESHOLD, score, signals };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
