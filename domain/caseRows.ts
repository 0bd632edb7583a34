// Case rows of the transition table: tiered handling (M-8…M-11), resident rating (M-21), whistle link (M-12).
import { addDays, cstYmd, endOfCstDay } from './calendar';
import { CaseInputSchemas as I } from './inputs';
import { matterTypeOf } from './dutyLists';
import { CONTENT_CHECK_ROWS, contentHoldRefusal } from './contentCheck';
import { MERGE_ROWS } from './mergeRows';
import {
  J,
  LEVELS,
  LEVEL_LABELS,
  LEVEL_ROLE,
  claimedState,
  levelUnit,
  nextLevel,
  pendingState,
  refuse,
  type CaseRow,
  type RowContext,
} from './table';
import type { CaseDoc, CaseLevel, CaseState, Effect } from './types';
import { alertDue, missesDue, recordMiss, recordWarning, runningCaseDeadlines, warningsDue } from './sla';

const OPEN_STATES: CaseState[] = ['grid_pending', 'grid_claimed', 'community_pending', 'community_claimed', 'township_pending', 'township_claimed', 'follow_up'];

const notifyReporter = (template: string): Effect => ({ kind: 'notify', to: 'reporter', template });
const notifyLevel = (doc: CaseDoc, level: CaseLevel, template: string): Effect => ({ kind: 'notify', to: 'level', unit: levelUnit(doc, level), template });

function setResolved(draft: CaseDoc, ctx: RowContext<'case'>, resolution: Omit<CaseDoc['resolution'] & object, 'by' | 'at'>): void {
  if (draft.resolution) draft.history.push({ resolution: draft.resolution, rating: draft.rating, ...(draft.otherRatings?.length ? { otherRatings: draft.otherRatings } : {}) });
  draft.resolution = { ...resolution, by: ctx.by, at: ctx.at };
  draft.rating = null;
  if (draft.otherRatings) draft.otherRatings = [];
  // M-21: an unrated resolution closes automatically after ratingAutoCloseDays calendar days.
  draft.deadlines.rateDue = endOfCstDay(addDays(cstYmd(ctx.now), ctx.county.ratingAutoCloseDays)).toISOString();
}

function claimDuePassed(doc: CaseDoc, now: Date) {
  return doc.deadlines.claimDue && now.getTime() > Date.parse(doc.deadlines.claimDue)
    ? null
    : refuse('DEADLINE_NOT_REACHED', '认领时限未到，不能自动上报（M-11）', 'M-11');
}

