// Shared domain types. Timestamps inside documents are ISO-8601 strings (UTC, "Z"), so documents
// survive JSON (callFunction) unchanged and sort lexicographically in indexes; functions take `now: Date`.
import type { CHANNELS, RATING_SCORES, CaseInputSchemas, WhistleInputSchemas } from './inputs';
import type { ContentCheck } from './contentCheck';

export type IsoTime = string;

// ---- roles (re-exported by roles.ts) ----
export type Role =
  | 'resident'
  | 'rider'
  | 'grid_worker'
  | 'community'
  | 'township'
  | 'whistle_office'
  | 'department'
  | 'leader'
  | 'admin'
  | 'party_member';

/** unit: grid code (grid_worker), community code (community, party_member), township code (township),
 *  dept code (department), county code (whistle_office, leader, admin), '' (resident, rider). */
export interface RoleBinding {
  role: Role;
  unit: string;
}

export interface Actor {
  personId: string;
  openid: string;
  name: string;
  bindings: RoleBinding[];
  /** Only SYSTEM_ACTOR (scheduled jobs) sets this. */
  system?: boolean;
}

/** Who did something, as recorded in documents and events. role 'system' for scheduled actions. */
export interface ActorRef {
  personId: string;
  role: Role | 'system';
  unit: string;
}

// ---- common ----
export type Channel = (typeof CHANNELS)[number];
export type RatingScore = (typeof RATING_SCORES)[number];
export type CaseLevel = 'grid' | 'community' | 'township';
export type DeadlineKind = 'claim' | 'checkin_normal' | 'checkin_urgent' | 'completion';

export interface Place {
  lat?: number;
  lng?: number;
  address?: string;
  qrPoint?: string;
}

/** Every deadline the SLA clock watches: the four of domain/calendar.ts plus a claimed case's handling limit (M-11). */
export type SlaKind = DeadlineKind | 'handle';

/** A deadline that passed without the required action (M-11, M-25). */
export interface Miss {
  kind: SlaKind;
  /** Case level (claim misses) — absent for whistle misses. */
  level?: CaseLevel;
  /** The unit that missed: grid/community/township code or dept code. */
  unit: string;
  due: IsoTime;
  at: IsoTime;
  /** When the late action finally happened and who did it (per-person accountability, M-25). */
  doneAt?: IsoTime;
  donePerson?: string;
}

/** A 临期 notice sent for one deadline (once per deadline, M-24). */
export interface SlaWarning {
  kind: SlaKind;
  unit: string;
  due: IsoTime;
  at: IsoTime;
}

/** 三个必督 flags set by the SLA clock and kept by every action (domain/sla.ts, M-24): the due time of the
 *  nearest warned deadline (临期) / of the earliest missed running deadline (超期未结); null when none. */
export interface SlaFlags {
  near: IsoTime | null;
  overdue: IsoTime | null;
}

// ---- case ----
export type CaseState =
  | 'grid_pending'
  | 'grid_claimed'
  | 'community_pending'
  | 'community_claimed'
  | 'township_pending'
  | 'township_claimed'
  | 'whistled'
  | 'resolved'
  | 'closed'
  | 'follow_up'
  /** Absorbed into another case as a duplicate (M-6): out of every inbox and count; `mergedInto` says where. */
  | 'merged';

export type CaseAction = keyof typeof CaseInputSchemas;

export interface Reporter {
  openid: string;
  anonymous: boolean;
  phone?: string;
}

/** A further reporter of the same problem (M-6); `caseId` is their own absorbed case, when there is one. */
export interface LinkedReporter {
  openid: string;
  channel: Channel;
  at: IsoTime;
  caseId?: string;
  /** Anonymous reporters stay anonymous to staff (domain/access.ts). */
  anonymous?: boolean;
}

export interface GeoPoint {
  type: 'Point';
  /** [lng, lat] */
  coordinates: [number, number];
}

export interface Resolution {
  level: CaseLevel;
  unit: string;
  by: ActorRef;
  at: IsoTime;
  result: string;
  photos: string[];
  whistleId?: string;
}

export interface Rating {
  /** null for auto_rate: an automatic close never counts as 满意 (M-21). */
  score: RatingScore | null;
  comment?: string;
  followUp: boolean;
  auto: boolean;
  at: IsoTime;
  /** openid of the reporter who rated ('' for auto). */
  by: string;
}

