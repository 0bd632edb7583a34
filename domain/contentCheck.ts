// Content security of a report's photos (issue 5 §7, WeChat's UGC rules): every photo goes through the
// platform's asynchronous image check (security.mediaCheckAsync). Until every verdict is in and clean the
// case stays with its reporter and the grid worker of its grid: it is not visible beyond the grid and
// cannot be escalated. A risky photo is hidden (taken out of `photos`) and the reporter is told why; the
// text of the case stays. A verdict that never arrives turns into 'review' after the configured minutes:
// the grid worker then looks at the photos and releases or hides them.
import { z } from 'zod';
import { CASE_STATE_LABELS, J, refuse, type CaseRow, type Jurisdiction, type TransitionRow } from './table';
import type { ActionOf, CaseDoc, CaseState, Effect, Entity, IsoTime, StateOf, WhistleDoc } from './types';

/** Minutes to wait for WeChat's verdict (WeChat promises ≤ 30 min) before the grid worker reviews by hand. */
export const MEDIA_VERDICT_TIMEOUT_MINUTES = 30;

export type PhotoCheckStatus = 'pending' | 'pass' | 'review' | 'released' | 'risky' | 'hidden';

export interface PhotoCheck {
  fileID: string;
  /** trace_id of the mediaCheckAsync call; '' when the call itself failed (straight to 'review'). */
  traceId: string;
  status: PhotoCheckStatus;
  /** WeChat's label of a risky / review verdict. */
  label?: number;
  /** Why the photo is hidden, in words the reporter understands. */
  reason?: string;
  at?: IsoTime;
}

export interface ContentCheck {
  /** msgSecCheck verdict of the text (recorded; 'review' text is accepted). */
  text: 'pass' | 'review';
  /** Summary of the photos: 'pending' while a verdict is awaited, 'review' while the grid worker must decide. */
  images: 'none' | 'pending' | 'review' | 'pass' | 'rejected';
  /** trace_ids still awaiting WeChat's verdict. */
  pending: string[];
  photos: PhotoCheck[];
  /** When pending verdicts turn into 'review' (indexed for the timeout timer); null when nothing is pending. */
  reviewDue: IsoTime | null;
}

/** WeChat's content labels, worded for the reporter. */
export const CONTENT_LABEL_REASONS: Record<number, string> = {
  10001: '含有广告',
  20001: '含有不当时政内容',
  20002: '含有色情内容',
  20003: '含有辱骂内容',
  20006: '含有违法犯罪内容',
  20008: '含有欺诈内容',
  20012: '含有低俗内容',
  20013: '含有版权问题内容',
  21000: '含有不适宜的内容',
};

export function contentReason(label: number | undefined): string {
  return CONTENT_LABEL_REASONS[label ?? 0] ?? '含有不适宜的内容';
}

const HELD: PhotoCheckStatus[] = ['pending', 'review'];

/** Recomputes the summary, the pending list and the case's visibility from the per-photo statuses. */
function settle(doc: CaseDoc, check: ContentCheck): void {
  const statuses = check.photos.map((p) => p.status);
  check.pending = check.photos.filter((p) => p.status === 'pending').map((p) => p.traceId);
  if (!check.pending.length) check.reviewDue = null;
  check.images = !statuses.length
    ? 'none'
    : statuses.includes('pending')
      ? 'pending'
      : statuses.includes('review')
        ? 'review'
        : statuses.some((s) => s === 'risky' || s === 'hidden')
          ? 'rejected'
          : 'pass';
  doc.contentCheck = check;
  doc.visibleBeyondGrid = !statuses.some((s) => HELD.includes(s));
}

