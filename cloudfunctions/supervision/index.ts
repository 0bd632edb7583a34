// supervision: 挂牌督办 and 三个必督 (M-24). Thin: validate (zod, domain/api/supervision.ts) → caller from
// OPENID → domain/supervision.ts decides (role, jurisdiction, state) → the supervision document, its audit
// event on the supervised item and the notification are written in one transaction. Listing a whistle
// goes through the whistle's own `supervise` row (its audit event and the departments' notice).
// Reads go through indexes only: supervisions by county / respondent / target, cases and whistles by
// their 临期 / 超期未结 flags (kept by domain/sla.ts), recent cases for 集中反映.
import {
  canView,
  concentratedClusters,
  concentratedSince,
  effectiveBindings,
  listSupervision,
  supervisionStep,
  type Actor,
  type AuditEventDraft,
  type CaseDoc,
  type Entity,
  type RecentCase,
  type SupervisionAction,
  type SupervisionBoardState,
  type SupervisionDoc,
  type WhistleDoc,
} from '../../domain';
import { CLEARED_BEYOND_GRID } from '../../domain/contentCheck';
import { DomainError } from '../../domain/errors';
import { api } from '../../domain/api';
import { targetPage, toSupervisionView, type ClusterView, type FlagsReply, type FlaggedItem, type SupervisionView } from '../../domain/api/supervision';
import { loadCounty, type CountyContext } from '../../server/county';
import { COLLECTIONS, countOf, readAll, readOne, readPage, runTransaction, withoutId } from '../../server/db';
import { NOTIFICATIONS, type NotificationDoc } from '../../server/effects';
import { createFunction, type CallContext } from '../../server/handler';
import { act, requireById } from '../../server/store';

export const SUPERVISIONS = 'supervisions';
const OPEN_STATES = ['awaiting', 'responded'];
const FLAG_LIMIT = 100;
const CONCENTRATED_MAX = 3000;

function countyOf(actor: Actor, roles: ('whistle_office' | 'leader')[]): string {
  const b = effectiveBindings(actor).find((x) => (roles as string[]).includes(x.role));
  if (!b) throw new DomainError('FORBIDDEN_ROLE', roles.includes('leader') ? '只有县吹哨办和县领导可以查看督办台' : '只有县吹哨办可以挂牌督办', { rule: 'M-24' });
  return b.unit;
}

const viewEnv = (ctx: CallContext, env: CountyContext) => ({ org: env.org, calendar: env.calendar, now: ctx.now });

/** Buttons for this viewer (the domain decides again when pressed). */
function actionsFor(doc: SupervisionDoc, actor: Actor): SupervisionView['actions'] {
  const bindings = effectiveBindings(actor);
  const out: SupervisionView['actions'] = [];
  if (doc.state === 'awaiting' && bindings.some((b) => b.role === doc.respondent.role && b.unit === doc.respondent.unit)) out.push({ action: 'respond', label: '回复督办' });
  if (doc.state !== 'closed' && bindings.some((b) => b.role === 'whistle_office' && b.unit === doc.county)) {
    out.push({ action: 'press', label: '再次督办' }, { action: 'close', label: '督办办结' });
  }
  return out;
}

const view = (ctx: CallContext, env: CountyContext, doc: SupervisionDoc) => toSupervisionView(doc, viewEnv(ctx, env), actionsFor(doc, ctx.actor));

async function targetDoc(ctx: CallContext, entity: Entity, id: string): Promise<CaseDoc | WhistleDoc> {
  return requireById(ctx.db, entity, id);
}

/** The supervision document, its audit event on the supervised item and a notification — all or nothing. */
async function persist(ctx: CallContext, doc: SupervisionDoc, previous: SupervisionDoc | null, action: SupervisionAction, target: CaseDoc | WhistleDoc, notify: NotificationDoc | null, writeEvent = true) {
  const step = doc.steps[doc.steps.length - 1];
  const write = () =>
    runTransaction(ctx.db, async (tx) => {
      const ref = tx.collection(SUPERVISIONS).doc(doc._id);
      if (previous) {
        const current = (await ref.get()).data as SupervisionDoc | null;
        if (!current || current.version !== previous.version) throw new DomainError('STALE_VERSION');
        await ref.set({ data: withoutId(doc) });
      } else {
        await tx.collection(SUPERVISIONS).add({ data: doc });
      }
      if (writeEvent) {
        const event: AuditEventDraft = {
          entity: doc.target.entity,
          entityId: doc.target.id,
          action: `supervision_${action}`,
          actor: step.by,
          at: step.at,
          before: { state: target.state, version: target.version },
          after: { state: target.state, version: target.version },
          data: { supervisionId: doc._id, kind: doc.kind, text: step.text, photos: step.photos, respondBy: doc.respondBy, supervisionState: doc.state },
          rule: 'M-24',
        };
        await tx.collection('events').add({ data: event });
      }
      if (notify) await tx.collection(NOTIFICATIONS).add({ data: notify });
    });
  try {
    await write();
  } catch (err) {
    // Two listings racing for the same id: the insert of a duplicate _id fails; the loser is told to refresh.
    if (!previous && !(err instanceof DomainError) && (await readOne(ctx.db.collection(SUPERVISIONS), doc._id))) throw new DomainError('STALE_VERSION');
    throw err;
  }
}

