// whistles: the township's four steps (M-12), dispatch and report-for-duty (M-13…M-18), supervision (M-24).
// Thin: validate → authorise and decide in the domain (canView + transition table) → persist with the
// audit event, cascades and notifications in one transaction (server/store.ts, server/effects.ts).
import {
  availableActions,
  canView,
  checkWhistleBoundary,
  eventPhotos,
  newWhistle,
  routeMatter,
  timelineFromEvents,
  withoutHiddenPhotos,
  type Actor,
  type AssignmentState,
  type CaseDoc,
  type RoleBinding,
  type WhistleDoc,
  type WhistleState,
} from '../../domain';
import { DomainError, isDomainError } from '../../domain/errors';
import { attachmentNotice, withoutHiddenAttachments } from '../../domain/contentCheck';
import { api, toCaseSummary } from '../../domain/api';
import {
  ASSIGNMENT_ROLE_LABELS,
  ASSIGNMENT_STATE_LABELS,
  WHISTLE_INBOX_ROLES,
  deadlineView,
  toRouteView,
  toWhistleSummary,
  toWhistleView,
  whistlePhotoIds,
  type WhistleDetail,
  type WhistleInbox,
  type WhistleInboxItem,
} from '../../domain/api/whistles';
import { ASSIGNMENTS, type AssignmentRow } from '../../server/assignments';
import { loadCounty, type CountyContext } from '../../server/county';
import { COLLECTIONS, countOf, readAll, readPage } from '../../server/db';
import { tempUrls } from '../../server/files';
import { createFunction, type CallContext } from '../../server/handler';
import { displayNo, requestScopedId } from '../../server/ids';
import { actAsCaller, eventsOf, findById, insertWithEvent, requireById } from '../../server/store';
import { dispatchProposal, recordDispatch } from '../../server/dispatch-history';
import { hiddenAttachments, startAttachmentChecks } from '../../server/media-checks';
import type { Tx } from '../../server/db';

type InboxRole = (typeof WHISTLE_INBOX_ROLES)[number];

/** States each inbox lists under "todo" (what awaits it), and the states it counts. */
const COUNTY_WHISTLES = {
  todo: ['submitted', 'dispatched', 'in_progress'] satisfies WhistleState[],
  counted: ['submitted', 'dispatched', 'in_progress', 'completed'] satisfies WhistleState[],
};

const INBOX: Record<InboxRole, { todo: string[]; counted: string[] }> = {
  township: {
    todo: ['proposed', 'collected', 'reviewed', 'submitted', 'dispatched', 'in_progress'] satisfies WhistleState[],
    counted: ['proposed', 'collected', 'reviewed', 'rejected', 'submitted', 'dispatched', 'in_progress', 'completed'] satisfies WhistleState[],
  },
  whistle_office: COUNTY_WHISTLES,
  leader: COUNTY_WHISTLES,
  department: {
    todo: ['dispatched', 'checked_in'] satisfies AssignmentState[],
    counted: ['dispatched', 'checked_in', 'completed', 'returned'] satisfies AssignmentState[],
  },
};
const LIVE: WhistleState[] = ['dispatched', 'in_progress'];