/** The content check of a new case: one entry per photo, pending until WeChat answers. */
export function initialContentCheck(
  doc: CaseDoc,
  args: { text: 'pass' | 'review'; photos: { fileID: string; traceId: string }[]; now: Date; timeoutMinutes?: number },
): void {
  const minutes = args.timeoutMinutes ?? MEDIA_VERDICT_TIMEOUT_MINUTES;
  const photos: PhotoCheck[] = args.photos.map((p) => (p.traceId ? { fileID: p.fileID, traceId: p.traceId, status: 'pending' } : { fileID: p.fileID, traceId: '', status: 'review', at: args.now.toISOString() }));
  const reviewDue = photos.some((p) => p.status === 'pending') ? new Date(args.now.getTime() + minutes * 60_000).toISOString() : null;
  settle(doc, { text: args.text, images: 'none', pending: [], photos, reviewDue });
}

/** False while a photo of the case still awaits a verdict or the grid worker's review. Cases created
 *  before content checks existed (no field) count as visible. */
export function visibleBeyondGrid(doc: CaseDoc): boolean {
  return doc.visibleBeyondGrid !== false;
}

/** The same gate as a query filter, for case lists read beyond the grid (inboxes above the grid, 吹哨办 /
 *  leader lists and exports, supervision lists; issue 5 §7): an equality on an indexed field. Every case
 *  is created with the field set (domain/transitions.ts), so this selects exactly the cases visibleBeyondGrid
 *  accepts. */
export const CLEARED_BEYOND_GRID = { visibleBeyondGrid: true } as const;

/** Refusal for escalating a case whose photos are not cleared (precondition of escalate rows). */
export function contentHoldRefusal(doc: CaseDoc) {
  if (visibleBeyondGrid(doc)) return null;
  return doc.contentCheck?.images === 'review'
    ? refuse('CONTENT_PENDING', '照片需要先由网格员审核（放行或隐藏）后才能上报')
    : refuse('CONTENT_PENDING', '照片正在进行内容安全审核，审核通过后才能上报');
}

/** Hides a photo: out of the case's photos, the reason kept for the reporter. */
function hide(doc: CaseDoc, photo: PhotoCheck, status: 'risky' | 'hidden', reason: string, at: IsoTime, label?: number): void {
  photo.status = status;
  photo.reason = reason;
  photo.at = at;
  if (label !== undefined) photo.label = label;
  doc.photos = doc.photos.filter((f) => f !== photo.fileID);
}

/** What the reporter reads about hidden photos on the case page. */
export function hiddenPhotoNotice(check: ContentCheck | undefined): string | undefined {
  const hidden = check?.photos.filter((p) => p.status === 'risky' || p.status === 'hidden') ?? [];
  if (!hidden.length) return undefined;
  const reasons = [...new Set(hidden.map((p) => p.reason ?? '含有不适宜的内容'))].join('、');
  return `您上传的${hidden.length}张照片未通过内容安全审核（${reasons}），已隐藏，其他人看不到。文字描述不受影响，问题会照常处理。`;
}

/** What the grid worker reads while photos await a verdict or their review. */
export function photoHoldNotice(check: ContentCheck | undefined): string | undefined {
  if (check?.images === 'pending') return '照片正在进行内容安全审核，审核通过前仅反映人和本网格员可见，暂不能上报。';
  if (check?.images === 'review') return '照片未能自动审核，请网格员查看后「放行照片」或「隐藏照片」，之前仅本网格可见，暂不能上报。';
  return undefined;
}

/** A verdict applies whatever became of the case meanwhile (merged, whistled, closed …). */
const ALL_STATES = Object.keys(CASE_STATE_LABELS) as CaseState[];

export const ContentInputSchemas = {
  media_verdict: z.object({
    traceId: z.string().min(1).max(128),
    suggest: z.enum(['pass', 'risky', 'review']),
    label: z.number().int().optional(),
  }),
  media_timeout: z.object({}),
  /** The verdict on a staff attachment (a resolution's, progress or completion photo): recorded, never held. */
  attachment_verdict: z.object({
    traceId: z.string().min(1).max(128),
    fileID: z.string().min(1).max(512),
    suggest: z.enum(['pass', 'risky', 'review']),
    label: z.number().int().optional(),
  }),
  release_photos: z.object({ comment: z.string().max(500).optional() }),
  hide_photos: z.object({ comment: z.string().max(500).optional() }),
} as const;

