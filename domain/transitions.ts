// One transition table for the whole life of a case and of a whistle (architecture.md "One transition table").
// Handlers look up the row; they never branch on state themselves.
import type { z } from 'zod';
import { computeDeadline, deadlineMet } from './calendar';
import { CASE_ROWS } from './caseRows';
import type { CountyConfig } from './county';
import type { WorkCalendar } from './calendar';
import { DomainError } from './errors';
import { NewCaseInputSchema, WhistleInputSchemas, type NewCaseInput, type NewWhistleInput } from './inputs';
import { orgFor } from './org';
import { geoCellOf, unplacedCellOf } from './dedup';
import { ROLE_LABELS, effectiveBindings, isSystemActor } from './roles';
import { awaitingClaim, stateLabel, type RowContext, type TransitionRow } from './table';
import type {
  ActionOf,
  ActionResult,
  Actor,
  ActorRef,
  AuditEventDraft,
  CaseDoc,
  DocOf,
  Effect,
  Entity,
  RoleBinding,
  WhistleDoc,
} from './types';
import { WHISTLE_ROWS, nextWhistleDue, runningWhistleDeadlines } from './whistleRows';
import { newCaseDeadlines, refreshWhistleSla, settleCaseSla } from './sla';

export { canView, maskPhone, redactCaseFor } from './access';
export type { TransitionRow, Jurisdiction } from './table';
export { CASE_STATE_LABELS, WHISTLE_STATE_LABELS, LEVEL_LABELS, stateLabel } from './table';
export { openWhistleDeadlines, nextWhistleDue } from './whistleRows';

/** The table: every row of a case's and a whistle's life. */
export const TRANSITIONS: readonly TransitionRow[] = [...(CASE_ROWS as TransitionRow[]), ...(WHISTLE_ROWS as TransitionRow[])];

export interface ApplyArgs<E extends Entity> {
  entity: E;
  doc: DocOf<E>;
  action: ActionOf<E>;
  actor: Actor;
  input: unknown;
  now: Date;
  county: CountyConfig;
  calendar: WorkCalendar;
  /** When given and different from doc.version → STALE_VERSION. */
  expectedVersion?: number;
}

const rowsOf = <E extends Entity>(entity: E, action: string) =>
  TRANSITIONS.filter((r) => r.entity === entity && r.action === action) as unknown as TransitionRow<E>[];

const inState = <E extends Entity>(row: TransitionRow<E>, doc: DocOf<E>) =>
  (row.from as string[]).includes(doc.state) && (!row.level || (doc as CaseDoc).level === row.level);

export function actorRef(binding: RoleBinding | null, actor: Actor): ActorRef {
  return binding ? { personId: actor.personId, role: binding.role, unit: binding.unit } : { personId: actor.personId, role: 'system', unit: '' };
}

/** The binding the actor may use for this row, or the reason they may not. */
function authorise<E extends Entity>(row: TransitionRow<E>, doc: DocOf<E>, actor: Actor): { binding: RoleBinding | null } | { error: DomainError } {
  const rule = row.rule;
  if (row.roles === 'system') {
    return isSystemActor(actor) ? { binding: null } : { error: new DomainError('FORBIDDEN_ROLE', `「${row.label}」由系统自动执行`, { rule }) };
  }
  const roles = row.roles;
  const candidates = effectiveBindings(actor).filter((b) => roles.includes(b.role));
  if (!candidates.length) {
    const who = roles.map((r) => ROLE_LABELS[r]).join('、');
    return { error: new DomainError('FORBIDDEN_ROLE', `只有${who}可以执行「${row.label}」`, { rule }) };
  }
  const binding = candidates.find((b) => row.jurisdiction.test(b, doc, actor));
  if (!binding) return { error: new DomainError('OUT_OF_JURISDICTION', `只能对${row.jurisdiction.label}执行「${row.label}」`, { rule }) };
  return { binding };
}