async function detail(ctx: CallContext, env: CountyContext, stored: WhistleDoc): Promise<WhistleDetail> {
  const viewEnv = { ...env, now: ctx.now };
  const [events, cases] = await Promise.all([
    eventsOf(ctx.db, 'whistle', stored._id),
    stored.caseIds.length
      ? readAll<CaseDoc>(ctx.db.collection(COLLECTIONS.case).where({ _id: ctx.db.command.in(stored.caseIds) }).limit(stored.caseIds.length))
      : Promise.resolve([]),
  ]);
  // Issue 5 §7: attachments whose image check came back risky or review are out of the page and its timeline.
  const hidden = await hiddenAttachments(ctx.db, [...whistlePhotoIds(stored), ...eventPhotos(events)]);
  const doc = withoutHiddenAttachments(stored, hidden);
  const urls = await tempUrls(whistlePhotoIds(doc));
  let route: WhistleDetail['route'] = null;
  try {
    const opts = { urgent: doc.kind === 'urgent', stationedTried: doc.stationedTried };
    // M-16: before dispatch the office sees the lists shifted by earlier dispatches (server/dispatch-history.ts).
    const proposal = doc.state === 'submitted' || doc.state === 'reviewed' ? await dispatchProposal(ctx.db, env, doc) : null;
    route = toRouteView(routeMatter(env.county, doc.matterType, doc.township), checkWhistleBoundary(env.county, doc.matterType, doc.township, opts), viewEnv, proposal);
  } catch (err) {
    if (!isDomainError(err)) throw err; // matter type no longer configured: no proposal to show
  }
  return {
    whistle: toWhistleView(doc, viewEnv, urls),
    timeline: withoutHiddenPhotos(timelineFromEvents(events, { audience: 'staff', org: env.org }), hidden),
    actions: availableActions('whistle', doc, ctx.actor, ctx.now),
    route,
    cases: cases.filter((c) => canView('case', c, ctx.actor, { whistle: doc })).map((c) => toCaseSummary(c, viewEnv)),
    ...attachmentNotice(hidden.size),
  };
}

/** Only its township, the whistle office, leaders and the departments it was sent to see a whistle. */
function visible(doc: WhistleDoc, actor: Actor): WhistleDoc {
  if (!canView('whistle', doc, actor)) throw new DomainError('OUT_OF_JURISDICTION', '该哨单不在您的管辖范围内');
  return doc;
}

async function visibleWhistle(ctx: CallContext, id: string): Promise<WhistleDoc> {
  return visible(await requireById(ctx.db, 'whistle', id), ctx.actor);
}

function inboxBinding(actor: Actor, role?: InboxRole): RoleBinding & { role: InboxRole } {
  const handles = (b: RoleBinding): b is RoleBinding & { role: InboxRole } => (WHISTLE_INBOX_ROLES as readonly string[]).includes(b.role);
  const binding = actor.bindings.filter(handles).find((b) => !role || b.role === role);
  if (!binding) throw new DomainError('FORBIDDEN_ROLE', '只有乡镇(街道)党建办、县吹哨办、县直部门和县领导可以查看哨单');
  return binding;
}

