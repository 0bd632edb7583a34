// Delivers queued notifications (written by server/effects.ts inside each action's transaction):
// resolves recipients, writes each one's notification-centre message, and sends the WeChat subscribe
// message (subscribeMessage.send; a user who gave no consent simply gets no push). Runs on a timer.
import { composeMessage, type CaseDoc, type Entity, type NotifyTarget, type Role, type WhistleDoc } from '../domain';
import { COLLECTIONS, readAll, readOne } from './db';
import type { NotificationDoc } from './effects';
import { NOTIFICATIONS } from './effects';
import { ROLE_BINDINGS, type RoleBindingRow } from './role-bindings';
import { sdk, type Database } from './sdk';

export const MESSAGES = 'messages';

export interface MessageDoc {
  openid: string;
  title: string;
  subject: string;
  entity: Entity;
  entityId: string;
  /** Page (without leading '/') the message opens. */
  page: string;
  at: string;
  read: boolean;
}

/** Template ids per message kind, set per mini-program (SHAOSHENG_SUBSCRIBE_TEMPLATES='{"case_progress":"…",…}'). */
function templateIds(): Record<string, string> {
  try {
    return JSON.parse(process.env.SHAOSHENG_SUBSCRIBE_TEMPLATES || '{}');
  } catch {
    return {};
  }
}

const STAFF_ROLE_OF_UNIT_KIND: Record<Exclude<NotifyTarget, 'reporter'>, (unit: string, doc: CaseDoc | WhistleDoc) => Role> = {
  level: (unit, doc) => ('grid' in doc && unit === doc.grid ? 'grid_worker' : 'community' in doc && unit === doc.community ? 'community' : 'township'),
  township: () => 'township',
  whistle_office: () => 'whistle_office',
  department: () => 'department',
};

async function reporterOpenids(db: Database, entity: Entity, doc: CaseDoc | WhistleDoc): Promise<string[]> {
  const cases = entity === 'case' ? [doc as CaseDoc] : await Promise.all((doc as WhistleDoc).caseIds.map((id) => readOne<CaseDoc>(db.collection(COLLECTIONS.case), id)));
  // A party member who registered the problem on a visit hears what its reporter would (M-4); a grid
  // worker's own registrations reach them through their inbox instead.
  const registrars = await Promise.all(
    cases.map((c) => (c?.channel === 'party_visit' && c.registeredBy ? readOne<{ openid: string }>(db.collection('people'), c.registeredBy) : null)),
  );
  return [...cases.flatMap((c) => (c ? [c.reporter.openid, ...c.linkedReporters.map((r) => r.openid)] : [])), ...registrars.flatMap((p) => (p?.openid ? [p.openid] : []))];
}

async function staffOpenids(db: Database, role: Role, unit: string): Promise<string[]> {
  const rows = await readAll<RoleBindingRow>(db.collection(ROLE_BINDINGS).where({ role, active: true, unit }).limit(100));
  const people = await Promise.all(rows.map((r) => readOne<{ openid: string }>(db.collection('people'), r.personId)));
  return people.flatMap((p) => (p?.openid ? [p.openid] : []));
}

function pageOf(entity: Entity, id: string, staff: boolean): string {
  if (entity === 'whistle') return `staff/whistle/index?id=${id}`;
  return staff ? `staff/case/index?id=${id}` : `pages/case/index?id=${id}`;
}

export interface DeliveryRun {
  delivered: number;
  pushed: number;
  notPushed: number;
}

/** Claims and delivers up to `max` pending notifications. Safe to run concurrently and repeatedly. */
export async function deliverPending(db: Database, now: Date, max = 50): Promise<DeliveryRun> {
  const run: DeliveryRun = { delivered: 0, pushed: 0, notPushed: 0 };
  const pending = await readAll<NotificationDoc & { _id: string }>(db.collection(NOTIFICATIONS).where({ status: 'pending' }).orderBy('at', 'asc').limit(max));
  const ids = templateIds();
  for (const n of pending) {
    // Claim: only one runner moves a notification out of 'pending'.
    const claim = (await db.collection(NOTIFICATIONS).where({ _id: n._id, status: 'pending' }).update({ data: { status: 'sending' } })) as unknown as { stats: { updated: number } };
    if (claim.stats.updated !== 1) continue;
    const doc = await readOne<CaseDoc | WhistleDoc>(db.collection(COLLECTIONS[n.entity]), n.entityId);
    const to = n.to;
    const staff = to !== 'reporter';
    const openids = !doc ? [] : to === 'reporter' ? await reporterOpenids(db, n.entity, doc) : await staffOpenids(db, STAFF_ROLE_OF_UNIT_KIND[to](n.unit, doc), n.unit);
    const subject = doc ? ('text' in doc ? doc.text : doc.title) : '';
    const message = composeMessage(n.template, staff ? 'staff' : 'reporter', subject, new Date(n.at));
    const page = pageOf(n.entity, n.entityId, staff);
    let pushed = 0;
    for (const openid of [...new Set(openids)].filter(Boolean)) {
      const row: MessageDoc = { openid, title: message.title, subject, entity: n.entity, entityId: n.entityId, page, at: n.at, read: false };
      await db.collection(MESSAGES).add({ data: row });
      try {
        await sdk().openapi.subscribeMessage.send({ touser: openid, templateId: ids[message.kind] ?? message.kind, page, data: message.data, miniprogramState: 'formal' });
        pushed++;
      } catch {
        // No consent (43101) or quota: the notification centre still has it.
        run.notPushed++;
      }
    }
    await db.collection(NOTIFICATIONS).doc(n._id).update({ data: { status: 'sent', sentAt: now.toISOString(), recipients: openids.length, pushed } });
    run.delivered++;
    run.pushed += pushed;
  }
  return run;
}
