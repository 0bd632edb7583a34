// One transition table for the life of a case and of a whistle (architecture.md). STUB — being implemented.
import type { CountyConfig } from './county';
import type { WorkCalendar } from './calendar';
import type { NewCaseInput, NewWhistleInput } from './inputs';
import type { ActionResult, Actor, CaseDoc, DocOf, Entity, ActionOf, WhistleDoc } from './types';

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

export function applyAction<E extends Entity>(args: ApplyArgs<E>): ActionResult<DocOf<E>> {
  throw new Error('not implemented' + String(args.entity));
}

export function availableActions<E extends Entity>(entity: E, doc: DocOf<E>, actor: Actor, now?: Date): { action: ActionOf<E>; label: string }[] {
  void [entity, doc, actor, now];
  return [];
}

export function canView<E extends Entity>(entity: E, doc: DocOf<E>, actor: Actor, ctx?: { whistle?: WhistleDoc }): boolean {
  void [entity, doc, actor, ctx];
  return false;
}

export function newCase(args: { id: string; no: string; input: NewCaseInput; now: Date; county: CountyConfig; calendar: WorkCalendar }): CaseDoc {
  throw new Error('not implemented' + args.id);
}

export function newWhistle(args: { id: string; no: string; input: NewWhistleInput; actor: Actor; now: Date; county: CountyConfig; calendar: WorkCalendar }): ActionResult<WhistleDoc> {
  throw new Error('not implemented' + args.id);
}
