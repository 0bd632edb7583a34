// WeChat content security for user text (security.msgSecCheck v2): "risky" text is refused with a
// reason the reporter can act on; nothing is stored. errcode 0 only means the call worked — the verdict
// is result.suggest (see notes on WeChat's UGC rules).
import { DomainError } from '../domain/errors';
import { sdk } from './sdk';

const LABEL_REASONS: Record<number, string> = {
  10001: '含有广告',
  20001: '含有不当时政内容',
  20002: '含有色情内容',
  20003: '含有辱骂内容',
  20006: '含有违法犯罪内容',
  20008: '含有欺诈内容',
  20012: '含有低俗内容',
};

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
    const reason = LABEL_REASONS[res.result?.label ?? 0] ?? '含有不适宜的内容';
    throw new DomainError('CONTENT_REJECTED', `描述${reason}，未能提交。请只写清问题本身（地点、现象），修改后再提交`);
  }
  return suggest === 'pass' ? 'pass' : 'review';
}