const note = (ctx: CallContext, doc: SupervisionDoc, to: NotificationDoc['to'], unit: string, template: string): NotificationDoc => ({
  to,
  unit,
  template,
  entity: doc.target.entity,
  entityId: doc.target.id,
  at: ctx.now.toISOString(),
  status: 'pending',
});

async function openFor(ctx: CallContext, targetId: string): Promise<SupervisionDoc[]> {
  return readAll<SupervisionDoc>(ctx.db.collection(SUPERVISIONS).where({ 'target.id': targetId, state: ctx.db.command.in(OPEN_STATES) }).limit(50));
}

async function step(ctx: CallContext, action: 'respond' | 'press' | 'close', input: { supervisionId: string; expectedVersion: number; text: string; photos?: string[]; respondBy?: string }) {
  const env = await loadCounty(ctx.db);
  const doc = await readOne<SupervisionDoc>(ctx.db.collection(SUPERVISIONS), input.supervisionId);
  if (!doc) throw new DomainError('NOT_FOUND', '未找到该督办');
  const next = supervisionStep(doc, action, input, ctx.actor, ctx.now, env.county, env.calendar, input.expectedVersion);
  const target = await targetDoc(ctx, doc.target.entity, doc.target.id);
  const { role, unit } = doc.respondent;
  const notify =
    action === 'respond' ? note(ctx, next, 'whistle_office', doc.county, 'supervision_responded') : note(ctx, next, role, unit, action === 'press' ? 'supervision_pressed' : 'supervision_closed');
  await persist(ctx, next, doc, action, target, notify);
  return view(ctx, env, next);
}

function flagged(doc: CaseDoc | WhistleDoc, entity: Entity, due: string | null | undefined, env: CountyContext): FlaggedItem {
  const title = 'text' in doc ? doc.text.slice(0, 40) : doc.title;
  return { entity, id: doc._id, no: doc.no, title, township: doc.township, townshipName: env.org.unitName(doc.township), due: due ?? null, page: targetPage(entity, doc._id) };
}

const STATE_FILTER = (ctx: CallContext, state: SupervisionBoardState) => {
  const _ = ctx.db.command;
  const now = ctx.now.toISOString();
  if (state === 'late') return { state: 'awaiting', respondBy: _.lt(now) };
  if (state === 'awaiting') return { state: 'awaiting', respondBy: _.gte(now) };
  return { state };
};