function rowsForLevel(level: CaseLevel): CaseRow[] {
  const role = [LEVEL_ROLE[level]];
  const up = nextLevel(level);
  const rows: CaseRow[] = [
    {
      entity: 'case',
      action: 'claim',
      level,
      from: [pendingState(level), 'follow_up'],
      to: claimedState(level),
      roles: role,
      jurisdiction: J.caseUnit,
      requires: I.claim,
      deadline: { stops: ['claim'] },
      label: '认领',
      rule: 'M-8',
      apply: () => [notifyReporter('case_claimed')],
    },
    {
      entity: 'case',
      action: 'resolve',
      level,
      from: [claimedState(level), 'follow_up'],
      to: 'resolved',
      roles: role,
      jurisdiction: J.caseUnit,
      requires: I.resolve,
      deadline: { stops: ['claim'] },
      label: '办结',
      rule: 'M-8',
      apply: (d, ctx) => {
        setResolved(d, ctx, { level, unit: levelUnit(d, level), result: ctx.input.result, photos: ctx.input.photos });
        return [notifyReporter('case_resolved')];
      },
    },
  ];
  if (up) {
    rows.push(
      {
        entity: 'case',
        action: 'escalate',
        level,
        from: [pendingState(level), claimedState(level), 'follow_up'],
        to: pendingState(up),
        roles: role,
        jurisdiction: J.caseUnit,
        requires: I.escalate,
        deadline: { stops: ['claim'], starts: ['claim'] },
        label: `上报${LEVEL_LABELS[up]}`,
        rule: 'M-8',
        // Photos awaiting their content-security verdict keep the case within the grid (issue 5 §7).
        precondition: (doc) => contentHoldRefusal(doc),
        apply: (d) => {
          d.level = up;
          return [notifyLevel(d, up, 'case_escalated'), notifyReporter('case_escalated')];
        },
      },
      {
        entity: 'case',
        action: 'auto_escalate',
        level,
        from: [pendingState(level), 'follow_up'],
        to: pendingState(up),
        roles: 'system',
        jurisdiction: J.system,
        requires: I.auto_escalate,
        deadline: { stops: ['claim'], starts: ['claim'] },
        label: '超时自动上报',
        rule: 'M-11',
        precondition: (doc, _a, _b, now) => claimDuePassed(doc, now) ?? contentHoldRefusal(doc),
        apply: (d) => {
          d.level = up;
          return [notifyLevel(d, up, 'case_auto_escalated')];
        },
      },
    );
  } else {
    // Township is the top case level: a missed claim is recorded and flagged for supervision (M-11, M-24).
    rows.push({
      entity: 'case',
      action: 'auto_escalate',
      level,
      from: [pendingState(level), 'follow_up'],
      to: (ctx) => ctx.doc.state,
      roles: 'system',
      jurisdiction: J.system,
      requires: I.auto_escalate,
      deadline: { stops: ['claim'], starts: ['claim'] },
      label: '超时自动督办',
      rule: 'M-11',
      precondition: (doc, _a, _b, now) => claimDuePassed(doc, now),
      apply: (d) => {
        d.supervised = true;
        return [{ kind: 'notify', to: 'whistle_office', template: 'case_claim_overdue' }];
      },
    });
  }
  const down = LEVELS.slice(0, LEVELS.indexOf(level));
  if (down.length) {
    rows.push({
      entity: 'case',
      action: 'return',
      level,
      from: [pendingState(level), claimedState(level)],
      to: (ctx) => pendingState(ctx.input.toLevel ?? down[down.length - 1]),
      roles: role,
      jurisdiction: J.caseUnit,
      requires: I.return,
      deadline: { stops: ['claim'], starts: ['claim'] },
      label: '退回下级',
      rule: 'M-8',
      guard: (ctx) =>
        ctx.input.toLevel && !down.includes(ctx.input.toLevel)
          ? refuse('VALIDATION', `只能退回到下级（${down.map((l) => LEVEL_LABELS[l]).join('、')}）（M-8）`, 'M-8')
          : // An imported hand-over that landed above grid level has no lower unit to return to (domain/intake locate()).
            !levelUnit(ctx.doc, ctx.input.toLevel ?? down[down.length - 1])
            ? refuse('VALIDATION', '该事项未定位到社区或网格，不能退回下级，请本级办理或上报（M-8）', 'M-8')
            : null,
      apply: (d, ctx) => {
        const to: CaseLevel = ctx.input.toLevel ?? down[down.length - 1];
        d.level = to;
        return [notifyLevel(d, to, 'case_returned')];
      },
    });
  }
  return rows;
}

const ratingRefusal = (doc: CaseDoc) => (doc.rating && !doc.rating.auto ? refuse('ALREADY_RATED', '该事项已评价，不能重复评价（M-21）', 'M-21') : null);

const wrongWhistle = (ctx: RowContext<'case'>) =>
  ctx.doc.whistleId === ctx.input.whistleId ? null : refuse('VALIDATION', '该事项未关联此哨（M-12）', 'M-12');

