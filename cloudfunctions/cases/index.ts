// cases: intake (随手拍 / QR), a resident's own cases, staff inboxes by level, case detail and actions.
import { availableActions, canView, confidentType, eventPhotos, newCase, timelineFromEvents, withoutHiddenPhotos, type CaseDoc, type CaseLevel, type Effect, type Actor, type Role } from '../../domain';
import { DomainError } from '../../domain/errors';
import { api, photoIdsOf, toCaseSummary, toCaseView, type CaseDetail } from '../../domain/api';
import { checkUserText } from '../../server/content-check';
import { CLEARED_BEYOND_GRID, attachmentNotice, hiddenFileIds, withoutHiddenAttachments } from '../../domain/contentCheck';
import { applyEarlyVerdicts, hiddenAttachments, startAttachmentChecks, startContentCheck } from '../../server/media-checks';
import { exchangePhoneCode } from '../../server/phone-number';
import { classifierFor, recordCorrection } from '../../server/classifier';
import { createFunction, type CallContext } from '../../server/handler';
import { loadCounty, type CountyContext } from '../../server/county';
import { actAsCaller, eventsOf, findById, requireById } from '../../server/store';
import { countOf, readPage } from '../../server/db';
import { tempUrls } from '../../server/files';
import { displayNo, requestScopedId } from '../../server/ids';
import { duplicateSuggestions, insertCaseWithDedup, mergedReports, requireMergeTarget, withPrimaries } from '../../server/dedup-intake';

/** The staff roles that work a case inbox, with the case field that scopes their jurisdiction. */
const LEVEL_OF_ROLE: Partial<Record<Role, { level: CaseLevel; field: 'grid' | 'community' | 'township' }>> = {
  grid_worker: { level: 'grid', field: 'grid' },
  community: { level: 'community', field: 'community' },
  township: { level: 'township', field: 'township' },
};

async function detail(ctx: CallContext, env: CountyContext, stored: CaseDoc): Promise<CaseDetail> {
  const events = await eventsOf(ctx.db, 'case', stored._id);
  // Photos hidden by content security stay out of the timeline too (the creation event still lists them):
  // the report's own (contentCheck) and staff attachments whose verdict hid them.
  const attachments = await hiddenAttachments(ctx.db, [...photoIdsOf(stored), ...eventPhotos(events)]);
  const hidden = new Set([...hiddenFileIds(stored), ...attachments]);
  const doc = withoutHiddenAttachments(stored, attachments);
  const urls = await tempUrls(photoIdsOf(doc));
  const staff = ctx.actor.bindings.some((b) => b.role !== 'resident' && b.role !== 'rider');
  const timeline = withoutHiddenPhotos(timelineFromEvents(events, { audience: staff ? 'staff' : 'public', org: env.org }), hidden);
  return {
    case: toCaseView(doc, ctx.actor, { ...env, now: ctx.now }, urls),
    timeline,
    // Attaching to / detaching from a whistle is done from the whistle's page (收集事项), which knows the whistle;
    // merging from the duplicate list below, which knows the other case.
    actions: availableActions('case', doc, ctx.actor, ctx.now).filter((a) => !WHISTLE_SIDE_ACTIONS.includes(a.action) && a.action !== 'merge'),
    // M-6: staff see likely duplicates (to merge) and the reports already merged into this case.
    ...(staff ? { duplicates: await duplicateSuggestions(ctx.db, doc, ctx.actor, env, ctx.now), mergedReports: mergedReports(doc), ...attachmentNotice(attachments.size) } : {}),
  };
}

/** Matter types a QR place code suggests: a prior for classification, not a decision. */
function suggestedTypes(env: CountyContext, qrPoint?: string): string[] | undefined {
  return qrPoint ? env.county.qrPoints.find((p) => p.code === qrPoint)?.suggestedMatterTypes : undefined;
}

const WHISTLE_SIDE_ACTIONS: string[] = ['attach_to_whistle', 'detach_from_whistle'];

/** Readable by the caller? Departments see a case only through a whistle dispatched to them. */
async function visibleCase(ctx: CallContext, id: string): Promise<CaseDoc> {
  const doc = await requireById(ctx.db, 'case', id);
  const whistle = doc.whistleId ? ((await findById(ctx.db, 'whistle', doc.whistleId)) ?? undefined) : undefined;
  if (!canView('case', doc, ctx.actor, { whistle })) throw new DomainError('OUT_OF_JURISDICTION');
  return doc;
}

