// Counters for the dashboards (M-28, M-29), kept in `stats_summaries` — one document per (CST day, area)
// and one per (month, area), each possibly in a few shards — and updated in the SAME transaction as the
// audit event that changes them (store.ts calls applyStatsForEvent), so a figure never disagrees with
// the log. Dashboards read a bounded number of these summaries through the `area_span_day` index —
// never the cases.
import {
  applyDelta,
  deltaAreas,
  emptyDayDoc,
  statsDeltas,
  STATS_SHARDS,
  statsDocId,
  summaryPlan,
  type Granularity,
  type StatsDayDoc,
  type StatsDelta,
  type StatsScope,
  type StatsSpan,
} from '../domain/stats';
import type { AuditEventDraft, Doc } from '../domain/types';
import { attemptOf, readAll, withoutId, type Tx } from './db';
import type { Database } from './sdk';

export const STATS = 'stats_summaries';

/** Groups deltas by the summaries (day and month, in `shard`) they touch, applied onto `load`ed or new documents. */
export async function accumulate(
  deltas: StatsDelta[],
  load: (id: string) => Promise<StatsDayDoc | null> | StatsDayDoc | null,
  docs = new Map<string, StatsDayDoc>(),
  shard = 0,
): Promise<Map<string, StatsDayDoc>> {
  for (const d of deltas) {
    for (const { scope, area } of deltaAreas(d)) {
      for (const key of [d.day, d.day.slice(0, 7)]) {
        const id = statsDocId(key, scope, area, shard);
        let doc = docs.get(id);
        if (!doc) {
          doc = (await load(id)) ?? emptyDayDoc(key, scope, area, d.county, shard);
          docs.set(id, doc);
        }
        applyDelta(doc, d);
      }
    }
  }
  return docs;
}

/** One shard per transaction attempt (a retried transaction is a new Tx and draws again). */
const shardOfTx = new WeakMap<Tx, number>();

/** Shard 0 on a first attempt — so quiet areas keep one summary per day — a random other shard after a conflict. */
const drawShard = (tx: Tx) => (attemptOf(tx) === 1 ? 0 : 1 + Math.floor(Math.random() * (STATS_SHARDS - 1)));

/**
 * The stats hook: what one audited change adds, written inside its transaction. Concurrent events in
 * the same area conflict at commit on the shared summary; the losers' transactions are retried by
 * wx-server-sdk's runTransaction and spread over the other shards, so a burst gets through.
 */
export async function applyStatsForEvent(tx: Tx, event: AuditEventDraft, before: Doc | null, after: Doc): Promise<void> {
  const deltas = statsDeltas(event, before, after);
  if (!deltas.length) return;
  if (!shardOfTx.has(tx)) shardOfTx.set(tx, drawShard(tx));
  const load = async (id: string) => {
    const found = (await tx.collection(STATS).doc(id).get()).data as StatsDayDoc | null | undefined;
    return found ? { ...found, _id: id } : null;
  };
  const docs = await accumulate(deltas, load, new Map(), shardOfTx.get(tx));
  for (const doc of docs.values()) await tx.collection(STATS).doc(doc._id).set({ data: withoutId(doc) });
}

/**
 * The summaries covering [from, to] (YYYY-MM-DD) for one area: month summaries for whole months, day
 * summaries for the rest (summaryPlan), read through the `area_span_day` index — at most about
 * 60 day + 37 month documents for a three-year monthly view, whatever the number of cases.
 */
export async function readSummaries(
  db: Database,
  q: { scope: StatsScope; area: string; from: string; to: string; granularity: Granularity },
  fields?: Record<string, boolean>,
): Promise<StatsDayDoc[]> {
  const plan = summaryPlan(q.from, q.to, q.granularity);
  const ranges: [StatsSpan, string, string][] = plan.days.map(([a, b]) => ['day', a, b]);
  if (plan.months) ranges.push(['month', plan.months[0], plan.months[1]]);
  const parts = await Promise.all(ranges.map(([span, a, b]) => readSpan(db, q.scope, q.area, span, a, b, fields)));
  return parts.flat();
}

async function readSpan(db: Database, scope: StatsScope, area: string, span: StatsSpan, from: string, to: string, fields?: Record<string, boolean>): Promise<StatsDayDoc[]> {
  const _ = db.command;
  const out: StatsDayDoc[] = [];
  for (let skip = 0; ; skip += 1000) {
    let query = db.collection(STATS).where({ scope, area, span, day: _.gte(from).and(_.lte(to)) }).orderBy('day', 'asc');
    if (fields) query = query.field({ ...fields, day: true, span: true }) as typeof query;
    const rows = await readAll<StatsDayDoc>(query.skip(skip).limit(1000));
    out.push(...rows);
    if (rows.length < 1000) return out;
  }
}

/** Inserts day documents built outside a transaction into an empty collection (bulk loads, benches), in batches. */
export async function insertDays(db: Database, docs: Iterable<StatsDayDoc>): Promise<number> {
  const all = [...docs];
  for (let i = 0; i < all.length; i += 500) await db.collection(STATS).add({ data: all.slice(i, i + 500) });
  return all.length;
}
