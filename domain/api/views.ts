// What each audience may see of a case, built on the domain's privacy rule (redactCaseFor).
import { CASE_STATE_LABELS, LEVEL_LABELS, describeDeadline, redactCaseFor, type Actor, type CaseDoc, type CaseState, type Org, type Rating, type WorkCalendar } from '..';
import { CHANNEL_LABELS } from '../inputs';
import type { TimelineItem } from '../timeline';
import { sourcesFor, type SourceView } from '../intake/sourceView';
import { reporterCountOf } from '../mergeRows';
import type { DuplicateSuggestion, MergedReport } from './dedup-views';
import { hiddenPhotoNotice, photoHoldNotice } from '../contentCheck';

export interface CaseSummary {
  id: string;
  no: string;
  state: CaseState;
  stateLabel: string;
  text: string;
  matterTypeName: string;
  placeLabel: string;
  createdAt: string;
  deadline: { text: string; tone: 'ok' | 'warn' | 'overdue' } | null;
}

export interface CaseView extends CaseSummary {
  version: number;
  level: CaseDoc['level'];
  levelLabel: string;
  grid: string;
  matterType: string | null;
  photos: { fileID: string; url: string }[];
  place: CaseDoc['place'];
  channelLabel: string;
  reporter: { anonymous: boolean; isMe: boolean; phone?: string };
  reporterCount: number;
  resolution: (Omit<NonNullable<CaseDoc['resolution']>, 'photos' | 'by'> & { photos: { fileID: string; url: string }[]; levelLabel: string }) | null;
  rating: Omit<Rating, 'by'> | null;
  whistleId: string | null;
  /** Staff only (M-4): the case's ids in the systems it came from (12345, 人民建议征集, visits). */
  sources?: SourceView[];
  /** M-6: set when this report was merged into another case (the primary). */
  mergedInto: string | null;
  /** Photo content security (issue 5 §7): why photos are hidden (to the reporter) or held (reporter, grid worker). */
  contentNotice?: string;
}

export interface CaseDetail {
  case: CaseView;
  timeline: TimelineItem[];
  actions: { action: string; label: string }[];
  /** Staff only (M-6): likely duplicates and earlier fixed cases nearby; reports merged into this case. */
  duplicates?: DuplicateSuggestion[];
  mergedReports?: MergedReport[];
  /** Staff only (issue 5 §7): how many staff photos their image check hid. */
  attachmentNotice?: string;
}

interface ViewEnv {
  org: Org;
  calendar: WorkCalendar;
  now: Date;
}

function placeLabel(doc: CaseDoc, org: Org): string {
  return doc.place?.address || org.unitName(doc.grid);
}

export function toCaseSummary(doc: CaseDoc, env: ViewEnv): CaseSummary {
  const matter = doc.matterType ? env.org.county.matterTypes.find((m) => m.code === doc.matterType) : undefined;
  // The claim limit while a level must claim, then the handling limit once it has (M-11, domain/sla.ts).
  const due = doc.deadlines.claimDue ?? doc.deadlines.handleDue ?? null;
  return {
    id: doc._id,
    no: doc.no,
    state: doc.state,
    stateLabel: CASE_STATE_LABELS[doc.state],
    text: doc.text,
    matterTypeName: matter?.name ?? '待分类',
    placeLabel: placeLabel(doc, env.org),
    createdAt: doc.createdAt,
    deadline: due ? describeDeadline(new Date(due), env.now, env.calendar) : null,
  };
}

export function toCaseView(stored: CaseDoc, viewer: Actor, env: ViewEnv, urls: Record<string, string> = {}): CaseView {
  const isMe = stored.reporter.openid === viewer.openid || stored.linkedReporters.some((r) => r.openid === viewer.openid);
  const doc = redactCaseFor(stored, viewer);
  const photo = (fileID: string) => ({ fileID, url: urls[fileID] ?? '' });
  const phone = doc.reporter.phone;
  const rating = doc.rating ? (({ by, ...rest }) => (void by, rest))(doc.rating) : null;
  const resolution = doc.resolution
    ? (({ by, photos, ...rest }) => (void by, { ...rest, photos: photos.map(photo), levelLabel: LEVEL_LABELS[rest.level] }))(doc.resolution)
    : null;
  return {
    ...toCaseSummary(doc, env),
    version: doc.version,
    level: doc.level,
    levelLabel: LEVEL_LABELS[doc.level],
    grid: doc.grid,
    matterType: doc.matterType,
    photos: doc.photos.map(photo),
    place: doc.place,
    channelLabel: CHANNEL_LABELS[doc.channel],
    reporter: phone ? { anonymous: doc.reporter.anonymous, isMe, phone } : { anonymous: doc.reporter.anonymous, isMe },
    reporterCount: reporterCountOf(stored),
    resolution,
    rating,
    whistleId: doc.whistleId,
    mergedInto: doc.mergedInto ?? null,
    ...contentNoticeFor(stored, viewer, isMe),
    ...sourcesFor(stored, viewer),
  };
}

/** Reporters read why photos were hidden or that they are being checked; the grid worker what to do. */
function contentNoticeFor(doc: CaseDoc, viewer: Actor, isMe: boolean): { contentNotice?: string } {
  const gridWorker = viewer.bindings.some((b) => b.role === 'grid_worker' && b.unit === doc.grid);
  const hold = photoHoldNotice(doc.contentCheck);
  const notice = isMe
    ? (hiddenPhotoNotice(doc.contentCheck) ?? (hold ? '照片正在进行内容安全审核，审核通过后相关部门才能看到。' : undefined))
    : gridWorker
      ? hold
      : undefined;
  return notice ? { contentNotice: notice } : {};
}

/** Every file a view will show, so the function can fetch temp URLs in one call. */
export function photoIdsOf(doc: CaseDoc): string[] {
  return [...doc.photos, ...(doc.resolution?.photos ?? [])];
}
