// Case rows for duplicate reports (M-6): a further reporter is linked to the primary case; a duplicate
// case is merged into its primary (automatically by the system at intake, or by staff) and can be
// un-merged, which restores it where it stood. The absorbed case keeps its document (state 'merged',
// `mergedInto` set), so un-merge loses nothing and statistics count the problem once.
import { CaseInputSchemas as I } from './inputs';
import { J, refuse, type CaseRow, type RowContext } from './table';
import type { Actor, CaseDoc, CaseState, Channel, Effect, Rating, Role } from './types';

/** States a case can be absorbed from, and states a primary may absorb into (not fixed: M-6 "after the
 *  earlier case was fixed, a new case"). A whistled case can be a primary but is not absorbed itself — it
 *  belongs to its whistle (detach first). */
export const MERGEABLE_STATES: CaseState[] = ['grid_pending', 'grid_claimed', 'community_pending', 'community_claimed', 'township_pending', 'township_claimed', 'follow_up'];
export const PRIMARY_STATES: CaseState[] = [...MERGEABLE_STATES, 'whistled'];
const ALL_BUT_MERGED: CaseState[] = [...PRIMARY_STATES, 'resolved', 'closed'];

/** Staff who may merge / un-merge: the case levels and the whistle office (jurisdiction per row). */
const MERGE_ROLES: Role[] = ['grid_worker', 'community', 'township', 'whistle_office'];

/** Distinct people who reported the problem (the same person reporting twice counts once). */
export function reporterCountOf(doc: Pick<CaseDoc, 'reporter' | 'linkedReporters'>): number {
  // A report without an account (visit registration) is one person of its own.
  return new Set([doc.reporter.openid || '-', ...doc.linkedReporters.map((r) => r.openid || `case:${r.caseId}`)]).size;
}

function channelsOf(doc: CaseDoc): Channel[] {
  return [...new Set([doc.channel, ...doc.linkedReporters.map((r) => r.channel)])];
}

const notSelf = (ctx: RowContext<'case'>) => (ctx.input.into === ctx.doc._id ? refuse('VALIDATION', '不能与自身合并（M-6）', 'M-6') : null);

/** Absorb `d` into `into`: remember where it stood, link its reporter to the primary in the same transaction. */
function absorb(d: CaseDoc, ctx: RowContext<'case'>, auto: boolean): Effect[] {
  d.mergedFrom = { state: ctx.doc.state, level: ctx.doc.level, at: ctx.at, auto, ...(auto ? { score: ctx.input.score } : {}) };
  d.mergedInto = ctx.input.into;
  const link = { openid: d.reporter.openid, channel: d.channel, caseId: d._id, anonymous: d.reporter.anonymous };
  return [
    { kind: 'cascade', entity: 'case', ids: [ctx.input.into], action: 'link_reporter', input: link },
    { kind: 'notify', to: 'reporter', template: 'case_merged' },
  ];
}

/** Has this person rated the current resolution already (first rating or a further one)? */
function ratedBy(doc: CaseDoc, openid: string): boolean {
  return doc.rating?.by === openid || (doc.otherRatings ?? []).some((r) => r.by === openid);
}

/** A further reporter rates after the first (M-6 "each may rate"): only a real first rating opens this. */
function furtherRatingRefusal(doc: CaseDoc, actor: Actor) {
  if (!doc.rating || doc.rating.auto) return refuse('ILLEGAL_TRANSITION', '该事项未在评价期内（M-21）', 'M-21');
  return ratedBy(doc, actor.openid) ? refuse('ALREADY_RATED', '您已评价过该事项（M-21）', 'M-21') : null;
}