const notifyReporter = (template: string): Effect => ({ kind: 'notify', to: 'reporter', template });
const notifyGrid = (doc: CaseDoc, template: string): Effect => ({ kind: 'notify', to: 'level', unit: doc.grid, template });
const same = (ctx: { doc: CaseDoc }) => ctx.doc.state;
const inReview = (doc: CaseDoc) =>
  doc.contentCheck?.photos.some((p) => p.status === 'review') ? null : refuse('ILLEGAL_TRANSITION', '没有需要审核的照片');

function checkOf(doc: CaseDoc): ContentCheck {
  if (!doc.contentCheck) throw refuse('NOT_FOUND', '该事项没有照片审核记录');
  return doc.contentCheck;
}

export const CONTENT_CHECK_ROWS: CaseRow[] = [
  {
    entity: 'case',
    action: 'media_verdict',
    from: ALL_STATES,
    to: same,
    roles: 'system',
    jurisdiction: J.system,
    requires: ContentInputSchemas.media_verdict,
    label: '照片审核结果',
    rule: 'M-4',
    guard: (ctx) => {
      const photo = ctx.doc.contentCheck?.photos.find((p) => p.traceId && p.traceId === ctx.input.traceId);
      if (!photo) return refuse('NOT_FOUND', '没有这次照片审核的记录');
      // Repeated pushes (WeChat retries) and verdicts after a final decision change nothing.
      return ['pending', 'review', 'released'].includes(photo.status) ? null : refuse('ILLEGAL_TRANSITION', '该照片的审核已有结论');
    },
    apply: (d, ctx) => {
      const check = checkOf(d);
      const photo = check.photos.find((p) => p.traceId === ctx.input.traceId)!;
      const effects: Effect[] = [];
      if (ctx.input.suggest === 'risky') {
        hide(d, photo, 'risky', contentReason(ctx.input.label), ctx.at, ctx.input.label);
        effects.push(notifyReporter('photo_rejected'));
      } else if (ctx.input.suggest === 'review' && photo.status === 'pending') {
        photo.status = 'review';
        photo.at = ctx.at;
        if (ctx.input.label !== undefined) photo.label = ctx.input.label;
        effects.push(notifyGrid(d, 'photo_review'));
      } else if (ctx.input.suggest === 'pass' && photo.status !== 'released') {
        photo.status = 'pass';
        photo.at = ctx.at;
      }
      settle(d, check);
      ctx.data.images = check.images;
      ctx.data.visibleBeyondGrid = d.visibleBeyondGrid;
      return effects;
    },
  },
  {
    entity: 'case',
    action: 'media_timeout',
    from: ALL_STATES,
    to: same,
    roles: 'system',
    jurisdiction: J.system,
    requires: ContentInputSchemas.media_timeout,
    label: '照片审核超时转人工',
    rule: 'M-4',
    precondition: (doc, _a, _b, now) =>
      doc.contentCheck?.reviewDue && now.getTime() > Date.parse(doc.contentCheck.reviewDue)
        ? null
        : refuse('DEADLINE_NOT_REACHED', '照片审核等待时间未到'),
    apply: (d, ctx) => {
      const check = checkOf(d);
      const late = check.photos.filter((p) => p.status === 'pending');
      for (const p of late) Object.assign(p, { status: 'review', at: ctx.at });
      settle(d, check);
      ctx.data.photos = late.length;
      return late.length ? [notifyGrid(d, 'photo_review')] : [];
    },
  },
  {
    entity: 'case',
    action: 'release_photos',
    from: ALL_STATES,
    to: same,
    roles: ['grid_worker'],
    jurisdiction: J.caseUnit,
    requires: ContentInputSchemas.release_photos,
    label: '放行照片',
    rule: 'M-4',
    precondition: inReview,
    apply: (d, ctx) => {
      const check = checkOf(d);
      const released = check.photos.filter((p) => p.status === 'review');
      for (const p of released) Object.assign(p, { status: 'released', at: ctx.at });
      settle(d, check);
      ctx.data.photos = released.length;
    },
  },
  {
    entity: 'case',
    action: 'hide_photos',
    from: ALL_STATES,
    to: same,
    roles: ['grid_worker'],
    jurisdiction: J.caseUnit,
    requires: ContentInputSchemas.hide_photos,
    label: '隐藏照片',
    rule: 'M-4',
    precondition: inReview,
    apply: (d, ctx) => {
      const check = checkOf(d);
      const hidden = check.photos.filter((p) => p.status === 'review');
      for (const p of hidden) hide(d, p, 'hidden', '经网格员审核不宜公开', ctx.at);
      settle(d, check);
      ctx.data.photos = hidden.length;
      return [notifyReporter('photo_rejected')];
    },
  },
  attachmentVerdictRow('case', ALL_STATES),
];

