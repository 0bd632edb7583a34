// intake (M-4 一口受理): imports of 12345 / 人民建议征集 hand-overs by the 吹哨办, and visit registration
// by grid workers and party members (M-9). Every case is created through newCase with its creation
// event and the same duplicate check as a mini-program report (server/dedup-intake.ts, M-6), classified
// like one (M-5).
import { DomainError, confidentType, creationEvent, hasRole, isDomainError, newCase, type Actor, type ActorRef, type CaseDoc, type Classification, type Classifier, type Effect } from '../../domain';
import { api } from '../../domain/api';
import { ADMIN_EDITOR_ROLES } from '../../domain/api/admin';
import type { ImportRowResult } from '../../domain/api/intake';
import { importRowInput, importedCase, locate, rowIssueMessage, type ImportRow } from '../../domain/intake';
import { parseXlsx } from '../../domain/intake/xlsx';
import { FileFormatError } from '../../domain/intake/parse';
import { classifierFor } from '../../server/classifier';
import { insertCaseWithDedup } from '../../server/dedup-intake';
import { checkUserText } from '../../server/content-check';
import { loadCounty, type CountyContext } from '../../server/county';
import { readOne } from '../../server/db';
import { createFunction, type CallContext } from '../../server/handler';
import { displayNo, requestScopedId } from '../../server/ids';
import { sdk } from '../../server/sdk';
import { applyEarlyVerdicts, startContentCheck } from '../../server/media-checks';
import { act, findById, insertWithEvent, requireById } from '../../server/store';

/** Ledger of (channel, sourceId) → case: the import's idempotency key, also when a later merge (M-6)
 *  points a source at another case. _id is derived from the key, so a second insert of it fails. */
const SOURCES = 'intake_sources';
/** One row per imported chunk: who imported which file, and what came of it (audit of the import itself). */
const BATCHES = 'intake_batches';

function requireImporter(actor: Actor, county: string): ActorRef {
  const role = ADMIN_EDITOR_ROLES.find((r) => hasRole(actor, r, county));
  if (!role) throw new DomainError('FORBIDDEN_ROLE', '只有县吹哨办或系统管理员可以导入工单');
  return { personId: actor.personId, role, unit: county };
}

const sourceKey = (channel: string, sourceId: string) => requestScopedId('s', `intake/${channel}`, sourceId);

/** A matter type named in the file (code or name) wins; otherwise the classifier's confident guess (M-5). */
function matterTypeOf(env: CountyContext, row: ImportRow, guess: () => Classification): string | undefined {
  if (row.matterType) {
    const named = env.county.matterTypes.find((m) => m.code === row.matterType || m.name === row.matterType);
    if (named) return named.code;
  }
  return confidentType(guess());
}

async function importRow(
  ctx: CallContext,
  env: CountyContext,
  classifier: Classifier,
  by: ActorRef,
  input: { channel: CaseDoc['channel']; batchId: string },
  raw: unknown,
  index: number,
): Promise<ImportRowResult> {
  const rowNo = raw && typeof raw === 'object' && typeof (raw as { row?: unknown }).row === 'number' ? (raw as { row: number }).row : index + 1;
  const parsed = importRowInput.safeParse(raw);
  if (!parsed.success) return { row: rowNo, ok: false, code: 'VALIDATION', message: rowIssueMessage(parsed.error) };
  const row = parsed.data;
  const base = { row: row.row, sourceId: row.sourceId };
  try {
    const key = sourceKey(input.channel, row.sourceId);
    const known = await readOne<{ caseId: string }>(ctx.db.collection(SOURCES), key);
    if (known) {
      const existing = await requireById(ctx.db, 'case', known.caseId);
      return { ...base, ok: true, caseId: existing._id, no: existing.no, created: false, level: existing.level, ...(existing.mergedInto ? { mergedInto: existing.mergedInto } : {}) };
    }
    const where = locate(env.county, row);
    if ('error' in where) return { ...base, ok: false, code: 'UNKNOWN_PLACE', message: where.error };
    const matterType = matterTypeOf(env, row, () => classifier.classify(row.text));
    const id = requestScopedId('c', `intake/${input.channel}`, row.sourceId);
    const doc = importedCase({ id, no: displayNo(id, ctx.now), channel: input.channel, row, location: where, matterType, batchId: input.batchId, by, now: ctx.now, county: env.county, calendar: env.calendar });
    // The level it landed at gets a new task (M-8); the caller has no mini-program account to notify.
    // The creation event carries the source id (creationEvent). M-6: a likely duplicate of an earlier
    // case from any channel joins it at once, exactly as a mini-program report does.
    const arrival: Effect[] = [{ kind: 'notify', to: 'level', unit: doc[doc.level], template: 'case_new' }];
    const outcome = await insertCaseWithDedup(ctx.db, doc, { by, arrival, origin: { actor: ctx.actor, now: ctx.now, env } });
    const created = outcome.created;
    const stored = created ? doc : await requireById(ctx.db, 'case', id);
    const mergedInto = outcome.mergedInto ?? stored.mergedInto ?? undefined;
    try {
      await ctx.db.collection(SOURCES).add({ data: { _id: key, channel: input.channel, sourceId: row.sourceId, caseId: stored._id, batchId: input.batchId, at: ctx.now.toISOString() } });
    } catch (err) {
      // A concurrent import of the same row wrote the ledger first — same case id, nothing lost.
      if (!(await readOne(ctx.db.collection(SOURCES), key))) throw err;
    }
    return { ...base, ok: true, caseId: stored._id, no: stored.no, created, level: stored.level, ...(mergedInto ? { mergedInto } : {}) };
  } catch (err) {
    if (isDomainError(err)) return { ...base, ok: false, code: err.code, message: err.message };
    console.error(`[${ctx.requestId}] import row ${row.row}`, err);
    return { ...base, ok: false, code: 'INTERNAL', message: '系统繁忙，该行未导入，请稍后重试' };
  }
}

