// Duplicate search and merge at intake (M-6), shared by every channel that creates cases (cases.submit,
// the importer, visit registration). Candidates come from ONE bounded, index-backed query:
//   - a placed report: index `cell_type_recent` / `cell_recent` (geoCell, [matterType,] createdAt) — cases
//     in the place cells within DEDUP_FAR_M of the report (domain/dedup.ts geoCellsNear) plus the unplaced
//     reports of its grid (their cell is the grid's, unplacedCellOf), created within the dedup time window —
//     the hard gates of duplicateScore, so nothing outside could ever score;
//   - an unplaced report (hotline hand-overs): index `grid_type_recent` / `grid_recent` — its grid in the
//     same window, placed or not.
// The type in the index keeps a busy place's other matters out of the candidates (read in SQL, never parsed).
// Scoring and thresholds are the domain's (domain/dedup.ts rankDuplicates).

import {
  CASE_STATE_LABELS,
  CHANNEL_LABELS,
  availableActions,
  canView,
  DEDUP_WINDOW_MS,
  SYSTEM_ACTOR,
  applyAction,
  creationEvent,
  duplicateSearchCells,
  rankDuplicates,
  type Actor,
  type ActorRef,
  type CaseDoc,
  type DedupCandidate,
  type DuplicateMatch,
  type Effect,
} from '../domain';
import { DomainError, isDomainError } from '../domain/errors';
import { toCaseSummary, type DuplicateSuggestion, type MergedReport } from '../domain/api';
import { PRIMARY_STATES } from '../domain/mergeRows';
import type { CountyContext } from './county';
import type { Origin } from './effects';
import { COLLECTIONS, readAll } from './db';
import type { Database } from './sdk';
import { findById, insertWithEvent } from './store';

const FIXED_STATES: CaseDoc['state'][] = ['resolved', 'closed'];

/** Upper bound per query: a busy place gets far fewer reports a week in practice. */
export const DEDUP_CANDIDATE_LIMIT = 200;

const FIELDS = { _id: true, state: true, text: true, matterType: true, createdAt: true, place: true, channel: true, mergedInto: true, geo: true } as const;

/**
 * Stored cases that could be the same problem as `doc` (index-backed, bounded). At intake only earlier
 * reports matter; on a case detail later ones too (`around`).
 */
export async function duplicateCandidates(db: Database, doc: Pick<CaseDoc, '_id' | 'grid' | 'geo' | 'createdAt' | 'matterType'>, around = false): Promise<DedupCandidate[]> {
  const _ = db.command;
  // Another known type never merges (duplicateScore's type gate — stored cases carry no classifier
  // runner-ups, so a different type is a veto): leave those in the store, not on the wire.
  const type = doc.matterType ? { matterType: _.in([doc.matterType, null]) } : {};
  const at = Date.parse(doc.createdAt);
  const window = _.gte(new Date(at - DEDUP_WINDOW_MS).toISOString()).and(_.lte(new Date(around ? at + DEDUP_WINDOW_MS : at).toISOString()));
  const cases = db.collection(COLLECTIONS.case);
  const recent = (where: Record<string, unknown>) =>
    readAll<DedupCandidate>(cases.where({ ...where, ...type, createdAt: window }).orderBy('createdAt', 'desc').limit(DEDUP_CANDIDATE_LIMIT).field(FIELDS));
  const cells = duplicateSearchCells(doc);
  return recent(cells ? { geoCell: _.in(cells) } : { grid: doc.grid });
}

/** Likely duplicates of `doc`, best first (see rankDuplicates for the kinds). */
export async function findDuplicates(db: Database, doc: CaseDoc, around = false): Promise<DuplicateMatch[]> {
  return rankDuplicates(doc, await duplicateCandidates(db, doc, around));
}

export interface IntakeOutcome {
  created: boolean;
  /** The primary case the report was merged into automatically (M-6), if any. */
  mergedInto?: string;
  score?: number;
}

/**
 * Stores a new case (M-4) — merged at once into the earlier open case when it is a likely duplicate
 * (score ≥ DEDUP_AUTO_MERGE, M-6): the new document is kept in state 'merged' with both audit events
 * (create, auto_merge), its reporter is linked to the primary in the same transaction and hears it
 * was merged; nobody gets a new task. Otherwise it is stored with `arrival` effects (reporter
 * receipt, new task for the grid). Returns created=false when the id already exists.
 */
