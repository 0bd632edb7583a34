// Trace ids of security.mediaCheckAsync calls, one document per trace id (`media_checks`, looked up by _id),
// so the platform's verdict push finds its case and its reporter without an array index.
//
// The verdict is kept on this record before it is applied (M-4, issue 5 §7): a push may arrive before
// cases.submit has inserted the case. Both sides follow "write mine, then look at the other's":
//   push   → store verdict, then apply if the case exists;
//   submit → insert case, then apply the verdicts already stored for its trace ids;
// so at least one of them sees both, and `appliedAt` (set in the case's transaction) makes the second a no-op.
import { SYSTEM_ACTOR, type ActionOf, type CaseDoc, type DocOf, type Entity } from '../domain';
import { DomainError, isDomainError } from '../domain/errors';
import { initialContentCheck } from '../domain/contentCheck';
import { requestImageChecks, type TextVerdict } from './content-check';
import type { CountyContext } from './county';
import type { Database } from './sdk';
import { readAll, readOne, withoutId } from './db';
import { act, findById } from './store';

export const MEDIA_CHECKS = 'media_checks';

export interface MediaVerdict {
  suggest: 'pass' | 'risky' | 'review';
  label?: number;
  /** When the push arrived. */
  receivedAt: string;
}

export interface MediaCheckDoc {
  _id: string;
  /** The case whose report photo this is ('' for a staff attachment). */
  caseId: string;
  /** A staff attachment: where it was uploaded (a resolution, a department's progress or completion). */
  attachment?: { entity: Entity; id: string };
  /** A staff attachment whose verdict was risky or review: out of every view (withoutHiddenAttachments). */
  hidden?: boolean;
  fileID: string;
  /** The reporter: the push must name the same user (FromUserName). */
  openid: string;
  at: string;
  /** The first verdict pushed for this trace id (later pushes do not replace it). */
  verdict?: MediaVerdict;
  /** When the verdict was applied to the case (in the same transaction); unset while the case is not stored yet. */
  appliedAt?: string;
}

export type VerdictOutcome =
  | { status: 'applied'; images?: string }
  /** Already applied, or the photo was decided before (repeated push): nothing changed. */
  | { status: 'duplicate' }
  /** The case is not inserted yet: cases.submit applies the stored verdict right after its insert. */
  | { status: 'waiting' };

/** Written before the case itself, so a verdict arriving at once never meets an unknown trace id.
 *  `openid` is the user the checks were requested for (the uploader), whom the push names. */
export async function recordMediaChecks(db: Database, doc: CaseDoc, checks: { fileID: string; traceId: string }[], now: Date, openid = doc.reporter.openid): Promise<void> {
  for (const c of checks) {
    if (!c.traceId) continue;
    const data: MediaCheckDoc = { _id: c.traceId, caseId: doc._id, fileID: c.fileID, openid, at: now.toISOString() };
    await db.collection(MEDIA_CHECKS).add({ data });
  }
}

/**
 * Issue 5 §7, the one path for a new case's photos (cases.submit, intake.register): every photo goes to
 * WeChat's asynchronous image check as the user who uploaded it, the case is held in its grid until the
 * verdicts (domain/contentCheck.ts), and the trace ids are recorded before the case is inserted, so a
 * verdict can always find its case. After the insert, call applyEarlyVerdicts.
 */
export async function startContentCheck(db: Database, doc: CaseDoc, args: { uploader: string; text: TextVerdict; now: Date }): Promise<void> {
  const checks = await requestImageChecks(args.uploader, doc.photos);
  initialContentCheck(doc, { text: args.text, photos: checks, now: args.now });
  await recordMediaChecks(db, doc, checks, args.now, args.uploader);
}

export async function findMediaCheck(db: Database, traceId: string): Promise<MediaCheckDoc | null> {
  return readOne<MediaCheckDoc>(db.collection(MEDIA_CHECKS), traceId);
}

/** Keeps the pushed verdict on its check unless one is stored already; returns the check as stored. */
export async function storeMediaVerdict(db: Database, check: MediaCheckDoc, verdict: MediaVerdict): Promise<MediaCheckDoc> {
  if (check.verdict) return check;
  const _ = db.command;
  await db.collection(MEDIA_CHECKS).where({ _id: check._id, verdict: _.exists(false) }).update({ data: { verdict } });
  return (await findMediaCheck(db, check._id)) ?? { ...check, verdict };
}

/**
 * Applies the stored verdict of one check to its case as SYSTEM_ACTOR through the transition table
 * (media_verdict, audited, bumps the version), at most once: the check's `appliedAt` is set in the case's
 * transaction, and a transaction that finds it set changes nothing.
 */
export async function applyStoredVerdict(db: Database, check: MediaCheckDoc, env: CountyContext, now: Date): Promise<VerdictOutcome> {
  const verdict = check.verdict;
  if (!verdict || check.appliedAt) return { status: 'duplicate' };
  if (!(await findById(db, 'case', check.caseId))) return { status: 'waiting' };
  const doc = await applyOnce(db, check, { entity: 'case', id: check.caseId, action: 'media_verdict', input: verdictInput(check, verdict), env, now });
  return doc ? { status: 'applied', images: doc.contentCheck?.images } : { status: 'duplicate' };
}

