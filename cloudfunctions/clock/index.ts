// clock: the SLA timer (every 10 minutes, config.json) and the notification sender (every minute). Finds what passed its deadline through indexes
// only and lets the transition table act as SYSTEM_ACTOR:
//   cases awaiting a claim past deadlines.claimDue → auto_escalate, the miss recorded against the level (M-11);
//   resolved cases past deadlines.rateDue         → auto_rate, never counted as 满意 (M-21);
//   whistles past deadlines.nextDue               → flag_overdue, misses recorded for supervision (M-24, M-25);
//   cases and whistles past deadlines.alertAt     → sla_alert: 临期 notice once per deadline, a claimed case's
//                                                   handling limit recorded as missed (M-11, M-24; domain/sla.ts).
// Every deadline field is null once nothing runs, so the indexes hold only open work: a run never reads
// closed history (bench/sla-clock.ts shows its cost does not grow with it). The alert jobs run last, after
// escalations and flags have moved the deadlines they would otherwise look at.
// Idempotent: each action moves or clears the deadline it was found by, so a second run finds nothing.
// Bounded: at most ROUNDS pages of BATCH documents per kind and a time budget per run; the rest waits for
// the next run. Refused documents (a case held by the photo check) are paged past, never block the queue.
import { SYSTEM_ACTOR, type ActionOf, type Entity } from '../../domain';
import { isDomainError } from '../../domain/errors';
import { loadCounty } from '../../server/county';
import { COLLECTIONS, readAll } from '../../server/db';
import { createFunction, type TimerImpl } from '../../server/handler';
import { act } from '../../server/store';
import { deliverPending } from '../../server/notify';

const BATCH = 50;
/** Pages per kind and run (≤ ROUNDS × BATCH documents), besides the time budget. */
const ROUNDS = 20;
const BUDGET_MS = 40_000;

interface Job<E extends Entity> {
  name: 'escalated' | 'autoRated' | 'flagged' | 'alerted';
  entity: E;
  /** Indexed deadline field: claim_due, rate_due, next_due, alert_at. */
  field: string;
  action: ActionOf<E>;
}

const JOBS: Job<Entity>[] = [
  { name: 'escalated', entity: 'case', field: 'deadlines.claimDue', action: 'auto_escalate' },
  { name: 'autoRated', entity: 'case', field: 'deadlines.rateDue', action: 'auto_rate' },
  { name: 'flagged', entity: 'whistle', field: 'deadlines.nextDue', action: 'flag_overdue' },
  { name: 'alerted', entity: 'case', field: 'deadlines.alertAt', action: 'sla_alert' },
  { name: 'alerted', entity: 'whistle', field: 'deadlines.alertAt', action: 'sla_alert' },
];

export interface ClockRun {
  at: string;
  escalated: number;
  autoRated: number;
  flagged: number;
  /** 临期 notices and handle misses (sla_alert on cases and whistles). */
  alerted: number;
  /** Found but refused by the domain (e.g. a person acted on it meanwhile). */
  skipped: number;
  /** A batch was full or the budget ran out: more may be waiting for the next run. */
  more: boolean;
}

const clock: TimerImpl = async ({ db, now, requestId }) => {
  const started = Date.now();
  const env = await loadCounty(db);
  const at = now.toISOString();
  const run: ClockRun = { at, escalated: 0, autoRated: 0, flagged: 0, alerted: 0, skipped: 0, more: false };
  for (const job of JOBS) {
    // Documents the domain refuses (e.g. a case held by the photo check, CONTENT_PENDING) keep their
    // deadline and stay first in line; later pages skip them so they never hold up the rest.
    let refused = 0;
    for (let round = 1; ; round++) {
      const due = await readAll<{ _id: string }>(
        db.collection(COLLECTIONS[job.entity]).where({ [job.field]: db.command.lt(at) }).orderBy(job.field, 'asc').skip(refused).limit(BATCH).field({ _id: true }),
      );
      for (const { _id } of due) {
        if (Date.now() - started > BUDGET_MS) return { ...run, more: true };
        try {
          await act({ db, entity: job.entity, id: _id, action: job.action, actor: SYSTEM_ACTOR, input: {}, now, env });
          run[job.name]++;
        } catch (err) {
          if (!isDomainError(err)) throw err;
          refused++;
          run.skipped++;
          console.warn(`[${requestId}] clock: ${job.action} on ${job.entity} ${_id} refused: ${err.code} ${err.message}`);
        }
      }
      if (due.length < BATCH) break;
      if (round === ROUNDS) {
        run.more = true;
        break;
      }
    }
  }
  return run;
};

/** Delivers queued notifications: pushes subscribe messages and fills the notification centre. */
const notify: TimerImpl = async ({ db, now }) => deliverPending(db, now);

export const main = createFunction({}, {}, { clock, notify });
