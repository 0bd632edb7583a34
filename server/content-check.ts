// WeChat content security for user text (security.msgSecCheck v2): "risky" text is refused with a
// reason the reporter can act on; nothing is stored. errcode 0 only means the call worked — the verdict
// is result.suggest (see notes on WeChat's UGC rules).
import { contentReason } from '../domain/contentCheck';
import { DomainError } from '../domain/errors';
import { tempUrls } from './files';
import { sdk } from './sdk';

export type TextVerdict = 'pass' | 'review';

/** scene 2 = comment-like user content. Returns 'review' when WeChat is unsure or unreachable. */
export async function checkUserText(openid: string, content: string): Promise<TextVerdict> {
  let res: { result?: { suggest?: string; label?: number } };
  try {
    res = (await sdk().openapi.security.msgSecCheck({ openid, scene: 2, version: 2, content: content.slice(0, 2500) })) as typeof res;
  } catch (err) {
    console.warn('msgSecCheck unavailable, accepting for manual review', (err as Error).message);
    return 'review';
  }
  const suggest = res.result?.suggest;
  if (suggest === 'risky') {
    const reason = contentReason(res.result?.label);
    throw new DomainError('CONTENT_REJECTED', `描述${reason}，未能提交。请只写清问题本身（地点、现象），修改后再提交`);
  }
  return suggest === 'pass' ? 'pass' : 'review';
}

/** scene 2 (comment-like user content), as for the text; media_type 2 = image. */
const MEDIA_SCENE = 2;
const MEDIA_TYPE_IMAGE = 2;

/**
 * Asks WeChat to check each photo asynchronously (security.mediaCheckAsync v2, media_url = a temporary URL
 * of the stored file). Returns the trace_id per photo; '' when the call failed — that photo then waits
 * for the grid worker's review instead of a verdict (domain/contentCheck.ts).
 */
export async function requestImageChecks(openid: string, fileIds: string[]): Promise<{ fileID: string; traceId: string }[]> {
  if (!fileIds.length) return [];
  const urls = await tempUrls(fileIds);
  return Promise.all(
    fileIds.map(async (fileID) => {
      const mediaUrl = urls[fileID];
      if (!mediaUrl) return { fileID, traceId: '' };
      try {
        const res = (await sdk().openapi.security.mediaCheckAsync({ mediaUrl, mediaType: MEDIA_TYPE_IMAGE, version: 2, scene: MEDIA_SCENE, openid })) as { traceId?: string };
        return { fileID, traceId: res.traceId ?? '' };
      } catch (err) {
        console.warn('mediaCheckAsync unavailable, photo left for the grid worker to review', (err as Error).message);
        return { fileID, traceId: '' };
      }
    }),
  );
}