/** The visit registrar's binding for this grid: a grid worker of it, or a party member of its community. */
function visitRole(actor: Actor, env: CountyContext, grid: string): { ref: ActorRef; channel: 'grid_visit' | 'party_visit' } {
  const path = env.org.gridPath(grid);
  if (hasRole(actor, 'grid_worker', grid)) return { ref: { personId: actor.personId, role: 'grid_worker', unit: grid }, channel: 'grid_visit' };
  if (hasRole(actor, 'party_member', path.community.code)) return { ref: { personId: actor.personId, role: 'party_member', unit: path.community.code }, channel: 'party_visit' };
  if (actor.bindings.some((b) => b.role === 'grid_worker' || b.role === 'party_member')) {
    throw new DomainError('OUT_OF_JURISDICTION', '只能登记本人负责网格（社区）内的问题', { rule: 'M-1' });
  }
  throw new DomainError('FORBIDDEN_ROLE', '只有网格员和下沉党员可以登记走访发现的问题');
}

export const main = createFunction(api.intake, {
  async importBatch(ctx, input) {
    const env = await loadCounty(ctx.db);
    const by = requireImporter(ctx.actor, env.county.county.code);
    const classifier = await classifierFor(ctx.db, env);
    const results: ImportRowResult[] = [];
    // One row at a time: each row is its own transaction, so a bad or failing row never blocks the others.
    for (const [i, raw] of input.rows.entries()) results.push(await importRow(ctx, env, classifier, by, input, raw, i));
    const summary = {
      created: results.filter((r) => r.ok && r.created).length,
      existing: results.filter((r) => r.ok && !r.created).length,
      failed: results.filter((r) => !r.ok).length,
    };
    await ctx.db.collection(BATCHES).add({
      data: { batchId: input.batchId, channel: input.channel, fileName: input.fileName, by, at: ctx.now.toISOString(), rows: results.length, ...summary, failedRows: results.filter((r) => !r.ok).map((r) => r.row) },
    });
    return { ...summary, results };
  },

  async parseFile(ctx, input) {
    const env = await loadCounty(ctx.db);
    requireImporter(ctx.actor, env.county.county.code);
    if (!/\.xlsx$/i.test(input.fileName || input.fileID)) throw new DomainError('VALIDATION', '只能解析 .xlsx 文件');
    const file = await sdk().downloadFile({ fileID: input.fileID });
    // The uploaded sheet holds callers' phone numbers: keep no copy in storage once it is read.
    try {
      await sdk().deleteFile({ fileList: [input.fileID] });
    } catch {
      // Not fatal for the import: the file then stays in storage under imports/.
    }
    try {
      // Records go back to the client as JSON: dates as ISO strings (parseReportedAt reads them).
      const table = await parseXlsx(file.fileContent as Buffer, 5000);
      return { ...table, records: table.records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))) };
    } catch (err) {
      if (err instanceof FileFormatError) throw new DomainError('VALIDATION', err.message);
      throw err;
    }
  },

  async register(ctx, input) {
    const env = await loadCounty(ctx.db);
    const { ref, channel } = visitRole(ctx.actor, env, input.grid);
    if (input.resolvedOnSpot && ref.role !== 'grid_worker') {
      throw new DomainError('FORBIDDEN_ROLE', '当场解决须由本网格网格员登记办结；党员走访发现的问题请直接登记', { rule: 'M-8' });
    }
    if (input.matterType && !env.county.matterTypes.some((m) => m.code === input.matterType)) throw new DomainError('VALIDATION', '事项类别不存在');
    const textVerdict = await checkUserText(ctx.openid, input.text);
    const guess = input.matterType ? null : (await classifierFor(ctx.db, env)).classify(input.text);
    const id = requestScopedId('c', ctx.openid, input.clientRequestId);
    // A retried registration keeps the first case and its photo checks.
    const retried = (await findById(ctx.db, 'case', id)) !== null;
    const place: CaseDoc['place'] = input.address || input.lat !== undefined ? {} : null;
    if (place && input.address) place.address = input.address;
    if (place && input.lat !== undefined && input.lng !== undefined) Object.assign(place, { lat: input.lat, lng: input.lng });
    const doc = newCase({
      id,
      no: displayNo(id, ctx.now),
      input: {
        text: input.text,
        grid: input.grid,
        ...(place ? { place } : {}),
        matterType: input.matterType ?? confidentType(guess),
        photos: input.photos,
        channel,
        anonymous: false,
        // The resident met on the visit has no account here; the registrar is recorded in `sources` and the event.
        reporter: { openid: '' },
      },
      now: ctx.now,
      county: env.county,
      calendar: env.calendar,
    });
    doc.sources = [{ channel, sourceId: input.clientRequestId, by: ref, at: ctx.now.toISOString() }];
    doc.registeredBy = ref.personId; // the registrar follows it in 我登记的走访 (cases.mine registered)
    // Issue 5 §7: visit photos go through the same image check as a report's (the registrar uploaded them);
    // until the verdicts the case stays with the grid (its grid worker still sees it).
    if (!retried) await startContentCheck(ctx.db, doc, { uploader: ctx.openid, text: textVerdict, now: ctx.now });
    const origin = { actor: ctx.actor, now: ctx.now, env };
    let created: boolean;
    let mergedInto: string | undefined;
    if (input.resolvedOnSpot) {
      // Already solved: stored as its own case (a merge would hand a finished job to an open one); staff
      // still see it among the likely duplicates of an earlier case (M-6). No new-task message either.
      const event = creationEvent('case', doc, ref);
      event.data = { ...event.data, resolvedOnSpot: true };
      created = await insertWithEvent(ctx.db, 'case', doc, event, { effects: [], origin });
    } else {
      // M-6: like every channel, a likely duplicate of an earlier case joins it at once.
      const outcome = await insertCaseWithDedup(ctx.db, doc, { by: ref, arrival: [{ kind: 'notify', to: 'level', unit: doc.grid, template: 'case_new' }], origin });
      created = outcome.created;
      mergedInto = outcome.mergedInto;
    }
    let stored = created ? doc : await requireById(ctx.db, 'case', id);
    // A verdict pushed before the insert was kept on its media_checks record: apply it now.
    if (await applyEarlyVerdicts(ctx.db, stored, env, ctx.now)) stored = await requireById(ctx.db, 'case', id);
    mergedInto ??= stored.mergedInto ?? undefined;
    if (input.resolvedOnSpot) {
      // 当场解决 goes through the transition table like any resolution (claim → resolve, M-8): each step is
      // authorised for the grid worker of this grid and audited; rating then runs as usual (M-21).
      // Idempotent on retry: only the steps not yet taken are applied.
      const step = async (action: 'claim' | 'resolve', stepInput: Record<string, unknown>) =>
        (stored = (await act({ db: ctx.db, entity: 'case', id, action, actor: ctx.actor, input: stepInput, expectedVersion: stored.version, now: ctx.now, env })).doc);
      if (stored.state === 'grid_pending') await step('claim', { comment: '走访时当场处理' });
      if (stored.state === 'grid_claimed') await step('resolve', { result: input.result, photos: input.photos });
    }
    return { caseId: stored._id, no: stored.no, created, state: stored.state, ...(mergedInto ? { mergedInto } : {}) };
  },
});