export const CASE_ROWS: CaseRow[] = [
  ...LEVELS.flatMap(rowsForLevel),
  {
    entity: 'case',
    action: 'rate',
    from: ['resolved'],
    // M-21: 不满意 or an explicit follow-up request reopens the case at the level that resolved it.
    to: (ctx) => (ctx.input.score === '不满意' || ctx.input.followUp ? 'follow_up' : 'closed'),
    roles: ['resident', 'rider', 'party_member'],
    jurisdiction: J.reporter,
    requires: I.rate,
    deadline: { starts: ['claim'] },
    label: '评价',
    rule: 'M-21',
    precondition: (doc) => ratingRefusal(doc),
    refuseOutsideFrom: ratingRefusal,
    apply: (d, ctx) => {
      d.rating = { score: ctx.input.score, comment: ctx.input.comment, followUp: ctx.input.followUp, auto: false, at: ctx.at, by: ctx.actor.openid };
      if (ctx.input.comment === undefined) delete d.rating.comment;
      d.deadlines.rateDue = null;
      if (ctx.to !== 'follow_up') return [];
      d.level = d.resolution?.level ?? d.level;
      return [notifyLevel(d, d.level, 'case_follow_up')];
    },
  },
  {
    entity: 'case',
    action: 'auto_rate',
    from: ['resolved'],
    to: 'closed',
    roles: 'system',
    jurisdiction: J.system,
    requires: I.auto_rate,
    label: '超期未评价自动结案',
    rule: 'M-21',
    precondition: (doc, _a, _b, now) =>
      doc.deadlines.rateDue && now.getTime() > Date.parse(doc.deadlines.rateDue)
        ? null
        : refuse('DEADLINE_NOT_REACHED', '评价期限未到，不能自动结案（M-21）', 'M-21'),
    apply: (d, ctx) => {
      // Marked auto: never counted as a real 满意 (M-21, M-22).
      d.rating = { score: null, followUp: false, auto: true, at: ctx.at, by: '' };
      d.deadlines.rateDue = null;
    },
  },
  {
    entity: 'case',
    action: 'sla_alert',
    from: OPEN_STATES,
    to: (ctx) => ctx.doc.state,
    roles: 'system',
    jurisdiction: J.system,
    requires: I.sla_alert,
    label: '临期提醒 / 超期未办结',
    rule: 'M-11',
    precondition: (doc, _a, _b, now) => (alertDue(doc, now) ? null : refuse('DEADLINE_NOT_REACHED', '没有临近或超过时限的事项（M-11）', 'M-11')),
    apply: (d, ctx) => {
      // 临期 notice once per deadline to the level that owes it; a passed handling limit is recorded
      // against that level and the case is listed 超期未结 for the whistle office (M-11, M-24, M-25).
      const running = runningCaseDeadlines(d);
      const near = warningsDue(d, running, ctx.now, ctx.county, ctx.calendar);
      const late = missesDue(d, running, ctx.now, ['handle']);
      near.forEach((x) => recordWarning(d, x, ctx.at));
      late.forEach((x) => recordMiss(d, x, ctx.at));
      ctx.data.warned = near;
      ctx.data.missed = late;
      const effects: Effect[] = near.map((x) => notifyLevel(d, x.level ?? d.level, 'deadline_near'));
      for (const x of late) {
        effects.push({ kind: 'deadline_missed', deadline: x.kind, due: x.due, unit: x.unit }, notifyLevel(d, x.level ?? d.level, 'case_handle_overdue'));
        effects.push({ kind: 'notify', to: 'whistle_office', template: 'case_handle_overdue' });
      }
      return effects;
    },
  },
  {
    entity: 'case',
    action: 'attach_to_whistle',
    from: OPEN_STATES,
    to: 'whistled',
    roles: ['township'],
    jurisdiction: J.caseUnit,
    requires: I.attach_to_whistle,
    deadline: { stops: ['claim'] },
    label: '纳入吹哨',
    rule: 'M-12',
    apply: (d, ctx) => {
      d.whistleId = ctx.input.whistleId;
      d.level = 'township';
      return [notifyReporter('case_whistled')];
    },
  },
  {
    entity: 'case',
    action: 'detach_from_whistle',
    from: ['whistled'],
    to: 'township_claimed',
    roles: ['township'],
    jurisdiction: J.caseUnit,
    requires: I.detach_from_whistle,
    label: '撤出吹哨',
    rule: 'M-12',
    guard: wrongWhistle,
    apply: (d) => {
      d.whistleId = null;
    },
  },
  {
    entity: 'case',
    action: 'whistle_closed',
    from: ['whistled'],
    to: 'resolved',
    roles: 'system',
    jurisdiction: J.system,
    requires: I.whistle_closed,
    label: '随哨办结',
    rule: 'M-17',
    guard: wrongWhistle,
    apply: (d, ctx) => {
      setResolved(d, ctx, { level: 'township', unit: d.township, result: ctx.input.result, photos: ctx.input.photos, whistleId: ctx.input.whistleId });
      return [notifyReporter('case_resolved')];
    },
  },
  {
    entity: 'case',
    action: 'reclassify',
    from: [...OPEN_STATES, 'whistled'],
    to: (ctx) => ctx.doc.state,
    roles: ['grid_worker', 'community', 'township', 'whistle_office'],
    jurisdiction: J.caseCurrentLevel,
    requires: I.reclassify,
    label: '调整事项类型',
    rule: 'M-5',
    guard: (ctx) => {
      matterTypeOf(ctx.county, ctx.input.matterType); // NOT_FOUND for unknown types
      return ctx.input.matterType === ctx.doc.matterType ? refuse('VALIDATION', '事项类型未改变（M-5）', 'M-5') : null;
    },
    apply: (d, ctx) => {
      ctx.data.previousMatterType = d.matterType;
      d.matterType = ctx.input.matterType;
    },
  },
  // Duplicate reports: link, merge, un-merge (M-6).
  ...MERGE_ROWS,
  // Photo content security (issue 5 §7).
  ...CONTENT_CHECK_ROWS,
];