export const MERGE_ROWS: CaseRow[] = [
  {
    entity: 'case',
    action: 'add_rating',
    from: ['closed', 'follow_up'],
    // A further reporter's 不满意 or follow-up request reopens a closed case like the first one's would (M-21).
    to: (ctx) => (ctx.input.score === '不满意' || ctx.input.followUp ? 'follow_up' : ctx.doc.state),
    roles: ['resident', 'rider', 'party_member'],
    jurisdiction: J.reporter,
    requires: I.add_rating,
    label: '评价',
    rule: 'M-21',
    precondition: (doc, actor) => furtherRatingRefusal(doc, actor),
    apply: (d, ctx) => {
      const rating: Rating = { score: ctx.input.score, comment: ctx.input.comment, followUp: ctx.input.followUp, auto: false, at: ctx.at, by: ctx.actor.openid };
      if (ctx.input.comment === undefined) delete rating.comment;
      d.otherRatings = [...(d.otherRatings ?? []), rating];
      if (ctx.to !== 'follow_up' || ctx.doc.state === 'follow_up') return [];
      d.level = d.resolution?.level ?? d.level;
      return [{ kind: 'notify', to: 'level', unit: d[d.level], template: 'case_follow_up' }];
    },
  },
  {
    entity: 'case',
    action: 'link_reporter',
    from: [...PRIMARY_STATES, 'resolved'],
    to: (ctx) => ctx.doc.state,
    roles: 'system',
    jurisdiction: J.system,
    requires: I.link_reporter,
    label: '合并重复反映',
    rule: 'M-6',
    apply: (d, ctx) => {
      const { openid, channel, caseId, anonymous } = ctx.input;
      const known = caseId
        ? d.linkedReporters.some((r) => r.caseId === caseId)
        : openid === d.reporter.openid || d.linkedReporters.some((r) => r.openid === openid);
      if (!known) d.linkedReporters.push({ openid, channel, at: ctx.at, ...(caseId ? { caseId } : {}), ...(anonymous ? { anonymous } : {}) });
      d.channels = channelsOf(d);
      d.reporterCount = reporterCountOf(d);
      ctx.data.reporters = 1 + d.linkedReporters.length;
    },
  },
  {
    entity: 'case',
    action: 'unlink_reporter',
    from: ALL_BUT_MERGED,
    to: (ctx) => ctx.doc.state,
    roles: 'system',
    jurisdiction: J.system,
    requires: I.unlink_reporter,
    label: '撤销合并反映',
    rule: 'M-6',
    apply: (d, ctx) => {
      d.linkedReporters = d.linkedReporters.filter((r) => r.caseId !== ctx.input.caseId);
      d.channels = channelsOf(d);
      d.reporterCount = reporterCountOf(d);
      ctx.data.reporters = d.reporterCount;
    },
  },
  {
    entity: 'case',
    action: 'auto_merge',
    from: ['grid_pending'],
    to: 'merged',
    roles: 'system',
    jurisdiction: J.system,
    requires: I.auto_merge,
    label: '自动合并重复反映',
    rule: 'M-6',
    guard: notSelf,
    apply: (d, ctx) => absorb(d, ctx, true),
  },
  {
    entity: 'case',
    action: 'merge',
    from: MERGEABLE_STATES,
    to: 'merged',
    roles: MERGE_ROLES,
    jurisdiction: J.caseCurrentLevel,
    requires: I.merge,
    label: '合并到其他事项',
    rule: 'M-6',
    guard: notSelf,
    apply: (d, ctx) => absorb(d, ctx, false),
  },
  {
    entity: 'case',
    action: 'unmerge',
    from: ['merged'],
    to: (ctx) => ctx.doc.mergedFrom?.state ?? 'grid_pending',
    roles: MERGE_ROLES,
    jurisdiction: J.caseUnit,
    requires: I.unmerge,
    // The restored case waits for a claim again with a fresh time limit (M-11).
    deadline: { starts: ['claim'] },
    label: '撤销合并',
    rule: 'M-6',
    apply: (d, ctx) => {
      const primary = ctx.doc.mergedInto;
      d.level = ctx.doc.mergedFrom?.level ?? d.level;
      d.mergedInto = null;
      d.mergedFrom = null;
      ctx.data.primary = primary;
      const effects: Effect[] = [
        { kind: 'notify', to: 'reporter', template: 'case_unmerged' },
        { kind: 'notify', to: 'level', unit: d[d.level], template: 'case_new' },
      ];
      if (primary) effects.unshift({ kind: 'cascade', entity: 'case', ids: [primary], action: 'unlink_reporter', input: { caseId: d._id } });
      return effects;
    },
  },
];