/** One arrival of a problem from a channel that has its own ids (imports, visits). */
export interface CaseSource {
  channel: Channel;
  sourceId: string;
  /** When it was reported in the source system (e.g. 来电时间), if known. */
  reportedAt?: IsoTime;
  /** Import batch or registering staff member. */
  batchId?: string;
  by?: ActorRef;
  at: IsoTime;
}

export interface CaseDoc {
  _id: string;
  no: string;
  state: CaseState;
  /** The level currently responsible (for whistled / resolved / closed: the last handling level). */
  level: CaseLevel;
  county: string;
  township: string;
  community: string;
  grid: string;
  matterType: string | null;
  text: string;
  photos: string[];
  place: Place | null;
  channel: Channel;
  /** Every channel the problem arrived through (M-4, M-6). */
  channels: Channel[];
  /** Ids the problem carries in the systems it came from (12345 工单编号, 建议编号, visit request), one per
   *  arrival (M-4); absent on cases created before imports existed. */
  sources?: CaseSource[];
  /** The staff member (personId) who registered the case on a visit (grid worker or party member, M-4): they follow it like a reporter. */
  registeredBy?: string | null;
  reporter: Reporter;
  /** Further reporters merged into this case (M-6); notified like the reporter. */
  linkedReporters: LinkedReporter[];
  /** GeoJSON point of `place` (or of the scanned QR place); absent without coordinates. */
  geo?: GeoPoint | null;
  /** Place cell of `geo` (domain/dedup.ts geoCellOf), or the grid's cell when unplaced (unplacedCellOf); for the duplicate search (M-6). */
  geoCell?: string;
  /** Set on a case absorbed as a duplicate (M-6): the primary case it now lives in. Statistics count a
   *  case once by skipping documents whose mergedInto is set (state 'merged'). */
  mergedInto?: string | null;
  /** Where the absorbed case stood when merged, restored by unmerge (M-6). */
  mergedFrom?: { state: CaseState; level: CaseLevel; at: IsoTime; auto: boolean; score?: number } | null;
  /** Distinct people who reported this problem (reporter + linked reporters), shown as 集中反映 (M-6). */
  reporterCount?: number;
  deadlines: {
    /** Claim deadline of the current level (M-11); null when nothing is awaiting a claim. */
    claimDue: IsoTime | null;
    /** When an unrated resolution auto-closes (M-21); null unless state is resolved. */
    rateDue: IsoTime | null;
    /** Handling limit of the level that claimed the case (M-11 "handle"); null unless in a *_claimed state. */
    handleDue?: IsoTime | null;
    /** Next instant the SLA clock must look at this case (临期 notice or handle miss); null when none (domain/sla.ts). */
    alertAt?: IsoTime | null;
  };
  warned?: SlaWarning[];
  flags?: SlaFlags;
  misses: Miss[];
  resolution: Resolution | null;
  /** Rating of the current resolution (null until rated). */
  rating: Rating | null;
  /** Ratings of the current resolution by further (merged) reporters, after the first (M-6, M-21). */
  otherRatings?: Rating[];
  /** Earlier resolutions and ratings, oldest first (follow-up history, M-21). */
  history: { resolution: Resolution; rating: Rating | null; otherRatings?: Rating[] }[];
  whistleId: string | null;
  /** Set when the case was supervised / auto-flagged at township level (M-24). */
  supervised: boolean;
  /** False while a photo awaits its content-security verdict or the grid worker's review (domain/contentCheck.ts):
   *  only the reporter and the grid's worker see the case, and it cannot be escalated. Indexed for inboxes. */
  visibleBeyondGrid?: boolean;
  /** Content-security record of the text and each photo (issue 5 §7). */
  contentCheck?: ContentCheck;
  version: number;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

// ---- whistle ----
export type WhistleState =
  | 'draft'
  | 'proposed'
  | 'collected'
  | 'reviewed'
  | 'rejected'
  | 'submitted'
  | 'dispatched'
  | 'in_progress'
  | 'completed';

export type WhistleAction = keyof typeof WhistleInputSchemas;

/** One of the four township steps (M-12): actor, time, comment. */
export interface StepRecord {
  by: ActorRef;
  at: IsoTime;
  comment?: string;
}

export type AssignmentState = 'dispatched' | 'checked_in' | 'completed' | 'returned';

export interface Assignment {
  dept: string;
  role: 'lead' | 'co';
  state: AssignmentState;
  dispatchedAt: IsoTime;
  checkInDue: IsoTime;
  completionDue: IsoTime;
  checkIn?: { handler: string; onSiteAt: IsoTime; at: IsoTime; by: ActorRef; onTime: boolean; note?: string };
  completion?: { at: IsoTime; by: ActorRef; result: string; photos: string[]; onTime: boolean };
  returnedAt?: IsoTime;
}

export interface WhistleRequest {
  kind: 'extension' | 'return';
  dept: string;
  at: IsoTime;
  by: ActorRef;
  reason: string;
  workingDays?: number;
  status: 'pending' | 'approved' | 'refused';
  decidedAt?: IsoTime;
  decidedBy?: ActorRef;
  decisionComment?: string;
}

export interface Meeting {
  at: IsoTime;
  by: ActorRef;
  attendees: string[];
  decision: string;
  lead: string;
  co: string[];
  plan: string;
  deadline: string; // YYYY-MM-DD
}

export interface WhistleDoc {
  _id: string;
  no: string;
  state: WhistleState;
  /** 平哨 normal / 急哨 urgent (M-13). */
  kind: 'normal' | 'urgent';
  county: string;
  township: string;
  matterType: string;
  title: string;
  description: string;
  caseIds: string[];
  stationedTried: string | null;
  /** The four township steps (M-12). */
  steps: { propose?: StepRecord; collect?: StepRecord; review?: StepRecord; approve?: StepRecord };
  /** Platform proposal from the duty lists (M-16); dispatch may differ — see `corrected`. */
  routing: { lead: string; co: string[]; rule: string; corrected: boolean } | null;
  rejection: { code: string; rule?: string; message: string; at: IsoTime; by: ActorRef } | null;
  /** 急哨: registered with the whistle office at approval (同步登记, M-13). */
  registeredAt: IsoTime | null;
  assignments: Assignment[];
  requests: WhistleRequest[];
  meetings: Meeting[];
  progress: { dept: string; at: IsoTime; by: ActorRef; text: string; photos: string[] }[];
  supervision: { at: IsoTime; by: ActorRef; kind: string; reason: string }[];
  deadlines: {
    /** Lead department's completion deadline. */
    completionDue: IsoTime | null;
    /** Earliest deadline still open and not yet recorded as missed — index this for the overdue job. */
    nextDue: IsoTime | null;
    /** Next 临期 notice the SLA clock owes (domain/sla.ts); null when none. */
    alertAt?: IsoTime | null;
  };
  warned?: SlaWarning[];
  flags?: SlaFlags;
  misses: Miss[];
  result: { dept: string; at: IsoTime; text: string; photos: string[] } | null;
  version: number;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export type Entity = 'case' | 'whistle';
export type Doc = CaseDoc | WhistleDoc;
export type DocOf<E extends Entity> = E extends 'case' ? CaseDoc : WhistleDoc;
export type ActionOf<E extends Entity> = E extends 'case' ? CaseAction : WhistleAction;
export type StateOf<E extends Entity> = E extends 'case' ? CaseState : WhistleState;

// ---- events & effects ----
export interface AuditEventDraft {
  entity: Entity;
  entityId: string;
  action: CaseAction | WhistleAction | 'create' | 'supervision_list' | 'supervision_respond' | 'supervision_press' | 'supervision_close';
  actor: ActorRef;
  at: IsoTime;
  before: { state: string; level?: CaseLevel; version: number };
  after: { state: string; level?: CaseLevel; version: number };
  /** The validated action input (never phone numbers). */
  data: Record<string, unknown>;
  rule?: string;
}

export type NotifyTarget = 'reporter' | 'level' | 'department' | 'whistle_office' | 'township';

export type Effect =
  | { kind: 'notify'; to: NotifyTarget; unit?: string; template: string }
  | { kind: 'deadline_met' | 'deadline_missed'; deadline: SlaKind; due: IsoTime; unit: string }
  /** Apply `action` to each related document (e.g. whistle completed → whistle_closed on its cases). */
  | { kind: 'cascade'; entity: Entity; ids: string[]; action: CaseAction | WhistleAction; input: Record<string, unknown> };

export interface ActionResult<D extends Doc = Doc> {
  next: D;
  event: AuditEventDraft;
  effects: Effect[];
}