export async function insertCaseWithDedup(db: Database, doc: CaseDoc, opts: { by: ActorRef; origin: Origin; arrival: Effect[] }): Promise<IntakeOutcome> {
  const created = creationEvent('case', doc, opts.by);
  const best = (await findDuplicates(db, doc)).find((m) => m.kind === 'merge');
  if (best) {
    const merged = applyAction({
      entity: 'case',
      doc,
      action: 'auto_merge',
      actor: SYSTEM_ACTOR,
      input: { into: best.caseId, score: best.score },
      now: opts.origin.now,
      county: opts.origin.env.county,
      calendar: opts.origin.env.calendar,
    });
    try {
      const ok = await insertWithEvent(db, 'case', merged.next, [{ event: created, before: null, after: doc }, { event: merged.event, before: doc, after: merged.next }], { effects: merged.effects, origin: opts.origin });
      return ok ? { created: true, mergedInto: best.caseId, score: best.score } : { created: false };
    } catch (err) {
      // The primary moved on meanwhile (e.g. just closed): keep the report as a case of its own.
      if (!isDomainError(err)) throw err;
    }
  }
  return { created: await insertWithEvent(db, 'case', doc, created, { effects: opts.arrival, origin: opts.origin }) };
}

// ---- case detail and actions (cases function) ----

/** Likely duplicates of `doc` as staff see them on the case detail (M-6); only cases the viewer may see. */
export async function duplicateSuggestions(db: Database, doc: CaseDoc, actor: Actor, env: CountyContext, now: Date): Promise<DuplicateSuggestion[]> {
  if (doc.state === 'merged' || FIXED_STATES.includes(doc.state)) return [];
  const matches = await findDuplicates(db, doc, true);
  if (!matches.length) return [];
  const ids = matches.map((m) => m.caseId);
  const docs = await readAll<CaseDoc>(db.collection(COLLECTIONS.case).where({ _id: db.command.in(ids) }).limit(ids.length));
  const byId = new Map(docs.map((d) => [d._id, d]));
  const mayMerge = availableActions('case', doc, actor, now).some((a) => a.action === 'merge');
  return matches.flatMap((m) => {
    const other = byId.get(m.caseId);
    if (!other || !canView('case', other, actor)) return [];
    const summary = toCaseSummary(other, { ...env, now });
    return [
      {
        id: other._id,
        no: other.no,
        text: summary.text,
        stateLabel: summary.stateLabel,
        placeLabel: summary.placeLabel,
        createdAt: other.createdAt,
        score: m.score,
        kind: m.kind,
        distance: m.signals.distance,
        canMergeInto: mayMerge && m.kind !== 'recurrence' && PRIMARY_STATES.includes(other.state),
      },
    ];
  });
}

/** The reports merged into `doc`, for staff to open (and un-merge there). */
export function mergedReports(doc: CaseDoc): MergedReport[] {
  return doc.linkedReporters.flatMap((r) => (r.caseId ? [{ id: r.caseId, channelLabel: CHANNEL_LABELS[r.channel], at: r.at }] : []));
}

/** Staff merge: the primary must be visible to them and still take reports (M-6); the row checks the rest. */
export async function requireMergeTarget(db: Database, actor: Actor, sourceId: string, into: unknown): Promise<CaseDoc> {
  if (typeof into !== 'string' || !into || into === sourceId) throw new DomainError('VALIDATION', '请选择要合并到的事项（M-6）', { rule: 'M-6' });
  const target = await findById(db, 'case', into);
  if (!target || !canView('case', target, actor)) throw new DomainError('OUT_OF_JURISDICTION', '只能合并到您管辖范围内的事项（M-6）', { rule: 'M-6' });
  if (!PRIMARY_STATES.includes(target.state)) {
    throw new DomainError('ILLEGAL_TRANSITION', `目标事项「${CASE_STATE_LABELS[target.state]}」，不能再合并（已办结的问题再次出现应作为新事项办理，M-6）`, { rule: 'M-6' });
  }
  return target;
}

/** A reporter's own cases, each merged report shown as the case it joined (M-6), each case once. */
export async function withPrimaries(db: Database, rows: CaseDoc[]): Promise<CaseDoc[]> {
  const primaryIds = [...new Set(rows.flatMap((d) => (d.mergedInto ? [d.mergedInto] : [])))];
  const primaries = primaryIds.length ? await readAll<CaseDoc>(db.collection(COLLECTIONS.case).where({ _id: db.command.in(primaryIds) }).limit(primaryIds.length)) : [];
  const byId = new Map(primaries.map((d) => [d._id, d]));
  const seen = new Set<string>();
  return rows.flatMap((d) => {
    const shown = (d.mergedInto && byId.get(d.mergedInto)) || d;
    if (seen.has(shown._id)) return [];
    seen.add(shown._id);
    return [shown];
  });
}