function staffScope(actor: Actor, role?: string) {
  const binding = actor.bindings.find((b) => LEVEL_OF_ROLE[b.role] && (!role || b.role === role));
  if (!binding) throw new DomainError('FORBIDDEN_ROLE', '您没有处理事项的岗位');
  return { binding, ...LEVEL_OF_ROLE[binding.role]! };
}

export const main = createFunction(api.cases, {
  async submit(ctx, input) {
    const env = await loadCounty(ctx.db);
    env.org.gridPath(input.grid);
    if (input.matterType && !env.county.matterTypes.some((m) => m.code === input.matterType)) {
      throw new DomainError('VALIDATION', '事项类别不存在');
    }
    if (input.qrPoint && !env.county.qrPoints.some((p) => p.code === input.qrPoint)) {
      throw new DomainError('VALIDATION', '扫描的二维码点位不存在或已停用，请重新选择位置');
    }
    const id = requestScopedId('c', ctx.openid, input.clientRequestId);
    // A retried submit returns the first case without spending the phone code or re-checking photos.
    const earlier = await findById(ctx.db, 'case', id);
    if (earlier) {
      // The first attempt may have stopped between its insert and applying early photo verdicts.
      await applyEarlyVerdicts(ctx.db, earlier, env, ctx.now);
      return { caseId: earlier._id, no: earlier.no, created: false, ...(earlier.mergedInto ? { mergedInto: earlier.mergedInto } : {}) };
    }
    const textVerdict = await checkUserText(ctx.openid, input.text);
    // Issue 5 §1: the phone number only through WeChat's phone-number button, never typed.
    const phone = input.phoneCode ? await exchangePhoneCode(input.phoneCode) : undefined;
    // M-5: classify when the reporter did not choose; a weak guess is left for staff to confirm.
    const guess = input.matterType ? null : (await classifierFor(ctx.db, env)).classify(input.text, { suggested: suggestedTypes(env, input.qrPoint) });
    const doc = newCase({
      id,
      no: displayNo(id, ctx.now),
      input: {
        text: input.text,
        grid: input.grid,
        place: input.qrPoint ? { ...input.place, qrPoint: input.qrPoint } : input.place,
        matterType: input.matterType ?? confidentType(guess),
        photos: input.photos,
        channel: input.channel,
        anonymous: input.anonymous,
        reporter: phone ? { openid: ctx.openid, phone } : { openid: ctx.openid },
      },
      now: ctx.now,
      county: env.county,
      calendar: env.calendar,
    });
    // Issue 5 §7: every photo goes to WeChat's asynchronous image check; until the verdicts the case stays
    // with the reporter and the grid worker (domain/contentCheck.ts). The trace ids are recorded first so a
    // verdict can always find its case.
    await startContentCheck(ctx.db, doc, { uploader: ctx.openid, text: textVerdict, now: ctx.now });
    // The reporter hears it is registered (M-9); the grid worker gets a new task (M-8).
    const arrival: Effect[] = [
      { kind: 'notify', to: 'reporter', template: 'case_received' },
      { kind: 'notify', to: 'level', unit: doc.grid, template: 'case_new' },
    ];
    // M-6: a likely duplicate of an earlier open case joins it at once (server/dedup-intake.ts).
    const outcome = await insertCaseWithDedup(ctx.db, doc, {
      by: { personId: ctx.actor.personId, role: 'resident', unit: '' },
      arrival,
      origin: { actor: ctx.actor, now: ctx.now, env },
    });
    const stored = outcome.created ? doc : await requireById(ctx.db, 'case', id);
    // A verdict pushed before the insert was kept on its media_checks record: apply it now (server/media-checks.ts).
    await applyEarlyVerdicts(ctx.db, stored, env, ctx.now);
    const mergedInto = outcome.mergedInto ?? stored.mergedInto ?? undefined;
    return { caseId: stored._id, no: stored.no, created: outcome.created, ...(mergedInto ? { mergedInto } : {}) };
  },

  async suggest(ctx, input) {
    const env = await loadCounty(ctx.db);
    const result = (await classifierFor(ctx.db, env)).classify(input.text, { suggested: suggestedTypes(env, input.qrPoint) });
    const name = (code: string) => env.county.matterTypes.find((m) => m.code === code)?.name ?? code;
    return { ...result, candidates: result.candidates.map((c) => ({ ...c, name: name(c.matterType) })) };
  },

  async mine(ctx, input) {
    const env = await loadCounty(ctx.db);
    // Identity from the platform only: the reports of this openid, or the visits this person registered.
    if (input.registered && !ctx.actor.personId) return { items: [], nextCursor: null };
    const where = input.registered ? { registeredBy: ctx.actor.personId } : { 'reporter.openid': ctx.openid };
    const page = await readPage<CaseDoc>(ctx.db.collection('cases').where(where).orderBy('createdAt', 'desc'), input.cursor, input.limit);
    // M-6: a merged report is shown as the case it joined.
    const rows = await withPrimaries(ctx.db, page.rows);
    return { items: rows.map((d) => toCaseSummary(d, { ...env, now: ctx.now })), nextCursor: page.nextCursor };
  },

  async inbox(ctx, input) {
    const env = await loadCounty(ctx.db);
    const { binding, level, field } = staffScope(ctx.actor, input.role);
    const _ = ctx.db.command;
    const todo = [`${level}_pending`, `${level}_claimed`, 'follow_up'];
    // Beyond the grid only cases whose photos passed content security (issue 5 §7; *_visible_inbox indexes).
    const base: Record<string, unknown> = level === 'grid' ? { [field]: binding.unit } : { [field]: binding.unit, ...CLEARED_BEYOND_GRID };
    const where: Record<string, unknown> = input.view === 'todo' ? { ...base, level, state: _.in(todo) } : { ...base };
    if (input.state) where.state = input.state;
    else if (input.view !== 'todo') where.state = _.neq('merged'); // M-6: a merged report is counted and listed once, in its primary
    if (input.matterType) where.matterType = input.matterType;
    if (input.overdue) where['deadlines.claimDue'] = _.lt(ctx.now.toISOString());
    const page = await readPage<CaseDoc>(ctx.db.collection('cases').where(where).orderBy('deadlines.claimDue', 'asc').orderBy('createdAt', 'asc'), input.cursor, input.limit);
    const counts: Record<string, number> = {};
    for (const state of todo) {
      counts[state] = await countOf(ctx.db.collection('cases').where({ ...base, level, state }));
    }
    counts.overdue = await countOf(ctx.db.collection('cases').where({ ...base, level, state: _.in(todo), 'deadlines.claimDue': _.lt(ctx.now.toISOString()) }));
    return {
      items: page.rows.map((d) => toCaseSummary(d, { ...env, now: ctx.now })),
      nextCursor: page.nextCursor,
      counts,
      scope: { role: binding.role, unit: binding.unit, unitName: env.org.unitName(binding.unit) },
    };
  },

  async get(ctx, input) {
    const env = await loadCounty(ctx.db);
    const doc = await visibleCase(ctx, input.caseId);
    // M-6: a reporter whose report was merged follows the case it joined (staff see the merged report, to un-merge).
    const staff = ctx.actor.bindings.some((b) => b.role !== 'resident' && b.role !== 'rider');
    if (doc.mergedInto && !staff) return detail(ctx, env, await visibleCase(ctx, doc.mergedInto));
    return detail(ctx, env, doc);
  },

  async act(ctx, input) {
    const env = await loadCounty(ctx.db);
    await visibleCase(ctx, input.caseId);
    if (WHISTLE_SIDE_ACTIONS.includes(input.action)) {
      // Only the whistle function attaches/detaches, where the whistle, its township and its case list are checked.
      throw new DomainError('ILLEGAL_TRANSITION', '请在哨单页面「收集事项」中纳入或撤出事项');
    }
    // A reporter's rating comment is user content like the report itself.
    if (input.action === 'merge') await requireMergeTarget(ctx.db, ctx.actor, input.caseId, input.input.into);
    const comment = input.input.comment;
    if (input.action === 'rate' && typeof comment === 'string' && comment.trim()) await checkUserText(ctx.openid, comment);
    const { doc } = await actAsCaller(ctx, env, 'case', input.caseId, input);
    // Issue 5 §7: photos staff attach (a resolution's) go to the image check too; a risky verdict hides them.
    await startAttachmentChecks(ctx.db, ctx.openid, { entity: 'case', id: doc._id }, input.input.photos, ctx.now);
    if (input.action === 'reclassify' && doc.matterType) {
      await recordCorrection(ctx.db, { text: doc.text, matterType: doc.matterType, at: ctx.now.toISOString(), by: ctx.actor.personId });
    }
    return detail(ctx, env, doc);
  },
});