/**
 * The audited record of an attachment's verdict, on the case or whistle it was uploaded to, whatever its
 * state. The verdict itself lives per file (server/media-checks.ts, applied in the same transaction), so
 * a photo copied from a whistle into its cases by 办结 is hidden there too.
 */
export function attachmentVerdictRow<E extends Entity>(entity: E, states: StateOf<E>[]): TransitionRow<E> {
  return {
    entity,
    action: 'attachment_verdict' as ActionOf<E>,
    from: states,
    to: (ctx) => ctx.doc.state as StateOf<E>,
    roles: 'system',
    jurisdiction: J.system as Jurisdiction<E>,
    requires: ContentInputSchemas.attachment_verdict,
    label: '办理照片审核结果',
    rule: 'M-4',
    apply: (_d, ctx) => {
      const { suggest, fileID, label } = ctx.input;
      const comment = suggest === 'pass' ? '照片审核通过' : suggest === 'risky' ? `${contentReason(label)}，照片已隐藏` : '照片需人工复核，已隐藏';
      Object.assign(ctx.data, { fileID, hidden: suggest !== 'pass', comment });
    },
  };
}

/**
 * Staff attachments (a resolution's, a department's progress or completion photos) go through the same
 * image check, but are not held: staff answer for what they upload, so their photos show at once and are
 * taken out of every view when the verdict is risky or review (server/media-checks.ts keeps the verdicts
 * per file). The doc as a viewer may see it, without those files.
 */
export function withoutHiddenAttachments<D extends CaseDoc | WhistleDoc>(doc: D, hidden: ReadonlySet<string>): D {
  if (!hidden.size) return doc;
  const keep = (photos: string[]) => photos.filter((f) => !hidden.has(f));
  if ('progress' in doc) {
    const w = doc as WhistleDoc;
    return {
      ...w,
      progress: w.progress.map((p) => ({ ...p, photos: keep(p.photos) })),
      assignments: w.assignments.map((a) => (a.completion ? { ...a, completion: { ...a.completion, photos: keep(a.completion.photos) } } : a)),
      result: w.result ? { ...w.result, photos: keep(w.result.photos) } : w.result,
    } as D;
  }
  const c = doc as CaseDoc;
  return {
    ...c,
    resolution: c.resolution ? { ...c.resolution, photos: keep(c.resolution.photos) } : c.resolution,
    history: c.history.map((h) => ({ ...h, resolution: { ...h.resolution, photos: keep(h.resolution.photos) } })),
  } as D;
}

/** What staff read when attachments were hidden by their image check (they may upload others). */
export function attachmentNotice(hidden: number): { attachmentNotice?: string } {
  return hidden ? { attachmentNotice: `有 ${hidden} 张办理照片未通过内容安全审核，已隐藏；如需留存办理凭证，请重新拍摄上传` } : {};
}

/** Files nobody may be shown any more (risky or hidden): also kept out of timelines built from events. */
export function hiddenFileIds(doc: CaseDoc): Set<string> {
  return new Set(doc.contentCheck?.photos.filter((p) => p.status === 'risky' || p.status === 'hidden').map((p) => p.fileID) ?? []);
}