export const main = createFunction(api.whistles, {
  async propose(ctx, input) {
    const env = await loadCounty(ctx.db);
    const { clientRequestId, township: requested, ...fields } = input;
    const township = requested ?? ctx.actor.bindings.find((b) => b.role === 'township')?.unit;
    if (!township) throw new DomainError('FORBIDDEN_ROLE', '只有乡镇(街道)党建办可以执行「提出事项」', { rule: 'M-12' });
    const id = requestScopedId('w', ctx.openid, clientRequestId);
    const existing = await findById(ctx.db, 'whistle', id);
    if (existing) return { ...(await detail(ctx, env, visible(existing, ctx.actor))), created: false };

    const result = newWhistle({ id, no: displayNo(id, ctx.now, 'W'), input: { ...fields, township }, actor: ctx.actor, now: ctx.now, county: env.county, calendar: env.calendar });
    const origin = { actor: ctx.actor, now: ctx.now, env };
    const created = await insertWithEvent(ctx.db, 'whistle', result.next, result.event, { effects: result.effects, origin });
    const stored = created ? result.next : await visibleWhistle(ctx, id);
    return { ...(await detail(ctx, env, stored)), created };
  },

  async get(ctx, input) {
    const env = await loadCounty(ctx.db);
    return detail(ctx, env, await visibleWhistle(ctx, input.whistleId));
  },

  async act(ctx, input) {
    const env = await loadCounty(ctx.db);
    const before = await visibleWhistle(ctx, input.whistleId);
    if (input.action === 'dispatch' && before.state === 'submitted') {
      // M-16: dispatch starts from the platform's proposal; what the office chose is kept (a correction
      // when it differs) in the dispatch's own transaction and shifts later proposals.
      const proposal = await dispatchProposal(ctx.db, env, before);
      const chosen = { ...input.input };
      if (proposal && chosen.lead === undefined) Object.assign(chosen, { lead: proposal.lead, co: chosen.co ?? proposal.co });
      const proposed = proposal ?? { lead: before.routing?.lead ?? '', co: before.routing?.co ?? [] };
      const record = (tx: Tx, doc: WhistleDoc) => recordDispatch(tx, doc, { lead: proposed.lead, co: proposed.co }, ctx.actor.personId, ctx.now.toISOString());
      const { doc } = await actAsCaller(ctx, env, 'whistle', input.whistleId, { ...input, input: chosen }, record);
      return detail(ctx, env, doc);
    }
    const { doc } = await actAsCaller(ctx, env, 'whistle', input.whistleId, input);
    // Issue 5 §7: a department's progress and completion photos go to the image check (not held; a risky verdict hides them).
    await startAttachmentChecks(ctx.db, ctx.openid, { entity: 'whistle', id: doc._id }, input.input.photos, ctx.now);
    return detail(ctx, env, doc);
  },

  async inbox(ctx, input): Promise<WhistleInbox> {
    const env = await loadCounty(ctx.db);
    const viewEnv = { ...env, now: ctx.now };
    const binding = inboxBinding(ctx.actor, input.role);
    const { todo, counted } = INBOX[binding.role];
    if (input.state && !counted.includes(input.state)) throw new DomainError('VALIDATION', `该列表没有此状态：${input.state}`);
    const _ = ctx.db.command;
    const state = input.state ?? (input.view === 'todo' ? _.in(todo) : undefined);
    const scope = { role: binding.role, unit: binding.unit, unitName: env.org.unitName(binding.unit) };
    const counts: Record<string, number> = {};

    if (binding.role === 'department') {
      // Index dept_inbox: the department's own running deadline first, then the oldest.
      const base = { dept: binding.unit };
      const query = ctx.db
        .collection(ASSIGNMENTS)
        .where(state ? { ...base, state } : base)
        .orderBy('due', 'asc')
        .orderBy('createdAt', 'asc')
        .orderBy('_id', 'asc');
      const page = await readPage<AssignmentRow>(query, input.cursor, input.limit);
      const ids = page.rows.map((r) => r.whistleId);
      const docs = ids.length ? await readAll<WhistleDoc>(ctx.db.collection(COLLECTIONS.whistle).where({ _id: _.in(ids) }).limit(ids.length)) : [];
      const byId = new Map(docs.map((d) => [d._id, d]));
      const items = page.rows.flatMap((r): WhistleInboxItem[] => {
        const doc = byId.get(r.whistleId);
        if (!doc) return [];
        const assignment = { role: r.role, roleLabel: ASSIGNMENT_ROLE_LABELS[r.role], state: r.state, stateLabel: ASSIGNMENT_STATE_LABELS[r.state], deadline: deadlineView(r.due, viewEnv) };
        return [{ ...toWhistleSummary(doc, viewEnv), assignment }];
      });
      for (const s of counted) counts[s] = await countOf(ctx.db.collection(ASSIGNMENTS).where({ ...base, state: s }));
      return { items, nextCursor: page.nextCursor, counts, scope };
    }

    // Indexes township_inbox / county_inbox: nearest deadline first — whistles awaiting a township step or
    // dispatch have none yet and come first — then the oldest.
    const base = binding.role === 'township' ? { township: binding.unit } : { county: binding.unit };
    const where = { ...base, ...(state ? { state } : {}), ...(input.kind ? { kind: input.kind } : {}) };
    const query = ctx.db.collection(COLLECTIONS.whistle).where(where).orderBy('deadlines.nextDue', 'asc').orderBy('createdAt', 'asc').orderBy('_id', 'asc');
    const page = await readPage<WhistleDoc>(query, input.cursor, input.limit);
    for (const s of counted) counts[s] = await countOf(ctx.db.collection(COLLECTIONS.whistle).where({ ...base, state: s }));
    if (binding.role !== 'township') counts.urgent = await countOf(ctx.db.collection(COLLECTIONS.whistle).where({ ...base, state: _.in(LIVE), kind: 'urgent' }));
    return { items: page.rows.map((d) => toWhistleSummary(d, viewEnv)), nextCursor: page.nextCursor, counts, scope };
  },
});
