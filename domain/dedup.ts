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
  /**
   * Optional: the classifier's candidates for a PROPOSED type. When the other report's type is a
   * candidate here with score ≥ DEDUP_ALT_TYPE_MIN, the types count as uncertain (sameType null)
   * rather than different — a close runner-up should not veto a merge (e.g. 施工噪声 vs 社会噪声).
   */
  candidates?: readonly { matterType: string; score: number }[] | null;
}

export interface DedupSignals {
  text: number;
  /** Metres, null when either report has no location. */
  distance: number | null;
  /** Hours between the two reports. */
  hours: number;
  /** true/false when both types are known, null when either is unknown or one is a close runner-up of the other. */
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
/** A classifier candidate at or above this score makes a type disagreement uncertain instead of a veto. */
export const DEDUP_ALT_TYPE_MIN = 0.1;
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

const runnerUp = (r: DedupReport, type: string) => (r.candidates ?? []).some((c) => c.matterType === type && c.score >= DEDUP_ALT_TYPE_MIN);

function typeAgreement(a: DedupReport, b: DedupReport): boolean | null {
  if (!a.matterType || !b.matterType) return null;
  if (a.matterType === b.matterType) return true;
  return runnerUp(a, b.matterType) || runnerUp(b, a.matterType) ? null : false;
}

export function duplicateScore(a: DedupReport, b: DedupReport): DedupResult {
  const text = textSimilarity(a.text, b.text);
  const distance = hasPoint(a) && hasPoint(b) ? haversine(a, b) : null;
  const hours = Math.abs(new Date(a.at).getTime() - new Date(b.at).getTime()) / 3_600_000;
  const sameType = typeAgreement(a, b);
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

// ---- wiring into case intake (M-6) ----

/** At or above: merged automatically into the earlier open case. The eval's decision threshold —
 *  `npm run eval` measures its precision on labelled pairs; raise it if wrong merges show up. */
export const DEDUP_AUTO_MERGE = DEDUP_THRESHOLD;
/** At or above (and below auto): shown to staff as a likely duplicate on the case detail. */
export const DEDUP_SUGGEST = 0.4;
/** Candidates come from this window around the report (the time gate of duplicateScore). */
export const DEDUP_WINDOW_MS = DEDUP_MAX_GAP_H * 3_600_000;

/** What intake and the case detail need of a stored case to compare it. */
export interface DedupCandidate {
  _id: string;
  state: string;
  text: string;
  matterType: string | null;
  createdAt: string;
  place: { lat?: number; lng?: number } | null;
  channel?: string;
  mergedInto?: string | null;
  geo?: unknown;
}

export type DuplicateKind =
  /** Open (or whistled) earlier case, score ≥ auto: the report joins it. */
  | 'merge'
  /** Open case, suggest ≤ score < auto: staff decide. */
  | 'suggest'
  /** The place's earlier case was already fixed (resolved/closed): a new case; shown to staff as related only. */
  | 'recurrence';

export interface DuplicateMatch {
  caseId: string;
  score: number;
  kind: DuplicateKind;
  signals: DedupSignals;
}

/** Fixed states: a report after the fix starts a new case (M-6), never merged into the fixed one. */
const FIXED = new Set(['resolved', 'closed']);
/** States that may take in further reports (see domain/mergeRows.ts PRIMARY_STATES). */
const OPEN_FOR_MERGE = new Set(['grid_pending', 'grid_claimed', 'community_pending', 'community_claimed', 'township_pending', 'township_claimed', 'follow_up', 'whistled']);

/** [lng, lat] of a stored GeoJSON point — as written, or as the SDK reads it back (a Geo.Point with longitude/latitude). */
export function geoLngLat(geo: unknown): [number, number] | null {
  const g = geo as { coordinates?: unknown; longitude?: unknown; latitude?: unknown } | null | undefined;
  if (Array.isArray(g?.coordinates) && typeof g.coordinates[0] === 'number' && typeof g.coordinates[1] === 'number') return [g.coordinates[0], g.coordinates[1]];
  if (typeof g?.longitude === 'number' && typeof g?.latitude === 'number') return [g.longitude, g.latitude];
  return null;
}

/** duplicateScore's place and type gates, checked before its text similarity (most candidates fail them). */
function vetoedCheaply(a: DedupReport, b: DedupReport): boolean {
  if (typeAgreement(a, b) === false) return true;
  return hasPoint(a) && hasPoint(b) && haversine(a, b) > DEDUP_FAR_M;
}

export function asDedupReport(c: Pick<DedupCandidate, 'text' | 'matterType' | 'createdAt' | 'place' | 'channel' | 'geo'>): DedupReport {
  // The reported coordinates, else the point intake derived (a scanned QR place).
  const point = typeof c.place?.lat === 'number' && typeof c.place?.lng === 'number' ? [c.place.lng, c.place.lat] : geoLngLat(c.geo);
  return { text: c.text, matterType: c.matterType, at: c.createdAt, lat: point?.[1], lng: point?.[0], channel: c.channel };
}

/**
 * Scores `subject` against each candidate and keeps the likely duplicates, best first. Auto-merge
 * targets only earlier cases still open, and only when both reports carry a location: merging hides a
 * case, and without places "same wording in the same grid" may be two different buildings — such pairs
 * go to staff as suggestions. Fixed cases come back as 'recurrence' (information for staff: a report
 * after the fix starts a new case, M-6); merged documents are skipped (their primary is a candidate).
 */
export function rankDuplicates(subject: DedupCandidate, candidates: readonly DedupCandidate[]): DuplicateMatch[] {
  const a = asDedupReport(subject);
  const out: DuplicateMatch[] = [];
  const seen = new Set<string>([subject._id]);
  for (const c of candidates) {
    if (seen.has(c._id) || c.mergedInto || c.state === 'merged') continue;
    seen.add(c._id);
    const b = asDedupReport(c);
    if (vetoedCheaply(a, b)) continue; // same verdict as duplicateScore (score 0), without the text work
    const { score, signals } = duplicateScore(a, b);
    if (score < DEDUP_SUGGEST) continue;
    const kind: DuplicateKind = FIXED.has(c.state)
      ? 'recurrence'
      : !OPEN_FOR_MERGE.has(c.state)
        ? 'suggest'
        : score >= DEDUP_AUTO_MERGE && signals.distance !== null && c.createdAt <= subject.createdAt
          ? 'merge'
          : 'suggest';
    out.push({ caseId: c._id, score, kind, signals });
  }
  return out.sort((x, y) => y.score - x.score || (x.signals.distance ?? 1e9) - (y.signals.distance ?? 1e9));
}

// ---- place cells: a B-tree-indexable neighbourhood (indexes cases.cell_recent / cell_type_recent: geoCell, [matterType,] createdAt) ----
// The twin's (and CloudBase's) 2dsphere index is single-field, so a radius query cannot also narrow by
// time and scans every case ever reported nearby. A fixed lat/lng grid of DEDUP_CELL_DEG cells (≈ 550 m)
// turns "within DEDUP_FAR_M, in the last week" into `geoCell IN (≤ 12 cells) AND createdAt in window`,
// answered by one compound index, bounded by what was reported around there that week. A report with no
// place (hotline hand-overs) sits in its grid's own cell, so a placed report finds the unplaced ones of its
// grid in the same single query (cells near it + its grid's cell).

export const DEDUP_CELL_DEG = 0.005;
const M_PER_DEG_LAT = 111_320;

export function geoCellOf(lat: number, lng: number): string {
  return `${Math.floor(lat / DEDUP_CELL_DEG)}:${Math.floor(lng / DEDUP_CELL_DEG)}`;
}

/** The cell of the reports in `grid` that carry no place. */
export function unplacedCellOf(grid: string): string {
  return `grid:${grid}`;
}

/**
 * The cells a placed report's duplicate search reads (those within DEDUP_FAR_M plus its grid's unplaced
 * cell); null for an unplaced report, which searches its whole grid instead.
 */
export function duplicateSearchCells(doc: { grid: string; geo?: unknown }): string[] | null {
  const point = geoLngLat(doc.geo);
  return point ? [...geoCellsNear(point[1], point[0]), unplacedCellOf(doc.grid)] : null;
}

/** Every cell that intersects the square of half-side `radiusM` around the point (covers the circle). */
export function geoCellsNear(lat: number, lng: number, radiusM = DEDUP_FAR_M): string[] {
  const dLat = radiusM / M_PER_DEG_LAT;
  const dLng = radiusM / (M_PER_DEG_LAT * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  const out: string[] = [];
  for (let y = Math.floor((lat - dLat) / DEDUP_CELL_DEG); y <= Math.floor((lat + dLat) / DEDUP_CELL_DEG); y++)
    for (let x = Math.floor((lng - dLng) / DEDUP_CELL_DEG); x <= Math.floor((lng + dLng) / DEDUP_CELL_DEG); x++) out.push(`${y}:${x}`);
  return out;
}