function parseInput(schema: z.ZodTypeAny, input: unknown, rule: string): unknown {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const reasonIssue = issues.find((i) => ['reason', 'instructions'].includes(String(i.path[0])));
  if (reasonIssue) throw new DomainError('REASON_REQUIRED', `请填写理由（${rule}）`, { rule, details: issues });
  const text = issues.map((i) => `${i.path.join('.') || '输入'}：${i.message}`).join('；');
  throw new DomainError('VALIDATION', `填写的信息不完整或有误：${text}`, { rule, details: issues });
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Case claim deadlines (M-11), driven by the row's deadline column. */
function caseDeadlines(row: TransitionRow<'case'>, before: CaseDoc, next: CaseDoc, ctx: RowContext<'case'>): Effect[] {
  const effects: Effect[] = [];
  const due = before.deadlines.claimDue;
  if (row.deadline?.stops?.includes('claim') && awaitingClaim(before.state) && due) {
    const met = deadlineMet(ctx.now, new Date(due)) && row.roles !== 'system';
    const unit = before[before.level];
    if (!met) next.misses.push({ kind: 'claim', level: before.level, unit, due, at: ctx.at });
    effects.push({ kind: met ? 'deadline_met' : 'deadline_missed', deadline: 'claim', due, unit });
  }
  const restart = row.deadline?.starts?.includes('claim') || next.level !== before.level || !awaitingClaim(before.state);
  if (!awaitingClaim(next.state)) next.deadlines.claimDue = null;
  else if (restart) next.deadlines.claimDue = computeDeadline('claim', ctx.now, { county: ctx.county, calendar: ctx.calendar, level: next.level }).toISOString();
  if (next.state !== 'resolved') next.deadlines.rateDue = null;
  return effects;
}

function snapshot(entity: Entity, doc: DocOf<Entity>): AuditEventDraft['before'] {
  return entity === 'case' ? { state: doc.state, level: (doc as CaseDoc).level, version: doc.version } : { state: doc.state, version: doc.version };
}

/** Apply one action: the only way a case or whistle changes. Throws DomainError when refused. */
export function applyAction<E extends Entity>(args: ApplyArgs<E>): ActionResult<DocOf<E>> {
  const { entity, doc, action, actor, now, county, calendar } = args;
  const rows = rowsOf(entity, action);
  if (!rows.length) throw new DomainError('ILLEGAL_TRANSITION', `未知操作：${String(action)}`);
  if (args.expectedVersion !== undefined && args.expectedVersion !== doc.version) throw new DomainError('STALE_VERSION');

  const candidates = rows.filter((r) => inState(r, doc));
  if (!candidates.length) {
    const explained = rows.map((r) => r.refuseOutsideFrom?.(doc)).find(Boolean);
    if (explained) throw explained;
    throw new DomainError('ILLEGAL_TRANSITION', `当前状态「${stateLabel(entity, doc.state)}」不能执行「${rows[0].label}」`, { rule: rows[0].rule });
  }
  // Rows never overlap on (state, level); a test asserts it.
  const row = candidates[0];
  const auth = authorise(row, doc, actor);
  if ('error' in auth) throw auth.error;
  const { binding } = auth;
  const pre = row.precondition?.(doc, actor, binding, now);
  if (pre) throw pre;

  const base = {
    entity,
    doc,
    input: parseInput(row.requires, args.input, row.rule),
    actor,
    binding,
    by: actorRef(binding, actor),
    now,
    at: now.toISOString(),
    county,
    calendar,
    org: orgFor(county),
  };
  const ctx: RowContext<E> = { ...base, to: typeof row.to === 'function' ? row.to(base) : row.to, data: {} };
  const err = row.guard?.(ctx);
  if (err) throw err;

  const next = clone(doc);
  next.state = ctx.to;
  const effects: Effect[] = [...(row.apply?.(next, ctx) ?? [])];
  const sla = { now, at: ctx.at, county, calendar, personId: binding ? actor.personId : null };
  if (entity === 'case') {
    effects.push(...caseDeadlines(row as unknown as TransitionRow<'case'>, doc as CaseDoc, next as CaseDoc, ctx as unknown as RowContext<'case'>));
    const { missed } = settleCaseSla(doc as CaseDoc, next as CaseDoc, sla); // M-11 handling limit, 临期, flags
    if (missed) effects.push({ kind: 'deadline_missed', deadline: 'handle', due: missed.due, unit: missed.unit });
  } else {
    (next as WhistleDoc).deadlines.nextDue = nextWhistleDue(next as WhistleDoc);
    refreshWhistleSla(next as WhistleDoc, runningWhistleDeadlines(next as WhistleDoc), sla);
  }
  next.version = doc.version + 1;
  next.updatedAt = ctx.at;

  const event: AuditEventDraft = {
    entity,
    entityId: doc._id,
    action: row.action,
    actor: ctx.by,
    at: ctx.at,
    before: snapshot(entity, doc),
    after: snapshot(entity, next),
    data: { ...(ctx.input as Record<string, unknown>), ...ctx.data },
    rule: row.rule,
  };
  return { next, event, effects };
}

/** Buttons for the UI: actions this actor may take on this document now (system actions excluded). */
export function availableActions<E extends Entity>(entity: E, doc: DocOf<E>, actor: Actor, now?: Date): { action: ActionOf<E>; label: string }[] {
  const seen = new Set<string>();
  const out: { action: ActionOf<E>; label: string }[] = [];
  for (const row of TRANSITIONS as unknown as TransitionRow<E>[]) {
    if (row.entity !== entity || row.roles === 'system' || seen.has(row.action) || !inState(row, doc)) continue;
    const auth = authorise(row, doc, actor);
    if ('error' in auth) continue;
    if (row.precondition?.(doc, actor, auth.binding, now ?? new Date(0))) continue;
    seen.add(row.action);
    out.push({ action: row.action, label: row.label });
  }
  return out;
}

/** A new report lands with the grid worker of its grid (M-4, M-8); claim deadline per M-11. */
export function newCase(args: { id: string; no: string; input: NewCaseInput; now: Date; county: CountyConfig; calendar: WorkCalendar }): CaseDoc {
  const { id, no, now, county, calendar } = args;
  const input = parseInput(NewCaseInputSchema, args.input, 'M-4') as z.output<typeof NewCaseInputSchema>;
  const path = orgFor(county).gridPath(input.grid);
  if (input.matterType && !county.matterTypes.some((m) => m.code === input.matterType)) {
    throw new DomainError('VALIDATION', `未知事项类型：${input.matterType}`, { rule: 'M-5' });
  }
  const at = now.toISOString();
  const reporter: CaseDoc['reporter'] = { openid: input.reporter.openid, anonymous: input.anonymous };
  if (input.reporter.phone) reporter.phone = input.reporter.phone;
  return {
    _id: id,
    no,
    state: 'grid_pending',
    level: 'grid',
    county: county.county.code,
    township: path.township.code,
    community: path.community.code,
    grid: path.grid.code,
    matterType: input.matterType ?? null,
    text: input.text,
    photos: input.photos,
    place: input.place ?? null,
    ...geoOf(county, input.place, path.grid.code),
    channel: input.channel,
    channels: [input.channel],
    reporter,
    linkedReporters: [],
    deadlines: newCaseDeadlines(computeDeadline('claim', now, { county, calendar, level: 'grid' }).toISOString(), now, county, calendar),
    misses: [],
    resolution: null,
    rating: null,
    history: [],
    whistleId: null,
    supervised: false,
    visibleBeyondGrid: true,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * GeoJSON point and place cell for the duplicate search (M-6): the reported coordinates, else the scanned
 * QR place's; a report without either gets its grid's cell (unplacedCellOf).
 */
function geoOf(county: CountyConfig, place: NewCaseInput['place'], grid: string): Pick<CaseDoc, 'geo' | 'geoCell'> {
  const qr = place?.qrPoint ? county.qrPoints.find((p) => p.code === place.qrPoint) : undefined;
  const lat = place?.lat ?? qr?.lat;
  const lng = place?.lng ?? qr?.lng;
  return typeof lat === 'number' && typeof lng === 'number' ? { geo: { type: 'Point', coordinates: [lng, lat] }, geoCell: geoCellOf(lat, lng) } : { geoCell: unplacedCellOf(grid) };
}

/** Empty whistle in state 'draft' — only `propose` applies to it. */
export function draftWhistle(id: string, no: string, township: string, county: CountyConfig, now: Date): WhistleDoc {
  const at = now.toISOString();
  return {
    _id: id,
    no,
    state: 'draft',
    kind: 'normal',
    county: county.county.code,
    township,
    matterType: '',
    title: '',
    description: '',
    caseIds: [],
    stationedTried: null,
    steps: {},
    routing: null,
    rejection: null,
    registeredAt: null,
    assignments: [],
    requests: [],
    meetings: [],
    progress: [],
    supervision: [],
    deadlines: { completionDue: null, nextDue: null },
    misses: [],
    result: null,
    version: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** Township 党建办 proposes a whistle (M-12 step 1). Returns the version-1 doc, its event and cascade effects. */
export function newWhistle(args: { id: string; no: string; input: NewWhistleInput; actor: Actor; now: Date; county: CountyConfig; calendar: WorkCalendar }): ActionResult<WhistleDoc> {
  const input = parseInput(WhistleInputSchemas.propose, args.input, 'M-12') as { township: string };
  if (!orgFor(args.county).township(input.township)) throw new DomainError('NOT_FOUND', `未找到乡镇（街道）：${input.township}`, { rule: 'M-1' });
  const doc = draftWhistle(args.id, args.no, input.township, args.county, args.now);
  return applyAction({ entity: 'whistle', doc, action: 'propose', actor: args.actor, input: args.input, now: args.now, county: args.county, calendar: args.calendar });
}

/** Audit event for a document's creation (the "create" entry of every timeline). Phone numbers never enter events. */
export function creationEvent(entity: Entity, doc: CaseDoc | WhistleDoc, by: ActorRef): AuditEventDraft {
  const data: Record<string, unknown> =
    entity === 'case'
      ? { text: (doc as CaseDoc).text, photos: (doc as CaseDoc).photos, channel: (doc as CaseDoc).channel, grid: (doc as CaseDoc).grid, matterType: doc.matterType }
      : { title: (doc as WhistleDoc).title, matterType: doc.matterType };
  // Imported / registered cases: their ids in the source systems (M-4), without who — that is the event's actor.
  const sources = entity === 'case' ? (doc as CaseDoc).sources : undefined;
  if (sources?.length) data.sources = sources.map(({ by: _by, ...s }) => s);
  return {
    entity,
    entityId: doc._id,
    action: 'create',
    actor: by,
    at: doc.createdAt,
    before: { state: '', version: 0 },
    after: snapshot(entity, doc),
    data,
    rule: entity === 'case' ? 'M-4' : 'M-12',
  };
}
