// Who may administer the county: the 吹哨办 or a system administrator bound to the county.
import { DomainError, hasRole, type Actor, type ActorRef } from '../../domain';
import { ADMIN_EDITOR_ROLES } from '../../domain/api/admin';

/** The caller as recorded in history and audit events; FORBIDDEN_ROLE for anyone else. */
export function requireEditor(actor: Actor, countyCode: string): ActorRef {
  const role = ADMIN_EDITOR_ROLES.find((r) => hasRole(actor, r, countyCode));
  if (!role) throw new DomainError('FORBIDDEN_ROLE', '只有县吹哨办或系统管理员可以管理配置和人员');
  return { personId: actor.personId, role, unit: countyCode };
}
