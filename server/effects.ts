// What follows from an action, inside the action's own transaction (shared by cases, whistles and the clock):
// - cascade effects are applied to the related documents through the transition table, each with its own
//   audit event. Rows reserved to the system run as SYSTEM_ACTOR; any other row runs as the person whose
//   action caused it, so role and jurisdiction still hold (a township attaches only its own cases);
// - notify effects are queued in `notifications` for the sender (real sending comes later);
// - deadline_met / deadline_missed need no write: the document's misses and the audit event record them.
import { SYSTEM_ACTOR, TRANSITIONS, type ActionOf, type Actor, type Doc, type Effect, type Entity, type NotifyTarget } from '../domain';
import type { CountyContext } from './county';
import type { Tx } from './db';

export const NOTIFICATIONS = 'notifications';

/** Who acted, when, under which county configuration — the same for everything one request changes. */
export interface Origin {
  actor: Actor;
  now: Date;
  env: CountyContext;
}

export interface NotificationDoc {
  to: NotifyTarget;
  /** Recipient unit (grid/community/township/dept/county code); '' for the reporters, whom the sender
   *  resolves from the entity (reporter + linked reporters, M-6). */
  unit: string;
  template: string;
  entity: Entity;
  entityId: string;
  at: string;
  status: 'pending';
}

/** Applies one action to one document inside `tx` and settles its effects (store.ts provides it). */
export type ApplyInTx = (tx: Tx, origin: Origin, target: { entity: Entity; id: string; action: string; input: unknown }, actor: Actor, depth: number) => Promise<unknown>;

const MAX_CASCADE_DEPTH = 3;

/** SYSTEM_ACTOR for rows only the system may run, else the person who caused the cascade. */
export function cascadeActor(entity: Entity, action: ActionOf<Entity>, cause: Actor): Actor {
  const rows = TRANSITIONS.filter((r) => r.entity === entity && r.action === action);
  return rows.length > 0 && rows.every((r) => r.roles === 'system') ? SYSTEM_ACTOR : cause;
}

function recipientUnit(effect: Extract<Effect, { kind: 'notify' }>, doc: Doc): string {
  if (effect.unit !== undefined) return effect.unit;
  switch (effect.to) {
    case 'whistle_office':
      return doc.county;
    case 'township':
      return doc.township;
    default:
      return '';
  }
}

export async function settleEffects(
  tx: Tx,
  origin: Origin,
  source: { entity: Entity; doc: Doc },
  effects: Effect[],
  apply: ApplyInTx,
  depth: number,
): Promise<void> {
  const at = origin.now.toISOString();
  for (const effect of effects) {
    if (effect.kind === 'cascade') {
      if (depth >= MAX_CASCADE_DEPTH) throw new Error(`cascade deeper than ${MAX_CASCADE_DEPTH} from ${source.entity} ${source.doc._id}`);
      const actor = cascadeActor(effect.entity, effect.action, origin.actor);
      for (const id of [...new Set(effect.ids)]) await apply(tx, origin, { entity: effect.entity, id, action: effect.action, input: effect.input }, actor, depth + 1);
    } else if (effect.kind === 'notify') {
      const data: NotificationDoc = {
        to: effect.to,
        unit: recipientUnit(effect, source.doc),
        template: effect.template,
        entity: source.entity,
        entityId: source.doc._id,
        at,
        status: 'pending',
      };
      await tx.collection(NOTIFICATIONS).add({ data });
    }
  }
}