export const main = createFunction(api.supervision, {
  list: async (ctx, input) => {
    const env = await loadCounty(ctx.db);
    const target = await targetDoc(ctx, input.entity, input.id);
    const open = await openFor(ctx, input.id);
    const seq = (await countOf(ctx.db.collection(SUPERVISIONS).where({ 'target.id': input.id }))) + 1;
    const id = `sv-${input.id}-${seq}`.slice(0, 64);
    const args = { id, input, actor: ctx.actor, now: ctx.now, county: env.county, calendar: env.calendar, open };
    const doc = input.entity === 'case' ? listSupervision({ ...args, target: { entity: 'case', doc: target as CaseDoc } }) : listSupervision({ ...args, target: { entity: 'whistle', doc: target as WhistleDoc } });
    if (input.entity === 'whistle') {
      // Builds on the whistle's own 挂牌督办 row (M-24): recorded on the whistle, its departments told.
      const { doc: w } = await act({ db: ctx.db, entity: 'whistle', id: input.id, action: 'supervise', actor: ctx.actor, input: { kind: input.kind, reason: input.reason }, now: ctx.now, env });
      await persist(ctx, doc, null, 'list', w, null, false);
    } else {
      await persist(ctx, doc, null, 'list', target, note(ctx, doc, 'township', doc.respondent.unit, 'case_supervised'));
    }
    return view(ctx, env, doc);
  },
  respond: (ctx, input) => step(ctx, 'respond', input),
  press: (ctx, input) => step(ctx, 'press', input),
  close: (ctx, input) => step(ctx, 'close', input),

  board: async (ctx, input) => {
    const env = await loadCounty(ctx.db);
    const county = countyOf(ctx.actor, ['whistle_office', 'leader']);
    const base: Record<string, unknown> = { county };
    if (input.kind) base.kind = input.kind;
    if (input.entity) base['target.entity'] = input.entity;
    const where = input.state ? { ...base, ...STATE_FILTER(ctx, input.state) } : base;
    const query = ctx.db.collection(SUPERVISIONS).where(where).orderBy(input.state ? 'respondBy' : 'updatedAt', input.state ? 'asc' : 'desc');
    const page = await readPage<SupervisionDoc>(query, input.cursor, input.limit);
    const states: SupervisionBoardState[] = ['awaiting', 'late', 'responded', 'closed'];
    const totals = await Promise.all(states.map((s) => countOf(ctx.db.collection(SUPERVISIONS).where({ county, ...STATE_FILTER(ctx, s) }))));
    const counts = Object.fromEntries(states.map((s, i) => [s, totals[i]])) as Record<SupervisionBoardState, number>;
    return { items: page.rows.map((d) => view(ctx, env, d)), nextCursor: page.nextCursor, counts };
  },

  mine: async (ctx, input) => {
    const env = await loadCounty(ctx.db);
    const b = effectiveBindings(ctx.actor).find((x) => (input.role ? x.role === input.role : x.role === 'department' || x.role === 'township'));
    if (!b) throw new DomainError('FORBIDDEN_ROLE', '只有部门和乡镇（街道）有被督办事项', { rule: 'M-24' });
    const rows = await readAll<SupervisionDoc>(
      ctx.db.collection(SUPERVISIONS).where({ 'respondent.unit': b.unit, state: ctx.db.command.in(OPEN_STATES) }).orderBy('respondBy', 'asc').limit(50),
    );
    const items = rows.filter((d) => d.respondent.role === b.role).map((d) => view(ctx, env, d));
    return { items, open: items.filter((i) => i.state === 'awaiting' || i.state === 'late').length };
  },

  forTarget: async (ctx, input) => {
    const env = await loadCounty(ctx.db);
    const target = await targetDoc(ctx, input.entity, input.id);
    if (!canView(input.entity, target as never, ctx.actor)) throw new DomainError('OUT_OF_JURISDICTION', '该事项不在您的管辖范围内');
    const rows = await readAll<SupervisionDoc>(ctx.db.collection(SUPERVISIONS).where({ 'target.id': input.id }).orderBy('createdAt', 'desc').limit(50));
    return rows.map((d) => view(ctx, env, d));
  },

  flags: async (ctx, input) => {
    const env = await loadCounty(ctx.db);
    const county = countyOf(ctx.actor, ['whistle_office', 'leader']);
    const _ = ctx.db.command;
    if (input.flag === 'concentrated') {
      const since = concentratedSince(ctx.now, env.county);
      const recent: RecentCase[] = [];
      for (let skip = 0; skip < CONCENTRATED_MAX; skip += 1000) {
        const rows = await readAll<RecentCase>(
          ctx.db
            .collection(COLLECTIONS.case)
            .where({ county, ...CLEARED_BEYOND_GRID, createdAt: _.gte(since) }) // issue 5 §7: held cases stay in the grid
            .orderBy('createdAt', 'desc')
            .skip(skip)
            .limit(1000)
            .field({ _id: true, no: true, matterType: true, township: true, grid: true, state: true, reporter: true, linkedReporters: true, createdAt: true, text: true }),
        );
        recent.push(...rows);
        if (rows.length < 1000) break;
      }
      const byId = new Map(recent.map((c) => [c._id, c as RecentCase & { text?: string }]));
      const matterName = (code: string) => env.county.matterTypes.find((m) => m.code === code)?.name ?? code;
      const clusters: ClusterView[] = concentratedClusters(recent, ctx.now, env.county).map((c) => ({
        by: c.by,
        key: c.key,
        label: c.by === 'grid' ? env.org.unitName(c.key) : matterName(c.key),
        reporters: c.reporters,
        townships: c.townships,
        reasons: c.reasons.map((r) => (r === 'reporters' ? `${c.reporters}人反映` : `${c.townships}个乡镇（街道）反映`)),
        cases: c.caseIds.slice(0, 20).map((id) => {
          const x = byId.get(id)!;
          return { id, no: x.no, title: (x.text ?? '').slice(0, 40), township: env.org.unitName(x.township) };
        }),
      }));
      return { flag: 'concentrated' as const, clusters, windowDays: env.county.supervision.concentrated.windowDays };
    }
    const field = input.flag === 'near_due' ? 'flags.near' : 'flags.overdue';
    const [cases, whistles] = await Promise.all(
      (['case', 'whistle'] as const).map((entity) =>
        readAll<CaseDoc | WhistleDoc>(
          ctx.db
            .collection(COLLECTIONS[entity])
            .where({ county, ...(entity === 'case' ? CLEARED_BEYOND_GRID : {}), [field]: _.gt('') })
            .orderBy(field, 'asc')
            .limit(FLAG_LIMIT),
        ),
      ),
    );
    const due = (d: CaseDoc | WhistleDoc) => (input.flag === 'near_due' ? d.flags?.near : d.flags?.overdue);
    const items = [
      ...cases.filter((d) => d.state !== 'whistled').map((d) => flagged(d, 'case', due(d), env)),
      ...whistles.map((d) => flagged(d, 'whistle', due(d), env)),
    ].sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''));
    return { flag: input.flag, items } as FlagsReply;
  },
});