const verdictInput = (check: MediaCheckDoc, verdict: MediaVerdict) => ({ traceId: check._id, suggest: verdict.suggest, ...(verdict.label === undefined ? {} : { label: verdict.label }) });

/**
 * Applies a verdict as SYSTEM_ACTOR through the transition table and sets the check's `appliedAt` (plus
 * `mark`) in the same transaction; null when it was applied before (WeChat may push a verdict more than
 * once, and the push may race cases.submit: a decided photo stays decided).
 */
async function applyOnce<E extends Entity>(
  db: Database,
  check: MediaCheckDoc,
  args: { entity: E; id: string; action: ActionOf<E>; input: Record<string, unknown>; env: CountyContext; now: Date; mark?: Partial<MediaCheckDoc> },
): Promise<DocOf<E> | null> {
  try {
    const { doc } = await act({
      db,
      entity: args.entity,
      id: args.id,
      action: args.action,
      actor: SYSTEM_ACTOR,
      input: args.input,
      now: args.now,
      env: args.env,
      alsoInTx: async (tx) => {
        const ref = tx.collection(MEDIA_CHECKS).doc(check._id);
        const current = (await ref.get()).data as MediaCheckDoc | null | undefined;
        // The other side committed first: roll this one back.
        if (!current || current.appliedAt) throw new DomainError('ILLEGAL_TRANSITION', '该照片的审核结果已处理');
        await ref.set({ data: withoutId({ ...current, ...args.mark, appliedAt: args.now.toISOString() }) });
      },
    });
    return doc;
  } catch (err) {
    if (isDomainError(err) && err.code === 'ILLEGAL_TRANSITION') return null;
    throw err;
  }
}

/** After the case is stored (cases.submit, intake.register): applies the verdicts that arrived before it.
 *  True when one was applied (the stored case then has a newer version). */
export async function applyEarlyVerdicts(db: Database, doc: CaseDoc, env: CountyContext, now: Date): Promise<boolean> {
  let applied = false;
  for (const photo of doc.contentCheck?.photos ?? []) {
    if (!photo.traceId) continue;
    const check = await findMediaCheck(db, photo.traceId);
    if (check?.verdict && !check.appliedAt) applied = (await applyStoredVerdict(db, check, env, now)).status === 'applied' || applied;
  }
  return applied;
}

// ---- staff attachments (issue 5 §7): checked, not held; a risky or review verdict hides the file ----

/** The photos of a staff action (resolve, progress, complete) go to the image check as the staff member who uploaded them. */
export async function startAttachmentChecks(db: Database, uploader: string, target: { entity: Entity; id: string }, photos: unknown, now: Date): Promise<void> {
  if (!Array.isArray(photos) || !photos.length || !uploader) return;
  const checks = await requestImageChecks(uploader, photos as string[]);
  for (const c of checks) {
    // No trace id: the check could not be requested (logged in requestImageChecks); the photo stays, as staff uploads are not held.
    if (!c.traceId) continue;
    const data: MediaCheckDoc = { _id: c.traceId, caseId: '', attachment: target, fileID: c.fileID, openid: uploader, at: now.toISOString() };
    await db.collection(MEDIA_CHECKS).add({ data });
  }
}

/**
 * Applies an attachment's stored verdict once, as SYSTEM_ACTOR through the transition table
 * (attachment_verdict on the case or whistle, audited): risky or review marks the file hidden, in the same
 * transaction, so every view leaves it out from then on.
 */
export async function applyAttachmentVerdict(db: Database, check: MediaCheckDoc, env: CountyContext, now: Date): Promise<VerdictOutcome> {
  const { verdict, attachment } = check;
  if (!verdict || !attachment || check.appliedAt) return { status: 'duplicate' };
  const hidden = verdict.suggest !== 'pass';
  const input = { ...verdictInput(check, verdict), fileID: check.fileID };
  const doc = await applyOnce(db, check, { entity: attachment.entity, id: attachment.id, action: 'attachment_verdict', input, env, now, mark: { hidden } });
  return doc ? { status: 'applied', images: hidden ? 'hidden' : 'pass' } : { status: 'duplicate' };
}

/** Which of `fileIds` are staff attachments hidden by their verdict (index media_checks.file_hidden). */
export async function hiddenAttachments(db: Database, fileIds: string[]): Promise<Set<string>> {
  const ids = [...new Set(fileIds)];
  if (!ids.length) return new Set();
  const rows = await readAll<Pick<MediaCheckDoc, 'fileID'>>(db.collection(MEDIA_CHECKS).where({ fileID: db.command.in(ids), hidden: true }).limit(ids.length).field({ fileID: true }));
  return new Set(rows.map((r) => r.fileID));
}
