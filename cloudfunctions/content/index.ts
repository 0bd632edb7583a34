// content: photo content security after intake (issue 5 §7).
//   wxa_media_check push  → the verdict of one security.mediaCheckAsync call, applied to its case as
//                           SYSTEM_ACTOR through the transition table (media_verdict, audited): pass clears the
//                           photo, risky hides it and tells the reporter, review leaves it to the grid worker;
//                           a verdict that beats the case's insert is kept on its media_checks record and
//                           applied by cases.submit right after the insert (server/media-checks.ts);
//                           a staff attachment's verdict (resolution, progress, completion photos) is kept on its
//                           record and applied to its case or whistle (attachment_verdict, audited); risky or
//                           review hides that file from every view (withoutHiddenAttachments);
//   timer `mediaTimeout`  → verdicts still missing after MEDIA_VERDICT_TIMEOUT_MINUTES turn into 'review'
//                           (media_timeout): the grid worker releases or hides the photos (release_photos / hide_photos).
// Production: 云开发 → 设置 → 其他设置 → 消息推送 → add (MsgType event, Event wxa_media_check) → function `content`.
import { SYSTEM_ACTOR } from '../../domain';
import { isDomainError } from '../../domain/errors';
import { loadCounty } from '../../server/county';
import { readAll } from '../../server/db';
import { createFunction, toReply, type Reply, type TimerImpl } from '../../server/handler';
import { applyAttachmentVerdict, applyStoredVerdict, findMediaCheck, storeMediaVerdict } from '../../server/media-checks';
import { MediaCheckPush, looksLikePush, platformPush } from '../../server/platform-push';
import { database } from '../../server/sdk';
import { act } from '../../server/store';
import { randomUUID } from 'node:crypto';

const BATCH = 50;

async function mediaVerdict(event: unknown): Promise<Reply> {
  const requestId = randomUUID();
  try {
    const push = platformPush(MediaCheckPush, event);
    const db = database();
    const check = await findMediaCheck(db, push.trace_id);
    // Only verdicts of checks this project asked for, about the reporter who sent the photo.
    if (!check || check.openid !== push.FromUserName) return { ok: false, error: { code: 'NOT_FOUND', message: '没有这次照片审核的记录' } };
    const { suggest, label } = push.result;
    const now = new Date();
    // Kept first: when the case is not inserted yet, cases.submit applies it after its insert (server/media-checks.ts).
    const stored = await storeMediaVerdict(db, check, { suggest, ...(label === undefined ? {} : { label }), receivedAt: now.toISOString() });
    if (stored.attachment) {
      const outcome = await applyAttachmentVerdict(db, stored, await loadCounty(db), now);
      return { ok: true, data: { ...stored.attachment, ...(outcome.status === 'applied' ? { images: outcome.images } : { [outcome.status]: true }) } };
    }
    const outcome = await applyStoredVerdict(db, stored, await loadCounty(db), now);
    if (outcome.status === 'applied') return { ok: true, data: { caseId: check.caseId, images: outcome.images } };
    return { ok: true, data: { caseId: check.caseId, [outcome.status]: true } };
  } catch (err) {
    return toReply(err, requestId);
  }
}

/** Cases whose photo verdicts are overdue → 'review' by the grid worker. Index: cases.content_review_due. */
const mediaTimeout: TimerImpl = async ({ db, now, requestId }) => {
  const due = await readAll<{ _id: string }>(
    db.collection('cases').where({ 'contentCheck.reviewDue': db.command.lt(now.toISOString()) }).orderBy('contentCheck.reviewDue', 'asc').limit(BATCH).field({ _id: true }),
  );
  const env = await loadCounty(db);
  let toReview = 0;
  for (const { _id } of due) {
    try {
      await act({ db, entity: 'case', id: _id, action: 'media_timeout', actor: SYSTEM_ACTOR, input: {}, now, env });
      toReview++;
    } catch (err) {
      if (!isDomainError(err)) throw err;
      console.warn(`[${requestId}] content: media_timeout on case ${_id} refused: ${err.code} ${err.message}`);
    }
  }
  return { at: now.toISOString(), toReview, more: due.length === BATCH };
};

const timers = createFunction({}, {}, { mediaTimeout });

export async function main(event: unknown, context?: unknown): Promise<Reply> {
  if (looksLikePush(event, 'wxa_media_check')) return mediaVerdict(event);
  return timers(event, context);
}
